/* test-center-types.c — the center's plain types and parsers: the card
 * number's check character, the APDU script and its text form (fuzzed with
 * garbage), the wire dictionaries (garbage replies give BAD_REPLY, never a
 * crash), and the refusal carried by a REFUSED error. */
#include "config.h"

#include <string.h>

#include "center-test.h"
#include "kiosk-card-number.h"
#include "kiosk-center-wire.h"

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static void
test_card_number_vectors (void)
{
  /* Computed independently (ISO/IEC 7064 MOD 37-2). */
  const char *valid[]
      = { "D00000011", "D0000014S", "T0000001C", "T0000002A", "J12345678", "S00000019" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      char body[9];

      g_assert_true (kiosk_card_number_is_valid (valid[i]));
      memcpy (body, valid[i], 8);
      body[8] = '\0';
      g_assert_cmpint (kiosk_card_number_check_char (body), ==, valid[i][8]);
    }
}

static void
test_card_number_garbage (void)
{
  const char *bad_bodies[]
      = { NULL, "", "D000000", "D00000001", "d0000001", "D000000*", "D0000 01", "D000000\xc3" };
  const char *bad_numbers[] = { NULL,        "",          "D0000001",  "D0000001ZZ", "d0000001Z",
                                "D0000001z", "D0000001*", "D0000001Y", "D00000O1Z" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    g_assert_cmpint (kiosk_card_number_check_char (bad_bodies[i]), ==, '\0');
  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    g_assert_false (kiosk_card_number_is_valid (bad_numbers[i]));

  /* A body whose MOD 37-2 check value is 36 ('*') makes no valid number:
   * a card number is 9 alphanumerics. */
  g_assert_cmpint (kiosk_card_number_check_char ("D0000002"), ==, '*');
  g_assert_false (kiosk_card_number_is_valid ("D0000002*"));
}

/* The point of a check character: every single substitution and every
 * adjacent transposition of different characters is caught. */
static void
test_card_number_detects_errors (void)
{
  GRand *rand = g_rand_new_with_seed (7064);

  for (guint n = 0; n < 500; n++)
    {
      char number[10];

      for (guint i = 0; i < 8; i++)
        number[i] = alphabet[g_rand_int_range (rand, 0, 36)];
      number[8] = '\0';
      number[8] = kiosk_card_number_check_char (number);
      number[9] = '\0';
      if (number[8] == '*')
        {
          g_assert_false (kiosk_card_number_is_valid (number));
          continue;
        }
      g_assert_true (kiosk_card_number_is_valid (number));
      g_assert_nonnull (strchr (alphabet, number[8]));

      for (guint pos = 0; pos < 9; pos++)
        for (guint a = 0; a < 37; a++)
          {
            char wrong[10];
            char replacement = a < 36 ? alphabet[a] : '*';

            if (replacement == number[pos])
              continue;
            memcpy (wrong, number, sizeof wrong);
            wrong[pos] = replacement;
            g_assert_false (kiosk_card_number_is_valid (wrong));
          }
      for (guint pos = 0; pos + 1 < 9; pos++)
        {
          char swapped[10];

          if (number[pos] == number[pos + 1])
            continue;
          memcpy (swapped, number, sizeof swapped);
          swapped[pos] = number[pos + 1];
          swapped[pos + 1] = number[pos];
          g_assert_false (kiosk_card_number_is_valid (swapped));
        }
    }
  g_rand_free (rand);
}

static KioskApduScript *
sample_script (void)
{
  KioskApduScript *script = kiosk_apdu_script_new ();
  static const guint8 select[] = { 0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00 };
  static const guint8 challenge[] = { 0x00, 0x84, 0x00, 0x00, 0x08 };

  kiosk_apdu_script_add (script, select, sizeof select, "select MF", 0x9000, 0x6283, 0);
  kiosk_apdu_script_add (script, challenge, sizeof challenge, "get\nchallenge  ", 0x9000, 0);
  return script;
}

static void
test_script_round_trip (void)
{
  g_autoptr (KioskApduScript) script = sample_script ();
  g_autoptr (KioskApduScript) copy = kiosk_apdu_script_copy (script);
  g_autoptr (KioskApduScript) parsed = NULL;
  g_autofree char *text = kiosk_apdu_script_to_text (script);
  g_autofree char *hex = NULL;
  g_autoptr (GError) error = NULL;
  const KioskApduStep *step;

  g_assert_true (kiosk_apdu_script_equal (script, copy));
  g_assert_nonnull (strstr (text, "00A40400023F00 9000,6283 select MF\n"));
  /* A newline in a description cannot break the one-line-per-step form. */
  g_assert_nonnull (strstr (text, "0084000008 9000 get challenge\n"));
  parsed = kiosk_apdu_script_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_apdu_script_equal (script, parsed));
  g_assert_cmpuint (kiosk_apdu_script_get_n_steps (parsed), ==, 2);
  step = kiosk_apdu_script_get_step (parsed, 0);
  g_assert_true (kiosk_apdu_step_accepts (step, 0x6283));
  g_assert_false (kiosk_apdu_step_accepts (step, 0x6A82));
  hex = kiosk_apdu_step_command_hex (step);
  g_assert_cmpstr (hex, ==, "00A40400023F00");

  /* Lower-case hex, CRLF, comments and blank lines are fine. */
  g_clear_pointer (&parsed, kiosk_apdu_script_free);
  parsed = kiosk_apdu_script_parse ("# x\r\n\r\n00a40400023f00 9000,6283 select MF\r\n"
                                    "0084000008\t9000 get challenge\n",
                                    -1, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_apdu_script_equal (script, parsed));
}

