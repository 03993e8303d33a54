/* test-card-stock.c — the technician's card stock on a real SQLite file and the
 * card transport's simulator: load with a baseline, issue and spoil cards moved
 * by the transport, spoil by hand, confirm, and reconcile — balanced, then with
 * differences planted in the transport's state file */
#include "config.h"

#include <string.h>

#include "kiosk-card-feeder-sim.h"
#include "kiosk-card-stock.h"
#include "kiosk-device-manager.h"
#include "technician-test-util.h"

typedef struct
{
  char *dir;
  char *state_path;
  TechTestClock clock;
  KioskStore *store;
  KioskDeviceManager *devices;
  KioskCardFeeder *feeder;
} Fixture;

/* (Re)builds the transport over its state file, as after a restart. */
static void
open_feeder (Fixture *f, guint hopper)
{
  g_autofree char *text = g_strdup_printf ("[devices]\ncardfeed_driver=simulator\n"
                                           "cardfeed_state=%s\ncardfeed_hopper=%u\n"
                                           "cardfeed_motion_ms=0\n",
                                           f->state_path, hopper);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  KioskDevice *device;

  g_clear_object (&f->devices);
  g_assert_true (g_key_file_load_from_data (kf, text, -1, G_KEY_FILE_NONE, NULL));
  kiosk_card_feeder_sim_register_driver ();
  f->devices = kiosk_device_manager_new (kf, "devices", &error);
  g_assert_no_error (error);
  device = kiosk_device_manager_get_device (f->devices, "cardfeed");
  g_assert_true (kiosk_device_open_sync (device, NULL, &error));
  g_assert_no_error (error);
  f->feeder = KIOSK_CARD_FEEDER (device);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = tech_test_dir ("stock");
  f->state_path = g_build_filename (f->dir, "cardfeed.ini", NULL);
  f->clock.now = 1700000000;
  f->store = tech_test_store (f->dir, &f->clock);
  open_feeder (f, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->devices);
  g_clear_object (&f->store);
  g_free (f->state_path);
  g_free (f->dir);
}

static KioskCardFeederState *
query (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  KioskCardFeederState *state = kiosk_card_feeder_query_state_sync (f->feeder, NULL, &error);

  g_assert_no_error (error);
  return state;
}

static KioskStockReconciliation *
reconcile (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state = query (f);
  KioskStockReconciliation *r = kiosk_card_stock_reconcile (f->store, state, "test", &error);

  g_assert_no_error (error);
  return r;
}

static const KioskStockReconcileLine *
line_of (const KioskStockReconciliation *r, const char *key)
{
  for (guint i = 0; i < r->lines->len; i++)
    {
      const KioskStockReconcileLine *line = g_ptr_array_index (r->lines, i);

      if (g_str_equal (line->key, key))
        return line;
    }
  g_assert_not_reached ();
}

/* The keys of the lines that differ, space-separated. */
static char *
differences (const KioskStockReconciliation *r)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < r->lines->len; i++)
    {
      const KioskStockReconcileLine *line = g_ptr_array_index (r->lines, i);

      if (!line->ok)
        g_string_append_printf (out, "%s%s", out->len ? " " : "", line->key);
    }
  return g_string_free (out, FALSE);
}

/* A loaded batch: the technician puts the cards in the hopper. */
static void
load (Fixture *f, const char *first, guint count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state = query (f);

  g_assert_cmpint (kiosk_store_stock_load_batch (f->store, first, count, "test", &error), >, 0);
  g_assert_true (kiosk_card_stock_record_baseline (f->store, state, "test", NULL, &error));
  g_assert_no_error (error);
  kiosk_card_feeder_sim_refill (KIOSK_CARD_FEEDER_SIM (f->feeder), count);
}

/* One card through the machine as an issuance moves it: fed (the stock card
 * taken), then ejected and issued, or rejected and spoiled. */
