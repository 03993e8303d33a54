/* test-green-channel.c — R4 end to end: real ID reader, camera, center, store,
 * chip (pcscd + vpcd), card transport and printers; refusals; the form;
 * a spoiled card at every production step; cancel and timeout wipe */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "flows-rig.h"
#include "kiosk-card-feeder.h"
#include "kiosk-flow-private.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-mask.h"
#include "kiosk-test.h"

#define S(x) KIOSK_GREEN_CHANNEL_STATE_##x

/* ---- the card-face preview ------------------------------------------------ */

/* The preview on the review page is the card face with the social security
 * number masked (design/UI.md: a public screen); the printed face has it in
 * full. Rendered the same way here, pixel for pixel. */
static void
assert_preview_masked (KioskFlow *flow)
{
  KioskSession *session = kiosk_flow_get_session (flow);
  const KioskApplicationForm *form
      = kiosk_green_channel_flow_get_form (KIOSK_GREEN_CHANNEL_FLOW (flow));
  GBytes *preview = kiosk_green_channel_flow_get_card_preview (KIOSK_GREEN_CHANNEL_FLOW (flow));
  g_autofree char *masked = kiosk_mask (KIOSK_MASK_ID_NUMBER, form->id_number);
  g_autoptr (GBytes) expected = NULL;
  g_autoptr (GBytes) full = NULL;
  g_autoptr (GError) error = NULL;
  GDate today;

  g_assert_nonnull (preview);
  g_assert_null (strstr (masked, form->id_number));
  kiosk_flow_get_today (flow, &today);
  expected = kiosk_flow_render_card_face (form->name, masked, "—", &today,
                                          kiosk_session_get_photo (session), FALSE, NULL, TRUE, 150,
                                          &error);
  g_assert_no_error (error);
  full = kiosk_flow_render_card_face (form->name, form->id_number, "—", &today,
                                      kiosk_session_get_photo (session), FALSE, NULL, TRUE, 150,
                                      &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (preview, expected));
  g_assert_false (g_bytes_equal (preview, full));
}

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
  assert_preview_masked (flow);

  /* 重新拍照 from the review: the camera, and 返回 keeps the photo… */
  g_assert_false (kiosk_green_channel_flow_is_retaking (green));
  g_assert_true (kiosk_green_channel_flow_retake_photo (green, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CAMERA);
  g_assert_true (kiosk_green_channel_flow_is_retaking (green));
  g_assert_null (kiosk_green_channel_flow_get_card_preview (green));
  g_assert_true (kiosk_flow_go_back (flow, &error));
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (REVIEW));
  g_assert_nonnull (kiosk_green_channel_flow_get_card_preview (green));
  /* …a new photo is checked and verified, and the review comes back with
   * the form as it was (not the form's questions again). */
  g_assert_true (kiosk_green_channel_flow_retake_photo (green, &error));
  g_assert_true (kiosk_flow_capture_photo (flow, &error));
  g_assert_no_error (error);
  g_assert_true (flows_wait_state (flow, S (REVIEW), 30000));
  g_assert_false (kiosk_green_channel_flow_is_retaking (green));
  g_assert_cmpstr (form->phone, ==, "13912345678");
  g_assert_nonnull (kiosk_green_channel_flow_get_card_preview (green));
  assert_preview_masked (flow);
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "verify-face", KIOSK_JOURNAL_OUTCOME), ==,
      2);
  /* Only from the review. */
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (SIGNATURE));
  g_assert_false (kiosk_green_channel_flow_retake_photo (green, &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (SIGNATURE));
  g_assert_true (kiosk_green_channel_flow_submit_signature (green, signature, &error));
  g_assert_no_error (error);

  /* Production: no cancel while a card is in the machine. APPLY is entered
   * at once; the photo file is written in a thread, then the application's
   * intent journaled (before anything is sent to the center). */
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_PRODUCTION);
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (flows_count_steps (flows_rig_store (&rig), uuid, "apply", KIOSK_JOURNAL_INTENT) == 0
           && !kiosk_flow_is_finished (flow) && g_get_monotonic_time () < end)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (500);
      }
    g_assert_cmpuint (
        flows_count_steps (flows_rig_store (&rig), uuid, "apply", KIOSK_JOURNAL_INTENT), ==, 1);
  }
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
  /* What the card printer got is the rendered face (the flow wipes its
   * rendering only after the job is done). */
  {
    g_autoptr (GBytes) printed = flows_rig_printed_card_face (&rig, uuid);

    flows_assert_card_face_png (printed);
  }

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

