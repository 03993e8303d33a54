/* kiosk-center-sim-db.c — the simulator's schema, seeding and one handler per call
 *
 * Days in the card table are kept as the demo data writes them ("today-7" or
 * YYYY-MM-DD) and resolved against the sim's "today" on every read. A call
 * that changes a card writes all its days as fixed dates, so a card stays
 * consistent once somebody acted on it.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-center-sim-private.h"

#include <string.h>

#include "kiosk-audit-head.h"
#include "kiosk-card-number.h"
#include "kiosk-center-wire.h"
#include "kiosk-rules.h"

static const KioskDbMigration migrations[] = {
  { 1, "center simulator: people, cards, applications, idempotency",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE person ("
    "  id_number TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  id_type TEXT NOT NULL,"
    "  nation TEXT NOT NULL,"
    "  insured INTEGER NOT NULL,"
    "  newly_insured INTEGER NOT NULL,"
    "  deceased INTEGER NOT NULL,"
    "  cross_province_registered INTEGER NOT NULL,"
    "  has_usable_old_medical_card INTEGER NOT NULL,"
    "  hospitalised_on_old_card INTEGER NOT NULL,"
    "  face_match INTEGER NOT NULL,"
    "  demo_key TEXT);"
    "CREATE TABLE application ("
    "  id TEXT PRIMARY KEY,"
    "  holder TEXT NOT NULL REFERENCES person (id_number),"
    "  status TEXT NOT NULL CHECK (status IN"
    "    ('open', 'issued', 'spoiled', 'cancelled', 'superseded')),"
    "  card_number TEXT NOT NULL,"
    "  bank TEXT NOT NULL,"
    "  created_on TEXT NOT NULL,"
    "  spoiled_step TEXT,"
    "  script TEXT NOT NULL);"
    "CREATE TABLE card ("
    "  id INTEGER PRIMARY KEY,"
    "  holder TEXT NOT NULL REFERENCES person (id_number),"
    "  number TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  pre_account_failure TEXT NOT NULL,"
    "  bank TEXT,"
    "  pickup_window TEXT,"
    "  issued_on TEXT,"
    "  financial_activated_on TEXT,"
    "  social_activated INTEGER NOT NULL,"
    "  temporary_loss_on TEXT,"
    "  formal_loss_social_on TEXT,"
    "  formal_loss_financial_on TEXT,"
    "  damaged INTEGER NOT NULL,"
    "  replaced INTEGER NOT NULL,"
    "  temporary_valid_until TEXT,"
    "  handed_back INTEGER NOT NULL,"
    "  application_id TEXT REFERENCES application (id),"
    "  voided INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX card_holder ON card (holder);"
    "CREATE TABLE idempotency ("
    "  key TEXT PRIMARY KEY,"
    "  call TEXT NOT NULL,"
    "  request_hash TEXT NOT NULL,"
    "  reply TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);",
    NULL },
  { 2, "center simulator: production result of temporary cards",
    "ALTER TABLE card ADD COLUMN production_result TEXT"
    "  CHECK (production_result IN ('issued', 'spoiled'));"
    "ALTER TABLE card ADD COLUMN spoiled_step TEXT;",
    NULL },
  { 3, "center simulator: the correspondence address and postal code of an application",
    "ALTER TABLE application ADD COLUMN address TEXT;"
    "ALTER TABLE application ADD COLUMN postal_code TEXT;",
    NULL },
  { 4, "center simulator: the audit heads the kiosk sent with its results (issue 7 §6)",
    "CREATE TABLE audit_witness ("
    "  seq INTEGER NOT NULL CHECK (seq > 0),"
    "  hash TEXT NOT NULL,"
    "  received_on TEXT NOT NULL,"
    "  PRIMARY KEY (seq, hash));",
    NULL },
};

const KioskDbMigration *
kiosk_center_sim_db_migrations (gsize *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

/* ---- meta ---- */

static gboolean
meta_get (KioskDb *db, const char *key, char **out, GError **error)
{
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (db, "SELECT value FROM meta WHERE key = ?", error);
  KioskDbStep step;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, key);
  step = kiosk_db_stmt_step (stmt, error);
  if (step == KIOSK_DB_STEP_ERROR)
    return FALSE;
  if (step == KIOSK_DB_STEP_ROW)
    *out = kiosk_db_stmt_dup_column_text (stmt, 0);
  return TRUE;
}

static gboolean
meta_set (KioskDb *db, const char *key, const char *value, GError **error)
{
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (db,
                          "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                          "SET value = excluded.value",
                          error);

  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, key);
  kiosk_db_stmt_bind_text (stmt, 2, value);
  return kiosk_db_stmt_run (stmt, error);
}

/* The next value of a counter, from 1. */
static gboolean
next_serial (KioskDb *db, const char *name, guint64 *out, GError **error)
{
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  guint64 n = 0;

  if (!meta_get (db, name, &value, error))
    return FALSE;
  if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 0, 9999999, &n, NULL))
    {
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE,
                   "the simulator's counter %s is damaged", name);
      return FALSE;
    }
  if (n >= 9999999)
    {
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE,
                   "the simulator's counter %s is exhausted", name);
      return FALSE;
    }
  n++;
  text = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  if (!meta_set (db, name, text, error))
    return FALSE;
  *out = n;
  return TRUE;
}

/* A new card number: prefix letter + 7 digits + check character, skipping
 * numbers the demo data already uses and numbers whose check character is
 * '*' (it would read like a masked digit on a receipt). */
static char *
new_card_number (KioskDb *db, char prefix, GError **error)
{
  g_autoptr (KioskDbStmt) exists
      = kiosk_db_prepare (db, "SELECT 1 FROM card WHERE number = ?", error);

  if (exists == NULL)
    return NULL;
  for (;;)
    {
      guint64 n;
      char body[KIOSK_CARD_NUMBER_BODY_LEN + 1];
      g_autofree char *number = NULL;
      KioskDbStep step;

      if (!next_serial (db, prefix == 'T' ? "temporary_card_serial" : "card_serial", &n, error))
        return NULL;
      g_snprintf (body, sizeof body, "%c%07" G_GUINT64_FORMAT, prefix, n);
      if (kiosk_card_number_check_char (body) == '*')
        continue;
      number = g_strdup_printf ("%s%c", body, kiosk_card_number_check_char (body));
      kiosk_db_stmt_reset (exists, TRUE);
      kiosk_db_stmt_bind_text (exists, 1, number);
      step = kiosk_db_stmt_step (exists, error);
      if (step == KIOSK_DB_STEP_ERROR)
        return NULL;
      if (step == KIOSK_DB_STEP_DONE)
        return g_steal_pointer (&number);
    }
}

