/* kiosk-device-supplies.h — ribbon, cards, paper and the hopper, for the technician pages
 *
 * Asks every printer for its status (printer-state-reasons and marker
 * levels, devices/printer) and the card transport for its hopper, and puts
 * it as one line per supply: the card printer's ribbon and cards, the
 * receipt printer's paper, the transport's blank cards.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-device-manager.h"

G_BEGIN_DECLS

typedef struct
{
  char *device; /* "card_printer", "receipt_printer", "cardfeed" */
  char *item;   /* "ribbon", "cards", "paper", "hopper" */
  char *label;  /* Chinese: 色带, 卡片, 凭条纸, 料斗空白卡 */
  int level;    /* percent (ribbon), count (hopper), -1 when unknown */
  gboolean ok;  /* nothing blocks printing or feeding */
  gboolean low; /* low: order supplies */
  char *status; /* the conditions ("ribbon-low", "media-empty") or "ok"; the Chinese phrase */
} KioskSupply;

void kiosk_supply_free (KioskSupply *supply);

/* Asks every printer for its status and the transport for its hopper:
 * ribbon, cards and paper as KioskSupply (array). A printer that cannot be
 * reached is listed as offline, not an error. */
void kiosk_device_supplies_async (KioskDeviceManager *devices,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
GPtrArray *
kiosk_device_supplies_finish (KioskDeviceManager *devices, GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSupply, kiosk_supply_free)

G_END_DECLS
