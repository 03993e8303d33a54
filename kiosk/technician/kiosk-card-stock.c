/* kiosk-card-stock.c — loading, spoiling, confirming and reconciling blank cards */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <string.h>

#include "kiosk-card-stock.h"

#define MAX_REASON            200
#define REMOVED_REASON_PREFIX "technician: removed from the hopper: "

static gboolean
check_reason (const char *reason, GError **error)
{
  gboolean blank = TRUE;

  for (const char *p = reason; p != NULL && *p != '\0' && blank; p++)
    blank = g_ascii_isspace (*p);
  if (blank || strlen (reason) > MAX_REASON || !g_utf8_validate (reason, -1, NULL))
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "请填写原因（1 到 %d 字节）(a reason of 1 to %d bytes is required)", MAX_REASON,
                   MAX_REASON);
      return FALSE;
    }
  return TRUE;
}

/* ---- the baseline --------------------------------------------------------- */

static char *
format_baseline (const KioskCardFeederState *state)
{
  return g_strdup_printf ("fed=%" G_GUINT64_FORMAT " ejected=%" G_GUINT64_FORMAT
                          " rejected=%" G_GUINT64_FORMAT " taken=%" G_GUINT64_FORMAT,
                          state->fed, state->ejected, state->rejected, state->taken);
}

gboolean
kiosk_card_stock_get_baseline (KioskStore *store, KioskCardFeederState *baseline, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  guint seen = 0;

  memset (baseline, 0, sizeof *baseline);
  text = kiosk_store_setting_get (store, KIOSK_CARD_STOCK_BASELINE_SETTING, NULL, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (text == NULL)
    return TRUE;

  fields = g_strsplit (text, " ", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      static const char *const names[] = { "fed", "ejected", "rejected", "taken" };
      guint64 *slots[]
          = { &baseline->fed, &baseline->ejected, &baseline->rejected, &baseline->taken };
      const char *eq = strchr (fields[i], '=');
      gboolean known = FALSE;

      for (guint j = 0; eq != NULL && j < G_N_ELEMENTS (names); j++)
        if (strlen (names[j]) == (gsize) (eq - fields[i])
            && strncmp (fields[i], names[j], eq - fields[i]) == 0
            && g_ascii_string_to_unsigned (eq + 1, 10, 0, G_MAXUINT64, slots[j], NULL)
            && !(seen & (1u << j)))
          {
            seen |= 1u << j;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                       "setting %s: “%s” is not fed=N ejected=N rejected=N taken=N",
                       KIOSK_CARD_STOCK_BASELINE_SETTING, text);
          return FALSE;
        }
    }
  if (seen != 0xf)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "setting %s: “%s” lacks a counter", KIOSK_CARD_STOCK_BASELINE_SETTING, text);
      return FALSE;
    }
  return TRUE;
}

/* ---- the baseline, recorded at the first load ------------------------------- */

gboolean
kiosk_card_stock_record_baseline (KioskStore *store,
                                  const KioskCardFeederState *transport,
                                  const char *actor,
                                  gboolean *recorded,
                                  GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *baseline = NULL;
  gint64 counts[KIOSK_CARD_N_STATES];

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);
  g_return_val_if_fail (transport != NULL, FALSE);

  if (recorded != NULL)
    *recorded = FALSE;
  existing = kiosk_store_setting_get (store, KIOSK_CARD_STOCK_BASELINE_SETTING, NULL, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (existing != NULL || !kiosk_store_stock_counts (store, counts, error))
    return existing != NULL;
  /* Once a card has left the stock, the transport's counters since then
   * are part of what a reconciliation compares: too late for a baseline. */
  if (counts[KIOSK_CARD_IN_MACHINE] + counts[KIOSK_CARD_ISSUED] + counts[KIOSK_CARD_SPOILED]
          + counts[KIOSK_CARD_UNCERTAIN]
      > 0)
    return TRUE;
  baseline = format_baseline (transport);
  if (!kiosk_store_setting_set (store, KIOSK_CARD_STOCK_BASELINE_SETTING, baseline, actor, error))
    return FALSE;
  if (recorded != NULL)
    *recorded = TRUE;
  return TRUE;
}

/* ---- spoil and confirm ------------------------------------------------------ */

typedef struct
{
  KioskStore *store;
  const char *serial;
  const char *reason;
  const char *actor;
} SpoilData;

/* A blank taken out of the hopper by hand: its own session, so that the
 * card, like every card out of stock, belongs to one. */
