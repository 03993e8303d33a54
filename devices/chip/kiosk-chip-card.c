/* kiosk-chip-card.c — SELECT, READ RECORD, scripts and VERIFY over any transmit */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include "kiosk-apdu.h"
#include "kiosk-apdu-exchange.h"
#include "kiosk-chip-card.h"
#include "kiosk-device-error.h"
#include "kiosk-ssc-record.h"

struct _KioskChipCard
{
  KioskChipTransmitFunc transmit;
  gpointer user_data;
  GCancellable *cancellable;
  guint n_transmits;
  guint n_get_response;
  guint n_resend;
};

static const struct
{
  KioskDeviceUserError code;
  const char *message;
} chip_messages[] = {
  { KIOSK_DEVICE_USER_ERROR_NO_CARD, "请将社会保障卡芯片朝上插入读卡口" },
  { KIOSK_DEVICE_USER_ERROR_PLACE_FLAT, "请将社会保障卡完全插入读卡口，操作完成前不要拔出" },
  { KIOSK_DEVICE_USER_ERROR_CARD_REMOVED, "社会保障卡已被拔出，请重新插入后再试" },
  { KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD,
    "无法读取此社会保障卡，卡片可能已损坏，请到人工窗口办理" },
  { KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD, "此卡不是社会保障卡，请插入本人社会保障卡" },
  { KIOSK_DEVICE_USER_ERROR_INSERT_CORRECTLY, "请按图示方向插入社会保障卡，芯片朝上" },
  { KIOSK_DEVICE_USER_ERROR_WRONG_PIN, "密码错误，请重新输入" },
  { KIOSK_DEVICE_USER_ERROR_PIN_LOCKED, "密码已锁定，请办理解锁或到人工窗口办理" },
};

const char *
kiosk_chip_user_message (int code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (chip_messages); i++)
    if ((int) chip_messages[i].code == code)
      return chip_messages[i].message;
  return kiosk_device_user_error_message ((KioskDeviceUserError) code);
}

GError *
kiosk_chip_user_error_new (int code, const char *detail)
{
  if (detail == NULL)
    return g_error_new_literal (KIOSK_DEVICE_USER_ERROR, code, kiosk_chip_user_message (code));
  return g_error_new (KIOSK_DEVICE_USER_ERROR, code, "%s（%s）", kiosk_chip_user_message (code),
                      detail);
}

KioskChipCard *
kiosk_chip_card_new (KioskChipTransmitFunc transmit, gpointer user_data, GCancellable *cancellable)
{
  KioskChipCard *card;

  g_return_val_if_fail (transmit != NULL, NULL);

  card = g_new0 (KioskChipCard, 1);
  card->transmit = transmit;
  card->user_data = user_data;
  card->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return card;
}

void
kiosk_chip_card_free (KioskChipCard *card)
{
  if (card == NULL)
    return;
  g_clear_object (&card->cancellable);
  g_free (card);
}

gboolean
kiosk_chip_card_command (
    KioskChipCard *card, GBytes *command, guint16 *sw, GBytes **data, GError **error)
{
  g_autoptr (KioskApduExchange) exchange = NULL;
  GBytes *next;

  g_return_val_if_fail (card != NULL, FALSE);
  g_return_val_if_fail (command != NULL, FALSE);

  exchange = kiosk_apdu_exchange_new (command);
  while ((next = kiosk_apdu_exchange_next_command (exchange)) != NULL)
    {
      guint8 reply[KIOSK_CHIP_MAX_REPLY + 8];
      gsize reply_len = sizeof reply;
      g_autoptr (GError) local = NULL;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (card->cancellable, error))
        return FALSE;
      card->n_transmits++;
      if (!card->transmit (card->user_data, g_bytes_get_data (next, NULL), g_bytes_get_size (next),
                           reply, &reply_len, error))
        return FALSE;
      ok = kiosk_apdu_exchange_feed (exchange, reply, MIN (reply_len, sizeof reply), &local);
      explicit_bzero (reply, sizeof reply);
      if (!ok)
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL, "%s",
                       local->message);
          return FALSE;
        }
    }
  card->n_get_response += kiosk_apdu_exchange_get_n_get_response (exchange);
  card->n_resend += kiosk_apdu_exchange_get_n_resend (exchange);
  if (sw != NULL)
    *sw = kiosk_apdu_exchange_get_sw (exchange);
  if (data != NULL)
    {
      gsize len = 0;
      const guint8 *bytes = kiosk_apdu_exchange_get_data (exchange, &len);

      *data = g_bytes_new (bytes, len);
    }
  return TRUE;
}

