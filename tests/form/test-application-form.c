/* test-application-form.c — the whole application form (附件1): mandatory fields, R5, cross-checks
 */
#include "config.h"

#include <string.h>

#include "form-test-util.h"
#include "kiosk-application-form.h"

static KioskCatalog *catalog;
static GDate today; /* 2024-06-15 */

/* A complete, valid form as a citizen would fill it in: careless spacing,
 * full-width digits, names instead of codes. */
static KioskApplicationForm *
good_form (void)
{
  KioskApplicationForm *form = kiosk_application_form_new ();

  form->name = g_strdup (" 张三 ");
  form->sex = g_strdup ("男");
  form->id_number = form_test_id_number ("22010219900307151");
  form->id_valid_from = g_strdup ("2015.03.07");
  form->id_valid_to = g_strdup ("2035.03.07");
  form->birth_date = g_strdup ("1990年3月7日");
  form->ethnic_group = g_strdup ("汉");
  form->phone = g_strdup ("１３９ １２３４ ５６７８");
  form->household_type = g_strdup ("非农业");
  form->postal_code = g_strdup ("130000");
  form->address = g_strdup ("吉林省长春市朝阳区  人民大街1号");
  form->occupation = g_strdup ("技术人员");
  form->industry = g_strdup ("计算机/网络行业");
  form->banks = g_strsplit ("吉林银行", ",", -1);
  return form;
}

/* Validates and returns the problems (the array is empty when the form is
 * valid); checks that `error` agrees with them. */
static GPtrArray *
validate (KioskApplicationForm *form)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems = NULL;
  gboolean ok = kiosk_application_form_validate (form, catalog, &today, &problems, &error);

  g_assert_nonnull (problems);
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
    }
  else
    {
      const KioskApplicationFormProblem *first = g_ptr_array_index (problems, 0);
      guint i;

      g_assert_error (error, KIOSK_VALIDATE_ERROR, first->code);
      g_assert_true (g_str_has_prefix (error->message, first->label));
      for (i = 0; i < problems->len; i++)
        {
          const KioskApplicationFormProblem *p = g_ptr_array_index (problems, i);
          g_test_message ("problem %s: %s", p->field, p->message);
          g_assert_nonnull (p->label);
          g_assert_cmpstr (p->label, ==, kiosk_application_form_field_label (p->field));
          g_assert_true (g_utf8_validate (p->message, -1, NULL));
          g_assert_cmpuint (strlen (p->message), >, 0);
        }
    }
  return problems;
}

static const KioskApplicationFormProblem *
find_problem (GPtrArray *problems, const char *field)
{
  guint i;

  for (i = 0; i < problems->len; i++)
    {
      const KioskApplicationFormProblem *p = g_ptr_array_index (problems, i);
      if (strcmp (p->field, field) == 0)
        return p;
    }
  return NULL;
}

/* The problem of `field`; a test failure if there is none. */
static const KioskApplicationFormProblem *
get_problem (GPtrArray *problems, const char *field)
{
  const KioskApplicationFormProblem *p = find_problem (problems, field);

  if (p == NULL)
    g_error ("no problem reported for field %s", field);
  return p;
}

static void
assert_problem (GPtrArray *problems, const char *field, int code)
{
  g_assert_cmpint (get_problem (problems, field)->code, ==, code);
}

static void
test_valid_form_is_normalised (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = validate (form);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (form->name, ==, "张三");
  g_assert_cmpstr (form->sex, ==, "1");
  g_assert_cmpstr (form->id_type, ==, "resident-id");
  g_assert_cmpstr (form->id_valid_from, ==, "20150307");
  g_assert_cmpstr (form->id_valid_to, ==, "20350307");
  g_assert_cmpstr (form->birth_date, ==, "19900307");
  g_assert_cmpstr (form->ethnic_group, ==, "01");
  g_assert_cmpstr (form->phone, ==, "13912345678");
  g_assert_cmpstr (form->household_type, ==, "non-agricultural");
  g_assert_cmpstr (form->address, ==, "吉林省长春市朝阳区 人民大街1号");
  g_assert_cmpstr (form->occupation, ==, "technician");
  g_assert_cmpstr (form->industry, ==, "computing-network");
  g_assert_cmpuint (g_strv_length (form->banks), ==, 1);
  g_assert_cmpstr (form->banks[0], ==, "jlbank");

  /* Validating a normalised form again changes nothing. */
  {
    g_autoptr (GPtrArray) again = validate (form);
    g_assert_cmpuint (again->len, ==, 0);
    g_assert_cmpstr (form->banks[0], ==, "jlbank");
    g_assert_cmpstr (form->ethnic_group, ==, "01");
  }
}

