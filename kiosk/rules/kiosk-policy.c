#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-policy.h"

#include <string.h>

#include "kiosk-config.h"

#define GROUP "policy"

/* The replacement fee (工本费) is not stated in the notice; 20 yuan is a
 * placeholder a site must confirm with its bureau (docs/rules.md). */
#define DEFAULT_REPLACEMENT_FEE_FEN 2000

G_DEFINE_BOXED_TYPE (KioskPolicy, kiosk_policy, kiosk_policy_copy, kiosk_policy_free)

static const char *const known_keys[] = {
  "temp_loss_after_7_days",
  "replacement_fee",
  "temporary_card_fee",
  "temporary_card_validity_days",
  "old_medical_card_end",
  "in_province_direct_settlement",
  NULL,
};

KioskPolicy *
kiosk_policy_new_default (void)
{
  KioskPolicy *policy = g_new0 (KioskPolicy, 1);

  policy->temp_loss_after_7_days = KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW;
  policy->replacement_fee_fen = DEFAULT_REPLACEMENT_FEE_FEN;
  policy->temporary_card_fee_fen = DEFAULT_REPLACEMENT_FEE_FEN;
  policy->temporary_card_validity_days = KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_DEFAULT_DAYS;
  g_date_clear (&policy->old_medical_card_end, 1);
  g_date_set_dmy (&policy->old_medical_card_end, 31, G_DATE_DECEMBER, 2017);
  policy->in_province_direct_settlement = FALSE;
  return policy;
}

KioskPolicy *
kiosk_policy_copy (const KioskPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);

  return g_memdup2 (policy, sizeof *policy);
}

void
kiosk_policy_free (KioskPolicy *policy)
{
  g_free (policy);
}

const char *
kiosk_temp_loss_after_7_days_to_string (KioskTempLossAfter7Days value)
{
  switch (value)
    {
      case KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW:
        return "refer_to_window";
      case KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE:
        return "lapse";
      default:
        g_return_val_if_reached (NULL);
    }
}

/* Yuan with at most two decimals and at most four integer digits: "20",
 * "20.5", "0.50". No sign, no spaces, no exponent. */
gboolean
kiosk_policy_parse_fee (const char *text, guint *out_fen)
{
  guint yuan = 0, fen = 0;
  gsize int_digits = 0, frac_digits = 0;
  const char *p = text;

  if (text == NULL)
    return FALSE;
  for (; g_ascii_isdigit (*p); p++, int_digits++)
    yuan = yuan * 10 + (guint) (*p - '0');
  if (int_digits == 0 || int_digits > 4)
    return FALSE;
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, frac_digits++)
        fen = fen * 10 + (guint) (*p - '0');
      if (frac_digits == 0 || frac_digits > 2)
        return FALSE;
      if (frac_digits == 1)
        fen *= 10;
    }
  if (*p != '\0')
    return FALSE;
  if (out_fen != NULL)
    *out_fen = yuan * 100 + fen;
  return TRUE;
}

/* Exactly YYYY-MM-DD, a real calendar day in 2000–2099. */
gboolean
kiosk_policy_parse_date (const char *text, GDate *out_date)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 2000 || year > 2099
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  if (out_date != NULL)
    {
      g_date_clear (out_date, 1);
      g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    }
  return TRUE;
}

char *
kiosk_policy_format_fee (guint fen)
{
  return g_strdup_printf ("%u.%02u", fen / 100, fen % 100);
}

static void
set_invalid (GError **error, const char *key, const char *value, const char *allowed)
{
  g_autofree char *shown = g_strescape (value != NULL ? value : "", NULL);

  g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
               "[" GROUP "] %s = \"%s\" is not allowed: %s", key, shown, allowed);
}

#define FEE_ALLOWED "a fee in yuan from 0 to 9999.99 with at most two decimals, e.g. 20 or 20.50"
#define DAYS_ALLOWED                                                                               \
  "a whole number of days from 1 to 181 (R13: a temporary card is valid for at most 6 months)"

G_STATIC_ASSERT (KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS == 181); /* DAYS_ALLOWED */

static gboolean
parse_days (const char *text, guint *out_days)
{
  guint64 days = 0;

  /* g_ascii_string_to_unsigned() would take a leading '+' or space. */
  if (text == NULL || !g_ascii_isdigit (text[0])
      || !g_ascii_string_to_unsigned (text, 10, 1, KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS,
                                      &days, NULL))
    return FALSE;
  *out_days = (guint) days;
  return TRUE;
}