/* A command that must answer 9000; `what` names it in errors. A card that
 * answers 6A82 ("not found") to `not_found_code` gets that user error. */
static gboolean
command_ok (KioskChipCard *card,
            GBytes *command,
            const char *what,
            int not_found_code,
            GBytes **data,
            GError **error)
{
  guint16 sw = 0;

  if (!kiosk_chip_card_command (card, command, &sw, data, error))
    return FALSE;
  if (sw == 0x9000)
    return TRUE;
  if (data != NULL)
    g_clear_pointer (data, g_bytes_unref);
  if ((sw == 0x6A82 || sw == 0x6A83 || sw == 0x6A86) && not_found_code >= 0)
    {
      g_autofree char *detail = g_strdup_printf ("%s %04X", what, sw);

      g_debug ("%s answered %04X (%s)", what, sw, kiosk_apdu_sw_describe (sw));
      g_propagate_error (error, kiosk_chip_user_error_new (not_found_code, detail));
      return FALSE;
    }
  g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL, "%s answered %04X (%s)",
               what, sw, kiosk_apdu_sw_describe (sw));
  return FALSE;
}

static gboolean
select_ddf (KioskChipCard *card, GError **error)
{
  g_autoptr (GBytes) select
      = kiosk_apdu_select_by_name (kiosk_ssc_ddf_name, KIOSK_SSC_DDF_NAME_LEN);

  return command_ok (card, select, "SELECT SSSE", KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD, NULL,
                     error);
}

static gboolean
read_file (KioskChipCard *card, guint16 file, KioskSscCardData *data, GError **error)
{
  g_autoptr (GBytes) select = kiosk_apdu_select_file (file);
  g_autofree char *what = g_strdup_printf ("SELECT EF%02X", file & 0xFF);
  gsize n_fields = 0;
  const KioskSscField *fields = kiosk_ssc_fields (&n_fields);

  if (!command_ok (card, select, what, KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD, NULL, error))
    return FALSE;

  for (gsize i = 0; i < n_fields; i++)
    {
      g_autoptr (GBytes) read = NULL;
      g_autoptr (GBytes) record = NULL;
      g_autoptr (GError) local = NULL;
      g_autofree char *code = NULL;

      if (fields[i].file != file)
        continue;
      code = g_strdup_printf ("EF%02X/%02X", file & 0xFF, fields[i].tag);
      /* By identifier in the current EF, Le 00: "all of it". A card that
       * wants the exact length answers 6Cxx and the exchange asks again. */
      read = kiosk_apdu_read_record (fields[i].tag, 0, KIOSK_APDU_RECORD_BY_ID, 256);
      if (!command_ok (card, read, code, KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD, &record, error))
        return FALSE;
      if (!kiosk_ssc_record_decode (g_bytes_get_data (record, NULL), g_bytes_get_size (record),
                                    data, &local))
        {
          g_debug ("%s: %s", code, local->message);
          g_propagate_error (
              error, kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD, code));
          return FALSE;
        }
      if (!kiosk_ssc_card_data_has (data, fields[i].tag))
        {
          /* The card answered a different record than asked. */
          g_propagate_error (
              error, kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD, code));
          return FALSE;
        }
    }
  return TRUE;
}

