/* kiosk-window.h — the kiosk's one full-screen window */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-config.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

KioskWindow *kiosk_window_new (GtkApplication *app, const KioskConfig *config);

G_END_DECLS
