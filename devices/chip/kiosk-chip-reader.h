/* kiosk-chip-reader.h — the chip (social security card) reader interface
 *
 * A KioskDevice of kind KIOSK_DEVICE_KIND_CHIP_READER. The flows and the UI
 * use only this header: wait for a card, read the social security
 * application into labelled fields, run the center's personalisation script,
 * verify the PIN. They never see an APDU. Drivers (kiosk-pcsc-chip-reader.c)
 * implement the class functions with the contract of kiosk-device-driver.h.
 *
 * Presence: between operations the driver watches the reader and emits the
 * KioskDevice signals "card-placed" / "card-removed"; "unplugged" when the
 * reader or the PC/SC service goes away, "plugged" when it is back.
 *
 * Errors: user errors (KIOSK_DEVICE_USER_ERROR) NO_CARD, CARD_REMOVED,
 * UNSUPPORTED_CARD (not a social security card), UNREADABLE_CARD (damaged
 * or unpersonalised), INSERT_CORRECTLY (the card does not answer reset),
 * WRONG_PIN, PIN_LOCKED; device errors BUSY, NOT_CONNECTED, TIMEOUT,
 * PROTOCOL, IO, FAILED (a personalisation step got the wrong status word).
 */
#pragma once

#include "kiosk-device.h"
#include "kiosk-chip-script.h"
#include "kiosk-chip-script-outcome.h"
#include "kiosk-ssc-card-data.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CHIP_READER (kiosk_chip_reader_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskChipReader, kiosk_chip_reader, KIOSK, CHIP_READER, KioskDevice)

struct _KioskChipReaderClass
{
  KioskDeviceClass parent_class;

  /* Operations, begun by the interface; each completes with
   * kiosk_device_complete_op*(). Their parameters are in the op data. */
  void (*wait_for_card) (KioskChipReader *self, guint timeout_ms); /* → TRUE */
  void (*read_ssc) (KioskChipReader *self);                        /* → KioskSscCardData* */
  void (*run_script) (KioskChipReader *self,
                      const KioskChipScript *script); /* → KioskChipScriptOutcome* (always,
                                                         also when a step failed) */
  void (*verify_pin) (KioskChipReader *self, const char *pin); /* → TRUE */

  gpointer padding[8];
};

/* Completes when a card is in the reader (at once if one is);
 * KIOSK_DEVICE_USER_ERROR_NO_CARD after `timeout_ms` (0: until cancelled). */
void kiosk_chip_reader_wait_for_card_async (KioskChipReader *self,
                                            guint timeout_ms,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean kiosk_chip_reader_wait_for_card_finish (KioskChipReader *self,
                                                 GAsyncResult *result,
                                                 GError **error);

/* Reads EF05 and EF06 of the social security application. */
void kiosk_chip_reader_read_ssc_async (KioskChipReader *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
KioskSscCardData *
kiosk_chip_reader_read_ssc_finish (KioskChipReader *self, GAsyncResult *result, GError **error);

/* Runs a personalisation script (copied) on the card in the reader, step by
 * step, and stops at the first unexpected status word. TRUE when every step
 * succeeded. Otherwise FALSE with the reason; `outcome` (optional) then says
 * which step failed, its label and status word — it is set whenever the
 * script was started, NULL when the operation could not begin (BUSY…). */
void kiosk_chip_reader_run_script_async (KioskChipReader *self,
                                         const KioskChipScript *script,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean kiosk_chip_reader_run_script_finish (KioskChipReader *self,
                                              GAsyncResult *result,
                                              KioskChipScriptOutcome **outcome,
                                              GError **error);

/* VERIFY of the card's 6-digit PIN: WRONG_PIN (with the tries left in the
 * message) or PIN_LOCKED. The PIN is wiped from memory after use. */
void kiosk_chip_reader_verify_pin_async (KioskChipReader *self,
                                         const char *pin,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean
kiosk_chip_reader_verify_pin_finish (KioskChipReader *self, GAsyncResult *result, GError **error);

/* For tools and tests. */
gboolean kiosk_chip_reader_wait_for_card_sync (KioskChipReader *self,
                                               guint timeout_ms,
                                               GCancellable *cancellable,
                                               GError **error);
KioskSscCardData *
kiosk_chip_reader_read_ssc_sync (KioskChipReader *self, GCancellable *cancellable, GError **error);
gboolean kiosk_chip_reader_run_script_sync (KioskChipReader *self,
                                            const KioskChipScript *script,
                                            KioskChipScriptOutcome **outcome,
                                            GCancellable *cancellable,
                                            GError **error);
gboolean kiosk_chip_reader_verify_pin_sync (KioskChipReader *self,
                                            const char *pin,
                                            GCancellable *cancellable,
                                            GError **error);

G_END_DECLS
