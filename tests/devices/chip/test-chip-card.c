/* test-chip-card.c — the card protocol (kiosk-chip-card.c) over the virtual
 * card's own logic, in-process: every path of SELECT/READ RECORD/scripts/PIN
 * and of the virtual card's command set, without pcscd. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "chip-test-util.h"
#include "kiosk-apdu.h"
#include "kiosk-chip-card.h"
#include "kiosk-device-error.h"
#include "kiosk-ssc-record.h"
#include "kiosk-vcard-card.h"

typedef struct
{
  KioskVcardCard *card;
  guint n;           /* APDUs seen */
  gint fail_at;      /* index of the APDU that gets `fail_sw` / fails, -1 none */
  guint16 fail_sw;   /* 0: the transmit itself fails (card removed) */
  gboolean truncate; /* the reply at fail_at has one byte */
} Link;

static gboolean
link_transmit (gpointer user_data,
               const guint8 *command,
               gsize command_len,
               guint8 *reply,
               gsize *reply_len,
               GError **error)
{
  Link *link = user_data;
  g_autoptr (GBytes) answer = NULL;
  gsize len;

  if (link->fail_at >= 0 && (guint) link->fail_at == link->n++)
    {
      if (link->truncate)
        {
          reply[0] = 0x90;
          *reply_len = 1;
          return TRUE;
        }
      if (link->fail_sw == 0)
        {
          g_propagate_error (
              error, kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_CARD_REMOVED, NULL));
          return FALSE;
        }
      reply[0] = (guint8) (link->fail_sw >> 8);
      reply[1] = (guint8) (link->fail_sw & 0xFF);
      *reply_len = 2;
      return TRUE;
    }
  if (link->fail_at < 0)
    link->n++;
  answer = kiosk_vcard_card_process (link->card, command, command_len);
  len = g_bytes_get_size (answer);
  g_assert_cmpuint (len, <=, *reply_len);
  memcpy (reply, g_bytes_get_data (answer, NULL), len);
  *reply_len = len;
  return TRUE;
}

static KioskVcardCard *
demo_card (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "devices", "chip", "vcard",
                                                 "cards", "demo.ini", NULL);
  KioskVcardCard *card = kiosk_vcard_card_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_vcard_card_load (card, path, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_vcard_card_is_personalised (card));
  return card;
}

static void
test_read (void)
{
  Link link = { .card = demo_card (), .fail_at = -1 };
  g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, NULL);
  g_autoptr (KioskSscCardData) data = NULL;
  g_autoptr (KioskSscCardData) expected = chip_test_demo_data ();
  g_autoptr (GError) error = NULL;

  data = kiosk_chip_card_read_ssc (card, &error);
  g_assert_no_error (error);
  chip_test_assert_same_card (data, expected);
  g_assert_cmpuint (kiosk_chip_card_get_n_transmits (card), ==, 16);

  /* Chained and strict: the same data through GET RESPONSE and 6Cxx. */
  kiosk_vcard_card_set_chain (link.card, 3);
  kiosk_vcard_card_set_strict_le (link.card, TRUE);
  g_clear_pointer (&data, kiosk_ssc_card_data_free);
  data = kiosk_chip_card_read_ssc (card, &error);
  g_assert_no_error (error);
  chip_test_assert_same_card (data, expected);
  g_assert_cmpuint (kiosk_chip_card_get_n_resend (card), ==, 13);
  g_assert_cmpuint (kiosk_chip_card_get_n_get_response (card), >, 13 * 2);
  kiosk_vcard_card_free (link.card);
}

static void
test_read_failures (void)
{
  static const struct
  {
    gint fail_at;
    guint16 sw;
    gboolean truncate;
    GQuark domain;
    gint code;
  } cases[] = {
    { 0, 0x6A82, FALSE, 0, KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD },
    { 1, 0x6A82, FALSE, 0, KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD },
    { 4, 0x6A83, FALSE, 0, KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD },
    { 3, 0x6F00, FALSE, 1, KIOSK_DEVICE_ERROR_PROTOCOL },
    { 9, 0x0000, FALSE, 0, KIOSK_DEVICE_USER_ERROR_CARD_REMOVED },
    { 2, 0x0000, TRUE, 1, KIOSK_DEVICE_ERROR_PROTOCOL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Link link = { .card = demo_card (),
                    .fail_at = cases[i].fail_at,
                    .fail_sw = cases[i].sw,
                    .truncate = cases[i].truncate };
      g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskSscCardData) data = kiosk_chip_card_read_ssc (card, &error);

      g_assert_null (data);
      g_assert_error (error, (cases[i].domain ? KIOSK_DEVICE_ERROR : KIOSK_DEVICE_USER_ERROR),
                      cases[i].code);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error->message);
      kiosk_vcard_card_free (link.card);
    }
}

