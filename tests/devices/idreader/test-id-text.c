/* test-id-text.c — the pure parser and encoder of the 256-byte text block:
 * the documented offsets of all four layouts, 长期, the split English name,
 * malformed and random blocks, error messages without personal data, wiping */
#include "config.h"

#include <string.h>

#include "kiosk-id-text.h"
#include "kiosk-test.h"

/* Writes `text` as UCS-2LE at `offset`, as a card would hold it. */
static void
put (guint8 *block, gsize offset, const char *text)
{
  gsize i = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p), i += 2)
    {
      gunichar c = g_utf8_get_char (p);

      block[offset + i] = (guint8) (c & 0xFF);
      block[offset + i + 1] = (guint8) (c >> 8);
    }
}

static void
blank (guint8 *block)
{
  for (gsize i = 0; i < KIOSK_ID_TEXT_LEN; i += 2)
    block[i] = 0x20, block[i + 1] = 0;
}

static void
fill_resident (guint8 *block)
{
  blank (block);
  put (block, 0, "张演示");
  put (block, 30, "1");
  put (block, 32, "01");
  put (block, 36, "19900307");
  put (block, 52, "吉林省长春市朝阳区演示街道1号");
  put (block, 122, "220102199003071235");
  put (block, 158, "长春市公安局朝阳分局");
  put (block, 188, "20150101");
  put (block, 204, "20350101");
}