/* ---- refusals -------------------------------------------------------------- */

static void
expect_refused (FlowsRig *rig, const char *id_number, int rule)
{
  g_autoptr (KioskFlow) flow = flows_green_until (rig, id_number, S (READ_ID));
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  const KioskRefusal *refusal;

  flows_rig_place_id (rig, id_number);
  g_assert_cmpint (flows_wait_end (flow, 10000), ==, KIOSK_FLOW_PAGE_REFUSED);
  flows_rig_remove_id (rig);
  refusal = kiosk_flow_get_refusal (flow);
  g_assert_nonnull (refusal);
  g_assert_cmpint (refusal->rule, ==, rule);
  g_assert_true (g_utf8_validate (refusal->message, -1, NULL) && refusal->message[0] != '\0');
  g_assert_true (refusal->remedy != NULL && refusal->remedy[0] != '\0');
  g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
  session = kiosk_store_session_get (flows_rig_store (rig), uuid, &error);
  g_assert_cmpstr (session->outcome, ==, "refused");
  /* Nothing was applied for. */
  g_assert_cmpuint (flows_count_steps (flows_rig_store (rig), uuid, "apply", KIOSK_JOURNAL_INTENT),
                    ==, 0);
}

static void
test_refusals (void)
{
  FlowsRig rig;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  expect_refused (&rig, PERSON_DECEASED, 17); /* R17 first */
  expect_refused (&rig, PERSON_PRODUCTION,
                  4);                      /* has a card in production: progress / temporary card */
  expect_refused (&rig, PERSON_ACTIVE, 4); /* has a card */
  expect_refused (&rig, PERSON_NEW, 4);    /* no cross-province registration */
  expect_refused (&rig, PERSON_UNINSURED, 2); /* not insured */
  flows_assert_stock_matches (&rig);
  flows_rig_teardown (&rig);
}

/* ---- photo and face -------------------------------------------------------- */

static void
test_photo_and_face (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (KioskFlow) stranger = NULL;
  g_autoptr (GBytes) two = flows_fixture ("fail-two-faces.jpg");
  g_autoptr (GBytes) good = flows_fixture ("pass-centre.jpg");
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) garbage = g_bytes_new_static ("not a picture at all", 20);
  g_autoptr (GError) error = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (PHOTO));

  /* A photo that fails the specification: back to the camera, with what to change. */
  g_assert_true (kiosk_flow_submit_photo (flow, two, &error));
  g_assert_true (flows_wait_state (flow, S (PHOTO), 20000));
  flows_spin (50);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (PHOTO));
  g_assert_nonnull (kiosk_flow_get_hint (flow));
  /* Garbage is a retake, never a crash; nothing is not a photo. */
  g_assert_false (kiosk_flow_submit_photo (flow, empty, &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_PHOTO);
  g_clear_error (&error);
  g_assert_true (kiosk_flow_submit_photo (flow, garbage, &error));
  flows_spin (300);
  g_assert_true (flows_wait_state (flow, S (PHOTO), 5000));
  g_assert_nonnull (kiosk_flow_get_hint (flow));
  /* Not on the camera page: refused, nothing changes. */
  g_assert_false (
      kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow), good, &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_true (kiosk_flow_submit_photo (flow, good, &error));
  g_assert_true (flows_wait_state (flow, S (FORM), 20000));
  g_assert_true (kiosk_flow_cancel (flow, &error));

  /* Someone else's face: three attempts, then a window. */
  stranger = flows_green_until (&rig, PERSON_FACE_FAIL, S (PHOTO));
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpint (kiosk_flow_get_state (stranger), ==, S (PHOTO));
      g_assert_true (kiosk_flow_submit_photo (stranger, good, &error));
      g_assert_no_error (error);
      if (i < 2)
        {
          g_assert_true (flows_wait_state (stranger, S (FACE_VERIFY), 20000));
          g_assert_true (flows_wait_state (stranger, S (PHOTO), 20000));
          g_assert_nonnull (kiosk_flow_get_hint (stranger));
        }
    }
  g_assert_cmpint (flows_wait_end (stranger, 20000), ==, KIOSK_FLOW_PAGE_FAILED);
  g_assert_error ((GError *) kiosk_flow_get_error (stranger), KIOSK_FLOW_ERROR,
                  KIOSK_FLOW_ERROR_FACE_MISMATCH);
  g_assert_cmpfloat (kiosk_green_channel_flow_get_face_score (KIOSK_GREEN_CHANNEL_FLOW (stranger)),
                     <, 0.6);
  flows_rig_teardown (&rig);
}

