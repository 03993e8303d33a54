/* kiosk-apdu-script.c — a chip-personalisation script and its text form */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-apdu-script.h"

#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK (kiosk - apdu - script - error - quark, kiosk_apdu_script_error)

G_DEFINE_BOXED_TYPE (KioskApduScript,
                     kiosk_apdu_script,
                     kiosk_apdu_script_copy,
                     kiosk_apdu_script_free)

#define MAX_EXPECTED_SW 8

static void
step_free (gpointer data)
{
  KioskApduStep *step = data;

  g_clear_pointer (&step->command, g_bytes_unref);
  g_clear_pointer (&step->expected_sw, g_array_unref);
  g_free (step->description);
  g_free (step);
}

static KioskApduStep *
step_new (GBytes *command, GArray *expected_sw, const char *description)
{
  KioskApduStep *step = g_new0 (KioskApduStep, 1);

  step->command = command;
  step->expected_sw = expected_sw;
  step->description = g_strdup (description != NULL ? description : "");
  /* The text form is one line per step. */
  g_strdelimit (step->description, "\r\n", ' ');
  g_strstrip (step->description);
  return step;
}

KioskApduScript *
kiosk_apdu_script_new (void)
{
  KioskApduScript *script = g_new0 (KioskApduScript, 1);

  script->steps = g_ptr_array_new_with_free_func (step_free);
  return script;
}

KioskApduScript *
kiosk_apdu_script_copy (const KioskApduScript *script)
{
  KioskApduScript *copy;

  g_return_val_if_fail (script != NULL, NULL);

  copy = kiosk_apdu_script_new ();
  for (guint i = 0; i < script->steps->len; i++)
    {
      const KioskApduStep *step = g_ptr_array_index (script->steps, i);
      GArray *sw = g_array_sized_new (FALSE, FALSE, sizeof (guint16), step->expected_sw->len);

      g_array_append_vals (sw, step->expected_sw->data, step->expected_sw->len);
      g_ptr_array_add (copy->steps, step_new (g_bytes_ref (step->command), sw, step->description));
    }
  return copy;
}

void
kiosk_apdu_script_free (KioskApduScript *script)
{
  if (script == NULL)
    return;
  g_ptr_array_unref (script->steps);
  g_free (script);
}

void
kiosk_apdu_script_add (KioskApduScript *script,
                       const guint8 *command,
                       gsize command_len,
                       const char *description,
                       guint expected_sw,
                       ...)
{
  GArray *sw;
  va_list args;
  guint16 first;

  g_return_if_fail (script != NULL);
  g_return_if_fail (command != NULL && command_len >= 4 && command_len <= KIOSK_APDU_MAX_COMMAND);
  g_return_if_fail (expected_sw != 0 && expected_sw <= G_MAXUINT16);

  sw = g_array_new (FALSE, FALSE, sizeof (guint16));
  first = (guint16) expected_sw;
  g_array_append_val (sw, first);
  /* The last named parameter is a guint, not a guint16: va_start after a
   * parameter that undergoes promotion is undefined behaviour. */
  va_start (args, expected_sw);
  for (;;)
    {
      /* guint16 is promoted to int through the ellipsis. */
      guint16 next = (guint16) va_arg (args, int);

      if (next == 0)
        break;
      g_array_append_val (sw, next);
    }
  va_end (args);

  g_ptr_array_add (script->steps, step_new (g_bytes_new (command, command_len), sw, description));
}

guint
kiosk_apdu_script_get_n_steps (const KioskApduScript *script)
{
  g_return_val_if_fail (script != NULL, 0);
  return script->steps->len;
}

const KioskApduStep *
kiosk_apdu_script_get_step (const KioskApduScript *script, guint index)
{
  g_return_val_if_fail (script != NULL, NULL);
  g_return_val_if_fail (index < script->steps->len, NULL);
  return g_ptr_array_index (script->steps, index);
}

gboolean
kiosk_apdu_step_accepts (const KioskApduStep *step, guint16 sw)
{
  g_return_val_if_fail (step != NULL, FALSE);

  for (guint i = 0; i < step->expected_sw->len; i++)
    if (g_array_index (step->expected_sw, guint16, i) == sw)
      return TRUE;
  return FALSE;
}

static void
append_hex (GString *out, const guint8 *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02X", data[i]);
}

char *
kiosk_apdu_step_command_hex (const KioskApduStep *step)
{
  GString *out;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (step != NULL, NULL);

  data = g_bytes_get_data (step->command, &len);
  out = g_string_sized_new (len * 2 + 1);
  append_hex (out, data, len);
  return g_string_free (out, FALSE);
}

