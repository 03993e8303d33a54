/* test-validate.c — the single-field validators of the application form (附件1)
 *
 * ID numbers in these tests are synthetic (made from 17 digits plus the
 * computed check character) or the example of GB 11643-1999 itself.
 */
#include "config.h"

#include <string.h>

#include "form-test-util.h"
#include "kiosk-validate.h"

static KioskCatalog *catalog;
static GDate today; /* 2024-06-15 in every test */

typedef struct
{
  const char *in;
  const char *expect; /* normalised value, or NULL when refused */
  int code;           /* the KioskValidateError when refused */
} Case;

typedef gboolean (*SimpleValidator) (const char *in, char **normalised, GError **error);

static void
run_cases (const char *what, SimpleValidator validate, const Case *cases, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = NULL;
      gboolean ok = validate (cases[i].in, &out, &error);

      g_autofree char *shown = form_test_printable (cases[i].in);

      g_test_message ("%s: “%s”", what, shown);
      if (cases[i].expect != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (out, ==, cases[i].expect);
        }
      else
        {
          g_assert_error (error, KIOSK_VALIDATE_ERROR, cases[i].code);
          g_assert_false (ok);
          g_assert_null (out);
          /* Every refusal explains itself in Chinese (non-ASCII text). */
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_cmpuint (strlen (error->message), >, g_utf8_strlen (error->message, -1));
        }
    }
}

/* ---- ID numbers -------------------------------------------------------- */

static gboolean
id_at_today (const char *in, char **normalised, GError **error)
{
  return kiosk_validate_id_number_at (catalog, in, &today, normalised, error);
}

static void
test_id_number_standard_example (void)
{
  /* The example of GB 11643-1999 and an independent check computation. */
  g_autofree char *made = form_test_id_number ("11010519491231002");
  g_assert_cmpstr (made, ==, "11010519491231002X");

  {
    const Case cases[] = {
      { "11010519491231002X", "11010519491231002X", 0 },
      { "11010519491231002x", "11010519491231002X", 0 },
      { "  11010519491231002X\t", "11010519491231002X", 0 },
      { "\u300011010519491231002x\u3000", "11010519491231002X", 0 },
      /* full-width digits and X, as an input method types them */
      { "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", 0 },
      { "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", 0 },
      { "110105 19491231 002X", "11010519491231002X", 0 },
      { "\xEF\xBB\xBF"
        "11010519491231002X",
        "11010519491231002X", 0 }, /* a BOM from copy and paste */
    };
    run_cases ("id", id_at_today, cases, G_N_ELEMENTS (cases));
  }
}

static void
test_id_number_check_digit (void)
{
  g_autofree char *valid = form_test_id_number ("22010219900307151");
  char wrong[19];
  char swapped[19];
  int d;

  g_assert_true (kiosk_validate_id_number_at (catalog, valid, &today, NULL, NULL));

  /* Every other check character is refused. */
  for (d = 0; d <= 10; d++)
    {
      g_autoptr (GError) error = NULL;
      char c = d == 10 ? 'X' : (char) ('0' + d);

      if (c == valid[17])
        continue;
      memcpy (wrong, valid, 18);
      wrong[17] = c;
      wrong[18] = '\0';
      g_assert_false (kiosk_validate_id_number_at (catalog, wrong, &today, NULL, &error));
      g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_CHECK_DIGIT);
    }

  /* Two neighbouring digits swapped (a typical typo) are caught. */
  memcpy (swapped, valid, 19);
  swapped[14] = valid[15];
  swapped[15] = valid[14];
  g_assert_cmpint (swapped[14], !=, swapped[15]);
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (kiosk_validate_id_number_at (catalog, swapped, &today, NULL, &error));
    g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_CHECK_DIGIT);
  }
}

static void
assert_id (const char *digits17, int code)
{
  g_autofree char *id = form_test_id_number (digits17);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean ok = kiosk_validate_id_number_at (catalog, id, &today, &out, &error);

  g_test_message ("id %s", id);
  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (out, ==, id);
    }
  else
    {
      g_assert_error (error, KIOSK_VALIDATE_ERROR, code);
      g_assert_false (ok);
      g_assert_null (out);
    }
}

