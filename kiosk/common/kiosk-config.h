/* kiosk-config.h — the kiosk's configuration file (GKeyFile)
 *
 * One file decides everything site-specific: kiosk identity, where state is
 * kept, which center and which device drivers (or simulators) are used, and
 * the policy knobs of RULES.md. Unknown or garbage values are refused with a
 * message naming the group, key and what is allowed; nothing is guessed.
 *
 * Groups: [kiosk] id, site · [store] path, retention_days · [center] driver,
 * simulator_db, latency_ms · [policy] (parsed by KioskPolicy, kiosk/rules) ·
 * [devices] (parsed by the device manager, devices/core).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CONFIG_ERROR (kiosk_config_error_quark ())
GQuark kiosk_config_error_quark (void);

typedef enum
{
  KIOSK_CONFIG_ERROR_NOT_FOUND,
  KIOSK_CONFIG_ERROR_PARSE,
  KIOSK_CONFIG_ERROR_INVALID_VALUE,
} KioskConfigError;

typedef struct
{
  char *path;        /* the file read, or NULL for the embedded default */
  GKeyFile *keyfile; /* the raw file, for groups owned by other modules */

  char *kiosk_id;       /* [kiosk] id, e.g. "JL-CC-0001" */
  char *site;           /* [kiosk] site, human-readable */
  char *state_dir;      /* [store] state_dir: databases and photos, mode 0700 */
  char *store_path;     /* [store] path, default <state_dir>/kiosk.db */
  guint retention_days; /* [store] retention_days: personal data of finished sessions */

  char *center_driver;     /* [center] driver: "simulator" (network later) */
  char *center_sim_db;     /* [center] simulator_db, default <state_dir>/center-sim.db */
  guint center_latency_ms; /* [center] latency_ms, simulator only */
} KioskConfig;

KioskConfig *kiosk_config_new_default (void);
KioskConfig *kiosk_config_load_file (const char *path, GError **error);
KioskConfig *kiosk_config_load_data (const char *data, gssize len, GError **error);
/* --config PATH, else $KIOSK_CONFIG, else $sysconfdir/sskiosk/kiosk.conf if it
 * exists, else the embedded default. */
KioskConfig *kiosk_config_load_default (const char *explicit_path, GError **error);
void kiosk_config_free (KioskConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskConfig, kiosk_config_free)

G_END_DECLS
