/* kiosk-signature-pad.h — the citizen signs with a finger
 *
 * Strokes are kept in coordinates relative to the pad (0…1 both ways), so
 * a signature drawn in portrait looks the same in landscape and a stroke
 * sent over D-Bus (app.add-stroke, an array of (x, y)) lands where a finger
 * would have drawn it. A finished finger stroke is handed to that same
 * action.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_SIGNATURE_PAD (kiosk_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (KioskSignaturePad, kiosk_signature_pad, KIOSK, SIGNATURE_PAD, GtkDrawingArea)

/* `points` is a GVariant of type a(dd), each coordinate in 0…1 (clamped).
 * A stroke of fewer than one point is ignored (returns FALSE). */
gboolean kiosk_signature_pad_add_stroke (KioskSignaturePad *self, GVariant *points);
void kiosk_signature_pad_clear (KioskSignaturePad *self);
gboolean kiosk_signature_pad_is_empty (KioskSignaturePad *self);
guint kiosk_signature_pad_get_n_strokes (KioskSignaturePad *self);
/* Black ink on white, `width`×`height` pixels, as PNG; NULL when empty. */
GBytes *kiosk_signature_pad_to_png (KioskSignaturePad *self, int width, int height, GError **error);

G_END_DECLS