KioskSscCardData *
kiosk_chip_card_read_ssc (KioskChipCard *card, GError **error)
{
  g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();

  g_return_val_if_fail (card != NULL, NULL);

  if (!select_ddf (card, error) || !read_file (card, KIOSK_SSC_FILE_EF05, data, error)
      || !read_file (card, KIOSK_SSC_FILE_EF06, data, error))
    return NULL;
  return g_steal_pointer (&data);
}

KioskChipScriptOutcome *
kiosk_chip_card_run_script (KioskChipCard *card, const KioskChipScript *script)
{
  KioskChipScriptOutcome *outcome;
  guint n;

  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (script != NULL, NULL);

  n = kiosk_chip_script_get_n_steps (script);
  outcome = kiosk_chip_script_outcome_new (n);
  for (guint i = 0; i < n; i++)
    {
      const KioskChipScriptStep *step = kiosk_chip_script_get_step (script, i);
      GError *error = NULL;
      guint16 sw = 0;

      if (!kiosk_chip_card_command (card, step->command, &sw, NULL, &error))
        {
          g_debug ("script step %u (%s): %s", i, step->label, error->message);
          kiosk_chip_script_outcome_fail (outcome, i, step->label, 0, error);
          return outcome;
        }
      if (!kiosk_chip_script_step_accepts (step, sw))
        {
          GString *expected = g_string_new (NULL);

          for (guint k = 0; k < step->expected_sw->len; k++)
            g_string_append_printf (expected, "%s%04X", k > 0 ? "/" : "",
                                    g_array_index (step->expected_sw, guint16, k));
          error
              = g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                             "Personalisation step %u of %u (%s) answered %04X (%s), "
                             "expected %s",
                             i + 1, n, step->label, sw, kiosk_apdu_sw_describe (sw), expected->str);
          g_string_free (expected, TRUE);
          kiosk_chip_script_outcome_fail (outcome, i, step->label, sw, error);
          return outcome;
        }
      outcome->n_done++;
    }
  return outcome;
}

gboolean
kiosk_chip_card_verify_pin (KioskChipCard *card, const char *pin, gint *tries_left, GError **error)
{
  guint8 bcd[8];
  gsize bcd_len = 0;
  g_autoptr (GBytes) verify = NULL;
  guint16 sw = 0;
  gboolean ok;

  g_return_val_if_fail (card != NULL, FALSE);

  if (tries_left != NULL)
    *tries_left = -1;
  if (pin == NULL || strlen (pin) != 6 || !kiosk_apdu_pack_bcd (pin, bcd, sizeof bcd, &bcd_len))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "A social security card PIN has 6 digits");
      return FALSE;
    }
  if (!select_ddf (card, error))
    {
      explicit_bzero (bcd, sizeof bcd);
      return FALSE;
    }
  verify = kiosk_apdu_verify (bcd, bcd_len);
  explicit_bzero (bcd, sizeof bcd);
  ok = kiosk_chip_card_command (card, verify, &sw, NULL, error);
  g_clear_pointer (&verify, g_bytes_unref);
  if (!ok)
    return FALSE;

  if (sw == 0x9000)
    return TRUE;
  if (sw == 0x6983 || sw == 0x63C0)
    {
      if (tries_left != NULL)
        *tries_left = 0;
      g_propagate_error (error,
                         kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_PIN_LOCKED, NULL));
      return FALSE;
    }
  if ((sw & 0xFFF0) == 0x63C0)
    {
      guint left = sw & 0x0F;

      if (tries_left != NULL)
        *tries_left = (gint) left;
      g_set_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_WRONG_PIN,
                   "密码错误，还可以再试%u次", left);
      return FALSE;
    }
  g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL, "VERIFY answered %04X (%s)",
               sw, kiosk_apdu_sw_describe (sw));
  return FALSE;
}

guint
kiosk_chip_card_get_n_transmits (KioskChipCard *card)
{
  return card->n_transmits;
}

guint
kiosk_chip_card_get_n_get_response (KioskChipCard *card)
{
  return card->n_get_response;
}

guint
kiosk_chip_card_get_n_resend (KioskChipCard *card)
{
  return card->n_resend;
}
