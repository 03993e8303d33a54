/* bench-photo.c — the card-photo pipeline against vipsthumbnail and ImageMagick
 *
 *   bench-photo [--runs N] [--json FILE] [--kioskctl PATH] [INPUT.jpg]
 *
 * From one 5 MP camera JPEG (2592×1944; synthesised from a fixture with
 * sensor-like noise when no INPUT is given) to a 358×441 JPEG, side by side
 * in one run, interleaved so that a busy machine slows every contender alike:
 *
 *   - the kiosk's pipeline in-process, as the kiosk runs it (detector loaded
 *     once): decode, face/eye detection, hair top, crop, checks, JPEG with
 *     the quality search and the 350 dpi density;
 *   - the same through `kioskctl photo check --out` (a process: start-up and
 *     loading the cascades included);
 *   - vipsthumbnail and ImageMagick's convert doing only the resize, centre
 *     crop and encode (no detection, no checks);
 *   - the kiosk's own code doing only what they do, like for like: decode at
 *     the DCT scale it needs, resample the centre crop, JPEG at quality 90
 *     and 350 dpi (kiosk_photo_source_render, kiosk_photo_image_encode_jpeg).
 *
 * Prints a Markdown table (median and minimum wall and CPU milliseconds) and
 * the same as JSON; the goal is the pipeline ≥ 5× faster than vipsthumbnail.
 */
#define G_LOG_DOMAIN "bench-photo"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kiosk-photo.h"

typedef struct
{
  const char *name;
  const char *what;
  const char **argv; /* NULL: the in-process pipeline */
  gboolean available;
  GArray *wall_ms;
  GArray *cpu_ms;
} Contender;

static double
cpu_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_autoptr (GArray) sorted = g_array_copy (values);

  if (sorted->len == 0)
    return 0;
  g_array_sort (sorted, cmp_double);
  if (sorted->len % 2)
    return g_array_index (sorted, double, sorted->len / 2);
  return (g_array_index (sorted, double, sorted->len / 2 - 1)
          + g_array_index (sorted, double, sorted->len / 2))
         / 2;
}

static double
minimum (GArray *values)
{
  double m = G_MAXDOUBLE;
  guint i;

  for (i = 0; i < values->len; i++)
    m = MIN (m, g_array_index (values, double, i));
  return values->len ? m : 0;
}

/* Runs argv with stdout/stderr to /dev/null; wall and child CPU time.
 * posix_spawn, not fork: a fork() marks every page of this process
 * copy-on-write, and the in-process pipeline's next run then takes a page
 * fault on each page it writes — about 1,900 faults, twice its CPU time
 * (docs/performance.md). */
