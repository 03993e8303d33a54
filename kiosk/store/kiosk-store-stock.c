/* kiosk-store-stock.c — the blank-card stock: every card accounted, none ever gone
 *
 * A card's state changes only along in_stock → in_machine → issued | spoiled |
 * uncertain, and uncertain → issued | spoiled (a technician's confirmation).
 * The schema enforces it (trigger cards_transition), records every change in
 * card_events (triggers), and refuses to delete a card. Counts are a GROUP BY.
 */
#define G_LOG_DOMAIN "kiosk-store"

#include "config.h"

#include <string.h>

#include "kiosk-store-private.h"

#define MAX_BATCH      10000
#define MAX_SERIAL_LEN 32

static const char *const state_names[KIOSK_CARD_N_STATES] = {
  [KIOSK_CARD_IN_STOCK] = "in_stock",   [KIOSK_CARD_IN_MACHINE] = "in_machine",
  [KIOSK_CARD_ISSUED] = "issued",       [KIOSK_CARD_SPOILED] = "spoiled",
  [KIOSK_CARD_UNCERTAIN] = "uncertain",
};

const char *
kiosk_card_state_to_string (KioskCardState state)
{
  g_return_val_if_fail (state < KIOSK_CARD_N_STATES, "unknown");
  return state_names[state];
}

int
kiosk_card_state_from_string (const char *name)
{
  int i;

  for (i = 0; name != NULL && i < KIOSK_CARD_N_STATES; i++)
    if (g_str_equal (name, state_names[i]))
      return i;
  return -1;
}

void
kiosk_stock_card_free (KioskStockCard *card)
{
  if (card == NULL)
    return;
  g_free (card->serial);
  g_free (card->session);
  g_free (card->reason);
  g_free (card);
}

/* "JL24A000001" → prefix "JL24A", number 1, width 6. */
static gboolean
parse_serial (const char *serial, char **prefix, guint64 *number, int *width, GError **error)
{
  gsize len = serial ? strlen (serial) : 0;
  gsize digits = 0;
  gsize i;

  if (len == 0 || len > MAX_SERIAL_LEN)
    goto bad;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (serial[i]) && serial[i] != '-')
      goto bad;
  while (digits < len && g_ascii_isdigit (serial[len - 1 - digits]))
    digits++;
  if (digits == 0 || digits > 18)
    goto bad;

  *prefix = g_strndup (serial, len - digits);
  *number = g_ascii_strtoull (serial + len - digits, NULL, 10);
  *width = (int) digits;
  return TRUE;

bad:
  g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
               "card serial \"%s\" must be letters, digits or '-' ending in a number "
               "(at most %d characters)",
               serial ? serial : "", MAX_SERIAL_LEN);
  return FALSE;
}

typedef struct
{
  KioskStore *store;
  const char *first_serial;
  guint count;
  const char *actor;
  gint64 batch; /* out */
} BatchData;