/* ---- the form -------------------------------------------------------------- */

static void
test_form (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  KioskGreenChannelFlow *green;
  g_autoptr (GError) error = NULL;
  const KioskApplicationForm *form;
  GPtrArray *problems;
  gboolean phone_problem = FALSE, bank_problem = FALSE;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (FORM));
  green = KIOSK_GREEN_CHANNEL_FLOW (flow);
  form = kiosk_green_channel_flow_get_form (green);

  /* Chip fields: read only. */
  g_assert_true (kiosk_green_channel_flow_field_is_editable ("phone"));
  g_assert_false (kiosk_green_channel_flow_field_is_editable ("id-number"));
  g_assert_false (kiosk_green_channel_flow_field_is_editable (NULL));
  g_assert_false (
      kiosk_green_channel_flow_set_field (green, "id-number", "220102198503120019", &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kiosk_green_channel_flow_set_field (green, "no-such-field", "x", &error));
  g_clear_error (&error);

  /* Checked at once; what was typed stays for the page to show. */
  g_assert_false (kiosk_green_channel_flow_set_field (green, "phone", "12345", &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (form->phone, ==, "12345");
  g_assert_false (kiosk_green_channel_flow_set_field (green, "bank", "花旗银行", &error));
  g_clear_error (&error);
  g_assert_false (kiosk_green_channel_flow_set_field (green, "postal-code", "999999", &error));
  g_clear_error (&error);
  g_assert_false (kiosk_green_channel_flow_set_field (green, "address", "\x01\x02", &error));
  g_clear_error (&error);
  g_assert_nonnull (form->address); /* the ID card's, until changed */
  g_assert_false (kiosk_green_channel_flow_set_field (green, "occupation", "宇航员", &error));
  g_clear_error (&error);

  /* Confirm: every problem at once, the flow stays on the form. */
  g_assert_false (kiosk_flow_confirm (flow, &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (FORM));
  problems = kiosk_green_channel_flow_get_problems (green);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    {
      KioskApplicationFormProblem *problem = g_ptr_array_index (problems, i);

      phone_problem |= g_str_equal (problem->field, "phone");
      bank_problem |= g_str_equal (problem->field, "bank");
    }
  g_assert_true (phone_problem);
  g_assert_true (bank_problem);

  g_assert_true (kiosk_green_channel_flow_set_field (green, "phone", "0431 85570725", &error));
  g_assert_cmpstr (form->phone, ==, "0431-85570725");
  g_assert_true (kiosk_green_channel_flow_set_field (green, "bank", "吉林银行", &error));
  g_assert_true (kiosk_green_channel_flow_set_field (green, "postal-code", "130000", &error));
  g_assert_true (kiosk_green_channel_flow_set_field (green, "occupation", "", &error));
  g_assert_true (
      kiosk_green_channel_flow_set_field (green, "address", "长春市人民大街1号", &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (REVIEW));
  /* Back to the form and forward again. */
  g_assert_true (kiosk_flow_go_back (flow, &error));
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (FORM));
  g_assert_false (kiosk_flow_go_back (flow, &error));
  g_clear_error (&error);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (SIGNATURE));
  {
    g_autoptr (GBytes) not_png = g_bytes_new_static ("GIF89a......", 12);

    g_assert_false (kiosk_green_channel_flow_submit_signature (green, not_png, &error));
    g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_true (kiosk_flow_cancel (flow, &error));
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CANCELLED);
  flows_rig_teardown (&rig);
}

/* ---- cancel and timeout ---------------------------------------------------- */

static void
test_cancel_wipes (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;
  Wiped wiped;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  for (int target = S (READ_ID); target <= S (SIGNATURE); target++)
    {
      g_autoptr (KioskFlow) flow = NULL;
      g_autoptr (KioskJournalSession) session = NULL;
      g_autofree char *uuid = NULL;

      if (target == S (LOOKUP) || target == S (PHOTO_CHECK) || target == S (FACE_VERIFY))
        continue;
      flow = flows_green_until (&rig, PERSON_GREEN, target);
      uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
      wiped_init (&wiped);
      g_assert_true (kiosk_flow_cancel (flow, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CANCELLED);
      g_assert_true (kiosk_flow_is_finished (flow));
      g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
      g_assert_cmpuint (wiped.n_nonzero, ==, 0);
      if (target >= S (PHOTO))
        g_assert_true (g_hash_table_contains (wiped.seen, "id-card.id-number"));
      if (target >= S (FORM))
        g_assert_true (g_hash_table_contains (wiped.seen, "photo"));
      if (target >= S (REVIEW))
        g_assert_true (g_hash_table_contains (wiped.seen, "form.phone"));
      wiped_clear (&wiped);
      session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
      g_assert_cmpstr (session->outcome, ==, "cancelled");
      /* Cancelling twice is harmless; actions after the end are refused. */
      g_assert_true (kiosk_flow_cancel (flow, &error));
      g_assert_false (kiosk_flow_confirm (flow, &error));
      g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE);
      g_clear_error (&error);
    }
  flows_rig_teardown (&rig);
}

static void
count_warning (KioskFlow *flow, guint seconds, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_timeout (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  guint warnings = 0;
  gint64 start;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, "[flows]\npage_timeout_s=5\nwarning_s=2\n");
  flow = flows_green_until (&rig, PERSON_GREEN, S (PHOTO));
  g_signal_connect (flow, "timeout-warning", G_CALLBACK (count_warning), &warnings);
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  g_assert_cmpuint (kiosk_flow_get_seconds_left (flow), <=, 5);
  /* "继续办理" restarts the countdown once. */
  flows_spin (2000);
  kiosk_flow_keep_alive (flow);
  g_assert_cmpuint (kiosk_flow_get_seconds_left (flow), >=, 4);
  start = g_get_monotonic_time ();
  g_assert_cmpint (flows_wait_end (flow, 10000), ==, KIOSK_FLOW_PAGE_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (warnings, >=, 1);
  g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_cmpstr (session->outcome, ==, "timed-out");
  flows_rig_teardown (&rig);
}

/* ---- a card spoiled at every production step ------------------------------- */

typedef enum
{
  FAULT_FEED_JAM,
  FAULT_PERSONALISE,
  FAULT_PRINT,
  FAULT_VERIFY_JAM,
  FAULT_EJECT_JAM,
} Fault;

static void
run_spoiled (Fault fault, const char *step)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockCard) stock = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autofree char *uuid = NULL;

  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (SIGNATURE));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  switch (fault)
    {
      case FAULT_FEED_JAM:
        kiosk_card_feeder_sim_inject_on (flows_rig_feeder (&rig), "feed",
                                         KIOSK_CARD_FEEDER_FAULT_JAM);
        break;
      case FAULT_VERIFY_JAM:
        /* On the way back from the print station to the encoder. */
        kiosk_card_feeder_sim_inject_on (flows_rig_feeder (&rig), "move-encoder",
                                         KIOSK_CARD_FEEDER_FAULT_JAM);
        break;
      case FAULT_EJECT_JAM:
        kiosk_card_feeder_sim_inject_on (flows_rig_feeder (&rig), "eject",
                                         KIOSK_CARD_FEEDER_FAULT_JAM);
        break;
      case FAULT_PERSONALISE:
        {
          /* The fifth APDU of the script gets 6A82. */
          g_autofree char *reply = flows_rig_vcard ("SW 6A82 4");
        }
        break;
      case FAULT_PRINT:
        flows_rig_card_printer_faults ("ERROR: card jammed\nEXIT 1\n");
        break;
    }
  {
    g_autoptr (GBytes) signature = flows_signature_png ();

    g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                              signature, &error));
  }
  g_assert_cmpint (flows_wait_end (flow, 60000), ==, KIOSK_FLOW_PAGE_FAILED);
  flows_rig_card_printer_faults (NULL);
  g_assert_error ((GError *) kiosk_flow_get_error (flow), KIOSK_FLOW_ERROR,
                  KIOSK_FLOW_ERROR_SPOILED);
  /* What happens next is said. */
  g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "窗口"));

  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_cmpstr (session->outcome, ==, "spoiled");
  flows_assert_intent_before_effect (flows_rig_store (&rig), uuid);
  /* The center is told once, with the step. */
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "result", KIOSK_JOURNAL_INTENT), ==, 1);
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "result", KIOSK_JOURNAL_OUTCOME), ==, 1);
  {
    g_autoptr (GPtrArray) steps = kiosk_store_list_steps (flows_rig_store (&rig), uuid, &error);

    for (guint i = 0; i < steps->len; i++)
      {
        KioskJournalStep *entry = g_ptr_array_index (steps, i);

        if (g_str_equal (entry->step, "result") && entry->phase == KIOSK_JOURNAL_INTENT)
          {
            g_autofree char *expected = g_strdup_printf ("\"step\":\"%s\"", step);

            g_assert_nonnull (strstr (entry->payload, expected));
          }
        if (g_str_equal (entry->step, "result") && entry->phase == KIOSK_JOURNAL_OUTCOME)
          g_assert_cmpstr (entry->result, ==, "acknowledged");
      }
  }
  /* The card is accounted: spoiled, with the step as the reason. */
  stock = kiosk_store_stock_get (flows_rig_store (&rig), "JL24T000001", &error);
  g_assert_cmpint (stock->state, ==, KIOSK_CARD_SPOILED);
  g_assert_true (g_str_has_prefix (stock->reason, step));
  {
    g_autoptr (KioskCardFeederState) state = kiosk_card_feeder_query_state_sync (
        KIOSK_CARD_FEEDER (flows_rig_feeder (&rig)), NULL, &error);
    gint64 counts[KIOSK_CARD_N_STATES];

    g_assert_true (kiosk_store_stock_counts (flows_rig_store (&rig), counts, &error));
    g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, (gint64) state->hopper_level);
    g_assert_cmpint (counts[KIOSK_CARD_SPOILED], ==, (gint64) state->fed);
    /* Jammed: the card stays in the machine for a technician, still spoiled. */
    g_assert_cmpuint (state->rejected + (state->jammed ? 1 : 0), ==, 1);
    g_assert_cmpuint (state->ejected - state->taken, ==, 0);
  }
  /* Nothing is left for recovery. */
  actions = flows_rig_recover (&rig);
  g_assert_cmpuint (actions->len, ==, 0);
  flows_rig_teardown (&rig);
}