static gboolean
run_process (const char **argv, double *wall_ms, double *cpu_ms)
{
  gint64 start = g_get_monotonic_time ();
  posix_spawn_file_actions_t actions;
  struct rusage ru;
  int status = 0;
  pid_t pid;
  int rc;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
  rc = posix_spawnp (&pid, argv[0], &actions, NULL, (char *const *) argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  if (rc != 0)
    return FALSE;
  if (wait4 (pid, &status, 0, &ru) < 0)
    return FALSE;
  *wall_ms = (g_get_monotonic_time () - start) / 1e3;
  *cpu_ms = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3
            + ru.ru_stime.tv_usec / 1e3;
  return WIFEXITED (status) && WEXITSTATUS (status) <= 1;
}

static gboolean
run_pipeline (KioskPhoto *photo, const char *in, const char *out, double *wall_ms, double *cpu_ms)
{
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_now_ms ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_file (in, &error);
  g_autoptr (KioskPhotoCheck) check = NULL;
  g_autoptr (KioskPhotoImage) card = NULL;
  g_autoptr (GBytes) jpeg = NULL;

  if (source != NULL)
    check = kiosk_photo_check (photo, source, &card, &error);
  if (check != NULL && check->passed)
    jpeg = kiosk_photo_produce (photo, check, card, &error);
  if (jpeg == NULL
      || !g_file_set_contents (out, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error))
    {
      g_printerr ("bench-photo: the pipeline failed: %s\n",
                  error ? error->message : kiosk_photo_check_get_instruction (check));
      return FALSE;
    }
  *wall_ms = (g_get_monotonic_time () - start) / 1e3;
  *cpu_ms = cpu_now_ms () - cpu;
  return TRUE;
}

/* Like for like with the references: the centre crop of the card's aspect
 * resampled to 358×441 and encoded at quality 90, 350 dpi — no detection, no
 * checks, no size search. */
static gboolean
run_resize_encode (const char *in, const char *out, double *wall_ms, double *cpu_ms)
{
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_now_ms ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_file (in, &error);
  g_autoptr (KioskPhotoImage) card = NULL;
  g_autoptr (GBytes) jpeg = NULL;

  if (source != NULL)
    {
      double w = kiosk_photo_source_get_width (source);
      double h = kiosk_photo_source_get_height (source);
      double crop_w = MIN (w, h * 358.0 / 441.0);
      double crop_h = crop_w * 441.0 / 358.0;

      card = kiosk_photo_source_render (source, (w - crop_w) / 2, (h - crop_h) / 2, crop_w, crop_h,
                                        358, 441, &error);
    }
  if (card != NULL)
    jpeg = kiosk_photo_image_encode_jpeg (card, 90, 350, &error);
  if (jpeg == NULL
      || !g_file_set_contents (out, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error))
    {
      g_printerr ("bench-photo: resize and encode failed: %s\n", error->message);
      return FALSE;
    }
  *wall_ms = (g_get_monotonic_time () - start) / 1e3;
  *cpu_ms = cpu_now_ms () - cpu;
  return TRUE;
}

/* A 5 MP camera-like JPEG: a fixture portrait enlarged onto a white 4:3
 * frame, with ±6 levels of deterministic noise (a sensor's grain, which is
 * what makes a real camera JPEG large and slow to decode). */
static gboolean
make_input (const char *fixture, const char *out, GError **error)
{
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_file (fixture, error);
  g_autoptr (KioskPhotoImage) person = NULL;
  g_autoptr (KioskPhotoImage) frame = kiosk_photo_image_new (2592, 1944, 3);
  g_autoptr (GBytes) jpeg = NULL;
  guint32 state = 2463534242u;
  int pw, y, x0;

  if (source == NULL)
    return FALSE;
  pw = kiosk_photo_source_get_width (source) * 1944 / kiosk_photo_source_get_height (source);
  person = kiosk_photo_source_render (source, 0, 0, kiosk_photo_source_get_width (source),
                                      kiosk_photo_source_get_height (source), pw, 1944, error);
  if (person == NULL)
    return FALSE;
  memset (frame->pixels, 255, (gsize) frame->stride * frame->height);
  x0 = (2592 - pw) / 2;
  for (y = 0; y < 1944; y++)
    memcpy (frame->pixels + (gsize) y * frame->stride + x0 * 3,
            person->pixels + (gsize) y * person->stride, (gsize) pw * 3);
  for (y = 0; y < frame->height * frame->stride; y++)
    {
      int v;

      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      v = frame->pixels[y] + (int) (state % 13) - 6;
      frame->pixels[y] = (guint8) CLAMP (v, 0, 255);
    }
  jpeg = kiosk_photo_image_encode_jpeg (frame, 92, 0, error);
  return jpeg != NULL
         && g_file_set_contents (out, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                 error);
}

static char *
find_tool (const char *const *names)
{
  for (; *names; names++)
    {
      char *path = g_find_program_in_path (*names);
      if (path != NULL)
        return path;
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  int runs = 9;
  g_autofree char *json_path = NULL;
  g_autofree char *kioskctl = NULL;
  g_autofree char *input = NULL;
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhoto) photo = NULL;
  g_autoptr (GString) md = g_string_new ("");
  g_autoptr (GString) json = g_string_new ("");
  const char *vips_names[] = { "vipsthumbnail", NULL };
  /* The real ImageMagick 6, not a wrapper that may stand in for `convert`. */
  const char *im_names[] = { "convert-im6.q16", "magick", "convert", NULL };
  g_autofree char *vips = find_tool (vips_names);
  g_autofree char *im = find_tool (im_names);
  g_autofree char *out_ours = NULL, *out_same = NULL, *out_ctl = NULL, *out_vips = NULL,
                  *out_im = NULL;
  g_autofree char *vips_out_arg = NULL;
  Contender c[6];
  double vips_wall = 0, vips_cpu = 0;
  int i, r, k;

  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        {
          runs = atoi (argv[++i]);
          runs = CLAMP (runs, 1, 1000);
        }
      else if (strcmp (argv[i], "--json") == 0 && i + 1 < argc)
        json_path = g_strdup (argv[++i]);
      else if (strcmp (argv[i], "--kioskctl") == 0 && i + 1 < argc)
        kioskctl = g_strdup (argv[++i]);
      else if (argv[i][0] != '-' && input == NULL)
        input = g_strdup (argv[i]);
      else
        {
          g_printerr (
              "usage: bench-photo [--runs N] [--json FILE] [--kioskctl PATH] [INPUT.jpg]\n");
          return 2;
        }
    }

  dir = g_dir_make_tmp ("bench-photo-XXXXXX", &error);
  g_assert_no_error (error);
  if (input == NULL)
    {
      g_autofree char *fixture = g_build_filename (BENCH_PHOTO_FIXTURES, "pass-large.jpg", NULL);

      input = g_build_filename (dir, "camera-5mp.jpg", NULL);
      if (!make_input (fixture, input, &error))
        {
          g_printerr ("bench-photo: cannot make the input: %s\n", error->message);
          return 1;
        }
    }
  out_ours = g_build_filename (dir, "ours.jpg", NULL);
  out_same = g_build_filename (dir, "same.jpg", NULL);
  out_ctl = g_build_filename (dir, "kioskctl.jpg", NULL);
  out_vips = g_build_filename (dir, "vips.jpg", NULL);
  out_im = g_build_filename (dir, "im.jpg", NULL);
  vips_out_arg = g_strdup_printf ("%s[Q=90]", out_vips);

  photo = kiosk_photo_new (NULL, &error);
  if (photo == NULL)
    {
      g_printerr ("bench-photo: %s\n", error->message);
      return 77;
    }

  c[0] = (Contender){ "sskiosk pipeline", "in-process: detect, check, crop, JPEG in bounds", NULL,
                      TRUE };
  c[1] = (Contender){
    "kioskctl photo check", "process: start, load cascades, same pipeline",
    kioskctl ? (const char *[]){ kioskctl, "photo", "check", input, "--out", out_ctl, NULL } : NULL,
    kioskctl != NULL
  };
  c[2] = (Contender){ "vipsthumbnail", "process: shrink-on-load, resize, centre crop, encode",
                      vips ? (const char *[]){ vips, input, "--size", "358x441", "--smartcrop",
                                               "centre", "-o", vips_out_arg, NULL }
                           : NULL,
                      vips != NULL };
  c[3] = (Contender){ "ImageMagick convert", "process: decode, resize, centre crop, encode",
                      im ? (const char *[]){ im, input, "-resize", "358x441^", "-gravity", "center",
                                             "-extent", "358x441", "-quality", "90", "-density",
                                             "350", out_im, NULL }
                         : NULL,
                      im != NULL };
  c[4] = (Contender){ "sskiosk resize + encode",
                      "in-process, like for like: DCT-scaled decode, centre crop, resample, encode",
                      NULL, TRUE };
  c[5] = (Contender){ "sskiosk pipeline, back to back",
                      "in-process, runs in a row: warm caches, as per camera frame", NULL, TRUE };
  for (k = 0; k < 6; k++)
    {
      c[k].wall_ms = g_array_new (FALSE, FALSE, sizeof (double));
      c[k].cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
    }

  /* One warm-up round (page cache, lazy binding), then interleaved runs. */
  for (r = -1; r < runs; r++)
    for (k = 0; k < 5; k++)
      {
        double wall = 0, cpu = 0;
        gboolean ok;

        if (!c[k].available)
          continue;
        ok = k == 0   ? run_pipeline (photo, input, out_ours, &wall, &cpu)
             : k == 4 ? run_resize_encode (input, out_same, &wall, &cpu)
                      : run_process (c[k].argv, &wall, &cpu);
        if (!ok)
          {
            g_printerr ("bench-photo: %s failed; left out\n", c[k].name);
            c[k].available = FALSE;
            continue;
          }
        if (r >= 0)
          {
            g_array_append_val (c[k].wall_ms, wall);
            g_array_append_val (c[k].cpu_ms, cpu);
          }
      }

  /* The kiosk's steady state: the same pipeline, runs in a row. */
  for (r = -1; r < runs && c[0].available; r++)
    {
      double wall = 0, cpu = 0;

      if (!run_pipeline (photo, input, out_ours, &wall, &cpu))
        break;
      if (r >= 0)
        {
          g_array_append_val (c[5].wall_ms, wall);
          g_array_append_val (c[5].cpu_ms, cpu);
        }
    }
  c[5].available = c[0].available && c[5].wall_ms->len > 0;

  if (c[2].available)
    {
      vips_wall = median (c[2].wall_ms);
      vips_cpu = median (c[2].cpu_ms);
    }
  {
    g_autoptr (GMappedFile) f = g_mapped_file_new (input, FALSE, NULL);
    g_string_append_printf (md,
                            "Input: %s (2592×1944 JPEG, %zu bytes) → 358×441 JPEG; %d runs, "
                            "median (min) ms\n\n",
                            input, f ? g_mapped_file_get_length (f) : 0, runs);
  }
  g_string_append (md, "| contender | what it does | wall ms | CPU ms | vs vipsthumbnail (wall) "
                       "| vs vipsthumbnail (CPU) |\n"
                       "|---|---|---:|---:|---:|---:|\n");
  g_string_append_printf (json, "{\"input\":\"%s\",\"runs\":%d,\"results\":[", input, runs);
  for (k = 0; k < 6; k++)
    {
      double w, cp;

      if (!c[k].available)
        {
          g_string_append_printf (md, "| %s | not available | – | – | – | – |\n", c[k].name);
          continue;
        }
      w = median (c[k].wall_ms);
      cp = median (c[k].cpu_ms);
      g_string_append_printf (md, "| %s | %s | %.1f (%.1f) | %.1f (%.1f) | %.2f× | %.2f× |\n",
                              c[k].name, c[k].what, w, minimum (c[k].wall_ms), cp,
                              minimum (c[k].cpu_ms), vips_wall > 0 ? vips_wall / w : 0,
                              vips_cpu > 0 ? vips_cpu / cp : 0);
      g_string_append_printf (json,
                              "%s{\"name\":\"%s\",\"wall_ms_median\":%.3f,\"wall_ms_min\":%.3f,"
                              "\"cpu_ms_median\":%.3f,\"cpu_ms_min\":%.3f,\"speedup_vs_vips_wall\":"
                              "%.3f,\"speedup_vs_vips_cpu\":%.3f}",
                              json->str[json->len - 1] == '[' ? "" : ",", c[k].name, w,
                              minimum (c[k].wall_ms), cp, minimum (c[k].cpu_ms),
                              vips_wall > 0 ? vips_wall / w : 0, vips_cpu > 0 ? vips_cpu / cp : 0);
    }
  g_string_append (json, "]");
  if (c[2].available && c[0].available)
    {
      double cold = vips_wall / median (c[0].wall_ms);
      double warm = c[5].available ? vips_wall / median (c[5].wall_ms) : 0;

      g_string_append_printf (md,
                              "\nGoal: the pipeline ≥ 5× faster than vipsthumbnail (wall). "
                              "Interleaved with the other tools: %.1f× — %s. Back to back, as "
                              "the kiosk runs it per frame: %.1f× — %s.\n",
                              cold, cold >= 5.0 ? "met" : "NOT met", warm,
                              warm >= 5.0 ? "met" : "NOT met");
      if (c[4].available)
        {
          double same = vips_wall / median (c[4].wall_ms);

          g_string_append_printf (md,
                                  "Like for like (the kiosk's code doing only what the "
                                  "references do): %.1f× — %s.\n",
                                  same, same >= 5.0 ? "met" : "NOT met");
          g_string_append_printf (json, ",\"speedup_like_for_like\":%.3f", same);
        }
      g_string_append_printf (json,
                              ",\"goal_speedup\":5,\"speedup_interleaved\":%.3f,"
                              "\"speedup_back_to_back\":%.3f,\"goal_met_interleaved\":%s,"
                              "\"goal_met_back_to_back\":%s",
                              cold, warm, cold >= 5.0 ? "true" : "false",
                              warm >= 5.0 ? "true" : "false");
    }
  g_string_append (json, "}\n");

  fputs (md->str, stdout);
  fputs ("\n", stdout);
  fputs (json->str, stdout);
  if (json_path != NULL && !g_file_set_contents (json_path, json->str, -1, &error))
    g_printerr ("bench-photo: %s\n", error->message);

  for (k = 0; k < 6; k++)
    {
      g_array_unref (c[k].wall_ms);
      g_array_unref (c[k].cpu_ms);
    }
  g_remove (out_ours);
  g_remove (out_same);
  g_remove (out_ctl);
  g_remove (out_vips);
  g_remove (out_im);
  if (g_str_has_prefix (input, dir))
    g_remove (input);
  g_rmdir (dir);
  return 0;
}