static gboolean
load_batch_tx (KioskDb *db, gpointer user_data, GError **error)
{
  BatchData *data = user_data;
  g_autoptr (KioskDbStmt) batch = NULL;
  g_autoptr (KioskDbStmt) card = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *last = NULL;
  g_autofree char *detail = NULL;
  guint64 first;
  guint64 limit;
  int width;
  gint64 now = kiosk_store_now (data->store);
  guint i;

  if (!parse_serial (data->first_serial, &prefix, &first, &width, error))
    return FALSE;
  /* parse_serial keeps width <= 18, so 10^width fits. */
  for (limit = 1, i = 0; i < (guint) width; i++)
    limit *= 10;
  if (first + data->count - 1 >= limit)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "%u cards from %s would run past %d digits", data->count, data->first_serial,
                   width);
      return FALSE;
    }

  batch = kiosk_db_prepare (db,
                            "INSERT INTO stock_batches (first_serial, count, loaded, actor)"
                            " VALUES (?, ?, ?, ?)",
                            error);
  if (batch == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (batch, 1, data->first_serial);
  kiosk_db_stmt_bind_int64 (batch, 2, data->count);
  kiosk_db_stmt_bind_int64 (batch, 3, now);
  kiosk_db_stmt_bind_text (batch, 4, data->actor);
  if (!kiosk_db_stmt_run (batch, error))
    return FALSE;
  data->batch = kiosk_db_last_insert_rowid (db);

  card = kiosk_db_prepare (db,
                           "INSERT INTO cards (serial, batch_id, state, updated)"
                           " VALUES (?, ?, 'in_stock', ?)",
                           error);
  if (card == NULL)
    return FALSE;
  for (i = 0; i < data->count; i++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *serial
          = g_strdup_printf ("%s%0*" G_GUINT64_FORMAT, prefix, width, first + i);

      kiosk_db_stmt_reset (card, TRUE);
      kiosk_db_stmt_bind_text (card, 1, serial);
      kiosk_db_stmt_bind_int64 (card, 2, data->batch);
      kiosk_db_stmt_bind_int64 (card, 3, now);
      if (!kiosk_db_stmt_run (card, &local_error))
        {
          if (g_error_matches (local_error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT))
            g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                         "card %s is already known; the batch is refused", serial);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (i + 1 == data->count)
        last = g_steal_pointer (&serial);
    }

  detail = g_strdup_printf ("batch %" G_GINT64_FORMAT ": %u cards %s…%s", data->batch, data->count,
                            data->first_serial, last);
  return kiosk_store_audit_append (data->store, data->actor, "stock.load", detail, error) > 0;
}

gint64
kiosk_store_stock_load_batch (
    KioskStore *store, const char *first_serial, guint count, const char *actor, GError **error)
{
  BatchData data = { store, first_serial, count, actor, 0 };

  g_return_val_if_fail (KIOSK_IS_STORE (store), 0);

  if (!kiosk_store_check_text ("actor", actor, 64, error))
    return 0;
  if (count == 0 || count > MAX_BATCH)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "a batch holds 1 to %d cards, not %u", MAX_BATCH, count);
      return 0;
    }
  if (!kiosk_db_transaction (store->db, load_batch_tx, &data, error))
    return 0;
  g_debug ("stock: batch %" G_GINT64_FORMAT " loaded, %u cards from %s", data.batch, count,
           first_serial);
  return data.batch;
}

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *wanted; /* a given card, or NULL for the next one */
  char *serial;       /* out */
} TakeData;

static gboolean
take_tx (KioskDb *db, gpointer user_data, GError **error)
{
  TakeData *data = user_data;
  g_autoptr (KioskDbStmt) next = NULL;
  g_autoptr (KioskDbStmt) update = NULL;
  gboolean open = FALSE;
  gint64 session_id;

  session_id = kiosk_store_lookup_session (data->store, data->uuid, &open, error);
  if (session_id == 0)
    return FALSE;
  if (!open)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED,
                   "session %s is closed; it cannot take a card", data->uuid);
      return FALSE;
    }

  next = kiosk_db_prepare (db,
                           "SELECT serial FROM cards WHERE state = 'in_stock'"
                           " AND (?1 IS NULL OR serial = ?1) ORDER BY batch_id, serial LIMIT 1",
                           error);
  if (next == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (next, 1, data->wanted);
  switch (kiosk_db_stmt_step (next, error))
    {
      case KIOSK_DB_STEP_ROW:
        data->serial = kiosk_db_stmt_dup_column_text (next, 0);
        break;
      case KIOSK_DB_STEP_DONE:
        if (data->wanted != NULL)
          {
            g_autoptr (KioskStockCard) card
                = kiosk_store_stock_get (data->store, data->wanted, error);

            if (card != NULL)
              g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE,
                           "card %s is %s, not in stock", data->wanted,
                           kiosk_card_state_to_string (card->state));
            return FALSE;
          }
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NO_STOCK,
                     "no blank card left in stock");
        return FALSE;
      case KIOSK_DB_STEP_ERROR:
      default:
        return FALSE;
    }

  update = kiosk_db_prepare (db,
                             "UPDATE cards SET state = 'in_machine', session_id = ?, updated = ?"
                             " WHERE serial = ?",
                             error);
  if (update == NULL)
    return FALSE;
  kiosk_db_stmt_bind_int64 (update, 1, session_id);
  kiosk_db_stmt_bind_int64 (update, 2, kiosk_store_now (data->store));
  kiosk_db_stmt_bind_text (update, 3, data->serial);
  return kiosk_db_stmt_run (update, error);
}

