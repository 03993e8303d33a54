/* kiosk-confirm-page.c — one question, its warning, and 确认 */
#define G_LOG_DOMAIN "kiosk-confirm-page"

#include "config.h"

#include "kiosk-confirm-page.h"

struct _KioskConfirmPage
{
  KioskPage parent_instance;

  GtkLabel *message_label;
  GtkWidget *warning_box;
  GtkLabel *warning_label;
};

G_DEFINE_FINAL_TYPE (KioskConfirmPage, kiosk_confirm_page, KIOSK_TYPE_PAGE)

static void
kiosk_confirm_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskConfirmPage *self = KIOSK_CONFIRM_PAGE (page);
  const char *message = kiosk_flow_get_message (flow);
  const char *warning = kiosk_flow_get_warning (flow);

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (self->warning_box, warning != NULL && *warning != '\0');
}

static void
kiosk_confirm_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_CONFIRM_PAGE);
  G_OBJECT_CLASS (kiosk_confirm_page_parent_class)->dispose (object);
}

static void
kiosk_confirm_page_class_init (KioskConfirmPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_confirm_page_dispose;
  page_class->update = kiosk_confirm_page_update;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-confirm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskConfirmPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskConfirmPage, warning_box);
  gtk_widget_class_bind_template_child (widget_class, KioskConfirmPage, warning_label);
}

static void
kiosk_confirm_page_init (KioskConfirmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
