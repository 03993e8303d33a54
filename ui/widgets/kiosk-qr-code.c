/* kiosk-qr-code.c — a QR code on the screen
 *
 * Black modules on white with the four-module quiet zone the standard asks
 * for, drawn as rectangles so it stays sharp at any size.
 */
#define G_LOG_DOMAIN "kiosk-qr-code"

#include "config.h"

#include <qrencode.h>

#include "kiosk-qr-code.h"

#define QUIET_ZONE 4

struct _KioskQrCode
{
  GtkWidget parent_instance;

  guint size;
  guint8 *modules; /* size × size, 1 = dark */
};

G_DEFINE_FINAL_TYPE (KioskQrCode, kiosk_qr_code, GTK_TYPE_WIDGET)

gboolean
kiosk_qr_code_set_payload (KioskQrCode *self, const char *payload)
{
  QRcode *code;

  g_return_val_if_fail (KIOSK_IS_QR_CODE (self), FALSE);

  g_clear_pointer (&self->modules, g_free);
  self->size = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (payload == NULL || *payload == '\0')
    return TRUE;

  code = QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M);
  if (code == NULL)
    return FALSE;
  self->size = (guint) code->width;
  self->modules = g_malloc (self->size * self->size);
  for (guint i = 0; i < self->size * self->size; i++)
    self->modules[i] = code->data[i] & 1;
  QRcode_free (code);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

guint
kiosk_qr_code_get_size (KioskQrCode *self)
{
  g_return_val_if_fail (KIOSK_IS_QR_CODE (self), 0);
  return self->size;
}

static void
kiosk_qr_code_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  KioskQrCode *self = KIOSK_QR_CODE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint total = self->size + 2 * QUIET_ZONE;
  float module, x0, y0;
  GdkRGBA white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 };

  if (self->size == 0)
    return;
  module = floorf ((float) MIN (width, height) / total);
  if (module < 1)
    module = 1;
  x0 = (width - module * total) / 2;
  y0 = (height - module * total) / 2;
  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (x0, y0, module * total, module * total));
  for (guint y = 0; y < self->size; y++)
    for (guint x = 0; x < self->size; x++)
      if (self->modules[y * self->size + x])
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (x0 + (x + QUIET_ZONE) * module,
                                                        y0 + (y + QUIET_ZONE) * module, module,
                                                        module));
}

static void
kiosk_qr_code_measure (GtkWidget *widget,
                       GtkOrientation orientation,
                       int for_size,
                       int *minimum,
                       int *natural,
                       int *minimum_baseline,
                       int *natural_baseline)
{
  *minimum = 160;
  *natural = 280;
}

static void
kiosk_qr_code_finalize (GObject *object)
{
  g_free (KIOSK_QR_CODE (object)->modules);
  G_OBJECT_CLASS (kiosk_qr_code_parent_class)->finalize (object);
}

static void
kiosk_qr_code_class_init (KioskQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_qr_code_finalize;
  widget_class->snapshot = kiosk_qr_code_snapshot;
  widget_class->measure = kiosk_qr_code_measure;
  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kiosk_qr_code_init (KioskQrCode *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, "二维码",
                                  -1);
}