char *
kiosk_store_stock_take (KioskStore *store, const char *session_uuid, GError **error)
{
  return kiosk_store_stock_take_serial (store, session_uuid, NULL, error);
}

char *
kiosk_store_stock_take_serial (KioskStore *store,
                               const char *session_uuid,
                               const char *serial,
                               GError **error)
{
  TakeData data = { store, session_uuid, serial, NULL };

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  if (serial != NULL && !kiosk_store_check_text ("card serial", serial, MAX_SERIAL_LEN, error))
    return NULL;

  if (!kiosk_db_transaction (store->db, take_tx, &data, error))
    {
      g_free (data.serial);
      return NULL;
    }
  g_debug ("stock: card %s taken by session %s", data.serial, session_uuid);
  return data.serial;
}

typedef struct
{
  KioskStore *store;
  const char *serial;
  KioskCardState from;
  KioskCardState to;
  const char *reason;
  const char *actor; /* a technician's confirmation, audited */
} MoveData;

static gboolean
move_tx (KioskDb *db, gpointer user_data, GError **error)
{
  MoveData *data = user_data;
  g_autoptr (KioskDbStmt) update = NULL;
  g_autoptr (KioskStockCard) card = NULL;

  card = kiosk_store_stock_get (data->store, data->serial, error);
  if (card == NULL)
    return FALSE;
  if (card->state != data->from)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE,
                   "card %s is %s; only a card %s can become %s", data->serial,
                   kiosk_card_state_to_string (card->state),
                   kiosk_card_state_to_string (data->from), kiosk_card_state_to_string (data->to));
      return FALSE;
    }

  update = kiosk_db_prepare (
      db, "UPDATE cards SET state = ?, reason = ?, updated = ? WHERE serial = ?", error);
  if (update == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (update, 1, kiosk_card_state_to_string (data->to));
  kiosk_db_stmt_bind_text (update, 2, data->reason);
  kiosk_db_stmt_bind_int64 (update, 3, kiosk_store_now (data->store));
  kiosk_db_stmt_bind_text (update, 4, data->serial);
  if (!kiosk_db_stmt_run (update, error))
    return FALSE;

  if (data->actor != NULL)
    {
      g_autofree char *detail = g_strdup_printf (
          "card %s: %s → %s (%s)", data->serial, kiosk_card_state_to_string (data->from),
          kiosk_card_state_to_string (data->to), data->reason);
      if (kiosk_store_audit_append (data->store, data->actor, "stock.confirm", detail, error) <= 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
move (MoveData *data, GError **error)
{
  if (!kiosk_store_check_text ("card serial", data->serial, MAX_SERIAL_LEN, error))
    return FALSE;
  if (!kiosk_db_transaction (data->store->db, move_tx, data, error))
    return FALSE;
  g_debug ("stock: card %s %s → %s", data->serial, kiosk_card_state_to_string (data->from),
           kiosk_card_state_to_string (data->to));
  return TRUE;
}

gboolean
kiosk_store_stock_mark_issued (KioskStore *store, const char *serial, GError **error)
{
  MoveData data = { store, serial, KIOSK_CARD_IN_MACHINE, KIOSK_CARD_ISSUED, NULL, NULL };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);
  return move (&data, error);
}

gboolean
kiosk_store_stock_mark_spoiled (KioskStore *store,
                                const char *serial,
                                const char *reason,
                                GError **error)
{
  MoveData data = { store, serial, KIOSK_CARD_IN_MACHINE, KIOSK_CARD_SPOILED, reason, NULL };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!kiosk_store_check_text ("the reason a card is spoiled", reason, 256, error))
    return FALSE;
  return move (&data, error);
}

gboolean
kiosk_store_stock_mark_uncertain (KioskStore *store,
                                  const char *serial,
                                  const char *reason,
                                  GError **error)
{
  MoveData data = { store, serial, KIOSK_CARD_IN_MACHINE, KIOSK_CARD_UNCERTAIN, reason, NULL };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!kiosk_store_check_text ("the reason a card is uncertain", reason, 256, error))
    return FALSE;
  return move (&data, error);
}

