/* kiosk-context.c — the configuration, store, center, devices and clock of the flows */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-context.h"

#include "kiosk-card-feeder-sim.h"
#include "kiosk-context-private.h"
#include "kiosk-devices-builtin.h"
#include "kiosk-pcsc-chip-reader.h"
#include "kiosk-sam-serial.h"
#ifdef KIOSK_HAVE_CAMERA
#include "kiosk-camera.h"
#endif
#ifdef KIOSK_HAVE_PRINTERS
#include "kiosk-ipp-card-printer.h"
#include "kiosk-ipp-receipt-printer.h"
#endif
#ifdef KIOSK_HAVE_PHOTO
#include "kiosk-photo.h"
#endif

struct _KioskContext
{
  GObject parent_instance;

  KioskConfig *config;
  KioskPolicy *policy;
  KioskCatalog *catalog;
  KioskStore *store;
  KioskCenter *center;
  KioskDeviceManager *devices;
  KioskFlowSettings settings;

  KioskContextClock clock;
  gpointer clock_data;
  GDestroyNotify clock_destroy;

  GMutex photo_lock;
  gpointer photo; /* KioskPhoto */
};

G_DEFINE_FINAL_TYPE (KioskContext, kiosk_context, G_TYPE_OBJECT)

/* ---- settings ------------------------------------------------------------- */

void
kiosk_flow_settings_init (KioskFlowSettings *settings)
{
  settings->face_threshold = 0.60;
  settings->id_timeout_s = 30;
  settings->page_timeout_s = 60;
  settings->form_timeout_s = 120;
  settings->warning_s = 20;
  settings->center_timeout_s = 30;
  settings->device_timeout_s = 60;
  settings->production_timeout_s = 300;
  settings->take_card_timeout_s = 60;
}

static gboolean
load_uint (GKeyFile *kf, const char *key, guint min, guint max, guint *out, GError **error)
{
  g_autofree char *text = NULL;
  guint64 value;

  if (!g_key_file_has_key (kf, "flows", key, NULL))
    return TRUE;
  text = g_key_file_get_value (kf, "flows", key, NULL);
  if (text == NULL || !g_ascii_string_to_unsigned (g_strstrip (text), 10, min, max, &value, NULL))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[flows] %s = “%s”: 需要 %u 到 %u 之间的整数 (an integer from %u to %u is "
                   "required)",
                   key, text ? text : "", min, max, min, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

gboolean
kiosk_flow_settings_load (KioskFlowSettings *settings, GKeyFile *keyfile, GError **error)
{
  static const char *const known[] = { "face_threshold",      "id_timeout_s",
                                       "page_timeout_s",      "form_timeout_s",
                                       "warning_s",           "center_timeout_s",
                                       "device_timeout_s",    "production_timeout_s",
                                       "take_card_timeout_s", NULL };
  KioskFlowSettings s;
  g_auto (GStrv) keys = NULL;

  kiosk_flow_settings_init (&s);
  if (keyfile == NULL || !g_key_file_has_group (keyfile, "flows"))
    {
      *settings = s;
      return TRUE;
    }
  keys = g_key_file_get_keys (keyfile, "flows", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known, keys[i]))
      {
        g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                     "[flows] %s: 未知的设置 (unknown key)", keys[i]);
        return FALSE;
      }
  if (g_key_file_has_key (keyfile, "flows", "face_threshold", NULL))
    {
      g_autofree char *text = g_key_file_get_value (keyfile, "flows", "face_threshold", NULL);
      char *end = NULL;
      double value = text != NULL ? g_ascii_strtod (g_strstrip (text), &end) : -1;

      if (text == NULL || end == text || *end != '\0' || !(value >= 0.0 && value <= 1.0))
        {
          g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                       "[flows] face_threshold = “%s”: 需要 0 到 1 之间的数 (a number from 0 to 1 "
                       "is required)",
                       text ? text : "");
          return FALSE;
        }
      s.face_threshold = value;
    }
  if (!load_uint (keyfile, "id_timeout_s", 5, 600, &s.id_timeout_s, error)
      || !load_uint (keyfile, "page_timeout_s", 5, 600, &s.page_timeout_s, error)
      || !load_uint (keyfile, "form_timeout_s", 5, 1800, &s.form_timeout_s, error)
      || !load_uint (keyfile, "warning_s", 0, 120, &s.warning_s, error)
      || !load_uint (keyfile, "center_timeout_s", 1, 600, &s.center_timeout_s, error)
      || !load_uint (keyfile, "device_timeout_s", 1, 600, &s.device_timeout_s, error)
      || !load_uint (keyfile, "production_timeout_s", 1, 3600, &s.production_timeout_s, error)
      || !load_uint (keyfile, "take_card_timeout_s", 1, 3600, &s.take_card_timeout_s, error))
    return FALSE;
  *settings = s;
  return TRUE;
}

