/* kiosk-receipt-printer.c — the receipt printer (a 58 or 80 mm roll) */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-receipt-printer.h"

typedef struct
{
  guint paper_mm;
  guint dpi;
} KioskReceiptPrinterPrivate;

enum
{
  PROP_0,
  PROP_PAPER_MM,
  PROP_DPI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskReceiptPrinter, kiosk_receipt_printer, KIOSK_TYPE_PRINTER)

static void
kiosk_receipt_printer_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  KioskReceiptPrinterPrivate *priv
      = kiosk_receipt_printer_get_instance_private (KIOSK_RECEIPT_PRINTER (object));

  switch (prop_id)
    {
      case PROP_PAPER_MM:
        g_value_set_uint (value, priv->paper_mm);
        break;
      case PROP_DPI:
        g_value_set_uint (value, priv->dpi);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_receipt_printer_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  KioskReceiptPrinterPrivate *priv
      = kiosk_receipt_printer_get_instance_private (KIOSK_RECEIPT_PRINTER (object));

  switch (prop_id)
    {
      case PROP_PAPER_MM:
        /* Only the two roll widths there are; anything else is 80. */
        priv->paper_mm = g_value_get_uint (value) == 58 ? 58 : 80;
        break;
      case PROP_DPI:
        priv->dpi = g_value_get_uint (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_receipt_printer_class_init (KioskReceiptPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_receipt_printer_get_property;
  object_class->set_property = kiosk_receipt_printer_set_property;
  KIOSK_DEVICE_CLASS (klass)->kind = KIOSK_DEVICE_KIND_RECEIPT_PRINTER;

  properties[PROP_PAPER_MM]
      = g_param_spec_uint ("paper-mm", NULL, NULL, 58, 80, KIOSK_RECEIPT_PRINTER_DEFAULT_PAPER_MM,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DPI]
      = g_param_spec_uint ("dpi", NULL, NULL, 96, 600, KIOSK_RECEIPT_PRINTER_DEFAULT_DPI,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_receipt_printer_init (KioskReceiptPrinter *self)
{
}

guint
kiosk_receipt_printer_get_paper_mm (KioskReceiptPrinter *self)
{
  KioskReceiptPrinterPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_PRINTER (self), 0);
  priv = kiosk_receipt_printer_get_instance_private (self);
  return priv->paper_mm;
}

guint
kiosk_receipt_printer_get_dpi (KioskReceiptPrinter *self)
{
  KioskReceiptPrinterPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_PRINTER (self), 0);
  priv = kiosk_receipt_printer_get_instance_private (self);
  return priv->dpi;
}

void
kiosk_receipt_printer_print_async (KioskReceiptPrinter *self,
                                   const char *format,
                                   GBytes *receipt,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_RECEIPT_PRINTER (self));
  kiosk_printer_print_async (KIOSK_PRINTER (self), format, receipt, "receipt", cancellable,
                             callback, user_data);
}

gboolean
kiosk_receipt_printer_print_finish (KioskReceiptPrinter *self,
                                    GAsyncResult *result,
                                    KioskPrintJob **out_job,
                                    GError **error)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_PRINTER (self), FALSE);
  return kiosk_printer_print_finish (KIOSK_PRINTER (self), result, out_job, error);
}
