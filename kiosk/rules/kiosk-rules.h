/* kiosk-rules.h — the business rules R1–R23 of RULES.md as pure functions
 *
 * Every check takes the person, the card where relevant, the policy and an
 * injected `today` (a valid GDate: the kiosk's local calendar day), and
 * returns NULL when the service is allowed, or a KioskRefusal (free it) that
 * names the rule which refused, a Chinese message and what to do instead.
 * Nothing here reads a clock, a file or a device; nothing logs.
 *
 * Common to every check:
 * - a deceased holder (R17) is refused by every service, first;
 * - `card` may be NULL: the person's current formal card is used
 *   (kiosk_person_current_card()); no card at all is a refusal of the
 *   service's own rule.
 *
 * Day counting (R8): the day of the temporary loss is day 1; formal loss is
 * allowed on days 1–7; from day 8 the policy temp_loss_after_7_days decides
 * (docs/rules.md has the full table).
 */
#pragma once

#include <glib.h>

#include "kiosk-card.h"
#include "kiosk-guidance.h"
#include "kiosk-person.h"
#include "kiosk-policy.h"
#include "kiosk-refusal.h"
#include "kiosk-service.h"

G_BEGIN_DECLS

/* The last day on which a formal loss may follow a temporary loss (R8). */
#define KIOSK_RULES_FORMAL_LOSS_DAYS 7

/* R1, R2, R3: an ordinary application. Refused when not insured (R2), when a
 * card already exists (R1; a card whose pre-account opening failed does not
 * count: R3 lets the person re-apply in person with an ID card). */
KioskRefusal *kiosk_rules_check_application (const KioskPerson *person,
                                             const KioskPolicy *policy,
                                             const GDate *today);

/* R5: exactly one of the seven co-branded banks. `chosen` is a
 * NULL-terminated list of the banks ticked (may be NULL = none). */
KioskRefusal *kiosk_rules_check_bank_choice (const char *const *chosen);
/* The seven co-branded banks of R5, NULL-terminated, static. */
const char *const *kiosk_rules_banks (void);

/* R4: instant issuance for an insured person with a cross-province
 * registration and no second-generation card (a failed pre-account does not
 * count, as in R1). */
KioskRefusal *kiosk_rules_check_green_channel (const KioskPerson *person,
                                               const KioskPolicy *policy,
                                               const GDate *today);

/* R6: self-service temporary loss of a formal card in the holder's hands that
 * is not already lost (an active temporary loss, a formal loss, replaced). A
 * temporary card is not reported lost: R15 (replacement at a window). */
KioskRefusal *kiosk_rules_check_temporary_loss (const KioskPerson *person,
                                                const KioskCard *card,
                                                const KioskPolicy *policy,
                                                const GDate *today);

/* R8: formal loss of `functions` (SOCIAL, FINANCIAL or both), in person,
 * on days 1–7 of a temporary loss. Refused if no temporary loss is active,
 * if a requested function is already formally lost, or from day 8 (policy). */
KioskRefusal *kiosk_rules_check_formal_loss (const KioskPerson *person,
                                             const KioskCard *card,
                                             KioskCardFunction functions,
                                             const KioskPolicy *policy,
                                             const GDate *today);

/* R7, R9: unblock a card under temporary loss, in person with an ID card.
 * Never after a formal loss of either function (R9). Not needed when the
 * card is not lost, or when its temporary loss has lapsed (policy lapse). */
KioskRefusal *kiosk_rules_check_unblock (const KioskPerson *person,
                                         const KioskCard *card,
                                         const KioskPolicy *policy,
                                         const GDate *today);

/* R10 (formal card: after a formal loss of both functions, or damaged, for
 * a fee) and R15 (temporary card: lost or damaged, for a fee). The fee is
 * kiosk_rules_replacement_fee(). */
KioskRefusal *kiosk_rules_check_replacement (const KioskPerson *person,
                                             const KioskCard *card,
                                             const KioskPolicy *policy,
                                             const GDate *today);
/* In fen: policy->replacement_fee_fen for a formal card (R10),
 * policy->temporary_card_fee_fen for a temporary card (R15). */
guint kiosk_rules_replacement_fee (const KioskCard *card, const KioskPolicy *policy);

/* R12: free temporary card on the spot for a newly insured person or one
 * whose card is in production (applied, pre-account, in production) who has
 * no usable old medical card (the old card is unusable after the policy's
 * old_medical_card_end) and no valid temporary card yet. */
KioskRefusal *kiosk_rules_check_temporary_card (const KioskPerson *person,
                                                const KioskPolicy *policy,
                                                const GDate *today);

