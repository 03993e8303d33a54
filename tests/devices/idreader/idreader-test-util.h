/* idreader-test-util.h — the real sam-serial driver against the real
 * simulator on a pty, built by the device manager as the kiosk builds it */
#pragma once

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "kiosk-device-driver.h"
#include "kiosk-device-manager.h"
#include "kiosk-sam-serial.h"

typedef struct
{
  KioskDeviceManager *manager;
  KioskDevice *device;
  KioskIdReader *reader;
  char *control;
} IdrRig;

/* Starts the simulator through the manager with `extra` config lines; the
 * device is opened. Timeouts are short so that fault tests stay fast. */
static inline void
idr_rig_start (IdrRig *rig, const char *extra)
{
  g_autofree char *text = g_strdup_printf ("[devices]\n"
                                           "idreader_driver=sam-serial\n"
                                           "idreader_simulator=true\n"
                                           "idreader_timeout_ms=150\n"
                                           "idreader_retries=2\n"
                                           "idreader_poll_ms=40\n"
                                           "idreader_reconnect_ms=50\n"
                                           "%s",
                                           extra ? extra : "");
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, &error));
  kiosk_sam_serial_register_driver ();
  rig->manager = kiosk_device_manager_new (keyfile, "devices", &error);
  g_assert_no_error (error);
  rig->device = g_object_ref (kiosk_device_manager_get_device (rig->manager, "idreader"));
  g_assert_nonnull (rig->device);
  rig->reader = KIOSK_ID_READER (rig->device);
  rig->control = kiosk_device_config_get_string (
      kiosk_device_manager_get_config (rig->manager, "idreader"), "sim_control", NULL);
  g_assert_nonnull (rig->control);
  g_assert_true (kiosk_device_open_sync (rig->device, NULL, &error));
  g_assert_no_error (error);
}

static inline void
idr_rig_stop (IdrRig *rig)
{
  g_autoptr (GError) error = NULL;

  if (kiosk_device_is_connected (rig->device))
    kiosk_device_close_sync (rig->device, NULL, &error);
  g_clear_object (&rig->device);
  g_clear_object (&rig->manager);
  g_clear_pointer (&rig->control, g_free);
}

/* Sends one control command and returns the simulator's answer line. */
static inline char *
idr_sim (IdrRig *rig, const char *command)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autoptr (GString) reply = g_string_new (NULL);
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);
  char c;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (strlen (rig->control), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, rig->control);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (write (fd, line, strlen (line)), ==, (int) strlen (line));
  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (reply, c);
  close (fd);
  return g_string_free (g_steal_pointer (&reply), FALSE);
}

/* A command that must succeed. */
static inline void
idr_sim_ok (IdrRig *rig, const char *command)
{
  g_autofree char *reply = idr_sim (rig, command);

  if (!g_str_has_prefix (reply, "OK"))
    g_error ("simulator refused “%s”: %s", command, reply);
}

/* Runs the main context for `ms` milliseconds. */
static inline void
idr_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Runs the main context until *flag is TRUE or `ms` pass; returns *flag. */
static inline gboolean
idr_spin_until (const gboolean *flag, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!*flag && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return *flag;
}

/* Waits until the simulator has sent every reply it owes (stale replies of
 * a slow phase), then a little longer for them to cross the pty. */
static inline void
idr_sim_drain (IdrRig *rig)
{
  for (int i = 0; i < 500; i++)
    {
      g_autofree char *state = idr_sim (rig, "STATE");

      if (strstr (state, " pending=0") != NULL)
        break;
      idr_spin (10);
    }
  idr_spin (30);
}

static inline guint64
idr_counter (IdrRig *rig, const char *name)
{
  g_autoptr (KioskDeviceStatus) status = kiosk_device_get_status (rig->device);

  return kiosk_device_status_get_counter (status, name);
}