static void
test_id_number_dates (void)
{
  assert_id ("22010220000229151", -1);                        /* 2000 is a leap year */
  assert_id ("22010220240229151", -1);                        /* so is 2024 */
  assert_id ("22010220230229151", KIOSK_VALIDATE_ERROR_DATE); /* 2023 is not */
  assert_id ("22010219000229151", KIOSK_VALIDATE_ERROR_DATE); /* nor is 1900 */
  assert_id ("22010219000101151", -1);                        /* the earliest accepted */
  assert_id ("22010218991231151", KIOSK_VALIDATE_ERROR_DATE);
  assert_id ("22010219900431151", KIOSK_VALIDATE_ERROR_DATE); /* April has 30 days */
  assert_id ("22010219901301151", KIOSK_VALIDATE_ERROR_DATE);
  assert_id ("22010219900001151", KIOSK_VALIDATE_ERROR_DATE);
  assert_id ("22010219900100151", KIOSK_VALIDATE_ERROR_DATE);
  assert_id ("22010200000101151", KIOSK_VALIDATE_ERROR_DATE);
  /* Not in the future: today is fine, tomorrow is not. */
  assert_id ("22010220240615151", -1);
  assert_id ("22010220240616151", KIOSK_VALIDATE_ERROR_FUTURE);
  assert_id ("22010229990101151", KIOSK_VALIDATE_ERROR_FUTURE);
}

static void
test_id_number_region (void)
{
  assert_id ("11010519491231002", -1); /* 北京 */
  assert_id ("22010219900307151", -1); /* 吉林 */
  assert_id ("65010219900307151", -1); /* 新疆 */
  assert_id ("82000019900307151", -1); /* 澳门 */
  assert_id ("83000019900307151", -1); /* 台湾居民居住证 */
  assert_id ("00010219900307151", KIOSK_VALIDATE_ERROR_REGION);
  assert_id ("16010219900307151", KIOSK_VALIDATE_ERROR_REGION);
  assert_id ("20010219900307151", KIOSK_VALIDATE_ERROR_REGION);
  assert_id ("99010219900307151", KIOSK_VALIDATE_ERROR_REGION);
  /* 2023 foreigner's card: 9 + the issuing province */
  assert_id ("92241019880808001", -1);
  assert_id ("91141019880808001", -1);
  assert_id ("90041019880808001", KIOSK_VALIDATE_ERROR_REGION);
}

