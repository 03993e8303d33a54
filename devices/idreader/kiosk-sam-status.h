/* kiosk-sam-status.h — the SAM's status word SW3 and what it means
 *
 * Every SW3 value the SAM module returns maps to one message (for the status
 * record and the technician) and to an error of the right domain: what the
 * citizen can fix (no card, moved card) is a KIOSK_DEVICE_USER_ERROR, what the
 * module did wrong is a KIOSK_DEVICE_ERROR. Pure table lookups.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_SAM_SW3_OK = 0x90,
  KIOSK_SAM_SW3_CARD_FOUND = 0x9F,
  KIOSK_SAM_SW3_NO_CONTENT = 0x91,
  KIOSK_SAM_SW3_CHECKSUM_ERROR = 0x10,
  KIOSK_SAM_SW3_LENGTH_ERROR = 0x11,
  KIOSK_SAM_SW3_COMMAND_ERROR = 0x21,
  KIOSK_SAM_SW3_UNAUTHORISED = 0x23,
  KIOSK_SAM_SW3_UNRECOGNISED = 0x24,
  KIOSK_SAM_SW3_CARD_AUTH_SAM_FAILED = 0x31,
  KIOSK_SAM_SW3_SAM_AUTH_CARD_FAILED = 0x32,
  KIOSK_SAM_SW3_VERIFY_FAILED = 0x33,
  KIOSK_SAM_SW3_UNKNOWN_CARD_TYPE = 0x40,
  KIOSK_SAM_SW3_READ_FAILED = 0x41,
  KIOSK_SAM_SW3_RANDOM_FAILED = 0x47,
  KIOSK_SAM_SW3_SELF_TEST_FAILED = 0x60,
  KIOSK_SAM_SW3_NOT_AUTHORISED = 0x66,
  KIOSK_SAM_SW3_FIND_FAILED = 0x80,
  KIOSK_SAM_SW3_SELECT_FAILED = 0x81,
} KioskSamSw3;

/* "0x41 read failed (读卡失败)"-style message; unknown values get a generic
 * message with the number. Never NULL; static or interned. */
const char *kiosk_sam_status_message (guint8 sw3);

/* TRUE for 90 and 9F. */
gboolean kiosk_sam_status_is_success (guint8 sw3);

/* TRUE when the module says the line garbled our request (10, 11): resend. */
gboolean kiosk_sam_status_is_line_error (guint8 sw3);

/* The error for a failed SW3: user errors for what the citizen can fix (80
 * NO_CARD, 81/41 PLACE_FLAT, 40 UNSUPPORTED_CARD, 31/32/33 UNREADABLE_CARD),
 * KIOSK_DEVICE_ERROR_PROTOCOL for line errors, _FAILED for the module's own
 * faults. NULL for success values. */
GError *kiosk_sam_status_to_error (guint8 sw3);

G_END_DECLS
