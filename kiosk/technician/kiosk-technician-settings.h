/* kiosk-technician-settings.h — the [technician] group of the configuration
 *
 *   [technician]
 *   lockout_minutes = 15     # 1–1440: how long 5 wrong operator PINs in a row lock the entry
 *   idle_timeout_s = 300     # 5–3600: technician mode leaves by itself after this long untouched
 *   export_dir = /media/usb  # where the touchscreen's export writes (the USB stick's mount
 *                            # point): an absolute path, at most 255 bytes
 *
 * Every key is optional; an unknown key or a garbage value is refused with
 * KIOSK_CONFIG_ERROR_INVALID_VALUE naming it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint lockout_minutes;
  guint idle_timeout_s;
  char export_dir[256];
} KioskTechnicianSettings;

#define KIOSK_TECHNICIAN_DEFAULT_EXPORT_DIR "/media/usb"

#define KIOSK_TECHNICIAN_GROUP "technician"

/* The defaults above. */
void kiosk_technician_settings_init (KioskTechnicianSettings *settings);
/* Reads [technician] of `keyfile` (NULL or a missing group: the defaults). */
gboolean kiosk_technician_settings_load (KioskTechnicianSettings *settings,
                                         GKeyFile *keyfile,
                                         GError **error);
/* lockout_minutes in seconds. */
guint kiosk_technician_settings_get_lockout_s (const KioskTechnicianSettings *settings);

G_END_DECLS
