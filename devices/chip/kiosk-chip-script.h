/* kiosk-chip-script.h — a personalisation script as the chip reader runs it
 *
 * The center prepares the APDUs that write a card (it holds the issuer keys,
 * the kiosk never does); the kiosk relays them one by one and checks each
 * status word against the ones the step expects. This is the devices-level
 * form of such a script: kiosk/center has its own KioskApduScript (with a
 * text form for the journal) and the kiosk layer converts one into the other,
 * because devices/ depends on nothing of ours.
 *
 * The commands may carry personal data (UPDATE RECORD of the name): they are
 * wiped when the script is freed and never logged; a step's label is what
 * logs and errors show.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_CHIP_SCRIPT_MAX_STEPS 256

typedef struct
{
  GBytes *command;     /* the C-APDU (4…261 bytes) */
  GArray *expected_sw; /* guint16, at least one (0x9000 …) */
  char *label;         /* "EF05 card number": never personal data */
} KioskChipScriptStep;

typedef struct
{
  GPtrArray *steps; /* KioskChipScriptStep, owned */
} KioskChipScript;

#define KIOSK_TYPE_CHIP_SCRIPT (kiosk_chip_script_get_type ())
GType kiosk_chip_script_get_type (void) G_GNUC_CONST;

KioskChipScript *kiosk_chip_script_new (void);
KioskChipScript *kiosk_chip_script_copy (const KioskChipScript *script);
void kiosk_chip_script_free (KioskChipScript *script);

/* Appends a step; `command` is copied. `expected_sw` has `n_expected` ≥ 1
 * status words. FALSE (and nothing added) if the command is not 4…261
 * bytes, no status word is given or the script is full. */
gboolean kiosk_chip_script_add (KioskChipScript *script,
                                const guint8 *command,
                                gsize command_len,
                                const guint16 *expected_sw,
                                gsize n_expected,
                                const char *label);
/* The same with one status word (0x9000 mostly). */
gboolean kiosk_chip_script_add_simple (KioskChipScript *script,
                                       const guint8 *command,
                                       gsize command_len,
                                       guint16 expected_sw,
                                       const char *label);

guint kiosk_chip_script_get_n_steps (const KioskChipScript *script);
const KioskChipScriptStep *kiosk_chip_script_get_step (const KioskChipScript *script, guint index);
gboolean kiosk_chip_script_step_accepts (const KioskChipScriptStep *step, guint16 sw);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskChipScript, kiosk_chip_script_free)

G_END_DECLS
