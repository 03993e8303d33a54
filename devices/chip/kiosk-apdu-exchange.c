/* kiosk-apdu-exchange.c — 61xx / 6Cxx handling without I/O */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include "kiosk-apdu.h"
#include "kiosk-apdu-exchange.h"

struct _KioskApduExchange
{
  GBytes *original;
  GBytes *next;             /* NULL when done */
  gboolean last_was_resend; /* the command in flight answers a 6Cxx */
  GByteArray *data;
  guint16 sw;
  guint n_get_response;
  guint n_resend;
};

KioskApduExchange *
kiosk_apdu_exchange_new (GBytes *command)
{
  KioskApduExchange *exchange;

  g_return_val_if_fail (command != NULL, NULL);

  exchange = g_new0 (KioskApduExchange, 1);
  exchange->original = g_bytes_ref (command);
  exchange->next = g_bytes_ref (command);
  exchange->data = g_byte_array_new ();
  return exchange;
}

void
kiosk_apdu_exchange_free (KioskApduExchange *exchange)
{
  if (exchange == NULL)
    return;
  g_bytes_unref (exchange->original);
  g_clear_pointer (&exchange->next, g_bytes_unref);
  /* The data may be personal (a name, a number): wipe it. */
  if (exchange->data->len > 0)
    explicit_bzero (exchange->data->data, exchange->data->len);
  g_byte_array_unref (exchange->data);
  g_free (exchange);
}

GBytes *
kiosk_apdu_exchange_next_command (KioskApduExchange *exchange)
{
  g_return_val_if_fail (exchange != NULL, NULL);
  return exchange->next;
}

static gboolean
fail (KioskApduExchange *exchange, GError **error, const char *message)
{
  g_clear_pointer (&exchange->next, g_bytes_unref);
  g_set_error_literal (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_CHAIN, message);
  return FALSE;
}

static gboolean
append (KioskApduExchange *exchange, const guint8 *data, gsize len, GError **error)
{
  if (len > KIOSK_APDU_EXCHANGE_MAX_DATA - exchange->data->len)
    return fail (exchange, error, "The card returned more data than any command of ours needs");
  g_byte_array_append (exchange->data, data, (guint) len);
  return TRUE;
}

gboolean
kiosk_apdu_exchange_feed (KioskApduExchange *exchange,
                          const guint8 *reply,
                          gsize reply_len,
                          GError **error)
{
  guint8 sw1, sw2;
  gboolean resend;

  g_return_val_if_fail (exchange != NULL, FALSE);
  g_return_val_if_fail (exchange->next != NULL, FALSE);
  g_return_val_if_fail (reply != NULL || reply_len == 0, FALSE);

  resend = exchange->last_was_resend;
  exchange->last_was_resend = FALSE;

  if (reply_len < 2)
    {
      g_clear_pointer (&exchange->next, g_bytes_unref);
      g_set_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_TRUNCATED,
                   "The card's reply has %" G_GSIZE_FORMAT " bytes, less than a status word",
                   reply_len);
      return FALSE;
    }
  sw1 = reply[reply_len - 2];
  sw2 = reply[reply_len - 1];
  exchange->sw = (guint16) (sw1 << 8 | sw2);

  if (sw1 == 0x61)
    {
      /* Data may come along with 61xx over T=1: keep it. */
      if (!append (exchange, reply, reply_len - 2, error))
        return FALSE;
      if (exchange->n_get_response >= KIOSK_APDU_EXCHANGE_MAX_GET_RESPONSE)
        return fail (exchange, error, "The card keeps announcing more data (61xx) without end");
      exchange->n_get_response++;
      g_clear_pointer (&exchange->next, g_bytes_unref);
      exchange->next = kiosk_apdu_get_response (sw2 == 0 ? 256 : sw2);
      return TRUE;
    }

  if (sw1 == 0x6C)
    {
      GBytes *again;

      if (resend)
        return fail (exchange, error,
                     "The card rejected the Le it asked for (6Cxx twice in a row)");
      again = kiosk_apdu_with_le (exchange->next, sw2 == 0 ? 256 : sw2);
      if (again == NULL)
        return fail (exchange, error, "The command cannot be sent again with another Le");
      exchange->n_resend++;
      g_clear_pointer (&exchange->next, g_bytes_unref);
      exchange->next = again;
      exchange->last_was_resend = TRUE;
      return TRUE;
    }

  if (!append (exchange, reply, reply_len - 2, error))
    return FALSE;
  g_clear_pointer (&exchange->next, g_bytes_unref);
  return TRUE;
}

gboolean
kiosk_apdu_exchange_is_done (KioskApduExchange *exchange)
{
  g_return_val_if_fail (exchange != NULL, TRUE);
  return exchange->next == NULL;
}

guint16
kiosk_apdu_exchange_get_sw (KioskApduExchange *exchange)
{
  g_return_val_if_fail (exchange != NULL, 0);
  return exchange->sw;
}

const guint8 *
kiosk_apdu_exchange_get_data (KioskApduExchange *exchange, gsize *len)
{
  g_return_val_if_fail (exchange != NULL, NULL);
  if (len != NULL)
    *len = exchange->data->len;
  return exchange->data->data;
}

guint
kiosk_apdu_exchange_get_n_get_response (KioskApduExchange *exchange)
{
  g_return_val_if_fail (exchange != NULL, 0);
  return exchange->n_get_response;
}

guint
kiosk_apdu_exchange_get_n_resend (KioskApduExchange *exchange)
{
  g_return_val_if_fail (exchange != NULL, 0);
  return exchange->n_resend;
}