gboolean
kiosk_center_sim_db_is_seeded (KioskDb *db, gboolean *seeded, GError **error)
{
  g_autofree char *value = NULL;

  if (!meta_get (db, "seeded", &value, error))
    return FALSE;
  *seeded = value != NULL;
  return TRUE;
}

/* ---- seeding ---- */

static gboolean
seed_card (KioskDb *db, const KioskDemoPerson *p, const KioskDemoCard *c, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (
      db,
      "INSERT INTO card (holder, number, kind, stage, pre_account_failure, bank, pickup_window,"
      " issued_on, financial_activated_on, social_activated, temporary_loss_on,"
      " formal_loss_social_on, formal_loss_financial_on, damaged, replaced,"
      " temporary_valid_until, handed_back)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      error);

  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, p->id_number);
  kiosk_db_stmt_bind_text (stmt, 2, c->number);
  kiosk_db_stmt_bind_text (stmt, 3, kiosk_card_kind_to_string (c->kind));
  kiosk_db_stmt_bind_text (stmt, 4, kiosk_card_stage_to_string (c->stage));
  kiosk_db_stmt_bind_text (stmt, 5, kiosk_pre_account_failure_to_string (c->pre_account_failure));
  kiosk_db_stmt_bind_text (stmt, 6, c->bank);
  kiosk_db_stmt_bind_text (stmt, 7, c->window);
  kiosk_db_stmt_bind_text (stmt, 8, c->issued_on);
  kiosk_db_stmt_bind_text (stmt, 9, c->financial_activated_on);
  kiosk_db_stmt_bind_int64 (stmt, 10, c->social_activated);
  kiosk_db_stmt_bind_text (stmt, 11, c->temporary_loss_on);
  kiosk_db_stmt_bind_text (stmt, 12, c->formal_loss_social_on);
  kiosk_db_stmt_bind_text (stmt, 13, c->formal_loss_financial_on);
  kiosk_db_stmt_bind_int64 (stmt, 14, c->damaged);
  kiosk_db_stmt_bind_int64 (stmt, 15, c->replaced);
  kiosk_db_stmt_bind_text (stmt, 16, c->temporary_valid_until);
  kiosk_db_stmt_bind_int64 (stmt, 17, c->handed_back);
  return kiosk_db_stmt_run (stmt, error);
}

gboolean
kiosk_center_sim_db_seed (KioskDb *db, const KioskDemoPeople *people, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (
      db,
      "INSERT INTO person (id_number, name, id_type, nation, insured, newly_insured, deceased,"
      " cross_province_registered, has_usable_old_medical_card, hospitalised_on_old_card,"
      " face_match, demo_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < people->people->len; i++)
    {
      const KioskDemoPerson *p = people->people->pdata[i];

      kiosk_db_stmt_reset (stmt, TRUE);
      kiosk_db_stmt_bind_text (stmt, 1, p->id_number);
      kiosk_db_stmt_bind_text (stmt, 2, p->name);
      kiosk_db_stmt_bind_text (stmt, 3, p->id_type);
      kiosk_db_stmt_bind_text (stmt, 4, p->nation);
      kiosk_db_stmt_bind_int64 (stmt, 5, p->insured);
      kiosk_db_stmt_bind_int64 (stmt, 6, p->newly_insured);
      kiosk_db_stmt_bind_int64 (stmt, 7, p->deceased);
      kiosk_db_stmt_bind_int64 (stmt, 8, p->cross_province_registered);
      kiosk_db_stmt_bind_int64 (stmt, 9, p->has_usable_old_medical_card);
      kiosk_db_stmt_bind_int64 (stmt, 10, p->hospitalised_on_old_card);
      kiosk_db_stmt_bind_int64 (stmt, 11, p->face_match);
      kiosk_db_stmt_bind_text (stmt, 12, p->key);
      if (!kiosk_db_stmt_run (stmt, error))
        return FALSE;
      for (guint j = 0; j < p->cards->len; j++)
        if (!seed_card (db, p, p->cards->pdata[j], error))
          return FALSE;
    }
  return meta_set (db, "seeded", "demo-people.ini", error);
}

/* ---- loading a person ---- */

typedef struct
{
  KioskPerson *person;
  GArray *rowids; /* gint64, parallel to person->cards */
  gboolean face_match;
  char *nation;
} Loaded;

static void
loaded_clear (Loaded *l)
{
  g_clear_pointer (&l->person, kiosk_person_free);
  g_clear_pointer (&l->rowids, g_array_unref);
  g_clear_pointer (&l->nation, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loaded, loaded_clear)

static gboolean
damaged_data (GError **error, const char *what)
{
  g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE,
               "the simulator's database has a bad %s", what);
  return FALSE;
}

static gboolean
column_day (KioskCenterSimContext *ctx, KioskDbStmt *stmt, int column, GDate *out, GError **error)
{
  const char *spec = kiosk_db_stmt_column_text (stmt, column);

  g_date_clear (out, 1);
  if (spec == NULL)
    return TRUE;
  if (!kiosk_demo_people_resolve_day (spec, &ctx->today, out))
    return damaged_data (error, kiosk_db_stmt_column_name (stmt, column));
  return TRUE;
}

static KioskCard *
card_from_row (KioskCenterSimContext *ctx, KioskDbStmt *stmt, GError **error)
{
  KioskCardKind kind;
  g_autoptr (KioskCard) card = NULL;

  if (!kiosk_card_kind_from_string (kiosk_db_stmt_column_text (stmt, 2), &kind))
    {
      damaged_data (error, "card kind");
      return NULL;
    }
  card = kiosk_card_new (kind);
  card->card_number = kiosk_db_stmt_dup_column_text (stmt, 1);
  if (!kiosk_card_stage_from_string (kiosk_db_stmt_column_text (stmt, 3), &card->stage))
    {
      damaged_data (error, "card stage");
      return NULL;
    }
  if (!kiosk_pre_account_failure_from_string (kiosk_db_stmt_column_text (stmt, 4),
                                              &card->pre_account_failure))
    {
      damaged_data (error, "pre-account failure");
      return NULL;
    }
  card->bank = kiosk_db_stmt_dup_column_text (stmt, 5);
  card->window = kiosk_db_stmt_dup_column_text (stmt, 6);
  card->social_activated = kiosk_db_stmt_column_int64 (stmt, 9) != 0;
  card->damaged = kiosk_db_stmt_column_int64 (stmt, 13) != 0;
  card->replaced = kiosk_db_stmt_column_int64 (stmt, 14) != 0;
  card->handed_back = kiosk_db_stmt_column_int64 (stmt, 16) != 0;
  if (!column_day (ctx, stmt, 7, &card->issued_on, error)
      || !column_day (ctx, stmt, 8, &card->financial_activated_on, error)
      || !column_day (ctx, stmt, 10, &card->temporary_loss_on, error)
      || !column_day (ctx, stmt, 11, &card->formal_loss_social_on, error)
      || !column_day (ctx, stmt, 12, &card->formal_loss_financial_on, error)
      || !column_day (ctx, stmt, 15, &card->temporary_valid_until, error))
    return NULL;
  card->formal_loss_social = g_date_valid (&card->formal_loss_social_on);
  card->formal_loss_financial = g_date_valid (&card->formal_loss_financial_on);
  return g_steal_pointer (&card);
}

static gboolean
load_person (KioskCenterSimContext *ctx, const char *id_number, Loaded *out, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;
  KioskDbStep step;

  stmt = kiosk_db_prepare (ctx->db,
                           "SELECT name, insured, newly_insured, deceased,"
                           " cross_province_registered, has_usable_old_medical_card,"
                           " hospitalised_on_old_card, face_match, nation"
                           " FROM person WHERE id_number = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, id_number);
  step = kiosk_db_stmt_step (stmt, error);
  if (step == KIOSK_DB_STEP_ERROR)
    return FALSE;
  if (step == KIOSK_DB_STEP_DONE)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND,
                           "the center knows nobody with this ID number");
      return FALSE;
    }
  out->person = kiosk_person_new ();
  out->person->id_number = g_strdup (id_number);
  out->person->name = kiosk_db_stmt_dup_column_text (stmt, 0);
  out->person->insured = kiosk_db_stmt_column_int64 (stmt, 1) != 0;
  out->person->newly_insured = kiosk_db_stmt_column_int64 (stmt, 2) != 0;
  out->person->deceased = kiosk_db_stmt_column_int64 (stmt, 3) != 0;
  out->person->cross_province_registered = kiosk_db_stmt_column_int64 (stmt, 4) != 0;
  out->person->has_usable_old_medical_card = kiosk_db_stmt_column_int64 (stmt, 5) != 0;
  out->person->hospitalised_on_old_card = kiosk_db_stmt_column_int64 (stmt, 6) != 0;
  out->face_match = kiosk_db_stmt_column_int64 (stmt, 7) != 0;
  out->nation = kiosk_db_stmt_dup_column_text (stmt, 8);
  out->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_clear_pointer (&stmt, kiosk_db_stmt_free);

  stmt = kiosk_db_prepare (ctx->db,
                           "SELECT id, number, kind, stage, pre_account_failure, bank,"
                           " pickup_window, issued_on, financial_activated_on, social_activated,"
                           " temporary_loss_on, formal_loss_social_on, formal_loss_financial_on,"
                           " damaged, replaced, temporary_valid_until, handed_back"
                           " FROM card WHERE holder = ? AND voided = 0 ORDER BY id",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, id_number);
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    {
      KioskCard *card = card_from_row (ctx, stmt, error);
      gint64 rowid = kiosk_db_stmt_column_int64 (stmt, 0);

      if (card == NULL)
        return FALSE;
      kiosk_person_add_card (out->person, card);
      g_array_append_val (out->rowids, rowid);
    }
  return step == KIOSK_DB_STEP_DONE;
}