/* Reads one key into `policy`; FALSE with `error` set if its value is refused. */
static gboolean
read_key (GKeyFile *kf, const char *key, KioskPolicy *policy, GError **error)
{
  g_autofree char *value = g_key_file_get_value (kf, GROUP, key, NULL);
  const char *allowed = NULL;

  /* GKeyFile keeps trailing blanks, which an editor does not show. */
  if (value != NULL)
    g_strstrip (value);

  if (g_str_equal (key, "temp_loss_after_7_days"))
    {
      if (g_strcmp0 (value, "refer_to_window") == 0)
        policy->temp_loss_after_7_days = KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW;
      else if (g_strcmp0 (value, "lapse") == 0)
        policy->temp_loss_after_7_days = KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE;
      else
        allowed = "refer_to_window or lapse (R8)";
    }
  else if (g_str_equal (key, "replacement_fee"))
    {
      if (!kiosk_policy_parse_fee (value, &policy->replacement_fee_fen))
        allowed = FEE_ALLOWED;
    }
  else if (g_str_equal (key, "temporary_card_fee"))
    {
      if (!kiosk_policy_parse_fee (value, &policy->temporary_card_fee_fen))
        allowed = FEE_ALLOWED;
    }
  else if (g_str_equal (key, "temporary_card_validity_days"))
    {
      if (!parse_days (value, &policy->temporary_card_validity_days))
        allowed = DAYS_ALLOWED;
    }
  else if (g_str_equal (key, "old_medical_card_end"))
    {
      if (!kiosk_policy_parse_date (value, &policy->old_medical_card_end))
        allowed = "a date YYYY-MM-DD between 2000-01-01 and 2099-12-31 (R21)";
    }
  else if (g_str_equal (key, "in_province_direct_settlement"))
    {
      if (g_strcmp0 (value, "true") == 0)
        policy->in_province_direct_settlement = TRUE;
      else if (g_strcmp0 (value, "false") == 0)
        policy->in_province_direct_settlement = FALSE;
      else
        allowed = "true or false (R23)";
    }
  else
    {
      g_autofree char *known = g_strjoinv (", ", (char **) known_keys);

      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[" GROUP "] unknown key \"%s\"; known keys: %s", key, known);
      return FALSE;
    }

  if (allowed != NULL)
    {
      set_invalid (error, key, value, allowed);
      return FALSE;
    }
  return TRUE;
}

KioskPolicy *
kiosk_policy_load (GKeyFile *kf, GError **error)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  g_auto (GStrv) keys = NULL;

  g_return_val_if_fail (kf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_has_group (kf, GROUP))
    return g_steal_pointer (&policy);

  /* Every key is checked, unknown ones too: a misspelt key would otherwise
   * silently keep its default. */
  keys = g_key_file_get_keys (kf, GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!read_key (kf, keys[i], policy, error))
        return NULL;
    }

  /* Until a site sets its own, a temporary card costs what a formal one does. */
  if (!g_key_file_has_key (kf, GROUP, "temporary_card_fee", NULL))
    policy->temporary_card_fee_fen = policy->replacement_fee_fen;

  return g_steal_pointer (&policy);
}

char *
kiosk_policy_to_keyfile_data (const KioskPolicy *policy)
{
  g_autofree char *replacement_fee = NULL;
  g_autofree char *temporary_card_fee = NULL;
  char end[16];

  g_return_val_if_fail (policy != NULL, NULL);

  replacement_fee = kiosk_policy_format_fee (policy->replacement_fee_fen);
  temporary_card_fee = kiosk_policy_format_fee (policy->temporary_card_fee_fen);
  if (g_date_valid (&policy->old_medical_card_end))
    g_date_strftime (end, sizeof end, "%Y-%m-%d", &policy->old_medical_card_end);
  else
    end[0] = '\0';

  return g_strdup_printf ("[" GROUP "]\n"
                          "temp_loss_after_7_days=%s\n"
                          "replacement_fee=%s\n"
                          "temporary_card_fee=%s\n"
                          "temporary_card_validity_days=%u\n"
                          "old_medical_card_end=%s\n"
                          "in_province_direct_settlement=%s\n",
                          kiosk_temp_loss_after_7_days_to_string (policy->temp_loss_after_7_days),
                          replacement_fee, temporary_card_fee, policy->temporary_card_validity_days,
                          end, policy->in_province_direct_settlement ? "true" : "false");
}
