/* kiosk-page-frame.h — the same frame around every page (design/UI.md)
 *
 * Top bar: the service name, the step indicator and the countdown in the
 * top-right corner. Middle: the visible page, with an error banner above it
 * and the "继续办理" warning over it. Bottom bar: 返回 on the left, the page's
 * main action (the largest button) in the middle, 取消·回到首页 on the right —
 * always in the same places. The buttons activate the application's actions
 * (app.back, the page's primary action, app.cancel, app.extend).
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-countdown.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PAGE_FRAME (kiosk_page_frame_get_type ())
G_DECLARE_FINAL_TYPE (KioskPageFrame, kiosk_page_frame, KIOSK, PAGE_FRAME, GtkWidget)

void kiosk_page_frame_add_page (KioskPageFrame *self, KioskPage *page);

/* Builds the page `page_id`: a new reference (full or floating) to a page
 * with that id, or NULL after a warning of its own. */
typedef KioskPage *(*KioskPageFrameFactory) (KioskPageFrame *frame,
                                             const char *page_id,
                                             gpointer user_data);
/* A page built only when it is first asked for (kiosk_page_frame_get_page):
 * a kiosk shows most of its pages rarely, and a page costs its widgets and
 * its pictures' pixels (docs/performance.md). A page id added both ways is
 * the built one's. */
void kiosk_page_frame_add_lazy_page (KioskPageFrame *self,
                                     const char *page_id,
                                     KioskPageFrameFactory factory,
                                     gpointer user_data);
/* The page with this id — built now if it was added lazily and not built
 * yet — or NULL. */
KioskPage *kiosk_page_frame_get_page (KioskPageFrame *self, const char *page_id);
/* The page with this id if it is built, else NULL (never builds one). */
KioskPage *kiosk_page_frame_peek_page (KioskPageFrame *self, const char *page_id);
/* Shows `page`, calls hidden/shown, follows its properties; clears the error. */
void kiosk_page_frame_set_visible_page (KioskPageFrame *self, KioskPage *page);
KioskPage *kiosk_page_frame_get_visible_page (KioskPageFrame *self);
/* Every page built so far, in the order built (transfer container); a lazy
 * page not yet built has nothing to wipe or to lay out. */
GPtrArray *kiosk_page_frame_list_pages (KioskPageFrame *self);

/* The top bar's title: the service name, or the kiosk's name on NULL. */
void kiosk_page_frame_set_title (KioskPageFrame *self, const char *title);
void kiosk_page_frame_set_steps (KioskPageFrame *self, const char *const *labels, guint current);
/* The attract page has no bars. */
void kiosk_page_frame_set_bars_visible (KioskPageFrame *self, gboolean visible);

KioskCountdown *kiosk_page_frame_get_countdown (KioskPageFrame *self);
/* "还在办理吗?" over the page, with the seconds left and 继续办理. */
void kiosk_page_frame_show_warning (KioskPageFrame *self, guint seconds_left);
void kiosk_page_frame_hide_warning (KioskPageFrame *self);
gboolean kiosk_page_frame_get_warning_visible (KioskPageFrame *self);

/* An error above the page (NULL or "" hides it). */
void kiosk_page_frame_set_error (KioskPageFrame *self, const char *message);

G_END_DECLS