/* ---- writing cards ---- */

static void
bind_day (KioskDbStmt *stmt, int index, const GDate *date)
{
  g_autofree char *text = kiosk_center_wire_format_date (date);

  kiosk_db_stmt_bind_text (stmt, index, text);
}

/* Binds every mutable column of `card` as parameters 1…14 (days as fixed
 * dates). */
static void
bind_card_state (KioskCenterSimContext *ctx, KioskDbStmt *stmt, const KioskCard *card)
{
  kiosk_db_stmt_bind_text (stmt, 1, kiosk_card_stage_to_string (card->stage));
  kiosk_db_stmt_bind_text (stmt, 2,
                           kiosk_pre_account_failure_to_string (card->pre_account_failure));
  kiosk_db_stmt_bind_text (stmt, 3, card->bank);
  kiosk_db_stmt_bind_text (stmt, 4, card->window);
  bind_day (stmt, 5, &card->issued_on);
  bind_day (stmt, 6, &card->financial_activated_on);
  kiosk_db_stmt_bind_int64 (stmt, 7, card->social_activated);
  bind_day (stmt, 8, &card->temporary_loss_on);
  if (card->formal_loss_social)
    bind_day (stmt, 9,
              g_date_valid (&card->formal_loss_social_on) ? &card->formal_loss_social_on
                                                          : &ctx->today);
  if (card->formal_loss_financial)
    bind_day (stmt, 10,
              g_date_valid (&card->formal_loss_financial_on) ? &card->formal_loss_financial_on
                                                             : &ctx->today);
  kiosk_db_stmt_bind_int64 (stmt, 11, card->damaged);
  kiosk_db_stmt_bind_int64 (stmt, 12, card->replaced);
  bind_day (stmt, 13, &card->temporary_valid_until);
  kiosk_db_stmt_bind_int64 (stmt, 14, card->handed_back);
}

static gboolean
save_card (KioskCenterSimContext *ctx, gint64 rowid, const KioskCard *card, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (
      ctx->db,
      "UPDATE card SET stage = ?1, pre_account_failure = ?2, bank = ?3, pickup_window = ?4,"
      " issued_on = ?5, financial_activated_on = ?6, social_activated = ?7,"
      " temporary_loss_on = ?8, formal_loss_social_on = ?9, formal_loss_financial_on = ?10,"
      " damaged = ?11, replaced = ?12, temporary_valid_until = ?13, handed_back = ?14"
      " WHERE id = ?15",
      error);

  if (stmt == NULL)
    return FALSE;
  bind_card_state (ctx, stmt, card);
  kiosk_db_stmt_bind_int64 (stmt, 15, rowid);
  return kiosk_db_stmt_run (stmt, error);
}

static gboolean
insert_card (KioskCenterSimContext *ctx,
             const char *holder,
             const KioskCard *card,
             const char *application_id,
             GError **error)
{
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (
      ctx->db,
      "INSERT INTO card (stage, pre_account_failure, bank, pickup_window, issued_on,"
      " financial_activated_on, social_activated, temporary_loss_on, formal_loss_social_on,"
      " formal_loss_financial_on, damaged, replaced, temporary_valid_until, handed_back,"
      " holder, number, kind, application_id)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
      error);

  if (stmt == NULL)
    return FALSE;
  bind_card_state (ctx, stmt, card);
  kiosk_db_stmt_bind_text (stmt, 15, holder);
  kiosk_db_stmt_bind_text (stmt, 16, card->card_number);
  kiosk_db_stmt_bind_text (stmt, 17, kiosk_card_kind_to_string (card->kind));
  kiosk_db_stmt_bind_text (stmt, 18, application_id);
  return kiosk_db_stmt_run (stmt, error);
}

