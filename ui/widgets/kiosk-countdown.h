/* kiosk-countdown.h — the seconds left on a page, in the top bar's corner
 *
 * Display only: the window decides the time (the flow's page timeout, or
 * its own for the final pages) and sets it here a few times a second.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_COUNTDOWN (kiosk_countdown_get_type ())
G_DECLARE_FINAL_TYPE (KioskCountdown, kiosk_countdown, KIOSK, COUNTDOWN, GtkWidget)

/* `seconds` 0 hides the countdown (a page without timeout). `warning`: the
 * end is near — the countdown says so in words and colour. */
void kiosk_countdown_set_seconds (KioskCountdown *self, guint seconds, gboolean warning);
guint kiosk_countdown_get_seconds (KioskCountdown *self);

G_END_DECLS
