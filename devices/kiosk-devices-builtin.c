#include "config.h"

#define G_LOG_DOMAIN "kiosk-devices"

#include "kiosk-devices-builtin.h"

#include "kiosk-card-feeder-sim.h"
#include "kiosk-pcsc-chip-reader.h"
#include "kiosk-sam-serial.h"
#ifdef KIOSK_HAVE_CAMERA
#include "kiosk-camera.h"
#endif
#ifdef KIOSK_HAVE_PRINTERS
#include "kiosk-ipp-card-printer.h"
#include "kiosk-ipp-receipt-printer.h"
#endif

void
kiosk_devices_register_builtin (void)
{
  kiosk_sam_serial_register_driver ();
  kiosk_pcsc_chip_reader_register_driver ();
  kiosk_card_feeder_sim_register_driver ();
#ifdef KIOSK_HAVE_CAMERA
  kiosk_camera_register_driver ();
#endif
#ifdef KIOSK_HAVE_PRINTERS
  kiosk_ipp_card_printer_register_driver ();
  kiosk_ipp_receipt_printer_register_driver ();
#endif
}