/* ---- request fields ---- */

static gboolean
req_str (GVariant *request, const char *key, gboolean required, const char **out, GError **error)
{
  g_autoptr (GVariant) value = g_variant_lookup_value (request, key, NULL);

  *out = NULL;
  if (value == NULL)
    {
      if (!required)
        return TRUE;
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                   "the request has no \"%s\"", key);
      return FALSE;
    }
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                   "the request's \"%s\" is not a string", key);
      return FALSE;
    }
  /* The request outlives this lookup; the string stays valid. */
  *out = g_variant_get_string (value, NULL);
  return TRUE;
}

static GBytes *
req_bytes (GVariant *request, const char *key)
{
  g_autoptr (GVariant) value = g_variant_lookup_value (request, key, G_VARIANT_TYPE_BYTESTRING);

  return value != NULL ? g_variant_get_data_as_bytes (value) : NULL;
}

static gboolean
req_person (KioskCenterSimContext *ctx, GVariant *request, Loaded *loaded, GError **error)
{
  const char *id_number;

  if (!req_str (request, "id_number", TRUE, &id_number, error))
    return FALSE;
  if (!kiosk_center_wire_id_number_is_valid (id_number))
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "not an 18-character ID number with a valid check digit");
      return FALSE;
    }
  return load_person (ctx, id_number, loaded, error);
}

/* The index of the card the request names ("card_number", or the current
 * card); -1 with NOT_FOUND for a number the person does not have; -2 when
 * no number was given and the person has no current card (the rules then
 * refuse with the service's own rule). */
static int
req_card (GVariant *request, const Loaded *loaded, GError **error)
{
  const char *number;
  const KioskCard *current;

  if (!req_str (request, "card_number", FALSE, &number, error))
    return -1;
  current = number == NULL ? kiosk_person_current_card (loaded->person) : NULL;
  if (number == NULL && current == NULL)
    return -2;
  for (guint i = 0; i < loaded->person->cards->len; i++)
    {
      const KioskCard *card = loaded->person->cards->pdata[i];

      if (number != NULL ? g_strcmp0 (card->card_number, number) == 0 : card == current)
        return (int) i;
    }
  g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND,
                       "this person has no card with this number");
  return -1;
}

/* ---- the calls ---- */

static GVariant *
handle_lookup (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  g_auto (Loaded) loaded = { 0 };

  if (!req_person (ctx, request, &loaded, error))
    return NULL;
  return kiosk_center_wire_person_to_variant (loaded.person);
}

/* The progress of `card`, as get_progress answers it. */
static GVariant *
progress_reply (const KioskCard *card)
{
  g_autoptr (KioskProgress) progress = kiosk_progress_new ();

  progress->stage = card->stage;
  progress->kind = card->kind;
  progress->card_number = g_strdup (card->card_number);
  progress->window = g_strdup (card->window);
  progress->bank = g_strdup (card->bank);
  progress->pre_account_failure = card->pre_account_failure;
  progress->text = kiosk_rules_progress_text (card);
  return kiosk_center_wire_progress_to_variant (progress);
}

/* A green-channel application whose card was spoiled at a kiosk (the card
 * voided, the application still open: ISSUANCE.md) has no card to report,
 * but it is not "nothing found": its stage is said, with the bank, so that
 * the kiosk names the window of that bank. NULL without one. */
static GVariant *
spoiled_application_reply (KioskCenterSimContext *ctx, const char *holder, GError **error)
{
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (ctx->db,
                          "SELECT bank FROM application WHERE holder = ? AND status = 'spoiled'"
                          " ORDER BY created_on DESC, id DESC LIMIT 1",
                          error);
  g_autoptr (KioskProgress) progress = NULL;
  KioskDbStep step;

  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_text (stmt, 1, holder);
  step = kiosk_db_stmt_step (stmt, error);
  if (step != KIOSK_DB_STEP_ROW)
    return NULL;
  progress = kiosk_progress_new ();
  progress->stage = KIOSK_CARD_STAGE_APPLIED;
  progress->kind = KIOSK_CARD_KIND_FORMAL;
  progress->bank = kiosk_db_stmt_dup_column_text (stmt, 0);
  progress->text
      = g_strdup ("制卡失败：自助机制卡未成功，该卡已作废，您的申请仍然有效。"
                  "可以在本机重新办理“绿色通道 即时制卡”，或持身份证到下列领卡网点重新制卡。");
  return kiosk_center_wire_progress_to_variant (progress);
}

static GVariant *
handle_progress (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  g_auto (Loaded) loaded = { 0 };
  g_autoptr (KioskRefusal) refusal = NULL;
  const KioskCard *card;

  if (!req_person (ctx, request, &loaded, error))
    return NULL;
  if (!loaded.person->deceased && kiosk_person_current_card (loaded.person) == NULL)
    {
      g_autoptr (GError) local = NULL;
      GVariant *reply = spoiled_application_reply (ctx, loaded.person->id_number, &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (reply != NULL)
        return reply;
    }
  refusal = kiosk_rules_check_progress (loaded.person, ctx->policy, &ctx->today);
  if (refusal != NULL)
    return kiosk_center_wire_refusal_reply (refusal);
  card = kiosk_person_current_card (loaded.person);
  if (card == NULL)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND,
                           "this person has no card");
      return NULL;
    }
  return progress_reply (card);
}

typedef enum
{
  LOSS_TEMPORARY,
  LOSS_FORMAL,
  LOSS_UNBLOCK,
} LossAction;

static gboolean
req_functions (GVariant *request, KioskCardFunction *out, GError **error)
{
  g_autoptr (GVariant) value
      = g_variant_lookup_value (request, "functions", G_VARIANT_TYPE_STRING_ARRAY);
  GVariantIter iter;
  const char *name;

  *out = 0;
  if (value == NULL)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "a formal loss names its functions");
      return FALSE;
    }
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "&s", &name))
    {
      if (g_str_equal (name, "social"))
        *out |= KIOSK_CARD_FUNCTION_SOCIAL;
      else if (g_str_equal (name, "financial"))
        *out |= KIOSK_CARD_FUNCTION_FINANCIAL;
      else
        {
          g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                       "unknown card function \"%s\"", name);
          return FALSE;
        }
    }
  if (*out == 0)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "a formal loss names its functions");
      return FALSE;
    }
  return TRUE;
}

