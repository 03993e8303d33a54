/* kiosk-chip-script-outcome.h — what running a personalisation script did
 *
 * The result of kiosk_chip_reader_run_script_finish(): how far the script
 * got and, if it stopped, at which step, with which status word and why.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The issuance journal records it per step (ISSUANCE.md step 5). */
typedef struct
{
  guint n_steps;      /* steps in the script */
  guint n_done;       /* steps answered with an expected status word */
  gint failed_step;   /* index of the step that stopped the script, -1 if none */
  char *failed_label; /* its label, NULL if none */
  guint16 failed_sw;  /* the status word it got; 0 when it got none (card removed, timeout,
                         cancelled: whether the card applied it is unknown) */
  GError *error;      /* why it stopped, NULL when every step succeeded */
} KioskChipScriptOutcome;

#define KIOSK_TYPE_CHIP_SCRIPT_OUTCOME (kiosk_chip_script_outcome_get_type ())
GType kiosk_chip_script_outcome_get_type (void) G_GNUC_CONST;

KioskChipScriptOutcome *kiosk_chip_script_outcome_new (guint n_steps);
KioskChipScriptOutcome *kiosk_chip_script_outcome_copy (const KioskChipScriptOutcome *outcome);
void kiosk_chip_script_outcome_free (KioskChipScriptOutcome *outcome);
/* Records that step `index` stopped the script; takes `error`. */
void kiosk_chip_script_outcome_fail (
    KioskChipScriptOutcome *outcome, guint index, const char *label, guint16 sw, GError *error);
gboolean kiosk_chip_script_outcome_succeeded (const KioskChipScriptOutcome *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskChipScriptOutcome, kiosk_chip_script_outcome_free)

G_END_DECLS
