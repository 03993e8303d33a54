/* kiosk-done-page.c — finished: the receipt with its QR code */
#define G_LOG_DOMAIN "kiosk-done-page"

#include "config.h"

#include "kiosk-done-page.h"
#include "kiosk-qr-code.h"

struct _KioskDonePage
{
  KioskPage parent_instance;

  GtkLabel *message_label;
  GtkLabel *receipt_label;
  GtkLabel *slot_label;
  GtkWidget *slot_picture;
  GtkWidget *receipt_box;
  KioskQrCode *qr_code;
};

G_DEFINE_FINAL_TYPE (KioskDonePage, kiosk_done_page, KIOSK_TYPE_PAGE)

static void
kiosk_done_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskDonePage *self = KIOSK_DONE_PAGE (page);
  const char *message = kiosk_flow_get_message (flow);
  const char *receipt = kiosk_flow_get_receipt_text (flow);
  const char *qr = kiosk_flow_get_qr_payload (flow);

  gboolean printed = receipt == NULL || *receipt == '\0' || kiosk_flow_get_receipt_printed (flow);

  /* The flow's message may say to take the receipt: not when none came out. */
  gtk_label_set_text (self->message_label,
                      printed && message != NULL && *message ? message : "业务已办理完成");
  gtk_label_set_text (self->receipt_label, receipt != NULL ? receipt : "");
  gtk_widget_set_visible (self->receipt_box, receipt != NULL && *receipt != '\0');
  kiosk_qr_code_set_payload (self->qr_code, qr);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_code), qr != NULL && *qr != '\0');
  /* A receipt that did not come out: never point at an empty slot; the
   * citizen photographs the QR code on the screen instead. */
  if (!printed)
    gtk_label_set_text (self->slot_label, qr != NULL && *qr != '\0'
                                              ? "回执未能打印，请拍下屏幕上的回执二维码"
                                              : "回执未能打印，请拍下屏幕上的回执内容");
  else
    gtk_label_set_text (self->slot_label, "请取走下方出纸口的凭条，妥善保管");
  gtk_widget_set_visible (self->slot_picture, printed);
}

static void
kiosk_done_page_wipe (KioskPage *page)
{
  KioskDonePage *self = KIOSK_DONE_PAGE (page);

  gtk_label_set_text (self->receipt_label, "");
  kiosk_qr_code_set_payload (self->qr_code, NULL);
}

static void
kiosk_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_DONE_PAGE);
  G_OBJECT_CLASS (kiosk_done_page_parent_class)->dispose (object);
}

static void
kiosk_done_page_class_init (KioskDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_done_page_dispose;
  page_class->update = kiosk_done_page_update;
  page_class->wipe = kiosk_done_page_wipe;

  g_type_ensure (KIOSK_TYPE_QR_CODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, receipt_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, slot_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, slot_picture);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, receipt_box);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, qr_code);
}

static void
kiosk_done_page_init (KioskDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
