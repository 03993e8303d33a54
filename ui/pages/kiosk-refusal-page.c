/* kiosk-refusal-page.c — the kiosk cannot do it: why and what to do instead */
#define G_LOG_DOMAIN "kiosk-refusal-page"

#include "config.h"

#include "kiosk-refusal-page.h"

struct _KioskRefusalPage
{
  KioskPage parent_instance;

  KioskRefusalView *view;
};

G_DEFINE_FINAL_TYPE (KioskRefusalPage, kiosk_refusal_page, KIOSK_TYPE_PAGE)

KioskRefusalView *
kiosk_refusal_page_get_view (KioskRefusalPage *self)
{
  g_return_val_if_fail (KIOSK_IS_REFUSAL_PAGE (self), NULL);
  return self->view;
}

static void
kiosk_refusal_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskRefusalPage *self = KIOSK_REFUSAL_PAGE (page);

  kiosk_refusal_view_set_refusal (self->view, kiosk_flow_get_refusal (flow),
                                  kiosk_context_get_catalog (kiosk_flow_get_context (flow)));
}

static void
kiosk_refusal_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_REFUSAL_PAGE);
  G_OBJECT_CLASS (kiosk_refusal_page_parent_class)->dispose (object);
}

static void
kiosk_refusal_page_class_init (KioskRefusalPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_refusal_page_dispose;
  page_class->update = kiosk_refusal_page_update;

  g_type_ensure (KIOSK_TYPE_REFUSAL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-refusal-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalPage, view);
}

static void
kiosk_refusal_page_init (KioskRefusalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
