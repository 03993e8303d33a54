/* kiosk-tech-text-editor.h — the keyboard of a technician page's text fields
 *
 * A technician page puts one editor under its forms. Tapping a field (or
 * app.technician-field('NAME')) opens the editor for it: KioskTextKeyboard
 * for Latin text, or KioskAddressKeyboard (pinyin, Jilin's divisions) for a
 * field in Chinese such as the site name. Every key, a finger's or D-Bus's,
 * comes as app.technician-key('KEY') to kiosk_tech_text_editor_key(); the
 * text typed lands in the field at once; 完成 ('done') closes the editor.
 * The field stays a normal GtkEntry: a USB keyboard still works. Its
 * "layout-orientation" (bound to the page's) lays the pinyin keyboard out
 * for landscape.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_TEXT_EDITOR (kiosk_tech_text_editor_get_type ())
G_DECLARE_FINAL_TYPE (KioskTechTextEditor, kiosk_tech_text_editor, KIOSK, TECH_TEXT_EDITOR, GtkBox)

/* Which keyboard a field takes. */
typedef enum
{
  KIOSK_TECH_TEXT_LATIN,
  KIOSK_TECH_TEXT_CHINESE,
} KioskTechTextKind;

GtkWidget *kiosk_tech_text_editor_new (void);

/* Makes `entry` open the editor when tapped: it activates
 * app.technician-field(name). `name` is kept on the entry. */
void kiosk_tech_text_editor_attach (GtkWidget *entry, const char *name);
/* The entry of `root`'s subtree attached under `name`, or NULL. */
GtkWidget *kiosk_tech_text_editor_find (GtkWidget *root, const char *name);

/* Opens the editor for `entry` (its text is where typing starts). */
void kiosk_tech_text_editor_open (KioskTechTextEditor *self,
                                  GtkWidget *entry,
                                  const char *title,
                                  KioskTechTextKind kind);
/* The keyboard of the last field opened. */
KioskTechTextKind kiosk_tech_text_editor_get_kind (KioskTechTextEditor *self);
/* The field being edited ("" when the editor is closed). */
const char *kiosk_tech_text_editor_get_field (KioskTechTextEditor *self);
/* One key for the open keyboard (see kiosk_text_keyboard_press() and
 * kiosk_address_keyboard_press()); "done" closes. FALSE with a Chinese
 * message when no field is open or the key is refused; nothing changes. */
gboolean kiosk_tech_text_editor_key (KioskTechTextEditor *self, const char *key, GError **error);
void kiosk_tech_text_editor_close (KioskTechTextEditor *self);

G_END_DECLS
