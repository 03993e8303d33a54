/* kioskctl-photo.c — `kioskctl photo check IN [--out OUT.jpg]`
 *
 * Runs the kiosk's own card-photo check (kiosk/photo) on an image file:
 * prints the verdict and the reasons, each with its Chinese instruction, and
 * what was measured; with --out writes the card-photo JPEG (358×441, 350 dpi,
 * within the configured size bounds) when the photo passes.
 *
 * Exit codes: 0 passed · 1 refused (the reasons say why) · 2 usage ·
 * 3 the file cannot be read or decoded, or the detector cannot be loaded.
 */
#define G_LOG_DOMAIN "kioskctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kioskctl.h"

#ifdef KIOSK_HAVE_PHOTO

#include "kiosk-photo.h"

static void
json_number (GString *out, const char *key, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "\"%s\":%s", key, g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

static void
json_box (GString *out, const char *key, const KioskPhotoBox *box)
{
  g_string_append_printf (out, "\"%s\":{", key);
  json_number (out, "x", box->x);
  g_string_append_c (out, ',');
  json_number (out, "y", box->y);
  g_string_append_c (out, ',');
  json_number (out, "width", box->width);
  g_string_append_c (out, ',');
  json_number (out, "height", box->height);
  g_string_append_c (out, '}');
}

static void
print_json (const char *in,
            const KioskPhotoCheck *check,
            const KioskPhotoSpec *spec,
            const char *out_path)
{
  g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"file\":");
  KioskPhotoReason reasons[KIOSK_PHOTO_N_REASONS];
  guint n = kiosk_photo_check_get_reasons (check, reasons), i;

  kioskctl_json_escape (out, in);
  g_string_append_printf (out, ",\"passed\":%s,\"reasons\":[", check->passed ? "true" : "false");
  for (i = 0; i < n; i++)
    {
      g_string_append (out, i ? ",{\"code\":" : "{\"code\":");
      kioskctl_json_escape (out, kiosk_photo_reason_code (reasons[i]));
      g_string_append (out, ",\"instruction\":");
      kioskctl_json_escape (out, kiosk_photo_reason_instruction (reasons[i]));
      g_string_append (out, ",\"description\":");
      kioskctl_json_escape (out, kiosk_photo_reason_description (reasons[i]));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"source\":{\"format\":");
  kioskctl_json_escape (out, check->source_format);
  g_string_append_printf (out, ",\"width\":%d,\"height\":%d},\"faces\":%d", check->source_width,
                          check->source_height, check->n_faces);
  if (check->n_faces == 1)
    {
      g_string_append_c (out, ',');
      json_box (out, "face", &check->face);
      g_string_append_printf (out, ",\"eyes_found\":%s,\"eyes\":[[",
                              check->eyes_found ? "true" : "false");
      g_string_append_printf (out, "%.1f,%.1f],[%.1f,%.1f]],", check->left_eye_x, check->left_eye_y,
                              check->right_eye_x, check->right_eye_y);
      json_number (out, "tilt_degrees", check->tilt_degrees);
      g_string_append_c (out, ',');
      json_number (out, "hair_top", check->hair_top);
      g_string_append_printf (out, ",\"hair_top_estimated\":%s,",
                              check->hair_top_estimated ? "true" : "false");
      json_box (out, "crop", &check->crop);
      g_string_append (out, ",\"card\":{");
      json_number (out, "face_width", check->face_width);
      g_string_append_c (out, ',');
      json_number (out, "hair_top", check->hair_top_px);
      g_string_append_c (out, ',');
      json_number (out, "eye_x", check->eye_x);
      g_string_append_c (out, ',');
      json_number (out, "eye_line_to_bottom", check->eye_line_to_bottom);
      g_string_append_c (out, ',');
      json_number (out, "face_luma", check->face_luma);
      g_string_append_c (out, ',');
      json_number (out, "background_luma", check->background_luma);
      g_string_append_c (out, ',');
      json_number (out, "background_chroma", check->background_chroma);
      g_string_append_c (out, ',');
      json_number (out, "background_spread", check->background_spread);
      g_string_append_c (out, ',');
      json_number (out, "sharpness", check->sharpness);
      g_string_append_c (out, '}');
    }
  if (out_path != NULL && check->jpeg_size > 0)
    {
      g_string_append (out, ",\"output\":{\"path\":");
      kioskctl_json_escape (out, out_path);
      g_string_append_printf (out,
                              ",\"width\":%d,\"height\":%d,\"dpi\":%d,\"quality\":%d,"
                              "\"bytes\":%zu}",
                              spec->width, spec->height, spec->density_dpi, check->jpeg_quality,
                              check->jpeg_size);
    }
  g_string_append (out, "}\n");
  fputs (out->str, stdout);
}