static GVariant *
handle_loss (KioskCenterSimContext *ctx, LossAction action, GVariant *request, GError **error)
{
  g_auto (Loaded) loaded = { 0 };
  g_autoptr (KioskRefusal) refusal = NULL;
  KioskCardFunction functions = 0;
  KioskCard *card;
  int index;

  if (action == LOSS_FORMAL && !req_functions (request, &functions, error))
    return NULL;
  if (!req_person (ctx, request, &loaded, error))
    return NULL;
  /* R17 comes first, even before looking for the card. */
  if (loaded.person->deceased)
    {
      refusal = kiosk_rules_check_temporary_loss (loaded.person, NULL, ctx->policy, &ctx->today);
      if (refusal != NULL)
        return kiosk_center_wire_refusal_reply (refusal);
    }
  index = req_card (request, &loaded, error);
  if (index == -1)
    return NULL;
  card = index >= 0 ? loaded.person->cards->pdata[index] : NULL;

  switch (action)
    {
      case LOSS_TEMPORARY:
        refusal = kiosk_rules_check_temporary_loss (loaded.person, card, ctx->policy, &ctx->today);
        break;
      case LOSS_FORMAL:
        refusal = kiosk_rules_check_formal_loss (loaded.person, card, functions, ctx->policy,
                                                 &ctx->today);
        break;
      case LOSS_UNBLOCK:
      default:
        refusal = kiosk_rules_check_unblock (loaded.person, card, ctx->policy, &ctx->today);
        break;
    }
  if (refusal != NULL)
    return kiosk_center_wire_refusal_reply (refusal);
  if (card == NULL)
    {
      /* The rules refuse a service without a card; this is a safety net. */
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND,
                           "this person has no card");
      return NULL;
    }

  switch (action)
    {
      case LOSS_TEMPORARY:
        card->temporary_loss_on = ctx->today;
        break;
      case LOSS_FORMAL:
        if (functions & KIOSK_CARD_FUNCTION_SOCIAL)
          {
            card->formal_loss_social = TRUE;
            card->formal_loss_social_on = ctx->today;
          }
        if (functions & KIOSK_CARD_FUNCTION_FINANCIAL)
          {
            card->formal_loss_financial = TRUE;
            card->formal_loss_financial_on = ctx->today;
          }
        break;
      case LOSS_UNBLOCK:
      default:
        g_date_clear (&card->temporary_loss_on, 1);
        break;
    }
  if (!save_card (ctx, g_array_index (loaded.rowids, gint64, index), card, error))
    return NULL;
  return kiosk_center_wire_card_to_variant (card);
}

static GVariant *
handle_temporary_card (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  g_auto (Loaded) loaded = { 0 };
  g_autoptr (KioskRefusal) refusal = NULL;
  g_autoptr (KioskCard) card = NULL;

  if (!req_person (ctx, request, &loaded, error))
    return NULL;
  refusal = kiosk_rules_check_temporary_card (loaded.person, ctx->policy, &ctx->today);
  if (refusal != NULL)
    return kiosk_center_wire_refusal_reply (refusal);

  card = kiosk_card_new (KIOSK_CARD_KIND_TEMPORARY);
  card->stage = KIOSK_CARD_STAGE_COLLECTED;
  card->card_number = new_card_number (ctx->db, 'T', error);
  if (card->card_number == NULL)
    return NULL;
  card->issued_on = ctx->today;
  card->temporary_valid_until = kiosk_rules_temporary_card_valid_until (ctx->policy, &ctx->today);
  if (!insert_card (ctx, loaded.person->id_number, card, NULL, error))
    return NULL;
  return kiosk_center_wire_card_to_variant (card);
}

/* The bank's phone check: a mobile (1[3-9] + 9 digits) or a landline
 * (0 + 9–11 digits, the area code may be set off by one '-' as the kiosk's
 * form writes it: "0431-85570725"). */
static gboolean
pre_account_phone_ok (const char *text)
{
  char phone[16];
  gsize plen = 0;
  gboolean mobile, landline;
  const char *dash = text != NULL ? strchr (text, '-') : NULL;

  if (text == NULL || strlen (text) >= sizeof phone)
    return FALSE;
  /* One dash, between the area code (0 + 2–3 digits) and the number. */
  if (dash != NULL
      && (text[0] != '0' || dash - text < 3 || dash - text > 4 || dash[1] == '\0'
          || strchr (dash + 1, '-') != NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '-')
      phone[plen++] = *p;
  phone[plen] = '\0';

  mobile = plen == 11 && phone[0] == '1' && phone[1] >= '3' && phone[1] <= '9';
  landline = plen >= 10 && plen <= 12 && phone[0] == '0';
  for (gsize i = 0; i < plen && (mobile || landline); i++)
    if (!g_ascii_isdigit (phone[i]))
      mobile = landline = FALSE;
  return mobile || landline;
}

/* The bank's photo check: a JPEG, from SOI (FF D8 FF) to EOI (FF D9). */
static gboolean
pre_account_photo_ok (GBytes *photo)
{
  gsize len = photo != NULL ? g_bytes_get_size (photo) : 0;
  const guint8 *p = photo != NULL ? g_bytes_get_data (photo, NULL) : NULL;

  return len >= 8 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF && p[len - 2] == 0xFF
         && p[len - 1] == 0xD9;
}

/* R3 as the bank's pre-account opening sees it: the kiosk prevents these up
 * front, the simulator still checks them so that a kiosk bug shows. */
static KioskPreAccountFailure
pre_account_check (const KioskPerson *person, const char *name, const char *phone, GBytes *photo)
{
  if (g_strcmp0 (person->name, name) != 0)
    return KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH;
  if (!pre_account_phone_ok (phone))
    return KIOSK_PRE_ACCOUNT_FAILURE_PHONE;
  if (!pre_account_photo_ok (photo))
    return KIOSK_PRE_ACCOUNT_FAILURE_PHOTO;
  return KIOSK_PRE_ACCOUNT_FAILURE_NONE;
}

static GVariant *
r3_refusal (const char *message, KioskPreAccountFailure failure)
{
  g_autoptr (KioskRefusal) refusal = kiosk_refusal_new (
      3, message != NULL ? message : kiosk_pre_account_failure_to_label (failure),
      failure != KIOSK_PRE_ACCOUNT_FAILURE_NONE
          ? kiosk_pre_account_failure_to_remedy (failure)
          : "如有疑问，请持身份证到社会保障卡综合服务窗口咨询，或拨打12333",
      NULL);

  return kiosk_center_wire_refusal_reply (refusal);
}

/* R3: corrected data for a failed pre-account. Only the correction of the
 * card's own reason is taken; the bank checks it again at once (as for the
 * green channel) and the card goes on to production. */
static GVariant *
handle_resubmit (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  g_auto (Loaded) loaded = { 0 };
  g_autoptr (GBytes) photo = req_bytes (request, "photo");
  g_autoptr (GVariant) photo_value = g_variant_lookup_value (request, "photo", NULL);
  KioskPreAccountFailure failure;
  const char *phone;
  KioskCard *card;
  int index;

  if (!req_str (request, "phone", FALSE, &phone, error))
    return NULL;
  if (photo_value != NULL && photo == NULL)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "the request's \"photo\" is not a byte string");
      return NULL;
    }
  if (phone == NULL && photo == NULL)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "a resubmission corrects the phone or the photo");
      return NULL;
    }
  if (!req_person (ctx, request, &loaded, error))
    return NULL;
  /* R17 first, as for every call that acts for a person. */
  if (loaded.person->deceased)
    {
      g_autoptr (KioskRefusal) refusal
          = kiosk_rules_check_progress (loaded.person, ctx->policy, &ctx->today);

      if (refusal != NULL)
        return kiosk_center_wire_refusal_reply (refusal);
    }
  index = req_card (request, &loaded, error);
  if (index == -1)
    return NULL;
  if (index == -2)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND,
                           "this person has no card");
      return NULL;
    }
  card = loaded.person->cards->pdata[index];
  if (card->stage != KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
    return r3_refusal ("这张卡的银行预开户没有失败，无需更正资料", KIOSK_PRE_ACCOUNT_FAILURE_NONE);

  failure = card->pre_account_failure;
  switch (failure)
    {
      case KIOSK_PRE_ACCOUNT_FAILURE_PHOTO:
        if (phone != NULL || photo == NULL)
          return r3_refusal ("预开户失败的原因是照片无法提取，请只更正照片", failure);
        if (!pre_account_photo_ok (photo))
          return r3_refusal (NULL, failure);
        break;
      case KIOSK_PRE_ACCOUNT_FAILURE_PHONE:
        if (photo != NULL || phone == NULL)
          return r3_refusal ("预开户失败的原因是联系电话不合格，请只更正联系电话", failure);
        if (!pre_account_phone_ok (phone))
          return r3_refusal (NULL, failure);
        break;
      case KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH:
      case KIOSK_PRE_ACCOUNT_FAILURE_NONE:
      default:
        /* Name and ID number come from the ID card: only a window can
         * sort out a mismatch. */
        return r3_refusal (NULL, KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH);
    }

  card->stage = KIOSK_CARD_STAGE_IN_PRODUCTION;
  card->pre_account_failure = KIOSK_PRE_ACCOUNT_FAILURE_NONE;
  if (!save_card (ctx, g_array_index (loaded.rowids, gint64, index), card, error))
    return NULL;
  return progress_reply (card);
}