static void
test_id_number_shape (void)
{
  const Case cases[] = {
    { NULL, NULL, KIOSK_VALIDATE_ERROR_EMPTY },
    { "", NULL, KIOSK_VALIDATE_ERROR_EMPTY },
    { "   \u3000 ", NULL, KIOSK_VALIDATE_ERROR_EMPTY },
    { "1101051949123100", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "11010519491231002", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "11010519491231002X1", NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
    { "110105194912310020000000000", NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
    { "1101051949123100XX", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "X10105194912310021", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "11010519491231002Y", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "11010519491231002-", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "110105-19491231-002X", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "一一〇一〇五一九四九一二三一〇〇二X", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    /* Arabic-Indic digits are digits to Unicode, not to GB 11643. */
    { "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "\xff\xfe\xfd", NULL, KIOSK_VALIDATE_ERROR_ENCODING },
    { "110105\xc0\xaf"
      "19491231002X",
      NULL, KIOSK_VALIDATE_ERROR_ENCODING }, /* overlong '/' */
    { "11010519491231\x01"
      "002X",
      NULL, KIOSK_VALIDATE_ERROR_ENCODING },
    { "11010519491231002X\u202e", NULL, KIOSK_VALIDATE_ERROR_ENCODING }, /* bidi override */
    { "1101\u200d0519491231002X", NULL, KIOSK_VALIDATE_ERROR_ENCODING }, /* ZWJ inside */
  };
  run_cases ("id", id_at_today, cases, G_N_ELEMENTS (cases));
}

static void
test_id_number_legacy (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id18 = NULL;

  /* Decision (docs/form.md): a 15-digit number is refused with its own code. */
  g_assert_false (kiosk_validate_id_number_at (catalog, "110105491231002", &today, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_LEGACY_ID);
  g_assert_nonnull (strstr (error->message, "18位"));
  g_clear_error (&error);
  g_assert_false (kiosk_validate_id_number_at (catalog, " １１０１０５４９１２３１００２ ", &today,
                                               NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_LEGACY_ID);
  g_clear_error (&error);

  /* The upgrade to 18 characters, for matching old records. */
  g_assert_true (
      kiosk_validate_id_number_upgrade_legacy (catalog, "110105491231002", &today, &id18, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id18, ==, "11010519491231002X");

  g_assert_false (
      kiosk_validate_id_number_upgrade_legacy (catalog, "11010549123100", &today, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_FORMAT);
  g_clear_error (&error);
  /* A 15-digit number with an impossible date stays impossible. */
  g_assert_false (
      kiosk_validate_id_number_upgrade_legacy (catalog, "110105490231002", &today, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_DATE);
}

static void
test_id_number_birth_and_sex (void)
{
  GDate birth;
  g_autofree char *male = form_test_id_number ("22010219900307151");
  g_autofree char *female = form_test_id_number ("22010219900307152");

  g_assert_true (kiosk_validate_id_number_birth_date ("11010519491231002X", &birth));
  g_assert_cmpint (g_date_get_year (&birth), ==, 1949);
  g_assert_cmpint (g_date_get_month (&birth), ==, 12);
  g_assert_cmpint (g_date_get_day (&birth), ==, 31);
  g_assert_cmpint (kiosk_validate_id_number_sex ("11010519491231002X"), ==, KIOSK_SEX_FEMALE);
  g_assert_cmpint (kiosk_validate_id_number_sex (male), ==, KIOSK_SEX_MALE);
  g_assert_cmpint (kiosk_validate_id_number_sex (female), ==, KIOSK_SEX_FEMALE);

  /* Garbage gives "unknown", not a crash. */
  g_assert_false (kiosk_validate_id_number_birth_date (NULL, &birth));
  g_assert_false (kiosk_validate_id_number_birth_date ("", &birth));
  g_assert_false (kiosk_validate_id_number_birth_date ("2201021990030715", &birth));
  g_assert_false (kiosk_validate_id_number_birth_date ("220102199002301511", &birth));
  g_assert_cmpint (kiosk_validate_id_number_sex (NULL), ==, KIOSK_SEX_UNKNOWN);
  g_assert_cmpint (kiosk_validate_id_number_sex ("abc"), ==, KIOSK_SEX_UNKNOWN);
}

static void
test_id_number_default_catalog (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;

  /* The plain variant: the default catalog ($KIOSK_DATA_DIR) and today. */
  g_assert_true (kiosk_validate_id_number ("11010519491231002x", &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "11010519491231002X");
  g_assert_false (kiosk_validate_id_number ("110105194912310021", NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_CHECK_DIGIT);
}

static void
test_raw_bytes (void)
{
  static const char with_nul[] = "110105\0"
                                 "19491231002X";
  g_autoptr (GError) error = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *out = NULL;
  guint kind;

  /* An embedded NUL is refused, not silently cut off. */
  for (kind = 0; kind < KIOSK_VALIDATE_N_KINDS; kind++)
    {
      g_assert_false (kiosk_validate_value (catalog, kind, with_nul, sizeof with_nul - 1, &today,
                                            &out, &error));
      g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_ENCODING);
      g_assert_null (out);
      g_clear_error (&error);
    }

  /* Megabytes are refused before they are looked at. */
  huge = g_malloc (4 * 1024 * 1024 + 1);
  memset (huge, '1', 4 * 1024 * 1024);
  huge[4 * 1024 * 1024] = '\0';
  for (kind = 0; kind < KIOSK_VALIDATE_N_KINDS; kind++)
    {
      g_assert_false (kiosk_validate_value (catalog, kind, huge, -1, &today, &out, &error));
      g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_TOO_LONG);
      g_clear_error (&error);
      g_assert_false (
          kiosk_validate_value (catalog, kind, huge, 4 * 1024 * 1024, &today, &out, &error));
      g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_TOO_LONG);
      g_clear_error (&error);
    }
  g_assert_false (kiosk_validate_name (huge, TRUE, &out, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_TOO_LONG);
  g_clear_error (&error);

  /* A length shorter than the string: only those bytes count. */
  g_assert_true (kiosk_validate_value (catalog, KIOSK_VALIDATE_KIND_ID_NUMBER,
                                       "11010519491231002XYZ", 18, &today, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "11010519491231002X");
  g_clear_pointer (&out, g_free);

  /* Empty and NULL. */
  for (kind = 0; kind < KIOSK_VALIDATE_N_KINDS; kind++)
    {
      g_assert_false (kiosk_validate_value (catalog, kind, "", 0, &today, &out, &error));
      g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_EMPTY);
      g_clear_error (&error);
      g_assert_false (kiosk_validate_value (catalog, kind, NULL, -1, &today, &out, &error));
      g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_EMPTY);
      g_clear_error (&error);
      /* A NULL error location is allowed. */
      g_assert_false (kiosk_validate_value (catalog, kind, "\xff", -1, &today, NULL, NULL));
    }
}

/* ---- names ------------------------------------------------------------- */

static gboolean
chinese_name (const char *in, char **normalised, GError **error)
{
  return kiosk_validate_name (in, FALSE, normalised, error);
}

static gboolean
any_name (const char *in, char **normalised, GError **error)
{
  return kiosk_validate_name (in, TRUE, normalised, error);
}

static void
test_name_chinese (void)
{
  const Case cases[] = {
    { "张三", "张三", 0 },
    { " 欧阳修　", "欧阳修", 0 },
    { "张 三", "张三", 0 }, /* inner spaces dropped */
    { "买买提·艾力", "买买提·艾力", 0 },
    { "买买提.艾力", "买买提·艾力", 0 },  /* look-alike dots become U+00B7 */
    { "买买提．艾力", "买买提·艾力", 0 }, /* full-width full stop */
    { "买买提•艾力", "买买提·艾力", 0 },  /* bullet */
    { "买买提・艾力", "买买提·艾力", 0 }, /* katakana middle dot */
    { "买买提･艾力", "买买提·艾力", 0 },  /* half-width katakana middle dot */
    { "阿依古丽·买买提·艾力", "阿依古丽·买买提·艾力", 0 },
    { "李〇", "李〇", 0 },
    { "𠀀𠀁", "𠀀𠀁", 0 }, /* Extension B */
    { "张", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "·", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "·张三", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "张三·", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "张··三", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "张三3", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "张三３", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "Zhang San", NULL, KIOSK_VALIDATE_ERROR_FORMAT }, /* Latin needs the flag */
    { "张三!", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "김철수", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "张\xe4\xb8", NULL, KIOSK_VALIDATE_ERROR_ENCODING }, /* cut in the middle of a character */
    { "", NULL, KIOSK_VALIDATE_ERROR_EMPTY },
    { NULL, NULL, KIOSK_VALIDATE_ERROR_EMPTY },
  };
  run_cases ("name", chinese_name, cases, G_N_ELEMENTS (cases));
}

static void
test_name_length (void)
{
  /* The chip holds 15 UTF-16 units; a character outside the BMP takes two. */
  const Case cases[] = {
    { "一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三四五", 0 },
    { "一二三四五六七八九十一二三四五六", NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
    { "一二三四五六七·八九十一二三四", "一二三四五六七·八九十一二三四", 0 },
    { "一二三四五六七八九十一二三𠀀", "一二三四五六七八九十一二三𠀀", 0 },
    { "一二三四五六七八九十一二三四𠀀", NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
  };
  run_cases ("name", chinese_name, cases, G_N_ELEMENTS (cases));
}

static void
test_name_latin (void)
{
  g_autofree char *sixty = g_strnfill (60, 'a');
  g_autofree char *sixty_one = g_strnfill (61, 'a');
  const Case cases[] = {
    { "John Smith", "JOHN SMITH", 0 },
    { "  o'brien,   mary-ann ", "O'BRIEN, MARY-ANN", 0 },
    { "O’Brien", "O'BRIEN", 0 },
    { "ＪＯＨＮ　ＳＭＩＴＨ", "JOHN SMITH", 0 },
    { "张三", "张三", 0 }, /* a Chinese name is still fine */
    { "约翰·史密斯", "约翰·史密斯", 0 },
    { sixty, NULL, 0 },
    { sixty_one, NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
    { "J", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "-John", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "John 2", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "José", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "张John", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "John_Smith", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (cases[i].in == sixty)
        {
          g_autofree char *out = NULL;
          g_assert_true (any_name (sixty, &out, NULL));
          g_assert_cmpuint (strlen (out), ==, 60);
          continue;
        }
      run_cases ("latin name", any_name, &cases[i], 1);
    }
}

/* ---- phones, postal codes ---------------------------------------------- */

static void
test_mobile (void)
{
  const Case cases[] = {
    { "13912345678", "13912345678", 0 },
    { "19912345678", "19912345678", 0 },
    { " 139 1234 5678 ", "13912345678", 0 },
    { "139-1234-5678", "13912345678", 0 },
    { "+86 139 1234 5678", "13912345678", 0 },
    { "008613912345678", "13912345678", 0 },
    { "8613912345678", "13912345678", 0 },
    { "１３９１２３４５６７８", "13912345678", 0 },
    { "１３９－１２３４－５６７８", "13912345678", 0 },
    { "12912345678", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "10012345678", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "23912345678", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "1391234567", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "139123456789", NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
    { "1391234567a", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "139.1234.5678", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "", NULL, KIOSK_VALIDATE_ERROR_EMPTY },
  };
  run_cases ("mobile", kiosk_validate_mobile, cases, G_N_ELEMENTS (cases));
}

static void
test_landline (void)
{
  const Case cases[] = {
    { "0431-85570725", "0431-85570725", 0 },
    { "043185570725", "0431-85570725", 0 },
    { "(0431)85570725", "0431-85570725", 0 },
    { "（0431）85570725", "0431-85570725", 0 },
    { "0431 85570725", "0431-85570725", 0 },
    { "０４３１－８５５７０７２５", "0431-85570725", 0 },
    { "010-62345678", "010-62345678", 0 },
    { "01062345678", "010-62345678", 0 },
    { "021-6234567", "021-6234567", 0 },
    { "0433-2345678", "0433-2345678", 0 },
    { "85570725", NULL, KIOSK_VALIDATE_ERROR_FORMAT }, /* no area code */
    { "-85570725", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "011-62345678", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "0031-85570725", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "04310-85570725", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "0431-05570725", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "0431-15570725", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "0431-855707", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "0431-855707251", NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
    { "0431-8557-0725", "0431-85570725", 0 },                   /* two groups */
    { "0431-85570725-123", NULL, KIOSK_VALIDATE_ERROR_FORMAT }, /* extension */
    { "0431-8557--0725", "0431-85570725", 0 },
    { "0431--85570725", "0431-85570725", 0 },
    { "(0431", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "0431-8557O725", NULL, KIOSK_VALIDATE_ERROR_FORMAT }, /* letter O */
    { "043", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
  };
  run_cases ("landline", kiosk_validate_landline, cases, G_N_ELEMENTS (cases));
}

static void
test_phone (void)
{
  const Case cases[] = {
    { "13912345678", "13912345678", 0 },
    { "+8613912345678", "13912345678", 0 },
    { "0431-85570725", "0431-85570725", 0 },
    { "(0431)85570725", "0431-85570725", 0 },
    { "85570725", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "12345", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "abc", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "电话", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "  ", NULL, KIOSK_VALIDATE_ERROR_EMPTY },
  };
  run_cases ("phone", kiosk_validate_phone, cases, G_N_ELEMENTS (cases));
}

static void
test_postal_code (void)
{
  const Case cases[] = {
    { "130000", "130000", 0 },
    { " １３００２２ ", "130022", 0 },
    { "850000", "850000", 0 }, /* Lhasa */
    { "010000", "010000", 0 },
    { "13000", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "1300000", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "000000", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "990000", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "13a000", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "-13000", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "", NULL, KIOSK_VALIDATE_ERROR_EMPTY },
  };
  run_cases ("postal code", kiosk_validate_postal_code, cases, G_N_ELEMENTS (cases));
}

/* ---- dates and ID validity --------------------------------------------- */

static gboolean
date_only (const char *in, char **normalised, GError **error)
{
  return kiosk_validate_date (in, NULL, normalised, error);
}

static void
test_date (void)
{
  const Case cases[] = {
    { "20240229", "20240229", 0 },
    { "2024-02-29", "20240229", 0 },
    { "2024.2.9", "20240209", 0 },
    { "2024/02/09", "20240209", 0 },
    { "2024年2月9日", "20240209", 0 },
    { "２０２４年０２月０９日", "20240209", 0 },
    { "20230229", NULL, KIOSK_VALIDATE_ERROR_DATE },
    { "2100-02-29", NULL, KIOSK_VALIDATE_ERROR_DATE },
    { "1899-12-31", NULL, KIOSK_VALIDATE_ERROR_DATE },
    { "2024-13-01", NULL, KIOSK_VALIDATE_ERROR_DATE },
    { "2024-00-10", NULL, KIOSK_VALIDATE_ERROR_DATE },
    { "2024-06-31", NULL, KIOSK_VALIDATE_ERROR_DATE },
    { "2024-02", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "202402290", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "24-02-09", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "2024-02-09-01", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "2024-002-09", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "next tuesday", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "999999999999999999999999", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
  };
  run_cases ("date", date_only, cases, G_N_ELEMENTS (cases));
}

static void
test_birth_date (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  GDate date;

  g_assert_true (kiosk_validate_birth_date_at ("2024-06-15", &today, &date, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "20240615");
  g_assert_false (kiosk_validate_birth_date_at ("2024-06-16", &today, &date, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_FUTURE);
  g_clear_error (&error);
  g_assert_false (kiosk_validate_birth_date_at ("2024-02-30", &today, &date, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_DATE);
  g_assert_true (g_str_has_prefix (error->message, "出生日期"));
}

static void
assert_validity (const char *from, const char *to, int code, const char *to_text)
{
  g_autoptr (GError) error = NULL;
  KioskIdValidity v;
  gboolean ok = kiosk_validate_id_validity (from, to, &today, &v, &error);

  g_autofree char *shown_from = form_test_printable (from);
  g_autofree char *shown_to = form_test_printable (to);

  g_test_message ("validity %s – %s", shown_from, shown_to);
  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (v.to_text, ==, to_text);
      g_assert_true (g_date_valid (&v.from));
      g_assert_cmpint (v.permanent, ==, strcmp (to_text, "长期") == 0);
      g_assert_cmpint (g_date_valid (&v.to), ==, !v.permanent);
    }
  else
    {
      g_assert_error (error, KIOSK_VALIDATE_ERROR, code);
      g_assert_false (ok);
    }
}

static void
test_id_validity (void)
{
  assert_validity ("20150101", "20350101", -1, "20350101");
  assert_validity ("2015.01.01", "2035.01.01", -1, "20350101");
  assert_validity ("20040101", "长期", -1, "长期");
  assert_validity ("20040101", " 長期 ", -1, "长期");
  assert_validity ("20040101", "长期有效", -1, "长期");
  /* The last day on the card is valid; the day after it is not. */
  assert_validity ("20140615", "20240615", -1, "20240615");
  assert_validity ("20140614", "20240614", KIOSK_VALIDATE_ERROR_EXPIRED, NULL);
  assert_validity ("19990101", "20090101", KIOSK_VALIDATE_ERROR_EXPIRED, NULL);
  /* Issued today is fine, tomorrow is not yet. */
  assert_validity ("20240615", "20440615", -1, "20440615");
  assert_validity ("20240616", "20440616", KIOSK_VALIDATE_ERROR_NOT_YET_VALID, NULL);
  assert_validity ("20240616", "长期", KIOSK_VALIDATE_ERROR_NOT_YET_VALID, NULL);
  /* Inconsistent or garbage. */
  assert_validity ("20350101", "20250101", KIOSK_VALIDATE_ERROR_NOT_YET_VALID, NULL);
  assert_validity ("20150101", "20150101", KIOSK_VALIDATE_ERROR_DATE, NULL);
  assert_validity ("20150101", "20141231", KIOSK_VALIDATE_ERROR_DATE, NULL);
  assert_validity ("20150101", "永久", KIOSK_VALIDATE_ERROR_FORMAT, NULL);
  assert_validity ("20150101", "20250230", KIOSK_VALIDATE_ERROR_DATE, NULL);
  assert_validity ("20150101", "", KIOSK_VALIDATE_ERROR_EMPTY, NULL);
  assert_validity ("20150101", NULL, KIOSK_VALIDATE_ERROR_EMPTY, NULL);
  assert_validity (NULL, "长期", KIOSK_VALIDATE_ERROR_EMPTY, NULL);
  assert_validity ("\xff", "长期", KIOSK_VALIDATE_ERROR_ENCODING, NULL);
}

/* ---- enumerations ------------------------------------------------------ */

static gboolean
ethnic (const char *in, char **normalised, GError **error)
{
  return kiosk_validate_ethnic_group (catalog, in, normalised, error);
}

static void
test_ethnic_group (void)
{
  const Case cases[] = {
    { "01", "01", 0 },
    { "1", "01", 0 },
    { "０１", "01", 0 },
    { "汉族", "01", 0 },
    { "汉", "01", 0 },
    { "朝鲜", "10", 0 },
    { " 满族 ", "11", 0 },
    { "56", "56", 0 },
    { "97", "97", 0 },
    { "其他", "97", 0 },
    { "98", "98", 0 },
    { "外国血统", "98", 0 },
    { "00", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "0", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "57", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "96", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "99", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "001", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "火星族", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "族", NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE },
    { "", NULL, KIOSK_VALIDATE_ERROR_EMPTY },
  };
  run_cases ("ethnic", ethnic, cases, G_N_ELEMENTS (cases));
}

static void
test_sex (void)
{
  static const struct
  {
    const char *in;
    KioskSex sex;
  } cases[] = {
    { "1", KIOSK_SEX_MALE },    { "男", KIOSK_SEX_MALE },       { " M ", KIOSK_SEX_MALE },
    { "male", KIOSK_SEX_MALE }, { "２", KIOSK_SEX_FEMALE },     { "女", KIOSK_SEX_FEMALE },
    { "f", KIOSK_SEX_FEMALE },  { "Female", KIOSK_SEX_FEMALE }, { "0", KIOSK_SEX_UNKNOWN },
    { "9", KIOSK_SEX_UNKNOWN }, { "x", KIOSK_SEX_UNKNOWN },     { "", KIOSK_SEX_UNKNOWN },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = NULL;
      KioskSex sex = KIOSK_SEX_UNKNOWN;
      gboolean ok = kiosk_validate_sex (cases[i].in, &sex, &out, &error);

      if (cases[i].sex == KIOSK_SEX_UNKNOWN)
        {
          g_assert_false (ok);
          g_assert_nonnull (error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpint (sex, ==, cases[i].sex);
          g_assert_cmpstr (out, ==, cases[i].sex == KIOSK_SEX_MALE ? "1" : "2");
        }
    }
}

static void
assert_banks (const char *const *ticked, const char *key, int code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean ok = kiosk_validate_bank (catalog, ticked, &out, &error);

  if (key != NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (out, ==, key);
    }
  else
    {
      g_assert_error (error, KIOSK_VALIDATE_ERROR, code);
      g_assert_false (ok);
      g_assert_null (out);
    }
}

static void
test_bank (void)
{
  const char *icbc[] = { "icbc", NULL };
  const char *by_name[] = { "工商银行", NULL };
  const char *by_full_name[] = { " 中国邮政储蓄银行 ", NULL };
  const char *with_blanks[] = { "", "jlbank", " ", NULL };
  const char *same_twice[] = { "icbc", "工商银行", NULL };
  const char *two[] = { "icbc", "abc", NULL };
  const char *three_by_name[] = { "中国银行", "建设银行", "交通银行", NULL };
  const char *none[] = { NULL };
  const char *blanks[] = { "", "  ", NULL };
  const char *unknown[] = { "hsbc", NULL };
  const char *garbage[] = { "icbc", "\xff", NULL };

  assert_banks (icbc, "icbc", 0);
  assert_banks (by_name, "icbc", 0);
  assert_banks (by_full_name, "psbc", 0);
  assert_banks (with_blanks, "jlbank", 0);
  assert_banks (same_twice, "icbc", 0);
  /* R5: exactly one. */
  assert_banks (two, NULL, KIOSK_VALIDATE_ERROR_MORE_THAN_ONE);
  assert_banks (three_by_name, NULL, KIOSK_VALIDATE_ERROR_MORE_THAN_ONE);
  assert_banks (none, NULL, KIOSK_VALIDATE_ERROR_MISSING);
  assert_banks (NULL, NULL, KIOSK_VALIDATE_ERROR_MISSING);
  assert_banks (blanks, NULL, KIOSK_VALIDATE_ERROR_MISSING);
  assert_banks (unknown, NULL, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE);
  assert_banks (garbage, NULL, KIOSK_VALIDATE_ERROR_ENCODING);
}

static void
test_choices (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  g_assert_true (
      kiosk_validate_choice (catalog, KIOSK_CATALOG_OCCUPATIONS, "公务员", &key, &error));
  g_assert_cmpstr (key, ==, "civil-servant");
  g_clear_pointer (&key, g_free);
  g_assert_true (kiosk_validate_choice (catalog, KIOSK_CATALOG_OCCUPATIONS, "student", &key, NULL));
  g_assert_cmpstr (key, ==, "student");
  g_clear_pointer (&key, g_free);
  g_assert_true (
      kiosk_validate_choice (catalog, KIOSK_CATALOG_INDUSTRIES, "法律/司法行业", &key, NULL));
  g_assert_cmpstr (key, ==, "legal");
  g_clear_pointer (&key, g_free);
  g_assert_true (
      kiosk_validate_choice (catalog, KIOSK_CATALOG_HOUSEHOLD_TYPES, "非农业", &key, NULL));
  g_assert_cmpstr (key, ==, "non-agricultural");
  g_clear_pointer (&key, g_free);

  g_assert_false (
      kiosk_validate_choice (catalog, KIOSK_CATALOG_OCCUPATIONS, "宇航员", &key, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE);
  g_assert_nonnull (strstr (error->message, "职业"));
  g_clear_error (&error);
  /* A key of another list is not a key of this one. */
  g_assert_false (kiosk_validate_choice (catalog, KIOSK_CATALOG_INDUSTRIES, "student", NULL, NULL));

  g_assert_true (kiosk_validate_id_type (catalog, "护照", &key, NULL));
  g_assert_cmpstr (key, ==, "passport");
  g_clear_pointer (&key, g_free);
  g_assert_true (kiosk_validate_id_type (catalog, "resident-id", &key, NULL));
  g_assert_cmpstr (key, ==, "resident-id");
  g_assert_false (kiosk_validate_id_type (catalog, "驾驶证", NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE);
}

static void
test_text_and_document_number (void)
{
  const Case numbers[] = {
    { "e12345678", "E12345678", 0 },
    { " Ｇ１２３-４５６７８ ", "G12345678", 0 },
    { "E1", NULL, KIOSK_VALIDATE_ERROR_TOO_SHORT },
    { "E1234567890123456789012345678901", NULL, KIOSK_VALIDATE_ERROR_TOO_LONG },
    { "护照123456", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
    { "E123/4567", NULL, KIOSK_VALIDATE_ERROR_FORMAT },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *long_text = g_strnfill (101, 'a');

  run_cases ("document number", kiosk_validate_document_number, numbers, G_N_ELEMENTS (numbers));

  g_assert_true (kiosk_validate_text ("  长春市  朝阳区\u3000西民主大街809号 ", "通信地址", 4, 100,
                                      &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "长春市 朝阳区 西民主大街809号");
  g_assert_false (kiosk_validate_text ("长春", "通信地址", 4, 100, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_TOO_SHORT);
  g_assert_nonnull (strstr (error->message, "通信地址"));
  g_clear_error (&error);
  g_assert_false (kiosk_validate_text (long_text, "通信地址", 4, 100, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_assert_false (kiosk_validate_text ("长春市\n朝阳区", "通信地址", 4, 100, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_ENCODING);
}

static void
test_kinds (void)
{
  guint kind;
  KioskValidateKind parsed;

  for (kind = 0; kind < KIOSK_VALIDATE_N_KINDS; kind++)
    {
      const char *name = kiosk_validate_kind_to_string (kind);
      g_assert_nonnull (name);
      g_assert_true (kiosk_validate_kind_from_string (name, &parsed));
      g_assert_cmpint (parsed, ==, kind);
    }
  g_assert_false (kiosk_validate_kind_from_string ("shoe-size", &parsed));
  g_assert_false (kiosk_validate_kind_from_string ("", &parsed));
  g_assert_false (kiosk_validate_kind_from_string (NULL, &parsed));
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  catalog = form_test_catalog ();
  form_test_date (&today, 2024, 6, 15);

  g_test_add_func ("/validate/id-number/standard-example", test_id_number_standard_example);
  g_test_add_func ("/validate/id-number/check-digit", test_id_number_check_digit);
  g_test_add_func ("/validate/id-number/dates", test_id_number_dates);
  g_test_add_func ("/validate/id-number/region", test_id_number_region);
  g_test_add_func ("/validate/id-number/shape", test_id_number_shape);
  g_test_add_func ("/validate/id-number/legacy-15", test_id_number_legacy);
  g_test_add_func ("/validate/id-number/birth-and-sex", test_id_number_birth_and_sex);
  g_test_add_func ("/validate/id-number/default-catalog", test_id_number_default_catalog);
  g_test_add_func ("/validate/raw-bytes", test_raw_bytes);
  g_test_add_func ("/validate/name/chinese", test_name_chinese);
  g_test_add_func ("/validate/name/length", test_name_length);
  g_test_add_func ("/validate/name/latin", test_name_latin);
  g_test_add_func ("/validate/mobile", test_mobile);
  g_test_add_func ("/validate/landline", test_landline);
  g_test_add_func ("/validate/phone", test_phone);
  g_test_add_func ("/validate/postal-code", test_postal_code);
  g_test_add_func ("/validate/date", test_date);
  g_test_add_func ("/validate/birth-date", test_birth_date);
  g_test_add_func ("/validate/id-validity", test_id_validity);
  g_test_add_func ("/validate/ethnic-group", test_ethnic_group);
  g_test_add_func ("/validate/sex", test_sex);
  g_test_add_func ("/validate/bank", test_bank);
  g_test_add_func ("/validate/choices", test_choices);
  g_test_add_func ("/validate/text-and-document-number", test_text_and_document_number);
  g_test_add_func ("/validate/kinds", test_kinds);

  ret = g_test_run ();
  kiosk_catalog_unref (catalog);
  return ret;
}
