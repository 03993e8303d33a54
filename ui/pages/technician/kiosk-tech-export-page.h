/* kiosk-tech-export-page.h — logs, journal and audit to a USB stick
 *
 * 导出 activates app.technician-export('') (the configured directory,
 * [technician] export_dir); the archive's name, its SHA-256 and the files
 * of its checksum manifest show below.
 */
#pragma once

#include "kiosk-export.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_EXPORT_PAGE (kiosk_tech_export_page_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskTechExportPage, kiosk_tech_export_page, KIOSK, TECH_EXPORT_PAGE, KioskPage)

void kiosk_tech_export_page_set_dir (KioskTechExportPage *self, const char *dir);
void kiosk_tech_export_page_set_running (KioskTechExportPage *self);
/* The archive written (NULL with `message`: the export failed). */
void kiosk_tech_export_page_set_result (KioskTechExportPage *self,
                                        const KioskExportResult *result,
                                        const char *message);

G_END_DECLS