static GVariant *
handle_apply (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  g_auto (Loaded) loaded = { 0 };
  g_autoptr (KioskRefusal) refusal = NULL;
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autoptr (GBytes) photo = req_bytes (request, "photo");
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autofree char *script_text = NULL;
  g_autofree char *created_on = NULL;
  const char *name, *phone, *bank, *nation, *address, *postal_code;
  KioskPreAccountFailure failure;
  KioskCenterSimCardData data = { 0 };
  guint64 serial;

  if (!req_str (request, "name", TRUE, &name, error)
      || !req_str (request, "phone", FALSE, &phone, error)
      || !req_str (request, "bank", FALSE, &bank, error)
      || !req_str (request, "nation", FALSE, &nation, error)
      || !req_str (request, "address", FALSE, &address, error)
      || !req_str (request, "postal_code", FALSE, &postal_code, error)
      || !req_person (ctx, request, &loaded, error))
    return NULL;

  refusal = kiosk_rules_check_green_channel (loaded.person, ctx->policy, &ctx->today);
  if (refusal == NULL)
    {
      const char *chosen[] = { bank, NULL };

      refusal = kiosk_rules_check_bank_choice (bank != NULL ? chosen : NULL);
    }
  if (refusal == NULL)
    {
      failure = pre_account_check (loaded.person, name, phone, photo);
      if (failure != KIOSK_PRE_ACCOUNT_FAILURE_NONE)
        refusal = kiosk_refusal_new (3, kiosk_pre_account_failure_to_label (failure),
                                     kiosk_pre_account_failure_to_remedy (failure), NULL);
    }
  if (refusal != NULL)
    return kiosk_center_wire_refusal_reply (refusal);

  /* A spoiled application left open is replaced by this one. */
  stmt = kiosk_db_prepare (ctx->db,
                           "UPDATE application SET status = 'superseded'"
                           " WHERE holder = ? AND status = 'spoiled'",
                           error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_text (stmt, 1, loaded.person->id_number);
  if (!kiosk_db_stmt_run (stmt, error))
    return NULL;
  g_clear_pointer (&stmt, kiosk_db_stmt_free);

  if (!next_serial (ctx->db, "application_serial", &serial, error))
    return NULL;
  app = kiosk_center_application_new ();
  app->application_id = g_strdup_printf ("SIM-GC-%07" G_GUINT64_FORMAT, serial);
  app->card_number = new_card_number (ctx->db, 'S', error);
  if (app->card_number == NULL)
    return NULL;
  app->bank = g_strdup (bank);

  data.application_id = app->application_id;
  data.id_number = loaded.person->id_number;
  data.name = loaded.person->name;
  data.nation = nation != NULL ? nation : loaded.nation;
  data.card_number = app->card_number;
  data.issued_on = ctx->today;
  app->script = kiosk_center_sim_build_script (&data);
  script_text = kiosk_apdu_script_to_text (app->script);
  created_on = kiosk_center_wire_format_date (&ctx->today);

  stmt = kiosk_db_prepare (ctx->db,
                           "INSERT INTO application (id, holder, status, card_number, bank,"
                           " created_on, script, address, postal_code)"
                           " VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_text (stmt, 1, app->application_id);
  kiosk_db_stmt_bind_text (stmt, 2, loaded.person->id_number);
  kiosk_db_stmt_bind_text (stmt, 3, app->card_number);
  kiosk_db_stmt_bind_text (stmt, 4, app->bank);
  kiosk_db_stmt_bind_text (stmt, 5, created_on);
  kiosk_db_stmt_bind_text (stmt, 6, script_text);
  kiosk_db_stmt_bind_text (stmt, 7, address);
  kiosk_db_stmt_bind_text (stmt, 8, postal_code);
  if (!kiosk_db_stmt_run (stmt, error))
    return NULL;

  /* Green channel: the pre-account opens at once and the card is made here. */
  card = kiosk_card_new (KIOSK_CARD_KIND_FORMAL);
  card->card_number = g_strdup (app->card_number);
  card->stage = KIOSK_CARD_STAGE_IN_PRODUCTION;
  card->bank = g_strdup (app->bank);
  if (!insert_card (ctx, loaded.person->id_number, card, app->application_id, error))
    return NULL;
  return kiosk_center_wire_application_to_variant (app);
}

static gboolean
load_application (KioskCenterSimContext *ctx,
                  const char *application_id,
                  char **status,
                  GError **error)
{
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (ctx->db, "SELECT status FROM application WHERE id = ?", error);
  KioskDbStep step;

  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, application_id);
  step = kiosk_db_stmt_step (stmt, error);
  if (step == KIOSK_DB_STEP_ERROR)
    return FALSE;
  if (step == KIOSK_DB_STEP_DONE)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND,
                           "the center knows no application with this ID");
      return FALSE;
    }
  *status = kiosk_db_stmt_dup_column_text (stmt, 0);
  return TRUE;
}

