/* kioskctl-devices.c — `kioskctl devices` (status of every configured
 * device) and `kioskctl selftest idreader|chip`
 *
 * Both build the devices from [devices] exactly as the kiosk does (with the
 * simulators the configuration asks for), open them, and shut everything
 * down before returning. Personal data read by a self-test is shown masked
 * only (kiosk_mask) and wiped afterwards.
 */
#define G_LOG_DOMAIN "kioskctl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "kiosk-device-driver.h"
#include "kiosk-device-manager.h"
#include "kiosk-id-reader.h"
#include "kiosk-mask.h"
#include "kiosk-devices-builtin.h"
#include "kiosk-sam-serial.h"
#include "kioskctl.h"

/* Written by the chip reader's engineer in kioskctl-chip.c, which the build
 * adds when it exists: weak, so that this file links without it. */
#pragma weak kioskctl_selftest_chip

#define OPEN_TIMEOUT_MS 15000

static KioskDeviceManager *
build_manager (KioskctlContext *ctx, int *exit_code)
{
  g_autoptr (GError) error = NULL;
  KioskDeviceManager *manager;

  kiosk_devices_register_builtin ();
  manager = kiosk_device_manager_new (ctx->config->keyfile, "devices", &error);
  if (manager == NULL)
    *exit_code
        = kioskctl_fail (ctx,
                         g_error_matches (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG)
                             ? KIOSKCTL_EXIT_REFUSED
                             : KIOSKCTL_EXIT_UNAVAILABLE,
                         "%s", error->message);
  return manager;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Opens every device, giving up after OPEN_TIMEOUT_MS; failures stay in each
 * device's status record. */
static void
open_all (KioskDeviceManager *manager)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  guint timeout = g_timeout_add (OPEN_TIMEOUT_MS, cancel_cb, cancellable);

  kiosk_device_manager_open_all_async (manager, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  kiosk_device_manager_open_all_finish (manager, result, NULL);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout);
}

/* ---- kioskctl devices ------------------------------------------------------ */

static void
json_string_member (GString *out, const char *key, const char *value, gboolean comma)
{
  kioskctl_json_escape (out, key);
  g_string_append_c (out, ':');
  if (value == NULL)
    g_string_append (out, "null");
  else
    kioskctl_json_escape (out, value);
  if (comma)
    g_string_append_c (out, ',');
}

static void
print_json (GPtrArray *statuses, gboolean all_ok)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_string_append_printf (out, "{\"ok\":%s,\"devices\":[", all_ok ? "true" : "false");
  for (guint i = 0; i < statuses->len; i++)
    {
      const KioskDeviceStatus *s = g_ptr_array_index (statuses, i);

      g_string_append (out, i ? ",{" : "{");
      json_string_member (out, "name", s->name, TRUE);
      json_string_member (out, "kind", s->kind, TRUE);
      json_string_member (out, "driver", s->driver, TRUE);
      json_string_member (out, "model", s->model, TRUE);
      json_string_member (out, "identity", s->identity, TRUE);
      json_string_member (out, "port", s->port, TRUE);
      g_string_append_printf (out, "\"simulated\":%s,\"connected\":%s,\"card_present\":%s,",
                              s->simulated ? "true" : "false", s->connected ? "true" : "false",
                              s->card_present ? "true" : "false");
      json_string_member (out, "last_error", s->last_error, TRUE);
      json_string_member (out, "last_error_code", s->last_error_code, TRUE);
      g_string_append (out, "\"counters\":{");
      for (guint j = 0; j < s->counters->len; j++)
        {
          const KioskDeviceCounter *c = &g_array_index (s->counters, KioskDeviceCounter, j);

          if (j > 0)
            g_string_append_c (out, ',');
          kioskctl_json_escape (out, c->name);
          g_string_append_printf (out, ":%" G_GUINT64_FORMAT, c->value);
        }
      g_string_append (out, "}}");
    }
  g_string_append (out, "]}\n");
  fputs (out->str, stdout);
}

