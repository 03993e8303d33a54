/* kiosk-application-form.h — the application form 附件1 (吉林省社会保障卡业务申办表)
 *
 * The fields as typed, touched or read from the ID chip, all strings owned by
 * the form (NULL or "" = not filled in). kiosk_application_form_validate()
 * checks every field against the rules of docs/form.md and the catalog,
 * replaces each valid field by its normalised value, and reports every
 * problem — the field, a Chinese message for the citizen and, where a rule
 * of RULES.md refused, the rule — so a page can mark all wrong fields at once.
 * Every value the form replaces or frees is overwritten first: the form
 * holds personal data.
 */
#pragma once

#include <glib.h>

#include "kiosk-catalog.h"
#include "kiosk-validate.h"

G_BEGIN_DECLS

typedef struct
{
  /* 申领人资料 — mandatory fields are marked * on the form */
  char *name;           /* *姓名 */
  char *sex;            /* *性别: 1/2 or 男/女 */
  char *id_type;        /* 证件类型: key or name; NULL = resident-id (身份证) */
  char *id_number;      /* *证件号码 */
  char *id_valid_from;  /* *证件有效期 (from) */
  char *id_valid_to;    /* *证件有效期 (to, or 长期) */
  char *birth_date;     /* *出生日期 */
  char *ethnic_group;   /* *民族: GB 3304 code or name */
  char *phone;          /* *联系电话: mobile or landline with area code */
  char *household_type; /* 户籍性质 */
  char *postal_code;    /* *邮政编码 */
  char *address;        /* *通信地址 */
  char *occupation;     /* 专属职业 */
  char *industry;       /* 专属行业 */
  GStrv banks;          /* *卡联名银行 (仅限一家): every ticked box, key or name (R5) */

  /* 代办人资料 — all or nothing */
  char *proxy_name;
  char *proxy_sex;
  char *proxy_id_number;
  char *proxy_phone;

  /* 是否申请邮寄 */
  gboolean mail_delivery;
  char *mail_address; /* mandatory when mail_delivery */

  /* header of the form */
  char *unit_insurance_number; /* 单位医保编号 */
  char *unit_name;             /* 单位名称 */
} KioskApplicationForm;

/* Field keys used in problems: "name", "sex", "id-type", "id-number",
 * "id-valid-from", "id-valid-to", "birth-date", "ethnic-group", "phone",
 * "household-type", "postal-code", "address", "occupation", "industry",
 * "bank", "proxy-name", "proxy-sex", "proxy-id-number", "proxy-phone",
 * "mail-address", "unit-insurance-number", "unit-name". */
typedef struct
{
  char *field;      /* a field key */
  char *label;      /* the form's label: "证件号码" */
  int code;         /* a KioskValidateError */
  char *message;    /* Chinese, for the citizen */
  const char *rule; /* "R5" when a rule of RULES.md refused, else NULL */
} KioskApplicationFormProblem;

KioskApplicationForm *kiosk_application_form_new (void);
/* Overwrites every string (explicit_bzero) before freeing it. */
void kiosk_application_form_free (KioskApplicationForm *form);

/* Test hook: called for every string the form lets go of — a value that
 * kiosk_application_form_validate() replaced by its normalised form, a
 * blank optional field it cleared, every field in
 * kiosk_application_form_free() — after it was overwritten and before it
 * is freed, with the field key ("phone", "bank" …). Process-wide; NULL
 * removes it. Tests assert that every byte they are shown is zero. */
typedef void (*KioskApplicationFormWipeHook) (const char *field,
                                              gconstpointer data,
                                              gsize len,
                                              gpointer user_data);
void kiosk_application_form_set_wipe_hook (KioskApplicationFormWipeHook hook, gpointer user_data);

/* The Chinese label of a field key, NULL if unknown. */
const char *kiosk_application_form_field_label (const char *field);

/* Checks the whole form against `today` (NULL: the local date). Returns TRUE
 * if it can be submitted. On FALSE, `error` holds the first problem (domain
 * KIOSK_VALIDATE_ERROR, message prefixed with the field's label) and
 * `problems` (if not NULL) all of them, in the form's order. Valid fields are
 * replaced by their normalised values either way. */
gboolean kiosk_application_form_validate (KioskApplicationForm *form,
                                          const KioskCatalog *catalog,
                                          const GDate *today,
                                          GPtrArray **problems,
                                          GError **error);

void kiosk_application_form_problem_free (KioskApplicationFormProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskApplicationForm, kiosk_application_form_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskApplicationFormProblem, kiosk_application_form_problem_free)

G_END_DECLS
