/* kiosk-sam-serial.h — the ID-card reader driver for SAM modules on a
 * serial line (driver name "sam-serial")
 *
 * Configuration ([devices], see docs/devices.md):
 *   idreader_driver=sam-serial
 *   idreader_port=/dev/ttyUSB0      the serial line (required without simulator)
 *   idreader_baud=115200            9600, 19200, 38400, 57600, 115200
 *   idreader_poll_ms=1000           presence polling interval (the reader's allowed rate)
 *   idreader_timeout_ms=1000        silence allowed per request beyond the wire time
 *   idreader_retries=2              resends after a timeout or a garbled reply
 *   idreader_reconnect_ms=1000      how often a lost line is reopened
 *   idreader_wlt_library=PATH       vendor WLT decoder (absent: photo unavailable)
 *   idreader_wlt_symbol=unpack  idreader_wlt_arg=1
 *   idreader_simulator=true         start kiosk-idreader-sim on a pty and use it
 *   idreader_sim_card=resident      the simulator's first card (type, person, file)
 *   idreader_sim_people=PATH        demo people for the simulator
 */
#pragma once

#include "kiosk-device-config.h"
#include "kiosk-id-reader.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SAM_SERIAL (kiosk_sam_serial_get_type ())
G_DECLARE_FINAL_TYPE (KioskSamSerial, kiosk_sam_serial, KIOSK, SAM_SERIAL, KioskIdReader)

typedef struct
{
  guint baud;
  guint poll_ms;
  guint timeout_ms;
  guint retries;
  guint reconnect_ms;
  const char *wlt_library; /* NULL: photo unavailable */
  const char *wlt_symbol;  /* NULL: "unpack" */
  int wlt_arg;
} KioskSamSerialOptions;

/* The defaults above. */
void kiosk_sam_serial_options_init (KioskSamSerialOptions *options);

KioskDevice *kiosk_sam_serial_new (const char *name,
                                   const char *port,
                                   gboolean simulated,
                                   const KioskSamSerialOptions *options);
/* The manager's create function: reads the keys above. */
KioskDevice *kiosk_sam_serial_new_from_config (KioskDeviceConfig *config, GError **error);
/* The manager's simulator function: starts kiosk-idreader-sim on a fresh pty
 * in the device's runtime directory; overrides `port` with the pty and sets
 * `sim_control` to the simulator's control socket. */
gboolean kiosk_sam_serial_start_simulator (KioskDeviceConfig *config, GError **error);

/* Registers ("idreader", "sam-serial") with the device manager. */
void kiosk_sam_serial_register_driver (void);

G_END_DECLS