static char *
produce (Fixture *f, gboolean issued)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (f->store, "green-channel", &error);
  char *serial;

  g_assert_true (kiosk_card_feeder_feed_sync (f->feeder, NULL, &error));
  serial = kiosk_store_stock_take (f->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (
      kiosk_card_feeder_move_sync (f->feeder, KIOSK_CARD_POSITION_PRINTER, NULL, &error));
  if (issued)
    {
      g_assert_true (kiosk_card_feeder_eject_sync (f->feeder, NULL, &error));
      g_assert_true (kiosk_store_stock_mark_issued (f->store, serial, &error));
      g_assert_true (kiosk_card_feeder_sim_take (KIOSK_CARD_FEEDER_SIM (f->feeder)));
    }
  else
    {
      g_assert_true (kiosk_card_feeder_reject_sync (f->feeder, NULL, &error));
      g_assert_true (kiosk_store_stock_mark_spoiled (f->store, serial, "print: jam", &error));
    }
  g_assert_no_error (error);
  g_assert_true (kiosk_store_session_close (f->store, uuid, issued ? "issued" : "spoiled", &error));
  return serial;
}

/* The transport's state file, changed behind its back (a planted difference). */
static void
plant (Fixture *f, const char *key, gint64 delta)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_clear_object (&f->devices); /* the transport writes its file; stop it first */
  g_assert_true (g_key_file_load_from_file (kf, f->state_path, G_KEY_FILE_NONE, &error));
  g_key_file_set_uint64 (
      kf, "cardfeed", key,
      (guint64) ((gint64) g_key_file_get_uint64 (kf, "cardfeed", key, NULL) + delta));
  g_assert_true (g_key_file_save_to_file (kf, f->state_path, &error));
  open_feeder (f, 0);
}

static void
test_load_issue_reconcile (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockReconciliation) r = NULL;
  g_autoptr (GPtrArray) batches = NULL;
  g_autofree char *baseline = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *spoiled = NULL;
  g_autofree char *diff = NULL;
  const KioskStockBatch *b;

  /* A transport that has worked before: its counters do not start at 0. */
  g_clear_object (&f->devices);
  g_assert_true (g_file_set_contents (f->state_path,
                                      "[cardfeed]\nposition=none\njammed=false\nhopper=0\n"
                                      "fed=37\nejected=30\ntaken=30\nrejected=7\n",
                                      -1, NULL));
  open_feeder (f, 0);

  load (f, "JL24A000001", 10);
  baseline = kiosk_store_setting_get (f->store, KIOSK_CARD_STOCK_BASELINE_SETTING, NULL, &error);
  g_assert_cmpstr (baseline, ==, "fed=37 ejected=30 rejected=7 taken=30");
  load (f, "JL24B000001", 5);
  /* The second load leaves the baseline alone. */
  g_clear_pointer (&baseline, g_free);
  baseline = kiosk_store_setting_get (f->store, KIOSK_CARD_STOCK_BASELINE_SETTING, NULL, &error);
  g_assert_cmpstr (baseline, ==, "fed=37 ejected=30 rejected=7 taken=30");

  batches = kiosk_card_stock_list_batches (f->store, &error);
  g_assert_cmpuint (batches->len, ==, 2);
  b = g_ptr_array_index (batches, 0);
  g_assert_cmpstr (b->first_serial, ==, "JL24A000001");
  g_assert_cmpstr (b->last_serial, ==, "JL24A000010");
  g_assert_cmpint (b->count, ==, 10);

  r = reconcile (f);
  g_assert_true (r->balanced);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);

  issued = produce (f, TRUE);
  spoiled = produce (f, FALSE);
  g_assert_cmpstr (issued, ==, "JL24A000001");
  g_assert_cmpstr (spoiled, ==, "JL24A000002");
  r = reconcile (f);
  g_assert_true (r->balanced);
  g_assert_cmpint (line_of (r, "hopper")->transport, ==, 13);
  g_assert_cmpint (line_of (r, "fed")->transport, ==, 2);
  g_assert_cmpint (line_of (r, "ejected")->stock, ==, 1);
  g_assert_cmpint (line_of (r, "rejected")->transport, ==, 1);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);

  /* Planted: the transport claims one more card ejected than were issued. */
  plant (f, "ejected", +1);
  r = reconcile (f);
  g_assert_false (r->balanced);
  diff = differences (r);
  g_assert_cmpstr (diff, ==, "ejected");
  g_assert_cmpint (line_of (r, "ejected")->stock, ==, 1);
  g_assert_cmpint (line_of (r, "ejected")->transport, ==, 2);
  g_assert_nonnull (line_of (r, "ejected")->note);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);
  g_clear_pointer (&diff, g_free);

  /* Planted: a card fed that the stock never took (and one hopper card gone). */
  plant (f, "ejected", -1);
  plant (f, "fed", +1);
  plant (f, "hopper", -1);
  r = reconcile (f);
  diff = differences (r);
  g_assert_cmpstr (diff, ==, "hopper fed");

  /* Every reconciliation is audited with its verdict. */
  {
    g_autoptr (GPtrArray) entries = kiosk_store_audit_list (f->store, 1, &error);
    const KioskAuditEntry *last = g_ptr_array_index (entries, 0);

    g_assert_cmpstr (last->action, ==, "stock.reconcile");
    g_assert_cmpstr (last->detail, ==, "hopper: stock 13, transport 12; fed: stock 2, transport 3");
  }
  tech_test_assert_chain_ok (f->store);
}