static void
test_garbage_record (void)
{
  g_autoptr (KioskVcardCard) vcard = kiosk_vcard_card_new ();
  g_autoptr (GError) error = NULL;
  Link link = { .card = vcard, .fail_at = -1 };
  g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, NULL);
  g_autoptr (KioskSscCardData) data = NULL;

  /* A card whose card-type record holds a control character. */
  g_assert_true (kiosk_vcard_card_load_data (vcard,
                                             "[records]\n"
                                             "ef05.1=0110220100D1560000050123456789ABCDEF\n"
                                             "ef05.2=02010A\n",
                                             (gsize) -1, &error));
  g_assert_no_error (error);
  data = kiosk_chip_card_read_ssc (card, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD);
  g_assert_nonnull (strstr (error->message, "EF05/02"));
}

static void
test_script (void)
{
  g_autoptr (KioskVcardCard) vcard = kiosk_vcard_card_new ();
  g_autoptr (KioskSscCardData) expected = chip_test_demo_data ();
  g_autoptr (KioskChipScript) script = chip_test_script (expected, FALSE);
  g_autoptr (KioskChipScriptOutcome) outcome = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  g_autoptr (GError) error = NULL;
  Link link = { .card = vcard, .fail_at = -1 };
  g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, NULL);

  g_assert_false (kiosk_vcard_card_is_personalised (vcard));
  outcome = kiosk_chip_card_run_script (card, script);
  g_assert_true (kiosk_chip_script_outcome_succeeded (outcome));
  g_assert_cmpuint (outcome->n_done, ==, 16);
  g_assert_cmpuint (kiosk_vcard_card_get_n_updates (vcard), ==, 13);
  g_assert_true (kiosk_vcard_card_take_dirty (vcard));

  data = kiosk_chip_card_read_ssc (card, &error);
  g_assert_no_error (error);
  chip_test_assert_same_card (data, expected);
}

static void
test_script_failures (void)
{
  g_autoptr (KioskSscCardData) data = chip_test_demo_data ();
  g_autoptr (KioskChipScript) script = chip_test_script (data, FALSE);

  /* Stops at every step N, with the status word or without one. */
  for (guint n = 0; n < kiosk_chip_script_get_n_steps (script); n++)
    for (guint removed = 0; removed < 2; removed++)
      {
        g_autoptr (KioskVcardCard) vcard = kiosk_vcard_card_new ();
        Link link = { .card = vcard, .fail_at = (gint) n, .fail_sw = removed ? 0 : 0x6A84 };
        g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, NULL);
        g_autoptr (KioskChipScriptOutcome) outcome = kiosk_chip_card_run_script (card, script);
        const KioskChipScriptStep *step = kiosk_chip_script_get_step (script, n);

        g_assert_false (kiosk_chip_script_outcome_succeeded (outcome));
        g_assert_cmpint (outcome->failed_step, ==, (gint) n);
        g_assert_cmpuint (outcome->n_done, ==, n);
        g_assert_cmpstr (outcome->failed_label, ==, step->label);
        g_assert_cmphex (outcome->failed_sw, ==, removed ? 0 : 0x6A84);
        if (removed)
          g_assert_error (outcome->error, KIOSK_DEVICE_USER_ERROR,
                          KIOSK_DEVICE_USER_ERROR_CARD_REMOVED);
        else
          g_assert_error (outcome->error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
        /* Nothing after the failed step reached the card. */
        g_assert_cmpuint (kiosk_vcard_card_get_n_updates (vcard), ==, n > 3 ? n - 3 : 0);
      }

  /* UPDATE RECORD without authentication is refused by the card. */
  {
    g_autoptr (KioskVcardCard) vcard = kiosk_vcard_card_new ();
    g_autoptr (KioskChipScript) short_script = kiosk_chip_script_new ();
    Link link = { .card = vcard, .fail_at = -1 };
    g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, NULL);
    g_autoptr (KioskChipScriptOutcome) outcome = NULL;
    const KioskChipScriptStep *select = kiosk_chip_script_get_step (script, 0);
    const KioskChipScriptStep *update = kiosk_chip_script_get_step (script, 3);
    const guint16 either[] = { 0x9000, 0x6A83 };

    kiosk_chip_script_add (short_script, g_bytes_get_data (select->command, NULL),
                           g_bytes_get_size (select->command), either, 2, "select");
    kiosk_chip_script_add_simple (short_script, g_bytes_get_data (update->command, NULL),
                                  g_bytes_get_size (update->command), 0x9000, "update");
    outcome = kiosk_chip_card_run_script (card, short_script);
    g_assert_cmpint (outcome->failed_step, ==, 1);
    g_assert_cmphex (outcome->failed_sw, ==, 0x6982);
    g_assert_nonnull (strstr (outcome->error->message, "security status not satisfied"));
  }
}

