/* kiosk-address-keyboard.h — the correspondence address typed by touch
 *
 * A display of the address, quick buttons for Jilin's province, cities and
 * districts (data/jilin-divisions.ini), a pinyin keyboard with the
 * candidates of data/address-pinyin.ini, digits and "-". Every button
 * activates app.address-key with its key, which the window hands back to
 * kiosk_address_keyboard_press(): a finger and a remote helper's D-Bus call
 * do exactly the same. Keys ≥ 72 px high; in landscape the quick buttons
 * stand beside the keys.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_ADDRESS_KEYBOARD (kiosk_address_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (KioskAddressKeyboard, kiosk_address_keyboard, KIOSK, ADDRESS_KEYBOARD, GtkBox)

/* The most characters an address may have (the form's check says the same). */
#define KIOSK_ADDRESS_MAX_CHARS 100
/* Candidates shown at once. */
#define KIOSK_ADDRESS_CANDIDATES 8

GtkWidget *kiosk_address_keyboard_new (void);

/* Loads the two data files (NULL: those of kiosk_paths_data_file()).
 * Without them the keyboard has digits only, and says so. */
gboolean kiosk_address_keyboard_load_data (KioskAddressKeyboard *self,
                                           const char *pinyin_path,
                                           const char *divisions_path,
                                           GError **error);

/* The address typed so far (the pinyin not yet chosen is not part of it). */
const char *kiosk_address_keyboard_get_text (KioskAddressKeyboard *self);
void kiosk_address_keyboard_set_text (KioskAddressKeyboard *self, const char *text);
/* The letters typed and not yet turned into characters. */
const char *kiosk_address_keyboard_get_pinyin (KioskAddressKeyboard *self);
/* The candidates on the current page (NULL-terminated, owned by the keyboard). */
const char *const *kiosk_address_keyboard_get_candidates (KioskAddressKeyboard *self);

/* One key: "a"…"z", "0"…"9", "-", "back" (the last letter, or the last
 * character), "clear", "pick:N" (candidate N of the page, 0-based), "next"
 * and "prev" (pages of candidates), "division:NAME" (the province, a city —
 * whose districts are then offered — or a district). FALSE with
 * G_IO_ERROR_INVALID_ARGUMENT and a Chinese message for an unknown key, a
 * candidate that is not there, more than KIOSK_ADDRESS_MAX_CHARS, or more
 * than 24 letters; nothing changes then. */
gboolean kiosk_address_keyboard_press (KioskAddressKeyboard *self, const char *key, GError **error);

G_END_DECLS