static void
test_script_garbage (void)
{
  const char *bad[] = {
    "",
    "# only a comment\n",
    "00A4 9000",                                             /* too short */
    "00A404 9000",                                           /* too short */
    "00A40 9000",                                            /* odd */
    "00G40400 9000",                                         /* not hex */
    "00A40400",                                              /* no SW */
    "00A40400 90",                                           /* short SW */
    "00A40400 900000",                                       /* long SW */
    "00A40400 0000",                                         /* zero SW */
    "00A40400 9000,",                                        /* empty SW */
    "00A40400 9000,6A82,6A83,6A84,6A85,6A86,6A87,6A88,6A89", /* too many */
    "00A40400 9000 \xff\xfe",                                /* not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskApduScript) s = kiosk_apdu_script_parse (bad[i], -1, &error);

      g_assert_null (s);
      g_assert_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE);
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskApduScript) s = kiosk_apdu_script_parse ("00A40400\0 9000", 14, &error);

    g_assert_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE);
    g_clear_error (&error);
    s = kiosk_apdu_script_parse (NULL, -1, &error);
    g_assert_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE);
  }
  {
    /* Too long a command, too many steps. */
    g_autoptr (GError) error = NULL;
    g_autoptr (GString) text = g_string_new (NULL);
    g_autoptr (KioskApduScript) s = NULL;

    for (guint i = 0; i < KIOSK_APDU_MAX_COMMAND + 1; i++)
      g_string_append (text, "00");
    g_string_append (text, " 9000\n");
    s = kiosk_apdu_script_parse (text->str, -1, &error);
    g_assert_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE);
    g_clear_error (&error);
    g_string_truncate (text, 0);
    for (guint i = 0; i < KIOSK_APDU_SCRIPT_MAX_STEPS + 1; i++)
      g_string_append (text, "0084000008 9000\n");
    s = kiosk_apdu_script_parse (text->str, -1, &error);
    g_assert_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "257"));
  }
}

/* Random mutations of a real script and random bytes: always a script or a
 * clean error; a parsed script prints and parses to itself. */