static gboolean
run_sql (KioskCenterSimContext *ctx,
         const char *sql,
         const char *a,
         const char *b,
         const char *c,
         GError **error)
{
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (ctx->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, a);
  if (b != NULL)
    kiosk_db_stmt_bind_text (stmt, 2, b);
  if (c != NULL)
    kiosk_db_stmt_bind_text (stmt, 3, c);
  return kiosk_db_stmt_run (stmt, error);
}

static GVariant *
ack (const char *status)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "acknowledged", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&b, "{sv}", "status", g_variant_new_string (status));
  return g_variant_builder_end (&b);
}

static GVariant *
wrong_state (GError **error, const char *status, const char *what)
{
  g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE,
               "the application is %s: it cannot be %s", status, what);
  return NULL;
}

/* Issue 7 §6: a result may carry the kiosk's audit head; keep it. The same
 * head again changes nothing; another hash for a seq already witnessed is
 * kept beside it (the kiosk's chain was rewritten: verification shows it). */
static gboolean
keep_audit_head (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  const char *head;
  g_autofree char *hash = NULL;
  g_autofree char *today = NULL;
  g_autoptr (KioskDbStmt) stmt = NULL;
  gint64 seq = 0;

  if (!req_str (request, "audit_head", FALSE, &head, error))
    return FALSE;
  if (head == NULL)
    return TRUE;
  if (!kiosk_audit_head_parse (head, &seq, &hash))
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "an audit head is seq:hash (64 hex digits)");
      return FALSE;
    }
  stmt = kiosk_db_prepare (ctx->db, "SELECT 1 FROM audit_witness WHERE seq = ? AND hash != ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_int64 (stmt, 1, seq);
  kiosk_db_stmt_bind_text (stmt, 2, hash);
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_ROW:
        g_message ("center simulator: audit head %" G_GINT64_FORMAT
                   " differs from the one witnessed before: the kiosk's chain was rewritten",
                   seq);
        break;
      case KIOSK_DB_STEP_DONE:
        break;
      case KIOSK_DB_STEP_ERROR:
      default:
        return FALSE;
    }
  g_clear_pointer (&stmt, kiosk_db_stmt_free);
  stmt = kiosk_db_prepare (ctx->db,
                           "INSERT OR IGNORE INTO audit_witness (seq, hash, received_on)"
                           " VALUES (?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  today = kiosk_center_wire_format_date (&ctx->today);
  kiosk_db_stmt_bind_int64 (stmt, 1, seq);
  kiosk_db_stmt_bind_text (stmt, 2, hash);
  kiosk_db_stmt_bind_text (stmt, 3, today);
  return kiosk_db_stmt_run (stmt, error);
}

static GVariant *
handle_audit_witnesses (KioskCenterSimContext *ctx, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autoptr (GPtrArray) heads = g_ptr_array_new_with_free_func (g_free);
  KioskDbStep step;

  stmt
      = kiosk_db_prepare (ctx->db, "SELECT seq, hash FROM audit_witness ORDER BY seq, hash", error);
  if (stmt == NULL)
    return NULL;
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    g_ptr_array_add (heads, g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                             kiosk_db_stmt_column_int64 (stmt, 0),
                                             kiosk_db_stmt_column_text (stmt, 1)));
  if (step == KIOSK_DB_STEP_ERROR)
    return NULL;
  g_ptr_array_add (heads, NULL);
  return kiosk_center_wire_audit_witnesses_to_variant ((const char *const *) heads->pdata);
}

static GVariant *
handle_report_result (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  const char *id, *result_text, *step;
  g_autofree char *status = NULL;
  g_autofree char *today = kiosk_center_wire_format_date (&ctx->today);
  KioskCenterResult result;

  if (!req_str (request, "application_id", TRUE, &id, error)
      || !req_str (request, "result", TRUE, &result_text, error)
      || !req_str (request, "spoiled_step", FALSE, &step, error))
    return NULL;
  if (!kiosk_center_result_from_string (result_text, &result))
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "a result is issued or spoiled");
      return NULL;
    }
  if (result == KIOSK_CENTER_RESULT_SPOILED && step == NULL)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "a spoiled card names the step at which it stopped");
      return NULL;
    }
  /* The witness first: a malformed head is an invalid request, and a
   * refused result keeps nothing (the transaction is rolled back). */
  if (!keep_audit_head (ctx, request, error) || !load_application (ctx, id, &status, error))
    return NULL;

  if (result == KIOSK_CENTER_RESULT_ISSUED)
    {
      /* Facts are facts: a second report of the same fact changes nothing. */
      if (g_str_equal (status, "issued"))
        return ack ("issued");
      if (!g_str_equal (status, "open"))
        return wrong_state (error, status, "reported issued");
      if (!run_sql (ctx, "UPDATE application SET status = 'issued' WHERE id = ?", id, NULL, NULL,
                    error)
          || !run_sql (ctx,
                       "UPDATE card SET stage = 'collected', issued_on = ?2"
                       " WHERE application_id = ?1 AND voided = 0",
                       id, today, NULL, error))
        return NULL;
      return ack ("issued");
    }

  if (g_str_equal (status, "spoiled"))
    return ack ("spoiled");
  if (!g_str_equal (status, "open"))
    return wrong_state (error, status, "reported spoiled");
  /* The spoiled card is void; the application stays open for a window or
   * a new attempt here (ISSUANCE.md). */
  if (!run_sql (ctx, "UPDATE application SET status = 'spoiled', spoiled_step = ?2 WHERE id = ?1",
                id, step, NULL, error)
      || !run_sql (ctx, "UPDATE card SET voided = 1 WHERE application_id = ?", id, NULL, NULL,
                   error))
    return NULL;
  return ack ("spoiled");
}

/* ISSUANCE.md step 9 for a temporary card: a spoiled one is void (the
 * person may get another), an issued one is recorded. Facts are facts: the
 * same one again is acknowledged, the other one is WRONG_STATE. */