static void
test_resident_offsets (void)
{
  guint8 block[KIOSK_ID_TEXT_LEN];
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  fill_resident (block);
  card = kiosk_id_text_parse (block, sizeof block, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->type, ==, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpstr (card->name, ==, "张演示");
  g_assert_cmpuint (card->sex, ==, 1);
  g_assert_cmpstr (card->nation, ==, "01");
  g_assert_cmpstr (card->birth_date, ==, "19900307");
  g_assert_cmpstr (card->address, ==, "吉林省长春市朝阳区演示街道1号");
  g_assert_cmpstr (card->id_number, ==, "220102199003071235");
  g_assert_cmpstr (card->authority, ==, "长春市公安局朝阳分局");
  g_assert_cmpstr (card->valid_from, ==, "20150101");
  g_assert_cmpstr (card->valid_to, ==, "20350101");
  g_assert_false (card->valid_long_term);
  g_assert_null (card->pass_number);
  g_assert_null (card->english_name);

  /* 长期, and NUL padding instead of spaces (seen on some cards). */
  memset (block + 204, 0, 16);
  put (block, 204, "长期");
  memset (block + 220, 0, 36);
  g_clear_pointer (&card, kiosk_id_card_data_free);
  card = kiosk_id_text_parse (block, sizeof block, &error);
  g_assert_no_error (error);
  g_assert_true (card->valid_long_term);
  g_assert_null (card->valid_to);
}

static void
test_hkmotw_offsets (void)
{
  guint8 block[KIOSK_ID_TEXT_LEN];
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  fill_resident (block);
  put (block, 32, "  "); /* no nation on this card */
  put (block, 122, "810000198506120024");
  put (block, 220, "H01234567");
  put (block, 238, "03");
  put (block, 248, "J");
  card = kiosk_id_text_parse (block, sizeof block, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->type, ==, KIOSK_ID_CARD_HKMOTW);
  g_assert_null (card->nation);
  g_assert_cmpstr (card->pass_number, ==, "H01234567");
  g_assert_cmpuint (card->issue_count, ==, 3);
  g_assert_cmpstr (card->id_number, ==, "810000198506120024");
}

static void
test_foreigner_offsets (void)
{
  guint8 block[KIOSK_ID_TEXT_LEN];
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  blank (block);
  put (block, 0, "DEMO, ALEXANDRA MARIE");
  put (block, 120, "2");
  put (block, 122, "CAN310085061201");
  put (block, 152, "CAN");
  put (block, 158, "德演示");
  put (block, 188, "20180101");
  put (block, 204, "20280101");
  put (block, 220, "19850612");
  put (block, 236, "01");
  put (block, 240, "1500");
  put (block, 248, "I");
  card = kiosk_id_text_parse (block, sizeof block, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->type, ==, KIOSK_ID_CARD_FOREIGNER);
  g_assert_cmpstr (card->english_name, ==, "DEMO, ALEXANDRA MARIE");
  g_assert_cmpuint (card->sex, ==, 2);
  g_assert_cmpstr (card->id_number, ==, "CAN310085061201");
  g_assert_cmpstr (card->nationality, ==, "CAN");
  g_assert_cmpstr (card->name, ==, "德演示");
  g_assert_cmpstr (card->birth_date, ==, "19850612");
  g_assert_cmpstr (card->card_version, ==, "01");
  g_assert_cmpstr (card->authority, ==, "1500");
  g_assert_null (card->address);

  /* The Chinese name is optional on this card. */
  put (block, 158, "               ");
  g_clear_pointer (&card, kiosk_id_card_data_free);
  card = kiosk_id_text_parse (block, sizeof block, &error);
  g_assert_no_error (error);
  g_assert_null (card->name);
}

static void
test_foreigner2023_offsets (void)
{
  guint8 block[KIOSK_ID_TEXT_LEN];
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  blank (block);
  put (block, 0, "马演示");
  put (block, 30, "1");
  put (block, 32, "02");
  put (block, 36, "19820301");
  /* 35 characters in part 1, continued in part 2 at byte 220 — the break
   * falls right after a space, which must survive. */
  put (block, 52, "MARTINEZ-DEMONSTRATION, SEBASTIAN ");
  put (block, 220, "ALEXANDER");
  put (block, 122, "933156198203010079");
  put (block, 188, "20230601");
  put (block, 204, "20330601");
  put (block, 242, "ESP");
  put (block, 248, "Y");
  put (block, 250, "A01");
  card = kiosk_id_text_parse (block, sizeof block, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->type, ==, KIOSK_ID_CARD_FOREIGNER_2023);
  g_assert_cmpstr (card->name, ==, "马演示");
  g_assert_cmpuint (card->issue_count, ==, 2);
  g_assert_cmpstr (card->english_name, ==, "MARTINEZ-DEMONSTRATION, SEBASTIAN  ALEXANDER");
  g_assert_cmpstr (card->id_number, ==, "933156198203010079");
  g_assert_cmpstr (card->nationality, ==, "ESP");
  g_assert_cmpstr (card->previous_number, ==, "A01");
}

static KioskIdCardData *
sample (KioskIdCardType type)
{
  KioskIdCardData *card = kiosk_id_card_data_new ();

  card->type = type;
  card->sex = 2;
  card->birth_date = g_strdup ("19781111");
  card->valid_from = g_strdup ("20100301");
  card->valid_to = g_strdup ("20300301");
  switch (type)
    {
      case KIOSK_ID_CARD_RESIDENT:
      case KIOSK_ID_CARD_HKMOTW:
        card->name = g_strdup ("欧阳测试");
        card->nation = type == KIOSK_ID_CARD_RESIDENT ? g_strdup ("98") : NULL;
        card->address = g_strdup ("吉林省吉林市船营区测试大街100号");
        card->id_number = g_strdup (type == KIOSK_ID_CARD_RESIDENT ? "220202197811114041"
                                                                   : "83000019920420006X");
        card->authority = g_strdup ("吉林市公安局船营分局");
        if (type == KIOSK_ID_CARD_HKMOTW)
          {
            card->pass_number = g_strdup ("01234567");
            card->issue_count = 12;
          }
        break;
      case KIOSK_ID_CARD_FOREIGNER:
        card->english_name = g_strdup ("TESTER, JOHANNES");
        card->id_number = g_strdup ("DEU220075120801");
        card->nationality = g_strdup ("DEU");
        card->card_version = g_strdup ("01");
        card->authority = g_strdup ("2200");
        break;
      case KIOSK_ID_CARD_FOREIGNER_2023:
        card->name = g_strdup ("泰斯特");
        card->english_name = g_strdup ("VAN DER TESTERSTRAAT-MUSTER, JOHANNES P");
        card->id_number = g_strdup ("933840197512080030");
        card->nationality = g_strdup ("NLD");
        card->previous_number = g_strdup ("D22");
        card->issue_count = 1;
        break;
    }
  return card;
}

static void
assert_same (const KioskIdCardData *a, const KioskIdCardData *b)
{
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->english_name, ==, b->english_name);
  g_assert_cmpuint (a->sex, ==, b->sex);
  g_assert_cmpstr (a->nation, ==, b->nation);
  g_assert_cmpstr (a->birth_date, ==, b->birth_date);
  g_assert_cmpstr (a->address, ==, b->address);
  g_assert_cmpstr (a->id_number, ==, b->id_number);
  g_assert_cmpstr (a->authority, ==, b->authority);
  g_assert_cmpstr (a->valid_from, ==, b->valid_from);
  g_assert_cmpstr (a->valid_to, ==, b->valid_to);
  g_assert_cmpint (a->valid_long_term, ==, b->valid_long_term);
  g_assert_cmpstr (a->pass_number, ==, b->pass_number);
  g_assert_cmpuint (a->issue_count, ==, b->issue_count);
  g_assert_cmpstr (a->nationality, ==, b->nationality);
  g_assert_cmpstr (a->card_version, ==, b->card_version);
  g_assert_cmpstr (a->previous_number, ==, b->previous_number);
}

