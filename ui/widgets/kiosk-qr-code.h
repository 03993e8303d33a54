/* kiosk-qr-code.h — a QR code on the screen (the receipt's, so a phone can read it) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_QR_CODE (kiosk_qr_code_get_type ())
G_DECLARE_FINAL_TYPE (KioskQrCode, kiosk_qr_code, KIOSK, QR_CODE, GtkWidget)

/* NULL or "" shows nothing. A payload too long for a QR code is refused
 * (FALSE) and shows nothing. */
gboolean kiosk_qr_code_set_payload (KioskQrCode *self, const char *payload);
/* Modules per side, 0 when empty. */
guint kiosk_qr_code_get_size (KioskQrCode *self);

G_END_DECLS