static void
print_text (const char *in,
            const KioskPhotoCheck *check,
            const KioskPhotoSpec *spec,
            const char *out_path)
{
  KioskPhotoReason reasons[KIOSK_PHOTO_N_REASONS];
  guint n = kiosk_photo_check_get_reasons (check, reasons), i;

  printf ("%s: %s %d×%d\n", in, check->source_format, check->source_width, check->source_height);
  printf ("verdict: %s\n", check->passed ? "合格 (pass)" : "不合格 (fail)");
  for (i = 0; i < n; i++)
    printf ("  %-24s %s (%s)\n", kiosk_photo_reason_code (reasons[i]),
            kiosk_photo_reason_instruction (reasons[i]),
            kiosk_photo_reason_description (reasons[i]));
  if (check->n_faces != 1)
    return;
  printf ("face: %.0f,%.0f %.0f×%.0f px; eyes%s (%.0f,%.0f) (%.0f,%.0f), tilt %.1f°; hair top "
          "y=%.0f%s\n",
          check->face.x, check->face.y, check->face.width, check->face.height,
          check->eyes_found ? "" : " (estimated)", check->left_eye_x, check->left_eye_y,
          check->right_eye_x, check->right_eye_y, check->tilt_degrees, check->hair_top,
          check->hair_top_estimated ? " (estimated)" : "");
  printf ("card: face width %.0f px (%d–%d), hair top %.0f px (%d–%d), eyes at x %.0f px "
          "(%d–%d), eye line %.0f px above the bottom (≥ %d)\n",
          check->face_width, spec->face_width_min, spec->face_width_max, check->hair_top_px,
          spec->hair_top_min, spec->hair_top_max, check->eye_x, spec->eye_x_min, spec->eye_x_max,
          check->eye_line_to_bottom, spec->eye_line_min_to_bottom);
  printf ("pixels: face luma %.0f, background luma %.0f chroma %.0f spread %.1f, sharpness "
          "%.0f\n",
          check->face_luma, check->background_luma, check->background_chroma,
          check->background_spread, check->sharpness);
  if (out_path != NULL && check->jpeg_size > 0)
    printf ("written: %s (%d×%d, %d dpi, quality %d, %zu bytes)\n", out_path, spec->width,
            spec->height, spec->density_dpi, check->jpeg_quality, check->jpeg_size);
}

int
kioskctl_photo (KioskctlContext *ctx, int argc, char **argv)
{
  const char *in = NULL, *out_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSpec) spec = NULL;
  g_autoptr (KioskPhoto) photo = NULL;
  g_autoptr (KioskPhotoSource) source = NULL;
  g_autoptr (KioskPhotoCheck) check = NULL;
  g_autoptr (KioskPhotoImage) card = NULL;
  g_autoptr (GBytes) jpeg = NULL;
  int i;

  if (argc < 2 || strcmp (argv[1], "check") != 0)
    return kioskctl_usage_error ("usage: kioskctl photo check IN [--out OUT.jpg]");
  for (i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], "--out") == 0 && i + 1 < argc)
        out_path = argv[++i];
      else if (g_str_has_prefix (argv[i], "--out="))
        out_path = argv[i] + strlen ("--out=");
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return kioskctl_usage_error (
            "unknown option “%s”; usage: kioskctl photo check IN [--out OUT.jpg]", argv[i]);
      else if (in == NULL)
        in = argv[i];
      else
        return kioskctl_usage_error ("usage: kioskctl photo check IN [--out OUT.jpg]");
    }
  if (in == NULL || (out_path != NULL && out_path[0] == '\0'))
    return kioskctl_usage_error ("usage: kioskctl photo check IN [--out OUT.jpg]");

  spec = kiosk_photo_spec_new_from_keyfile (ctx->config->keyfile, &error);
  if (spec == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s", error->message);
  photo = kiosk_photo_new (spec, &error);
  if (photo == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s", error->message);
  source = kiosk_photo_source_new_from_file (in, &error);
  if (source != NULL)
    check = kiosk_photo_check (photo, source, &card, &error);
  if (check == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s", error->message);

  if (check->passed && out_path != NULL)
    {
      jpeg = kiosk_photo_produce (photo, check, card, &error);
      if (jpeg == NULL && !g_error_matches (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_NOT_PASSED))
        return kioskctl_fail (ctx, KIOSKCTL_EXIT_INTERNAL, "%s", error->message);
      if (jpeg != NULL
          && !g_file_set_contents (out_path, g_bytes_get_data (jpeg, NULL),
                                   (gssize) g_bytes_get_size (jpeg), &error))
        return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "无法写入 (cannot write) %s: %s",
                              out_path, error->message);
    }

  if (ctx->json)
    print_json (in, check, spec, out_path);
  else
    print_text (in, check, spec, out_path);
  return check->passed ? KIOSKCTL_EXIT_OK : KIOSKCTL_EXIT_REFUSED;
}

#else /* !KIOSK_HAVE_PHOTO */

int
kioskctl_photo (KioskctlContext *ctx, int argc, char **argv)
{
  return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE,
                        "照片检查未编译 (built without kiosk/photo: needs libturbojpeg, libpng, "
                        "OpenCV and a C++ compiler)");
}

#endif
