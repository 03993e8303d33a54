/* kiosk-main-window.h — the kiosk's one full-screen window: the frame and its pages
 *
 * The window presents: it shows the page of the flow's state (and the
 * form's sub-pages), the steps, the countdown and its warning, errors, and
 * goes home when a flow ends. It decides nothing about a citizen's case.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-config.h"
#include "kiosk-flow.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_MAIN_WINDOW (kiosk_main_window_get_type ())
G_DECLARE_FINAL_TYPE (KioskMainWindow, kiosk_main_window, KIOSK, MAIN_WINDOW, GtkApplicationWindow)

KioskMainWindow *
kiosk_main_window_new (GtkApplication *app, const KioskConfig *config, gboolean production);

/* The page id shown ("attract", "form-phone", …): the "current-page" property. */
const char *kiosk_main_window_get_current_page (KioskMainWindow *self);
KioskPage *kiosk_main_window_get_visible_page (KioskMainWindow *self);
/* Shows a page outside any flow ("recovering", "attract", "out-of-service"). */
void kiosk_main_window_show_page (KioskMainWindow *self, const char *page_id);
/* The attract page, with a notice ("操作超时…") or none. Wipes every page. */
void kiosk_main_window_go_home (KioskMainWindow *self, const char *notice);

/* Follows `flow` (NULL: none): its pages, steps, countdown and end. The
 * final-page timeouts use `settings` (page_timeout_s, warning_s). */
void kiosk_main_window_set_flow (KioskMainWindow *self, KioskFlow *flow);
/* The kiosk's camera (a KioskCamera, or NULL): it streams only while the
 * camera page is shown (kiosk_camera_set_on_demand(), docs/performance.md). */
void kiosk_main_window_set_camera (KioskMainWindow *self, GObject *camera);
KioskFlow *kiosk_main_window_get_flow (KioskMainWindow *self);

/* The form's sub-pages (green channel FORM): next / previous, or FALSE when
 * there is none (then the flow's confirm / go_back applies). */
gboolean kiosk_main_window_form_next (KioskMainWindow *self);
gboolean kiosk_main_window_form_previous (KioskMainWindow *self);
/* Shows the sub-page of a form field ("phone", "bank", …). */
void kiosk_main_window_form_show_field (KioskMainWindow *self, const char *field);

/* An error over the page, for the citizen (NULL clears). */
void kiosk_main_window_show_error (KioskMainWindow *self, const char *message);
/* 继续办理: hides the warning and restarts the countdown. */
void kiosk_main_window_extend (KioskMainWindow *self);
gboolean kiosk_main_window_get_warning_visible (KioskMainWindow *self);

void kiosk_main_window_set_large_text (KioskMainWindow *self, gboolean large);
void kiosk_main_window_set_site (KioskMainWindow *self, const char *site);
/* The words of the start-up page ("正在恢复，请稍候"). */
void kiosk_main_window_set_splash (KioskMainWindow *self, const char *message);
/* Seconds between the camera page's automatic captures (0: only 拍照). */
void kiosk_main_window_set_auto_capture (KioskMainWindow *self, guint seconds);

/* Pages made later than the window (technician mode): added to the frame. */
void kiosk_main_window_add_page (KioskMainWindow *self, KioskPage *page);
/* The countdown's seconds when no flow and no final page sets them
 * (technician mode); 0 hides it. */
typedef guint (*KioskMainWindowSecondsFunc) (gpointer user_data);
void kiosk_main_window_set_seconds_func (KioskMainWindow *self,
                                         KioskMainWindowSecondsFunc func,
                                         gpointer user_data);

G_END_DECLS
