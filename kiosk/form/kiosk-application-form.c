/* kiosk-application-form.c — the application form 附件1 and its checks */
#define G_LOG_DOMAIN "kiosk-application-form"

#include "config.h"

#include <string.h>

#include "kiosk-application-form.h"

#define DEFAULT_ID_TYPE "resident-id"

static const struct
{
  const char *field;
  const char *label;
} field_labels[] = {
  { "name", "姓名" },
  { "sex", "性别" },
  { "id-type", "证件类型" },
  { "id-number", "证件号码" },
  { "id-valid-from", "证件有效期（起）" },
  { "id-valid-to", "证件有效期（止）" },
  { "birth-date", "出生日期" },
  { "ethnic-group", "民族" },
  { "phone", "联系电话" },
  { "household-type", "户籍性质" },
  { "postal-code", "邮政编码" },
  { "address", "通信地址" },
  { "occupation", "专属职业" },
  { "industry", "专属行业" },
  { "bank", "卡联名银行" },
  { "proxy-name", "代办人姓名" },
  { "proxy-sex", "代办人性别" },
  { "proxy-id-number", "代办人身份证号码" },
  { "proxy-phone", "代办人联系电话" },
  { "mail-address", "邮寄地址" },
  { "unit-insurance-number", "单位医保编号" },
  { "unit-name", "单位名称" },
};

/* ---- wiping ------------------------------------------------------------ */

static KioskApplicationFormWipeHook wipe_hook;
static gpointer wipe_hook_data;

void
kiosk_application_form_set_wipe_hook (KioskApplicationFormWipeHook hook, gpointer user_data)
{
  wipe_hook = hook;
  wipe_hook_data = user_data;
}

/* Every string the form lets go of is personal or may be: it is
 * overwritten before it is freed, and shown to the test hook in between. */
static void
wipe_string (const char *field, char **string)
{
  gsize len;

  if (*string == NULL)
    return;
  len = strlen (*string);
  explicit_bzero (*string, len);
  if (wipe_hook != NULL)
    wipe_hook (field, *string, len, wipe_hook_data);
  g_clear_pointer (string, g_free);
}

static void
wipe_strv (const char *field, GStrv *strv)
{
  if (*strv == NULL)
    return;
  for (guint i = 0; (*strv)[i] != NULL; i++)
    wipe_string (field, &(*strv)[i]);
  g_clear_pointer (strv, g_free);
}

const char *
kiosk_application_form_field_label (const char *field)
{
  guint i;

  if (field == NULL)
    return NULL;
  for (i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (strcmp (field_labels[i].field, field) == 0)
      return field_labels[i].label;
  return NULL;
}

KioskApplicationForm *
kiosk_application_form_new (void)
{
  return g_new0 (KioskApplicationForm, 1);
}

void
kiosk_application_form_free (KioskApplicationForm *form)
{
  if (form == NULL)
    return;
  wipe_string ("name", &form->name);
  wipe_string ("sex", &form->sex);
  wipe_string ("id-type", &form->id_type);
  wipe_string ("id-number", &form->id_number);
  wipe_string ("id-valid-from", &form->id_valid_from);
  wipe_string ("id-valid-to", &form->id_valid_to);
  wipe_string ("birth-date", &form->birth_date);
  wipe_string ("ethnic-group", &form->ethnic_group);
  wipe_string ("phone", &form->phone);
  wipe_string ("household-type", &form->household_type);
  wipe_string ("postal-code", &form->postal_code);
  wipe_string ("address", &form->address);
  wipe_string ("occupation", &form->occupation);
  wipe_string ("industry", &form->industry);
  wipe_strv ("bank", &form->banks);
  wipe_string ("proxy-name", &form->proxy_name);
  wipe_string ("proxy-sex", &form->proxy_sex);
  wipe_string ("proxy-id-number", &form->proxy_id_number);
  wipe_string ("proxy-phone", &form->proxy_phone);
  wipe_string ("mail-address", &form->mail_address);
  wipe_string ("unit-insurance-number", &form->unit_insurance_number);
  wipe_string ("unit-name", &form->unit_name);
  form->mail_delivery = FALSE;
  g_free (form);
}

void
kiosk_application_form_problem_free (KioskApplicationFormProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->label);
  g_free (problem->message);
  g_free (problem);
}

