/* kiosk-chip-script.c — personalisation scripts and their outcome */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include "kiosk-apdu.h"
#include "kiosk-chip-script.h"

G_DEFINE_BOXED_TYPE (KioskChipScript,
                     kiosk_chip_script,
                     kiosk_chip_script_copy,
                     kiosk_chip_script_free)

typedef struct
{
  gsize len;
  guint8 bytes[];
} WipedBuffer;

static void
wiped_buffer_free (gpointer data)
{
  WipedBuffer *buffer = data;

  explicit_bzero (buffer->bytes, buffer->len);
  g_free (buffer);
}

/* A GBytes whose memory is overwritten when the last reference goes. */
static GBytes *
wiped_bytes_new (const guint8 *data, gsize len)
{
  WipedBuffer *buffer = g_malloc (sizeof (WipedBuffer) + len);

  buffer->len = len;
  memcpy (buffer->bytes, data, len);
  return g_bytes_new_with_free_func (buffer->bytes, len, wiped_buffer_free, buffer);
}

static void
step_free (gpointer data)
{
  KioskChipScriptStep *step = data;

  g_bytes_unref (step->command);
  g_array_unref (step->expected_sw);
  g_free (step->label);
  g_free (step);
}

KioskChipScript *
kiosk_chip_script_new (void)
{
  KioskChipScript *script = g_new0 (KioskChipScript, 1);

  script->steps = g_ptr_array_new_with_free_func (step_free);
  return script;
}

void
kiosk_chip_script_free (KioskChipScript *script)
{
  if (script == NULL)
    return;
  g_ptr_array_unref (script->steps);
  g_free (script);
}

KioskChipScript *
kiosk_chip_script_copy (const KioskChipScript *script)
{
  KioskChipScript *copy;

  g_return_val_if_fail (script != NULL, NULL);

  copy = kiosk_chip_script_new ();
  for (guint i = 0; i < script->steps->len; i++)
    {
      const KioskChipScriptStep *step = g_ptr_array_index (script->steps, i);
      KioskChipScriptStep *dup = g_new0 (KioskChipScriptStep, 1);

      dup->command = g_bytes_ref (step->command); /* immutable */
      dup->expected_sw = g_array_copy (step->expected_sw);
      dup->label = g_strdup (step->label);
      g_ptr_array_add (copy->steps, dup);
    }
  return copy;
}

gboolean
kiosk_chip_script_add (KioskChipScript *script,
                       const guint8 *command,
                       gsize command_len,
                       const guint16 *expected_sw,
                       gsize n_expected,
                       const char *label)
{
  KioskChipScriptStep *step;

  g_return_val_if_fail (script != NULL, FALSE);
  g_return_val_if_fail (command != NULL || command_len == 0, FALSE);
  g_return_val_if_fail (expected_sw != NULL || n_expected == 0, FALSE);

  if (command_len < 4 || command_len > KIOSK_APDU_MAX_COMMAND || n_expected == 0
      || script->steps->len >= KIOSK_CHIP_SCRIPT_MAX_STEPS)
    return FALSE;

  step = g_new0 (KioskChipScriptStep, 1);
  step->command = wiped_bytes_new (command, command_len);
  step->expected_sw = g_array_sized_new (FALSE, FALSE, sizeof (guint16), (guint) n_expected);
  g_array_append_vals (step->expected_sw, expected_sw, (guint) n_expected);
  step->label = g_strdup (label != NULL ? label : "");
  g_ptr_array_add (script->steps, step);
  return TRUE;
}

gboolean
kiosk_chip_script_add_simple (KioskChipScript *script,
                              const guint8 *command,
                              gsize command_len,
                              guint16 expected_sw,
                              const char *label)
{
  return kiosk_chip_script_add (script, command, command_len, &expected_sw, 1, label);
}

guint
kiosk_chip_script_get_n_steps (const KioskChipScript *script)
{
  g_return_val_if_fail (script != NULL, 0);
  return script->steps->len;
}

const KioskChipScriptStep *
kiosk_chip_script_get_step (const KioskChipScript *script, guint index)
{
  g_return_val_if_fail (script != NULL, NULL);
  g_return_val_if_fail (index < script->steps->len, NULL);
  return g_ptr_array_index (script->steps, index);
}

gboolean
kiosk_chip_script_step_accepts (const KioskChipScriptStep *step, guint16 sw)
{
  g_return_val_if_fail (step != NULL, FALSE);
  for (guint i = 0; i < step->expected_sw->len; i++)
    if (g_array_index (step->expected_sw, guint16, i) == sw)
      return TRUE;
  return FALSE;
}
