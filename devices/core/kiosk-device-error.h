/* kiosk-device-error.h — the two error domains of every device
 *
 * KIOSK_DEVICE_ERROR is a hard failure: the device, its line or its driver is
 * at fault, and the citizen cannot fix it (the UI shows "设备故障" and a
 * technician looks at `kioskctl devices`). KIOSK_DEVICE_USER_ERROR is
 * something the citizen can fix: its message is a Chinese sentence that says
 * what to do ("请将身份证平放在读卡区"). A driver picks the domain; the UI
 * only looks at the domain to decide between "try again" and "ask for help".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_DEVICE_ERROR (kiosk_device_error_quark ())
GQuark kiosk_device_error_quark (void);

typedef enum
{
  KIOSK_DEVICE_ERROR_BUSY,          /* another operation is in flight on this device */
  KIOSK_DEVICE_ERROR_NOT_CONNECTED, /* unplugged, port missing, reader absent */
  KIOSK_DEVICE_ERROR_TIMEOUT,       /* the device did not answer in time */
  KIOSK_DEVICE_ERROR_PROTOCOL,      /* garbage, bad checksum, bad length — after retries */
  KIOSK_DEVICE_ERROR_IO,            /* the operating system refused (open, read, write) */
  KIOSK_DEVICE_ERROR_NOT_SUPPORTED, /* the driver or device cannot do this */
  KIOSK_DEVICE_ERROR_FAILED, /* the device reported a failure of its own (SAM self-test…) */
  KIOSK_DEVICE_ERROR_CONFIG, /* the [devices] configuration is invalid */
} KioskDeviceError;

#define KIOSK_DEVICE_USER_ERROR (kiosk_device_user_error_quark ())
GQuark kiosk_device_user_error_quark (void);

typedef enum
{
  KIOSK_DEVICE_USER_ERROR_NO_CARD,      /* 请将身份证放在读卡区 */
  KIOSK_DEVICE_USER_ERROR_PLACE_FLAT,   /* the card moved or lies badly: 请平放，不要移动 */
  KIOSK_DEVICE_USER_ERROR_CARD_REMOVED, /* taken away during the operation */
  KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD,  /* read fails repeatedly: damaged card → window */
  KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD, /* not a card this device reads (wrong kind) */
  KIOSK_DEVICE_USER_ERROR_INSERT_CORRECTLY, /* chip card inserted the wrong way round */
  KIOSK_DEVICE_USER_ERROR_WRONG_PIN,        /* PIN refused, tries remain */
  KIOSK_DEVICE_USER_ERROR_PIN_LOCKED,       /* PIN blocked → unblock service or window */
} KioskDeviceUserError;

/* The Chinese sentence shown to the citizen for `code`. Never NULL. */
const char *kiosk_device_user_error_message (KioskDeviceUserError code);

/* A new KIOSK_DEVICE_USER_ERROR with the standard message of `code`. */
GError *kiosk_device_user_error_new (KioskDeviceUserError code);

/* A short, stable English name of a code of either domain ("busy",
 * "place-flat"), for logs, counters and `kioskctl devices --json`. */
const char *kiosk_device_error_code_name (const GError *error);

/* TRUE if `error` is something the citizen can fix. */
gboolean kiosk_device_error_is_user (const GError *error);

G_END_DECLS