static gboolean
spoil_from_stock_tx (KioskDb *db, gpointer user_data, GError **error)
{
  SpoilData *data = user_data;
  g_autofree char *uuid = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *why = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *detail = NULL;

  uuid = kiosk_store_session_begin (data->store, KIOSK_CARD_STOCK_SERVICE_REMOVED, error);
  if (uuid == NULL)
    return FALSE;
  taken = kiosk_store_stock_take_serial (data->store, uuid, data->serial, error);
  if (taken == NULL)
    return FALSE;
  why = g_strdup_printf (REMOVED_REASON_PREFIX "%s", data->reason);
  payload = g_strdup_printf ("{\"serial\":\"%s\"}", taken);
  if (kiosk_store_journal_outcome (data->store, uuid, "spoil", why, payload, error) <= 0
      || !kiosk_store_stock_mark_spoiled (data->store, taken, why, error)
      || !kiosk_store_session_close (data->store, uuid, "spoiled", error))
    return FALSE;
  detail = g_strdup_printf ("card %s: in_stock → spoiled (%s)", taken, data->reason);
  return kiosk_store_audit_append (data->store, data->actor, "stock.spoil", detail, error) > 0;
}

gboolean
kiosk_card_stock_spoil (
    KioskStore *store, const char *serial, const char *reason, const char *actor, GError **error)
{
  g_autoptr (KioskStockCard) card = NULL;
  SpoilData data = { store, serial, reason, actor };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!check_reason (reason, error))
    return FALSE;
  card = kiosk_store_stock_get (store, serial, error);
  if (card == NULL)
    return FALSE;

  switch (card->state)
    {
      case KIOSK_CARD_IN_STOCK:
        if (!kiosk_db_transaction (kiosk_store_get_db (store), spoil_from_stock_tx, &data, error))
          return FALSE;
        break;
      case KIOSK_CARD_UNCERTAIN:
        if (!kiosk_store_stock_confirm (store, serial, KIOSK_CARD_SPOILED, actor, reason, error))
          return FALSE;
        break;
      case KIOSK_CARD_IN_MACHINE:
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE,
                     "卡片 %s 属于未结束的办理（会话 %s），请重启程序，由恢复流程处理 (card %s "
                     "belongs to an open session %s: restart the program so that recovery "
                     "settles it)",
                     serial, card->session, serial, card->session);
        return FALSE;
      case KIOSK_CARD_ISSUED:
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE,
                     "卡片 %s 已发出，不能作废 (card %s was issued: it is not blank stock)", serial,
                     serial);
        return FALSE;
      case KIOSK_CARD_SPOILED:
      default:
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE,
                     "卡片 %s 已作废 (card %s is already spoiled: %s)", serial, serial,
                     card->reason ? card->reason : "");
        return FALSE;
    }
  g_info ("stock: card %s spoiled by %s", serial, actor);
  return TRUE;
}

gboolean
kiosk_card_stock_confirm_issued (
    KioskStore *store, const char *serial, const char *reason, const char *actor, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  return check_reason (reason, error)
         && kiosk_store_stock_confirm (store, serial, KIOSK_CARD_ISSUED, actor, reason, error);
}

/* ---- batches ---------------------------------------------------------------- */

void
kiosk_stock_batch_free (KioskStockBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->first_serial);
  g_free (batch->last_serial);
  g_free (batch);
}