/* R13: the last valid day of a temporary card issued today:
 * today + policy days, never beyond g_date_add_months (today, 6). */
GDate kiosk_rules_temporary_card_valid_until (const KioskPolicy *policy, const GDate *today);
/* R13: refused if valid_until lies beyond issued_on + 6 months (or before
 * issued_on, or either date is invalid). For cards reported by the center. */
KioskRefusal *kiosk_rules_check_temporary_validity (const GDate *issued_on,
                                                    const GDate *valid_until);
/* R13, R14: a temporary card is valid on `today` if it is not handed back or
 * replaced, today ≤ temporary_valid_until and that date respects R13. */
gboolean kiosk_rules_temporary_card_valid (const KioskCard *card, const GDate *today);

/* R14: collecting a formal card at the window: the person's temporary card
 * must be handed back first; only then is the formal card enabled. */
KioskRefusal *kiosk_rules_check_collection (const KioskPerson *person,
                                            const KioskCard *card,
                                            const KioskPolicy *policy,
                                            const GDate *today);

/* R16: anyone with an ID number may ask for progress and pickup window;
 * refused only for a deceased holder (R17) or when no card exists. */
KioskRefusal *kiosk_rules_check_progress (const KioskPerson *person,
                                          const KioskPolicy *policy,
                                          const GDate *today);
/* R16: Chinese text of a card's progress, e.g. "制卡中" or
 * "已制成，请到领卡网点领取"; free with g_free. */
char *kiosk_rules_progress_text (const KioskCard *card);

/* R11: proxy business is always referred to a window (the kiosk cannot check
 * a household register). R17 comes first for a deceased holder. */
KioskRefusal *kiosk_rules_check_proxy (const KioskPerson *person,
                                       const KioskCard *card,
                                       const KioskPolicy *policy,
                                       const GDate *today);

/* R20: a formal card is usable from the day after financial activation, and
 * not once replaced or formally lost in either function. A temporary card is
 * usable while kiosk_rules_temporary_card_valid(). A temporary loss is not
 * considered here (it depends on policy): see kiosk_rules_temporary_loss_state(). */
gboolean kiosk_rules_card_usable (const KioskCard *card, const GDate *today);

/* R8 day counting: 1 on the day of the temporary loss, 2 the next day …;
 * 0 when the card has no temporary loss; negative if the loss date lies in
 * the future (inconsistent data: every check refers such a card to a window). */
int kiosk_rules_temporary_loss_day (const KioskCard *card, const GDate *today);

typedef enum
{
  KIOSK_TEMP_LOSS_STATE_NONE,    /* no temporary loss */
  KIOSK_TEMP_LOSS_STATE_OPEN,    /* days 1–7: formal loss or unblock */
  KIOSK_TEMP_LOSS_STATE_OVERDUE, /* day 8+, refer_to_window (or a function is
                                  * already formally lost): only a window acts */
  KIOSK_TEMP_LOSS_STATE_LAPSED,  /* day 8+, lapse, no function formally lost:
                                  * the card counts as normal again */
  KIOSK_TEMP_LOSS_STATE_INVALID, /* loss date in the future */
} KioskTempLossState;

KioskTempLossState kiosk_rules_temporary_loss_state (const KioskCard *card,
                                                     const KioskPolicy *policy,
                                                     const GDate *today);

/* R8 (days left for a formal loss), R13, R14, R16, R17, R18–R23: what the
 * citizen should know now. `card` may be NULL (the current card). Returns
 * element-type KioskGuidance, owned, in rule order. R23 is always present,
 * except for a deceased holder, who gets R17 only. */
GPtrArray *kiosk_rules_guidance (const KioskPerson *person,
                                 const KioskCard *card,
                                 const KioskPolicy *policy,
                                 const GDate *today);

/* R22 (+ R18, R20, R21, R23) for the receipt of an issued card; element-type
 * KioskGuidance. Always contains R22. */
GPtrArray *kiosk_rules_receipt_guidance (const KioskPerson *person,
                                         const KioskCard *card,
                                         const KioskPolicy *policy,
                                         const GDate *today);

/* One verdict per KioskService, in enum order: element-type
 * KioskServiceVerdict, owned. `card` may be NULL (the current card). */
GPtrArray *kiosk_rules_evaluate_all (const KioskPerson *person,
                                     const KioskCard *card,
                                     const KioskPolicy *policy,
                                     const GDate *today);

/* The verdict of one service (as in evaluate_all); NULL = allowed. */
KioskRefusal *kiosk_rules_check_service (KioskService service,
                                         const KioskPerson *person,
                                         const KioskCard *card,
                                         const KioskPolicy *policy,
                                         const GDate *today);

G_END_DECLS
