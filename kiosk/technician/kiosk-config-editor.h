/* kiosk-config-editor.h — the configuration on the technician pages: shown, safe fields edited
 *
 * Every key of the configuration file is shown; only the safe fields can be
 * changed there:
 *
 *   [kiosk] id            the kiosk's ID (receipts, audit, the center)
 *   [kiosk] site          the service hall's name
 *   [center] latency_ms   the embedded center simulator's latency
 *   [photo] min_kb        the card photo's JPEG size bounds (the local center's rule)
 *   [photo] max_kb
 *
 * Everything else (paths, drivers, devices, policy knobs of the rules, the
 * PIN lockout) is read-only there: it is changed by editing the file as
 * root and checked with `kioskctl config check`. The center's network
 * endpoint joins the safe fields when the network client exists (today the
 * center is the embedded simulator and has no endpoint).
 *
 * A change is validated by the group's own parser on the resulting file
 * (kiosk-config-check.h), written atomically (temporary file, fsync,
 * rename; comments and the file's mode kept) and audited as "config.set"
 * with the old and new value, in that order: when the audit entry cannot be
 * committed the old file is put back. The program reads its configuration
 * at start: a change takes effect after a restart.
 */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *group;
  char *key;
  const char *label; /* Chinese, for the page; NULL for keys without one */
  gboolean editable; /* a safe field */
  char *value;       /* as written in the file, or NULL when absent (the default applies) */
} KioskConfigField;

void kiosk_config_field_free (KioskConfigField *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskConfigField, kiosk_config_field_free)

/* Whether [group] key is one of the safe fields above. */
gboolean kiosk_config_field_is_safe (const char *group, const char *key);

/* Every key of `keyfile` in file order, and the safe fields that are absent
 * (value NULL) after them (array of KioskConfigField). */
GPtrArray *kiosk_config_editor_list (GKeyFile *keyfile);

/* Sets a safe field of the configuration file at `path` to `value` (NULL or
 * "" removes the key: the default applies). Refused with
 * KIOSK_CONFIG_ERROR_INVALID_VALUE (a read-only field, a value the group's
 * parser refuses, text that is not one printable line), _NOT_FOUND (no such
 * file) or a file/store error; nothing is written then. */
gboolean kiosk_config_editor_set (const char *path,
                                  const char *group,
                                  const char *key,
                                  const char *value,
                                  KioskStore *store,
                                  const char *actor,
                                  GError **error);

G_END_DECLS
