/* kiosk-tech-config-page.h — the configuration: every key shown, the safe fields editable
 *
 * The safe fields (kiosk-config-editor.h: kiosk ID, site, …) have an entry
 * and 保存, which activates app.technician-config-set(('group', 'key',
 * 'value')); the value is validated by the group's own parser before the
 * file is written. Everything else is shown read-only.
 *
 * Each entry is typed by touch: a tap (or app.technician-field('GROUP.KEY'))
 * opens the on-screen keyboard under the page — the pinyin keyboard for
 * the site name (kiosk.site), the Latin one for the others — whose keys
 * come as app.technician-key.
 */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_CONFIG_PAGE (kiosk_tech_config_page_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskTechConfigPage, kiosk_tech_config_page, KIOSK, TECH_CONFIG_PAGE, KioskPage)

/* KioskConfigField (kiosk-config-editor.h). */
void kiosk_tech_config_page_set_fields (KioskTechConfigPage *self, GPtrArray *fields);
void
kiosk_tech_config_page_set_message (KioskTechConfigPage *self, const char *message, gboolean alert);

/* Opens the keyboard for the entry of GROUP.KEY; FALSE for a field not editable here. */
gboolean
kiosk_tech_config_page_edit_field (KioskTechConfigPage *self, const char *name, GError **error);
/* One key for the field being edited (kiosk_tech_text_editor_key()). */
gboolean kiosk_tech_config_page_key (KioskTechConfigPage *self, const char *key, GError **error);
/* An entry's text (NULL: no such field), and the field being edited ("": none). */
const char *kiosk_tech_config_page_get_field (KioskTechConfigPage *self, const char *name);
const char *kiosk_tech_config_page_get_editing (KioskTechConfigPage *self);

G_END_DECLS
