/* bench-launch.c — start a GTK program on an X server and time its first frame
 *
 *   bench-launch [--app-id ID --page PAGE] [--settle-ms N] [--timeout-ms N]
 *                [--trace] -- PROGRAM [ARGS…]
 *
 * Measures a program from the outside, without any hook in it:
 *
 *   - before starting it, asks the X server (DAMAGE extension) to report
 *     every change of the screen's contents and (SubstructureNotify) every
 *     window mapped on the root;
 *   - forks and execs PROGRAM (in its own process group) and takes the time;
 *   - "mapped": its top-level window appears; "first frame": the first
 *     damage inside that window after it appeared — the first frame the
 *     program drew (a window with no background paints nothing by itself);
 *   - with --app-id and --page, "ready": the GApplication's stateful action
 *     `current-page` (org.gtk.Actions on the session bus) says PAGE, and
 *     "ready drawn": the first damage after that;
 *   - --settle-ms after ready (or after the first frame), its memory and open
 *     files from /proc: VmRSS, VmHWM, RssAnon/File/Shmem, Pss, threads, fds;
 *     and the same for the processes it started (simulators, daemons);
 *   - then SIGTERM, a wait, and SIGTERM to whatever is left of its process
 *     group.
 *
 * Prints one JSON object on stdout; exits 1 when the program did not get
 * that far (the JSON then has "error"). Needs DISPLAY (Xvfb) and, for
 * --app-id, DBUS_SESSION_BUS_ADDRESS.
 */
#define G_LOG_DOMAIN "bench-launch"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <gio/gio.h>
#include <glib-unix.h>

typedef struct
{
  Display *dpy;
  int damage_base;
  Window window; /* the program's top-level, once mapped */
  XRectangle area;
  gboolean trace;

  GPid pid;
  gint64 t0;
  gint64 mapped;
  gint64 first_frame;
  gint64 first_content; /* the first frame that is not one colour */
  gint64 ready;
  gint64 ready_drawn;
  gint64 last_damage;
  guint n_damage;

  GDBusConnection *bus;
  char *app_id;
  char *object_path;
  char *page;
  char *current_page;
  guint subscription;
  guint poll_id;
  guint timeout_id;

  gboolean exited;
  gboolean stopping;
  int status;
  char *error;
} Launch;

static double
ms_since (Launch *l, gint64 t)
{
  return t > 0 ? (t - l->t0) / 1000.0 : -1;
}

static void
fail (Launch *l, const char *message)
{
  if (l->error == NULL)
    l->error = g_strdup (message);
}

/* ---- X ---------------------------------------------------------------------- */

static gboolean
intersects (const XRectangle *a, int x, int y, int w, int h)
{
  return x < a->x + a->width && a->x < x + w && y < a->y + a->height && a->y < y + h;
}

/* Whether the window shows one colour only (a background, not a frame). */
static gboolean
window_is_uniform (Launch *l)
{
  XImage *image;
  unsigned long first;
  gboolean uniform = TRUE;

  image = XGetImage (l->dpy, l->window, 0, 0, l->area.width, l->area.height, AllPlanes, ZPixmap);
  if (image == NULL)
    return TRUE;
  first = XGetPixel (image, 0, 0);
  for (int y = 0; y < image->height && uniform; y += 2)
    for (int x = 0; x < image->width; x += 2)
      if (XGetPixel (image, x, y) != first)
        {
          uniform = FALSE;
          break;
        }
  XDestroyImage (image);
  return uniform;
}

