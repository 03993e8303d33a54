/* kiosk-recent-errors.c — recent failures from the journal and the devices */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <string.h>

#include "kiosk-mask.h"
#include "kiosk-recent-errors.h"

void
kiosk_recent_error_free (KioskRecentError *error)
{
  if (error == NULL)
    return;
  g_free (error->source);
  g_free (error->where);
  g_free (error->message);
  g_free (error);
}

/* Outcomes the flows write when a step did not succeed. */
static gboolean
is_failure (const char *result)
{
  static const char *const prefixes[] = { "failed", "error", "unknown", "timeout", "timed out" };

  for (gsize i = 0; result != NULL && i < G_N_ELEMENTS (prefixes); i++)
    if (g_ascii_strncasecmp (result, prefixes[i], strlen (prefixes[i])) == 0)
      return TRUE;
  return FALSE;
}

static void
add (GPtrArray *errors, gint64 time, const char *source, char *where, const char *message)
{
  KioskRecentError *e = g_new0 (KioskRecentError, 1);

  e->time = time;
  e->source = g_strdup (source);
  e->where = where;
  e->message = kiosk_mask_text (message);
  g_ptr_array_add (errors, e);
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  const KioskRecentError *x = *(const KioskRecentError *const *) a;
  const KioskRecentError *y = *(const KioskRecentError *const *) b;

  return x->time > y->time ? -1 : x->time < y->time;
}

GPtrArray *
kiosk_recent_errors_list (
    KioskStore *store, KioskDeviceManager *devices, guint sessions, guint limit, GError **error)
{
  g_autoptr (GPtrArray) errors
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_recent_error_free);
  g_autoptr (GPtrArray) recent = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  recent = kiosk_store_list_recent_sessions (store, MAX (sessions, 1), error);
  if (recent == NULL)
    return NULL;
  for (guint i = 0; i < recent->len; i++)
    {
      const KioskJournalSession *session = g_ptr_array_index (recent, i);
      g_autoptr (GPtrArray) steps = kiosk_store_list_steps (store, session->uuid, error);

      if (steps == NULL)
        return NULL;
      for (guint j = 0; j < steps->len; j++)
        {
          const KioskJournalStep *step = g_ptr_array_index (steps, j);

          if (step->phase == KIOSK_JOURNAL_OUTCOME && is_failure (step->result))
            add (errors, step->time, "journal",
                 g_strdup_printf ("%s %s %s", session->service, session->uuid, step->step),
                 step->result);
        }
    }

  for (guint i = 0; devices != NULL && i < kiosk_device_manager_get_devices (devices)->len; i++)
    {
      KioskDevice *device = g_ptr_array_index (kiosk_device_manager_get_devices (devices), i);
      g_autoptr (KioskDeviceStatus) status = kiosk_device_get_status (device);

      if (status->last_error != NULL)
        add (errors, status->last_error_time / G_USEC_PER_SEC, "device", g_strdup (status->name),
             status->last_error);
    }

  g_ptr_array_sort (errors, newest_first);
  if (limit > 0 && errors->len > limit)
    g_ptr_array_set_size (errors, limit);
  return g_steal_pointer (&errors);
}
