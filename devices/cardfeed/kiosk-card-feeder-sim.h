/* kiosk-card-feeder-sim.h — the "simulator" driver of the card transport
 *
 * A KioskCardFeeder that keeps the PHYSICAL state — where the card is, the
 * hopper level, the counters, a jam — in a state file that every movement
 * rewrites atomically (write to a temporary file, fsync, rename), so the
 * state survives a SIGKILL of the kiosk as a real transport's does. When a
 * card reaches the encoder station it presents it to the chip reader's
 * virtual card (kiosk-vcard's control socket: BLANK + INSERT for a new
 * blank, INSERT for a card coming back; REMOVE when it leaves), so the
 * personalisation script really runs through pcscd.
 *
 * Configuration ([devices]):
 *   cardfeed_driver=simulator
 *   cardfeed_state=PATH           the state file (default: <state dir>/cardfeed-sim.ini,
 *                                 i.e. $XDG_STATE_HOME/sskiosk; tests give their own)
 *   cardfeed_hopper=100           blank cards in a new state file (0 … 100000)
 *   cardfeed_motion_ms=50         how long one movement takes (0 … 10000)
 *   cardfeed_take_ms=0            the citizen takes an ejected card after this
 *                                 long (0: only kiosk_card_feeder_sim_take())
 *   cardfeed_chip_control=PATH    the virtual card's control socket; when unset,
 *                                 the kiosk connects it to the chip simulator's
 *                                 (kiosk_card_feeder_sim_set_chip_control())
 *
 * Nothing about a card's content is known or logged here.
 */
#pragma once

#include "kiosk-card-feeder.h"
#include "kiosk-device-config.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_FEEDER_SIM (kiosk_card_feeder_sim_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskCardFeederSim, kiosk_card_feeder_sim, KIOSK, CARD_FEEDER_SIM, KioskCardFeeder)

/* The manager's create function. */
KioskDevice *kiosk_card_feeder_sim_new_from_config (KioskDeviceConfig *config, GError **error);
/* Registers ("cardfeed", "simulator") with the device manager. */
void kiosk_card_feeder_sim_register_driver (void);

const char *kiosk_card_feeder_sim_get_state_path (KioskCardFeederSim *self);
/* Where to send INSERT/REMOVE/BLANK; NULL: no chip presentation. */
void kiosk_card_feeder_sim_set_chip_control (KioskCardFeederSim *self, const char *socket_path);

/* Faults, injected as the hardware would produce them. */
typedef enum
{
  KIOSK_CARD_FEEDER_FAULT_NONE,
  KIOSK_CARD_FEEDER_FAULT_JAM,       /* the next movement jams (the card stays where it was) */
  KIOSK_CARD_FEEDER_FAULT_MISFEED,   /* the next feed takes no card from the hopper */
  KIOSK_CARD_FEEDER_FAULT_NO_ANSWER, /* the next operation never completes (timeout) */
} KioskCardFeederFault;

void kiosk_card_feeder_sim_inject (KioskCardFeederSim *self, KioskCardFeederFault fault);
/* The same for the next operation named `operation` ("feed",
 * "move-printer", "move-encoder", "eject", "reject", "query-state"; NULL:
 * whichever comes next). */
void kiosk_card_feeder_sim_inject_on (KioskCardFeederSim *self,
                                      const char *operation,
                                      KioskCardFeederFault fault);
/* Clears a jam (the technician opened the transport). */
void kiosk_card_feeder_sim_clear_jam (KioskCardFeederSim *self);
/* The citizen takes the card from the slot (FALSE: the slot is empty). */
gboolean kiosk_card_feeder_sim_take (KioskCardFeederSim *self);
/* Loads blank cards into the hopper (a technician's refill). */
void kiosk_card_feeder_sim_refill (KioskCardFeederSim *self, guint count);
/* Takes `count` blank cards out of the hopper by hand (a damaged card the
 * technician pulls out, or a card gone missing): no counter moves. FALSE
 * (and nothing changes) when the hopper holds fewer. */
gboolean kiosk_card_feeder_sim_remove (KioskCardFeederSim *self, guint count);

G_END_DECLS
