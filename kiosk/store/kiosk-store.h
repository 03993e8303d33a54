/* kiosk-store.h — the kiosk's one database: journal, card stock, audit log, settings
 *
 * A KioskStore owns one KioskDb (kiosk-db.h) with the kiosk's schema, moved
 * forward by kiosk_store_migrations() (PRAGMA user_version). It holds:
 *
 *   - the session journal: every step of every service, its intent written
 *     (and committed, synchronous=FULL) before the step's side effect, its
 *     outcome after (ISSUANCE.md, "intent before effect");
 *   - the blank-card stock: loaded batches, every card's state (in stock, in
 *     the machine, issued, spoiled with a reason, uncertain) and the history
 *     of its changes; a card is never deleted (a trigger refuses it);
 *   - a hash-chained audit log: entry n carries SHA-256 of entry n-1;
 *   - settings (key → text);
 *   - personal data of sessions (ID number, name, phone, photo file), which
 *     only kiosk_store_session_get_person() returns unmasked and which the
 *     retention purge clears.
 *
 * Every call is synchronous and quick (a few indexed statements in one short
 * transaction on a local disk, well under 10 ms on the appliance), except
 * kiosk_store_audit_verify() and kiosk_store_purge(), which walk a whole
 * table or delete files: run those from a worker thread (GTask) or a tool.
 * A KioskStore is used from one thread at a time.
 *
 * Times are Unix seconds (UTC).
 */
#pragma once

#include <glib-object.h>

#include "kiosk-config.h"
#include "kiosk-db.h"

G_BEGIN_DECLS

#define KIOSK_STORE_ERROR (kiosk_store_error_quark ())
GQuark kiosk_store_error_quark (void);

typedef enum
{
  KIOSK_STORE_ERROR_INVALID,   /* a garbage argument: empty name, bad serial, bad JSON */
  KIOSK_STORE_ERROR_NOT_FOUND, /* no such session or card */
  KIOSK_STORE_ERROR_CLOSED,    /* the session is already closed */
  KIOSK_STORE_ERROR_NO_STOCK,  /* no blank card left in stock */
  KIOSK_STORE_ERROR_STATE,     /* the card is not in a state that allows this change */
  KIOSK_STORE_ERROR_SCHEMA,    /* the database is at an older schema (run `kioskctl db migrate`) */
} KioskStoreError;

#define KIOSK_TYPE_STORE (kiosk_store_get_type ())
G_DECLARE_FINAL_TYPE (KioskStore, kiosk_store, KIOSK, STORE, GObject)

/* Schema versions: 1 journal + stock, 2 audit log + settings, 3 retention
 * (phone, photo, purged) and backfilled masked subjects. */
#define KIOSK_STORE_SCHEMA_VERSION 3
const KioskDbMigration *kiosk_store_migrations (gsize *n_migrations);

/* Opens (creating and migrating) the database at `path`. Photos named by
 * sessions live under `photo_dir` (NULL: "<dir of path>/photos"); the purge
 * deletes nothing outside it. */
KioskStore *
kiosk_store_open (const char *path, const char *photo_dir, const char *kiosk_id, GError **error);
/* The same with KioskDbOpenFlags: a READ_ONLY store serves the list, count
 * and verify calls and refuses every write; without migration, an older
 * schema is refused with KIOSK_STORE_ERROR_SCHEMA. */
KioskStore *kiosk_store_open_full (const char *path,
                                   KioskDbOpenFlags flags,
                                   const char *photo_dir,
                                   const char *kiosk_id,
                                   GError **error);
/* config->store_path, photos in <state_dir>/photos, config->kiosk_id. */
KioskStore *
kiosk_store_open_config (const KioskConfig *config, KioskDbOpenFlags flags, GError **error);

KioskDb *kiosk_store_get_db (KioskStore *store);
const char *kiosk_store_get_photo_dir (KioskStore *store);
const char *kiosk_store_get_kiosk_id (KioskStore *store);

/* The clock used for the times the store writes (default: the real time).
 * Tests pin it; NULL restores the default. */
typedef gint64 (*KioskStoreClock) (gpointer user_data);
void kiosk_store_set_clock (KioskStore *store, KioskStoreClock clock, gpointer user_data);
gint64 kiosk_store_now (KioskStore *store);

/* ---- Journal ---------------------------------------------------------- */

