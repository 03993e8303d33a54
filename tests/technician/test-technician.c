/* test-technician.c — KioskTechnician, what the touchscreen pages call, on the
 * flows rig's real parts: PIN entry, lockout and its end, the idle timeout,
 * a green-channel card issued then reconciled (and a planted difference found),
 * every device's self-test (a test card through the transport, a test receipt,
 * the camera meter, masked ID and chip reads), supplies, stock load, recent
 * sessions and errors, export and restart — each audited */
#include "config.h"

#include <string.h>

#include "flows-rig.h"
#include "kiosk-card-feeder-sim.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-technician.h"
#include "technician-test-util.h"

#define PIN "482916"

typedef struct
{
  gboolean done;
  gpointer value;
  gboolean ok;
  GError *error;
} Wait;

static void
entered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *w = user_data;

  w->ok = kiosk_technician_enter_finish (KIOSK_TECHNICIAN (source), result, &w->error);
  w->done = TRUE;
}

static gboolean
enter (KioskTechnician *tech, const char *pin, GError **error)
{
  Wait w = { 0 };

  kiosk_technician_enter_async (tech, pin, NULL, entered_cb, &w);
  tech_test_wait (&w.done);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.ok;
}

static void
pointer_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *w = user_data;
  KioskTechnician *tech = KIOSK_TECHNICIAN (source);

  if (g_task_get_source_tag (G_TASK (result)) == kiosk_technician_selftest_async)
    w->value = kiosk_technician_selftest_finish (tech, result, &w->error);
  else if (g_task_get_source_tag (G_TASK (result)) == kiosk_technician_reconcile_async)
    w->value = kiosk_technician_reconcile_finish (tech, result, &w->error);
  else if (g_task_get_source_tag (G_TASK (result)) == kiosk_technician_supplies_async)
    w->value = kiosk_technician_supplies_finish (tech, result, &w->error);
  else if (g_task_get_source_tag (G_TASK (result)) == kiosk_technician_export_async)
    w->value = kiosk_technician_export_finish (tech, result, &w->error);
  else
    w->value = GINT_TO_POINTER (kiosk_technician_stock_load_finish (tech, result, &w->error));
  w->done = TRUE;
}

static KioskDeviceSelftest *
selftest (KioskTechnician *tech, const char *name, guint wait_s)
{
  Wait w = { 0 };

  kiosk_technician_selftest_async (tech, name, wait_s, NULL, pointer_cb, &w);
  tech_test_wait (&w.done);
  g_assert_no_error (w.error);
  g_test_message ("self-test %s: %s", name, ((KioskDeviceSelftest *) w.value)->summary);
  return w.value;
}

static KioskStockReconciliation *
reconcile (KioskTechnician *tech)
{
  Wait w = { 0 };

  kiosk_technician_reconcile_async (tech, NULL, pointer_cb, &w);
  tech_test_wait (&w.done);
  g_assert_no_error (w.error);
  return w.value;
}

static const char *
field (const KioskDeviceSelftest *t, const char *key)
{
  for (guint i = 0; i < t->fields->len; i++)
    {
      const KioskSelftestField *f = g_ptr_array_index (t->fields, i);

      if (g_str_equal (f->key, key))
        return f->value;
    }
  return NULL;
}

static void
assert_fields_masked (const KioskDeviceSelftest *t)
{
  for (guint i = 0; i < t->fields->len; i++)
    {
      const KioskSelftestField *f = g_ptr_array_index (t->fields, i);

      g_assert_null (strstr (f->value, PERSON_GREEN));
      g_assert_null (strstr (f->value, "张三"));
    }
}

static KioskTechnician *
technician_for (FlowsRig *rig)
{
  g_autoptr (GError) error = NULL;
  KioskTechnician *tech = kiosk_technician_new (kiosk_context_get_config (rig->context),
                                                kiosk_context_get_store (rig->context),
                                                kiosk_context_get_devices (rig->context), &error);

  g_assert_no_error (error);
  return tech;
}

