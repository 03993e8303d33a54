/* kiosk-chip-simulator.h — a private pcscd with vpcd and the virtual card
 *
 * What `chip_simulator=true` starts (and what the tests start the same way):
 *
 *   1. a reader configuration for vpcd on a free pair of TCP ports
 *      (<dir>/conf/vpcd, CHANNELID = the port);
 *   2. pcscd in the foreground, in a private mount namespace where
 *      <dir>/run is bind-mounted over /run/pcscd, so that it does not touch
 *      the system's pcscd (`unshare -m`, which needs root); the clients of
 *      this process then find it through PCSCLITE_CSOCK_NAME, which must be
 *      set before the process makes its first PC/SC call;
 *   3. kiosk-vcard connected to the port: a card in the reader "Virtual PCD 00 00".
 *
 * Without root (no private namespace) the system's pcscd is used if it runs
 * and has a vpcd reader (Debian's vsmartcard-vpcd configures port 0x8C7B =
 * 35963; chip_sim_port overrides it).
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-device-config.h"

G_BEGIN_DECLS

/* The reader vpcd's first slot is called. */
#define KIOSK_CHIP_SIMULATOR_READER "Virtual PCD 00 00"

/* A free TCP port N on 127.0.0.1 whose N+1 is free too (vpcd takes both). */
gboolean kiosk_chip_simulator_find_ports (guint *port, GError **error);

/* Writes <dir>/conf/vpcd for vpcd on `port` and creates <dir>/run. */
gboolean kiosk_chip_simulator_write_config (const char *dir, guint port, GError **error);

/* Starts pcscd for <dir>/conf in a private mount namespace with <dir>/run as
 * /run/pcscd, and waits (up to `timeout_ms`) until <dir>/run/pcscd.comm
 * answers. Its output goes to <dir>/pcscd.log. G_IO_ERROR_NOT_SUPPORTED when
 * private namespaces are not allowed here (not root). */
GSubprocess *kiosk_chip_simulator_spawn_pcscd (const char *dir, guint timeout_ms, GError **error);

/* <dir>/run/pcscd.comm */
char *kiosk_chip_simulator_socket_path (const char *dir);

/* The manager's simulator function for ("chip", "pcsc"): the three steps
 * above in the device's runtime directory; overrides `reader` and sets
 * `sim_control` (the virtual card's control socket) and `sim_port`. Reads
 * chip_sim_card (demo | blank | a card file; default demo), chip_sim_state
 * and chip_sim_port. */
gboolean kiosk_chip_simulator_start (KioskDeviceConfig *config, GError **error);

G_END_DECLS