static void
test_spoiled_feed (void)
{
  if (!flows_rig_skip_if_down ())
    run_spoiled (FAULT_FEED_JAM, "feed");
}

static void
test_spoiled_personalise (void)
{
  if (!flows_rig_skip_if_down ())
    run_spoiled (FAULT_PERSONALISE, "personalise");
}

static void
test_spoiled_print (void)
{
  if (!flows_rig_skip_if_down ())
    run_spoiled (FAULT_PRINT, "print");
}

static void
test_spoiled_verify (void)
{
  if (!flows_rig_skip_if_down ())
    run_spoiled (FAULT_VERIFY_JAM, "verify");
}

static void
test_spoiled_eject (void)
{
  if (!flows_rig_skip_if_down ())
    run_spoiled (FAULT_EJECT_JAM, "eject");
}

/* The photo file cannot be written (its directory is a file): the flow
 * fails with a message, nothing is applied for, nothing is left open. */
static void
test_photo_unwritable (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *photo_dir = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (SIGNATURE));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  photo_dir = g_strdup (kiosk_store_get_photo_dir (flows_rig_store (&rig)));
  if (g_file_test (photo_dir, G_FILE_TEST_IS_DIR))
    g_assert_cmpint (g_rmdir (photo_dir), ==, 0);
  g_assert_true (g_file_set_contents (photo_dir, "not a directory", -1, &error));
  g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                            signature, &error));
  g_assert_no_error (error);
  g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_FAILED);
  g_assert_nonnull (kiosk_flow_get_error (flow));
  g_assert_nonnull (strstr (kiosk_flow_get_error (flow)->message, "申请资料无法保存"));
  g_assert_cmpuint (flows_count_steps (flows_rig_store (&rig), uuid, "apply", KIOSK_JOURNAL_INTENT),
                    ==, 0);
  g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session->outcome);
  actions = flows_rig_recover (&rig);
  g_assert_cmpuint (actions->len, ==, 0);
  g_assert_cmpint (g_unlink (photo_dir), ==, 0);
  flows_rig_teardown (&rig);
}