static GVariant *
handle_report_temporary_card (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  const char *id_number, *number, *result_text, *step;
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *reported = NULL;
  KioskCenterResult result;
  KioskDbStep row;
  gint64 rowid = 0;

  if (!req_str (request, "id_number", TRUE, &id_number, error)
      || !req_str (request, "card_number", TRUE, &number, error)
      || !req_str (request, "result", TRUE, &result_text, error)
      || !req_str (request, "spoiled_step", FALSE, &step, error))
    return NULL;
  if (!kiosk_center_wire_id_number_is_valid (id_number))
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "not an 18-character ID number with a valid check digit");
      return NULL;
    }
  if (!kiosk_center_result_from_string (result_text, &result))
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "a result is issued or spoiled");
      return NULL;
    }
  if (result == KIOSK_CENTER_RESULT_SPOILED && step == NULL)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "a spoiled card names the step at which it stopped");
      return NULL;
    }

  /* Voided cards too: a spoiled report repeated under a new key. */
  stmt = kiosk_db_prepare (ctx->db,
                           "SELECT id, kind, production_result FROM card"
                           " WHERE holder = ? AND number = ?",
                           error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_text (stmt, 1, id_number);
  kiosk_db_stmt_bind_text (stmt, 2, number);
  row = kiosk_db_stmt_step (stmt, error);
  if (row == KIOSK_DB_STEP_ERROR)
    return NULL;
  if (row == KIOSK_DB_STEP_ROW)
    {
      rowid = kiosk_db_stmt_column_int64 (stmt, 0);
      kind = kiosk_db_stmt_dup_column_text (stmt, 1);
      reported = kiosk_db_stmt_dup_column_text (stmt, 2);
    }
  if (row == KIOSK_DB_STEP_DONE
      || g_strcmp0 (kind, kiosk_card_kind_to_string (KIOSK_CARD_KIND_TEMPORARY)) != 0)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND,
                           "this person has no temporary card with this number");
      return NULL;
    }
  g_clear_pointer (&stmt, kiosk_db_stmt_free);
  if (!keep_audit_head (ctx, request, error))
    return NULL;

  if (reported != NULL)
    {
      if (g_str_equal (reported, result_text))
        return ack (reported);
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE,
                   "the temporary card was reported %s: it cannot be reported %s", reported,
                   result_text);
      return NULL;
    }
  stmt = kiosk_db_prepare (ctx->db,
                           "UPDATE card SET production_result = ?2, spoiled_step = ?3,"
                           " voided = CASE WHEN ?2 = 'spoiled' THEN 1 ELSE voided END"
                           " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_int64 (stmt, 1, rowid);
  kiosk_db_stmt_bind_text (stmt, 2, result_text);
  kiosk_db_stmt_bind_text (stmt, 3, result == KIOSK_CENTER_RESULT_SPOILED ? step : NULL);
  if (!kiosk_db_stmt_run (stmt, error))
    return NULL;
  return ack (result_text);
}

static GVariant *
handle_cancel (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  const char *id;
  g_autofree char *status = NULL;

  if (!req_str (request, "application_id", TRUE, &id, error)
      || !load_application (ctx, id, &status, error))
    return NULL;
  if (g_str_equal (status, "cancelled"))
    return ack ("cancelled");
  if (g_str_equal (status, "issued"))
    return wrong_state (error, status, "cancelled");
  if (!run_sql (ctx, "UPDATE application SET status = 'cancelled' WHERE id = ?", id, NULL, NULL,
                error)
      || !run_sql (ctx, "UPDATE card SET voided = 1 WHERE application_id = ?", id, NULL, NULL,
                   error))
    return NULL;
  return ack ("cancelled");
}

/* Deterministic: the same photo gives the same score. A person marked
 * face_match=false scores 0.05–0.35, anyone else 0.80–0.99. */
static GVariant *
handle_verify_face (KioskCenterSimContext *ctx, GVariant *request, GError **error)
{
  g_auto (Loaded) loaded = { 0 };
  g_autoptr (GBytes) photo = req_bytes (request, "photo");
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  const guint8 *p;
  gsize len;
  double fraction, score;
  GVariantBuilder b;

  if (!req_person (ctx, request, &loaded, error))
    return NULL;
  if (loaded.person->deceased)
    {
      g_autoptr (KioskRefusal) refusal
          = kiosk_rules_check_progress (loaded.person, ctx->policy, &ctx->today);

      if (refusal != NULL)
        return kiosk_center_wire_refusal_reply (refusal);
    }
  p = photo != NULL ? g_bytes_get_data (photo, &len) : NULL;
  if (p == NULL || len < 4 || p[0] != 0xFF || p[1] != 0xD8)
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "the live photo is not a JPEG");
      return NULL;
    }
  g_checksum_update (sum, p, (gssize) len);
  g_checksum_get_digest (sum, digest, &digest_len);
  fraction = (double) ((guint32) digest[0] << 24 | (guint32) digest[1] << 16
                       | (guint32) digest[2] << 8 | digest[3])
             / 4294967296.0;
  score = loaded.face_match ? 0.80 + 0.19 * fraction : 0.05 + 0.30 * fraction;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "score", g_variant_new_double (score));
  return g_variant_builder_end (&b);
}

GVariant *
kiosk_center_sim_db_handle (KioskCenterSimContext *ctx,
                            KioskCenterCall call,
                            GVariant *request,
                            GError **error)
{
  switch (call)
    {
      case KIOSK_CENTER_CALL_LOOKUP_PERSON:
        return handle_lookup (ctx, request, error);
      case KIOSK_CENTER_CALL_GET_PROGRESS:
        return handle_progress (ctx, request, error);
      case KIOSK_CENTER_CALL_TEMPORARY_LOSS:
        return handle_loss (ctx, LOSS_TEMPORARY, request, error);
      case KIOSK_CENTER_CALL_FORMAL_LOSS:
        return handle_loss (ctx, LOSS_FORMAL, request, error);
      case KIOSK_CENTER_CALL_UNBLOCK:
        return handle_loss (ctx, LOSS_UNBLOCK, request, error);
      case KIOSK_CENTER_CALL_APPLY_GREEN_CHANNEL:
        return handle_apply (ctx, request, error);
      case KIOSK_CENTER_CALL_REPORT_RESULT:
        return handle_report_result (ctx, request, error);
      case KIOSK_CENTER_CALL_CANCEL_APPLICATION:
        return handle_cancel (ctx, request, error);
      case KIOSK_CENTER_CALL_TEMPORARY_CARD:
        return handle_temporary_card (ctx, request, error);
      case KIOSK_CENTER_CALL_VERIFY_FACE:
        return handle_verify_face (ctx, request, error);
      case KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT:
        return handle_resubmit (ctx, request, error);
      case KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD:
        return handle_report_temporary_card (ctx, request, error);
      case KIOSK_CENTER_CALL_AUDIT_WITNESSES:
        return handle_audit_witnesses (ctx, error);
      default:
        g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID, "unknown call");
        return NULL;
    }
}