static void
test_round_trip (void)
{
  for (int type = KIOSK_ID_CARD_RESIDENT; type <= KIOSK_ID_CARD_FOREIGNER_2023; type++)
    {
      g_autoptr (KioskIdCardData) card = sample (type);
      g_autoptr (KioskIdCardData) back = NULL;
      g_autoptr (KioskIdCardData) copy = NULL;
      g_autoptr (GError) error = NULL;
      guint8 block[KIOSK_ID_TEXT_LEN];

      g_assert_true (kiosk_id_text_encode (card, block, &error));
      g_assert_no_error (error);
      back = kiosk_id_text_parse (block, sizeof block, &error);
      g_assert_no_error (error);
      assert_same (card, back);
      copy = kiosk_id_card_data_copy (back);
      assert_same (copy, back);

      /* 长期 round-trips too. */
      kiosk_id_wipe_string (&card->valid_to);
      card->valid_long_term = TRUE;
      g_assert_true (kiosk_id_text_encode (card, block, &error));
      g_clear_pointer (&back, kiosk_id_card_data_free);
      back = kiosk_id_text_parse (block, sizeof block, &error);
      g_assert_no_error (error);
      assert_same (card, back);
    }
}

static void
expect_error (const guint8 *block, gsize len, KioskIdTextError code, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = kiosk_id_text_parse (block, len, &error);

  g_assert_null (card);
  g_assert_error (error, KIOSK_ID_TEXT_ERROR, (gint) code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
  /* Personal data never appears in a message. */
  g_assert_null (strstr (error->message, "张演示"));
  g_assert_null (strstr (error->message, "2201021990"));
}

static void
test_malformed (void)
{
  guint8 block[KIOSK_ID_TEXT_LEN + 1];

  fill_resident (block);
  expect_error (NULL, 0, KIOSK_ID_TEXT_ERROR_LENGTH, "0 bytes");
  expect_error (block, 255, KIOSK_ID_TEXT_ERROR_LENGTH, "255 bytes");
  expect_error (block, 257, KIOSK_ID_TEXT_ERROR_LENGTH, NULL);

  fill_resident (block);
  block[2] = 0x00, block[3] = 0xD8; /* a lone surrogate in the name */
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_ENCODING, "name");
  fill_resident (block);
  put (block, 52, "吉林\n省");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_ENCODING, "address");
  fill_resident (block);
  block[2] = 0, block[3] = 0; /* a NUL inside the name, text after it */
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_ENCODING, "name");
  fill_resident (block);
  put (block, 0, "               ");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "name field is empty");
  fill_resident (block);
  put (block, 30, "5");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "sex");
  fill_resident (block);
  put (block, 30, " ");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "sex");
  fill_resident (block);
  put (block, 32, "0A");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "nation");
  fill_resident (block);
  put (block, 36, "19901301");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "birth date");
  fill_resident (block);
  put (block, 36, "19900230");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "birth date");
  fill_resident (block);
  put (block, 122, "22010219900307123 ");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "ID number");
  fill_resident (block);
  put (block, 122, "2201021990030712Y5");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "ID number");
  fill_resident (block);
  put (block, 204, "永久    ");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "valid to");
  fill_resident (block);
  put (block, 52, "                                   ");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "address");
  /* J without a pass number; bad issue count. */
  fill_resident (block);
  put (block, 248, "J");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "pass number");
  put (block, 220, "H01234567");
  put (block, 238, "X1");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "issue count");
  /* I with no English name. */
  blank (block);
  put (block, 248, "I");
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, "English name");
  /* All zeros, all 0xFF. */
  memset (block, 0, sizeof block);
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_FIELD, NULL);
  memset (block, 0xFF, sizeof block);
  expect_error (block, 256, KIOSK_ID_TEXT_ERROR_ENCODING, NULL);
}