char *
kiosk_apdu_script_to_text (const KioskApduScript *script)
{
  GString *out;

  g_return_val_if_fail (script != NULL, NULL);

  out = g_string_new ("# sskiosk APDU script: command SW[,SW...] description\n");
  for (guint i = 0; i < script->steps->len; i++)
    {
      const KioskApduStep *step = g_ptr_array_index (script->steps, i);
      gsize len;
      const guint8 *data = g_bytes_get_data (step->command, &len);

      append_hex (out, data, len);
      for (guint j = 0; j < step->expected_sw->len; j++)
        g_string_append_printf (out, "%c%04X", j == 0 ? ' ' : ',',
                                g_array_index (step->expected_sw, guint16, j));
      if (step->description[0] != '\0')
        g_string_append_printf (out, " %s", step->description);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static int
hex_nibble (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Parses `len` hex characters into bytes; FALSE on an odd length or a
 * non-hex character. */
static gboolean
parse_hex (const char *text, gsize len, GByteArray *out)
{
  if (len % 2 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i += 2)
    {
      int hi = hex_nibble (text[i]);
      int lo = hex_nibble (text[i + 1]);
      guint8 byte;

      if (hi < 0 || lo < 0)
        return FALSE;
      byte = (guint8) (hi << 4 | lo);
      g_byte_array_append (out, &byte, 1);
    }
  return TRUE;
}

static gboolean
parse_line (KioskApduScript *script, const char *line, guint line_no, GError **error)
{
  const char *p = line;
  const char *start;
  g_autoptr (GByteArray) command = g_byte_array_new ();
  g_autoptr (GArray) sw = g_array_new (FALSE, FALSE, sizeof (guint16));

  /* The command. */
  start = p;
  while (*p != '\0' && *p != ' ' && *p != '\t')
    p++;
  if (!parse_hex (start, (gsize) (p - start), command))
    {
      g_set_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                   "line %u: the command is not an even number of hex digits", line_no);
      return FALSE;
    }
  if (command->len < 4 || command->len > KIOSK_APDU_MAX_COMMAND)
    {
      g_set_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                   "line %u: a command has 4 to %d bytes, this one has %u", line_no,
                   KIOSK_APDU_MAX_COMMAND, command->len);
      return FALSE;
    }

  /* The expected status words. */
  while (*p == ' ' || *p == '\t')
    p++;
  for (;;)
    {
      GByteArray *bytes;
      guint16 value;

      start = p;
      while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t')
        p++;
      bytes = g_byte_array_new ();
      if (p - start != 4 || !parse_hex (start, 4, bytes))
        {
          g_byte_array_unref (bytes);
          g_set_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                       "line %u: a status word is 4 hex digits (e.g. 9000)", line_no);
          return FALSE;
        }
      value = (guint16) (bytes->data[0] << 8 | bytes->data[1]);
      g_byte_array_unref (bytes);
      if (value == 0 || sw->len >= MAX_EXPECTED_SW)
        {
          g_set_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                       "line %u: status words are 1 to %d non-zero values", line_no,
                       MAX_EXPECTED_SW);
          return FALSE;
        }
      g_array_append_val (sw, value);
      if (*p != ',')
        break;
      p++;
    }

  /* The rest is the description. */
  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_utf8_validate (p, -1, NULL))
    {
      g_set_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                   "line %u: the description is not UTF-8", line_no);
      return FALSE;
    }
  if (script->steps->len >= KIOSK_APDU_SCRIPT_MAX_STEPS)
    {
      g_set_error (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                   "line %u: a script has at most %d steps", line_no, KIOSK_APDU_SCRIPT_MAX_STEPS);
      return FALSE;
    }
  g_ptr_array_add (script->steps, step_new (g_byte_array_free_to_bytes (g_steal_pointer (&command)),
                                            g_steal_pointer (&sw), p));
  return TRUE;
}

KioskApduScript *
kiosk_apdu_script_parse (const char *text, gssize len, GError **error)
{
  g_autoptr (KioskApduScript) script = kiosk_apdu_script_new ();
  g_autofree char *copy = NULL;
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    {
      g_set_error_literal (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                           "no script");
      return NULL;
    }
  if (len < 0)
    len = (gssize) strlen (text);
  if (memchr (text, '\0', (gsize) len) != NULL)
    {
      g_set_error_literal (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                           "the script contains a NUL byte");
      return NULL;
    }
  copy = g_strndup (text, (gsize) len);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize l = strlen (line);

      if (l > 0 && line[l - 1] == '\r')
        line[l - 1] = '\0';
      g_strstrip (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!parse_line (script, line, i + 1, error))
        return NULL;
    }
  if (script->steps->len == 0)
    {
      g_set_error_literal (error, KIOSK_APDU_SCRIPT_ERROR, KIOSK_APDU_SCRIPT_ERROR_PARSE,
                           "the script has no steps");
      return NULL;
    }
  return g_steal_pointer (&script);
}

gboolean
kiosk_apdu_script_equal (const KioskApduScript *a, const KioskApduScript *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->steps->len != b->steps->len)
    return FALSE;
  for (guint i = 0; i < a->steps->len; i++)
    {
      const KioskApduStep *sa = g_ptr_array_index (a->steps, i);
      const KioskApduStep *sb = g_ptr_array_index (b->steps, i);

      if (!g_bytes_equal (sa->command, sb->command) || sa->expected_sw->len != sb->expected_sw->len
          || memcmp (sa->expected_sw->data, sb->expected_sw->data,
                     sa->expected_sw->len * sizeof (guint16))
                 != 0
          || g_strcmp0 (sa->description, sb->description) != 0)
        return FALSE;
    }
  return TRUE;
}