static int
compare_batches (gconstpointer a, gconstpointer b)
{
  const KioskStockBatch *x = *(const KioskStockBatch *const *) a;
  const KioskStockBatch *y = *(const KioskStockBatch *const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

GPtrArray *
kiosk_card_stock_list_batches (KioskStore *store, GError **error)
{
  g_autoptr (GPtrArray) cards = kiosk_store_stock_list (store, -1, error);
  g_autoptr (GHashTable) by_id = NULL;
  GPtrArray *batches;

  if (cards == NULL)
    return NULL;
  batches = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_stock_batch_free);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* Cards come in serial order; a batch's serials share a prefix and width. */
  for (guint i = 0; i < cards->len; i++)
    {
      const KioskStockCard *card = g_ptr_array_index (cards, i);
      KioskStockBatch *batch = g_hash_table_lookup (by_id, &card->batch);

      if (batch == NULL)
        {
          batch = g_new0 (KioskStockBatch, 1);
          batch->id = card->batch;
          batch->first_serial = g_strdup (card->serial);
          g_ptr_array_add (batches, batch);
          g_hash_table_insert (by_id, &batch->id, batch);
        }
      g_free (batch->last_serial);
      batch->last_serial = g_strdup (card->serial);
      batch->count++;
      batch->counts[card->state]++;
    }
  g_ptr_array_sort (batches, compare_batches);
  return batches;
}

/* ---- reconciliation ----------------------------------------------------------- */

static void
line_free (gpointer data)
{
  KioskStockReconcileLine *line = data;

  g_free (line->note);
  g_free (line);
}

void
kiosk_stock_reconciliation_free (KioskStockReconciliation *reconciliation)
{
  if (reconciliation == NULL)
    return;
  g_ptr_array_unref (reconciliation->lines);
  g_free (reconciliation);
}

static KioskStockReconcileLine *
add_line (
    KioskStockReconciliation *r, const char *key, const char *label, gint64 stock, gint64 transport)
{
  KioskStockReconcileLine *line = g_new0 (KioskStockReconcileLine, 1);

  line->key = key;
  line->label = label;
  line->stock = stock;
  line->transport = transport;
  line->ok = stock == transport;
  g_ptr_array_add (r->lines, line);
  return line;
}

static gint64
since (guint64 now, guint64 base)
{
  /* A counter below its baseline: the transport was replaced or reset. */
  return now >= base ? (gint64) (now - base) : -(gint64) (base - now);
}

KioskStockReconciliation *
kiosk_stock_reconcile_compute (const gint64 counts[KIOSK_CARD_N_STATES],
                               gint64 removed_by_hand,
                               const KioskCardFeederState *transport,
                               const KioskCardFeederState *baseline)
{
  KioskStockReconciliation *r = g_new0 (KioskStockReconciliation, 1);
  KioskCardFeederState zero = { 0 };
  KioskStockReconcileLine *line;
  gint64 out_of_stock;
  gint64 in_path;
  gint64 ejected;

  g_return_val_if_fail (counts != NULL && transport != NULL, NULL);
  if (baseline == NULL)
    baseline = &zero;

  memcpy (r->counts, counts, sizeof r->counts);
  r->removed_by_hand = removed_by_hand;
  r->transport = *transport;
  r->baseline = *baseline;
  r->lines = g_ptr_array_new_with_free_func (line_free);
  out_of_stock = counts[KIOSK_CARD_IN_MACHINE] + counts[KIOSK_CARD_ISSUED]
                 + counts[KIOSK_CARD_SPOILED] + counts[KIOSK_CARD_UNCERTAIN];

  line = add_line (r, "hopper", "料斗中的空白卡", counts[KIOSK_CARD_IN_STOCK],
                   transport->hopper_level);
  if (!line->ok)
    line->note = g_strdup (
        line->stock > line->transport
            ? "库存记录多于料斗中的卡：卡片被取出而未登记作废，或批次登记多了 (the stock "
              "lists more blanks than the hopper holds: cards taken out without being marked "
              "spoiled, or a batch registered larger than loaded)"
            : "料斗中的卡多于库存记录：有卡片装入而未登记批次 (the hopper holds more blanks "
              "than the stock lists: cards loaded without registering the batch)");

  line = add_line (r, "fed", "已送出料斗", out_of_stock - removed_by_hand,
                   since (transport->fed, baseline->fed));
  if (!line->ok)
    line->note = g_strdup ("送卡计数与库存不符：有卡片离开料斗而未记入库存，或记录了未送出的卡 "
                           "(the transport's fed counter and the stock disagree: a card left the "
                           "hopper without being accounted, or the stock took a card that never "
                           "left it)");

  line = add_line (r, "rejected", "废卡（回收箱）", counts[KIOSK_CARD_SPOILED] - removed_by_hand,
                   since (transport->rejected, baseline->rejected));
  if (!line->ok)
    line->note = g_strdup (
        line->stock > line->transport
            ? "有作废的卡没有进入回收箱：检查卡道中是否有卡 (a spoiled card did not reach the "
              "reject bin: look for a card in the transport)"
            : "回收箱中的卡多于作废记录 (the reject bin holds more cards than the stock "
              "lists as spoiled)");

  ejected = since (transport->ejected, baseline->ejected);
  line = add_line (r, "ejected", "已发出", counts[KIOSK_CARD_ISSUED], ejected);
  if (!line->ok && ejected > line->stock && ejected - line->stock <= counts[KIOSK_CARD_UNCERTAIN])
    {
      /* An uncertain card may or may not have reached the citizen: the
       * "uncertain" line below asks for the confirmation. */
      line->ok = TRUE;
      line->note = g_strdup_printf ("%" G_GINT64_FORMAT
                                    " 张待确认的卡可能已发出 (may be uncertain cards that were "
                                    "handed out: confirm them)",
                                    ejected - line->stock);
    }
  else if (!line->ok)
    line->note = g_strdup ("出卡计数与已发出的卡不符 (the transport's eject counter and the "
                           "issued cards disagree)");

  in_path = transport->position == KIOSK_CARD_POSITION_ENCODER
                    || transport->position == KIOSK_CARD_POSITION_PRINTER
                ? 1
                : 0;
  line = add_line (r, "in-path", "卡道中的卡", counts[KIOSK_CARD_IN_MACHINE], in_path);
  if (!line->ok)
    line->note = g_strdup (line->stock > line->transport
                               ? "有办理中的卡不在卡道中：重启程序完成恢复 (a card of an open "
                                 "session is not in the transport: restart so that recovery "
                                 "settles it)"
                               : "卡道中有卡但没有办理中的卡：取出并登记作废 (a card sits in "
                                 "the transport that no session holds: take it out and mark "
                                 "it spoiled)");

  line = add_line (r, "uncertain", "待确认的卡", counts[KIOSK_CARD_UNCERTAIN], 0);
  line->transport = -1;
  line->ok = counts[KIOSK_CARD_UNCERTAIN] == 0;
  if (!line->ok)
    line->note = g_strdup ("确认每张待确认的卡：已发出或已作废 (confirm each uncertain card: "
                           "issued or spoiled)");

  line = add_line (r, "jam", "卡道卡住", 0, transport->jammed ? 1 : 0);
  if (!line->ok)
    line->note = g_strdup ("卡道卡住：打开卡道取出卡片 (the transport is jammed: open it and "
                           "take the card out)");

  r->balanced = TRUE;
  for (guint i = 0; i < r->lines->len; i++)
    r->balanced &= ((KioskStockReconcileLine *) g_ptr_array_index (r->lines, i))->ok;
  return r;
}

/* Spoiled cards of "technician-spoil" sessions: never fed. Their reason
 * says so (written by spoil_from_stock_tx, kept by the card's history);
 * only those few are confirmed against their session. */
static gboolean
count_removed_by_hand (KioskStore *store, gint64 *removed, GError **error)
{
  g_autoptr (GPtrArray) spoiled = kiosk_store_stock_list (store, KIOSK_CARD_SPOILED, error);

  *removed = 0;
  if (spoiled == NULL)
    return FALSE;
  for (guint i = 0; i < spoiled->len; i++)
    {
      const KioskStockCard *card = g_ptr_array_index (spoiled, i);
      g_autoptr (KioskJournalSession) session = NULL;

      if (card->session == NULL || card->reason == NULL
          || !g_str_has_prefix (card->reason, REMOVED_REASON_PREFIX))
        continue;
      session = kiosk_store_session_get (store, card->session, error);
      if (session == NULL)
        return FALSE;
      *removed += g_strcmp0 (session->service, KIOSK_CARD_STOCK_SERVICE_REMOVED) == 0;
    }
  return TRUE;
}

char *
kiosk_stock_reconciliation_summary (const KioskStockReconciliation *r)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < r->lines->len; i++)
    {
      const KioskStockReconcileLine *line = g_ptr_array_index (r->lines, i);

      if (line->ok)
        continue;
      g_string_append_printf (out, "%s%s: stock %" G_GINT64_FORMAT, out->len ? "; " : "", line->key,
                              line->stock);
      if (line->transport >= 0)
        g_string_append_printf (out, ", transport %" G_GINT64_FORMAT, line->transport);
    }
  if (out->len == 0)
    g_string_append (out, "balanced");
  return g_string_free (out, FALSE);
}

KioskStockReconciliation *
kiosk_card_stock_reconcile (KioskStore *store,
                            const KioskCardFeederState *transport,
                            const char *actor,
                            GError **error)
{
  g_autoptr (KioskStockReconciliation) r = NULL;
  KioskCardFeederState baseline;
  gint64 counts[KIOSK_CARD_N_STATES];
  gint64 removed = 0;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (transport != NULL, NULL);

  if (!kiosk_store_stock_counts (store, counts, error)
      || !count_removed_by_hand (store, &removed, error)
      || !kiosk_card_stock_get_baseline (store, &baseline, error))
    return NULL;
  r = kiosk_stock_reconcile_compute (counts, removed, transport, &baseline);
  if (actor != NULL)
    {
      g_autofree char *summary = kiosk_stock_reconciliation_summary (r);

      if (kiosk_store_audit_append (store, actor, "stock.reconcile", summary, error) <= 0)
        return NULL;
    }
  return g_steal_pointer (&r);
}
