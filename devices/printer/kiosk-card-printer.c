/* kiosk-card-printer.c — the card printer (the face of the card) */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-card-printer.h"

typedef struct
{
  guint dpi;
} KioskCardPrinterPrivate;

enum
{
  PROP_0,
  PROP_DPI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskCardPrinter, kiosk_card_printer, KIOSK_TYPE_PRINTER)

static void
kiosk_card_printer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskCardPrinterPrivate *priv
      = kiosk_card_printer_get_instance_private (KIOSK_CARD_PRINTER (object));

  switch (prop_id)
    {
      case PROP_DPI:
        g_value_set_uint (value, priv->dpi);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_card_printer_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  KioskCardPrinterPrivate *priv
      = kiosk_card_printer_get_instance_private (KIOSK_CARD_PRINTER (object));

  switch (prop_id)
    {
      case PROP_DPI:
        priv->dpi = g_value_get_uint (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_card_printer_class_init (KioskCardPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_card_printer_get_property;
  object_class->set_property = kiosk_card_printer_set_property;
  KIOSK_DEVICE_CLASS (klass)->kind = KIOSK_DEVICE_KIND_CARD_PRINTER;

  properties[PROP_DPI]
      = g_param_spec_uint ("dpi", NULL, NULL, 72, 1200, KIOSK_CARD_PRINTER_DEFAULT_DPI,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_card_printer_init (KioskCardPrinter *self)
{
}

guint
kiosk_card_printer_get_dpi (KioskCardPrinter *self)
{
  KioskCardPrinterPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_CARD_PRINTER (self), 0);
  priv = kiosk_card_printer_get_instance_private (self);
  return priv->dpi;
}

void
kiosk_card_printer_print_async (KioskCardPrinter *self,
                                const char *format,
                                GBytes *face,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_PRINTER (self));
  kiosk_printer_print_async (KIOSK_PRINTER (self), format, face, "card-face", cancellable, callback,
                             user_data);
}

gboolean
kiosk_card_printer_print_finish (KioskCardPrinter *self,
                                 GAsyncResult *result,
                                 KioskPrintJob **out_job,
                                 GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_PRINTER (self), FALSE);
  return kiosk_printer_print_finish (KIOSK_PRINTER (self), result, out_job, error);
}
