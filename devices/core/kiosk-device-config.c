/* kiosk-device-config.c — one device's slice of the [devices] group, and the
 * simulator processes started for it */
#define G_LOG_DOMAIN "kiosk-device"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>

#include "kiosk-device-config.h"
#include "kiosk-device-error.h"

#ifndef KIOSK_LIBEXECDIR
#define KIOSK_LIBEXECDIR "/usr/libexec/sskiosk"
#endif

struct _KioskDeviceConfig
{
  gatomicrefcount ref_count;
  GKeyFile *keyfile;
  char *group;
  char *name;
  char *driver;
  GHashTable *overrides; /* key (without prefix) → value */
  char *runtime_dir;
  GPtrArray *processes; /* GSubprocess, stopped in reverse order */
};

G_DEFINE_BOXED_TYPE (KioskDeviceConfig,
                     kiosk_device_config,
                     kiosk_device_config_ref,
                     kiosk_device_config_unref)

KioskDeviceConfig *
kiosk_device_config_new (GKeyFile *keyfile, const char *group, const char *name)
{
  KioskDeviceConfig *config;

  g_return_val_if_fail (keyfile != NULL && group != NULL && name != NULL, NULL);

  config = g_new0 (KioskDeviceConfig, 1);
  g_atomic_ref_count_init (&config->ref_count);
  config->keyfile = g_key_file_ref (keyfile);
  config->group = g_strdup (group);
  config->name = g_strdup (name);
  config->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->processes = g_ptr_array_new_with_free_func (g_object_unref);
  config->driver = kiosk_device_config_get_string (config, "driver", NULL);
  return config;
}

