/* kiosk-working-page.c — the kiosk is working: a spinner and what it does
 *
 * Also the "正在恢复" splash at start (page id "recovering", set in the
 * window's template).
 */
#define G_LOG_DOMAIN "kiosk-working-page"

#include "config.h"

#include "kiosk-working-page.h"

struct _KioskWorkingPage
{
  KioskPage parent_instance;

  GtkSpinner *spinner;
  GtkLabel *message_label;
  GtkLabel *hint_label;
};

G_DEFINE_FINAL_TYPE (KioskWorkingPage, kiosk_working_page, KIOSK_TYPE_PAGE)

void
kiosk_working_page_set_message (KioskWorkingPage *self, const char *message)
{
  g_return_if_fail (KIOSK_IS_WORKING_PAGE (self));
  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->message_label, message);
}

static void
kiosk_working_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskWorkingPage *self = KIOSK_WORKING_PAGE (page);
  const char *hint = kiosk_flow_get_hint (flow);

  kiosk_working_page_set_message (self, kiosk_flow_get_message (flow));
  gtk_label_set_text (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL && *hint != '\0');
}

static void
kiosk_working_page_shown (KioskPage *page)
{
  gtk_spinner_start (KIOSK_WORKING_PAGE (page)->spinner);
}

static void
kiosk_working_page_hidden (KioskPage *page)
{
  gtk_spinner_stop (KIOSK_WORKING_PAGE (page)->spinner);
}

static void
kiosk_working_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_WORKING_PAGE);
  G_OBJECT_CLASS (kiosk_working_page_parent_class)->dispose (object);
}

static void
kiosk_working_page_class_init (KioskWorkingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_working_page_dispose;
  page_class->update = kiosk_working_page_update;
  page_class->shown = kiosk_working_page_shown;
  page_class->hidden = kiosk_working_page_hidden;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-working-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWorkingPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KioskWorkingPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWorkingPage, hint_label);
}

static void
kiosk_working_page_init (KioskWorkingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
