/* kiosk-tech-pin-page.c — the operator PIN, typed on the keypad, shown as dots */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include "kiosk-tech-pin-page.h"

struct _KioskTechPinPage
{
  KioskPage parent_instance;

  GtkLabel *message_label;
  GtkLabel *dots_label;
  KioskKeypad *keypad;
};

G_DEFINE_FINAL_TYPE (KioskTechPinPage, kiosk_tech_pin_page, KIOSK_TYPE_PAGE)

KioskKeypad *
kiosk_tech_pin_page_get_keypad (KioskTechPinPage *self)
{
  g_return_val_if_fail (KIOSK_IS_TECH_PIN_PAGE (self), NULL);
  return self->keypad;
}

void
kiosk_tech_pin_page_set_message (KioskTechPinPage *self, const char *message, gboolean alert)
{
  g_return_if_fail (KIOSK_IS_TECH_PIN_PAGE (self));
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  if (alert)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "field-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "field-error");
}

/* The PIN never appears on screen, nor to assistive technologies: the
 * keypad's own display is hidden and the page shows one dot per digit. */
static void
on_text (KioskTechPinPage *self)
{
  gsize n = strlen (kiosk_keypad_get_text (self->keypad));
  GString *dots = g_string_new (NULL);
  g_autofree char *said = NULL;

  for (gsize i = 0; i < n; i++)
    g_string_append (dots, "●");
  gtk_label_set_text (self->dots_label, n > 0 ? dots->str : "请输入 6 到 12 位操作员密码");
  said = g_strdup_printf ("已输入 %zu 位", n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dots_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  said, -1);
  g_string_free (dots, TRUE);
}

static void
hide_display (KioskTechPinPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->keypad)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (child, "keypad-display"))
      gtk_widget_set_visible (child, FALSE);
}

static void
kiosk_tech_pin_page_wipe (KioskPage *page)
{
  KioskTechPinPage *self = KIOSK_TECH_PIN_PAGE (page);

  kiosk_keypad_set_text (self->keypad, "");
  kiosk_keypad_set_error (self->keypad, NULL);
}

static void
kiosk_tech_pin_page_hidden (KioskPage *page)
{
  kiosk_tech_pin_page_wipe (page);
}

static void
kiosk_tech_pin_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TECH_PIN_PAGE);
  G_OBJECT_CLASS (kiosk_tech_pin_page_parent_class)->dispose (object);
}

static void
kiosk_tech_pin_page_class_init (KioskTechPinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_tech_pin_page_dispose;
  page_class->wipe = kiosk_tech_pin_page_wipe;
  page_class->hidden = kiosk_tech_pin_page_hidden;

  g_type_ensure (KIOSK_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/technician/kiosk-tech-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTechPinPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechPinPage, dots_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechPinPage, keypad);
}

static void
kiosk_tech_pin_page_init (KioskTechPinPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hide_display (self);
  g_signal_connect_swapped (self->keypad, "notify::text", G_CALLBACK (on_text), self);
  on_text (self);
}
