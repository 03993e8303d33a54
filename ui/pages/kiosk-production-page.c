/* kiosk-production-page.c — the card is being made
 *
 * Never interrupted by a page timeout and without 返回; 取消 shows only
 * while the flow says a cancel is still safe.
 */
#define G_LOG_DOMAIN "kiosk-production-page"

#include "config.h"

#include "kiosk-production-page.h"
#include "kiosk-step-list.h"

struct _KioskProductionPage
{
  KioskPage parent_instance;

  KioskStepList *steps;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (KioskProductionPage, kiosk_production_page, KIOSK_TYPE_PAGE)

static void
kiosk_production_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskProductionPage *self = KIOSK_PRODUCTION_PAGE (page);
  const char *message = kiosk_flow_get_message (flow);

  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->message_label, message);
  kiosk_step_list_set_steps (self->steps, kiosk_flow_get_steps (flow),
                             kiosk_flow_get_production_seconds_left (flow));
}

static void
kiosk_production_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_PRODUCTION_PAGE);
  G_OBJECT_CLASS (kiosk_production_page_parent_class)->dispose (object);
}

static void
kiosk_production_page_class_init (KioskProductionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_production_page_dispose;
  page_class->update = kiosk_production_page_update;

  g_type_ensure (KIOSK_TYPE_STEP_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-production-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskProductionPage, steps);
  gtk_widget_class_bind_template_child (widget_class, KioskProductionPage, message_label);
}

static void
kiosk_production_page_init (KioskProductionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
