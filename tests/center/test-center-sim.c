/* test-center-sim.c — every call of the center against the embedded simulator
 * on a real SQLite file: happy paths, refusals through the rules, and the
 * life of a green-channel application. */
#include "config.h"

#include <string.h>

#include "center-test.h"
#include "kiosk-card-number.h"
#include "kiosk-center-wire.h"

typedef struct
{
  char *dir;
  char *db_path;
  KioskCenterSim *sim;
  KioskCenter *center;
  GDate today;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = temp_dir_new ();
  f->db_path = g_build_filename (f->dir, "center-sim.db", NULL);
  f->sim = kiosk_center_sim_new (f->db_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->sim);
  f->center = KIOSK_CENTER (f->sim);
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, 15, G_DATE_MARCH, 2025);
  kiosk_center_sim_set_today (f->sim, &f->today);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->sim);
  temp_dir_remove (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

static KioskCenterApplicationRequest *
request_for (const char *id_number, const char *name)
{
  KioskCenterApplicationRequest *r = kiosk_center_application_request_new ();

  r->id_number = g_strdup (id_number);
  r->name = g_strdup (name);
  r->nation = g_strdup ("01");
  r->phone = g_strdup ("13900001234");
  r->postal_code = g_strdup ("130000");
  r->address = g_strdup ("吉林省长春市南关区演示路1号");
  r->bank = g_strdup ("建设银行");
  r->photo = fake_jpeg (1);
  return r;
}

static void
test_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) p = NULL;
  KioskCard *card;

  p = lookup_sync (f->center, "t:lookup:1", ID_OUT_OF_PROVINCE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->id_number, ==, ID_OUT_OF_PROVINCE);
  g_assert_cmpstr (p->name, ==, "张三");
  g_assert_true (p->insured);
  g_assert_true (p->cross_province_registered);
  g_assert_false (p->deceased);
  g_assert_cmpuint (p->cards->len, ==, 0);
  g_clear_pointer (&p, kiosk_person_free);

  p = lookup_sync (f->center, "t:lookup:2", ID_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->cards->len, ==, 1);
  card = kiosk_person_current_card (p);
  g_assert_nonnull (card);
  g_assert_cmpstr (card->card_number, ==, "D0000014S");
  g_assert_cmpint (card->stage, ==, KIOSK_CARD_STAGE_SOCIAL_ACTIVE);
  g_assert_true (card->social_activated);
  g_assert_true (g_date_valid (&card->financial_activated_on));
  g_assert_cmpint (g_date_days_between (&card->financial_activated_on, &f->today), ==, 395);
  g_assert_true (kiosk_rules_card_usable (card, &f->today));
  g_clear_pointer (&p, kiosk_person_free);

  /* A deceased person is reported, not refused: the kiosk shows R17. */
  p = lookup_sync (f->center, "t:lookup:3", ID_DECEASED, &error);
  g_assert_no_error (error);
  g_assert_true (p->deceased);
  g_clear_pointer (&p, kiosk_person_free);

  p = lookup_sync (f->center, "t:lookup:4", ID_UNKNOWN, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND);
  g_assert_null (p);
  g_clear_error (&error);

  /* Garbage never reaches the center. */
  p = lookup_sync (f->center, "t:lookup:5", "220102198503120018", &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  p = lookup_sync (f->center, "t:lookup:6", NULL, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  p = lookup_sync (f->center, "t:lookup:7", "' OR 1=1 --", &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_keys_required (Fixture *f, gconstpointer data)
{
  const char *bad_keys[] = { NULL, "", "has space", "tab\tkey", "中文", NULL };
  g_autofree char *long_key = g_strnfill (201, 'k');

  for (guint i = 0; i < G_N_ELEMENTS (bad_keys) - 1; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskCard) card
          = temporary_loss_sync (f->center, bad_keys[i], ID_ACTIVE, NULL, &error);

      g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
      g_assert_null (card);
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskPerson) p = lookup_sync (f->center, long_key, ID_ACTIVE, &error);

    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
  }
  {
    /* None of them acted. */
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskPerson) p = lookup_sync (f->center, "t:keys:check", ID_ACTIVE, &error);

    g_assert_no_error (error);
    g_assert_false (g_date_valid (&kiosk_person_current_card (p)->temporary_loss_on));
  }
}

static void
test_progress (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskProgress) pr = NULL;

  pr = progress_sync (f->center, "t:progress:1", ID_IN_PRODUCTION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  g_assert_cmpstr (pr->window, ==, "ccb-renmin-square");
  g_assert_cmpstr (pr->bank, ==, "建设银行");
  g_assert_cmpstr (pr->card_number, ==, "D0000003Y");
  g_assert_cmpint (pr->pre_account_failure, ==, KIOSK_PRE_ACCOUNT_FAILURE_NONE);
  g_assert_cmpstr (pr->text, !=, "");
  g_clear_pointer (&pr, kiosk_progress_free);

  pr = progress_sync (f->center, "t:progress:2", ID_AT_WINDOW, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_AT_WINDOW);
  g_assert_cmpstr (pr->window, ==, "icbc-nandajie");
  g_clear_pointer (&pr, kiosk_progress_free);

  pr = progress_sync (f->center, "t:progress:3", ID_PRE_ACCOUNT_PHOTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED);
  g_assert_cmpint (pr->pre_account_failure, ==, KIOSK_PRE_ACCOUNT_FAILURE_PHOTO);
  g_clear_pointer (&pr, kiosk_progress_free);

  /* R16: no card, nothing to report. */
  pr = progress_sync (f->center, "t:progress:4", ID_OUT_OF_PROVINCE, &error);
  g_assert_null (pr);
  g_assert_cmpint (refused_rule (error), ==, 16);
}

