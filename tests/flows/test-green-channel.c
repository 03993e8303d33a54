/* test-green-channel.c — R4 end to end: real ID reader, camera, center, store,
 * chip (pcscd + vpcd), card transport and printers; refusals; the form;
 * a spoiled card at every production step; cancel and timeout wipe */
#include "config.h"

#include <string.h>

#include "flows-rig.h"
#include "kiosk-card-feeder.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-test.h"

#define S(x) KIOSK_GREEN_CHANNEL_STATE_##x

/* ---- the wipe hook -------------------------------------------------------- */

typedef struct
{
  guint n_buffers;
  guint n_nonzero;
  GHashTable *seen; /* what → TRUE */
} Wiped;

static void
wipe_hook (const char *what, gconstpointer data, gsize len, gpointer user_data)
{
  Wiped *wiped = user_data;
  const guint8 *bytes = data;

  wiped->n_buffers++;
  for (gsize i = 0; i < len; i++)
    if (bytes[i] != 0)
      {
        wiped->n_nonzero++;
        break;
      }
  g_hash_table_add (wiped->seen, g_strdup (what));
}

static void
wiped_init (Wiped *wiped)
{
  memset (wiped, 0, sizeof *wiped);
  wiped->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kiosk_session_set_wipe_hook (wipe_hook, wiped);
}

static void
wiped_clear (Wiped *wiped)
{
  kiosk_session_set_wipe_hook (NULL, NULL);
  g_clear_pointer (&wiped->seen, g_hash_table_unref);
}

/* ---- the whole way -------------------------------------------------------- */

static void
test_issued (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  KioskGreenChannelFlow *green;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (KioskCardFeederState) state = NULL;
  g_autoptr (KioskStockCard) stock = NULL;
  g_autofree char *key = NULL;
  g_autofree char *uuid = NULL;
  const KioskApplicationForm *form;
  guint receipts;
  Wiped wiped;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  wiped_init (&wiped);
  receipts = flows_rig_receipt_printer_jobs ();

  flow = flows_rig_start (&rig, KIOSK_SERVICE_GREEN_CHANNEL);
  green = KIOSK_GREEN_CHANNEL_FLOW (flow);
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_ID_CARD);
  g_assert_cmpuint (kiosk_flow_get_seconds_left (flow), >, 0);

  /* The real ID reader: the flow reads it itself. */
  flows_rig_place_id (&rig, PERSON_GREEN);
  g_assert_true (flows_wait_state (flow, S (PHOTO), 10000));
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CAMERA);

  /* The real camera's still, the real photo check, the center's face score. */
  g_assert_true (kiosk_flow_capture_photo (flow, &error));
  g_assert_no_error (error);
  g_assert_true (flows_wait_state (flow, S (FORM), 30000));
  g_assert_cmpfloat (kiosk_green_channel_flow_get_face_score (green), >=, 0.6);

  /* Chip fields come filled and read only; the address defaults to the ID's. */
  form = kiosk_green_channel_flow_get_form (green);
  g_assert_cmpstr (form->id_number, ==, PERSON_GREEN);
  g_assert_nonnull (form->name);
  g_assert_nonnull (form->address);
  g_assert_false (kiosk_green_channel_flow_set_field (green, "name", "王八", &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (kiosk_green_channel_flow_set_field (green, "phone", "139-1234-5678", &error));
  g_assert_cmpstr (form->phone, ==, "13912345678");
  g_assert_true (kiosk_green_channel_flow_set_field (green, "bank", "ccb", &error));
  g_assert_true (kiosk_green_channel_flow_set_field (green, "postal-code", "130000", &error));
  g_assert_true (kiosk_green_channel_flow_set_field (green, "industry", "未知", &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (REVIEW));
  g_assert_nonnull (kiosk_green_channel_flow_get_card_preview (green));
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (SIGNATURE));
  g_assert_true (kiosk_green_channel_flow_submit_signature (green, signature, &error));
  g_assert_no_error (error);

  /* Production: no cancel while a card is in the machine. */
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_PRODUCTION);
  g_assert_false (kiosk_flow_cancel (flow, &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_cmpuint (kiosk_flow_get_production_seconds_left (flow), >, 0);

  g_assert_true (flows_wait_state (flow, S (TAKE_CARD), 60000));
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_DONE);

  /* The receipt: masked card number, R22, the application as QR. */
  g_assert_nonnull (kiosk_flow_get_receipt_text (flow));
  g_assert_nonnull (strstr (kiosk_flow_get_receipt_text (flow), "R22"));
  g_assert_null (strstr (kiosk_flow_get_receipt_text (flow), PERSON_GREEN));
  g_assert_true (g_str_has_prefix (kiosk_flow_get_qr_payload (flow), "SIM-GC-"));
  g_assert_cmpuint (flows_rig_receipt_printer_jobs (), ==, receipts + 1);

  /* The journal: closed "issued", every effect intended first, one report. */
  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->outcome, ==, "issued");
  flows_assert_intent_before_effect (flows_rig_store (&rig), uuid);
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "result", KIOSK_JOURNAL_INTENT), ==, 1);

  /* The card: issued in the stock, fed, ejected and taken in the transport. */
  state = kiosk_card_feeder_query_state_sync (KIOSK_CARD_FEEDER (flows_rig_feeder (&rig)), NULL,
                                              &error);
  g_assert_cmpuint (state->fed, ==, 1);
  g_assert_cmpuint (state->ejected, ==, 1);
  g_assert_cmpuint (state->taken, ==, 1);
  g_assert_cmpuint (state->rejected, ==, 0);
  flows_assert_stock_matches (&rig);
  stock = kiosk_store_stock_get (flows_rig_store (&rig), "JL24T000001", &error);
  g_assert_cmpint (stock->state, ==, KIOSK_CARD_ISSUED);

  /* The chip was written for real: the virtual card is personalised. */
  {
    g_autofree char *reply = flows_rig_vcard ("STATE");

    g_assert_nonnull (strstr (reply, "personalised=1"));
  }

  /* The session's personal data was wiped: every buffer shown was zero. */
  g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
  g_assert_cmpuint (wiped.n_buffers, >, 5);
  g_assert_cmpuint (wiped.n_nonzero, ==, 0);
  g_assert_true (g_hash_table_contains (wiped.seen, "id-card.id-number"));
  g_assert_true (g_hash_table_contains (wiped.seen, "photo"));
  g_assert_true (g_hash_table_contains (wiped.seen, "form.phone"));
  g_assert_true (g_hash_table_contains (wiped.seen, "signature"));

  wiped_clear (&wiped);
  g_clear_object (&flow);
  flows_rig_teardown (&rig);
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  flows_rig_init ();
  g_test_add_func ("/flows/green-channel/issued", test_issued);
  rc = kiosk_test_run ();
  flows_rig_shutdown ();
  return rc;
}