/* ---- construction --------------------------------------------------------- */

static gint64
store_clock (gpointer user_data)
{
  KioskContext *self = user_data;
  g_autoptr (GDateTime) now = kiosk_context_now (self);

  return g_date_time_to_unix (now);
}

/* A simulated card transport presents its cards to the simulated chip
 * reader's virtual card, when both are configured. */
static void
connect_simulators (KioskContext *self)
{
  KioskDevice *feeder = kiosk_context_get_card_feeder (self);
  KioskDeviceConfig *chip_config;
  KioskDeviceConfig *feeder_config;
  g_autofree char *control = NULL;
  g_autofree char *own = NULL;

  if (feeder == NULL || !KIOSK_IS_CARD_FEEDER_SIM (feeder))
    return;
  feeder_config = kiosk_device_manager_get_config (self->devices, "cardfeed");
  if (feeder_config != NULL)
    own = kiosk_device_config_get_string (feeder_config, "chip_control", NULL);
  if (own != NULL)
    return;
  chip_config = kiosk_device_manager_get_config (self->devices, "chip");
  if (chip_config == NULL)
    return;
  control = kiosk_device_config_get_string (chip_config, "sim_control", NULL);
  if (control != NULL)
    kiosk_card_feeder_sim_set_chip_control (KIOSK_CARD_FEEDER_SIM (feeder), control);
}

static KioskConfig *
copy_config (const KioskConfig *config, GError **error)
{
  g_autofree char *data = g_key_file_to_data (config->keyfile, NULL, NULL);
  KioskConfig *copy = kiosk_config_load_data (data, -1, error);

  if (copy == NULL)
    return NULL;
  /* The values as the caller has them (a test may have set them directly). */
  g_free (copy->path);
  copy->path = g_strdup (config->path);
  g_free (copy->kiosk_id);
  copy->kiosk_id = g_strdup (config->kiosk_id);
  g_free (copy->state_dir);
  copy->state_dir = g_strdup (config->state_dir);
  g_free (copy->store_path);
  copy->store_path = g_strdup (config->store_path);
  g_free (copy->center_driver);
  copy->center_driver = g_strdup (config->center_driver);
  g_free (copy->center_sim_db);
  copy->center_sim_db = g_strdup (config->center_sim_db);
  copy->center_latency_ms = config->center_latency_ms;
  copy->retention_days = config->retention_days;
  return copy;
}

KioskContext *
kiosk_context_new_full (const KioskConfig *config,
                        KioskStore *store,
                        KioskCenter *center,
                        KioskDeviceManager *devices,
                        GError **error)
{
  g_autoptr (KioskContext) self = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (store == NULL || KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (center == NULL || KIOSK_IS_CENTER (center), NULL);
  g_return_val_if_fail (devices == NULL || KIOSK_IS_DEVICE_MANAGER (devices), NULL);

  self = g_object_new (KIOSK_TYPE_CONTEXT, NULL);
  self->config = copy_config (config, error);
  if (self->config == NULL)
    return NULL;
  if (!kiosk_flow_settings_load (&self->settings, self->config->keyfile, error))
    return NULL;
  self->policy = kiosk_policy_load (self->config->keyfile, error);
  if (self->policy == NULL)
    return NULL;
  self->catalog = kiosk_catalog_load (NULL, error);
  if (self->catalog == NULL)
    return NULL;

  if (store != NULL)
    self->store = g_object_ref (store);
  else if ((self->store = kiosk_store_open_config (self->config, KIOSK_DB_OPEN_DEFAULT, error))
           == NULL)
    return NULL;
  kiosk_store_set_clock (self->store, store_clock, self);
  /* The journal's fsyncs run off this thread's main loop (kiosk-db.h). */
  kiosk_db_set_commit_context (kiosk_store_get_db (self->store), g_main_context_default ());

  if (center != NULL)
    self->center = g_object_ref (center);
  else if ((self->center = kiosk_center_new_from_config (self->config, error)) == NULL)
    return NULL;

  if (devices != NULL)
    self->devices = g_object_ref (devices);
  else
    {
      kiosk_devices_register_builtin ();
      self->devices = kiosk_device_manager_new (self->config->keyfile, "devices", error);
      if (self->devices == NULL)
        return NULL;
    }
  connect_simulators (self);
  return g_steal_pointer (&self);
}

KioskContext *
kiosk_context_new (const KioskConfig *config, GError **error)
{
  return kiosk_context_new_full (config, NULL, NULL, NULL, error);
}

static void
kiosk_context_dispose (GObject *object)
{
  KioskContext *self = KIOSK_CONTEXT (object);

  if (self->store != NULL)
    {
      kiosk_store_set_clock (self->store, NULL, NULL);
      kiosk_db_set_commit_context (kiosk_store_get_db (self->store), NULL);
    }
  g_clear_object (&self->devices);
  g_clear_object (&self->center);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kiosk_context_parent_class)->dispose (object);
}