static void
count_signal (KioskTechnician *tech, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
left_cb (KioskTechnician *tech, gboolean timed_out, gpointer user_data)
{
  int *out = user_data;

  *out = timed_out ? 2 : 1;
}

static GDateTime *
pinned_clock (gpointer user_data)
{
  return g_date_time_new_from_unix_local (*(gint64 *) user_data);
}

/* ---- entry, lockout, idle timeout ---------------------------------------------------- */

static void
test_entry (void)
{
  FlowsRig rig;
  g_autoptr (KioskTechnician) tech = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) statuses = NULL;
  KioskOperatorPinState state;
  gint64 now = 1700000000;
  guint entered = 0, restarts = 0;
  int left = 0;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, "[technician]\nlockout_minutes=2\nidle_timeout_s=5\n");
  kiosk_context_set_clock (rig.context, pinned_clock, &now, NULL);
  tech = technician_for (&rig);
  g_signal_connect (tech, "entered", G_CALLBACK (count_signal), &entered);
  g_signal_connect (tech, "restart-requested", G_CALLBACK (count_signal), &restarts);
  g_signal_connect (tech, "left", G_CALLBACK (left_cb), &left);
  g_assert_cmpuint (kiosk_technician_get_settings (tech)->idle_timeout_s, ==, 5);

  /* Nothing before the PIN. */
  g_assert_null (kiosk_technician_list_devices (tech, &error));
  g_assert_error (error, KIOSK_TECHNICIAN_ERROR, KIOSK_TECHNICIAN_ERROR_NOT_ENTERED);
  g_clear_error (&error);
  g_assert_false (enter (tech, PIN, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_NOT_SET);
  g_clear_error (&error);

  g_assert_true (
      kiosk_operator_pin_set (kiosk_context_get_store (rig.context), PIN, "kioskctl:test", &error));
  g_assert_false (enter (tech, "000111", &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG);
  g_clear_error (&error);
  g_assert_false (kiosk_technician_is_active (tech));
  g_assert_cmpuint (entered, ==, 0);

  g_assert_true (enter (tech, PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (entered, ==, 1);
  g_assert_true (kiosk_technician_is_active (tech));
  g_assert_cmpuint (kiosk_technician_get_seconds_left (tech), ==, 5);
  statuses = kiosk_technician_list_devices (tech, &error);
  g_assert_cmpuint (statuses->len, ==, 6);

  g_assert_true (kiosk_technician_request_restart (tech, &error));
  g_assert_cmpuint (restarts, ==, 1);
  kiosk_technician_leave (tech);
  g_assert_cmpint (left, ==, 1);
  g_assert_false (kiosk_technician_is_active (tech));
  g_assert_false (kiosk_technician_request_restart (tech, &error));
  g_clear_error (&error);

  /* Untouched for idle_timeout_s: it leaves by itself. */
  g_assert_true (enter (tech, PIN, &error));
  left = 0;
  while (left == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (left, ==, 2);
  g_assert_false (kiosk_technician_is_active (tech));

  /* Five wrong PINs lock the entry for lockout_minutes, by the kiosk's clock. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_false (enter (tech, "000111", &error));
      g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR,
                      (i < 4 ? KIOSK_OPERATOR_PIN_ERROR_WRONG : KIOSK_OPERATOR_PIN_ERROR_LOCKED));
      g_clear_error (&error);
    }
  g_assert_true (kiosk_technician_get_pin_state (tech, &state, &error));
  g_assert_cmpint (state.locked_until, ==, now + 120);
  g_assert_false (enter (tech, PIN, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_LOCKED);
  g_clear_error (&error);
  now += 120;
  g_assert_true (enter (tech, PIN, &error));
  g_assert_no_error (error);
  kiosk_technician_leave (tech);

  {
    g_autofree char *actions = tech_test_audit_actions (kiosk_context_get_store (rig.context));

    g_assert_nonnull (strstr (actions, "technician.pin.fail technician.enter technician.restart "
                                       "technician.leave technician.enter technician.leave"));
    g_assert_nonnull (strstr (actions, "technician.pin.lockout technician.enter"));
  }
  tech_test_assert_chain_ok (kiosk_context_get_store (rig.context));
  g_clear_object (&tech);
  flows_rig_teardown (&rig);
}

/* ---- an issuance, the stock and the devices ------------------------------------------- */

static void
issue_one (FlowsRig *rig)
{
  g_autoptr (KioskFlow) flow
      = flows_green_until (rig, PERSON_GREEN, KIOSK_GREEN_CHANNEL_STATE_TAKE_CARD);

  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (rig)));
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_DONE);
}

/* The transport's state file edited while the kiosk is down. */
static void
plant (FlowsRig *rig, const char *key, int delta)
{
  g_autofree char *path = g_build_filename (rig->dir, "cardfeed.ini", NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  flows_rig_crash (rig, NULL);
  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error));
  g_key_file_set_uint64 (kf, "cardfeed", key,
                         g_key_file_get_uint64 (kf, "cardfeed", key, NULL) + delta);
  g_assert_true (g_key_file_save_to_file (kf, path, &error));
  flows_rig_restart (rig);
}

static void
test_stock_and_devices (void)
{
  FlowsRig rig;
  g_autoptr (KioskTechnician) tech = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockReconciliation) r = NULL;
  g_autoptr (KioskDeviceSelftest) t = NULL;
  g_autoptr (KioskStockCard) card = NULL;
  KioskStore *store;
  guint card_jobs, receipt_jobs;
  gint64 counts[KIOSK_CARD_N_STATES];

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  store = kiosk_context_get_store (rig.context);
  g_assert_true (kiosk_operator_pin_set (store, PIN, "kioskctl:test", &error));
  tech = technician_for (&rig);
  g_assert_true (enter (tech, PIN, &error));

  r = reconcile (tech);
  g_assert_true (r->balanced);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);

  /* A card issued through the real machine: still balanced. */
  issue_one (&rig);
  r = reconcile (tech);
  g_assert_true (r->balanced);
  g_assert_cmpint (r->counts[KIOSK_CARD_ISSUED], ==, 1);
  g_assert_cmpuint (r->transport.ejected, ==, 1);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);

  /* The chip reader reads the card just issued (the virtual card keeps it), masked. */
  g_free (flows_rig_vcard ("INSERT"));
  t = selftest (tech, "chip", 10);
  g_assert_true (t->passed);
  g_assert_cmpstr (field (t, "ssn"), ==, "2201**********0019");
  assert_fields_masked (t);
  g_clear_pointer (&t, kiosk_device_selftest_free);
  g_free (flows_rig_vcard ("REMOVE"));
  t = selftest (tech, "chip", 1);
  g_assert_false (t->passed);
  g_clear_pointer (&t, kiosk_device_selftest_free);

  /* The transport. */
  t = selftest (tech, "cardfeed", 10);
  g_assert_true (t->passed);
  g_assert_cmpstr (field (t, "hopper"), ==, "19");
  g_clear_pointer (&t, kiosk_device_selftest_free);

  /* A test receipt. */
  receipt_jobs = flows_rig_receipt_printer_jobs ();
  t = selftest (tech, "receipt_printer", 10);
  g_assert_true (t->passed);
  g_assert_cmpstr (field (t, "job_state"), ==, "completed");
  g_assert_cmpuint (flows_rig_receipt_printer_jobs (), ==, receipt_jobs + 1);
  g_clear_pointer (&t, kiosk_device_selftest_free);

  /* A test card: fed, printed, into the bin, spoiled — and the stock still
   * matches the transport. */
  card_jobs = flows_rig_card_printer_jobs ();
  t = selftest (tech, "card_printer", 10);
  g_assert_true (t->passed);
  g_assert_cmpstr (t->card_serial, ==, "JL24T000002");
  g_assert_cmpuint (flows_rig_card_printer_jobs (), ==, card_jobs + 1);
  card = kiosk_store_stock_get (store, "JL24T000002", &error);
  g_assert_cmpint (card->state, ==, KIOSK_CARD_SPOILED);
  g_assert_cmpstr (card->reason, ==, "self-test: test card");
  flows_assert_stock_matches (&rig);
  flows_assert_intent_before_effect (store, card->session);
  g_clear_pointer (&t, kiosk_device_selftest_free);
  r = reconcile (tech);
  g_assert_true (r->balanced);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);

  /* The camera meter on the simulator's face picture (a white background). */
  t = selftest (tech, "camera", 10);
  g_assert_true (t->passed);
  g_assert_nonnull (t->meter);
  g_assert_cmpint (t->meter->whiteness, >=, 80);
  g_assert_nonnull (field (t, "exposure"));
  g_clear_pointer (&t, kiosk_device_selftest_free);

  /* The ID reader and the chip reader: masked. */
  flows_rig_place_id (&rig, PERSON_GREEN);
  t = selftest (tech, "idreader", 10);
  g_assert_true (t->passed);
  g_assert_cmpstr (field (t, "id_number"), ==, "2201**********0019");
  assert_fields_masked (t);
  g_clear_pointer (&t, kiosk_device_selftest_free);
  flows_rig_remove_id (&rig);
  /* Not a device: an error, not a failed test. */
  {
    Wait w = { 0 };

    kiosk_technician_selftest_async (tech, "toaster", 1, NULL, pointer_cb, &w);
    tech_test_wait (&w.done);
    g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&w.error);
  }

  /* A new batch: stock and (simulated) hopper both grow. */
  {
    Wait w = { 0 };

    kiosk_technician_stock_load_async (tech, "JL24U000001", 5, NULL, pointer_cb, &w);
    tech_test_wait (&w.done);
    g_assert_no_error (w.error);
    g_assert_cmpint (GPOINTER_TO_INT (w.value), >, 0);
  }
  g_assert_true (kiosk_technician_stock_counts (tech, counts, &error));
  g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, 23);
  r = reconcile (tech);
  g_assert_true (r->balanced);
  g_clear_pointer (&r, kiosk_stock_reconciliation_free);

  /* Ribbon low after a job: the supplies page shows it. */
  flows_rig_card_printer_faults ("STATE: +marker-supply-low\n");
  t = selftest (tech, "card_printer", 10);
  g_clear_pointer (&t, kiosk_device_selftest_free);
  {
    Wait w = { 0 };
    GPtrArray *supplies;
    gboolean ribbon_low = FALSE, hopper_seen = FALSE, paper_seen = FALSE;

    kiosk_technician_supplies_async (tech, NULL, pointer_cb, &w);
    tech_test_wait (&w.done);
    g_assert_no_error (w.error);
    supplies = w.value;
    for (guint i = 0; i < supplies->len; i++)
      {
        const KioskSupply *s = g_ptr_array_index (supplies, i);

        g_test_message ("supply %s %s %d %s", s->device, s->item, s->level, s->status);
        if (g_str_equal (s->item, "ribbon"))
          ribbon_low = s->low && s->ok && strstr (s->status, "ribbon-low") != NULL;
        if (g_str_equal (s->item, "hopper"))
          hopper_seen = s->level == 22;
        if (g_str_equal (s->item, "paper"))
          paper_seen = s->ok;
      }
    g_assert_true (ribbon_low);
    g_assert_true (hopper_seen);
    g_assert_true (paper_seen);
    g_ptr_array_unref (supplies);
  }
  flows_rig_card_printer_faults ("STATE: -marker-supply-low\n");
  t = selftest (tech, "card_printer", 10);
  g_clear_pointer (&t, kiosk_device_selftest_free);
  flows_rig_card_printer_faults (NULL);

  /* Recent sessions are masked. */
  {
    g_autoptr (GPtrArray) sessions = kiosk_technician_recent_sessions (tech, 10, &error);
    const KioskJournalSession *s;

    g_assert_no_error (error);
    s = g_ptr_array_index (sessions, sessions->len - 1);
    g_assert_cmpstr (s->service, ==, "green-channel");
    g_assert_cmpstr (s->subject_masked, ==, "2201**********0019 张*");
  }

  /* Planted: the transport claims one more card ejected than the stock issued. */
  g_clear_object (&tech);
  plant (&rig, "ejected", 1);
  tech = technician_for (&rig);
  g_assert_true (enter (tech, PIN, &error));
  r = reconcile (tech);
  g_assert_false (r->balanced);
  for (guint i = 0; i < r->lines->len; i++)
    {
      const KioskStockReconcileLine *line = g_ptr_array_index (r->lines, i);

      g_assert_cmpint (line->ok, ==, !g_str_equal (line->key, "ejected"));
    }
  kiosk_technician_leave (tech);
  tech_test_assert_chain_ok (kiosk_context_get_store (rig.context));
  g_clear_object (&tech);
  flows_rig_teardown (&rig);
}

