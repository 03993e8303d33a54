/* fuzz-config.c — the configuration file (kiosk/common/kiosk-config.c) and every group's parser
 *
 * Bytes go through kiosk_config_load_data(), what the program and kioskctl
 * read at start, and — when the file parses as a key file — through
 * kiosk_config_check() (kiosk/technician), which runs the parser of every
 * group on its own: [kiosk] [store] [center] (KioskConfig), [policy],
 * [photo], [flows], [technician]. Nothing may crash, leak or trip a
 * sanitizer; a load either gives a configuration whose values respect their
 * limits or a KIOSK_CONFIG_ERROR, never both and never neither; a check
 * reports every known group.
 *
 * Seeds: tests/reliability/corpus/fuzz-config/ (the shipped simulator and
 * production configurations, the tests' own, broken ones).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

#include "kiosk-config-check.h"
#include "kiosk-config.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GPtrArray) checks = NULL;

  if (size > 64 * 1024)
    return 0;

  config = kiosk_config_load_data ((const char *) data, (gssize) size, &error);
  if ((config == NULL) == (error == NULL))
    abort ();
  if (config == NULL)
    {
      if (error->domain != KIOSK_CONFIG_ERROR || error->message[0] == '\0')
        abort ();
      return 0;
    }
  if (config->kiosk_id == NULL || config->state_dir == NULL || config->store_path == NULL
      || config->center_driver == NULL || config->retention_days < 1
      || config->retention_days > 3650 || config->keyfile == NULL)
    abort ();

  if (!g_key_file_load_from_data (keyfile, (const char *) data, size, G_KEY_FILE_NONE, NULL))
    return 0;
  checks = kiosk_config_check (keyfile, KIOSK_CONFIG_CHECK_DEFAULT);
  if (checks == NULL || checks->len == 0)
    abort ();
  for (guint i = 0; i < checks->len; i++)
    {
      KioskConfigGroupCheck *check = checks->pdata[i];

      if (check->group == NULL || (check->error != NULL && check->error[0] == '\0'))
        abort ();
    }
  if (kiosk_config_check_passed (checks) != (kiosk_config_check_first_error (checks) == NULL))
    abort ();
  return 0;
}
