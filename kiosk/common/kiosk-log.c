/* kiosk-log.c — the program-wide log writer that masks personal data
 *
 * Code masks names and addresses itself (kiosk_mask()); this writer is the
 * last line of defence for the digit runs that can be recognised anywhere:
 * ID numbers and mobile numbers.
 */
#define G_LOG_DOMAIN "kiosk-log"

#include "config.h"

#include <string.h>

#include "kiosk-log.h"
#include "kiosk-mask.h"

GLogWriterOutput
kiosk_log_writer (GLogLevelFlags log_level,
                  const GLogField *fields,
                  gsize n_fields,
                  gpointer user_data)
{
  g_autofree GLogField *copy = g_memdup2 (fields, sizeof (GLogField) * n_fields);
  g_autofree char *masked = NULL;
  gsize i;

  for (i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (copy[i].key, "MESSAGE") == 0 && copy[i].value != NULL)
        {
          g_autofree char *text = copy[i].length < 0 ? g_strdup (copy[i].value)
                                                     : g_strndup (copy[i].value, copy[i].length);
          g_free (masked);
          masked = kiosk_mask_text (text);
          copy[i].value = masked;
          copy[i].length = -1;
        }
    }
  return g_log_writer_default (log_level, copy, n_fields, user_data);
}

void
kiosk_log_init (void)
{
  g_log_set_writer_func (kiosk_log_writer, NULL, NULL);
}
