/* kiosk-pcsc-chip-reader.h — the chip reader driver for PC/SC readers
 * (driver name "pcsc"), through pcsc-lite
 *
 * Configuration ([devices], docs/chip.md):
 *   chip_driver=pcsc
 *   chip_reader=ACS              a part of the reader's name (case-insensitive);
 *                                empty: the first reader pcscd lists
 *   chip_protocol=any            any | t0 | t1
 *   chip_timeout_ms=15000        longest an operation may take (a mute card)
 *   chip_poll_ms=500             how often the presence watch wakes up
 *   chip_reconnect_ms=200        first retry after pcscd or the reader went away,
 *   chip_reconnect_max_ms=5000   doubling up to this
 *   chip_simulator=true          start a private pcscd with vpcd and kiosk-vcard
 *   chip_sim_card=demo           the virtual card: demo | blank | a card file
 *   chip_sim_state=PATH          keep the virtual card in this file
 *
 * This is the only file of the kiosk that includes winscard.h. Every blocking
 * PC/SC call runs in a thread: the presence watch in its own (with its own
 * PC/SC context, woken by SCardCancel()), each operation in a worker thread
 * with a fresh context, so that a restarted pcscd is simply used again.
 */
#pragma once

#include "kiosk-chip-reader.h"
#include "kiosk-device-config.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PCSC_CHIP_READER (kiosk_pcsc_chip_reader_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskPcscChipReader, kiosk_pcsc_chip_reader, KIOSK, PCSC_CHIP_READER, KioskChipReader)

typedef enum
{
  KIOSK_PCSC_PROTOCOL_ANY,
  KIOSK_PCSC_PROTOCOL_T0,
  KIOSK_PCSC_PROTOCOL_T1,
} KioskPcscProtocol;

typedef struct
{
  const char *reader; /* substring of the reader name; NULL or "": the first reader */
  KioskPcscProtocol protocol;
  guint timeout_ms;
  guint poll_ms;
  guint reconnect_ms;
  guint reconnect_max_ms;
} KioskPcscChipReaderOptions;

/* The defaults above. */
void kiosk_pcsc_chip_reader_options_init (KioskPcscChipReaderOptions *options);

KioskDevice *kiosk_pcsc_chip_reader_new (const char *name,
                                         gboolean simulated,
                                         const KioskPcscChipReaderOptions *options);
/* The manager's create function: reads the keys above. */
KioskDevice *kiosk_pcsc_chip_reader_new_from_config (KioskDeviceConfig *config, GError **error);

/* The reader in use ("Virtual PCD 00 00"), or NULL while none is found. */
const char *kiosk_pcsc_chip_reader_get_reader_name (KioskPcscChipReader *self);
/* The protocol of the last connection: 0 (T=0), 1 (T=1), -1 none yet. */
int kiosk_pcsc_chip_reader_get_last_protocol (KioskPcscChipReader *self);

/* Registers ("chip", "pcsc") with the device manager. */
void kiosk_pcsc_chip_reader_register_driver (void);

G_END_DECLS