typedef enum
{
  KIOSK_JOURNAL_INTENT,  /* written and committed before the side effect */
  KIOSK_JOURNAL_OUTCOME, /* written after it, with the result */
} KioskJournalPhase;

const char *kiosk_journal_phase_to_string (KioskJournalPhase phase);

typedef struct
{
  char *uuid;
  char *service; /* e.g. "green-channel", "temporary-loss" */
  char *kiosk_id;
  gint64 started;
  gint64 finished;      /* 0 while open */
  char *outcome;        /* NULL while open */
  char *subject_masked; /* kiosk_mask()ed ID number and name, or NULL */
  gboolean has_photo;
  gint64 purged; /* when the retention purge cleared its personal data, or 0 */
  gint64 n_steps;
  char *last_step; /* name and phase of the last journal entry, or NULL */
  KioskJournalPhase last_phase;
} KioskJournalSession;

typedef struct
{
  gint64 seq; /* 1, 2, … within the session */
  char *step; /* e.g. "apply", "feed", "personalise" */
  KioskJournalPhase phase;
  char *idem_key; /* "<uuid>:<step>" unless given */
  char *payload;  /* JSON text or NULL; cleared by the purge */
  char *result;   /* outcome only: "ok", "failed: …", or NULL */
  gint64 time;
} KioskJournalStep;

void kiosk_journal_session_free (KioskJournalSession *session);
void kiosk_journal_step_free (KioskJournalStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskJournalSession, kiosk_journal_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskJournalStep, kiosk_journal_step_free)

/* Starts a session; returns its new UUID. `service` is a short name
 * ([a-z0-9-], at most 32 characters). */
char *kiosk_store_session_begin (KioskStore *store, const char *service, GError **error);

/* Personal data of the citizen the session serves: only what the service
 * needs. Any may be NULL (kept as it was). The masked subject is derived
 * here with kiosk_mask(); the raw values are cleared by the purge. */
gboolean kiosk_store_session_set_person (KioskStore *store,
                                         const char *uuid,
                                         const char *id_number,
                                         const char *name,
                                         const char *phone,
                                         GError **error);
/* The accepted photo of the session: a file inside the photo directory
 * (an absolute path inside it, or a name relative to it). */
gboolean kiosk_store_session_set_photo (KioskStore *store,
                                        const char *uuid,
                                        const char *photo,
                                        GError **error);
/* The raw personal data, for the service (and its recovery) only: never log
 * or display these without kiosk_mask(). Each out argument may be NULL; a
 * field never given or already purged comes back NULL. */
gboolean kiosk_store_session_get_person (KioskStore *store,
                                         const char *uuid,
                                         char **id_number,
                                         char **name,
                                         char **phone,
                                         char **photo_path,
                                         GError **error);

/* Journals the intent of `step` and commits it before returning: call it
 * before the side effect. `idem_key` NULL means "<uuid>:<step>"; `payload` is
 * NULL or JSON text (everything needed to repeat or undo the step — no
 * personal data: that belongs in set_person). Returns the entry's seq (> 0),
 * or 0 with `error` set. */
gint64 kiosk_store_journal_intent (KioskStore *store,
                                   const char *uuid,
                                   const char *step,
                                   const char *idem_key,
                                   const char *payload,
                                   GError **error);
/* Journals the outcome of `step` ("ok", "failed: why", …) with an optional
 * JSON payload (e.g. the center's answer). The key is the one of the step's
 * last intent, if any. Returns the seq or 0. */
gint64 kiosk_store_journal_outcome (KioskStore *store,
                                    const char *uuid,
                                    const char *step,
                                    const char *result,
                                    const char *payload,
                                    GError **error);
/* Closes the session with its final outcome ("issued", "cancelled",
 * "spoiled", "done", …). A closed session takes no more entries. */
gboolean kiosk_store_session_close (KioskStore *store,
                                    const char *uuid,
                                    const char *outcome,
                                    GError **error);

/* One session, or NULL with KIOSK_STORE_ERROR_NOT_FOUND. */
KioskJournalSession *kiosk_store_session_get (KioskStore *store, const char *uuid, GError **error);
/* Sessions not closed, oldest first: what recovery at start walks. */
GPtrArray *kiosk_store_list_open_sessions (KioskStore *store, GError **error);
/* The `limit` most recent sessions, newest first. */
GPtrArray *kiosk_store_list_recent_sessions (KioskStore *store, guint limit, GError **error);
/* The latest intent journaled with the idempotency key `idem_key`, in any
 * session, in *out_step (NULL there when there is none). For a call that
 * is repeated from a new session (a technician's report of an uncertain
 * card) and must repeat the first request exactly. FALSE on a read error. */
