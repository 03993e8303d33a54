/* kiosk-keypad.h — a large numeric keypad with its own display
 *
 * 1–9, 0, ⌫ and, for ID numbers, X. Every key activates the application's
 * action app.keypad-press ('0'…'9', 'X', 'back', 'clear'), which the window
 * hands back to the keypad of the visible page: a touch and a remote
 * helper's D-Bus call do exactly the same.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_KEYPAD (kiosk_keypad_get_type ())
G_DECLARE_FINAL_TYPE (KioskKeypad, kiosk_keypad, KIOSK, KEYPAD, GtkWidget)

const char *kiosk_keypad_get_text (KioskKeypad *self);
void kiosk_keypad_set_text (KioskKeypad *self, const char *text);
/* Applies one key: "0"…"9", "X", "back", "clear". Returns FALSE (and
 * changes nothing) for anything else, X when X is not allowed, or a digit
 * beyond max-length. */
gboolean kiosk_keypad_press (KioskKeypad *self, const char *key);
/* An error under the display (NULL clears it). */
void kiosk_keypad_set_error (KioskKeypad *self, const char *message);

G_END_DECLS
