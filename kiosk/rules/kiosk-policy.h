/* kiosk-policy.h — the policy knobs of RULES.md, from the [policy] group
 *
 * Where the notice is silent, RULES.md says "policy"; the kiosk exposes a knob
 * instead of guessing. Keys of the [policy] group of the configuration file
 * (every key optional; a missing key keeps its default, docs/rules.md):
 *
 *   temp_loss_after_7_days = refer_to_window | lapse       (R8, default refer_to_window)
 *   replacement_fee = yuan, 0 … 9999.99, at most 2 decimals (R10, default 20)
 *   temporary_card_fee = yuan, same syntax                  (R15, default = replacement_fee)
 *   temporary_card_validity_days = 1 … 181                  (R13, default 60)
 *   old_medical_card_end = YYYY-MM-DD                       (R21, default 2017-12-31)
 *   in_province_direct_settlement = true | false            (R23, default false)
 *
 * Garbage, out-of-range values and unknown keys are refused with
 * KIOSK_CONFIG_ERROR_INVALID_VALUE naming the key and what is allowed;
 * nothing is clamped.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* R8: what a temporary loss becomes after its day 7 (the day of the report is day 1). */
typedef enum
{
  KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW, /* stays lost; formal loss only at a window */
  KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE,           /* lapses: the card counts as normal again */
} KioskTempLossAfter7Days;

/* R13: "at most 6 months". A temporary card issued on day D is valid through
 * D + validity_days, and never beyond g_date_add_months (D, 6) (the period of
 * 6 months ends on the same day-of-month 6 months later, or that month's last
 * day; the issue day is not counted, as periods are counted in Chinese civil
 * law). 181 days is the shortest such period (31 Aug → 28 Feb), so every
 * configured value fits every issue day. */
#define KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS     181
#define KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_DEFAULT_DAYS 60
#define KIOSK_POLICY_FEE_MAX_FEN                          999999 /* 9999.99 yuan */

typedef struct
{
  KioskTempLossAfter7Days temp_loss_after_7_days; /* R8 */
  guint replacement_fee_fen;                      /* R10, in fen (1/100 yuan) */
  guint temporary_card_fee_fen;                   /* R15, in fen */
  guint temporary_card_validity_days; /* R13, 1 … KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS */
  GDate old_medical_card_end;         /* R21: last day the old medical card is valid */
  gboolean in_province_direct_settlement; /* R23 */
} KioskPolicy;

#define KIOSK_TYPE_POLICY (kiosk_policy_get_type ())
GType kiosk_policy_get_type (void) G_GNUC_CONST;

KioskPolicy *kiosk_policy_new_default (void);
/* Reads the [policy] group of kf (a missing group gives the defaults).
 * Errors: KIOSK_CONFIG_ERROR_INVALID_VALUE, message names "[policy] key". */
KioskPolicy *kiosk_policy_load (GKeyFile *kf, GError **error);
KioskPolicy *kiosk_policy_copy (const KioskPolicy *policy);
void kiosk_policy_free (KioskPolicy *policy);

/* Parsers used by kiosk_policy_load, exposed for kioskctl and the fuzz target. */
gboolean kiosk_policy_parse_fee (const char *text, guint *out_fen);
gboolean kiosk_policy_parse_date (const char *text, GDate *out_date);
const char *kiosk_temp_loss_after_7_days_to_string (KioskTempLossAfter7Days value);

/* "20.00" (yuan, two decimals); free with g_free. */
char *kiosk_policy_format_fee (guint fen);

/* The [policy] group as it would be written, with every key (for
 * `kioskctl config show`); free with g_free. */
char *kiosk_policy_to_keyfile_data (const KioskPolicy *policy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPolicy, kiosk_policy_free)

G_END_DECLS