/* The photo check cannot run at all (here the detector's models are
 * missing; a missing detector module is the same error): no photo will ever
 * pass, so the citizen is sent to a window, not asked to retake forever. */
static void
test_photo_checker_missing (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");
  g_autofree char *uuid = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, "[photo]\ncascade_dir=/nonexistent/haarcascades\n");
  flow = flows_green_until (&rig, PERSON_GREEN, S (PHOTO));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  g_assert_true (kiosk_flow_submit_photo (flow, photo, &error));
  g_assert_no_error (error);
  g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_FAILED);
  g_assert_error (kiosk_flow_get_error (flow), KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE);
  g_assert_cmpstr (kiosk_flow_get_error (flow)->message, ==, "照片检查功能不可用，请到窗口办理");
  g_assert_cmpuint (flows_count_steps (flows_rig_store (&rig), uuid, "apply", KIOSK_JOURNAL_INTENT),
                    ==, 0);
  g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
  flows_rig_teardown (&rig);
}

/* The read-back fails once (the reader, not the card): the card is read
 * again and issued, not spoiled; the journal says it took two reads. */
static void
test_read_back_again (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (KioskStockCard) stock = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  gboolean seen = FALSE;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (SIGNATURE));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  {
    g_autoptr (GBytes) signature = flows_signature_png ();

    g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                              signature, &error));
    g_assert_no_error (error);
  }
  /* The card is on its way back to the encoder: pcscd sees it only after
   * its next presence poll, so the read has not begun. Its first command
   * gets a status word that means nothing. */
  g_assert_true (flows_wait_state (flow, S (VERIFY), 60000));
  {
    g_autofree char *reply = flows_rig_vcard ("SW 6F00 0");

    g_assert_true (g_str_has_prefix (reply, "OK"));
  }
  g_assert_true (flows_wait_state (flow, S (TAKE_CARD), 60000));
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_DONE);

  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->outcome, ==, "issued");
  stock = kiosk_store_stock_get (flows_rig_store (&rig), "JL24T000001", &error);
  g_assert_cmpint (stock->state, ==, KIOSK_CARD_ISSUED);
  steps = kiosk_store_list_steps (flows_rig_store (&rig), uuid, &error);
  for (guint i = 0; i < steps->len; i++)
    {
      KioskJournalStep *entry = g_ptr_array_index (steps, i);

      if (g_str_equal (entry->step, "verify") && entry->phase == KIOSK_JOURNAL_OUTCOME)
        {
          g_assert_cmpstr (entry->result, ==, "ok");
          g_assert_nonnull (entry->payload);
          g_assert_nonnull (strstr (entry->payload, "\"reads\":2"));
          seen = TRUE;
        }
    }
  g_assert_true (seen);
  flows_assert_stock_matches (&rig);
  flows_rig_teardown (&rig);
}

