/* kiosk-sam-serial-config.c — the sam-serial driver's configuration keys,
 * its simulator and its registration with the device manager */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include "kiosk-device-error.h"
#include "kiosk-device-manager.h"
#include "kiosk-sam-serial.h"

KioskDevice *
kiosk_sam_serial_new_from_config (KioskDeviceConfig *config, GError **error)
{
  KioskSamSerialOptions options;
  g_autofree char *port = kiosk_device_config_get_string (config, "port", NULL);
  g_autofree char *wlt_library = kiosk_device_config_get_string (config, "wlt_library", NULL);
  g_autofree char *wlt_symbol = kiosk_device_config_get_string (config, "wlt_symbol", NULL);
  guint wlt_arg;

  kiosk_sam_serial_options_init (&options);
  if (port == NULL)
    {
      g_autofree char *where = kiosk_device_config_describe_key (config, "port");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: not set (the serial line of the reader, e.g. /dev/ttyUSB0)", where);
      return NULL;
    }
  if (!kiosk_device_config_get_uint (config, "baud", 115200, 9600, 115200, &options.baud, error)
      || !kiosk_device_config_get_uint (config, "poll_ms", 1000, 20, 60000, &options.poll_ms, error)
      || !kiosk_device_config_get_uint (config, "timeout_ms", 1000, 20, 60000, &options.timeout_ms,
                                        error)
      || !kiosk_device_config_get_uint (config, "retries", 2, 0, 5, &options.retries, error)
      || !kiosk_device_config_get_uint (config, "reconnect_ms", 1000, 50, 60000,
                                        &options.reconnect_ms, error)
      || !kiosk_device_config_get_uint (config, "wlt_arg", 1, 0, G_MAXINT, &wlt_arg, error))
    return NULL;
  if (options.baud != 9600 && options.baud != 19200 && options.baud != 38400
      && options.baud != 57600 && options.baud != 115200)
    {
      g_autofree char *where = kiosk_device_config_describe_key (config, "baud");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: %u is not one of 9600, 19200, 38400, 57600, 115200", where, options.baud);
      return NULL;
    }
  options.wlt_library = wlt_library;
  options.wlt_symbol = wlt_symbol;
  options.wlt_arg = (int) wlt_arg;
  return kiosk_sam_serial_new (kiosk_device_config_get_name (config), port,
                               kiosk_device_config_get_simulator (config), &options);
}

gboolean
kiosk_sam_serial_start_simulator (KioskDeviceConfig *config, GError **error)
{
  const char *dir = kiosk_device_config_get_runtime_dir (config, error);
  g_autofree char *program = kiosk_device_config_find_program (config, "kiosk-idreader-sim");
  g_autofree char *link = NULL;
  g_autofree char *control = NULL;
  g_autofree char *card = kiosk_device_config_get_string (config, "sim_card", NULL);
  g_autofree char *people = kiosk_device_config_get_string (config, "sim_people", NULL);
  g_autofree char *baud_text = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  guint baud;

  if (dir == NULL)
    return FALSE;
  if (!kiosk_device_config_get_uint (config, "baud", 115200, 9600, 115200, &baud, error))
    return FALSE;
  link = g_build_filename (dir, "ttyIDR", NULL);
  control = g_build_filename (dir, "control", NULL);
  baud_text = g_strdup_printf ("%u", baud);

  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "--link");
  g_ptr_array_add (argv, link);
  g_ptr_array_add (argv, (char *) "--control");
  g_ptr_array_add (argv, control);
  g_ptr_array_add (argv, (char *) "--baud");
  g_ptr_array_add (argv, baud_text);
  if (card != NULL)
    {
      g_ptr_array_add (argv, (char *) "--card");
      g_ptr_array_add (argv, card);
    }
  if (people != NULL)
    {
      g_ptr_array_add (argv, (char *) "--people");
      g_ptr_array_add (argv, people);
    }
  g_ptr_array_add (argv, NULL);

  if (!kiosk_device_config_spawn_simulator (config, (const char *const *) argv->pdata, 5000, error))
    return FALSE;
  kiosk_device_config_set_override (config, "port", link);
  kiosk_device_config_set_override (config, "sim_control", control);
  return TRUE;
}

static const KioskDeviceDriverInfo sam_serial_info = {
  .name = "idreader",
  .driver = "sam-serial",
  .kind = KIOSK_DEVICE_KIND_ID_READER,
  .create = kiosk_sam_serial_new_from_config,
  .start_simulator = kiosk_sam_serial_start_simulator,
  .description = "ID-card reader: SAM module on a serial line (AA AA AA 96 69 frames)",
};

void
kiosk_sam_serial_register_driver (void)
{
  kiosk_device_manager_register_driver (&sam_serial_info);
}
