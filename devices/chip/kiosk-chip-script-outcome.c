/* kiosk-chip-script-outcome.c — how far a personalisation script got */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-chip-script-outcome.h"

G_DEFINE_BOXED_TYPE (KioskChipScriptOutcome,
                     kiosk_chip_script_outcome,
                     kiosk_chip_script_outcome_copy,
                     kiosk_chip_script_outcome_free)

KioskChipScriptOutcome *
kiosk_chip_script_outcome_new (guint n_steps)
{
  KioskChipScriptOutcome *outcome = g_new0 (KioskChipScriptOutcome, 1);

  outcome->n_steps = n_steps;
  outcome->failed_step = -1;
  return outcome;
}

KioskChipScriptOutcome *
kiosk_chip_script_outcome_copy (const KioskChipScriptOutcome *outcome)
{
  KioskChipScriptOutcome *copy;

  g_return_val_if_fail (outcome != NULL, NULL);
  copy = g_new0 (KioskChipScriptOutcome, 1);
  *copy = *outcome;
  copy->failed_label = g_strdup (outcome->failed_label);
  copy->error = outcome->error != NULL ? g_error_copy (outcome->error) : NULL;
  return copy;
}

void
kiosk_chip_script_outcome_free (KioskChipScriptOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->failed_label);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

void
kiosk_chip_script_outcome_fail (
    KioskChipScriptOutcome *outcome, guint index, const char *label, guint16 sw, GError *error)
{
  g_return_if_fail (outcome != NULL);
  g_return_if_fail (error != NULL);

  outcome->failed_step = (gint) index;
  g_free (outcome->failed_label);
  outcome->failed_label = g_strdup (label);
  outcome->failed_sw = sw;
  g_clear_error (&outcome->error);
  outcome->error = error;
}

gboolean
kiosk_chip_script_outcome_succeeded (const KioskChipScriptOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, FALSE);
  return outcome->error == NULL && outcome->n_done == outcome->n_steps;
}
