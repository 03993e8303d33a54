/* kiosk-center-wire.h — requests and replies of KioskCenter as a{sv} dictionaries (private)
 *
 * What a network client puts on the wire and what the simulator stores as
 * the reply of an idempotency key. Decoding is strict: a missing key, a
 * wrong type or an unknown enumeration value is KIOSK_CENTER_ERROR_BAD_REPLY
 * naming the key; it never crashes. The keys are listed in docs/center.md.
 */
#pragma once

#include <glib.h>

#include "kiosk-card.h"
#include "kiosk-center-application.h"
#include "kiosk-person.h"
#include "kiosk-progress.h"
#include "kiosk-refusal.h"

G_BEGIN_DECLS

/* 18 characters, 17 digits and a digit or 'X', GB 11643 check digit: the
 * shape of every ID number the center knows (resident ID, the 81/82/83
 * residence permits, the 2023 foreigner's card starting with 9). The region
 * and birth date are the form's business (kiosk/form). */
gboolean kiosk_center_wire_id_number_is_valid (const char *id_number);

/* "YYYY-MM-DD"; NULL for an invalid (unset) date. */
char *kiosk_center_wire_format_date (const GDate *date);
/* FALSE on anything but a valid "YYYY-MM-DD". */
gboolean kiosk_center_wire_parse_date (const char *text, GDate *out_date);

GVariant *kiosk_center_wire_card_to_variant (const KioskCard *card);
KioskCard *kiosk_center_wire_card_from_variant (GVariant *dict, GError **error);

GVariant *kiosk_center_wire_person_to_variant (const KioskPerson *person);
KioskPerson *kiosk_center_wire_person_from_variant (GVariant *dict, GError **error);

GVariant *kiosk_center_wire_progress_to_variant (const KioskProgress *progress);
KioskProgress *kiosk_center_wire_progress_from_variant (GVariant *dict, GError **error);

GVariant *kiosk_center_wire_application_to_variant (const KioskCenterApplication *app);
KioskCenterApplication *kiosk_center_wire_application_from_variant (GVariant *dict, GError **error);

/* audit_witnesses (issue 7 §6): the reply {"witnesses": <as>}, each one
 * "seq:hash" (kiosk-audit-head.h), in ascending seq order. */
GVariant *kiosk_center_wire_audit_witnesses_to_variant (const char *const *heads);
GStrv kiosk_center_wire_audit_witnesses_from_variant (GVariant *dict, GError **error);

/* The reply {"refusal": <(isss)>}. */
GVariant *kiosk_center_wire_refusal_reply (const KioskRefusal *refusal);
/* If `reply` is a refusal, returns TRUE and sets a KIOSK_CENTER_ERROR_REFUSED
 * error (or BAD_REPLY for a malformed refusal). */
gboolean kiosk_center_wire_reply_is_refusal (GVariant *reply, GError **error);

G_END_DECLS