static void
test_empty_form (void)
{
  /* Every field marked * on the form is reported, in the form's order. */
  static const char *const mandatory[] = {
    "name",         "sex",   "id-number",   "id-valid-from", "id-valid-to", "birth-date",
    "ethnic-group", "phone", "postal-code", "address",       "bank",
  };
  g_autoptr (KioskApplicationForm) form = kiosk_application_form_new ();
  g_autoptr (GPtrArray) problems = validate (form);
  guint i;

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (mandatory));
  for (i = 0; i < G_N_ELEMENTS (mandatory); i++)
    {
      const KioskApplicationFormProblem *p = g_ptr_array_index (problems, i);
      g_assert_cmpstr (p->field, ==, mandatory[i]);
      g_assert_cmpint (p->code, ==, KIOSK_VALIDATE_ERROR_MISSING);
    }
  assert_problem (problems, "bank", KIOSK_VALIDATE_ERROR_MISSING);
  g_assert_cmpstr (get_problem (problems, "bank")->rule, ==, "R5");
}

static void
test_blank_optional_fields (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;

  g_clear_pointer (&form->household_type, g_free);
  form->occupation = (g_free (form->occupation), g_strdup ("  "));
  form->industry = (g_free (form->industry), g_strdup (""));
  form->unit_name = g_strdup ("\u3000");
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (form->occupation);
  g_assert_null (form->industry);
  g_assert_null (form->unit_name);
}

static void
test_one_bank_only (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;
  const KioskApplicationFormProblem *p;

  g_strfreev (form->banks);
  form->banks = g_strsplit ("icbc,abc", ",", -1);
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 1);
  p = get_problem (problems, "bank");
  g_assert_cmpint (p->code, ==, KIOSK_VALIDATE_ERROR_MORE_THAN_ONE);
  g_assert_cmpstr (p->rule, ==, "R5");
  /* The ticked boxes stay as they were, for the page to show. */
  g_assert_cmpuint (g_strv_length (form->banks), ==, 2);
}

static void
test_cross_checks (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;

  /* The ID number says a man born on 1990-03-07. */
  form->sex = (g_free (form->sex), g_strdup ("女"));
  form->birth_date = (g_free (form->birth_date), g_strdup ("1990-03-08"));
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (problems, "sex", KIOSK_VALIDATE_ERROR_MISMATCH);
  assert_problem (problems, "birth-date", KIOSK_VALIDATE_ERROR_MISMATCH);
}

static void
test_filled_from_id_number (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;

  /* Sex and birth date are printed in the ID number: a blank field is filled
   * from it instead of being a problem. */
  g_clear_pointer (&form->sex, g_free);
  g_clear_pointer (&form->birth_date, g_free);
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (form->sex, ==, "1");
  g_assert_cmpstr (form->birth_date, ==, "19900307");
}

