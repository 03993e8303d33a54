/* kiosk-idreader-sim-cards.h — where the simulator's cards come from
 *
 * A card is one of the four built-in demonstration cards (by type name), a
 * card file (an ini with a [card] group, see tests/devices/idreader/cards/),
 * or a demo person of the embedded center (data/demo-people.ini, one group
 * per person) looked up by group name or ID number.
 */
#pragma once

#include <glib.h>

#include "kiosk-id-card-data.h"

G_BEGIN_DECLS

/* The built-in card of `type` (fictional data, valid check digits). */
KioskIdCardData *kiosk_idreader_sim_builtin_card (KioskIdCardType type);

/* Resolves `spec`: a type name, a card file path, or a person of `people`
 * (may be NULL). */
KioskIdCardData *kiosk_idreader_sim_find_card (const char *spec, GKeyFile *people, GError **error);

/* A person group of the demo people file as an ID card: keys name,
 * id_number (required), id_type (resident, hk_macau_taiwan → J card,
 * foreigner → 2023 card), and sex, nation, birth, address, authority,
 * valid_from, valid_to, pass_number, english_name, nationality (derived or
 * defaulted when absent). Looked up as GROUP, person:GROUP or by id_number. */
KioskIdCardData *
kiosk_idreader_sim_card_from_person (GKeyFile *people, const char *group, GError **error);

G_END_DECLS