static void
test_script_fuzz (void)
{
  g_autoptr (KioskApduScript) base = sample_script ();
  g_autofree char *text = kiosk_apdu_script_to_text (base);
  gsize len = strlen (text);
  GRand *rand = g_rand_new_with_seed (1995);

  for (guint n = 0; n < 3000; n++)
    {
      g_autofree char *buf = g_malloc (len + 1);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskApduScript) s = NULL;
      gsize blen = len;

      memcpy (buf, text, len + 1);
      if (n % 3 == 0)
        for (gsize i = 0; i < len; i++)
          buf[i] = (char) g_rand_int_range (rand, 1, 256);
      else
        for (guint k = 0; k < 1 + n % 5; k++)
          buf[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 0, 256);
      if (n % 7 == 0)
        blen = (gsize) g_rand_int_range (rand, 0, (gint32) len);
      s = kiosk_apdu_script_parse (buf, (gssize) blen, &error);
      if (s == NULL)
        {
          g_assert_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE);
          continue;
        }
      {
        g_autofree char *again = kiosk_apdu_script_to_text (s);
        g_autoptr (KioskApduScript) s2 = kiosk_apdu_script_parse (again, -1, &error);

        g_assert_no_error (error);
        g_assert_true (kiosk_apdu_script_equal (s, s2));
      }
    }
  g_rand_free (rand);
}

static KioskPerson *
sample_person (void)
{
  KioskPerson *p = kiosk_person_new ();
  KioskCard *c = kiosk_card_new (KIOSK_CARD_KIND_FORMAL);
  KioskCard *t = kiosk_card_new (KIOSK_CARD_KIND_TEMPORARY);

  p->id_number = g_strdup (ID_ACTIVE);
  p->name = g_strdup ("欧阳·测试");
  p->insured = TRUE;
  p->hospitalised_on_old_card = TRUE;
  c->card_number = g_strdup ("D0000012V");
  c->stage = KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED;
  c->pre_account_failure = KIOSK_PRE_ACCOUNT_FAILURE_PHONE;
  c->bank = g_strdup ("吉林银行");
  c->window = g_strdup ("jlbank-huida");
  g_date_set_dmy (&c->temporary_loss_on, 29, G_DATE_FEBRUARY, 2024);
  c->formal_loss_financial = TRUE;
  g_date_set_dmy (&c->formal_loss_financial_on, 1, G_DATE_MARCH, 2024);
  t->card_number = g_strdup ("T0000001B");
  g_date_set_dmy (&t->issued_on, 1, G_DATE_JANUARY, 2024);
  g_date_set_dmy (&t->temporary_valid_until, 30, G_DATE_JUNE, 2024);
  t->damaged = TRUE;
  kiosk_person_add_card (p, c);
  kiosk_person_add_card (p, t);
  return p;
}

static void
test_wire_round_trip (void)
{
  g_autoptr (KioskPerson) p = sample_person ();
  g_autoptr (GVariant) v = g_variant_ref_sink (kiosk_center_wire_person_to_variant (p));
  g_autoptr (GVariant) v2 = NULL;
  g_autoptr (KioskPerson) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_variant_print (v, TRUE);
  g_autoptr (GVariant) parsed = g_variant_parse (NULL, text, NULL, NULL, &error);

  g_assert_no_error (error);
  back = kiosk_center_wire_person_from_variant (parsed, &error);
  g_assert_no_error (error);
  v2 = g_variant_ref_sink (kiosk_center_wire_person_to_variant (back));
  g_assert_true (g_variant_equal (v, v2));
  g_assert_cmpuint (back->cards->len, ==, 2);
  g_assert_cmpint (((KioskCard *) back->cards->pdata[0])->pre_account_failure, ==,
                   KIOSK_PRE_ACCOUNT_FAILURE_PHONE);
  g_assert_true (((KioskCard *) back->cards->pdata[1])->damaged);
}