static void
test_field_problems (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;

  form->name = (g_free (form->name), g_strdup ("张3"));
  form->id_number = (g_free (form->id_number), g_strdup ("220102199003071512"));
  form->ethnic_group = (g_free (form->ethnic_group), g_strdup ("57"));
  form->phone = (g_free (form->phone), g_strdup ("85570725"));
  form->postal_code = (g_free (form->postal_code), g_strdup ("13000"));
  form->address = (g_free (form->address), g_strdup ("长春"));
  form->occupation = (g_free (form->occupation), g_strdup ("宇航员"));
  form->industry = (g_free (form->industry), g_strdup ("\xff"));
  form->household_type = (g_free (form->household_type), g_strdup ("城镇"));
  form->unit_insurance_number = g_strdup ("单位123");
  problems = validate (form);

  assert_problem (problems, "name", KIOSK_VALIDATE_ERROR_FORMAT);
  assert_problem (problems, "id-number", KIOSK_VALIDATE_ERROR_CHECK_DIGIT);
  assert_problem (problems, "ethnic-group", KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE);
  assert_problem (problems, "phone", KIOSK_VALIDATE_ERROR_FORMAT);
  assert_problem (problems, "postal-code", KIOSK_VALIDATE_ERROR_FORMAT);
  assert_problem (problems, "address", KIOSK_VALIDATE_ERROR_TOO_SHORT);
  assert_problem (problems, "occupation", KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE);
  assert_problem (problems, "industry", KIOSK_VALIDATE_ERROR_ENCODING);
  assert_problem (problems, "household-type", KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE);
  assert_problem (problems, "unit-insurance-number", KIOSK_VALIDATE_ERROR_FORMAT);
  /* With the ID number wrong, sex and birth date are checked on their own. */
  g_assert_null (find_problem (problems, "sex"));
  g_assert_null (find_problem (problems, "birth-date"));
  g_assert_cmpuint (problems->len, ==, 10);
  /* A wrong field keeps what was typed. */
  g_assert_cmpstr (form->name, ==, "张3");
}

static void
test_expired_id (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;

  form->id_valid_from = (g_free (form->id_valid_from), g_strdup ("20040307"));
  form->id_valid_to = (g_free (form->id_valid_to), g_strdup ("20240307"));
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "id-valid-to", KIOSK_VALIDATE_ERROR_EXPIRED);

  g_clear_pointer (&problems, g_ptr_array_unref);
  form->id_valid_to = (g_free (form->id_valid_to), g_strdup ("长期"));
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (form->id_valid_to, ==, "长期");

  g_clear_pointer (&problems, g_ptr_array_unref);
  form->id_valid_from = (g_free (form->id_valid_from), g_strdup ("2099-01-01"));
  problems = validate (form);
  assert_problem (problems, "id-valid-from", KIOSK_VALIDATE_ERROR_NOT_YET_VALID);

  g_clear_pointer (&problems, g_ptr_array_unref);
  form->id_valid_from = (g_free (form->id_valid_from), g_strdup ("2015-02-30"));
  problems = validate (form);
  assert_problem (problems, "id-valid-from", KIOSK_VALIDATE_ERROR_DATE);
}