static void
kiosk_context_finalize (GObject *object)
{
  KioskContext *self = KIOSK_CONTEXT (object);

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  g_clear_pointer (&self->config, kiosk_config_free);
  g_clear_pointer (&self->policy, kiosk_policy_free);
  g_clear_pointer (&self->catalog, kiosk_catalog_unref);
#ifdef KIOSK_HAVE_PHOTO
  g_clear_pointer ((KioskPhoto **) &self->photo, kiosk_photo_free);
#endif
  g_mutex_clear (&self->photo_lock);

  G_OBJECT_CLASS (kiosk_context_parent_class)->finalize (object);
}

static void
kiosk_context_class_init (KioskContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_context_dispose;
  object_class->finalize = kiosk_context_finalize;
}

static void
kiosk_context_init (KioskContext *self)
{
  kiosk_flow_settings_init (&self->settings);
  g_mutex_init (&self->photo_lock);
}

/* ---- accessors ------------------------------------------------------------ */

const KioskConfig *
kiosk_context_get_config (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return self->config;
}

const KioskPolicy *
kiosk_context_get_policy (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return self->policy;
}

KioskCatalog *
kiosk_context_get_catalog (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return self->catalog;
}

KioskStore *
kiosk_context_get_store (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return self->store;
}

KioskCenter *
kiosk_context_get_center (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return self->center;
}

KioskDeviceManager *
kiosk_context_get_devices (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return self->devices;
}

KioskFlowSettings *
kiosk_context_get_settings (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return &self->settings;
}

static KioskDevice *
device_of_kind (KioskContext *self, KioskDeviceKind kind)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
  return self->devices != NULL ? kiosk_device_manager_get_device_by_kind (self->devices, kind)
                               : NULL;
}

KioskDevice *
kiosk_context_get_id_reader (KioskContext *self)
{
  return device_of_kind (self, KIOSK_DEVICE_KIND_ID_READER);
}

KioskDevice *
kiosk_context_get_chip_reader (KioskContext *self)
{
  return device_of_kind (self, KIOSK_DEVICE_KIND_CHIP_READER);
}

KioskDevice *
kiosk_context_get_camera (KioskContext *self)
{
  return device_of_kind (self, KIOSK_DEVICE_KIND_CAMERA);
}

KioskDevice *
kiosk_context_get_card_printer (KioskContext *self)
{
  return device_of_kind (self, KIOSK_DEVICE_KIND_CARD_PRINTER);
}

KioskDevice *
kiosk_context_get_receipt_printer (KioskContext *self)
{
  return device_of_kind (self, KIOSK_DEVICE_KIND_RECEIPT_PRINTER);
}

KioskDevice *
kiosk_context_get_card_feeder (KioskContext *self)
{
  return device_of_kind (self, KIOSK_DEVICE_KIND_CARD_FEEDER);
}

static void
open_all_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  /* A device that failed shows it in its own status; the context is fine. */
  if (!kiosk_device_manager_open_all_finish (KIOSK_DEVICE_MANAGER (source), result, &error))
    g_message ("not every device opened: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
kiosk_context_open_devices_async (KioskContext *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  GTask *task;

  g_return_if_fail (KIOSK_IS_CONTEXT (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_context_open_devices_async);
  kiosk_device_manager_open_all_async (self->devices, cancellable, open_all_cb, task);
}

gboolean
kiosk_context_open_devices_finish (KioskContext *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- clock ---------------------------------------------------------------- */

void
kiosk_context_set_clock (KioskContext *self,
                         KioskContextClock clock,
                         gpointer user_data,
                         GDestroyNotify destroy)
{
  g_return_if_fail (KIOSK_IS_CONTEXT (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock = clock;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

GDateTime *
kiosk_context_now (KioskContext *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);

  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_date_time_new_now_local ();
}

void
kiosk_context_get_today (KioskContext *self, GDate *out_today)
{
  g_autoptr (GDateTime) now = kiosk_context_now (self);

  g_date_clear (out_today, 1);
  g_date_set_dmy (out_today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

/* ---- photo ---------------------------------------------------------------- */

gpointer
kiosk_context_get_photo (KioskContext *self, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (self), NULL);
#ifdef KIOSK_HAVE_PHOTO
  if (self->photo == NULL)
    {
      g_autoptr (KioskPhotoSpec) spec
          = kiosk_photo_spec_new_from_keyfile (self->config->keyfile, error);

      if (spec == NULL)
        return NULL;
      self->photo = kiosk_photo_new (spec, error);
    }
  return self->photo;
#else
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "This kiosk was built without the photo check (kiosk/photo)");
  return NULL;
#endif
}

GMutex *
kiosk_context_get_photo_lock (KioskContext *self)
{
  return &self->photo_lock;
}