static void
test_script_cancelled (void)
{
  g_autoptr (KioskVcardCard) vcard = kiosk_vcard_card_new ();
  g_autoptr (KioskSscCardData) data = chip_test_demo_data ();
  g_autoptr (KioskChipScript) script = chip_test_script (data, FALSE);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Link link = { .card = vcard, .fail_at = -1 };
  g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, cancellable);
  g_autoptr (KioskChipScriptOutcome) outcome = NULL;

  g_cancellable_cancel (cancellable);
  outcome = kiosk_chip_card_run_script (card, script);
  g_assert_cmpint (outcome->failed_step, ==, 0);
  g_assert_error (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (link.n, ==, 0);
}

static void
test_script_type (void)
{
  g_autoptr (KioskChipScript) script = kiosk_chip_script_new ();
  g_autoptr (KioskChipScript) copy = NULL;
  static const guint8 apdu[] = { 0x00, 0x84, 0x00, 0x00, 0x08 };
  guint8 too_long[300] = { 0 };
  const guint16 sw = 0x9000;

  g_assert_false (kiosk_chip_script_add (script, apdu, 3, &sw, 1, "short"));
  g_assert_false (kiosk_chip_script_add (script, too_long, sizeof too_long, &sw, 1, "long"));
  g_assert_false (kiosk_chip_script_add (script, apdu, sizeof apdu, NULL, 0, "no sw"));
  g_assert_true (kiosk_chip_script_add_simple (script, apdu, sizeof apdu, 0x9000, "challenge"));
  copy = kiosk_chip_script_copy (script);
  g_assert_cmpuint (kiosk_chip_script_get_n_steps (copy), ==, 1);
  g_assert_true (kiosk_chip_script_step_accepts (kiosk_chip_script_get_step (copy, 0), 0x9000));
  g_assert_false (kiosk_chip_script_step_accepts (kiosk_chip_script_get_step (copy, 0), 0x6A82));
  for (guint i = 1; i < KIOSK_CHIP_SCRIPT_MAX_STEPS; i++)
    g_assert_true (kiosk_chip_script_add_simple (script, apdu, sizeof apdu, 0x9000, "again"));
  g_assert_false (kiosk_chip_script_add_simple (script, apdu, sizeof apdu, 0x9000, "one more"));
}

