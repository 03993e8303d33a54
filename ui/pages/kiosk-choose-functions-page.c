/* kiosk-choose-functions-page.c — social / financial / both (R8, R9)
 *
 * A function already formally lost is not offered (its button says so).
 * Touches activate app.choose-functions('social' | 'financial' | 'both').
 */
#define G_LOG_DOMAIN "kiosk-choose-functions-page"

#include "config.h"

#include "kiosk-choose-functions-page.h"
#include "kiosk-formal-loss-flow.h"

struct _KioskChooseFunctionsPage
{
  KioskPage parent_instance;

  GtkWidget *social_button;
  GtkWidget *financial_button;
  GtkWidget *both_button;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (KioskChooseFunctionsPage, kiosk_choose_functions_page, KIOSK_TYPE_PAGE)

static void
offer (GtkWidget *button, gboolean available)
{
  gtk_widget_set_sensitive (button, available);
  if (available)
    gtk_widget_remove_css_class (button, "refused");
  else
    gtk_widget_add_css_class (button, "refused");
}

static void
kiosk_choose_functions_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskChooseFunctionsPage *self = KIOSK_CHOOSE_FUNCTIONS_PAGE (page);
  KioskCardFunction available;
  const char *message = kiosk_flow_get_message (flow);

  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->message_label, message);
  if (!KIOSK_IS_FORMAL_LOSS_FLOW (flow))
    return;
  available = kiosk_formal_loss_flow_get_available (KIOSK_FORMAL_LOSS_FLOW (flow));
  offer (self->social_button, (available & KIOSK_CARD_FUNCTION_SOCIAL) != 0);
  offer (self->financial_button, (available & KIOSK_CARD_FUNCTION_FINANCIAL) != 0);
  offer (self->both_button, available == KIOSK_CARD_FUNCTION_BOTH);
}

static void
kiosk_choose_functions_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_CHOOSE_FUNCTIONS_PAGE);
  G_OBJECT_CLASS (kiosk_choose_functions_page_parent_class)->dispose (object);
}

static void
kiosk_choose_functions_page_class_init (KioskChooseFunctionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_choose_functions_page_dispose;
  page_class->update = kiosk_choose_functions_page_update;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/kiosk-choose-functions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskChooseFunctionsPage, social_button);
  gtk_widget_class_bind_template_child (widget_class, KioskChooseFunctionsPage, financial_button);
  gtk_widget_class_bind_template_child (widget_class, KioskChooseFunctionsPage, both_button);
  gtk_widget_class_bind_template_child (widget_class, KioskChooseFunctionsPage, message_label);
}

static void
kiosk_choose_functions_page_init (KioskChooseFunctionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