gboolean
kiosk_store_stock_confirm (KioskStore *store,
                           const char *serial,
                           KioskCardState state,
                           const char *actor,
                           const char *reason,
                           GError **error)
{
  g_autofree char *why = NULL;
  MoveData data = { store, serial, KIOSK_CARD_UNCERTAIN, state, NULL, actor };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (state != KIOSK_CARD_ISSUED && state != KIOSK_CARD_SPOILED)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "an uncertain card is confirmed as issued or spoiled");
      return FALSE;
    }
  if (!kiosk_store_check_text ("actor", actor, 64, error)
      || !kiosk_store_check_text ("the reason of a confirmation", reason, 256, error))
    return FALSE;
  why = g_strdup_printf ("confirmed by %s: %s", actor, reason);
  data.reason = why;
  return move (&data, error);
}

gboolean
kiosk_store_stock_counts (KioskStore *store, gint64 counts[KIOSK_CARD_N_STATES], GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;
  KioskDbStep step;
  int i;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  for (i = 0; i < KIOSK_CARD_N_STATES; i++)
    counts[i] = 0;
  stmt = kiosk_db_prepare (store->db, "SELECT state, count (*) FROM cards GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    {
      int state = kiosk_card_state_from_string (kiosk_db_stmt_column_text (stmt, 0));
      if (state >= 0)
        counts[state] = kiosk_db_stmt_column_int64 (stmt, 1);
    }
  return step == KIOSK_DB_STEP_DONE;
}

#define CARD_COLUMNS                                                                               \
  "c.serial, c.batch_id, c.state, s.uuid, c.reason, c.updated"                                     \
  " FROM cards c LEFT JOIN sessions s ON s.id = c.session_id"

static KioskStockCard *
card_from_row (KioskDbStmt *stmt)
{
  KioskStockCard *card = g_new0 (KioskStockCard, 1);
  int state = kiosk_card_state_from_string (kiosk_db_stmt_column_text (stmt, 2));

  card->serial = kiosk_db_stmt_dup_column_text (stmt, 0);
  card->batch = kiosk_db_stmt_column_int64 (stmt, 1);
  card->state = state >= 0 ? (KioskCardState) state : KIOSK_CARD_UNCERTAIN;
  card->session = kiosk_db_stmt_dup_column_text (stmt, 3);
  card->reason = kiosk_db_stmt_dup_column_text (stmt, 4);
  card->updated = kiosk_db_stmt_column_int64 (stmt, 5);
  return card;
}

KioskStockCard *
kiosk_store_stock_get (KioskStore *store, const char *serial, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  if (!kiosk_store_check_text ("card serial", serial, MAX_SERIAL_LEN, error))
    return NULL;
  stmt = kiosk_db_prepare (store->db, "SELECT " CARD_COLUMNS " WHERE c.serial = ?", error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_text (stmt, 1, serial);
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_ROW:
        return card_from_row (stmt);
      case KIOSK_DB_STEP_DONE:
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND,
                     "no card %s in stock records", serial);
        return NULL;
      case KIOSK_DB_STEP_ERROR:
      default:
        return NULL;
    }
}

GPtrArray *
kiosk_store_stock_list (KioskStore *store, int state, GError **error)
{
  g_autoptr (GPtrArray) cards
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_stock_card_free);
  g_autoptr (KioskDbStmt) stmt = NULL;
  KioskDbStep step;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (state >= -1 && state < KIOSK_CARD_N_STATES, NULL);

  if (state < 0)
    stmt = kiosk_db_prepare (store->db, "SELECT " CARD_COLUMNS " ORDER BY c.serial", error);
  else
    stmt = kiosk_db_prepare (store->db,
                             "SELECT " CARD_COLUMNS " WHERE c.state = ? ORDER BY c.serial", error);
  if (stmt == NULL)
    return NULL;
  if (state >= 0)
    kiosk_db_stmt_bind_text (stmt, 1, kiosk_card_state_to_string (state));
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    g_ptr_array_add (cards, card_from_row (stmt));
  if (step == KIOSK_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&cards);
}