static void
test_wire_garbage (void)
{
  const char *bad_person[] = {
    "@a{sv} {}",
    "{'id_number': <'x'>}",
    "{'id_number': <1>, 'name': <'n'>}",
    "{'id_number': <'x'>, 'name': <'n'>, 'insured': <'yes'>, 'newly_insured': <false>, "
    "'deceased': <false>, 'cross_province_registered': <false>, "
    "'has_usable_old_medical_card': <false>, 'hospitalised_on_old_card': <false>, "
    "'cards': <@aa{sv} []>}",
    "{'id_number': <'x'>, 'name': <'n'>, 'insured': <true>, 'newly_insured': <false>, "
    "'deceased': <false>, 'cross_province_registered': <false>, "
    "'has_usable_old_medical_card': <false>, 'hospitalised_on_old_card': <false>, "
    "'cards': <['a']>}",
    "{'id_number': <'x'>, 'name': <'n'>, 'insured': <true>, 'newly_insured': <false>, "
    "'deceased': <false>, 'cross_province_registered': <false>, "
    "'has_usable_old_medical_card': <false>, 'hospitalised_on_old_card': <false>, "
    "'cards': <[{'kind': <'formal'>, 'stage': <'melted'>}]>}",
  };
  const char *bad_card[] = {
    "{'kind': <'plastic'>}",
    "{'kind': <'formal'>, 'stage': <'collected'>, 'pre_account_failure': <'none'>, "
    "'issued_on': <'2024-02-30'>}",
    "{'kind': <'formal'>, 'stage': <'collected'>, 'pre_account_failure': <'dog ate it'>}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_person); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) v
          = g_variant_parse (G_VARIANT_TYPE_VARDICT, bad_person[i], NULL, NULL, &error);
      g_autoptr (KioskPerson) p = NULL;

      g_assert_no_error (error);
      p = kiosk_center_wire_person_from_variant (v, &error);
      g_assert_null (p);
      g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_card); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) v
          = g_variant_parse (G_VARIANT_TYPE_VARDICT, bad_card[i], NULL, NULL, &error);
      g_autoptr (KioskCard) c = NULL;

      g_assert_no_error (error);
      c = kiosk_center_wire_card_from_variant (v, &error);
      g_assert_null (c);
      g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) s = g_variant_ref_sink (g_variant_new_string ("x"));
    g_autoptr (GVariant) app = NULL;
    g_autoptr (GVariant) refusal = NULL;
    g_autoptr (KioskCenterApplication) a = NULL;

    g_assert_null (kiosk_center_wire_person_from_variant (s, &error));
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
    g_clear_error (&error);
    g_assert_null (kiosk_center_wire_progress_from_variant (NULL, &error));
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
    g_clear_error (&error);

    /* An application whose script is garbage. */
    app = g_variant_parse (G_VARIANT_TYPE_VARDICT,
                           "{'application_id': <'A'>, 'card_number': <'D0000001Z'>, "
                           "'bank': <'交通银行'>, 'script': <'rm -rf /'>}",
                           NULL, NULL, &error);
    g_assert_no_error (error);
    a = kiosk_center_wire_application_from_variant (app, &error);
    g_assert_null (a);
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
    g_clear_error (&error);

    /* A refusal with a rule out of range, or of the wrong shape. */
    refusal = g_variant_parse (G_VARIANT_TYPE_VARDICT, "{'refusal': <(0, 'm', 'r', '')>}", NULL,
                               NULL, &error);
    g_assert_true (kiosk_center_wire_reply_is_refusal (refusal, &error));
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
    g_clear_error (&error);
    g_clear_pointer (&refusal, g_variant_unref);
    refusal = g_variant_parse (G_VARIANT_TYPE_VARDICT, "{'refusal': <'no'>}", NULL, NULL, &error);
    g_assert_true (kiosk_center_wire_reply_is_refusal (refusal, &error));
    g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
  }
}

