/* kiosk-apdu-script.h — a chip-personalisation script prepared by the center
 *
 * The kiosk never holds issuer keys (ARCHITECTURE.md): the center prepares the
 * APDUs that write the card and the kiosk only relays them to the chip reader,
 * step by step, checking each status word against the ones the step expects.
 *
 * A script is a plain struct. It also has a line-oriented text form so that
 * the journal can keep it with the application (ISSUANCE.md step 3) and a
 * technician can read it:
 *
 *   # comment
 *   00A404000F7378312E73682EC9E7BBE1B1A3D5CF 9000 select SSSE DDF
 *   <command hex> <SW>[,<SW>…] <description to the end of the line>
 *
 * kiosk_apdu_script_parse() is a pure function (fuzzed in tests/center/).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_APDU_SCRIPT_ERROR (kiosk_apdu_script_error_quark ())
GQuark kiosk_apdu_script_error_quark (void);

typedef enum
{
  KIOSK_APDU_SCRIPT_ERROR_PARSE, /* the text is not a script (line number in the message) */
} KioskApduScriptError;

/* The largest command a short APDU can carry: 5 header bytes + 255 data + Le. */
#define KIOSK_APDU_MAX_COMMAND      261
#define KIOSK_APDU_SCRIPT_MAX_STEPS 256

typedef struct
{
  GBytes *command;     /* the C-APDU, 4..261 bytes */
  GArray *expected_sw; /* element-type guint16 (0x9000 …), at least one */
  char *description;   /* what the step does, for logs; never personal data */
} KioskApduStep;

typedef struct
{
  GPtrArray *steps; /* element-type KioskApduStep, owned */
} KioskApduScript;

#define KIOSK_TYPE_APDU_SCRIPT (kiosk_apdu_script_get_type ())
GType kiosk_apdu_script_get_type (void) G_GNUC_CONST;

KioskApduScript *kiosk_apdu_script_new (void);
KioskApduScript *kiosk_apdu_script_copy (const KioskApduScript *script);
void kiosk_apdu_script_free (KioskApduScript *script);

/* Appends a step. `command` is copied; the list of expected status words ends
 * with 0 (e.g. 0x9000, 0). */
void kiosk_apdu_script_add (KioskApduScript *script,
                            const guint8 *command,
                            gsize command_len,
                            const char *description,
                            guint expected_sw,
                            ...);

guint kiosk_apdu_script_get_n_steps (const KioskApduScript *script);
const KioskApduStep *kiosk_apdu_script_get_step (const KioskApduScript *script, guint index);

/* TRUE when `sw` is one of the status words the step expects. */
gboolean kiosk_apdu_step_accepts (const KioskApduStep *step, guint16 sw);
/* The command in upper-case hex without spaces. */
char *kiosk_apdu_step_command_hex (const KioskApduStep *step);

/* The text form described above, and back. */
char *kiosk_apdu_script_to_text (const KioskApduScript *script);
KioskApduScript *kiosk_apdu_script_parse (const char *text, gssize len, GError **error);

gboolean kiosk_apdu_script_equal (const KioskApduScript *a, const KioskApduScript *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskApduScript, kiosk_apdu_script_free)

G_END_DECLS
