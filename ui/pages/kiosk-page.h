/* kiosk-page.h — the base of every page: what the frame shows around it
 *
 * A page is one question or one instruction. It tells the frame (through its
 * properties, usually set in its template) its id for tests and remote help,
 * its heading, which of the five steps it belongs to, how long it waits for
 * the citizen, whether 返回 and 取消 make sense, and the label of its main
 * action. Pages show what a flow says and turn touches into the
 * application's actions; they hold no business rule.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PAGE (kiosk_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskPage, kiosk_page, KIOSK, PAGE, GtkBox)

struct _KioskPageClass
{
  GtkBoxClass parent_class;

  /* The page became the visible one / stopped being it. */
  void (*shown) (KioskPage *self);
  void (*hidden) (KioskPage *self);
  /* Show what `flow` says now (its state, steps, hint changed). */
  void (*update) (KioskPage *self, KioskFlow *flow);
  /* Forget everything personal the page shows (session end, timeout). */
  void (*wipe) (KioskPage *self);
};

/* The five steps of the top bar (0: the page is outside the steps). */
#define KIOSK_PAGE_N_STEPS 5

const char *kiosk_page_get_page_id (KioskPage *self);
const char *kiosk_page_get_heading (KioskPage *self);
void kiosk_page_set_heading (KioskPage *self, const char *heading);
guint kiosk_page_get_step (KioskPage *self);
/* Seconds the page waits for the citizen; 0: no page timeout (production). */
guint kiosk_page_get_timeout (KioskPage *self);
gboolean kiosk_page_get_can_back (KioskPage *self);
void kiosk_page_set_can_back (KioskPage *self, gboolean can_back);
gboolean kiosk_page_get_can_cancel (KioskPage *self);
void kiosk_page_set_can_cancel (KioskPage *self, gboolean can_cancel);
/* The main action: a label ("" hides the button) and a detailed action name. */
const char *kiosk_page_get_primary_label (KioskPage *self);
void kiosk_page_set_primary_label (KioskPage *self, const char *label);
const char *kiosk_page_get_primary_action (KioskPage *self);
void kiosk_page_set_primary_action (KioskPage *self, const char *detailed_action);
gboolean kiosk_page_get_primary_sensitive (KioskPage *self);
void kiosk_page_set_primary_sensitive (KioskPage *self, gboolean sensitive);
/* Portrait pages stack vertically, landscape pages side by side; templates
 * bind their main box's orientation to "layout-orientation". */
GtkOrientation kiosk_page_get_layout_orientation (KioskPage *self);
void kiosk_page_set_layout_orientation (KioskPage *self, GtkOrientation orientation);

void kiosk_page_shown (KioskPage *self);
void kiosk_page_hidden (KioskPage *self);
void kiosk_page_update (KioskPage *self, KioskFlow *flow);
void kiosk_page_wipe (KioskPage *self);

G_END_DECLS