static gboolean
on_x_events (int fd, GIOCondition condition, gpointer user_data)
{
  Launch *l = user_data;

  while (XPending (l->dpy))
    {
      XEvent ev;
      gint64 now;

      XNextEvent (l->dpy, &ev);
      now = g_get_monotonic_time ();
      if (ev.type == MapNotify && l->window == None && !ev.xmap.override_redirect)
        {
          XWindowAttributes attr;

          if (XGetWindowAttributes (l->dpy, ev.xmap.window, &attr))
            {
              l->window = ev.xmap.window;
              l->area = (XRectangle){ attr.x, attr.y, attr.width, attr.height };
              l->mapped = now;
              if (l->trace)
                g_printerr ("%8.1f ms map 0x%lx %dx%d+%d+%d\n", ms_since (l, now), l->window,
                            attr.width, attr.height, attr.x, attr.y);
            }
        }
      else if (ev.type == ConfigureNotify && ev.xconfigure.window == l->window)
        l->area = (XRectangle){ ev.xconfigure.x, ev.xconfigure.y, ev.xconfigure.width,
                                ev.xconfigure.height };
      else if (ev.type == l->damage_base + XDamageNotify)
        {
          XDamageNotifyEvent *d = (XDamageNotifyEvent *) &ev;

          if (l->trace)
            g_printerr ("%8.1f ms damage %dx%d+%d+%d%s\n", ms_since (l, now), d->area.width,
                        d->area.height, d->area.x, d->area.y,
                        l->window != None ? "" : " (before the window)");
          if (l->window == None
              || !intersects (&l->area, d->area.x, d->area.y, d->area.width, d->area.height))
            continue;
          l->n_damage++;
          l->last_damage = now;
          if (l->first_frame == 0)
            l->first_frame = now;
          if (l->first_content == 0 && !window_is_uniform (l))
            l->first_content = now;
          if (l->ready > 0 && l->ready_drawn == 0)
            l->ready_drawn = now;
        }
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the program's page, over D-Bus -------------------------------------------- */

static void
set_page (Launch *l, const char *page)
{
  gint64 now = g_get_monotonic_time ();

  if (g_strcmp0 (page, l->current_page) == 0)
    return;
  g_free (l->current_page);
  l->current_page = g_strdup (page);
  if (l->trace)
    g_printerr ("%8.1f ms current-page %s\n", ms_since (l, now), page);
  if (l->ready == 0 && g_strcmp0 (page, l->page) == 0)
    l->ready = now;
  else if (g_strcmp0 (page, "out-of-service") == 0)
    fail (l, "the program showed its out-of-service page");
}

static void
on_actions_changed (GDBusConnection *bus,
                    const char *sender,
                    const char *path,
                    const char *interface,
                    const char *signal,
                    GVariant *parameters,
                    gpointer user_data)
{
  Launch *l = user_data;
  g_autoptr (GVariant) states = NULL;
  const char *page = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(asa{sb}a{sv}a{s(bgav)})")))
    return;
  states = g_variant_get_child_value (parameters, 2);
  if (g_variant_lookup (states, "current-page", "&s", &page))
    set_page (l, page);
}

static void
on_described (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Launch *l = user_data;
  g_autoptr (GVariant) reply
      = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  g_autoptr (GVariant) state = NULL;
  g_autoptr (GVariant) value = NULL;

  if (reply == NULL)
    return; /* not on the bus yet */
  g_variant_get (reply, "((bg@av))", NULL, NULL, &state);
  if (g_variant_n_children (state) == 1)
    {
      value = g_variant_get_child_value (state, 0);
      value = g_variant_get_variant (value);
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        set_page (l, g_variant_get_string (value, NULL));
    }
}

/* The signal says every change; a slow poll covers the moment before the
 * program's name was on the bus. */
static gboolean
poll_page (gpointer user_data)
{
  Launch *l = user_data;

  if (l->ready > 0)
    {
      l->poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  g_dbus_connection_call (l->bus, l->app_id, l->object_path, "org.gtk.Actions", "Describe",
                          g_variant_new ("(s)", "current-page"), G_VARIANT_TYPE ("((bgav))"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000, NULL, on_described, l);
  return G_SOURCE_CONTINUE;
}

/* ---- /proc ------------------------------------------------------------------- */

typedef struct
{
  gint64 rss_kb, hwm_kb, anon_kb, file_kb, shmem_kb, pss_kb;
  gint64 threads, fds;
  double cpu_ms; /* user + system time so far */
} Usage;

static gint64
status_field (const char *text, const char *key)
{
  const char *at = strstr (text, key);

  return at != NULL ? g_ascii_strtoll (at + strlen (key), NULL, 10) : -1;
}

static gboolean
read_usage (GPid pid, Usage *u)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *rollup_path = g_strdup_printf ("/proc/%d/smaps_rollup", pid);
  g_autofree char *fd_path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autofree char *text = NULL;
  g_autofree char *rollup = NULL;
  GDir *dir;

  memset (u, 0, sizeof *u);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  u->rss_kb = status_field (text, "\nVmRSS:");
  u->hwm_kb = status_field (text, "\nVmHWM:");
  u->anon_kb = status_field (text, "\nRssAnon:");
  u->file_kb = status_field (text, "\nRssFile:");
  u->shmem_kb = status_field (text, "\nRssShmem:");
  u->threads = status_field (text, "\nThreads:");
  u->pss_kb = -1;
  if (g_file_get_contents (rollup_path, &rollup, NULL, NULL))
    u->pss_kb = status_field (rollup, "\nPss:");
  {
    g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
    g_autofree char *stat = NULL;
    const char *rest;

    if (g_file_get_contents (stat_path, &stat, NULL, NULL) && (rest = strrchr (stat, ')')) != NULL)
      {
        g_auto (GStrv) fields = g_strsplit (rest + 2, " ", 14);

        if (g_strv_length (fields) >= 13)
          u->cpu_ms = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
                      * 1000.0 / sysconf (_SC_CLK_TCK);
      }
  }
  u->fds = -1;
  dir = g_dir_open (fd_path, 0, NULL);
  if (dir != NULL)
    {
      u->fds = 0;
      while (g_dir_read_name (dir) != NULL)
        u->fds++;
      g_dir_close (dir);
    }
  return TRUE;
}

static GPid
parent_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  const char *close_paren;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  close_paren = strrchr (text, ')');
  if (close_paren == NULL)
    return 0;
  /* ") S PPID …" */
  return (GPid) g_ascii_strtoll (close_paren + 4, NULL, 10);
}

/* Every process below `root`: the simulators and daemons it started. */
static GArray *
descendants (GPid root)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (GPid));
  gboolean grew = TRUE;
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (GPid));
  GDir *dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      GPid pid = (GPid) g_ascii_strtoll (name, NULL, 10);
      if (pid > 0)
        g_array_append_val (all, pid);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_array_append_val (found, root);
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < all->len; i++)
        {
          GPid pid = g_array_index (all, GPid, i), parent;
          gboolean known = FALSE;

          for (guint j = 0; j < found->len && !known; j++)
            known = g_array_index (found, GPid, j) == pid;
          if (known)
            continue;
          parent = parent_of (pid);
          for (guint j = 0; j < found->len; j++)
            if (g_array_index (found, GPid, j) == parent)
              {
                g_array_append_val (found, pid);
                grew = TRUE;
                break;
              }
        }
    }
  g_array_remove_index (found, 0);
  return found;
}