static void
test_encode_refuses (void)
{
  g_autoptr (KioskIdCardData) card = sample (KIOSK_ID_CARD_RESIDENT);
  g_autoptr (GError) error = NULL;
  guint8 block[KIOSK_ID_TEXT_LEN];

  g_free (card->name);
  card->name = g_strdup ("一二三四五六七八九十一二三四五六"); /* 16 > 15 */
  g_assert_false (kiosk_id_text_encode (card, block, &error));
  g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_TOO_LONG);
  g_clear_error (&error);

  g_free (card->name);
  card->name = g_strdup ("张\xF0\xA0\x80\x80"); /* U+20000, outside UCS-2 */
  g_assert_false (kiosk_id_text_encode (card, block, &error));
  g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_ENCODING);
  g_clear_error (&error);

  g_free (card->name);
  card->name = g_strdup ("张三");
  card->sex = 7;
  g_assert_false (kiosk_id_text_encode (card, block, &error));
  g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD);
  g_clear_error (&error);

  card->sex = 1;
  card->issue_count = 100;
  card->type = KIOSK_ID_CARD_HKMOTW;
  g_assert_false (kiosk_id_text_encode (card, block, &error));
  g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD);
  g_clear_error (&error);

  /* The 2023 English name: 35 + 11 characters at most. */
  {
    g_autoptr (KioskIdCardData) y = sample (KIOSK_ID_CARD_FOREIGNER_2023);

    g_free (y->english_name);
    y->english_name = g_strnfill (46, 'A');
    g_assert_true (kiosk_id_text_encode (y, block, &error));
    g_assert_no_error (error);
    g_free (y->english_name);
    y->english_name = g_strnfill (47, 'A');
    g_assert_false (kiosk_id_text_encode (y, block, &error));
    g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_TOO_LONG);
  }
}

static void
test_wipe (void)
{
  KioskIdCardData *card = sample (KIOSK_ID_CARD_HKMOTW);

  card->photo_wlt = g_malloc0 (1024);
  card->photo_wlt_len = 1024;
  kiosk_id_card_data_wipe (card);
  g_assert_null (card->name);
  g_assert_null (card->id_number);
  g_assert_null (card->address);
  g_assert_null (card->pass_number);
  g_assert_null (card->photo_wlt);
  g_assert_cmpuint (card->photo_wlt_len, ==, 0);
  g_assert_cmpuint (card->issue_count, ==, 0);
  kiosk_id_card_data_free (card);
  kiosk_id_card_data_free (NULL);
}

static void
test_types (void)
{
  for (int type = KIOSK_ID_CARD_RESIDENT; type <= KIOSK_ID_CARD_FOREIGNER_2023; type++)
    {
      KioskIdCardType back;

      g_assert_true (kiosk_id_card_type_from_string (kiosk_id_card_type_to_string (type), &back));
      g_assert_cmpint (back, ==, type);
      g_assert_true (g_utf8_validate (kiosk_id_card_type_to_label (type), -1, NULL));
    }
  {
    KioskIdCardType back;

    g_assert_false (kiosk_id_card_type_from_string ("passport", &back));
    g_assert_false (kiosk_id_card_type_from_string (NULL, &back));
  }
}

