/* kiosk-ipp-receipt-printer.c — the "ipp" driver of the receipt printer */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-ipp-receipt-printer.h"
#include "kiosk-ipp-printer.h"

#define DEFAULT_JOB_TIMEOUT_S 60

struct _KioskIppReceiptPrinter
{
  KioskReceiptPrinter parent_instance;

  KioskIppPrinter *ipp;
};

G_DEFINE_FINAL_TYPE (KioskIppReceiptPrinter, kiosk_ipp_receipt_printer, KIOSK_TYPE_RECEIPT_PRINTER)

static void
kiosk_ipp_receipt_printer_finalize (GObject *object)
{
  KioskIppReceiptPrinter *self = KIOSK_IPP_RECEIPT_PRINTER (object);

  g_clear_pointer (&self->ipp, kiosk_ipp_printer_unref);
  G_OBJECT_CLASS (kiosk_ipp_receipt_printer_parent_class)->finalize (object);
}

static void
kiosk_ipp_receipt_printer_open (KioskDevice *device)
{
  kiosk_ipp_printer_run_open (KIOSK_IPP_RECEIPT_PRINTER (device)->ipp, device);
}

static void
kiosk_ipp_receipt_printer_close (KioskDevice *device)
{
  /* Every operation has its own connection: nothing to release. */
  kiosk_device_set_connected (device, FALSE);
  kiosk_device_complete_op_boolean (device, NULL);
}

static void
kiosk_ipp_receipt_printer_print (KioskPrinter *printer)
{
  kiosk_ipp_printer_run_print (KIOSK_IPP_RECEIPT_PRINTER (printer)->ipp, printer);
}

static void
kiosk_ipp_receipt_printer_query_status (KioskPrinter *printer)
{
  kiosk_ipp_printer_run_query_status (KIOSK_IPP_RECEIPT_PRINTER (printer)->ipp, printer);
}

static void
kiosk_ipp_receipt_printer_class_init (KioskIppReceiptPrinterClass *klass)
{
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);
  KioskPrinterClass *printer_class = KIOSK_PRINTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = kiosk_ipp_receipt_printer_finalize;
  device_class->driver = "ipp";
  device_class->full_name = "IPP receipt printer";
  device_class->open = kiosk_ipp_receipt_printer_open;
  device_class->close = kiosk_ipp_receipt_printer_close;
  printer_class->print = kiosk_ipp_receipt_printer_print;
  printer_class->query_status = kiosk_ipp_receipt_printer_query_status;
}

static void
kiosk_ipp_receipt_printer_init (KioskIppReceiptPrinter *self)
{
}

KioskDevice *
kiosk_ipp_receipt_printer_new_from_config (KioskDeviceConfig *config, GError **error)
{
  g_autoptr (KioskIppPrinter) ipp = NULL;
  KioskIppReceiptPrinter *self;
  guint dpi, paper_mm;

  if (!kiosk_device_config_get_uint (config, "dpi", 203, 96, 600, &dpi, error)
      || !kiosk_device_config_get_uint (config, "paper_mm", 80, 58, 80, &paper_mm, error))
    return NULL;
  if (paper_mm != 58 && paper_mm != 80)
    {
      g_autofree char *key = kiosk_device_config_describe_key (config, "paper_mm");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: %u is neither 58 nor 80", key, paper_mm);
      return NULL;
    }
  ipp = kiosk_ipp_printer_new_from_config (config, DEFAULT_JOB_TIMEOUT_S, error);
  if (ipp == NULL)
    return NULL;
  self = g_object_new (
      KIOSK_TYPE_IPP_RECEIPT_PRINTER, "name", kiosk_device_config_get_name (config), "port",
      kiosk_ipp_printer_get_uri (ipp), "simulated", kiosk_device_config_get_simulator (config),
      "dpi", dpi, "paper-mm", paper_mm, NULL);
  self->ipp = g_steal_pointer (&ipp);
  return KIOSK_DEVICE (self);
}

static const KioskDeviceDriverInfo ipp_receipt_printer_info = {
  .name = "receipt_printer",
  .driver = "ipp",
  .kind = KIOSK_DEVICE_KIND_RECEIPT_PRINTER,
  .create = kiosk_ipp_receipt_printer_new_from_config,
  .start_simulator = kiosk_ipp_printer_start_simulator,
  .description
  = "Receipt printer over IPP (libcups): ipp://… or cups:QUEUE; simulator: ippeveprinter",
};

void
kiosk_ipp_receipt_printer_register_driver (void)
{
  kiosk_device_manager_register_driver (&ipp_receipt_printer_info);
}