static void
print_table (GPtrArray *statuses)
{
  if (statuses->len == 0)
    {
      printf ("没有配置设备 (no devices in [devices])\n");
      return;
    }
  printf ("%-10s %-12s %-11s %-9s %-5s %s\n", "NAME", "KIND", "DRIVER", "STATE", "CARD",
          "IDENTITY / PORT");
  for (guint i = 0; i < statuses->len; i++)
    {
      const KioskDeviceStatus *s = g_ptr_array_index (statuses, i);
      g_autoptr (GString) counters = g_string_new (NULL);

      printf ("%-10s %-12s %-11s %-9s %-5s %s%s\n", s->name, s->kind, s->driver,
              s->connected ? "connected" : "OFFLINE", s->card_present ? "yes" : "-",
              s->identity ? s->identity : (s->port ? s->port : "-"),
              s->simulated ? " (simulator)" : "");
      if (s->model != NULL)
        printf ("           model: %s\n", s->model);
      if (s->last_error != NULL)
        printf ("           last error [%s]: %s\n", s->last_error_code, s->last_error);
      for (guint j = 0; j < s->counters->len; j++)
        {
          const KioskDeviceCounter *c = &g_array_index (s->counters, KioskDeviceCounter, j);

          g_string_append_printf (counters, "%s%s=%" G_GUINT64_FORMAT, j ? " " : "", c->name,
                                  c->value);
        }
      if (counters->len > 0)
        printf ("           counters: %s\n", counters->str);
    }
}

/* The drivers this build can use: what a `<name>_driver=` key may say. */
static int
list_drivers (KioskctlContext *ctx)
{
  g_autoptr (GPtrArray) drivers = NULL;
  g_autoptr (GString) out = g_string_new (ctx->json ? "{\"ok\":true,\"drivers\":[" : "");

  kiosk_devices_register_builtin ();
  drivers = kiosk_device_manager_list_drivers ();
  for (guint i = 0; i < drivers->len; i++)
    {
      const KioskDeviceDriverInfo *info = g_ptr_array_index (drivers, i);

      if (ctx->json)
        {
          g_string_append (out, i ? ",{" : "{");
          json_string_member (out, "name", info->name, TRUE);
          json_string_member (out, "driver", info->driver, TRUE);
          json_string_member (out, "kind", kiosk_device_kind_to_string (info->kind), TRUE);
          g_string_append_printf (out, "\"simulator\":%s,",
                                  info->start_simulator ? "true" : "false");
          json_string_member (out, "description", info->description, FALSE);
          g_string_append_c (out, '}');
        }
      else
        g_string_append_printf (out, "%s_driver=%-12s %-15s %s%s\n", info->name, info->driver,
                                kiosk_device_kind_to_string (info->kind),
                                info->description ? info->description : "",
                                info->start_simulator ? " [simulator]" : "");
    }
  if (ctx->json)
    g_string_append (out, "]}\n");
  fputs (out->str, stdout);
  return KIOSKCTL_EXIT_OK;
}

int
kioskctl_devices (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (GPtrArray) statuses
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_device_status_free);
  gboolean open = TRUE;
  gboolean all_ok = TRUE;
  GPtrArray *devices;
  int exit_code = KIOSKCTL_EXIT_OK;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--no-open") == 0)
        open = FALSE;
      else if (strcmp (argv[i], "--json") == 0)
        ctx->json = TRUE;
      else if (strcmp (argv[i], "--drivers") == 0)
        return list_drivers (ctx);
      else
        return kioskctl_usage_error ("usage: kioskctl devices [--no-open] [--drivers] [--json]");
    }

  manager = build_manager (ctx, &exit_code);
  if (manager == NULL)
    return exit_code;
  if (open)
    open_all (manager);

  devices = kiosk_device_manager_get_devices (manager);
  for (guint i = 0; i < devices->len; i++)
    {
      KioskDeviceStatus *status = kiosk_device_get_status (g_ptr_array_index (devices, i));

      all_ok &= status->connected || !open;
      g_ptr_array_add (statuses, status);
    }
  kiosk_device_manager_shutdown (manager);

  if (ctx->json)
    print_json (statuses, all_ok);
  else
    print_table (statuses);
  return all_ok ? KIOSKCTL_EXIT_OK : KIOSKCTL_EXIT_UNAVAILABLE;
}

