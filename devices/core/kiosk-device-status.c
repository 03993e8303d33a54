/* kiosk-device-status.c — a device's status record */
#define G_LOG_DOMAIN "kiosk-device"

#include "config.h"

#include "kiosk-device-status.h"

static void
counter_clear (gpointer data)
{
  KioskDeviceCounter *counter = data;

  g_clear_pointer (&counter->name, g_free);
}

KioskDeviceStatus *
kiosk_device_status_new (void)
{
  KioskDeviceStatus *status = g_new0 (KioskDeviceStatus, 1);

  status->counters = g_array_new (FALSE, TRUE, sizeof (KioskDeviceCounter));
  g_array_set_clear_func (status->counters, counter_clear);
  return status;
}

KioskDeviceStatus *
kiosk_device_status_copy (const KioskDeviceStatus *status)
{
  KioskDeviceStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = kiosk_device_status_new ();
  copy->name = g_strdup (status->name);
  copy->kind = g_strdup (status->kind);
  copy->driver = g_strdup (status->driver);
  copy->model = g_strdup (status->model);
  copy->identity = g_strdup (status->identity);
  copy->port = g_strdup (status->port);
  copy->simulated = status->simulated;
  copy->connected = status->connected;
  copy->card_present = status->card_present;
  copy->operation = g_strdup (status->operation);
  copy->last_error = g_strdup (status->last_error);
  copy->last_error_code = g_strdup (status->last_error_code);
  copy->last_error_time = status->last_error_time;
  for (guint i = 0; i < status->counters->len; i++)
    {
      const KioskDeviceCounter *c = &g_array_index (status->counters, KioskDeviceCounter, i);
      KioskDeviceCounter dup = { g_strdup (c->name), c->value };

      g_array_append_val (copy->counters, dup);
    }
  return copy;
}

void
kiosk_device_status_free (KioskDeviceStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->name);
  g_free (status->kind);
  g_free (status->driver);
  g_free (status->model);
  g_free (status->identity);
  g_free (status->port);
  g_free (status->operation);
  g_free (status->last_error);
  g_free (status->last_error_code);
  g_array_unref (status->counters);
  g_free (status);
}

guint64
kiosk_device_status_get_counter (const KioskDeviceStatus *status, const char *name)
{
  g_return_val_if_fail (status != NULL && name != NULL, 0);

  for (guint i = 0; i < status->counters->len; i++)
    {
      const KioskDeviceCounter *c = &g_array_index (status->counters, KioskDeviceCounter, i);

      if (g_str_equal (c->name, name))
        return c->value;
    }
  return 0;
}

void
kiosk_device_status_add_counter (KioskDeviceStatus *status, const char *name, guint64 delta)
{
  KioskDeviceCounter fresh;

  g_return_if_fail (status != NULL && name != NULL);

  for (guint i = 0; i < status->counters->len; i++)
    {
      KioskDeviceCounter *c = &g_array_index (status->counters, KioskDeviceCounter, i);

      if (g_str_equal (c->name, name))
        {
          c->value += delta;
          return;
        }
    }
  fresh.name = g_strdup (name);
  fresh.value = delta;
  g_array_append_val (status->counters, fresh);
}