static void
test_dates (void)
{
  GDate d;
  const char *bad[] = { NULL,
                        "",
                        "2024-1-01",
                        "2024-02-30",
                        "20240101",
                        "2024-01-01x",
                        "２０２４-01-01",
                        "0000-01-01",
                        "-024-01-01",
                        "2024-01-+1" };

  g_assert_true (kiosk_center_wire_parse_date ("2024-02-29", &d));
  g_assert_cmpint (g_date_get_day (&d), ==, 29);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (kiosk_center_wire_parse_date (bad[i], &d));
      g_assert_false (g_date_valid (&d));
    }
  g_date_clear (&d, 1);
  g_assert_null (kiosk_center_wire_format_date (&d));
  g_assert_null (kiosk_center_wire_format_date (NULL));
}

static void
test_id_numbers (void)
{
  const char *valid[] = { ID_ACTIVE, ID_PRE_ACCOUNT_PHOTO, ID_HK_RESIDENT, "922410198808080015" };
  const char *invalid[] = { NULL,
                            "",
                            "220102197208080137",
                            "22010219720808013",
                            "2201021972080801366",
                            "22010219720808013x",
                            "A20102197208080136" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_assert_true (kiosk_center_wire_id_number_is_valid (valid[i]));
      g_assert_true (kiosk_center_id_number_is_valid (valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (kiosk_center_wire_id_number_is_valid (invalid[i]));
      g_assert_false (kiosk_center_id_number_is_valid (invalid[i]));
    }
}

static void
test_refused_error (void)
{
  g_autoptr (KioskRefusal) refusal
      = kiosk_refusal_new (8, "已超过7天。", "请到窗口办理。", "icbc-nandajie");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) copy = NULL;
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  const KioskRefusal *got;

  kiosk_center_set_refused_error (&error, refusal);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "R8: 已超过7天。");
  got = kiosk_center_error_get_refusal (error);
  g_assert_nonnull (got);
  g_assert_cmpint (got->rule, ==, 8);
  g_assert_cmpstr (got->window, ==, "icbc-nandajie");

  /* Copies (g_propagate_error, GTask) keep the refusal. */
  copy = g_error_copy (error);
  got = kiosk_center_error_get_refusal (copy);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->remedy, ==, "请到窗口办理。");
  g_assert_null (kiosk_center_error_get_refusal (other));
  g_assert_null (kiosk_center_error_get_refusal (NULL));
  kiosk_center_set_refused_error (NULL, refusal);
  {
    g_autoptr (GError) plain
        = g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT, "slow");

    g_assert_null (kiosk_center_error_get_refusal (plain));
  }
}

static void
test_result_names (void)
{
  KioskCenterResult r;

  g_assert_cmpstr (kiosk_center_result_to_string (KIOSK_CENTER_RESULT_ISSUED), ==, "issued");
  g_assert_true (kiosk_center_result_from_string ("spoiled", &r));
  g_assert_cmpint (r, ==, KIOSK_CENTER_RESULT_SPOILED);
  g_assert_false (kiosk_center_result_from_string ("lost", &r));
  g_assert_false (kiosk_center_result_from_string (NULL, &r));
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/center/card-number/vectors", test_card_number_vectors);
  g_test_add_func ("/center/card-number/garbage", test_card_number_garbage);
  g_test_add_func ("/center/card-number/detects-errors", test_card_number_detects_errors);
  g_test_add_func ("/center/apdu-script/round-trip", test_script_round_trip);
  g_test_add_func ("/center/apdu-script/garbage", test_script_garbage);
  g_test_add_func ("/center/apdu-script/fuzz", test_script_fuzz);
  g_test_add_func ("/center/wire/round-trip", test_wire_round_trip);
  g_test_add_func ("/center/wire/garbage", test_wire_garbage);
  g_test_add_func ("/center/wire/dates", test_dates);
  g_test_add_func ("/center/wire/id-numbers", test_id_numbers);
  g_test_add_func ("/center/error/refused", test_refused_error);
  g_test_add_func ("/center/result-names", test_result_names);
  return kiosk_test_run ();
}