static void
test_card_files (void)
{
  static const char *const files[] = { "resident.ini", "resident-longterm.ini", "hkmotw.ini",
                                       "foreigner.ini", "foreigner2023.ini" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "cards", files[i], NULL);
      g_autoptr (GKeyFile) keyfile = g_key_file_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskIdCardData) card = NULL;

      g_assert_true (g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error));
      card = kiosk_id_card_data_from_keyfile (keyfile, "card", &error);
      g_assert_no_error (error);
      g_assert_nonnull (card->id_number);
    }
  {
    g_autoptr (GKeyFile) keyfile = g_key_file_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskIdCardData) card = NULL;

    g_key_file_load_from_data (keyfile, "[card]\ntype=passport\n", -1, 0, NULL);
    card = kiosk_id_card_data_from_keyfile (keyfile, "card", &error);
    g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD);
    g_assert_nonnull (strstr (error->message, "[card] type"));
    g_clear_error (&error);
    g_key_file_load_from_data (keyfile, "[card]\nname=张三\nsex=男\n", -1, 0, NULL);
    card = kiosk_id_card_data_from_keyfile (keyfile, "card", &error);
    g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD);
    g_assert_nonnull (strstr (error->message, "sex"));
    g_clear_error (&error);
    g_key_file_load_from_data (keyfile, "[card]\nname=张三\nsex=1\n", -1, 0, NULL);
    card = kiosk_id_card_data_from_keyfile (keyfile, "card", &error);
    g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD);
    g_clear_error (&error);
    card = kiosk_id_card_data_from_keyfile (keyfile, "nosuchgroup", &error);
    g_assert_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD);
  }
}

static void
test_random (void)
{
  GRand *rand = g_rand_new_with_seed (42);
  guint8 valid[KIOSK_ID_TEXT_LEN];
  guint parsed = 0;

  fill_resident (valid);
  for (int round = 0; round < 20000; round++)
    {
      guint8 block[KIOSK_ID_TEXT_LEN];
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskIdCardData) card = NULL;

      if (round % 2)
        for (gsize i = 0; i < sizeof block; i++)
          block[i] = (guint8) g_rand_int (rand);
      else
        {
          memcpy (block, valid, sizeof block);
          for (int k = g_rand_int_range (rand, 1, 4); k > 0; k--)
            block[g_rand_int_range (rand, 0, sizeof block)] = (guint8) g_rand_int (rand);
          if (round % 8 == 0)
            block[248] = "JIY"[g_rand_int_range (rand, 0, 3)], block[249] = 0;
        }
      card = kiosk_id_text_parse (block, sizeof block, &error);
      if (card == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == KIOSK_ID_TEXT_ERROR);
          continue;
        }
      /* What parses re-encodes and parses to the same card. */
      {
        guint8 again[KIOSK_ID_TEXT_LEN];
        g_autoptr (KioskIdCardData) back = NULL;

        parsed++;
        g_assert_true (kiosk_id_text_encode (card, again, &error));
        g_assert_no_error (error);
        back = kiosk_id_text_parse (again, sizeof again, &error);
        g_assert_no_error (error);
        assert_same (card, back);
      }
    }
  g_assert_cmpuint (parsed, >, 100);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/id-text/offsets/resident", test_resident_offsets);
  g_test_add_func ("/id-text/offsets/hkmotw", test_hkmotw_offsets);
  g_test_add_func ("/id-text/offsets/foreigner", test_foreigner_offsets);
  g_test_add_func ("/id-text/offsets/foreigner2023", test_foreigner2023_offsets);
  g_test_add_func ("/id-text/round-trip", test_round_trip);
  g_test_add_func ("/id-text/malformed", test_malformed);
  g_test_add_func ("/id-text/encode-refuses", test_encode_refuses);
  g_test_add_func ("/id-text/wipe", test_wipe);
  g_test_add_func ("/id-text/types", test_types);
  g_test_add_func ("/id-text/card-files", test_card_files);
  g_test_add_func ("/id-text/random", test_random);

  return kiosk_test_run ();
}