static void
test_temporary_loss (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskPerson) p = NULL;

  card = temporary_loss_sync (f->center, "t:tl:1", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (card->card_number, ==, "D0000014S");
  g_assert_cmpint (g_date_compare (&card->temporary_loss_on, &f->today), ==, 0);
  g_clear_pointer (&card, kiosk_card_free);

  p = lookup_sync (f->center, "t:tl:2", ID_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (kiosk_person_current_card (p), &f->today), ==,
                   1);

  /* Already lost: the rules refuse a second temporary loss (R6). */
  card = temporary_loss_sync (f->center, "t:tl:3", ID_ACTIVE, "D0000014S", &error);
  g_assert_null (card);
  g_assert_cmpint (refused_rule (error), ==, 6);
  g_clear_error (&error);

  /* A card that is not this person's. */
  card = temporary_loss_sync (f->center, "t:tl:4", ID_ACTIVE, "D00000011", &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A card in production is not in the holder's hands (R6). */
  card = temporary_loss_sync (f->center, "t:tl:5", ID_IN_PRODUCTION, NULL, &error);
  g_assert_cmpint (refused_rule (error), ==, 6);
}

static void
test_formal_loss (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;

  /* Day 1: the social function, then the financial one (R8, per function). */
  card = formal_loss_sync (f->center, "t:fl:1", ID_TEMP_LOSS_DAY_1, NULL,
                           KIOSK_CARD_FUNCTION_SOCIAL, &error);
  g_assert_no_error (error);
  g_assert_true (card->formal_loss_social);
  g_assert_false (card->formal_loss_financial);
  g_assert_cmpint (g_date_compare (&card->formal_loss_social_on, &f->today), ==, 0);
  g_clear_pointer (&card, kiosk_card_free);

  card = formal_loss_sync (f->center, "t:fl:2", ID_TEMP_LOSS_DAY_1, NULL,
                           KIOSK_CARD_FUNCTION_SOCIAL, &error);
  g_assert_cmpint (refused_rule (error), ==, 8);
  g_clear_error (&error);

  card = formal_loss_sync (f->center, "t:fl:3", ID_TEMP_LOSS_DAY_1, NULL,
                           KIOSK_CARD_FUNCTION_FINANCIAL, &error);
  g_assert_no_error (error);
  g_assert_true (card->formal_loss_social);
  g_assert_true (card->formal_loss_financial);
  g_clear_pointer (&card, kiosk_card_free);

  /* R9: never unblocked after a formal loss. */
  card = unblock_sync (f->center, "t:fl:4", ID_TEMP_LOSS_DAY_1, NULL, &error);
  g_assert_cmpint (refused_rule (error), ==, 9);
  g_clear_error (&error);

  /* Day 8: formal loss only at a window (R8, policy refer_to_window). */
  card = formal_loss_sync (f->center, "t:fl:5", ID_TEMP_LOSS_DAY_8, NULL, KIOSK_CARD_FUNCTION_BOTH,
                           &error);
  g_assert_null (card);
  g_assert_cmpint (refused_rule (error), ==, 8);
  g_clear_error (&error);

  /* Social lost on day 2; the financial function can still follow. */
  card = formal_loss_sync (f->center, "t:fl:6", ID_FORMAL_LOSS_SOCIAL, NULL,
                           KIOSK_CARD_FUNCTION_FINANCIAL, &error);
  g_assert_no_error (error);
  g_assert_true (card->formal_loss_financial);
  g_clear_pointer (&card, kiosk_card_free);

  /* No temporary loss: no formal loss. */
  card
      = formal_loss_sync (f->center, "t:fl:7", ID_ACTIVE, NULL, KIOSK_CARD_FUNCTION_SOCIAL, &error);
  g_assert_cmpint (refused_rule (error), ==, 8);
  g_clear_error (&error);

  /* A formal loss of nothing is a bad request. */
  card = formal_loss_sync (f->center, "t:fl:8", ID_ACTIVE, NULL, 0, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
}

static void
test_unblock (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskPerson) p = NULL;

  card = unblock_sync (f->center, "t:ub:1", ID_TEMP_LOSS_DAY_1, "D0000006S", &error);
  g_assert_no_error (error);
  g_assert_false (g_date_valid (&card->temporary_loss_on));
  g_clear_pointer (&card, kiosk_card_free);

  p = lookup_sync (f->center, "t:ub:2", ID_TEMP_LOSS_DAY_1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (kiosk_person_current_card (p), &f->today), ==,
                   0);

  card = unblock_sync (f->center, "t:ub:3", ID_FORMALLY_LOST, NULL, &error);
  g_assert_cmpint (refused_rule (error), ==, 9);
  g_clear_error (&error);

  /* Nothing to unblock on a card that is not lost. */
  card = unblock_sync (f->center, "t:ub:4", ID_ACTIVE, NULL, &error);
  g_assert_nonnull (error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_REFUSED);
}

static void
test_green_channel (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplicationRequest) req = request_for (ID_OUT_OF_PROVINCE, "张三");
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autoptr (KioskPerson) p = NULL;
  g_autoptr (KioskProgress) pr = NULL;
  const KioskApduStep *step;
  g_autofree char *hex = NULL;
  KioskCard *card;

  app = apply_sync (f->center, "t:gc:apply", req, &error);
  g_assert_no_error (error);
  g_assert_nonnull (app->application_id);
  g_assert_true (kiosk_card_number_is_valid (app->card_number));
  g_assert_cmpstr (app->bank, ==, "建设银行");
  g_assert_nonnull (app->script);
  g_assert_cmpuint (kiosk_apdu_script_get_n_steps (app->script), >=, 10);
  step = kiosk_apdu_script_get_step (app->script, 0);
  hex = kiosk_apdu_step_command_hex (step);
  g_assert_cmpstr (hex, ==, "00A404000F7378312E73682EC9E7BBE1B1A3D5CF");
  g_assert_true (kiosk_apdu_step_accepts (step, 0x9000));
  g_assert_false (kiosk_apdu_step_accepts (step, 0x6A82));
  /* The card number is written to EF05 record 7 as tag 07, length 9. */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < kiosk_apdu_script_get_n_steps (app->script); i++)
      {
        gsize len;
        const guint8 *apdu
            = g_bytes_get_data (kiosk_apdu_script_get_step (app->script, i)->command, &len);

        if (len == 5 + 11 && apdu[1] == 0xDC && apdu[2] == 0x07 && apdu[3] == 0x2C)
          {
            g_assert_cmpint (apdu[5], ==, 0x07);
            g_assert_cmpint (apdu[6], ==, 9);
            g_assert_cmpmem (apdu + 7, 9, app->card_number, 9);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* The card exists, in production, with its progress. */
  p = lookup_sync (f->center, "t:gc:lookup", ID_OUT_OF_PROVINCE, &error);
  g_assert_no_error (error);
  card = kiosk_person_current_card (p);
  g_assert_nonnull (card);
  g_assert_cmpstr (card->card_number, ==, app->card_number);
  g_assert_cmpint (card->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  g_clear_pointer (&p, kiosk_person_free);
  pr = progress_sync (f->center, "t:gc:progress", ID_OUT_OF_PROVINCE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);

  /* ISSUANCE.md step 9. */
  g_assert_true (report_sync (f->center, "t:gc:result", app->application_id,
                              KIOSK_CENTER_RESULT_ISSUED, NULL, &error));
  g_assert_no_error (error);
  p = lookup_sync (f->center, "t:gc:lookup2", ID_OUT_OF_PROVINCE, &error);
  card = kiosk_person_current_card (p);
  g_assert_cmpint (card->stage, ==, KIOSK_CARD_STAGE_COLLECTED);
  g_assert_cmpint (g_date_compare (&card->issued_on, &f->today), ==, 0);
  g_clear_pointer (&p, kiosk_person_free);

  /* An issued application is not cancelled. */
  g_assert_false (cancel_sync (f->center, "t:gc:cancel", app->application_id, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* Someone who has a card does not get another (R4). */
  g_clear_pointer (&app, kiosk_center_application_free);
  app = apply_sync (f->center, "t:gc:apply2", req, &error);
  g_assert_null (app);
  g_assert_cmpint (refused_rule (error), ==, 4);
  g_clear_error (&error);
}

static void
test_green_channel_refusals (Fixture *f, gconstpointer data)
{
  struct
  {
    const char *id;
    const char *name;
    const char *bank;
    const char *phone;
    gboolean bad_photo;
    int rule;
  } cases[] = {
    { ID_ACTIVE, "卫五", "建设银行", "13900001234", FALSE, 4 },        /* has a card */
    { ID_NEWLY_INSURED, "杨九", "建设银行", "13900001234", FALSE, 4 }, /* no registration */
    { ID_DECEASED, "李四", "建设银行", "13900001234", FALSE, 17 },
    { ID_OUT_OF_PROVINCE, "张三", "花旗银行", "13900001234", FALSE, 5 }, /* not co-branded */
    { ID_OUT_OF_PROVINCE, "张三", NULL, "13900001234", FALSE, 5 },       /* no bank */
    { ID_OUT_OF_PROVINCE, "张四", "建设银行", "13900001234", FALSE, 3 }, /* name ≠ ID */
    { ID_OUT_OF_PROVINCE, "张三", "建设银行", "12345", FALSE, 3 },       /* phone */
    { ID_OUT_OF_PROVINCE, "张三", "建设银行", NULL, FALSE, 3 },          /* no phone */
    { ID_OUT_OF_PROVINCE, "张三", "建设银行", "13900001234", TRUE, 3 },  /* photo */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskCenterApplicationRequest) req = request_for (cases[i].id, cases[i].name);
      g_autoptr (KioskCenterApplication) app = NULL;
      g_autofree char *key = g_strdup_printf ("t:gcr:%u", i);
      const KioskRefusal *refusal;

      g_free (req->bank);
      req->bank = g_strdup (cases[i].bank);
      g_free (req->phone);
      req->phone = g_strdup (cases[i].phone);
      if (cases[i].bad_photo)
        {
          g_bytes_unref (req->photo);
          req->photo = g_bytes_new_static ("GIF89a", 6);
        }
      app = apply_sync (f->center, key, req, &error);
      g_assert_null (app);
      g_assert_cmpint (refused_rule (error), ==, cases[i].rule);
      refusal = kiosk_center_error_get_refusal (error);
      g_assert_true (g_str_has_prefix (error->message, "R"));
      g_assert_nonnull (strstr (error->message, refusal->message));
    }

  {
    /* None of them created anything. */
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskPerson) p = lookup_sync (f->center, "t:gcr:check", ID_OUT_OF_PROVINCE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (p->cards->len, ==, 0);
  }
}

static void
test_spoiled_and_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplicationRequest) req = request_for (ID_HK_RESIDENT, "陈大文");
  g_autoptr (KioskCenterApplication) first = NULL;
  g_autoptr (KioskCenterApplication) second = NULL;
  g_autoptr (KioskPerson) p = NULL;

  first = apply_sync (f->center, "s1:apply", req, &error);
  g_assert_no_error (error);

  /* Spoiled: needs the step; the card is void, the person may try again. */
  g_assert_false (report_sync (f->center, "s1:result", first->application_id,
                               KIOSK_CENTER_RESULT_SPOILED, NULL, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (report_sync (f->center, "s1:result", first->application_id,
                              KIOSK_CENTER_RESULT_SPOILED, "chip personalisation", &error));
  g_assert_no_error (error);
  p = lookup_sync (f->center, "s1:lookup", ID_HK_RESIDENT, &error);
  g_assert_cmpuint (p->cards->len, ==, 0);
  g_clear_pointer (&p, kiosk_person_free);
  {
    /* The progress query knows the application: its stage and its bank
     * (for the window), no card number (the card is void). */
    g_autoptr (KioskProgress) pr = progress_sync (f->center, "s1:progress", ID_HK_RESIDENT, &error);

    g_assert_no_error (error);
    g_assert_nonnull (pr);
    g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_APPLIED);
    g_assert_null (pr->card_number);
    g_assert_cmpstr (pr->bank, ==, req->bank);
    g_assert_nonnull (strstr (pr->text, "制卡失败"));
    g_assert_nonnull (strstr (pr->text, "申请仍然有效"));
  }

  /* A spoiled card is never reported issued. */
  g_assert_false (report_sync (f->center, "s1:result-again", first->application_id,
                               KIOSK_CENTER_RESULT_ISSUED, NULL, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE);
  g_clear_error (&error);

  second = apply_sync (f->center, "s2:apply", req, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->application_id, !=, first->application_id);
  g_assert_cmpstr (second->card_number, !=, first->card_number);

  /* ISSUANCE.md recovery: cancel (key ":cancel"); twice is harmless. */
  g_assert_true (cancel_sync (f->center, "s2:cancel", second->application_id, &error));
  g_assert_no_error (error);
  g_assert_true (cancel_sync (f->center, "s2:cancel-again", second->application_id, &error));
  g_assert_no_error (error);
  p = lookup_sync (f->center, "s2:lookup", ID_HK_RESIDENT, &error);
  g_assert_cmpuint (p->cards->len, ==, 0);
  {
    /* The spoiled application was superseded, the new one cancelled:
     * nothing to report any more (R16's "not found"). */
    g_autoptr (KioskProgress) pr = progress_sync (f->center, "s2:progress", ID_HK_RESIDENT, &error);

    g_assert_null (pr);
    g_assert_cmpint (refused_rule (error), ==, 16);
    g_clear_error (&error);
  }
  g_assert_false (report_sync (f->center, "s2:result", second->application_id,
                               KIOSK_CENTER_RESULT_ISSUED, NULL, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_false (cancel_sync (f->center, "s3:cancel", "SIM-GC-9999999", &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cancel_sync (f->center, "s4:cancel", "", &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
}

static void
test_temporary_card (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate until = kiosk_rules_temporary_card_valid_until (policy, &f->today);

  card = temporary_card_sync (f->center, "t:tc:1", ID_NEWLY_INSURED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->kind, ==, KIOSK_CARD_KIND_TEMPORARY);
  g_assert_true (kiosk_card_number_is_valid (card->card_number));
  g_assert_true (card->card_number[0] == 'T');
  g_assert_cmpint (g_date_compare (&card->issued_on, &f->today), ==, 0);
  g_assert_cmpint (g_date_compare (&card->temporary_valid_until, &until), ==, 0);
  g_assert_true (kiosk_rules_temporary_card_valid (card, &f->today));
  g_clear_pointer (&card, kiosk_card_free);

  /* One valid temporary card at a time (R12). */
  card = temporary_card_sync (f->center, "t:tc:2", ID_NEWLY_INSURED, &error);
  g_assert_cmpint (refused_rule (error), ==, 12);
  g_clear_error (&error);

  /* Card in production, no usable old card: eligible (R12). */
  card = temporary_card_sync (f->center, "t:tc:3", ID_IN_PRODUCTION, &error);
  g_assert_no_error (error);
  g_clear_pointer (&card, kiosk_card_free);

  /* An active card: not eligible. */
  card = temporary_card_sync (f->center, "t:tc:4", ID_ACTIVE, &error);
  g_assert_cmpint (refused_rule (error), ==, 12);
}

/* ISSUANCE.md step 9 for temporary cards: issued is recorded, spoiled voids
 * the card (another may be issued), each fact once, never both. */
static void
test_temporary_card_result (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) first = NULL;
  g_autoptr (KioskCard) second = NULL;
  g_autoptr (KioskCard) third = NULL;
  g_autoptr (KioskPerson) p = NULL;

  first = temporary_card_sync (f->center, "tr:tc:1", ID_NEWLY_INSURED, &error);
  g_assert_no_error (error);

  /* Spoiled in production: void, and the person may come again (R12). */
  g_assert_true (report_temporary_sync (f->center, "tr:result:1", ID_NEWLY_INSURED,
                                        first->card_number, KIOSK_CENTER_RESULT_SPOILED, "print",
                                        &error));
  g_assert_no_error (error);
  p = lookup_sync (f->center, "tr:lookup:1", ID_NEWLY_INSURED, &error);
  g_assert_cmpuint (p->cards->len, ==, 0);
  g_clear_pointer (&p, kiosk_person_free);
  /* The same fact again — same key or a new one — is harmless; the other
   * fact is not. */
  g_assert_true (report_temporary_sync (f->center, "tr:result:1", ID_NEWLY_INSURED,
                                        first->card_number, KIOSK_CENTER_RESULT_SPOILED, "print",
                                        &error));
  g_assert_true (report_temporary_sync (f->center, "tr:result:2", ID_NEWLY_INSURED,
                                        first->card_number, KIOSK_CENTER_RESULT_SPOILED, "eject",
                                        &error));
  g_assert_no_error (error);
  g_assert_false (report_temporary_sync (f->center, "tr:result:3", ID_NEWLY_INSURED,
                                         first->card_number, KIOSK_CENTER_RESULT_ISSUED, NULL,
                                         &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* A second card, handed out. */
  second = temporary_card_sync (f->center, "tr:tc:2", ID_NEWLY_INSURED, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->card_number, !=, first->card_number);
  g_assert_true (report_temporary_sync (f->center, "tr:result:4", ID_NEWLY_INSURED,
                                        second->card_number, KIOSK_CENTER_RESULT_ISSUED, NULL,
                                        &error));
  g_assert_true (report_temporary_sync (f->center, "tr:result:5", ID_NEWLY_INSURED,
                                        second->card_number, KIOSK_CENTER_RESULT_ISSUED, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_false (report_temporary_sync (f->center, "tr:result:6", ID_NEWLY_INSURED,
                                         second->card_number, KIOSK_CENTER_RESULT_SPOILED, "eject",
                                         &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE);
  g_clear_error (&error);
  p = lookup_sync (f->center, "tr:lookup:2", ID_NEWLY_INSURED, &error);
  g_assert_cmpuint (p->cards->len, ==, 1);
  g_assert_cmpstr (((KioskCard *) p->cards->pdata[0])->card_number, ==, second->card_number);
  g_clear_pointer (&p, kiosk_person_free);
  /* Valid and issued: one at a time (R12). */
  third = temporary_card_sync (f->center, "tr:tc:3", ID_NEWLY_INSURED, &error);
  g_assert_cmpint (refused_rule (error), ==, 12);
  g_clear_error (&error);

  /* Not this person's, not a temporary card, not a number at all. */
  g_assert_false (report_temporary_sync (f->center, "tr:result:7", ID_ACTIVE, second->card_number,
                                         KIOSK_CENTER_RESULT_ISSUED, NULL, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (report_temporary_sync (f->center, "tr:result:8", ID_ACTIVE, "D0000014S",
                                         KIOSK_CENTER_RESULT_SPOILED, "feed", &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    struct
    {
      const char *id, *card;
      KioskCenterResult result;
      const char *step;
    } bad[] = {
      { ID_NEWLY_INSURED, NULL, KIOSK_CENTER_RESULT_ISSUED, NULL },
      { ID_NEWLY_INSURED, "T00", KIOSK_CENTER_RESULT_ISSUED, NULL },
      { ID_NEWLY_INSURED, second->card_number, KIOSK_CENTER_RESULT_SPOILED, NULL },
      { ID_NEWLY_INSURED, second->card_number, KIOSK_CENTER_RESULT_SPOILED, "" },
      { ID_NEWLY_INSURED, second->card_number, (KioskCenterResult) 7, NULL },
      { "garbage", second->card_number, KIOSK_CENTER_RESULT_ISSUED, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *key = g_strdup_printf ("tr:bad:%u", i);

        g_assert_false (report_temporary_sync (f->center, key, bad[i].id, bad[i].card,
                                               bad[i].result, bad[i].step, &error));
        g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
        g_clear_error (&error);
      }
  }
}

static void
test_verify_face (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = fake_jpeg (7);
  g_autoptr (GBytes) other = fake_jpeg (8);
  double s1 = -1, s2 = -1, s3 = -1, s4 = -1;

  g_assert_true (verify_face_sync (f->center, "t:face:1", ID_OUT_OF_PROVINCE, photo, &s1, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (s1, >=, 0.80);
  g_assert_cmpfloat (s1, <=, 0.99);
  /* Deterministic. */
  g_assert_true (verify_face_sync (f->center, "t:face:2", ID_OUT_OF_PROVINCE, photo, &s2, &error));
  g_assert_cmpfloat (s1, ==, s2);
  g_assert_true (verify_face_sync (f->center, "t:face:3", ID_OUT_OF_PROVINCE, other, &s3, &error));
  g_assert_cmpfloat (s3, >=, 0.80);

  /* face_match=false in the demo data. */
  g_assert_true (verify_face_sync (f->center, "t:face:4", ID_FACE_MISMATCH, photo, &s4, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (s4, >=, 0.05);
  g_assert_cmpfloat (s4, <=, 0.35);

  {
    g_autoptr (GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);

    g_assert_false (verify_face_sync (f->center, "t:face:5", ID_OUT_OF_PROVINCE, png, &s4, &error));
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (
        verify_face_sync (f->center, "t:face:6", ID_OUT_OF_PROVINCE, NULL, &s4, &error));
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
    g_clear_error (&error);
  }
}

/* R3: the refused rule's message and remedy, asserting rule 3. */
static const KioskRefusal *
r3 (const GError *error)
{
  g_assert_cmpint (refused_rule (error), ==, 3);
  return kiosk_center_error_get_refusal (error);
}

static void
assert_stage (Fixture *f, const char *id, KioskCardStage stage, KioskPreAccountFailure failure)
{
  static guint n;
  g_autofree char *key = g_strdup_printf ("t:stage:%u", ++n);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskProgress) pr = progress_sync (f->center, key, id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, stage);
  g_assert_cmpint (pr->pre_account_failure, ==, failure);
}

/* R3: corrected data for a failed pre-account — only the failure's own
 * field, checked as the bank checks it; the card then goes on. */
static void
test_resubmit_pre_account (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskProgress) pr = NULL;
  g_autoptr (GBytes) jpeg = fake_jpeg (5);
  g_autoptr (GBytes) not_jpeg = g_bytes_new_static ("GIF89a-not-a-jpeg-at-all", 24);

  /* 照片无法提取: a phone is not the fix, nor a picture that is no JPEG. */
  g_assert_null (
      resubmit_sync (f->center, "r:1", ID_PRE_ACCOUNT_PHOTO, NULL, "13912345678", NULL, &error));
  g_assert_nonnull (strstr (r3 (error)->message, "照片"));
  g_clear_error (&error);
  g_assert_null (
      resubmit_sync (f->center, "r:2", ID_PRE_ACCOUNT_PHOTO, NULL, "13912345678", jpeg, &error));
  r3 (error);
  g_clear_error (&error);
  g_assert_null (
      resubmit_sync (f->center, "r:3", ID_PRE_ACCOUNT_PHOTO, NULL, NULL, not_jpeg, &error));
  g_assert_cmpstr (r3 (error)->message, ==,
                   kiosk_pre_account_failure_to_label (KIOSK_PRE_ACCOUNT_FAILURE_PHOTO));
  g_clear_error (&error);
  assert_stage (f, ID_PRE_ACCOUNT_PHOTO, KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED,
                KIOSK_PRE_ACCOUNT_FAILURE_PHOTO);

  /* The right fix, for the card by number: on to production. */
  pr = resubmit_sync (f->center, "r:4", ID_PRE_ACCOUNT_PHOTO, "D0000011Y", NULL, jpeg, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  g_assert_cmpint (pr->pre_account_failure, ==, KIOSK_PRE_ACCOUNT_FAILURE_NONE);
  g_assert_cmpstr (pr->card_number, ==, "D0000011Y");
  g_assert_cmpstr (pr->bank, ==, "建设银行");
  g_assert_cmpstr (pr->text, !=, "");
  g_clear_pointer (&pr, kiosk_progress_free);
  assert_stage (f, ID_PRE_ACCOUNT_PHOTO, KIOSK_CARD_STAGE_IN_PRODUCTION,
                KIOSK_PRE_ACCOUNT_FAILURE_NONE);
  /* The same key answers the same; a new one finds nothing to correct. */
  pr = resubmit_sync (f->center, "r:4", ID_PRE_ACCOUNT_PHOTO, "D0000011Y", NULL, jpeg, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  g_clear_pointer (&pr, kiosk_progress_free);
  g_assert_null (resubmit_sync (f->center, "r:5", ID_PRE_ACCOUNT_PHOTO, NULL, NULL, jpeg, &error));
  r3 (error);
  g_clear_error (&error);

  /* 联系电话不合格: a bad number again, a photo besides, then a landline. */
  g_assert_null (
      resubmit_sync (f->center, "r:6", ID_PRE_ACCOUNT_PHONE, NULL, "12345", NULL, &error));
  g_assert_cmpstr (r3 (error)->message, ==,
                   kiosk_pre_account_failure_to_label (KIOSK_PRE_ACCOUNT_FAILURE_PHONE));
  g_clear_error (&error);
  g_assert_null (
      resubmit_sync (f->center, "r:7", ID_PRE_ACCOUNT_PHONE, NULL, "13912345678", jpeg, &error));
  r3 (error);
  g_clear_error (&error);
  g_assert_null (resubmit_sync (f->center, "r:8", ID_PRE_ACCOUNT_PHONE, NULL, NULL, jpeg, &error));
  r3 (error);
  g_clear_error (&error);
  assert_stage (f, ID_PRE_ACCOUNT_PHONE, KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED,
                KIOSK_PRE_ACCOUNT_FAILURE_PHONE);
  g_assert_null (resubmit_sync (f->center, "r:9a", ID_PRE_ACCOUNT_PHONE, NULL, "0431-8557-0725",
                                NULL, &error));
  r3 (error);
  g_clear_error (&error);
  g_assert_null (
      resubmit_sync (f->center, "r:9b", ID_PRE_ACCOUNT_PHONE, NULL, "13-912345678", NULL, &error));
  r3 (error);
  g_clear_error (&error);
  /* The form's own landline format (kiosk_validate_phone). */
  pr = resubmit_sync (f->center, "r:9", ID_PRE_ACCOUNT_PHONE, NULL, "0431-85570725", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  g_clear_pointer (&pr, kiosk_progress_free);

  /* 身份证号与姓名不符: never corrected here, whatever is sent. */
  g_assert_null (
      resubmit_sync (f->center, "r:10", ID_PRE_ACCOUNT_NAME, NULL, "13912345678", NULL, &error));
  g_assert_nonnull (strstr (r3 (error)->remedy, "窗口"));
  g_clear_error (&error);
  g_assert_null (resubmit_sync (f->center, "r:11", ID_PRE_ACCOUNT_NAME, NULL, NULL, jpeg, &error));
  r3 (error);
  g_clear_error (&error);
  assert_stage (f, ID_PRE_ACCOUNT_NAME, KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED,
                KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH);

  /* A card whose pre-account did not fail; no card; not this person's card. */
  g_assert_null (
      resubmit_sync (f->center, "r:12", ID_IN_PRODUCTION, NULL, "13912345678", NULL, &error));
  r3 (error);
  g_clear_error (&error);
  assert_stage (f, ID_IN_PRODUCTION, KIOSK_CARD_STAGE_IN_PRODUCTION,
                KIOSK_PRE_ACCOUNT_FAILURE_NONE);
  g_assert_null (
      resubmit_sync (f->center, "r:13", ID_OUT_OF_PROVINCE, NULL, "13912345678", NULL, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (
      resubmit_sync (f->center, "r:14", ID_PRE_ACCOUNT_NAME, "D0000014S", NULL, jpeg, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (resubmit_sync (f->center, "r:15", ID_DECEASED, NULL, "13912345678", NULL, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);

  /* Garbage never reaches the center. */
  {
    g_autofree char *long_phone = g_strnfill (33, '1');
    g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
    struct
    {
      const char *id, *card, *phone;
      GBytes *photo;
    } bad[] = {
      { ID_PRE_ACCOUNT_NAME, NULL, NULL, NULL },
      { ID_PRE_ACCOUNT_NAME, NULL, "", NULL },
      { ID_PRE_ACCOUNT_NAME, NULL, long_phone, NULL },
      { ID_PRE_ACCOUNT_NAME, NULL, "１３９１２３４５６７８", NULL },
      { ID_PRE_ACCOUNT_NAME, NULL, NULL, empty },
      { ID_PRE_ACCOUNT_NAME, "D0000013", NULL, jpeg },
      { "22240119950525012X", NULL, NULL, jpeg },
      { NULL, NULL, NULL, jpeg },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *key = g_strdup_printf ("r:bad:%u", i);

        g_assert_null (resubmit_sync (f->center, key, bad[i].id, bad[i].card, bad[i].phone,
                                      bad[i].photo, &error));
        g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
        g_clear_error (&error);
      }
  }
  assert_stage (f, ID_PRE_ACCOUNT_NAME, KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED,
                KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH);
}

/* R17: a deceased holder is refused by every call that acts for a person. */
static void
test_deceased (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) photo = fake_jpeg (3);
  g_autoptr (KioskCenterApplicationRequest) req = request_for (ID_DECEASED, "李四");
  g_autoptr (GError) error = NULL;
  double score;

  g_assert_null (progress_sync (f->center, "d:1", ID_DECEASED, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  g_assert_null (temporary_loss_sync (f->center, "d:2", ID_DECEASED, NULL, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  g_assert_null (temporary_loss_sync (f->center, "d:2b", ID_DECEASED, "D00000011", &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  g_assert_null (
      formal_loss_sync (f->center, "d:3", ID_DECEASED, NULL, KIOSK_CARD_FUNCTION_BOTH, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  g_assert_null (unblock_sync (f->center, "d:4", ID_DECEASED, NULL, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  g_assert_null (apply_sync (f->center, "d:5", req, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  g_assert_null (temporary_card_sync (f->center, "d:6", ID_DECEASED, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  g_assert_false (verify_face_sync (f->center, "d:7", ID_DECEASED, photo, &score, &error));
  g_assert_cmpint (refused_rule (error), ==, 17);
  g_clear_error (&error);
  {
    const KioskRefusal *r;

    g_assert_null (temporary_loss_sync (f->center, "d:8", ID_DECEASED, NULL, &error));
    r = kiosk_center_error_get_refusal (error);
    g_assert_cmpint (r->rule, ==, 17);
    g_assert_cmpstr (r->message, !=, "");
    g_assert_cmpstr (r->remedy, !=, "");
  }
}

/* Issue 7 §6: the audit heads sent with the results, witnessed. */
#define HEAD_HASH_A "0ebde5f84d0d40caa0233a9938e3381a9b58435cec810f91e2ac8057987f2d8e"
#define HEAD_HASH_B "772f737f712af84eec60a98b21e07506228084e12b777d1bdd41d21cbe5f6822"

static void
test_audit_witnesses (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplicationRequest) req = request_for (ID_OUT_OF_PROVINCE, "张三");
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autoptr (KioskCard) temporary = NULL;
  g_auto (GStrv) empty = NULL;
  g_auto (GStrv) heads = NULL;
  Waiter w = { 0 };

  empty = audit_witnesses_sync (f->center, &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);

  app = apply_sync (f->center, "aw:apply", req, &error);
  g_assert_no_error (error);
  /* A head that is not seq:hash never leaves the kiosk. */
  g_assert_false (report_with_head_sync (f->center, "aw:result", app->application_id,
                                         KIOSK_CENTER_RESULT_ISSUED, NULL, "7:" HEAD_HASH_A "0",
                                         &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (report_with_head_sync (f->center, "aw:result", app->application_id,
                                        KIOSK_CENTER_RESULT_ISSUED, NULL, "7:" HEAD_HASH_A,
                                        &error));
  g_assert_no_error (error);
  /* The same request again: one witness. The same key with another head is
   * another request: refused, nothing kept. */
  g_assert_true (report_with_head_sync (f->center, "aw:result", app->application_id,
                                        KIOSK_CENTER_RESULT_ISSUED, NULL, "7:" HEAD_HASH_A,
                                        &error));
  g_assert_false (report_with_head_sync (f->center, "aw:result", app->application_id,
                                         KIOSK_CENTER_RESULT_ISSUED, NULL, "9:" HEAD_HASH_B,
                                         &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Without a head (an empty chain, an older kiosk): nothing to keep. */
  g_assert_true (report_with_head_sync (f->center, "aw:result-again", app->application_id,
                                        KIOSK_CENTER_RESULT_ISSUED, NULL, NULL, &error));

  /* A temporary card's result carries one too; a result refused for its
   * state keeps nothing. */
  temporary = temporary_card_sync (f->center, "aw:tc", ID_NEWLY_INSURED, &error);
  g_assert_no_error (error);
  kiosk_center_report_temporary_card_async (f->center, "aw:tc:result", ID_NEWLY_INSURED,
                                            temporary->card_number, KIOSK_CENTER_RESULT_ISSUED,
                                            NULL, "3:" HEAD_HASH_B, NULL, waiter_done, &w);
  g_assert_true (kiosk_center_report_temporary_card_finish (f->center, waiter_wait (&w), &error));
  g_assert_no_error (error);
  waiter_clear (&w);
  kiosk_center_report_temporary_card_async (f->center, "aw:tc:result2", ID_NEWLY_INSURED,
                                            temporary->card_number, KIOSK_CENTER_RESULT_SPOILED,
                                            "print", "12:" HEAD_HASH_B, NULL, waiter_done, &w);
  g_assert_false (kiosk_center_report_temporary_card_finish (f->center, waiter_wait (&w), &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE);
  g_clear_error (&error);
  waiter_clear (&w);

  heads = audit_witnesses_sync (f->center, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (heads), ==, 2);
  g_assert_cmpstr (heads[0], ==, "3:" HEAD_HASH_B);
  g_assert_cmpstr (heads[1], ==, "7:" HEAD_HASH_A);
}

/* The reply's decoder, on what a broken or hostile center could send. */
static void
test_audit_witnesses_reply (void)
{
  static const char *const bad[] = {
    "@a{sv} {}",
    "{'witnesses': <'3:" HEAD_HASH_A "'>}",
    "{'witnesses': <[3, 4]>}",
    "{'witnesses': <['3:" HEAD_HASH_A "', 'garbage']>}",
    "{'witnesses': <['7:" HEAD_HASH_A "', '3:" HEAD_HASH_B "']>}",
    "{'witnesses': <['0:" HEAD_HASH_A "']>}",
  };
  g_autoptr (GVariant) good = NULL;
  g_auto (GStrv) heads = NULL;
  g_autoptr (GError) error = NULL;
  const char *const sent[] = { "3:" HEAD_HASH_A, "3:" HEAD_HASH_B, "7:" HEAD_HASH_A, NULL };

  good = g_variant_ref_sink (kiosk_center_wire_audit_witnesses_to_variant (sent));
  heads = kiosk_center_wire_audit_witnesses_from_variant (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (heads, sent);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GVariant) reply = g_variant_parse (NULL, bad[i], NULL, NULL, &error);
      g_auto (GStrv) decoded = NULL;

      g_assert_no_error (error);
      decoded = kiosk_center_wire_audit_witnesses_from_variant (reply, &error);
      g_assert_null (decoded);
      g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
      g_clear_error (&error);
    }
  g_assert_null (kiosk_center_wire_audit_witnesses_from_variant (NULL, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
}

/* The raw call checks its request like a network center would. */
static void
test_raw_requests (Fixture *f, gconstpointer data)
{
  struct
  {
    KioskCenterCall call;
    const char *text;
  } cases[] = {
    { KIOSK_CENTER_CALL_LOOKUP_PERSON, "@a{sv} {}" },
    { KIOSK_CENTER_CALL_LOOKUP_PERSON, "{'id_number': <42>}" },
    { KIOSK_CENTER_CALL_LOOKUP_PERSON, "{'id_number': <'garbage'>}" },
    { KIOSK_CENTER_CALL_FORMAL_LOSS, "{'id_number': <'" ID_TEMP_LOSS_DAY_1 "'>}" },
    { KIOSK_CENTER_CALL_FORMAL_LOSS,
      "{'id_number': <'" ID_TEMP_LOSS_DAY_1 "'>, 'functions': <['both']>}" },
    { KIOSK_CENTER_CALL_FORMAL_LOSS,
      "{'id_number': <'" ID_TEMP_LOSS_DAY_1 "'>, 'functions': <@as []>}" },
    { KIOSK_CENTER_CALL_REPORT_RESULT, "{'application_id': <'x'>, 'result': <'lost'>}" },
    { KIOSK_CENTER_CALL_REPORT_RESULT, "{'application_id': <'x'>, 'result': <'spoiled'>}" },
    { KIOSK_CENTER_CALL_REPORT_RESULT,
      "{'application_id': <'x'>, 'result': <'issued'>, 'audit_head': <'1:abc'>}" },
    { KIOSK_CENTER_CALL_REPORT_RESULT,
      "{'application_id': <'x'>, 'result': <'issued'>, 'audit_head': <int64 1>}" },
    { KIOSK_CENTER_CALL_VERIFY_FACE, "{'id_number': <'" ID_ACTIVE "'>}" },
    { KIOSK_CENTER_CALL_APPLY_GREEN_CHANNEL, "{'id_number': <'" ID_OUT_OF_PROVINCE "'>}" },
    { KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT, "{'id_number': <'" ID_PRE_ACCOUNT_PHOTO "'>}" },
    { KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD,
      "{'id_number': <'" ID_NEWLY_INSURED "'>, 'card_number': <'T0000001C'>}" },
    { KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD,
      "{'id_number': <'" ID_NEWLY_INSURED "'>, 'card_number': <'T0000001C'>, 'result': "
      "<'spoiled'>}" },
    { KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD,
      "{'id_number': <'garbage'>, 'card_number': <'T0000001C'>, 'result': <'issued'>}" },
    { KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT,
      "{'id_number': <'" ID_PRE_ACCOUNT_PHOTO "'>, 'photo': <'not bytes'>}" },
    { KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT,
      "{'id_number': <'" ID_PRE_ACCOUNT_PHONE "'>, 'phone': <int64 13912345678>}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) request
          = g_variant_parse (G_VARIANT_TYPE_VARDICT, cases[i].text, NULL, NULL, &error);
      g_autoptr (GVariant) reply = NULL;
      g_autofree char *key = g_strdup_printf ("raw:%u", i);
      Waiter w = { 0 };

      g_assert_no_error (error);
      kiosk_center_call_async (f->center, cases[i].call, key, request, NULL, waiter_done, &w);
      reply = kiosk_center_call_finish (f->center, waiter_wait (&w), &error);
      waiter_clear (&w);
      g_assert_null (reply);
      g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
    }

  {
    /* Not a dictionary. */
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) reply = NULL;
    Waiter w = { 0 };

    kiosk_center_call_async (f->center, KIOSK_CENTER_CALL_LOOKUP_PERSON, "raw:x",
                             g_variant_new_string ("hello"), NULL, waiter_done, &w);
    reply = kiosk_center_call_finish (f->center, waiter_wait (&w), &error);
    waiter_clear (&w);
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID);
  }
}

static void
test_call_names (void)
{
  for (int c = 0; c <= KIOSK_CENTER_CALL_LAST; c++)
    {
      KioskCenterCall back;

      g_assert_true (kiosk_center_call_from_string (kiosk_center_call_to_string (c), &back));
      g_assert_cmpint (back, ==, c);
    }
  g_assert_false (kiosk_center_call_from_string ("rm -rf", NULL));
  g_assert_false (kiosk_center_call_from_string (NULL, NULL));
  g_assert_false (kiosk_center_call_is_effect (KIOSK_CENTER_CALL_LOOKUP_PERSON));
  g_assert_true (kiosk_center_call_is_effect (KIOSK_CENTER_CALL_CANCEL_APPLICATION));
  g_assert_true (kiosk_center_call_is_effect (KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT));
  g_assert_cmpstr (kiosk_center_call_to_string (KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT), ==,
                   "resubmit_pre_account");
}

static void
test_from_config (void)
{
  g_autofree char *dir = temp_dir_new ();
  g_autofree char *db = g_build_filename (dir, "sub", "sim.db", NULL);
  g_autofree char *text = g_strdup_printf ("[center]\ndriver=simulator\nsimulator_db=%s\n"
                                           "latency_ms=5\n",
                                           db);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load_data (text, -1, &error);
  g_autoptr (KioskCenter) center = NULL;
  g_autoptr (KioskPerson) p = NULL;

  g_assert_no_error (error);
  center = kiosk_center_new_from_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (KIOSK_IS_CENTER_SIM (center));
  g_assert_cmpuint (kiosk_center_sim_get_latency (KIOSK_CENTER_SIM (center)), ==, 5);
  g_assert_cmpstr (kiosk_center_sim_get_db_path (KIOSK_CENTER_SIM (center)), ==, db);
  p = lookup_sync (center, "cfg:1", ID_ACTIVE, &error);
  g_assert_no_error (error);
  g_clear_object (&center);

  /* A driver that is not built. */
  g_free (config->center_driver);
  config->center_driver = g_strdup ("network");
  center = kiosk_center_new_from_config (config, &error);
  g_assert_null (center);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE);
  temp_dir_remove (dir);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/center/sim/lookup", test_lookup);
  ADD ("/center/sim/keys-required", test_keys_required);
  ADD ("/center/sim/progress", test_progress);
  ADD ("/center/sim/temporary-loss", test_temporary_loss);
  ADD ("/center/sim/formal-loss", test_formal_loss);
  ADD ("/center/sim/unblock", test_unblock);
  ADD ("/center/sim/green-channel", test_green_channel);
  ADD ("/center/sim/green-channel-refusals", test_green_channel_refusals);
  ADD ("/center/sim/spoiled-and-cancel", test_spoiled_and_cancel);
  ADD ("/center/sim/temporary-card", test_temporary_card);
  ADD ("/center/sim/temporary-card-result", test_temporary_card_result);
  ADD ("/center/sim/verify-face", test_verify_face);
  ADD ("/center/sim/resubmit-pre-account", test_resubmit_pre_account);
  ADD ("/center/sim/deceased", test_deceased);
  ADD ("/center/sim/raw-requests", test_raw_requests);
  ADD ("/center/sim/audit-witnesses", test_audit_witnesses);
#undef ADD
  g_test_add_func ("/center/audit-witnesses-reply", test_audit_witnesses_reply);
  g_test_add_func ("/center/call-names", test_call_names);
  g_test_add_func ("/center/from-config", test_from_config);
  return kiosk_test_run ();
}
