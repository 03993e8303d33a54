/* center-test.h — helpers shared by the center's tests: run the async API to
 * completion on the thread-default main context, a fresh simulator in a
 * temporary directory, and the demo people's ID numbers. */
#pragma once

#include <glib/gstdio.h>

#include "kiosk-center-sim.h"
#include "kiosk-test.h"
#include "kiosk-center.h"
#include "kiosk-rules.h"

/* The demo people of data/demo-people.ini used by the tests. */
#define ID_OUT_OF_PROVINCE    "220102198503120019"
#define ID_DECEASED           "220104195207040021"
#define ID_IN_PRODUCTION      "220102199002150038"
#define ID_AT_WINDOW          "220105198809090042"
#define ID_TEMP_LOSS_DAY_1    "220102196801010062"
#define ID_TEMP_LOSS_DAY_8    "220103197906060075"
#define ID_FORMALLY_LOST      "220202198202280081"
#define ID_FORMAL_LOSS_SOCIAL "220203199111110096"
#define ID_PRE_ACCOUNT_PHOTO  "22020419930303010X"
#define ID_PRE_ACCOUNT_PHONE  "22030219870417011X"
#define ID_PRE_ACCOUNT_NAME   "222401199505250120"
#define ID_ACTIVE             "220102197208080136"
#define ID_NEWLY_INSURED      "220106200002290170"
#define ID_HK_RESIDENT        "810000199001010019"
#define ID_FACE_MISMATCH      "220202198907070199"
#define ID_UNKNOWN            "220102198001010012" /* valid, but not a demo person */

typedef struct
{
  GAsyncResult *result;
} Waiter;

static inline void
waiter_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Waiter *w = user_data;

  w->result = g_object_ref (result);
}

