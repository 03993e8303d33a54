/* kiosk-center-sim.h — the embedded center: a faithful stand-in for the provincial system
 *
 * KioskCenterSim implements KioskCenter over its own SQLite file (through
 * KioskDb), seeded on first open with the fictitious people of
 * data/demo-people.ini. It is the default center, so the kiosk runs on a
 * fresh machine, and it is what the tests of every flow talk to.
 *
 * - Rules: every change is checked with the rules module (kiosk_rules_check_*)
 *   under the sim's policy and its "today", so the sim refuses exactly what
 *   the kiosk's rules refuse.
 * - Idempotency: a table key → (call, request hash, reply) is written in the
 *   same transaction as the effect; a repeated key returns the stored reply,
 *   a different request with the same key is KIOSK_CENTER_ERROR_CONFLICT.
 * - Time: "today" is the local calendar day unless set; the demo people's
 *   days are kept relative ("today-7") until a call changes the card, which
 *   then gets fixed dates (docs/center.md).
 * - Latency: every call answers after latency_ms on the caller's thread-default
 *   main context (a GLib timeout; nothing blocks). Cancelling before the
 *   answer returns G_IO_ERROR_CANCELLED and nothing happens.
 * - Failures: inject_failure() makes the next calls fail as a network would.
 *
 * A KioskCenterSim is used from one thread (the one whose main context runs
 * its calls).
 */
#pragma once

#include <glib-object.h>

#include "kiosk-center.h"
#include "kiosk-policy.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CENTER_SIM (kiosk_center_sim_get_type ())
G_DECLARE_FINAL_TYPE (KioskCenterSim, kiosk_center_sim, KIOSK, CENTER_SIM, GObject)

typedef enum
{
  KIOSK_CENTER_SIM_FAILURE_NONE,
  KIOSK_CENTER_SIM_FAILURE_TIMEOUT,    /* the request is lost: nothing happens, TIMEOUT */
  KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, /* the call acts (and stores its reply), the answer
                                        * is lost: TIMEOUT. Repeat with the same key. */
  KIOSK_CENTER_SIM_FAILURE_ERROR,      /* the center answers with an error: UNAVAILABLE */
  KIOSK_CENTER_SIM_FAILURE_BAD_REPLY,  /* the answer is garbage: BAD_REPLY */
} KioskCenterSimFailure;

/* Opens (creating and seeding it if needed) the simulator's database at
 * `db_path` (its directory is created 0700). `policy` NULL means the
 * defaults. Errors: KIOSK_DB_ERROR (the file), KIOSK_DEMO_PEOPLE_ERROR (the
 * demo data on first open). */
KioskCenterSim *
kiosk_center_sim_new (const char *db_path, const KioskPolicy *policy, GError **error);
/* As above, seeding from `demo_path` (NULL: data/demo-people.ini). */
KioskCenterSim *kiosk_center_sim_new_full (const char *db_path,
                                           const KioskPolicy *policy,
                                           const char *demo_path,
                                           GError **error);

const char *kiosk_center_sim_get_db_path (KioskCenterSim *sim);

/* Simulated network latency, 0 … 60000 ms (default 0). */
void kiosk_center_sim_set_latency (KioskCenterSim *sim, guint latency_ms);
guint kiosk_center_sim_get_latency (KioskCenterSim *sim);

/* The sim's clock: `today` NULL goes back to the local calendar day. */
void kiosk_center_sim_set_today (KioskCenterSim *sim, const GDate *today);
void kiosk_center_sim_get_today (KioskCenterSim *sim, GDate *out_today);

/* The next `count` calls named `call` (kiosk_center_call_to_string(), or "*"
 * for any call) fail with `failure`. Injections add up; FAILURE_NONE with
 * count 0 removes those for `call`. Returns FALSE for an unknown call name. */
gboolean kiosk_center_sim_inject_failure (KioskCenterSim *sim,
                                          const char *call,
                                          KioskCenterSimFailure failure,
                                          guint count);
void kiosk_center_sim_clear_failures (KioskCenterSim *sim);

G_END_DECLS
