/* kiosk-text-keyboard.h — Latin letters, digits and a few signs typed by touch
 *
 * For the technician's text fields (a card serial like JL24A000001, a count,
 * a kiosk ID, a center endpoint): A–Z, 0–9, '-', '.', ':', '/', a key that
 * switches the letters to lower case, ⌫, 清空 and 完成. Every key activates
 * app.technician-key with its key, which the application hands back to
 * kiosk_text_keyboard_press(): a finger and a D-Bus call do exactly the
 * same. Keys are at least 64 px in both orientations.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_TEXT_KEYBOARD (kiosk_text_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (KioskTextKeyboard, kiosk_text_keyboard, KIOSK, TEXT_KEYBOARD, GtkBox)

/* The most characters a field typed here may have. */
#define KIOSK_TEXT_KEYBOARD_MAX_CHARS 128

GtkWidget *kiosk_text_keyboard_new (void);

const char *kiosk_text_keyboard_get_text (KioskTextKeyboard *self);
/* Replaces the text (cut to KIOSK_TEXT_KEYBOARD_MAX_CHARS characters). */
void kiosk_text_keyboard_set_text (KioskTextKeyboard *self, const char *text);
/* What the display says the text is for (e.g. "首张卡号"); NULL: nothing. */
void kiosk_text_keyboard_set_title (KioskTextKeyboard *self, const char *title);
gboolean kiosk_text_keyboard_get_lower_case (KioskTextKeyboard *self);

/* One key: "A"…"Z", "a"…"z" (as typed, whatever the case key says), the
 * digits, "-", ".", ":", "/", "_", "case" (the letter keys switch between
 * upper and lower case), "back", "clear" and "done" (emits ::done). FALSE
 * with G_IO_ERROR_INVALID_ARGUMENT and a Chinese message for any other key
 * or a text already KIOSK_TEXT_KEYBOARD_MAX_CHARS long; nothing changes then. */
gboolean kiosk_text_keyboard_press (KioskTextKeyboard *self, const char *key, GError **error);

G_END_DECLS
