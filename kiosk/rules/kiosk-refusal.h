/* kiosk-refusal.h — a refusal is a value: the rule that refused and what to do instead
 *
 * Every rule check of kiosk-rules.h returns NULL when the service is allowed,
 * or a KioskRefusal naming the rule of RULES.md (8 for R8), a message for the
 * citizen (Chinese, plain words, no personal data) and the remedy: what to do
 * instead, e.g. which window to go to.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  int rule;      /* the rule of RULES.md that refused: 8 means R8 */
  char *message; /* Chinese, for the citizen: why not */
  char *remedy;  /* Chinese, for the citizen: what to do instead */
  char *window;  /* optional: key of a service window of 附件2 (the card's
                  * pickup window when known); NULL means any 综合服务窗口 */
} KioskRefusal;

#define KIOSK_TYPE_REFUSAL (kiosk_refusal_get_type ())
GType kiosk_refusal_get_type (void) G_GNUC_CONST;

/* message and remedy must be non-NULL UTF-8; window may be NULL. */
KioskRefusal *
kiosk_refusal_new (int rule, const char *message, const char *remedy, const char *window);
KioskRefusal *kiosk_refusal_copy (const KioskRefusal *refusal);
void kiosk_refusal_free (KioskRefusal *refusal);

/* "R8" */
char *kiosk_refusal_rule_label (const KioskRefusal *refusal);

/* One line for a technician or a log: "R8: <message> <remedy>". Contains no
 * personal data because refusals never do. */
char *kiosk_refusal_to_string (const KioskRefusal *refusal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskRefusal, kiosk_refusal_free)

G_END_DECLS
