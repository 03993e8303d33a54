/* kiosk-signature-page.c — sign with a finger */
#define G_LOG_DOMAIN "kiosk-signature-page"

#include "config.h"

#include "kiosk-signature-page.h"

struct _KioskSignaturePage
{
  KioskPage parent_instance;

  KioskSignaturePad *pad;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (KioskSignaturePage, kiosk_signature_page, KIOSK_TYPE_PAGE)

KioskSignaturePad *
kiosk_signature_page_get_pad (KioskSignaturePage *self)
{
  g_return_val_if_fail (KIOSK_IS_SIGNATURE_PAGE (self), NULL);
  return self->pad;
}

static void
on_pad_changed (KioskSignaturePage *self)
{
  kiosk_page_set_primary_sensitive (KIOSK_PAGE (self), !kiosk_signature_pad_is_empty (self->pad));
}

static void
kiosk_signature_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskSignaturePage *self = KIOSK_SIGNATURE_PAGE (page);
  const char *message = kiosk_flow_get_message (flow);

  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->message_label, message);
}

static void
kiosk_signature_page_wipe (KioskPage *page)
{
  kiosk_signature_pad_clear (KIOSK_SIGNATURE_PAGE (page)->pad);
}

static void
kiosk_signature_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_SIGNATURE_PAGE);
  G_OBJECT_CLASS (kiosk_signature_page_parent_class)->dispose (object);
}

static void
kiosk_signature_page_class_init (KioskSignaturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_signature_page_dispose;
  page_class->update = kiosk_signature_page_update;
  page_class->wipe = kiosk_signature_page_wipe;

  g_type_ensure (KIOSK_TYPE_SIGNATURE_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-signature-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskSignaturePage, pad);
  gtk_widget_class_bind_template_child (widget_class, KioskSignaturePage, message_label);
}

static void
kiosk_signature_page_init (KioskSignaturePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->pad, "changed", G_CALLBACK (on_pad_changed), self);
  on_pad_changed (self);
}