static gint64
audit_count (KioskStore *store)
{
  g_autoptr (KioskAuditVerdict) verdict = kiosk_store_audit_verify (store, NULL);

  return verdict->n_entries;
}

static void
test_spoil_and_confirm (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockCard) card = NULL;
  g_autoptr (KioskStockReconciliation) r = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *issued = NULL;
  gint64 before;

  load (f, "JL24A000001", 5);

  /* A damaged blank taken out of the hopper by hand. */
  g_assert_true (kiosk_card_stock_spoil (f->store, "JL24A000003", "corner bent", "tech", &error));
  g_assert_no_error (error);
  card = kiosk_store_stock_get (f->store, "JL24A000003", &error);
  g_assert_cmpint (card->state, ==, KIOSK_CARD_SPOILED);
  g_assert_nonnull (strstr (card->reason, "corner bent"));
  session = kiosk_store_session_get (f->store, card->session, &error);
  g_assert_cmpstr (session->service, ==, KIOSK_CARD_STOCK_SERVICE_REMOVED);
  g_assert_cmpstr (session->outcome, ==, "spoiled");
  steps = kiosk_store_list_steps (f->store, card->session, &error);
  g_assert_cmpuint (steps->len, ==, 1);
  /* The next card taken skips it. */
  uuid = kiosk_store_session_begin (f->store, "green-channel", &error);
  taken = kiosk_store_stock_take (f->store, uuid, &error);
  g_assert_cmpstr (taken, ==, "JL24A000001");

  /* Refusals name the state and write nothing. */
  before = audit_count (f->store);
  g_assert_false (kiosk_card_stock_spoil (f->store, "JL24A000003", "again", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (kiosk_card_stock_spoil (f->store, taken, "in a session", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, uuid));
  g_clear_error (&error);
  g_assert_false (kiosk_card_stock_spoil (f->store, "JL99Z000001", "unknown", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kiosk_card_stock_spoil (f->store, "JL24A000002", "   ", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kiosk_card_stock_spoil (f->store, "JL24A000002", NULL, "tech", &error));
  g_clear_error (&error);
  g_assert_false (kiosk_card_stock_spoil (f->store, "bad serial!", "x", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kiosk_card_stock_spoil (f->store, "\xff", "x", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (f->store), ==, before);

  /* An uncertain card: spoiled or issued by confirmation. */
  g_assert_true (kiosk_store_stock_mark_uncertain (f->store, taken, "eject: interrupted", &error));
  g_assert_false (
      kiosk_card_stock_confirm_issued (f->store, "JL24A000002", "not uncertain", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (
      kiosk_card_stock_confirm_issued (f->store, taken, "the citizen has it", "tech", &error));
  g_assert_no_error (error);
  g_clear_pointer (&card, kiosk_stock_card_free);
  card = kiosk_store_stock_get (f->store, taken, &error);
  g_assert_cmpint (card->state, ==, KIOSK_CARD_ISSUED);
  g_assert_false (kiosk_card_stock_spoil (f->store, taken, "returned", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_clear_error (&error);

  {
    g_autofree char *uuid2 = kiosk_store_session_begin (f->store, "green-channel", &error);
    g_autofree char *second = kiosk_store_stock_take (f->store, uuid2, &error);

    g_assert_true (kiosk_store_stock_mark_uncertain (f->store, second, "eject: lost", &error));
    g_assert_true (kiosk_card_stock_spoil (f->store, second, "found in the slot", "tech", &error));
    g_clear_pointer (&card, kiosk_stock_card_free);
    card = kiosk_store_stock_get (f->store, second, &error);
    g_assert_cmpint (card->state, ==, KIOSK_CARD_SPOILED);
  }

  /* The hand-removed card was never fed: the transport's counters agree
   * once the hopper lost it too (no card moved through the transport here). */
  plant (f, "hopper", -3);
  r = reconcile (f);
  g_assert_cmpint (r->removed_by_hand, ==, 1);
  g_assert_cmpint (line_of (r, "hopper")->stock, ==, 2);
  g_assert_cmpint (line_of (r, "hopper")->transport, ==, 2);
  g_assert_true (line_of (r, "hopper")->ok);
  /* Two cards left the stock through sessions but not the transport. */
  g_assert_false (line_of (r, "fed")->ok);
  g_assert_cmpint (line_of (r, "fed")->stock, ==, 2);

  issued = tech_test_audit_actions (f->store);
  g_assert_nonnull (strstr (issued, "stock.spoil"));
  g_assert_nonnull (strstr (issued, "stock.confirm"));
  tech_test_assert_chain_ok (f->store);
}

/* A blank pulled out of the hopper by hand (the simulator's stand-in for
 * the technician's hands): the hopper line differs until that card is
 * marked spoiled; the transport's counters do not move. */
static void
test_removed_by_hand (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockReconciliation) r = NULL;
  g_autoptr (KioskStockReconciliation) after = NULL;
  g_autoptr (KioskCardFeederState) state = NULL;
  g_autofree char *diff = NULL;
  KioskCardFeederSim *sim = KIOSK_CARD_FEEDER_SIM (f->feeder);

  load (f, "JL24A000001", 3);
  g_assert_true (kiosk_card_feeder_sim_remove (sim, 1));
  state = query (f);
  g_assert_cmpuint (state->hopper_level, ==, 2);
  g_assert_cmpuint (state->fed, ==, 0);
  r = reconcile (f);
  g_assert_false (r->balanced);
  diff = differences (r);
  g_assert_cmpstr (diff, ==, "hopper");
  g_assert_cmpint (line_of (r, "hopper")->stock, ==, 3);
  g_assert_cmpint (line_of (r, "hopper")->transport, ==, 2);
  g_assert_true (
      kiosk_card_stock_spoil (f->store, "JL24A000003", "taken out, bent", "tech", &error));
  g_assert_no_error (error);
  after = reconcile (f);
  g_assert_true (after->balanced);
  /* More than the hopper holds: refused, nothing moves; the state file keeps it. */
  g_assert_false (kiosk_card_feeder_sim_remove (sim, 3));
  g_assert_true (kiosk_card_feeder_sim_remove (sim, 2));
  open_feeder (f, 0);
  g_clear_pointer (&state, kiosk_card_feeder_state_free);
  state = query (f);
  g_assert_cmpuint (state->hopper_level, ==, 0);
}

static void
test_take_serial (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (f->store, "green-channel", &error);
  g_autofree char *serial = NULL;
  char *none;

  load (f, "JL24A000001", 3);
  serial = kiosk_store_stock_take_serial (f->store, uuid, "JL24A000002", &error);
  g_assert_cmpstr (serial, ==, "JL24A000002");
  none = kiosk_store_stock_take_serial (f->store, uuid, "JL24A000002", &error);
  g_assert_null (none);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_clear_error (&error);
  none = kiosk_store_stock_take_serial (f->store, uuid, "JL24A000009", &error);
  g_assert_null (none);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = kiosk_store_stock_take_serial (f->store, uuid, "", &error);
  g_assert_null (none);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
}

/* A baseline is only recorded while no card has left the stock. */
static void
test_baseline_too_late (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state = query (f);
  g_autofree char *uuid = kiosk_store_session_begin (f->store, "green-channel", &error);
  g_autofree char *serial = NULL;
  g_autofree char *baseline = NULL;
  gboolean recorded = TRUE;

  g_assert_cmpint (kiosk_store_stock_load_batch (f->store, "JL24A000001", 3, "test", &error), >, 0);
  serial = kiosk_store_stock_take (f->store, uuid, &error);
  g_assert_nonnull (serial);
  g_assert_true (kiosk_card_stock_record_baseline (f->store, state, "test", &recorded, &error));
  g_assert_false (recorded);
  baseline = kiosk_store_setting_get (f->store, KIOSK_CARD_STOCK_BASELINE_SETTING, NULL, &error);
  g_assert_null (baseline);
}

static void
test_baseline_garbage (Fixture *f, gconstpointer data)
{
  const char *garbage[] = { "fed=1",
                            "fed=x ejected=0 rejected=0 taken=0",
                            "fed=1 ejected=0 rejected=0 taken=0 extra=1",
                            "fed=1 fed=2 rejected=0 taken=0",
                            "",
                            "fed=-1 ejected=0 rejected=0 taken=0" };
  KioskCardFeederState baseline;

  g_assert_true (kiosk_card_stock_get_baseline (f->store, &baseline, NULL));
  g_assert_cmpuint (baseline.fed, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskCardFeederState) state = query (f);

      g_assert_true (kiosk_store_setting_set (f->store, KIOSK_CARD_STOCK_BASELINE_SETTING,
                                              garbage[i], "test", &error));
      g_assert_false (kiosk_card_stock_get_baseline (f->store, &baseline, &error));
      g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, KIOSK_CARD_STOCK_BASELINE_SETTING));
      g_clear_error (&error);
      g_assert_null (kiosk_card_stock_reconcile (f->store, state, "test", &error));
      g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
    }
}

/* The pure comparison, line by line. */
static void
test_compute (void)
{
  gint64 counts[KIOSK_CARD_N_STATES] = { [KIOSK_CARD_IN_STOCK] = 8,
                                         [KIOSK_CARD_IN_MACHINE] = 0,
                                         [KIOSK_CARD_ISSUED] = 5,
                                         [KIOSK_CARD_SPOILED] = 2,
                                         [KIOSK_CARD_UNCERTAIN] = 1 };
  KioskCardFeederState transport = { KIOSK_CARD_POSITION_NONE, FALSE, 8, 108, 106, 106, 2 };
  KioskCardFeederState baseline = { KIOSK_CARD_POSITION_NONE, FALSE, 0, 100, 100, 100, 1 };
  g_autoptr (KioskStockReconciliation) r = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *summary = NULL;

  /* fed 8 = 0+5+2+1; rejected 1 ≠ 2: a spoiled card still somewhere; the
   * uncertain card explains the sixth ejected card but still waits. */
  r = kiosk_stock_reconcile_compute (counts, 0, &transport, &baseline);
  diff = differences (r);
  g_assert_cmpstr (diff, ==, "rejected uncertain");
  g_assert_true (line_of (r, "ejected")->ok);
  g_assert_nonnull (line_of (r, "ejected")->note);
  summary = kiosk_stock_reconciliation_summary (r);
  g_assert_cmpstr (summary, ==, "rejected: stock 2, transport 1; uncertain: stock 1");
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);
  g_clear_pointer (&diff, g_free);

  /* A card in the path with no session; a jam; counters below the baseline. */
  counts[KIOSK_CARD_UNCERTAIN] = 0;
  transport.position = KIOSK_CARD_POSITION_PRINTER;
  transport.jammed = TRUE;
  transport.rejected = 3;
  transport.ejected = 105;
  transport.fed = 99;
  r = kiosk_stock_reconcile_compute (counts, 0, &transport, &baseline);
  diff = differences (r);
  g_assert_cmpstr (diff, ==, "fed in-path jam");
  g_assert_cmpint (line_of (r, "fed")->transport, ==, -1);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);
  g_clear_pointer (&diff, g_free);

  /* No baseline: zeros. */
  memset (counts, 0, sizeof counts);
  memset (&transport, 0, sizeof transport);
  r = kiosk_stock_reconcile_compute (counts, 0, &transport, NULL);
  g_assert_true (r->balanced);
  g_assert_cmpuint (r->lines->len, ==, 7);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add ("/card-stock/load-issue-reconcile", Fixture, NULL, fixture_set_up,
              test_load_issue_reconcile, fixture_tear_down);
  g_test_add ("/card-stock/spoil-and-confirm", Fixture, NULL, fixture_set_up,
              test_spoil_and_confirm, fixture_tear_down);
  g_test_add ("/card-stock/removed-by-hand", Fixture, NULL, fixture_set_up, test_removed_by_hand,
              fixture_tear_down);
  g_test_add ("/card-stock/take-serial", Fixture, NULL, fixture_set_up, test_take_serial,
              fixture_tear_down);
  g_test_add ("/card-stock/baseline-too-late", Fixture, NULL, fixture_set_up,
              test_baseline_too_late, fixture_tear_down);
  g_test_add ("/card-stock/baseline-garbage", Fixture, NULL, fixture_set_up, test_baseline_garbage,
              fixture_tear_down);
  g_test_add_func ("/card-stock/compute", test_compute);
  return kiosk_test_run ();
}
