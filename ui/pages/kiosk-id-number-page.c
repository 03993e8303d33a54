/* kiosk-id-number-page.c — place the ID card, or type the ID number */
#define G_LOG_DOMAIN "kiosk-id-number-page"

#include "config.h"

#include "kiosk-id-number-page.h"

struct _KioskIdNumberPage
{
  KioskPage parent_instance;

  GtkLabel *message_label;
  GtkLabel *hint_label;
  KioskKeypad *keypad;
};

G_DEFINE_FINAL_TYPE (KioskIdNumberPage, kiosk_id_number_page, KIOSK_TYPE_PAGE)

KioskKeypad *
kiosk_id_number_page_get_keypad (KioskIdNumberPage *self)
{
  g_return_val_if_fail (KIOSK_IS_ID_NUMBER_PAGE (self), NULL);
  return self->keypad;
}

static void
kiosk_id_number_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskIdNumberPage *self = KIOSK_ID_NUMBER_PAGE (page);
  const char *message = kiosk_flow_get_message (flow);
  const char *hint = kiosk_flow_get_hint (flow);

  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->message_label, message);
  gtk_label_set_text (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL && *hint != '\0');
}

static void
on_text_changed (KioskIdNumberPage *self)
{
  kiosk_page_set_primary_sensitive (KIOSK_PAGE (self),
                                    strlen (kiosk_keypad_get_text (self->keypad)) == 18);
}

static void
kiosk_id_number_page_wipe (KioskPage *page)
{
  kiosk_keypad_set_text (KIOSK_ID_NUMBER_PAGE (page)->keypad, NULL);
}

static void
kiosk_id_number_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_ID_NUMBER_PAGE);
  G_OBJECT_CLASS (kiosk_id_number_page_parent_class)->dispose (object);
}

static void
kiosk_id_number_page_class_init (KioskIdNumberPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_id_number_page_dispose;
  page_class->update = kiosk_id_number_page_update;
  page_class->wipe = kiosk_id_number_page_wipe;

  g_type_ensure (KIOSK_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-id-number-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskIdNumberPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskIdNumberPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KioskIdNumberPage, keypad);
}

static void
kiosk_id_number_page_init (KioskIdNumberPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->keypad, "notify::text", G_CALLBACK (on_text_changed), self);
  on_text_changed (self);
}
