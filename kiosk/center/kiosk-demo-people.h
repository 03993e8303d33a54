/* kiosk-demo-people.h — the fictitious people the embedded center is seeded with
 *
 * data/demo-people.ini (its header documents every key) lists invented people
 * and their cards, chosen so that together they exercise every rule of
 * RULES.md. KioskCenterSim seeds its database from it on first open;
 * `kioskctl demo-people` lists it. Loading is strict: an unknown key, a bad
 * ID number or card number, a duplicate, a card whose holder does not exist
 * or a date that is neither "today±N" nor YYYY-MM-DD is an error naming the
 * group and key.
 *
 * Dates are kept as written ("today-7") and resolved against a "today" when
 * used, so a demo scenario keeps its day count whenever it runs.
 */
#pragma once

#include <glib.h>

#include "kiosk-card.h"

G_BEGIN_DECLS

#define KIOSK_DEMO_PEOPLE_ERROR (kiosk_demo_people_error_quark ())
GQuark kiosk_demo_people_error_quark (void);

typedef enum
{
  KIOSK_DEMO_PEOPLE_ERROR_NOT_FOUND, /* the file cannot be read */
  KIOSK_DEMO_PEOPLE_ERROR_PARSE,     /* not a key file */
  KIOSK_DEMO_PEOPLE_ERROR_INVALID,   /* a group or key has a bad value (named in the message) */
} KioskDemoPeopleError;

typedef struct
{
  char *key;    /* the group name after "card:" */
  char *holder; /* key of the person */
  char *number; /* 9 characters, valid check character */
  KioskCardKind kind;
  KioskCardStage stage;
  KioskPreAccountFailure pre_account_failure;
  char *bank;   /* may be NULL */
  char *window; /* may be NULL */
  gboolean social_activated;
  gboolean damaged;
  gboolean replaced;
  gboolean handed_back;
  /* Day specs ("today", "today-7", "2024-05-01"), NULL when unset. */
  char *issued_on;
  char *financial_activated_on;
  char *temporary_loss_on;
  char *formal_loss_social_on;
  char *formal_loss_financial_on;
  char *temporary_valid_until;
} KioskDemoCard;

typedef struct
{
  char *key; /* the group name after "person:" */
  char *id_number;
  char *name;
  char *id_type; /* resident | hk_macau_taiwan | foreigner */
  char *nation;  /* ethnic code */
  gboolean insured;
  gboolean newly_insured;
  gboolean deceased;
  gboolean cross_province_registered;
  gboolean has_usable_old_medical_card;
  gboolean hospitalised_on_old_card;
  gboolean face_match;
  char *scenario;
  GArray *rules;    /* element-type int: 4 for R4, in file order */
  GPtrArray *cards; /* element-type KioskDemoCard, owned, oldest first */
} KioskDemoPerson;

typedef struct
{
  GPtrArray *people; /* element-type KioskDemoPerson, owned, in file order */
} KioskDemoPeople;

/* `path` NULL loads kiosk_paths_data_file ("demo-people.ini"). */
KioskDemoPeople *kiosk_demo_people_load (const char *path, GError **error);
KioskDemoPeople *kiosk_demo_people_load_data (const char *data, gssize len, GError **error);
void kiosk_demo_people_free (KioskDemoPeople *people);

/* The person with this ID number, or NULL. */
const KioskDemoPerson *kiosk_demo_people_find (const KioskDemoPeople *people,
                                               const char *id_number);

/* Resolves a day spec: "today", "today-N", "today+N" (N ≤ 36500) against
 * `today`, or a fixed "YYYY-MM-DD". FALSE (and `out` invalid) on anything
 * else. */
gboolean kiosk_demo_people_resolve_day (const char *spec, const GDate *today, GDate *out);

/* "R4, R5" */
char *kiosk_demo_person_rules_label (const KioskDemoPerson *person);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDemoPeople, kiosk_demo_people_free)

G_END_DECLS