static void
test_foreigner (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;

  form->id_type = g_strdup ("外国人永久居留证");
  form->name = (g_free (form->name), g_strdup ("  john   smith "));
  form->id_number = (g_free (form->id_number), g_strdup ("usa 123456789012"));
  form->ethnic_group = (g_free (form->ethnic_group), g_strdup ("98"));
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (form->id_type, ==, "foreign-permanent-residence");
  g_assert_cmpstr (form->name, ==, "JOHN SMITH");
  g_assert_cmpstr (form->id_number, ==, "USA123456789012");
  /* Not a GB 11643 number: sex and birth date are taken as typed. */
  g_assert_cmpstr (form->sex, ==, "1");
  g_assert_cmpstr (form->birth_date, ==, "19900307");

  /* A Latin name is refused for a resident ID card. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  form->id_type = (g_free (form->id_type), g_strdup ("resident-id"));
  form->id_number = (g_free (form->id_number), form_test_id_number ("22010219900307151"));
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "name", KIOSK_VALIDATE_ERROR_FORMAT);

  /* An unknown ID type is a problem of its own. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  form->id_type = (g_free (form->id_type), g_strdup ("驾驶证"));
  form->name = (g_free (form->name), g_strdup ("张三"));
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "id-type", KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE);
}

static void
test_proxy_and_mail (void)
{
  g_autoptr (KioskApplicationForm) form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;

  /* A proxy is all or nothing. */
  form->proxy_phone = g_strdup ("13812345678");
  problems = validate (form);
  assert_problem (problems, "proxy-name", KIOSK_VALIDATE_ERROR_MISSING);
  assert_problem (problems, "proxy-id-number", KIOSK_VALIDATE_ERROR_MISSING);
  g_assert_null (find_problem (problems, "proxy-phone"));

  g_clear_pointer (&problems, g_ptr_array_unref);
  form->proxy_name = g_strdup ("李四");
  form->proxy_id_number = form_test_id_number ("22010419800101242");
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (form->proxy_sex, ==, "2"); /* from the proxy's ID number */

  /* The proxy is not the applicant. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  form->proxy_id_number = (g_free (form->proxy_id_number), g_strdup (form->id_number));
  form->proxy_sex = (g_free (form->proxy_sex), g_strdup ("1"));
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "proxy-id-number", KIOSK_VALIDATE_ERROR_MISMATCH);

  /* Mail delivery needs an address. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&form->proxy_name, g_free);
  g_clear_pointer (&form->proxy_sex, g_free);
  g_clear_pointer (&form->proxy_id_number, g_free);
  g_clear_pointer (&form->proxy_phone, g_free);
  form->mail_delivery = TRUE;
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "mail-address", KIOSK_VALIDATE_ERROR_MISSING);
  g_clear_pointer (&problems, g_ptr_array_unref);
  form->mail_address = g_strdup ("长春市南关区幸福街1788号");
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_garbage_everywhere (void)
{
  /* Every text field garbage at once: a list of problems, never a crash. */
  static const char *const garbage[] = { "\xff\xfe", "\x01\x02", "\u202e", "\xe4\xb8" };
  guint g;

  for (g = 0; g < G_N_ELEMENTS (garbage); g++)
    {
      g_autoptr (KioskApplicationForm) form = kiosk_application_form_new ();
      g_autoptr (GPtrArray) problems = NULL;
      char **fields[] = {
        &form->name,
        &form->sex,
        &form->id_type,
        &form->id_number,
        &form->id_valid_from,
        &form->id_valid_to,
        &form->birth_date,
        &form->ethnic_group,
        &form->phone,
        &form->household_type,
        &form->postal_code,
        &form->address,
        &form->occupation,
        &form->industry,
        &form->proxy_name,
        &form->proxy_sex,
        &form->proxy_id_number,
        &form->proxy_phone,
        &form->mail_address,
        &form->unit_insurance_number,
        &form->unit_name,
      };
      guint i;

      for (i = 0; i < G_N_ELEMENTS (fields); i++)
        *fields[i] = g_strdup (garbage[g]);
      form->banks = g_strsplit (garbage[g], ",", -1);
      problems = validate (form);
      g_assert_cmpuint (problems->len, >=, G_N_ELEMENTS (fields));
      assert_problem (problems, "id-number", KIOSK_VALIDATE_ERROR_ENCODING);
    }
}

/* ---- wiping: what the form lets go of is overwritten first ---------------- */

typedef struct
{
  GHashTable *fields; /* field → times shown */
  guint shown;
  guint nonzero;
} Wiped;

static void
wipe_hook (const char *field, gconstpointer data, gsize len, gpointer user_data)
{
  Wiped *wiped = user_data;
  const guint8 *p = data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (wiped->fields, field));

  g_hash_table_insert (wiped->fields, g_strdup (field), GUINT_TO_POINTER (n + 1));
  wiped->shown++;
  for (gsize i = 0; i < len; i++)
    if (p[i] != 0)
      {
        wiped->nonzero++;
        break;
      }
}

static guint
times (Wiped *wiped, const char *field)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (wiped->fields, field));
}

