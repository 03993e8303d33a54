/* kiosk-failed-page.c — something broke: what it means and what to do
 *
 * The flow's error message is already written for the citizen (no codes);
 * the page adds the general way out: a window, or 12333.
 */
#define G_LOG_DOMAIN "kiosk-failed-page"

#include "config.h"

#include "kiosk-failed-page.h"

struct _KioskFailedPage
{
  KioskPage parent_instance;

  GtkLabel *message_label;
  GtkLabel *detail_label;
};

G_DEFINE_FINAL_TYPE (KioskFailedPage, kiosk_failed_page, KIOSK_TYPE_PAGE)

static void
kiosk_failed_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskFailedPage *self = KIOSK_FAILED_PAGE (page);
  const GError *error = kiosk_flow_get_error (flow);
  const char *message = kiosk_flow_get_message (flow);

  gtk_label_set_text (self->message_label,
                      error != NULL ? error->message : "很抱歉，业务没有办理成功");
  gtk_label_set_text (self->detail_label,
                      message != NULL && (error == NULL || g_strcmp0 (message, error->message) != 0)
                          ? message
                          : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label),
                          *gtk_label_get_text (self->detail_label) != '\0');
}

static void
kiosk_failed_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_FAILED_PAGE);
  G_OBJECT_CLASS (kiosk_failed_page_parent_class)->dispose (object);
}

static void
kiosk_failed_page_class_init (KioskFailedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_failed_page_dispose;
  page_class->update = kiosk_failed_page_update;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-failed-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskFailedPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFailedPage, detail_label);
}

static void
kiosk_failed_page_init (KioskFailedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
