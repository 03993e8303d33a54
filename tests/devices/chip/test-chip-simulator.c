/* test-chip-simulator.c — `chip_simulator=true`: the device manager starts a
 * private pcscd with vpcd and kiosk-vcard, and the real driver reads the
 * demo card through them. A program of its own: libpcsclite reads
 * PCSCLITE_CSOCK_NAME once per process, and the simulator sets it. */
#include "config.h"

#include <unistd.h>

#include "chip-test-util.h"
#include "kiosk-chip-reader.h"
#include "kiosk-device-manager.h"
#include "kiosk-pcsc-chip-reader.h"

static void
test_manager_simulator (void)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  g_autoptr (KioskSscCardData) expected = chip_test_demo_data ();
  KioskDevice *device;
  KioskDeviceConfig *config;
  g_autofree char *control = NULL;

  if (geteuid () != 0
      || !g_file_test ("/usr/lib/pcsc/drivers/serial/libifdvpcd.so", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("needs root (a private pcscd) and vsmartcard-vpcd");
      return;
    }

  kiosk_pcsc_chip_reader_register_driver ();
  g_key_file_set_string (kf, "devices", "chip_driver", "pcsc");
  g_key_file_set_string (kf, "devices", "chip_simulator", "true");
  g_key_file_set_string (kf, "devices", "chip_simulator_program", KIOSK_VCARD_PATH);
  g_key_file_set_string (kf, "devices", "chip_sim_card", "demo");
  g_key_file_set_string (kf, "devices", "chip_poll_ms", "100");

  manager = kiosk_device_manager_new (kf, "devices", &error);
  g_assert_no_error (error);
  device = kiosk_device_manager_get_device (manager, "chip");
  g_assert_nonnull (device);
  g_assert_true (kiosk_device_get_simulated (device));
  config = kiosk_device_manager_get_config (manager, "chip");
  control = kiosk_device_config_get_string (config, "sim_control", NULL);
  g_assert_nonnull (control);
  g_assert_true (g_file_test (control, G_FILE_TEST_EXISTS));
  g_assert_nonnull (g_getenv ("PCSCLITE_CSOCK_NAME"));

  g_assert_true (kiosk_device_open_sync (device, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_pcsc_chip_reader_get_reader_name (KIOSK_PCSC_CHIP_READER (device)), ==,
                   "Virtual PCD 00 00");
  g_assert_true (
      kiosk_chip_reader_wait_for_card_sync (KIOSK_CHIP_READER (device), 5000, NULL, &error));
  g_assert_no_error (error);
  data = kiosk_chip_reader_read_ssc_sync (KIOSK_CHIP_READER (device), NULL, &error);
  g_assert_no_error (error);
  chip_test_assert_same_card (data, expected);

  /* Shutting the manager down stops pcscd and the card. */
  kiosk_device_manager_shutdown (manager);
  g_assert_false (g_file_test (control, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chip/simulator/manager", test_manager_simulator);
  return g_test_run ();
}