static void
test_wipes_what_it_frees (void)
{
  Wiped wiped = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0, 0 };
  KioskApplicationForm *form = good_form ();
  g_autoptr (GPtrArray) problems = NULL;
  static const char *const replaced[]
      = { "name",         "sex",   "id-valid-from", "id-valid-to", "birth-date",
          "ethnic-group", "phone", "address",       "bank" };
  guint filled = 0;
  const char *const *values[] = {
    (const char *const *) &form->name,          (const char *const *) &form->sex,
    (const char *const *) &form->id_type,       (const char *const *) &form->id_number,
    (const char *const *) &form->id_valid_from, (const char *const *) &form->id_valid_to,
    (const char *const *) &form->birth_date,    (const char *const *) &form->ethnic_group,
    (const char *const *) &form->phone,         (const char *const *) &form->household_type,
    (const char *const *) &form->postal_code,   (const char *const *) &form->address,
    (const char *const *) &form->occupation,    (const char *const *) &form->industry,
    (const char *const *) &form->proxy_name,    (const char *const *) &form->unit_name,
  };

  form->unit_name = g_strdup ("   "); /* blank optional: cleared */
  form->proxy_name = g_strdup (" ");  /* no proxy: cleared */
  kiosk_application_form_set_wipe_hook (wipe_hook, &wiped);

  /* Every value replaced by its normalised form was overwritten first. */
  problems = validate (form);
  g_assert_cmpuint (problems->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (replaced); i++)
    {
      g_test_message ("replaced %s: shown %u", replaced[i], times (&wiped, replaced[i]));
      g_assert_cmpuint (times (&wiped, replaced[i]), >=, 1);
    }
  g_assert_cmpuint (times (&wiped, "unit-name"), ==, 1);
  g_assert_cmpuint (times (&wiped, "proxy-name"), ==, 1);
  g_assert_null (form->unit_name);
  g_assert_cmpstr (form->phone, ==, "13912345678");
  g_assert_cmpuint (wiped.nonzero, ==, 0);

  /* And every field when the form is freed. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    filled += *values[i] != NULL;
  filled += g_strv_length (form->banks);
  g_hash_table_remove_all (wiped.fields);
  wiped.shown = 0;
  kiosk_application_form_free (form);
  g_assert_cmpuint (wiped.shown, ==, filled);
  g_assert_cmpuint (times (&wiped, "id-number"), ==, 1);
  g_assert_cmpuint (times (&wiped, "bank"), ==, 1);
  g_assert_cmpuint (wiped.nonzero, ==, 0);

  kiosk_application_form_set_wipe_hook (NULL, NULL);
  g_hash_table_unref (wiped.fields);
}

static void
test_without_problem_list (void)
{
  g_autoptr (KioskApplicationForm) form = kiosk_application_form_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (kiosk_application_form_validate (form, catalog, NULL, NULL, &error));
  g_assert_error (error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_MISSING);
  g_assert_cmpstr (error->message, ==, "姓名：请填写姓名");
  /* No error location either. */
  g_assert_false (kiosk_application_form_validate (form, catalog, NULL, NULL, NULL));
  g_assert_null (kiosk_application_form_field_label ("shoe-size"));
  g_assert_null (kiosk_application_form_field_label (NULL));
  kiosk_application_form_free (NULL);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  catalog = form_test_catalog ();
  form_test_date (&today, 2024, 6, 15);

  g_test_add_func ("/application-form/valid-is-normalised", test_valid_form_is_normalised);
  g_test_add_func ("/application-form/empty", test_empty_form);
  g_test_add_func ("/application-form/blank-optional", test_blank_optional_fields);
  g_test_add_func ("/application-form/one-bank-only", test_one_bank_only);
  g_test_add_func ("/application-form/cross-checks", test_cross_checks);
  g_test_add_func ("/application-form/filled-from-id-number", test_filled_from_id_number);
  g_test_add_func ("/application-form/field-problems", test_field_problems);
  g_test_add_func ("/application-form/expired-id", test_expired_id);
  g_test_add_func ("/application-form/foreigner", test_foreigner);
  g_test_add_func ("/application-form/proxy-and-mail", test_proxy_and_mail);
  g_test_add_func ("/application-form/garbage-everywhere", test_garbage_everywhere);
  g_test_add_func ("/application-form/wipes-what-it-frees", test_wipes_what_it_frees);
  g_test_add_func ("/application-form/without-problem-list", test_without_problem_list);

  ret = g_test_run ();
  kiosk_catalog_unref (catalog);
  return ret;
}