/* ---- kioskctl selftest idreader ------------------------------------------------ */

/* Puts the simulator's card (idreader_sim_card, else its built-in resident
 * card) on a simulated reader through its control socket, so that a
 * self-test in simulator mode needs no hands. */
static void
place_simulated_card (KioskDeviceManager *manager)
{
  KioskDeviceConfig *config = kiosk_device_manager_get_config (manager, "idreader");
  g_autofree char *control
      = config ? kiosk_device_config_get_string (config, "sim_control", NULL) : NULL;
  const char *line = "PLACE\n";
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char reply[128];
  int fd;

  if (control == NULL || strlen (control) >= sizeof addr.sun_path)
    return;
  strcpy (addr.sun_path, control);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return;
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0
      && write (fd, line, strlen (line)) == (ssize_t) strlen (line))
    (void) !read (fd, reply, sizeof reply);
  close (fd);
}

static const char *
sex_label (guint sex)
{
  switch (sex)
    {
      case 1:
        return "男";
      case 2:
        return "女";
      case 9:
        return "未说明";
      default:
        return "未知";
    }
}

typedef struct
{
  const char *key;
  char *value; /* already masked, or not personal */
} Field;

static void
add_field (GArray *fields, const char *key, char *value)
{
  Field field = { key, value };

  if (value != NULL)
    g_array_append_val (fields, field);
}

static void
field_clear (gpointer data)
{
  Field *field = data;

  g_free (field->value);
}

/* The card as masked fields: never a full name, number or address. */
static GArray *
masked_fields (const KioskIdCardData *card, const char *sam_id)
{
  GArray *fields = g_array_new (FALSE, TRUE, sizeof (Field));

  g_array_set_clear_func (fields, field_clear);
  add_field (fields, "card_type", g_strdup (kiosk_id_card_type_to_label (card->type)));
  add_field (fields, "name", card->name ? kiosk_mask (KIOSK_MASK_NAME, card->name) : NULL);
  add_field (fields, "english_name",
             card->english_name ? kiosk_mask (KIOSK_MASK_NAME, card->english_name) : NULL);
  add_field (fields, "sex", g_strdup (sex_label (card->sex)));
  add_field (fields, "nation", g_strdup (card->nation));
  add_field (fields, "birth_date",
             card->birth_date ? g_strdup_printf ("%.4s****", card->birth_date) : NULL);
  add_field (fields, "id_number",
             card->id_number ? kiosk_mask (KIOSK_MASK_ID_NUMBER, card->id_number) : NULL);
  add_field (fields, "address",
             card->address ? kiosk_mask (KIOSK_MASK_ADDRESS, card->address) : NULL);
  add_field (fields, "authority", g_strdup (card->authority));
  add_field (fields, "valid_from", g_strdup (card->valid_from));
  add_field (fields, "valid_to", g_strdup (card->valid_long_term ? "长期" : card->valid_to));
  add_field (fields, "pass_number",
             card->pass_number ? kiosk_mask (KIOSK_MASK_CARD, card->pass_number) : NULL);
  add_field (fields, "nationality", g_strdup (card->nationality));
  add_field (fields, "photo",
             card->photo_bmp ? g_strdup_printf ("decoded (%zu-byte BMP)", card->photo_bmp_len)
             : card->photo_wlt
                 ? g_strdup ("unavailable: no WLT decoder configured (idreader_wlt_library)")
                 : g_strdup ("not on the card"));
  add_field (fields, "sam_id", g_strdup (sam_id));
  return fields;
}

