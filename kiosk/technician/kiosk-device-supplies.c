/* kiosk-device-supplies.c — ribbon, cards, paper and the hopper */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include "kiosk-card-feeder.h"
#include "kiosk-device-supplies.h"
#ifdef KIOSK_HAVE_PRINTERS
#include "kiosk-printer.h"
#endif

void
kiosk_supply_free (KioskSupply *supply)
{
  if (supply == NULL)
    return;
  g_free (supply->device);
  g_free (supply->item);
  g_free (supply->label);
  g_free (supply->status);
  g_free (supply);
}

typedef struct
{
  GPtrArray *supplies;
  guint pending;
} Supplies;

static void
supplies_free (gpointer data)
{
  Supplies *s = data;

  g_ptr_array_unref (s->supplies);
  g_free (s);
}

static void
add_supply (Supplies *s,
            KioskDevice *device,
            const char *item,
            const char *label,
            int level,
            gboolean ok,
            gboolean low,
            char *status)
{
  KioskSupply *supply = g_new0 (KioskSupply, 1);

  supply->device = g_strdup (kiosk_device_get_name (device));
  supply->item = g_strdup (item);
  supply->label = g_strdup (label);
  supply->level = level;
  supply->ok = ok;
  supply->low = low;
  supply->status = status;
  g_ptr_array_add (s->supplies, supply);
}

static void
supplies_done (GTask *task)
{
  Supplies *s = g_task_get_task_data (task);

  if (--s->pending > 0)
    {
      g_object_unref (task);
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (s->supplies), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

#ifdef KIOSK_HAVE_PRINTERS
/* "ok", or the conditions and their Chinese phrases, of `mask`. */
static char *
describe_conditions (const KioskPrinterStatus *status, guint mask)
{
  GString *out = g_string_new (NULL);

  for (guint bit = 1; bit <= KIOSK_PRINTER_OTHER_ERROR; bit <<= 1)
    if (status->conditions & mask & bit)
      g_string_append_printf (out, "%s%s %s", out->len ? ", " : "",
                              kiosk_printer_condition_to_string (bit),
                              kiosk_printer_condition_describe (bit));
  if (out->len == 0)
    g_string_append (out, "ok");
  return g_string_free (out, FALSE);
}

static void
printer_status_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Supplies *s = g_task_get_task_data (task);
  KioskDevice *device = KIOSK_DEVICE (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPrinterStatus) status
      = kiosk_printer_query_status_finish (KIOSK_PRINTER (source), result, &error);
  const guint blocking = KIOSK_PRINTER_BLOCKING_CONDITIONS;
  guint media = KIOSK_PRINTER_MEDIA_LOW | KIOSK_PRINTER_MEDIA_EMPTY | KIOSK_PRINTER_MEDIA_JAM
                | KIOSK_PRINTER_INPUT_MISSING;
  gboolean ready;

  if (status == NULL)
    status = kiosk_printer_status_new_offline (error != NULL ? error->message : NULL);
  ready = kiosk_printer_status_is_ready (status);
  if (kiosk_device_get_kind (device) == KIOSK_DEVICE_KIND_CARD_PRINTER)
    {
      guint ribbon = KIOSK_PRINTER_RIBBON_LOW | KIOSK_PRINTER_RIBBON_EMPTY;

      add_supply (s, device, "ribbon", "色带", status->ribbon_level, ready,
                  (status->conditions & ribbon) != 0,
                  describe_conditions (status, ribbon | (blocking & ~media)));
      add_supply (s, device, "cards", "打印机卡片", -1, ready, (status->conditions & media) != 0,
                  describe_conditions (status, media));
    }
  else
    add_supply (s, device, "paper", "凭条纸", -1, ready,
                (status->conditions & KIOSK_PRINTER_MEDIA_LOW) != 0,
                describe_conditions (status, blocking | KIOSK_PRINTER_MEDIA_LOW));
  supplies_done (task);
}
#endif

static void
hopper_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Supplies *s = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state
      = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (source), result, &error);

  if (state == NULL)
    add_supply (s, KIOSK_DEVICE (source), "hopper", "料斗空白卡", -1, FALSE, FALSE,
                g_strdup_printf ("无应答 (no answer): %s", error->message));
  else
    add_supply (s, KIOSK_DEVICE (source), "hopper", "料斗空白卡", (int) state->hopper_level,
                state->hopper_level > 0 && !state->jammed, state->hopper_level < 10,
                g_strdup (state->jammed              ? "jammed 卡道卡住"
                          : state->hopper_level == 0 ? "empty 料斗无卡"
                                                     : "ok"));
  supplies_done (task);
}

void
kiosk_device_supplies_async (KioskDeviceManager *devices,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  GTask *task;
  Supplies *s;
  GPtrArray *list;

  g_return_if_fail (KIOSK_IS_DEVICE_MANAGER (devices));

  task = g_task_new (devices, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_device_supplies_async);
  s = g_new0 (Supplies, 1);
  s->supplies = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_supply_free);
  s->pending = 1; /* dropped below, after every query is started */
  g_task_set_task_data (task, s, supplies_free);

  list = kiosk_device_manager_get_devices (devices);
  for (guint i = 0; i < list->len; i++)
    {
      KioskDevice *device = g_ptr_array_index (list, i);

      switch (kiosk_device_get_kind (device))
        {
#ifdef KIOSK_HAVE_PRINTERS
          case KIOSK_DEVICE_KIND_CARD_PRINTER:
          case KIOSK_DEVICE_KIND_RECEIPT_PRINTER:
            s->pending++;
            kiosk_printer_query_status_async (KIOSK_PRINTER (device), cancellable,
                                              printer_status_cb, g_object_ref (task));
            break;
#endif
          case KIOSK_DEVICE_KIND_CARD_FEEDER:
            s->pending++;
            kiosk_card_feeder_query_state_async (KIOSK_CARD_FEEDER (device), cancellable, hopper_cb,
                                                 g_object_ref (task));
            break;
          default:
            break;
        }
    }
  supplies_done (task);
}

GPtrArray *
kiosk_device_supplies_finish (KioskDeviceManager *devices, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, devices), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
