/* kiosk-config-check.c — every group of the configuration, checked by its own parser */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include "kiosk-config-check.h"
#include "kiosk-config.h"
#include "kiosk-context.h"
#include "kiosk-device-manager.h"
#include "kiosk-device-selftest.h"
#include "kiosk-policy.h"
#include "kiosk-technician-settings.h"
#ifdef KIOSK_HAVE_PHOTO
#include "kiosk-photo-spec.h"
#endif

typedef gboolean (*GroupChecker) (GKeyFile *keyfile, const char *group, GError **error);

typedef struct
{
  const char *group;
  GroupChecker check;
  const char *const *keys; /* keys read, for the warnings; NULL: the parser checks them */
  const char *note;        /* when `check` is NULL: why */
} KnownGroup;

/* A copy of one group alone, so that the KioskConfig parser's error is
 * about that group and not the first bad one of three. */
static GKeyFile *
only_group (GKeyFile *keyfile, const char *group)
{
  GKeyFile *alone = g_key_file_new ();
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (keyfile, group, keys[i], NULL);

      if (value != NULL)
        g_key_file_set_value (alone, group, keys[i], value);
    }
  return alone;
}

static gboolean
check_kiosk_config (GKeyFile *keyfile, const char *group, GError **error)
{
  g_autoptr (GKeyFile) alone = only_group (keyfile, group);
  g_autofree char *data = g_key_file_to_data (alone, NULL, NULL);
  g_autoptr (KioskConfig) config = kiosk_config_load_data (data, -1, error);

  return config != NULL;
}

static gboolean
check_policy (GKeyFile *keyfile, const char *group, GError **error)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_load (keyfile, error);

  return policy != NULL;
}

#ifdef KIOSK_HAVE_PHOTO
static gboolean
check_photo (GKeyFile *keyfile, const char *group, GError **error)
{
  g_autoptr (KioskPhotoSpec) spec = kiosk_photo_spec_new_from_keyfile (keyfile, error);

  return spec != NULL;
}
#endif

static gboolean
check_flows (GKeyFile *keyfile, const char *group, GError **error)
{
  KioskFlowSettings settings;

  return kiosk_flow_settings_load (&settings, keyfile, error);
}

static gboolean
check_technician (GKeyFile *keyfile, const char *group, GError **error)
{
  KioskTechnicianSettings settings;

  return kiosk_technician_settings_load (&settings, keyfile, error);
}

static gboolean
check_devices (GKeyFile *keyfile, const char *group, GError **error)
{
  g_autoptr (KioskDeviceManager) manager = NULL;

  kiosk_device_selftest_register_drivers ();
  manager = kiosk_device_manager_new (keyfile, group, error);
  if (manager == NULL)
    return FALSE;
  kiosk_device_manager_shutdown (manager);
  return TRUE;
}

static const char *const kiosk_keys[] = { "id", "site", NULL };
static const char *const store_keys[] = { "state_dir", "path", "retention_days", NULL };
static const char *const center_keys[] = { "driver", "simulator_db", "latency_ms", NULL };
#ifdef KIOSK_HAVE_PHOTO
static const char *const photo_keys[] = { "min_kb", "max_kb", "cascade_dir", NULL };
#endif

static const KnownGroup known_groups[] = {
  { "kiosk", check_kiosk_config, kiosk_keys, NULL },
  { "store", check_kiosk_config, store_keys, NULL },
  { "center", check_kiosk_config, center_keys, NULL },
  { "policy", check_policy, NULL, NULL },
#ifdef KIOSK_HAVE_PHOTO
  { "photo", check_photo, photo_keys, NULL },
#else
  { "photo", NULL, NULL, "this build has no photo check" },
#endif
  { "flows", check_flows, NULL, NULL },
  { KIOSK_TECHNICIAN_GROUP, check_technician, NULL, NULL },
  { "devices", check_devices, NULL,
    "skipped (checking builds every device and starts its simulator)" },
  { "ui", NULL, NULL, "checked by sskiosk at start" },
  { "appliance", NULL, NULL, "read by the appliance's setup units (docs/image.md)" },
};

void
kiosk_config_group_check_free (KioskConfigGroupCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->group);
  g_free (check->error);
  g_ptr_array_unref (check->warnings);
  g_free (check);
}

static KioskConfigGroupCheck *
group_check_new (const char *group, gboolean present)
{
  KioskConfigGroupCheck *check = g_new0 (KioskConfigGroupCheck, 1);

  check->group = g_strdup (group);
  check->present = present;
  check->warnings = g_ptr_array_new_with_free_func (g_free);
  return check;
}

static void
unread_keys (GKeyFile *keyfile, const KnownGroup *known, KioskConfigGroupCheck *check)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, known->group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known->keys, keys[i]))
      g_ptr_array_add (check->warnings,
                       g_strdup_printf ("[%s] %s: 程序不读取此项 (no part of the program reads "
                                        "this key: misspelt?)",
                                        known->group, keys[i]));
}

GPtrArray *
kiosk_config_check (GKeyFile *keyfile, KioskConfigCheckFlags flags)
{
  GPtrArray *checks
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_config_group_check_free);
  g_auto (GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (known_groups); i++)
    {
      const KnownGroup *known = &known_groups[i];
      KioskConfigGroupCheck *check
          = group_check_new (known->group, g_key_file_has_group (keyfile, known->group));
      g_autoptr (GError) error = NULL;
      gboolean run = known->check != NULL;

      if (known->check == check_devices && !(flags & KIOSK_CONFIG_CHECK_DEVICES))
        run = FALSE;
      check->checked = run;
      check->note = run ? NULL : known->note;
      if (run && !known->check (keyfile, known->group, &error))
        check->error = g_strdup (error->message);
      if (run && known->keys != NULL)
        unread_keys (keyfile, known, check);
      g_ptr_array_add (checks, check);
    }

  for (gsize i = 0; groups != NULL && groups[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (gsize j = 0; j < G_N_ELEMENTS (known_groups) && !known; j++)
        known = g_str_equal (groups[i], known_groups[j].group);
      if (!known)
        {
          KioskConfigGroupCheck *check = group_check_new (groups[i], TRUE);

          check->checked = TRUE;
          check->error = g_strdup_printf (
              "[%s]: 未知的配置组 (unknown group; known: kiosk, store, center, policy, photo, "
              "flows, technician, devices, ui, appliance)",
              groups[i]);
          g_ptr_array_add (checks, check);
        }
    }
  return checks;
}

gboolean
kiosk_config_check_passed (GPtrArray *checks)
{
  return kiosk_config_check_first_error (checks) == NULL;
}

const char *
kiosk_config_check_first_error (GPtrArray *checks)
{
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      const KioskConfigGroupCheck *check = g_ptr_array_index (checks, i);

      if (check->error != NULL)
        return check->error;
    }
  return NULL;
}