/* Iterates the thread-default main context until the call has answered. */
static inline GAsyncResult *
waiter_wait (Waiter *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

static inline void
waiter_clear (Waiter *w)
{
  g_clear_object (&w->result);
}

static inline KioskPerson *
lookup_sync (KioskCenter *c, const char *key, const char *id, GError **error)
{
  Waiter w = { 0 };
  KioskPerson *person;

  kiosk_center_lookup_person_async (c, key, id, NULL, waiter_done, &w);
  person = kiosk_center_lookup_person_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return person;
}

static inline KioskProgress *
progress_sync (KioskCenter *c, const char *key, const char *id, GError **error)
{
  Waiter w = { 0 };
  KioskProgress *progress;

  kiosk_center_get_progress_async (c, key, id, NULL, waiter_done, &w);
  progress = kiosk_center_get_progress_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return progress;
}

static inline KioskCard *
temporary_loss_sync (
    KioskCenter *c, const char *key, const char *id, const char *card, GError **error)
{
  Waiter w = { 0 };
  KioskCard *result;

  kiosk_center_temporary_loss_async (c, key, id, card, NULL, waiter_done, &w);
  result = kiosk_center_temporary_loss_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return result;
}

static inline KioskCard *
formal_loss_sync (KioskCenter *c,
                  const char *key,
                  const char *id,
                  const char *card,
                  KioskCardFunction functions,
                  GError **error)
{
  Waiter w = { 0 };
  KioskCard *result;

  kiosk_center_formal_loss_async (c, key, id, card, functions, NULL, waiter_done, &w);
  result = kiosk_center_formal_loss_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return result;
}

static inline KioskCard *
unblock_sync (KioskCenter *c, const char *key, const char *id, const char *card, GError **error)
{
  Waiter w = { 0 };
  KioskCard *result;

  kiosk_center_unblock_async (c, key, id, card, NULL, waiter_done, &w);
  result = kiosk_center_unblock_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return result;
}

static inline KioskCenterApplication *
apply_sync (KioskCenter *c,
            const char *key,
            const KioskCenterApplicationRequest *request,
            GError **error)
{
  Waiter w = { 0 };
  KioskCenterApplication *app;

  kiosk_center_apply_green_channel_async (c, key, request, NULL, waiter_done, &w);
  app = kiosk_center_apply_green_channel_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return app;
}

static inline gboolean
report_with_head_sync (KioskCenter *c,
                       const char *key,
                       const char *app_id,
                       KioskCenterResult result,
                       const char *step,
                       const char *audit_head,
                       GError **error)
{
  Waiter w = { 0 };
  gboolean ok;

  kiosk_center_report_result_async (c, key, app_id, result, step, audit_head, NULL, waiter_done,
                                    &w);
  ok = kiosk_center_report_result_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return ok;
}

static inline gboolean
report_sync (KioskCenter *c,
             const char *key,
             const char *app_id,
             KioskCenterResult result,
             const char *step,
             GError **error)
{
  return report_with_head_sync (c, key, app_id, result, step, NULL, error);
}

static inline GStrv
audit_witnesses_sync (KioskCenter *c, GError **error)
{
  Waiter w = { 0 };
  GStrv heads;

  kiosk_center_audit_witnesses_async (c, "test:witnesses", NULL, waiter_done, &w);
  heads = kiosk_center_audit_witnesses_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return heads;
}

static inline gboolean
cancel_sync (KioskCenter *c, const char *key, const char *app_id, GError **error)
{
  Waiter w = { 0 };
  gboolean ok;

  kiosk_center_cancel_application_async (c, key, app_id, NULL, waiter_done, &w);
  ok = kiosk_center_cancel_application_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return ok;
}

static inline KioskCard *
temporary_card_sync (KioskCenter *c, const char *key, const char *id, GError **error)
{
  Waiter w = { 0 };
  KioskCard *card;

  kiosk_center_issue_temporary_card_async (c, key, id, NULL, waiter_done, &w);
  card = kiosk_center_issue_temporary_card_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return card;
}

static inline gboolean
report_temporary_sync (KioskCenter *c,
                       const char *key,
                       const char *id,
                       const char *card,
                       KioskCenterResult result,
                       const char *step,
                       GError **error)
{
  Waiter w = { 0 };
  gboolean ok;

  kiosk_center_report_temporary_card_async (c, key, id, card, result, step, NULL, NULL, waiter_done,
                                            &w);
  ok = kiosk_center_report_temporary_card_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return ok;
}

static inline gboolean
verify_face_sync (
    KioskCenter *c, const char *key, const char *id, GBytes *photo, double *score, GError **error)
{
  Waiter w = { 0 };
  gboolean ok;

  kiosk_center_verify_face_async (c, key, id, photo, NULL, waiter_done, &w);
  ok = kiosk_center_verify_face_finish (c, waiter_wait (&w), score, error);
  waiter_clear (&w);
  return ok;
}

static inline KioskProgress *
resubmit_sync (KioskCenter *c,
               const char *key,
               const char *id,
               const char *card,
               const char *phone,
               GBytes *photo,
               GError **error)
{
  Waiter w = { 0 };
  KioskProgress *progress;

  kiosk_center_resubmit_pre_account_async (c, key, id, card, phone, photo, NULL, waiter_done, &w);
  progress = kiosk_center_resubmit_pre_account_finish (c, waiter_wait (&w), error);
  waiter_clear (&w);
  return progress;
}

/* A fake JPEG: SOI, some bytes that depend on `seed`, EOI. Enough for the
 * simulator, which only checks the markers. */
static inline GBytes *
fake_jpeg (guint seed)
{
  guint8 data[64];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 31 + seed * 7);
  data[0] = 0xFF;
  data[1] = 0xD8;
  data[2] = 0xFF;
  data[3] = 0xE0;
  data[sizeof data - 2] = 0xFF;
  data[sizeof data - 1] = 0xD9;
  return g_bytes_new (data, sizeof data);
}

/* The refusal's rule, asserting the error is a refusal. */
static inline int
refused_rule (const GError *error)
{
  const KioskRefusal *refusal;

  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_REFUSED);
  refusal = kiosk_center_error_get_refusal (error);
  g_assert_nonnull (refusal);
  g_assert_nonnull (refusal->message);
  g_assert_nonnull (refusal->remedy);
  return refusal->rule;
}

/* A private directory for one test, below the program's temporary HOME
 * (kiosk_test_init); removed by temp_dir_remove(). */
static inline char *
temp_dir_new (void)
{
  char *dir = g_build_filename (kiosk_test_dir, "center-XXXXXX", NULL);

  g_assert_nonnull (g_mkdtemp_full (dir, 0700));
  return dir;
}

static inline void
temp_dir_remove (const char *dir)
{
  kiosk_test_rm_rf (dir);
}
