/* kiosk-center-sim-private.h — the simulator's database and calls (private)
 *
 * kiosk-center-sim.c is the GObject: async plumbing, latency, failure
 * injection and idempotency. kiosk-center-sim-db.c is the schema, the seeding
 * from the demo people and one handler per call; kiosk-center-sim-script.c
 * builds the chip-personalisation script.
 */
#pragma once

#include <glib.h>

#include "kiosk-apdu-script.h"
#include "kiosk-center.h"
#include "kiosk-db.h"
#include "kiosk-demo-people.h"
#include "kiosk-policy.h"

G_BEGIN_DECLS

typedef struct
{
  KioskDb *db;
  const KioskPolicy *policy;
  GDate today;
} KioskCenterSimContext;

/* The schema, for kiosk_db_open(). */
const KioskDbMigration *kiosk_center_sim_db_migrations (gsize *n_migrations);

/* TRUE if the database has been seeded already. */
gboolean kiosk_center_sim_db_is_seeded (KioskDb *db, gboolean *seeded, GError **error);
/* Seeds the demo people (call inside a transaction). */
gboolean kiosk_center_sim_db_seed (KioskDb *db, const KioskDemoPeople *people, GError **error);

/* Answers one call: a reply dictionary (the call's fields, or a refusal),
 * or a GError for what is not a rule refusal (NOT_FOUND, INVALID,
 * WRONG_STATE, a database error). Runs inside the caller's transaction. */
GVariant *kiosk_center_sim_db_handle (KioskCenterSimContext *ctx,
                                      KioskCenterCall call,
                                      GVariant *request,
                                      GError **error);

/* What the script writes, from the person and the new card. */
typedef struct
{
  const char *application_id;
  const char *id_number;
  const char *name;   /* UTF-8; written as GB18030 (a superset of GBK), 30 bytes */
  const char *nation; /* "01" … "98" */
  const char *card_number;
  GDate issued_on;
} KioskCenterSimCardData;

KioskApduScript *kiosk_center_sim_build_script (const KioskCenterSimCardData *data);

G_END_DECLS