/* No card leaves the hopper: the application is cancelled, nothing spoiled. */
static void
test_misfeed_cancels (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autofree char *uuid = NULL;
  gint64 counts[KIOSK_CARD_N_STATES];

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (SIGNATURE));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  kiosk_card_feeder_sim_inject (flows_rig_feeder (&rig), KIOSK_CARD_FEEDER_FAULT_MISFEED);
  g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                            signature, &error));
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_FAILED);
  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_cmpstr (session->outcome, ==, "cancelled");
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "cancel", KIOSK_JOURNAL_OUTCOME), ==, 1);
  g_assert_true (kiosk_store_stock_counts (flows_rig_store (&rig), counts, &error));
  g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, FLOWS_STOCK);
  flows_assert_stock_matches (&rig);
  flows_rig_teardown (&rig);
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  flows_rig_init ();
  g_test_add_func ("/flows/green-channel/issued", test_issued);
  g_test_add_func ("/flows/green-channel/refusals", test_refusals);
  g_test_add_func ("/flows/green-channel/photo-and-face", test_photo_and_face);
  g_test_add_func ("/flows/green-channel/form", test_form);
  g_test_add_func ("/flows/green-channel/cancel-wipes", test_cancel_wipes);
  g_test_add_func ("/flows/green-channel/timeout", test_timeout);
  g_test_add_func ("/flows/green-channel/spoiled/feed", test_spoiled_feed);
  g_test_add_func ("/flows/green-channel/spoiled/personalise", test_spoiled_personalise);
  g_test_add_func ("/flows/green-channel/spoiled/print", test_spoiled_print);
  g_test_add_func ("/flows/green-channel/spoiled/verify", test_spoiled_verify);
  g_test_add_func ("/flows/green-channel/read-back-again", test_read_back_again);
  g_test_add_func ("/flows/green-channel/spoiled/eject", test_spoiled_eject);
  g_test_add_func ("/flows/green-channel/misfeed-cancels", test_misfeed_cancels);
  g_test_add_func ("/flows/green-channel/photo-unwritable", test_photo_unwritable);
  g_test_add_func ("/flows/green-channel/photo-checker-missing", test_photo_checker_missing);
  rc = kiosk_test_run ();
  flows_rig_shutdown ();
  return rc;
}