static char *
process_name (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/comm", pid);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("?");
  return g_strstrip (text);
}

/* ---- the run ------------------------------------------------------------------ */

static void
on_child_exit (GPid pid, int status, gpointer user_data)
{
  Launch *l = user_data;

  l->exited = TRUE;
  l->status = status;
  g_spawn_close_pid (pid);
  if (!l->stopping)
    fail (l, "the program exited before it was measured");
}

static gboolean
on_timeout (gpointer user_data)
{
  Launch *l = user_data;

  l->timeout_id = 0;
  fail (l, l->first_content == 0 ? "no first frame before the timeout"
                                 : "the page was not reached before the timeout");
  return G_SOURCE_REMOVE;
}

static gboolean
on_settled (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
child_setup (gpointer user_data)
{
  setpgid (0, 0);
}

static void
stop_program (Launch *l)
{
  gint64 end;

  l->stopping = TRUE;
  if (l->exited)
    return;
  kill (l->pid, SIGTERM);
  end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!l->exited && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  if (!l->exited)
    {
      kill (l->pid, SIGKILL);
      while (!l->exited)
        g_main_context_iteration (NULL, TRUE);
    }
  /* What it started and did not stop (its own process group only). */
  kill (-l->pid, SIGTERM);
}

static int
bench_arg_int (const char *text, int low, int high)
{
  int value = atoi (text);

  return CLAMP (value, low, high);
}

int
main (int argc, char **argv)
{
  Launch l = { 0 };
  int settle_ms = 1500, timeout_ms = 60000;
  int i;
  char **command = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) json = g_string_new ("{");
  g_autoptr (GArray) children = NULL;
  guint settle_id = 0;
  gboolean settled = FALSE;
  Usage usage = { 0 }, at_ready = { 0 };
  gint64 ready_time = 0;
  gint64 measured = 0;
  int event_base, error_base;

  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          command = argv + i + 1;
          break;
        }
      else if (strcmp (argv[i], "--app-id") == 0 && i + 1 < argc)
        l.app_id = g_strdup (argv[++i]);
      else if (strcmp (argv[i], "--page") == 0 && i + 1 < argc)
        l.page = g_strdup (argv[++i]);
      else if (strcmp (argv[i], "--settle-ms") == 0 && i + 1 < argc)
        settle_ms = bench_arg_int (argv[++i], 0, 60000);
      else if (strcmp (argv[i], "--timeout-ms") == 0 && i + 1 < argc)
        timeout_ms = bench_arg_int (argv[++i], 100, 600000);
      else if (strcmp (argv[i], "--trace") == 0)
        l.trace = TRUE;
      else
        break;
    }
  if (command == NULL || command[0] == NULL || (l.app_id == NULL) != (l.page == NULL))
    {
      g_printerr ("usage: bench-launch [--app-id ID --page PAGE] [--settle-ms N] "
                  "[--timeout-ms N] [--trace] -- PROGRAM [ARGS…]\n");
      return 2;
    }

  l.dpy = XOpenDisplay (NULL);
  if (l.dpy == NULL)
    {
      g_printerr ("bench-launch: cannot open the X display (DISPLAY=%s)\n",
                  g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "");
      return 77;
    }
  if (!XDamageQueryExtension (l.dpy, &event_base, &error_base))
    {
      g_printerr ("bench-launch: the X server has no DAMAGE extension\n");
      return 77;
    }
  l.damage_base = event_base;
  XSelectInput (l.dpy, DefaultRootWindow (l.dpy), SubstructureNotifyMask);
  XDamageCreate (l.dpy, DefaultRootWindow (l.dpy), XDamageReportRawRectangles);
  XSync (l.dpy, False);

  g_unix_fd_add (ConnectionNumber (l.dpy), G_IO_IN, on_x_events, &l);
  if (l.app_id != NULL)
    {
      l.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      if (l.bus == NULL)
        {
          g_printerr ("bench-launch: session bus: %s\n", error->message);
          return 77;
        }
      l.object_path = g_strconcat ("/", l.app_id, NULL);
      g_strdelimit (l.object_path, ".", '/');
      g_strdelimit (l.object_path, "-", '_');
      l.subscription = g_dbus_connection_signal_subscribe (
          l.bus, NULL, "org.gtk.Actions", "Changed", l.object_path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
          on_actions_changed, &l, NULL);
    }

  l.t0 = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, command, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                      child_setup, NULL, &l.pid, &error))
    {
      g_printerr ("bench-launch: %s\n", error->message);
      return 1;
    }
  g_child_watch_add (l.pid, on_child_exit, &l);
  l.timeout_id = g_timeout_add (timeout_ms, on_timeout, &l);
  if (l.app_id != NULL)
    l.poll_id = g_timeout_add (200, poll_page, &l);

  /* Until the frame (and the page) is there, then `settle_ms` more. */
  while (l.error == NULL && !settled)
    {
      gint64 since = l.app_id != NULL ? l.ready : l.first_content;

      if (since > 0 && settle_id == 0 && !settled)
        {
          settle_id = g_timeout_add (settle_ms, on_settled, &settled);
          read_usage (l.pid, &at_ready);
          ready_time = g_get_monotonic_time ();
        }
      g_main_context_iteration (NULL, TRUE);
    }
  if (l.timeout_id != 0)
    g_source_remove (l.timeout_id);
  if (settle_id != 0 && !settled)
    g_source_remove (settle_id);
  if (l.poll_id != 0)
    g_source_remove (l.poll_id);

  if (l.error == NULL)
    {
      measured = g_get_monotonic_time ();
      read_usage (l.pid, &usage);
      children = descendants (l.pid);
    }

  g_string_append_printf (json,
                          "\"program\":\"%s\",\"mapped_ms\":%.1f,\"first_damage_ms\":%.1f,"
                          "\"first_frame_ms\":%.1f",
                          command[0], ms_since (&l, l.mapped), ms_since (&l, l.first_frame),
                          ms_since (&l, l.first_content));
  if (l.app_id != NULL)
    g_string_append_printf (json, ",\"page\":\"%s\",\"ready_ms\":%.1f,\"ready_drawn_ms\":%.1f",
                            l.page, ms_since (&l, l.ready), ms_since (&l, l.ready_drawn));
  g_string_append_printf (json, ",\"damage_events\":%u", l.n_damage);
  if (l.error == NULL)
    {
      gint64 child_rss = 0;

      g_string_append_printf (
          json,
          ",\"measured_ms\":%.1f,\"rss_kb\":%" G_GINT64_FORMAT ",\"hwm_kb\":%" G_GINT64_FORMAT
          ",\"rss_anon_kb\":%" G_GINT64_FORMAT ",\"rss_file_kb\":%" G_GINT64_FORMAT
          ",\"rss_shmem_kb\":%" G_GINT64_FORMAT ",\"pss_kb\":%" G_GINT64_FORMAT
          ",\"threads\":%" G_GINT64_FORMAT ",\"fds\":%" G_GINT64_FORMAT
          ",\"cpu_ms_to_ready\":%.0f,\"idle_cpu_percent\":%.1f,\"children\":[",
          ms_since (&l, measured), usage.rss_kb, usage.hwm_kb, usage.anon_kb, usage.file_kb,
          usage.shmem_kb, usage.pss_kb, usage.threads, usage.fds, at_ready.cpu_ms,
          measured > ready_time
              ? 100.0 * (usage.cpu_ms - at_ready.cpu_ms) * 1000.0 / (measured - ready_time)
              : 0.0);
      for (guint c = 0; c < children->len; c++)
        {
          GPid pid = g_array_index (children, GPid, c);
          g_autofree char *name = process_name (pid);
          Usage cu;

          if (!read_usage (pid, &cu))
            continue;
          child_rss += cu.rss_kb;
          g_string_append_printf (json, "%s{\"name\":\"%s\",\"rss_kb\":%" G_GINT64_FORMAT "}",
                                  json->str[json->len - 1] == '[' ? "" : ",", name, cu.rss_kb);
        }
      g_string_append_printf (json, "],\"children_rss_kb\":%" G_GINT64_FORMAT, child_rss);
    }
  else
    g_string_append_printf (json, ",\"error\":\"%s\"", l.error);

  stop_program (&l);
  g_string_append_printf (json, ",\"exit_status\":%d}", l.status);
  puts (json->str);

  if (l.subscription != 0)
    g_dbus_connection_signal_unsubscribe (l.bus, l.subscription);
  g_clear_object (&l.bus);
  XCloseDisplay (l.dpy);
  g_free (l.app_id);
  g_free (l.page);
  g_free (l.object_path);
  g_free (l.current_page);
  return l.error == NULL ? 0 : 1;
}
