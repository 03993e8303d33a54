/* kioskctl-chip.c — `kioskctl selftest chip`: find the chip reader, wait for a
 * card, read the social security application, show masked fields
 *
 * Builds only the chip device from the [devices] group (chip_driver,
 * chip_reader, chip_simulator … see docs/chip.md), so a self-test of the chip
 * reader never starts the other devices' simulators. Personal fields are
 * printed only through kiosk_mask(); the birth date and birthplace, which
 * the masked ID number already hides, are not printed at all.
 *
 * Exit codes (kioskctl.h): 0 the card was read · 1 the configuration names
 * no usable chip driver or a bad value · 3 no reader, no card within the wait,
 * or the card could not be read · 4 internal.
 */
#define G_LOG_DOMAIN "kioskctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-chip-reader.h"
#include "kiosk-chip-simulator.h"
#include "kiosk-device-config.h"
#include "kiosk-mask.h"
#include "kiosk-pcsc-chip-reader.h"
#include "kioskctl.h"

#define DEFAULT_WAIT_MS 20000

typedef struct
{
  const char *label; /* Chinese, then English */
  const char *key;   /* JSON */
  char *value;       /* already masked where personal */
} Field;

static char *
format_date (const char *yyyymmdd)
{
  if (yyyymmdd == NULL || strlen (yyyymmdd) != 8)
    return g_strdup ("");
  return g_strdup_printf ("%.4s-%.2s-%.2s", yyyymmdd, yyyymmdd + 4, yyyymmdd + 6);
}

static void
print_result (KioskctlContext *ctx, const char *reader, int protocol, const KioskSscCardData *data)
{
  Field fields[] = {
    { "卡号 card number", "card_number", kiosk_mask (KIOSK_MASK_CARD, data->card_number) },
    { "社会保障号码 social security number", "ssn", kiosk_mask (KIOSK_MASK_ID_NUMBER, data->ssn) },
    { "姓名 name", "name", kiosk_mask (KIOSK_MASK_NAME, data->name) },
    { "性别 sex", "sex", g_strdup (kiosk_ssc_sex_label (data->sex)) },
    { "民族 nation", "nation", g_strdup (data->nation) },
    { "规范版本 version", "spec_version",
      g_strdup_printf ("%s (%s)", data->spec_version,
                       kiosk_ssc_generation_label (data->spec_version)) },
    { "卡类别 card type", "card_type", g_strdup (data->card_type) },
    { "发卡机构 issuer", "issuer", g_strdup (data->issuer) },
    { "发卡日期 issued", "issue_date", format_date (data->issue_date) },
    { "有效期至 valid until", "expiry_date", format_date (data->expiry_date) },
  };
  const char *protocol_name = protocol == 0 ? "T=0" : protocol == 1 ? "T=1" : "?";

  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"reader\":");

      kioskctl_json_escape (out, reader);
      g_string_append (out, ",\"protocol\":");
      kioskctl_json_escape (out, protocol_name);
      g_string_append (out, ",\"card\":{");
      for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_string_append_printf (out, "%s\"%s\":", i > 0 ? "," : "", fields[i].key);
          kioskctl_json_escape (out, fields[i].value);
        }
      g_string_append (out, "}}\n");
      fputs (out->str, stdout);
    }
  else
    {
      printf ("读卡器 reader: %s (%s)\n", reader, protocol_name);
      for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
        printf ("%s: %s\n", fields[i].label, fields[i].value);
      printf ("芯片读取正常 (chip read ok)\n");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    g_free (fields[i].value);
}

static int
device_failure (KioskctlContext *ctx, const char *what, const GError *error)
{
  return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s: %s", what, error->message);
}

int
kioskctl_selftest_chip (KioskctlContext *ctx)
{
  GKeyFile *keyfile = ctx->config != NULL ? ctx->config->keyfile : NULL;
  g_autoptr (GKeyFile) empty = NULL;
  g_autoptr (KioskDeviceConfig) config = NULL;
  g_autoptr (KioskDevice) device = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  g_autoptr (GError) error = NULL;
  const char *driver;
  guint wait_ms = DEFAULT_WAIT_MS;
  int rc;

  if (keyfile == NULL)
    keyfile = empty = g_key_file_new ();
  config = kiosk_device_config_new (keyfile, "devices", "chip");
  driver = kiosk_device_config_get_driver (config);
  if (driver == NULL || g_str_equal (driver, "none"))
    return kioskctl_fail (
        ctx, KIOSKCTL_EXIT_REFUSED,
        "此终端未配置芯片读卡器 (no chip reader: [devices] chip_driver is none or not set)");
  if (!g_str_equal (driver, "pcsc"))
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED,
                          "[devices] chip_driver: “%s” is not a chip reader driver (pcsc)", driver);
  if (!kiosk_device_config_get_uint (config, "selftest_wait_ms", DEFAULT_WAIT_MS, 0, 600000,
                                     &wait_ms, &error))
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED, "%s", error->message);

  if (kiosk_device_config_get_simulator (config) && !kiosk_chip_simulator_start (config, &error))
    return device_failure (ctx, "芯片读卡器模拟器无法启动 (chip simulator)", error);

  device = kiosk_pcsc_chip_reader_new_from_config (config, &error);
  if (device == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED, "%s", error->message);

  if (!kiosk_device_open_sync (device, NULL, &error))
    {
      rc = device_failure (ctx, "找不到芯片读卡器 (chip reader not found)", error);
      goto out;
    }
  if (!ctx->json && !kiosk_device_is_card_present (device))
    fprintf (stderr, "请插入社会保障卡… (insert a social security card; waiting %u s)\n",
             wait_ms / 1000);
  if (!kiosk_chip_reader_wait_for_card_sync (KIOSK_CHIP_READER (device), MAX (wait_ms, 1), NULL,
                                             &error))
    {
      rc = device_failure (ctx, "读卡器中没有卡 (no card)", error);
      goto out;
    }
  data = kiosk_chip_reader_read_ssc_sync (KIOSK_CHIP_READER (device), NULL, &error);
  if (data == NULL)
    {
      rc = device_failure (ctx, "芯片读取失败 (reading the chip failed)", error);
      goto out;
    }
  print_result (ctx, kiosk_pcsc_chip_reader_get_reader_name (KIOSK_PCSC_CHIP_READER (device)),
                kiosk_pcsc_chip_reader_get_last_protocol (KIOSK_PCSC_CHIP_READER (device)), data);
  rc = KIOSKCTL_EXIT_OK;

out:
  g_clear_error (&error);
  kiosk_device_close_sync (device, NULL, NULL);
  /* The config's last unref stops the simulator's processes. */
  return rc;
}
