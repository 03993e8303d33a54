/* kiosk-person.h — one insured person's state, as the rules see it
 *
 * A plain struct filled in by whoever knows the person (the center, a test).
 * It holds personal data: never log id_number or name unmasked (kiosk_mask()).
 */
#pragma once

#include <glib-object.h>

#include "kiosk-card.h"

G_BEGIN_DECLS

typedef struct
{
  char *id_number; /* 18 characters; personal data */
  char *name;      /* personal data */

  gboolean insured;                     /* insurance registration done (R1, R2) */
  gboolean newly_insured;               /* 新参保人员 (R2, R12) */
  gboolean deceased;                    /* R17: no card business at all */
  gboolean cross_province_registered;   /* 跨省异地就医登记备案 done (R4) */
  gboolean has_usable_old_medical_card; /* 一代医保卡 usable (R12; void after the
                                         * policy's old_medical_card_end, R21) */
  gboolean hospitalised_on_old_card;    /* R21 */

  GPtrArray *cards; /* element-type KioskCard, owned; oldest first */
} KioskPerson;

#define KIOSK_TYPE_PERSON (kiosk_person_get_type ())
GType kiosk_person_get_type (void) G_GNUC_CONST;

KioskPerson *kiosk_person_new (void);
KioskPerson *kiosk_person_copy (const KioskPerson *person);
void kiosk_person_free (KioskPerson *person);

/* Takes ownership of card. */
void kiosk_person_add_card (KioskPerson *person, KioskCard *card);

/* The formal card the services act on: the newest formal card that is not
 * replaced; NULL if there is none. Owned by person. */
KioskCard *kiosk_person_current_card (const KioskPerson *person);

/* The newest temporary card that is not handed back and not replaced; NULL if
 * none (it may be expired: check kiosk_rules_temporary_card_valid()). */
KioskCard *kiosk_person_temporary_card (const KioskPerson *person);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPerson, kiosk_person_free)

G_END_DECLS