gboolean kiosk_store_journal_find_intent (KioskStore *store,
                                          const char *idem_key,
                                          KioskJournalStep **out_step,
                                          GError **error);
/* The steps of a session in order (array of KioskJournalStep). */
GPtrArray *kiosk_store_list_steps (KioskStore *store, const char *uuid, GError **error);

/* ---- Blank-card stock ------------------------------------------------- */

typedef enum
{
  KIOSK_CARD_IN_STOCK,
  KIOSK_CARD_IN_MACHINE, /* taken by a session, not yet issued or spoiled */
  KIOSK_CARD_ISSUED,
  KIOSK_CARD_SPOILED,
  KIOSK_CARD_UNCERTAIN, /* waits for a technician's confirmation */
  KIOSK_CARD_N_STATES,
} KioskCardState;

const char *kiosk_card_state_to_string (KioskCardState state);
/* -1 for an unknown name. */
int kiosk_card_state_from_string (const char *name);

typedef struct
{
  char *serial;
  gint64 batch;
  KioskCardState state;
  char *session; /* UUID of the session that took it, or NULL */
  char *reason;  /* why spoiled or uncertain, or NULL */
  gint64 updated;
} KioskStockCard;

void kiosk_stock_card_free (KioskStockCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskStockCard, kiosk_stock_card_free)

/* Loads `count` (1…10000) cards whose serials run from `first_serial`: an
 * ASCII prefix and a numeric suffix, kept at its width ("JL24A000001",
 * "JL24A000002", …). A serial already known refuses the whole batch. Writes
 * an audit entry. Returns the batch id, or 0. */
gint64 kiosk_store_stock_load_batch (
    KioskStore *store, const char *first_serial, guint count, const char *actor, GError **error);
/* Moves the next card in stock (oldest batch, lowest serial) into the
 * machine for a session; returns its serial. */
char *kiosk_store_stock_take (KioskStore *store, const char *session_uuid, GError **error);
/* The same for the card `serial` (NULL: the next one), e.g. a damaged blank
 * a technician takes out of the hopper by hand; KIOSK_STORE_ERROR_STATE when
 * it is not in stock, _NOT_FOUND when it is unknown. */
char *kiosk_store_stock_take_serial (KioskStore *store,
                                     const char *session_uuid,
                                     const char *serial,
                                     GError **error);
/* in the machine → issued. */
gboolean kiosk_store_stock_mark_issued (KioskStore *store, const char *serial, GError **error);
/* in the machine → spoiled; `reason` (e.g. "personalise: 6A82") is required. */
gboolean kiosk_store_stock_mark_spoiled (KioskStore *store,
                                         const char *serial,
                                         const char *reason,
                                         GError **error);
/* in the machine → uncertain (the kiosk cannot know where the card is). */
gboolean kiosk_store_stock_mark_uncertain (KioskStore *store,
                                           const char *serial,
                                           const char *reason,
                                           GError **error);
/* uncertain → issued or spoiled, by a technician: records who and why in the
 * card's history and in the audit log. */
gboolean kiosk_store_stock_confirm (KioskStore *store,
                                    const char *serial,
                                    KioskCardState state,
                                    const char *actor,
                                    const char *reason,
                                    GError **error);
/* Counts per state, derived by a query over the cards (never kept by hand):
 * counts[KIOSK_CARD_IN_STOCK] … counts[KIOSK_CARD_UNCERTAIN]. */
gboolean
kiosk_store_stock_counts (KioskStore *store, gint64 counts[KIOSK_CARD_N_STATES], GError **error);
KioskStockCard *kiosk_store_stock_get (KioskStore *store, const char *serial, GError **error);
/* Cards in serial order; `state` -1 for every state. */
GPtrArray *kiosk_store_stock_list (KioskStore *store, int state, GError **error);

/* ---- Audit log -------------------------------------------------------- */

typedef struct
{
  gint64 seq;
  gint64 time;
  char *actor;
  char *action;
  char *detail;
  char *prev_hash; /* hex SHA-256 of the previous entry (64 zeros for the first) */
  char *hash;      /* hex SHA-256 (prev_hash || canonical form of this entry) */
} KioskAuditEntry;

void kiosk_audit_entry_free (KioskAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskAuditEntry, kiosk_audit_entry_free)

