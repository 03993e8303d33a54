/* kiosk-device-manager.c — builds the devices from the [devices] group
 * through a registry of driver factories */
#define G_LOG_DOMAIN "kiosk-device"

#include "config.h"

#include <string.h>

#include "kiosk-device-manager.h"

struct _KioskDeviceManager
{
  GObject parent_instance;

  GPtrArray *devices; /* KioskDevice, configuration order */
  GPtrArray *configs; /* KioskDeviceConfig, same order */
};

G_DEFINE_FINAL_TYPE (KioskDeviceManager, kiosk_device_manager, G_TYPE_OBJECT)

static GMutex registry_lock;
static GPtrArray *registry; /* const KioskDeviceDriverInfo * */

void
kiosk_device_manager_register_driver (const KioskDeviceDriverInfo *info)
{
  g_return_if_fail (info != NULL && info->name != NULL && info->driver != NULL);
  g_return_if_fail (info->create != NULL);

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_ptr_array_new ();
  for (guint i = 0; i < registry->len; i++)
    {
      const KioskDeviceDriverInfo *known = g_ptr_array_index (registry, i);

      if (g_str_equal (known->name, info->name) && g_str_equal (known->driver, info->driver))
        {
          g_mutex_unlock (&registry_lock);
          return;
        }
    }
  g_ptr_array_add (registry, (gpointer) info);
  g_mutex_unlock (&registry_lock);
}

GPtrArray *
kiosk_device_manager_list_drivers (void)
{
  GPtrArray *list = g_ptr_array_new ();

  g_mutex_lock (&registry_lock);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    g_ptr_array_add (list, g_ptr_array_index (registry, i));
  g_mutex_unlock (&registry_lock);
  return list;
}

static const KioskDeviceDriverInfo *
lookup_driver (const char *name, const char *driver, GString *known_drivers)
{
  const KioskDeviceDriverInfo *found = NULL;

  g_mutex_lock (&registry_lock);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    {
      const KioskDeviceDriverInfo *info = g_ptr_array_index (registry, i);

      if (!g_str_equal (info->name, name))
        continue;
      if (g_str_equal (info->driver, driver))
        found = info;
      g_string_append_printf (known_drivers, "%s%s", known_drivers->len ? ", " : "", info->driver);
    }
  g_mutex_unlock (&registry_lock);
  return found;
}

static void
kiosk_device_manager_dispose (GObject *object)
{
  kiosk_device_manager_shutdown (KIOSK_DEVICE_MANAGER (object));
  G_OBJECT_CLASS (kiosk_device_manager_parent_class)->dispose (object);
}

static void
kiosk_device_manager_finalize (GObject *object)
{
  KioskDeviceManager *self = KIOSK_DEVICE_MANAGER (object);

  g_ptr_array_unref (self->devices);
  g_ptr_array_unref (self->configs);
  G_OBJECT_CLASS (kiosk_device_manager_parent_class)->finalize (object);
}

static void
kiosk_device_manager_class_init (KioskDeviceManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_device_manager_dispose;
  object_class->finalize = kiosk_device_manager_finalize;
}

static void
kiosk_device_manager_init (KioskDeviceManager *self)
{
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  self->configs = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_device_config_unref);
}

/* Every key of the group must belong to a configured device: a typo
 * (`idreadr_port`) is refused rather than silently ignored. */
static gboolean
check_orphan_keys (GKeyFile *keyfile, const char *group, GPtrArray *names, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      gboolean owned = FALSE;

      for (guint j = 0; j < names->len && !owned; j++)
        {
          const char *name = g_ptr_array_index (names, j);
          gsize len = strlen (name);

          owned = strncmp (keys[i], name, len) == 0 && keys[i][len] == '_';
        }
      if (!owned)
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                       "[%s] %s: no device is configured for this key (a device needs "
                       "<name>_driver first)",
                       group, keys[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_device (KioskDeviceManager *self,
            GKeyFile *keyfile,
            const char *group,
            const char *name,
            GError **error)
{
  g_autoptr (KioskDeviceConfig) config = kiosk_device_config_new (keyfile, group, name);
  g_autoptr (GString) known = g_string_new (NULL);
  g_autoptr (KioskDevice) device = NULL;
  const char *driver = kiosk_device_config_get_driver (config);
  const KioskDeviceDriverInfo *info;
  gboolean simulator;

  if (driver == NULL || g_str_equal (driver, "none"))
    return TRUE;

  info = lookup_driver (name, driver, known);
  if (info == NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "[%s] %s_driver: unknown driver “%s” (known: %s, none)", group, name, driver,
                   known->len ? known->str : "no driver registered for this device");
      return FALSE;
    }
  if (!kiosk_device_config_get_boolean (config, "simulator", FALSE, &simulator, error))
    return FALSE;
  if (simulator)
    {
      if (info->start_simulator == NULL)
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                       "[%s] %s_simulator: the driver “%s” has no simulator", group, name, driver);
          return FALSE;
        }
      if (!info->start_simulator (config, error))
        return FALSE;
    }

  device = info->create (config, error);
  if (device == NULL)
    return FALSE;
  if (kiosk_device_get_kind (device) != info->kind)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "[%s] %s_driver: “%s” made a %s, not a %s", group, name, driver,
                   kiosk_device_kind_to_string (kiosk_device_get_kind (device)),
                   kiosk_device_kind_to_string (info->kind));
      return FALSE;
    }

  g_ptr_array_add (self->devices, g_steal_pointer (&device));
  g_ptr_array_add (self->configs, g_steal_pointer (&config));
  return TRUE;
}

