/* kiosk-rules-private.h — helpers shared by the kiosk-rules*.c files */
#pragma once

#include "kiosk-rules.h"

G_BEGIN_DECLS

/* The service windows of 附件2, as the citizen knows them. */
#define KIOSK_RULES_WINDOW_NAME "社会保障卡综合服务窗口"

/* Arguments every check needs; a programming error fails closed (refused). */
#define KIOSK_RULES_CHECK_ARGS(person, policy, today, rule)                                        \
  g_return_val_if_fail ((person) != NULL && (policy) != NULL && (today) != NULL                    \
                            && g_date_valid (today),                                               \
                        kiosk_rules_refuse_bad_input (rule))

KioskRefusal *kiosk_rules_refuse_bad_input (int rule);
KioskRefusal *kiosk_rules_refuse_deceased (const KioskCard *card);

/* `card` itself, or the person's current formal card. */
const KioskCard *kiosk_rules_resolve_card (const KioskPerson *person, const KioskCard *card);
const char *kiosk_rules_window_of (const KioskCard *card);

/* "2017年12月31日" */
char *kiosk_rules_date_text (const GDate *date);
/* "20元", "20.50元" */
char *kiosk_rules_fee_text (guint fen);
/* date + days (days may be negative) */
GDate kiosk_rules_date_plus_days (const GDate *date, int days);

/* Why a person who already has a card cannot apply again, and what to do:
 * depends on where the card is in its lifecycle. */
KioskRefusal *kiosk_rules_refuse_existing_card (int rule,
                                                const char *message,
                                                const KioskCard *card,
                                                const KioskPolicy *policy,
                                                const GDate *today);

/* The person's formal card that counts as "applied" for R1/R4: any formal
 * card whose pre-account opening did not fail (R3); NULL if none. */
const KioskCard *kiosk_rules_applied_card (const KioskPerson *person);

G_END_DECLS