/* The canonical form that is hashed; exposed for tests and documentation. */
char *kiosk_audit_entry_canonical (
    gint64 seq, gint64 time, const char *actor, const char *action, const char *detail);
/* hex SHA-256 of prev_hash followed by the canonical form. */
char *kiosk_audit_entry_compute_hash (const char *prev_hash,
                                      gint64 seq,
                                      gint64 time,
                                      const char *actor,
                                      const char *action,
                                      const char *detail);

/* Appends an entry; `detail` passes through kiosk_mask_text() first. Returns
 * the new seq, or 0. Works inside a caller's transaction too. */
gint64 kiosk_store_audit_append (
    KioskStore *store, const char *actor, const char *action, const char *detail, GError **error);

typedef struct
{
  gboolean ok;
  gint64 n_entries;     /* entries read */
  gint64 first_bad_seq; /* 0 when ok */
  char *reason;         /* what is wrong with it (English), NULL when ok */
  gint64 n_witnesses;   /* kiosk_store_audit_verify_witnesses(): witnesses checked */
} KioskAuditVerdict;

void kiosk_audit_verdict_free (KioskAuditVerdict *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskAuditVerdict, kiosk_audit_verdict_free)

/* Walks the chain from the first entry and compares the head with the
 * recorded anchor. Detects an edited entry, a deleted entry (also at the end),
 * a reordered or inserted one. Returns NULL only when the database could not
 * be read. */
KioskAuditVerdict *kiosk_store_audit_verify (KioskStore *store, GError **error);
/* The recorded head of the chain as "seq:hash" (kiosk-audit-head.h) in
 * *out_head, or NULL there when the chain is empty. FALSE only when the
 * database could not be read. Issue 7 §6: sent with each production result,
 * so that the center witnesses it. */
gboolean kiosk_store_audit_head (KioskStore *store, char **out_head, GError **error);
/* kiosk_store_audit_verify(), then each witnessed head ("seq:hash", as the
 * center kept them) against the local chain: the entry at that seq must
 * still exist and have that hash. A chain rewritten as a whole — every hash
 * recomputed, so that it verifies against itself — fails here at the first
 * witness it contradicts. A witness that is not "seq:hash" is
 * KIOSK_STORE_ERROR_INVALID (NULL returned). */
KioskAuditVerdict *
kiosk_store_audit_verify_witnesses (KioskStore *store, const char *const *heads, GError **error);
/* The `limit` most recent entries, newest first. */
GPtrArray *kiosk_store_audit_list (KioskStore *store, guint limit, GError **error);

/* ---- Settings --------------------------------------------------------- */

/* The value, or a copy of `default_value` when the key is not set; NULL only
 * with `error` set (or when both are NULL). */
char *kiosk_store_setting_get (KioskStore *store,
                               const char *key,
                               const char *default_value,
                               GError **error);
/* Sets (or with value NULL, removes) a key and writes an audit entry naming
 * the key and the actor (not the value). */
gboolean kiosk_store_setting_set (
    KioskStore *store, const char *key, const char *value, const char *actor, GError **error);

/* ---- Retention -------------------------------------------------------- */

/* For every session finished at least `retention_days` days before `now`
 * and not yet purged: deletes its photo file (inside the photo directory
 * only), clears its ID number, name, phone and step payloads, and marks it
 * purged. Open sessions are never touched. Writes one audit entry. Returns
 * the number of sessions purged, or -1. A photo that cannot be deleted
 * leaves its session for the next purge. */
gint64 kiosk_store_purge (KioskStore *store, gint64 now, guint retention_days, GError **error);

/* kiosk_store_purge() at the store's clock (kiosk_store_now()); logs what it
 * cleared, and a failure as a warning (the next run tries again). */
gint64 kiosk_store_purge_due (KioskStore *store, guint retention_days);

/* Once a day is enough: retention is counted in days. */
#define KIOSK_STORE_RETENTION_INTERVAL_S (24 * 60 * 60)

/* The purge in a running program: kiosk_store_purge_due() at once, then
 * every `interval_s` seconds (KIOSK_STORE_RETENTION_INTERVAL_S) from the
 * default main context, holding a reference to the store. Returns the
 * timeout's source id for g_source_remove(). The program calls it after the
 * recovery at start ([store] retention_days). */
guint kiosk_store_retention_start (KioskStore *store, guint retention_days, guint interval_s);

G_END_DECLS