KioskDeviceManager *
kiosk_device_manager_new (GKeyFile *keyfile, const char *group, GError **error)
{
  g_autoptr (KioskDeviceManager) self = g_object_new (KIOSK_TYPE_DEVICE_MANAGER, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) keys = NULL;

  g_return_val_if_fail (keyfile != NULL, NULL);
  if (group == NULL)
    group = "devices";

  if (!g_key_file_has_group (keyfile, group))
    return g_steal_pointer (&self);

  keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++)
    if (g_str_has_suffix (keys[i], "_driver") && strlen (keys[i]) > strlen ("_driver"))
      g_ptr_array_add (names, g_strndup (keys[i], strlen (keys[i]) - strlen ("_driver")));

  if (!check_orphan_keys (keyfile, group, names, error))
    return NULL;
  for (guint i = 0; i < names->len; i++)
    if (!add_device (self, keyfile, group, g_ptr_array_index (names, i), error))
      return NULL;
  return g_steal_pointer (&self);
}

GPtrArray *
kiosk_device_manager_get_devices (KioskDeviceManager *self)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE_MANAGER (self), NULL);
  return self->devices;
}

KioskDevice *
kiosk_device_manager_get_device (KioskDeviceManager *self, const char *name)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE_MANAGER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->devices->len; i++)
    {
      KioskDevice *device = g_ptr_array_index (self->devices, i);

      if (g_strcmp0 (kiosk_device_get_name (device), name) == 0)
        return device;
    }
  return NULL;
}

KioskDevice *
kiosk_device_manager_get_device_by_kind (KioskDeviceManager *self, KioskDeviceKind kind)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE_MANAGER (self), NULL);

  for (guint i = 0; i < self->devices->len; i++)
    {
      KioskDevice *device = g_ptr_array_index (self->devices, i);

      if (kiosk_device_get_kind (device) == kind)
        return device;
    }
  return NULL;
}

KioskDeviceConfig *
kiosk_device_manager_get_config (KioskDeviceManager *self, const char *name)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE_MANAGER (self), NULL);

  for (guint i = 0; i < self->configs->len; i++)
    {
      KioskDeviceConfig *config = g_ptr_array_index (self->configs, i);

      if (g_str_equal (kiosk_device_config_get_name (config), name))
        return config;
    }
  return NULL;
}

typedef struct
{
  guint pending;
  GError *first_error;
} OpenAll;

static void
open_all_free (gpointer data)
{
  OpenAll *all = data;

  g_clear_error (&all->first_error);
  g_free (all);
}

static void
open_one_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  OpenAll *all = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!kiosk_device_open_finish (KIOSK_DEVICE (source), result, &error))
    {
      g_debug ("%s: open failed: %s", kiosk_device_get_name (KIOSK_DEVICE (source)),
               error->message);
      if (all->first_error == NULL)
        all->first_error = g_steal_pointer (&error);
    }
  if (--all->pending > 0)
    return;
  if (all->first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&all->first_error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kiosk_device_manager_open_all_async (KioskDeviceManager *self,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  OpenAll *all;

  g_return_if_fail (KIOSK_IS_DEVICE_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_device_manager_open_all_async);
  all = g_new0 (OpenAll, 1);
  all->pending = self->devices->len;
  g_task_set_task_data (task, all, open_all_free);
  if (all->pending == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  for (guint i = 0; i < self->devices->len; i++)
    kiosk_device_open_async (g_ptr_array_index (self->devices, i), cancellable, open_one_cb,
                             g_object_ref (task));
}

gboolean
kiosk_device_manager_open_all_finish (KioskDeviceManager *self,
                                      GAsyncResult *result,
                                      GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kiosk_device_manager_shutdown (KioskDeviceManager *self)
{
  g_return_if_fail (KIOSK_IS_DEVICE_MANAGER (self));

  /* Devices first (their drivers release the ports), then the simulators
   * they talked to. An operation still in flight keeps its device alive
   * until it completes with CANCELLED. */
  for (guint i = 0; i < self->devices->len; i++)
    kiosk_device_cancel (g_ptr_array_index (self->devices, i));
  g_ptr_array_set_size (self->devices, 0);
  for (guint i = 0; i < self->configs->len; i++)
    kiosk_device_config_stop_simulators (g_ptr_array_index (self->configs, i));
  g_ptr_array_set_size (self->configs, 0);
}
