/* chip-rig.h — a real pcscd with vpcd and the virtual card, for the chip tests
 *
 * One private pcscd per test program (libpcsclite reads PCSCLITE_CSOCK_NAME
 * once per process), started by chip_rig_init() before the tests run, in a
 * private mount namespace (TEST-RIG.md), on a free port pair. Each test
 * starts its own kiosk-vcard with chip_rig_start_vcard(). Everything is
 * killed and reaped by chip_rig_shutdown(), by an abort of the test (a
 * failed assertion) through a signal handler, and by the kernel if the test
 * dies otherwise (PR_SET_PDEATHSIG).
 *
 * Without pcscd, vpcd or root the rig is unavailable: chip_rig_skip_if_down()
 * marks the test skipped with the reason.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CHIP_RIG_READER "Virtual PCD 00 00"

/* Starts pcscd (or notes why it cannot). Call after g_test_init(). */
void chip_rig_init (void);
void chip_rig_shutdown (void);

/* TRUE (and g_test_skip()) when the rig is not available. */
gboolean chip_rig_skip_if_down (void);

/* Starts the virtual card: `card` is "demo", "blank" or a file; extra
 * arguments (NULL-terminated) follow. A fresh state file each time unless
 * `keep_state`. Waits until pcscd sees the card unless "--removed" is given. */
void chip_rig_start_vcard (const char *card, gboolean keep_state, const char *const *extra);
void chip_rig_stop_vcard (void);
/* The virtual card's state file. */
const char *chip_rig_state_path (void);

/* Sends a control command; asserts the answer starts with "OK" and returns it. */
char *chip_rig_control (const char *command);

/* Stops pcscd (SIGTERM, waits) and starts it again, with or without the
 * vpcd reader in its configuration (without: the reader is "unplugged"). */
void chip_rig_stop_pcscd (void);
void chip_rig_start_pcscd (gboolean with_reader);

/* Runs the default main context until `done` returns TRUE or `timeout_ms`
 * passes; returns the last value of `done`. */
gboolean chip_rig_wait (gboolean (*done) (gpointer), gpointer data, guint timeout_ms);

/* Waits (up to 5 s) until pcscd reports the card present or absent. */
void chip_rig_wait_card (gboolean present);

G_END_DECLS
