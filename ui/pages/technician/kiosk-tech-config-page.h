/* kiosk-tech-config-page.h — the configuration: every key shown, the safe fields editable
 *
 * The safe fields (kiosk-config-editor.h: kiosk ID, site, …) have an entry
 * and 保存, which activates app.technician-config-set(('group', 'key',
 * 'value')); the value is validated by the group's own parser before the
 * file is written. Everything else is shown read-only.
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

G_END_DECLS
