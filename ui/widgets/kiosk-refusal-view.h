/* kiosk-refusal-view.h — why the kiosk cannot do it, and what to do instead
 *
 * The message in large words, the remedy, the service window (name,
 * address, phone grouped in fours) when a window is the answer, and the
 * rule in small text: 依据 R8.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-catalog.h"
#include "kiosk-refusal.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_REFUSAL_VIEW (kiosk_refusal_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskRefusalView, kiosk_refusal_view, KIOSK, REFUSAL_VIEW, GtkWidget)

/* `catalog` resolves the refusal's window key; NULL refusal clears. */
void kiosk_refusal_view_set_refusal (KioskRefusalView *self,
                                     const KioskRefusal *refusal,
                                     const KioskCatalog *catalog);
/* A window to show (the progress query's pickup window); NULL hides it. */
void kiosk_refusal_view_set_window (KioskRefusalView *self, const KioskWindow *window);
/* The text of the rule line: "依据 R8", or "" (for tests). */
const char *kiosk_refusal_view_get_rule_text (KioskRefusalView *self);

G_END_DECLS
