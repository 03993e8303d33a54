/* kiosk-application.h — the GtkApplication of the kiosk program */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPLICATION (kiosk_application_get_type ())
G_DECLARE_FINAL_TYPE (KioskApplication, kiosk_application, KIOSK, APPLICATION, GtkApplication)

KioskApplication *kiosk_application_new (void);

G_END_DECLS