static guint
field_index (const char *field)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (strcmp (field_labels[i].field, field) == 0)
      return i;
  return G_N_ELEMENTS (field_labels);
}

static int
compare_problems (gconstpointer a, gconstpointer b)
{
  const KioskApplicationFormProblem *pa = *(KioskApplicationFormProblem *const *) a;
  const KioskApplicationFormProblem *pb = *(KioskApplicationFormProblem *const *) b;
  guint ia = field_index (pa->field);
  guint ib = field_index (pb->field);

  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/* ---- checking ---------------------------------------------------------- */

typedef struct
{
  KioskApplicationForm *form;
  const KioskCatalog *catalog;
  GDate today;
  GPtrArray *problems;
} Check;

static void
add_problem (Check *check, const char *field, int code, const char *message, const char *rule)
{
  KioskApplicationFormProblem *problem = g_new0 (KioskApplicationFormProblem, 1);

  problem->field = g_strdup (field);
  problem->label = g_strdup (kiosk_application_form_field_label (field));
  problem->code = code;
  problem->message = g_strdup (message);
  problem->rule = rule;
  g_ptr_array_add (check->problems, problem);
}

/* Records a validator's failure; on success replaces the field's text with
 * the normalised value. Returns the validator's answer. */
static gboolean
take (Check *check, const char *field, char **value, gboolean ok, char *normalised, GError *error)
{
  if (!ok)
    {
      add_problem (check, field, error != NULL ? error->code : KIOSK_VALIDATE_ERROR_FORMAT,
                   error != NULL ? error->message : "填写有误", NULL);
      g_clear_error (&error);
      wipe_string (field, &normalised);
      return FALSE;
    }
  if (value != NULL)
    {
      wipe_string (field, value);
      *value = normalised;
    }
  else
    wipe_string (field, &normalised);
  return TRUE;
}

static gboolean
is_blank (const char *s)
{
  const char *p;

  if (s == NULL)
    return TRUE;
  if (!g_utf8_validate (s, -1, NULL))
    return FALSE; /* garbage: let the validator say so */
  for (p = s; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A mandatory field that is blank is one problem; returns FALSE then. */
static gboolean
require (Check *check, const char *field, const char *value)
{
  g_autofree char *message = NULL;

  if (!is_blank (value))
    return TRUE;
  message = g_strdup_printf ("请填写%s", kiosk_application_form_field_label (field));
  add_problem (check, field, KIOSK_VALIDATE_ERROR_MISSING, message, NULL);
  return FALSE;
}

static gboolean
check_name (Check *check, const char *field, char **value, gboolean allow_latin)
{
  char *normalised = NULL;
  GError *error = NULL;
  gboolean ok = kiosk_validate_name (*value, allow_latin, &normalised, &error);

  return take (check, field, value, ok, normalised, error);
}

static gboolean
check_gb11643 (Check *check, const char *field, char **value)
{
  char *normalised = NULL;
  GError *error = NULL;
  gboolean ok
      = kiosk_validate_id_number_at (check->catalog, *value, &check->today, &normalised, &error);

  return take (check, field, value, ok, normalised, error);
}

static gboolean
check_phone (Check *check, const char *field, char **value)
{
  char *normalised = NULL;
  GError *error = NULL;
  gboolean ok = kiosk_validate_phone (*value, &normalised, &error);

  return take (check, field, value, ok, normalised, error);
}

/* Sex: filled from a valid GB 11643 number when blank, else checked against
 * it (the 17th digit). */
static void
check_sex (Check *check, const char *field, char **value, const char *id_number)
{
  KioskSex from_id
      = id_number != NULL ? kiosk_validate_id_number_sex (id_number) : KIOSK_SEX_UNKNOWN;
  KioskSex sex = KIOSK_SEX_UNKNOWN;
  char *normalised = NULL;
  GError *error = NULL;
  gboolean ok;

  if (is_blank (*value) && from_id != KIOSK_SEX_UNKNOWN)
    {
      wipe_string (field, value);
      *value = g_strdup (from_id == KIOSK_SEX_MALE ? "1" : "2");
      return;
    }
  if (!require (check, field, *value))
    return;
  ok = kiosk_validate_sex (*value, &sex, &normalised, &error);
  if (!take (check, field, value, ok, normalised, error))
    return;
  if (from_id != KIOSK_SEX_UNKNOWN && sex != from_id)
    add_problem (check, field, KIOSK_VALIDATE_ERROR_MISMATCH, "性别与身份证号码不一致", NULL);
}

static void
check_choice (Check *check, const char *field, char **value, KioskCatalogList list)
{
  char *normalised = NULL;
  GError *error = NULL;
  gboolean ok;

  if (is_blank (*value))
    {
      wipe_string (field, value);
      return;
    }
  ok = kiosk_validate_choice (check->catalog, list, *value, &normalised, &error);
  take (check, field, value, ok, normalised, error);
}

static void
check_text (Check *check, const char *field, char **value, guint min, guint max, gboolean mandatory)
{
  char *normalised = NULL;
  GError *error = NULL;
  gboolean ok;

  if (is_blank (*value))
    {
      if (mandatory)
        require (check, field, *value);
      else
        wipe_string (field, value);
      return;
    }
  ok = kiosk_validate_text (*value, kiosk_application_form_field_label (field), min, max,
                            &normalised, &error);
  take (check, field, value, ok, normalised, error);
}

static void
check_id_validity (Check *check)
{
  KioskApplicationForm *form = check->form;
  KioskIdValidity validity;
  GError *error = NULL;
  gboolean from_ok;
  gboolean to_ok;

  from_ok = require (check, "id-valid-from", form->id_valid_from);
  to_ok = require (check, "id-valid-to", form->id_valid_to);
  if (!from_ok || !to_ok)
    return;

  if (!kiosk_validate_id_validity (form->id_valid_from, form->id_valid_to, &check->today, &validity,
                                   &error))
    {
      /* The message says which end is wrong; the field follows it. */
      gboolean about_from = error->code == KIOSK_VALIDATE_ERROR_NOT_YET_VALID
                            || g_str_has_prefix (error->message, "证件有效期起始日期");
      add_problem (check, about_from ? "id-valid-from" : "id-valid-to", error->code, error->message,
                   NULL);
      g_clear_error (&error);
      return;
    }
  wipe_string ("id-valid-from", &form->id_valid_from);
  form->id_valid_from = g_strdup (validity.from_text);
  wipe_string ("id-valid-to", &form->id_valid_to);
  form->id_valid_to = g_strdup (validity.to_text);
}

/* Birth date: filled from a valid GB 11643 number when blank, else checked
 * against it. */
static void
check_birth_date (Check *check, const char *id_number)
{
  KioskApplicationForm *form = check->form;
  GDate from_id;
  GDate birth;
  char *normalised = NULL;
  GError *error = NULL;
  gboolean have_id = id_number != NULL && kiosk_validate_id_number_birth_date (id_number, &from_id);
  gboolean ok;

  if (is_blank (form->birth_date) && have_id)
    {
      wipe_string ("birth-date", &form->birth_date);
      form->birth_date = g_strndup (id_number + 6, 8);
      return;
    }
  if (!require (check, "birth-date", form->birth_date))
    return;
  ok = kiosk_validate_birth_date_at (form->birth_date, &check->today, &birth, &normalised, &error);
  if (!take (check, "birth-date", &form->birth_date, ok, normalised, error))
    return;
  if (have_id && g_date_compare (&birth, &from_id) != 0)
    add_problem (check, "birth-date", KIOSK_VALIDATE_ERROR_MISMATCH, "出生日期与身份证号码不一致",
                 NULL);
}

static void
check_bank (Check *check)
{
  KioskApplicationForm *form = check->form;
  char *key = NULL;
  g_autoptr (GError) error = NULL;

  if (!kiosk_validate_bank (check->catalog, (const char *const *) form->banks, &key, &error))
    {
      /* R5: exactly one co-branded bank per card. */
      const char *rule = (error->code == KIOSK_VALIDATE_ERROR_MISSING
                          || error->code == KIOSK_VALIDATE_ERROR_MORE_THAN_ONE)
                             ? "R5"
                             : NULL;
      add_problem (check, "bank", error->code, error->message, rule);
      return;
    }
  wipe_strv ("bank", &form->banks);
  form->banks = g_new0 (char *, 2);
  form->banks[0] = key;
}

static void
check_proxy (Check *check, const char *applicant_id)
{
  KioskApplicationForm *form = check->form;
  gboolean id_ok = FALSE;

  if (is_blank (form->proxy_name) && is_blank (form->proxy_sex) && is_blank (form->proxy_id_number)
      && is_blank (form->proxy_phone))
    {
      wipe_string ("proxy-name", &form->proxy_name);
      wipe_string ("proxy-sex", &form->proxy_sex);
      wipe_string ("proxy-id-number", &form->proxy_id_number);
      wipe_string ("proxy-phone", &form->proxy_phone);
      return;
    }

  /* A proxy shows an ID card (R11), so the number is a GB 11643 one and the
   * name a Chinese one. */
  if (require (check, "proxy-name", form->proxy_name))
    check_name (check, "proxy-name", &form->proxy_name, FALSE);
  if (require (check, "proxy-id-number", form->proxy_id_number)
      && check_gb11643 (check, "proxy-id-number", &form->proxy_id_number))
    {
      id_ok = TRUE;
      if (applicant_id != NULL && strcmp (applicant_id, form->proxy_id_number) == 0)
        add_problem (check, "proxy-id-number", KIOSK_VALIDATE_ERROR_MISMATCH,
                     "代办人不能是申领人本人", NULL);
    }
  check_sex (check, "proxy-sex", &form->proxy_sex, id_ok ? form->proxy_id_number : NULL);
  if (require (check, "proxy-phone", form->proxy_phone))
    check_phone (check, "proxy-phone", &form->proxy_phone);
}

static void
check_unit_insurance_number (Check *check)
{
  KioskApplicationForm *form = check->form;
  char *normalised = NULL;
  GError *error = NULL;
  gboolean ok;
  const char *p;

  if (is_blank (form->unit_insurance_number))
    {
      wipe_string ("unit-insurance-number", &form->unit_insurance_number);
      return;
    }
  ok = kiosk_validate_text (form->unit_insurance_number, "单位医保编号", 1, 30, &normalised,
                            &error);
  if (ok)
    for (p = normalised; *p != '\0'; p++)
      if (!g_ascii_isalnum (*p) && *p != '-')
        {
          wipe_string ("unit-insurance-number", &normalised);
          ok = FALSE;
          g_set_error_literal (&error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_FORMAT,
                               "单位医保编号只能由字母和数字组成");
          break;
        }
  take (check, "unit-insurance-number", &form->unit_insurance_number, ok, normalised, error);
}

gboolean
kiosk_application_form_validate (KioskApplicationForm *form,
                                 const KioskCatalog *catalog,
                                 const GDate *today,
                                 GPtrArray **problems,
                                 GError **error)
{
  Check check = { 0 };
  const KioskIdType *id_type = NULL;
  const char *gb11643_id = NULL;
  gboolean ok;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (catalog != NULL, FALSE);

  check.form = form;
  check.catalog = catalog;
  check.problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_application_form_problem_free);
  if (today != NULL && g_date_valid (today))
    check.today = *today;
  else
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_date_clear (&check.today, 1);
      g_date_set_dmy (&check.today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }

  /* The type decides how the number and the name are checked; an unknown
   * type is a problem of its own and the number is checked as an ID card's. */
  if (is_blank (form->id_type))
    {
      wipe_string ("id-type", &form->id_type);
      form->id_type = g_strdup (DEFAULT_ID_TYPE);
    }
  else
    {
      char *key = NULL;
      GError *type_error = NULL;
      gboolean type_ok = kiosk_validate_id_type (catalog, form->id_type, &key, &type_error);
      take (&check, "id-type", &form->id_type, type_ok, key, type_error);
    }
  id_type = kiosk_catalog_lookup_id_type (catalog, form->id_type);
  if (id_type == NULL)
    id_type = kiosk_catalog_lookup_id_type (catalog, DEFAULT_ID_TYPE);

  if (require (&check, "name", form->name))
    check_name (&check, "name", &form->name, id_type->latin_name);

  if (require (&check, "id-number", form->id_number))
    {
      if (id_type->number == KIOSK_ID_NUMBER_GB11643)
        {
          if (check_gb11643 (&check, "id-number", &form->id_number))
            gb11643_id = form->id_number;
        }
      else
        {
          char *normalised = NULL;
          GError *number_error = NULL;
          gboolean number_ok
              = kiosk_validate_document_number (form->id_number, &normalised, &number_error);
          take (&check, "id-number", &form->id_number, number_ok, normalised, number_error);
        }
    }
  check_sex (&check, "sex", &form->sex, gb11643_id);
  check_id_validity (&check);
  check_birth_date (&check, gb11643_id);

  if (require (&check, "ethnic-group", form->ethnic_group))
    {
      char *code = NULL;
      GError *ethnic_error = NULL;
      gboolean ethnic_ok
          = kiosk_validate_ethnic_group (catalog, form->ethnic_group, &code, &ethnic_error);
      take (&check, "ethnic-group", &form->ethnic_group, ethnic_ok, code, ethnic_error);
    }

  if (require (&check, "phone", form->phone))
    check_phone (&check, "phone", &form->phone);

  check_choice (&check, "household-type", &form->household_type, KIOSK_CATALOG_HOUSEHOLD_TYPES);

  if (require (&check, "postal-code", form->postal_code))
    {
      char *normalised = NULL;
      GError *postal_error = NULL;
      gboolean postal_ok
          = kiosk_validate_postal_code (form->postal_code, &normalised, &postal_error);
      take (&check, "postal-code", &form->postal_code, postal_ok, normalised, postal_error);
    }

  check_text (&check, "address", &form->address, 4, 100, TRUE);
  check_choice (&check, "occupation", &form->occupation, KIOSK_CATALOG_OCCUPATIONS);
  check_choice (&check, "industry", &form->industry, KIOSK_CATALOG_INDUSTRIES);
  check_bank (&check);
  check_proxy (&check, gb11643_id);
  check_text (&check, "mail-address", &form->mail_address, 4, 100, form->mail_delivery);
  check_unit_insurance_number (&check);
  check_text (&check, "unit-name", &form->unit_name, 2, 60, FALSE);

  /* Checked in the order the fields depend on each other (the ID number
   * before sex and birth date); reported in the form's order. The sort is
   * stable, so two problems of one field keep their order. */
  g_ptr_array_sort (check.problems, compare_problems);
  ok = check.problems->len == 0;
  if (!ok)
    {
      const KioskApplicationFormProblem *first = g_ptr_array_index (check.problems, 0);
      g_set_error (error, KIOSK_VALIDATE_ERROR, first->code, "%s：%s", first->label,
                   first->message);
    }
  if (problems != NULL)
    *problems = g_steal_pointer (&check.problems);
  else
    g_ptr_array_unref (check.problems);
  return ok;
}