/* ---- export, errors, configuration ------------------------------------------------------ */

static void
test_export (void)
{
  FlowsRig rig;
  g_autoptr (KioskTechnician) tech = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskExportResult) result = NULL;
  g_autofree char *usb = NULL;
  g_autofree char *archive = NULL;
  gsize len = 0;
  Wait w = { 0 };

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  g_assert_true (
      kiosk_operator_pin_set (kiosk_context_get_store (rig.context), PIN, "kioskctl:test", &error));
  tech = technician_for (&rig);
  issue_one (&rig);
  usb = g_build_filename (rig.dir, "usb", NULL);
  g_mkdir (usb, 0700);

  kiosk_technician_export_async (tech, usb, NULL, pointer_cb, &w);
  tech_test_wait (&w.done);
  g_assert_error (w.error, KIOSK_TECHNICIAN_ERROR, KIOSK_TECHNICIAN_ERROR_NOT_ENTERED);
  g_clear_error (&w.error);

  g_assert_true (enter (tech, PIN, &error));
  w = (Wait){ 0 };
  kiosk_technician_export_async (tech, usb, NULL, pointer_cb, &w);
  tech_test_wait (&w.done);
  g_assert_no_error (w.error);
  result = w.value;
  g_assert_cmpint (result->n_sessions, ==, 1);
  g_assert_cmpuint (result->files->len, ==, 7); /* with devices.json */
  g_assert_true (g_file_get_contents (result->archive_path, &archive, &len, &error));
  /* The tar holds NULs: memmem, not a string search. */
  g_assert_null (memmem (archive, len, PERSON_GREEN, strlen (PERSON_GREEN)));
  g_assert_null (memmem (archive, len, "张三", strlen ("张三")));
  g_assert_nonnull (
      memmem (archive, len, "\"name\":\"cardfeed\"", strlen ("\"name\":\"cardfeed\"")));

  {
    g_autoptr (GPtrArray) entries
        = kiosk_store_audit_list (kiosk_context_get_store (rig.context), 1, &error);
    const KioskAuditEntry *last = g_ptr_array_index (entries, 0);

    g_assert_cmpstr (last->action, ==, "export");
    g_assert_nonnull (strstr (last->detail, result->sha256));
  }

  /* The configuration page: the rig's configuration is no file, so nothing
   * can be saved, but it can be shown. */
  {
    g_autoptr (GPtrArray) fields = kiosk_technician_list_config (tech, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fields->len, >, 10);
    g_assert_false (kiosk_technician_set_config (tech, "kiosk", "site", "x", &error));
    g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
    g_clear_error (&error);
  }
  {
    g_autoptr (GPtrArray) errors = kiosk_technician_recent_errors (tech, 10, &error);

    g_assert_no_error (error);
    g_assert_nonnull (errors);
  }
  kiosk_technician_leave (tech);
  g_clear_object (&tech);
  flows_rig_teardown (&rig);
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  flows_rig_init ();
  g_test_add_func ("/technician/entry", test_entry);
  g_test_add_func ("/technician/stock-and-devices", test_stock_and_devices);
  g_test_add_func ("/technician/export", test_export);
  rc = kiosk_test_run ();
  flows_rig_shutdown ();
  return rc;
}