static void
test_pin (void)
{
  Link link = { .card = demo_card (), .fail_at = -1 };
  g_autoptr (KioskChipCard) card = kiosk_chip_card_new (link_transmit, &link, NULL);
  g_autoptr (GError) error = NULL;
  gint left = 99;

  g_assert_true (kiosk_chip_card_verify_pin (card, "123456", &left, &error));
  g_assert_no_error (error);
  g_assert_false (kiosk_chip_card_verify_pin (card, "654321", &left, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_WRONG_PIN);
  g_assert_cmpint (left, ==, 2);
  g_clear_error (&error);
  g_assert_false (kiosk_chip_card_verify_pin (card, "654321", &left, &error));
  g_assert_cmpint (left, ==, 1);
  g_clear_error (&error);
  g_assert_false (kiosk_chip_card_verify_pin (card, "654321", &left, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_PIN_LOCKED);
  g_assert_cmpint (left, ==, 0);
  g_assert_cmpuint (kiosk_vcard_card_get_pin_tries (link.card), ==, 0);
  g_clear_error (&error);
  g_assert_false (kiosk_chip_card_verify_pin (card, "12345", &left, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  kiosk_vcard_card_free (link.card);
}

static GBytes *
process_hex (KioskVcardCard *card, const char *hex)
{
  g_autoptr (GBytes) apdu = kiosk_apdu_from_hex (hex);

  g_assert_nonnull (apdu);
  return kiosk_vcard_card_process (card, g_bytes_get_data (apdu, NULL), g_bytes_get_size (apdu));
}

static void
assert_answer (KioskVcardCard *card, const char *command, const char *answer)
{
  g_autoptr (GBytes) reply = process_hex (card, command);
  g_autofree char *text
      = kiosk_apdu_to_hex (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));

  g_assert_cmpstr (text, ==, answer);
}

static void
test_vcard_commands (void)
{
  g_autoptr (KioskVcardCard) card = demo_card ();

  /* Nothing selected yet. */
  assert_answer (card, "00B2010400", "6986");
  assert_answer (card, "00A4020002EF05", "6A82");
  assert_answer (card, "00A404000F7378312E73682EC9E7BBE1B1A3D5CF", "9000");
  /* With Le: the FCI. */
  assert_answer (card, "00A404000F7378312E73682EC9E7BBE1B1A3D5CF00",
                 "6F1184"
                 "0F7378312E73682EC9E7BBE1B1A3D5CF9000");
  /* Record 7 of SFI 5 by number, without selecting EF05. */
  assert_answer (card, "00B2072C0B", "07094430303030303132569000");
  /* By identifier in the current EF (EF05 since the SFI selected it). */
  assert_answer (card, "00B2020000", "0201339000");
  /* EF06: record numbers differ from identifiers. */
  assert_answer (card, "00A4020002EF06", "9000");
  assert_answer (card, "00B20A0000", "0A01319000");
  assert_answer (card, "00B2040400", "0A01319000");
  assert_answer (card, "00B2030400", "6A83");
  assert_answer (card, "00B20E0000", "6A83");
  /* A shorter Le: the start (lenient); strict: 6Cxx. */
  assert_answer (card, "00B2040402", "0A019000");
  kiosk_vcard_card_set_strict_le (card, TRUE);
  assert_answer (card, "00B2040402", "6C03");
  assert_answer (card, "00B2040403", "0A01319000");
  kiosk_vcard_card_set_strict_le (card, FALSE);
  /* Chain mode. */
  kiosk_vcard_card_set_chain (card, 2);
  assert_answer (card, "00B2040400", "6102");
  assert_answer (card, "00C0000002", "0A016101");
  assert_answer (card, "00C0000001", "319000");
  assert_answer (card, "00C0000001", "6985");
  kiosk_vcard_card_set_chain (card, 0);
  /* Unknown and malformed commands. */
  assert_answer (card, "80B2040400", "6E00");
  assert_answer (card, "00FF000000", "6D00");
  assert_answer (card, "00B2", "6700");
  assert_answer (card, "00B20404", "6700");
  assert_answer (card, "00B2000400", "6A86");
  assert_answer (card, "00B2010100", "6A86");
  assert_answer (card, "00A4040803AABBCC", "6A86");
  assert_answer (card, "00A4040003AABBCC", "6A82");
  assert_answer (card, "00A4010002EF05", "6A86");
  assert_answer (card, "00A40200013F", "6700");
  assert_answer (card, "00A40000023F00", "9000");
  assert_answer (card, "00B2013C00", "6A82");
  /* Security: no update without authentication, no authentication
   * without a challenge, zeros refused, challenge lengths. */
  assert_answer (card, "00A404000F7378312E73682EC9E7BBE1B1A3D5CF", "9000");
  assert_answer (card, "00DC012C0302013300", "6982");
  assert_answer (card, "00DC012C03020133", "6982");
  assert_answer (card, "0082000008AAAAAAAAAAAAAAAA", "6985");
  assert_answer (card, "0084000005", "6700");
  {
    g_autoptr (GBytes) challenge = process_hex (card, "0084000008");

    g_assert_cmpuint (g_bytes_get_size (challenge), ==, 10);
  }
  assert_answer (card, "00820000080000000000000000", "6300");
  assert_answer (card, "0082000008AAAAAAAAAAAAAAAA", "6985");
  g_bytes_unref (process_hex (card, "0084000008"));
  assert_answer (card, "0082000004AAAAAAAA", "6700");
  g_bytes_unref (process_hex (card, "0084000008"));
  assert_answer (card, "0082000008AAAAAAAAAAAAAAAA", "9000");
  assert_answer (card, "00DC022C03020134", "9000");
  assert_answer (card, "00B2022C00", "0201349000");
  assert_answer (card, "00DC002C03020134", "6A86");
  assert_answer (card, "00DC092C03020134", "6A83");
  assert_answer (card, "00DC022003020134", "6A86");
  assert_answer (card, "00DC022C020201", "6A80");
  /* A reset forgets selection and authentication. */
  kiosk_vcard_card_reset (card);
  assert_answer (card, "00B2022C00", "6A82");
  /* PIN: query the tries, a wrong length. */
  assert_answer (card, "0020000000", "63C3");
  assert_answer (card, "0020000002 1234", "6700");
}

static void
test_vcard_files (void)
{
  g_autoptr (KioskVcardCard) card = demo_card ();
  g_autoptr (KioskVcardCard) again = kiosk_vcard_card_new ();
  g_autofree char *dir = g_dir_make_tmp ("vcard-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "card.ini", NULL);
  g_autoptr (GError) error = NULL;
  static const char *const bad[] = {
    "[card]\npin=12345\n",
    "[card]\npin_max=0\n",
    "[card]\npin_tries=9\n",
    "[fields]\nname=\n",
    "[fields]\ncolour=blue\n",
    "[fields]\nissue_date=20241301\n",
    "[records]\nef07.1=020133\n",
    "[records]\nef05.9=020133\n",
    "[records]\nef05.1=0201\n",
    "[records]\nef05.1=zz\n",
    "not a key file",
  };

  g_assert_true (kiosk_vcard_card_save (card, path, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_vcard_card_load (again, path, &error));
  g_assert_no_error (error);
  for (guint file = 0; file < 2; file++)
    for (guint i = 1; i <= KIOSK_VCARD_N_RECORDS; i++)
      {
        guint16 fid = file ? KIOSK_SSC_FILE_EF06 : KIOSK_SSC_FILE_EF05;
        g_autoptr (GBytes) a = kiosk_vcard_card_get_record (card, fid, i);
        g_autoptr (GBytes) b = kiosk_vcard_card_get_record (again, fid, i);

        g_assert_true ((a == NULL) == (b == NULL));
        if (a != NULL)
          g_assert_true (g_bytes_equal (a, b));
      }

  /* A bad file is refused and leaves the card as it was. */
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (kiosk_vcard_card_load_data (again, bad[i], (gsize) -1, &error));
      g_assert_nonnull (error);
      g_test_message ("%s → %s", bad[i], error->message);
      g_clear_error (&error);
      g_assert_true (kiosk_vcard_card_is_personalised (again));
    }
  kiosk_vcard_card_blank (again);
  g_assert_false (kiosk_vcard_card_is_personalised (again));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chip/card/read", test_read);
  g_test_add_func ("/chip/card/read-failures", test_read_failures);
  g_test_add_func ("/chip/card/garbage-record", test_garbage_record);
  g_test_add_func ("/chip/card/script", test_script);
  g_test_add_func ("/chip/card/script-failures", test_script_failures);
  g_test_add_func ("/chip/card/script-cancelled", test_script_cancelled);
  g_test_add_func ("/chip/card/script-type", test_script_type);
  g_test_add_func ("/chip/card/pin", test_pin);
  g_test_add_func ("/chip/vcard/commands", test_vcard_commands);
  g_test_add_func ("/chip/vcard/files", test_vcard_files);
  return g_test_run ();
}
