/* kiosk-config-check.h — every group of the configuration, checked by its own parser
 *
 * The program reads each group where it is used (KioskConfig: [kiosk]
 * [store] [center]; KioskPolicy: [policy]; KioskPhotoSpec: [photo];
 * KioskFlowSettings: [flows]; KioskTechnicianSettings: [technician]; the
 * device manager: [devices]; the UI: [ui]). This check runs each of those
 * parsers on its group alone, so one bad group does not hide the others,
 * and reports per group:
 *
 *   - an error: the parser refuses the group (the program would not start);
 *   - warnings: keys no parser reads in [kiosk], [store], [center], [photo]
 *     (a misspelt key there is silently ignored by the program);
 *   - an unknown group is an error.
 *
 * [devices] is checked only with KIOSK_CONFIG_CHECK_DEVICES: the manager
 * builds every device without opening it, which on a development machine
 * starts (and stops) the simulators the configuration asks for. [ui] is the
 * UI's and is checked by `sskiosk` at start, [appliance] is the image's
 * setup units' (docs/image.md): both are known, not checked here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_CONFIG_CHECK_DEFAULT = 0,
  KIOSK_CONFIG_CHECK_DEVICES = 1 << 0,
} KioskConfigCheckFlags;

typedef struct
{
  char *group;         /* "policy" */
  gboolean present;    /* the file has this group */
  gboolean checked;    /* FALSE: not checked here (see `note`) */
  char *error;         /* what the parser refused, or NULL */
  GPtrArray *warnings; /* char *: keys nothing reads */
  const char *note;    /* why not checked, or NULL */
} KioskConfigGroupCheck;

void kiosk_config_group_check_free (KioskConfigGroupCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskConfigGroupCheck, kiosk_config_group_check_free)

/* One KioskConfigGroupCheck per known group (in the order above), then one
 * per unknown group of the file. */
GPtrArray *kiosk_config_check (GKeyFile *keyfile, KioskConfigCheckFlags flags);
/* No group has an error. */
gboolean kiosk_config_check_passed (GPtrArray *checks);
/* The first error as "[group] …", or NULL. */
const char *kiosk_config_check_first_error (GPtrArray *checks);

G_END_DECLS