static int
selftest_idreader (KioskctlContext *ctx, guint timeout_s)
{
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;
  g_autoptr (GArray) fields = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  KioskDevice *device;
  KioskIdReader *reader;
  int exit_code = KIOSKCTL_EXIT_OK;
  gint64 start, found_at, read_at;
  guint timer;

  manager = build_manager (ctx, &exit_code);
  if (manager == NULL)
    return exit_code;
  device = kiosk_device_manager_get_device_by_kind (manager, KIOSK_DEVICE_KIND_ID_READER);
  if (device == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE,
                          "没有配置身份证阅读器 (no ID-card reader in [devices])");
  reader = KIOSK_ID_READER (device);

  if (!kiosk_device_open_sync (device, NULL, &error))
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "open %s: %s",
                          kiosk_device_get_name (device), error->message);
  if (kiosk_device_get_simulated (device))
    place_simulated_card (manager);
  else if (!ctx->json)
    printf ("请将身份证放在读卡区 (place an ID card on the reader, %u s)…\n", timeout_s);

  timer = g_timeout_add_seconds (timeout_s + 5, cancel_cb, cancellable);
  start = g_get_monotonic_time ();
  if (!kiosk_id_reader_wait_for_card_sync (reader, timeout_s * 1000, cancellable, &error))
    {
      g_source_remove (timer);
      return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "find card: %s", error->message);
    }
  found_at = g_get_monotonic_time ();
  card = kiosk_id_reader_read_card_sync (reader, KIOSK_ID_READ_NONE, cancellable, &error);
  read_at = g_get_monotonic_time ();
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timer);
  if (card == NULL)
    return kioskctl_fail (
        ctx, kiosk_device_error_is_user (error) ? KIOSKCTL_EXIT_REFUSED : KIOSKCTL_EXIT_UNAVAILABLE,
        "read card: %s", error->message);

  fields = masked_fields (card, kiosk_id_reader_get_sam_id (reader));
  g_clear_pointer (&card, kiosk_id_card_data_free); /* wiped */
  kiosk_device_close_sync (device, NULL, NULL);

  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"device\":\"idreader\",");

      g_string_append_printf (
          out, "\"find_ms\":%" G_GINT64_FORMAT ",\"read_ms\":%" G_GINT64_FORMAT ",\"fields\":{",
          (found_at - start) / 1000, (read_at - found_at) / 1000);
      for (guint i = 0; i < fields->len; i++)
        {
          const Field *f = &g_array_index (fields, Field, i);

          json_string_member (out, f->key, f->value, i + 1 < fields->len);
        }
      g_string_append (out, "}}\n");
      fputs (out->str, stdout);
    }
  else
    {
      printf ("身份证阅读器自检通过 (ID-card reader self-test passed): found in %" G_GINT64_FORMAT
              " ms, read in %" G_GINT64_FORMAT " ms\n",
              (found_at - start) / 1000, (read_at - found_at) / 1000);
      for (guint i = 0; i < fields->len; i++)
        {
          const Field *f = &g_array_index (fields, Field, i);

          printf ("  %-13s %s\n", f->key, f->value);
        }
    }
  return KIOSKCTL_EXIT_OK;
}

int
kioskctl_selftest (KioskctlContext *ctx, int argc, char **argv)
{
  const char *which = NULL;
  guint64 timeout_s = 30;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        ctx->json = TRUE;
      else if (strcmp (argv[i], "--timeout") == 0 && i + 1 < argc)
        {
          if (!g_ascii_string_to_unsigned (argv[++i], 10, 1, 600, &timeout_s, NULL))
            return kioskctl_usage_error ("--timeout: seconds from 1 to 600");
        }
      else if (which == NULL && argv[i][0] != '-')
        which = argv[i];
      else
        return kioskctl_usage_error ("usage: kioskctl selftest idreader|chip|camera|card_printer|"
                                     "receipt_printer|cardfeed [--timeout S]");
    }
  if (g_strcmp0 (which, "idreader") == 0)
    return selftest_idreader (ctx, (guint) timeout_s);
  if (g_strcmp0 (which, "chip") == 0)
    {
      if (kioskctl_selftest_chip == NULL)
        return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE,
                              "this build has no chip-reader self-test");
      return kioskctl_selftest_chip (ctx);
    }
  if (which != NULL)
    return kioskctl_selftest_device (ctx, which, (guint) timeout_s); /* kioskctl-tech.c */
  return kioskctl_usage_error ("usage: kioskctl selftest idreader|chip|camera|card_printer|"
                               "receipt_printer|cardfeed [--timeout S]");
}
