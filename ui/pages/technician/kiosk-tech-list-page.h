/* kiosk-tech-list-page.h — a technician page that is one list of lines
 *
 * Device status, supplies, recent sessions and recent errors are each a
 * KioskTechListPage made with its own page-id and heading; the technician
 * actions fill the list (kiosk-tech-util.h) from KioskTechnician.
 */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_LIST_PAGE (kiosk_tech_list_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskTechListPage, kiosk_tech_list_page, KIOSK, TECH_LIST_PAGE, KioskPage)

KioskTechListPage *kiosk_tech_list_page_new (const char *page_id, const char *heading);
/* The vertical box of lines. */
GtkBox *kiosk_tech_list_page_get_list (KioskTechListPage *self);
/* A line above the list ("正在查询…", an error); NULL hides it. */
void kiosk_tech_list_page_set_message (KioskTechListPage *self, const char *message);

G_END_DECLS
