/* kiosk-progress.h — the answer to a progress query (R16)
 *
 * With an ID number anyone can learn the production progress of a card and
 * where to pick it up (R16). The center answers with the stage of the
 * person's current card, the pickup window (a key of the 附件2 list) once the
 * card waits there, and the reason of R3 when the bank pre-account failed.
 * A plain struct; card_number is personal data (mask it before display).
 */
#pragma once

#include <glib-object.h>

#include "kiosk-card.h"

G_BEGIN_DECLS

typedef struct
{
  KioskCardStage stage;
  KioskCardKind kind;
  char *card_number;                          /* NULL before production */
  char *window;                               /* pickup window key, or NULL */
  char *bank;                                 /* the co-branded bank (R5), or NULL */
  KioskPreAccountFailure pre_account_failure; /* R3, when stage is PRE_ACCOUNT_FAILED */
  char *text; /* Chinese, for the citizen (kiosk_rules_progress_text()) */
} KioskProgress;

#define KIOSK_TYPE_PROGRESS (kiosk_progress_get_type ())
GType kiosk_progress_get_type (void) G_GNUC_CONST;

KioskProgress *kiosk_progress_new (void);
KioskProgress *kiosk_progress_copy (const KioskProgress *progress);
void kiosk_progress_free (KioskProgress *progress);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskProgress, kiosk_progress_free)

G_END_DECLS