KioskDeviceConfig *
kiosk_device_config_ref (KioskDeviceConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_atomic_ref_count_inc (&config->ref_count);
  return config;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  if (dir != NULL)
    {
      while ((entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, entry, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

void
kiosk_device_config_unref (KioskDeviceConfig *config)
{
  g_return_if_fail (config != NULL);
  if (!g_atomic_ref_count_dec (&config->ref_count))
    return;

  kiosk_device_config_stop_simulators (config);
  if (config->runtime_dir != NULL)
    remove_tree (config->runtime_dir);
  g_ptr_array_unref (config->processes);
  g_hash_table_unref (config->overrides);
  g_key_file_unref (config->keyfile);
  g_free (config->group);
  g_free (config->name);
  g_free (config->driver);
  g_free (config->runtime_dir);
  g_free (config);
}

const char *
kiosk_device_config_get_name (KioskDeviceConfig *config)
{
  return config->name;
}

const char *
kiosk_device_config_get_group (KioskDeviceConfig *config)
{
  return config->group;
}

const char *
kiosk_device_config_get_driver (KioskDeviceConfig *config)
{
  return config->driver;
}

gboolean
kiosk_device_config_get_simulator (KioskDeviceConfig *config)
{
  gboolean value = FALSE;

  /* The manager validated the key already; a garbage value reads as FALSE. */
  kiosk_device_config_get_boolean (config, "simulator", FALSE, &value, NULL);
  return value;
}

char *
kiosk_device_config_describe_key (KioskDeviceConfig *config, const char *key)
{
  return g_strdup_printf ("[%s] %s_%s", config->group, config->name, key);
}

char *
kiosk_device_config_get_string (KioskDeviceConfig *config, const char *key, const char *fallback)
{
  const char *override;
  g_autofree char *full = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (config != NULL && key != NULL, NULL);

  override = g_hash_table_lookup (config->overrides, key);
  if (override != NULL)
    return g_strdup (override);

  full = g_strdup_printf ("%s_%s", config->name, key);
  /* GLib 2.74 sets its own GError twice (a GLib-WARNING) for a bad escape
   * followed by a lone backslash at the end: a value ending in one is not
   * read at all. Other bad escapes are kept as written (a path with a
   * backslash in it). */
  value = g_key_file_get_value (config->keyfile, config->group, full, NULL);
  if (value != NULL)
    {
      gsize len = strlen (value), run = 0;

      while (run < len && value[len - 1 - run] == '\\')
        run++;
      if (run % 2 == 1)
        return g_strdup (fallback);
    }
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (config->keyfile, config->group, full, NULL);
  if (value == NULL || *g_strstrip (value) == '\0')
    return g_strdup (fallback);
  return g_steal_pointer (&value);
}

gboolean
kiosk_device_config_get_uint (KioskDeviceConfig *config,
                              const char *key,
                              guint fallback,
                              guint min,
                              guint max,
                              guint *out,
                              GError **error)
{
  g_autofree char *text = kiosk_device_config_get_string (config, key, NULL);
  guint64 value;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_autofree char *where = kiosk_device_config_describe_key (config, key);

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: “%s” is not a whole number from %u to %u", where, text, min, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

gboolean
kiosk_device_config_get_boolean (
    KioskDeviceConfig *config, const char *key, gboolean fallback, gboolean *out, GError **error)
{
  g_autofree char *text = kiosk_device_config_get_string (config, key, NULL);

  if (text == NULL)
    *out = fallback;
  else if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1")
           || g_ascii_strcasecmp (text, "yes") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0")
           || g_ascii_strcasecmp (text, "no") == 0)
    *out = FALSE;
  else
    {
      g_autofree char *where = kiosk_device_config_describe_key (config, key);

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: “%s” is not true or false", where, text);
      return FALSE;
    }
  return TRUE;
}

void
kiosk_device_config_set_override (KioskDeviceConfig *config, const char *key, const char *value)
{
  g_return_if_fail (config != NULL && key != NULL);
  if (value == NULL)
    g_hash_table_remove (config->overrides, key);
  else
    g_hash_table_insert (config->overrides, g_strdup (key), g_strdup (value));
}

const char *
kiosk_device_config_get_runtime_dir (KioskDeviceConfig *config, GError **error)
{
  g_autofree char *tmpl = NULL;
  g_autoptr (GError) local = NULL;

  if (config->runtime_dir != NULL)
    return config->runtime_dir;

  tmpl = g_strdup_printf ("kiosk-%s-XXXXXX", config->name);
  config->runtime_dir = g_dir_make_tmp (tmpl, &local);
  if (config->runtime_dir == NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "Cannot create a runtime directory for %s: %s", config->name, local->message);
      return NULL;
    }
  return config->runtime_dir;
}

char *
kiosk_device_config_find_program (KioskDeviceConfig *config, const char *program)
{
  g_autofree char *configured = kiosk_device_config_get_string (config, "simulator_program", NULL);
  const char *simdir = g_getenv ("KIOSK_DEVICES_SIMDIR");

  if (configured != NULL)
    return g_steal_pointer (&configured);
  /* $KIOSK_DEVICES_SIMDIR is a search path (DIR:DIR…): a build tree keeps
   * each simulator beside its driver. */
  if (simdir != NULL && *simdir != '\0')
    {
      g_auto (GStrv) dirs = g_strsplit (simdir, G_SEARCHPATH_SEPARATOR_S, -1);
      char **dir;

      for (dir = dirs; *dir != NULL; dir++)
        {
          g_autofree char *path = NULL;

          if (**dir == '\0')
            continue;
          path = g_build_filename (*dir, program, NULL);
          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&path);
        }
      return g_build_filename (dirs[0] ? dirs[0] : ".", program, NULL);
    }
  return g_build_filename (KIOSK_LIBEXECDIR, program, NULL);
}

/* Reads one line from `fd` within `timeout_ms`; NULL on EOF or timeout. */
static char *
read_line_timeout (int fd, guint timeout_ms)
{
  g_autoptr (GString) line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      char c;
      ssize_t n;
      int r;

      if (left <= 0)
        return NULL;
      r = poll (&pfd, 1, (int) left);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return NULL;
      n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return NULL;
      if (c == '\n')
        return g_string_free (g_steal_pointer (&line), FALSE);
      if (line->len < 4096)
        g_string_append_c (line, c);
    }
}

/* A simulator must not outlive the program that started it: a program
 * killed (SIGKILL, a power cut in the tests) would leave it holding its port
 * and state file. The kernel sends SIGKILL when the thread that spawned it
 * ends — the main thread, which builds the devices. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

gboolean
kiosk_device_config_spawn_simulator (KioskDeviceConfig *config,
                                     const char *const *argv,
                                     guint timeout_ms,
                                     GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *line = NULL;
  GInputStream *out;

  g_return_val_if_fail (config != NULL && argv != NULL && argv[0] != NULL, FALSE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &local);
  if (process == NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "Cannot start the simulator %s for %s: %s", argv[0], config->name,
                   local->message);
      return FALSE;
    }

  out = g_subprocess_get_stdout_pipe (process);
  line = read_line_timeout (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out)), timeout_ms);
  if (line == NULL || !g_str_has_prefix (line, "READY"))
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "The simulator %s for %s did not become ready within %u ms", argv[0],
                   config->name, timeout_ms);
      return FALSE;
    }
  g_debug ("%s: simulator %s ready", config->name, argv[0]);
  kiosk_device_config_take_process (config, g_steal_pointer (&process));
  return TRUE;
}

void
kiosk_device_config_take_process (KioskDeviceConfig *config, GSubprocess *process)
{
  g_return_if_fail (config != NULL && G_IS_SUBPROCESS (process));
  g_ptr_array_add (config->processes, process);
}

static void
stop_process (GSubprocess *process)
{
  gint64 deadline;

  if (g_subprocess_get_identifier (process) == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  /* GLib's worker thread reaps the child; the identifier goes NULL then. */
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  if (g_subprocess_get_identifier (process) != NULL)
    g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

void
kiosk_device_config_stop_simulators (KioskDeviceConfig *config)
{
  g_return_if_fail (config != NULL);

  while (config->processes->len > 0)
    {
      guint last = config->processes->len - 1;

      stop_process (g_ptr_array_index (config->processes, last));
      g_ptr_array_remove_index (config->processes, last);
    }
}
