/* kiosk-technician.c — technician mode: entry, idle timeout, and the pages' calls */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include "kiosk-card-feeder-sim.h"
#include "kiosk-technician.h"

G_DEFINE_QUARK (kiosk - technician - error - quark, kiosk_technician_error)

/* Each session is a query: bounded for the UI's main loop. */
#define RECENT_ERROR_SESSIONS 50

struct _KioskTechnician
{
  GObject parent_instance;

  KioskConfig *config;
  KioskStore *store;
  KioskDeviceManager *devices;
  KioskCenter *center; /* settled uncertain cards are reported to it; may be NULL */
  KioskTechnicianSettings settings;

  gboolean active;
  guint idle_source;
  gint64 deadline; /* monotonic µs */
};

G_DEFINE_FINAL_TYPE (KioskTechnician, kiosk_technician, G_TYPE_OBJECT)

enum
{
  SIGNAL_ENTERED,
  SIGNAL_LEFT,
  SIGNAL_RESTART_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
stop_idle (KioskTechnician *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->deadline = 0;
}

static void
kiosk_technician_dispose (GObject *object)
{
  KioskTechnician *self = KIOSK_TECHNICIAN (object);

  stop_idle (self);
  g_clear_object (&self->store);
  g_clear_object (&self->devices);
  g_clear_object (&self->center);
  G_OBJECT_CLASS (kiosk_technician_parent_class)->dispose (object);
}

static void
kiosk_technician_finalize (GObject *object)
{
  KioskTechnician *self = KIOSK_TECHNICIAN (object);

  g_clear_pointer (&self->config, kiosk_config_free);
  G_OBJECT_CLASS (kiosk_technician_parent_class)->finalize (object);
}

static void
kiosk_technician_class_init (KioskTechnicianClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_technician_dispose;
  object_class->finalize = kiosk_technician_finalize;

  /* The PIN was accepted: show the technician pages. */
  signals[SIGNAL_ENTERED] = g_signal_new ("entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The mode ended (timed_out: by the idle timeout): back to the attract page. */
  signals[SIGNAL_LEFT] = g_signal_new ("left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* The technician asked for a restart of the program. */
  signals[SIGNAL_RESTART_REQUESTED]
      = g_signal_new ("restart-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_technician_init (KioskTechnician *self)
{
  kiosk_technician_settings_init (&self->settings);
}

static KioskConfig *
copy_config (const KioskConfig *config, GError **error)
{
  g_autofree char *data = g_key_file_to_data (config->keyfile, NULL, NULL);
  KioskConfig *copy = kiosk_config_load_data (data, -1, error);

  if (copy == NULL)
    return NULL;
  g_free (copy->path);
  copy->path = g_strdup (config->path);
  g_free (copy->kiosk_id);
  copy->kiosk_id = g_strdup (config->kiosk_id);
  g_free (copy->store_path);
  copy->store_path = g_strdup (config->store_path);
  return copy;
}

KioskTechnician *
kiosk_technician_new (const KioskConfig *config,
                      KioskStore *store,
                      KioskDeviceManager *devices,
                      GError **error)
{
  g_autoptr (KioskTechnician) self = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (devices == NULL || KIOSK_IS_DEVICE_MANAGER (devices), NULL);

  self = g_object_new (KIOSK_TYPE_TECHNICIAN, NULL);
  if (!kiosk_technician_settings_load (&self->settings, config->keyfile, error))
    return NULL;
  self->config = copy_config (config, error);
  if (self->config == NULL)
    return NULL;
  self->store = g_object_ref (store);
  self->devices = devices != NULL ? g_object_ref (devices) : NULL;
  return g_steal_pointer (&self);
}

void
kiosk_technician_set_center (KioskTechnician *self, KioskCenter *center)
{
  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));
  g_return_if_fail (center == NULL || KIOSK_IS_CENTER (center));
  g_set_object (&self->center, center);
}

const KioskTechnicianSettings *
kiosk_technician_get_settings (KioskTechnician *self)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), NULL);
  return &self->settings;
}

/* ---- entry, activity, leaving -------------------------------------------------- */

static void
leave (KioskTechnician *self, gboolean timed_out)
{
  g_autoptr (GError) error = NULL;

  if (!self->active)
    return;
  self->active = FALSE;
  stop_idle (self);
  if (kiosk_store_audit_append (self->store, KIOSK_TECHNICIAN_ACTOR, "technician.leave",
                                timed_out ? "timed out" : "left", &error)
      <= 0)
    g_warning ("technician: leaving not audited: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_LEFT], 0, timed_out);
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  KioskTechnician *self = user_data;

  self->idle_source = 0;
  leave (self, TRUE);
  return G_SOURCE_REMOVE;
}

void
kiosk_technician_keep_alive (KioskTechnician *self)
{
  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));

  if (!self->active)
    return;
  stop_idle (self);
  self->deadline
      = g_get_monotonic_time () + (gint64) self->settings.idle_timeout_s * G_USEC_PER_SEC;
  self->idle_source = g_timeout_add_seconds (self->settings.idle_timeout_s, idle_timeout_cb, self);
}

guint
kiosk_technician_get_seconds_left (KioskTechnician *self)
{
  gint64 left;

  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), 0);

  if (!self->active)
    return 0;
  left = self->deadline - g_get_monotonic_time ();
  return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

gboolean
kiosk_technician_is_active (KioskTechnician *self)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), FALSE);
  return self->active;
}

void
kiosk_technician_leave (KioskTechnician *self)
{
  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));
  leave (self, FALSE);
}

/* Every page's call: refused while not entered, else counted as activity. */
static gboolean
check_active (KioskTechnician *self, GError **error)
{
  if (!self->active)
    {
      g_set_error_literal (error, KIOSK_TECHNICIAN_ERROR, KIOSK_TECHNICIAN_ERROR_NOT_ENTERED,
                           "请先输入维护密码 (enter the operator PIN first)");
      return FALSE;
    }
  kiosk_technician_keep_alive (self);
  return TRUE;
}

static void
entered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskTechnician *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!kiosk_operator_pin_verify_finish (KIOSK_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  self->active = TRUE;
  kiosk_technician_keep_alive (self);
  g_signal_emit (self, signals[SIGNAL_ENTERED], 0);
  g_task_return_boolean (task, TRUE);
}

void
kiosk_technician_enter_async (KioskTechnician *self,
                              const char *pin,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  GTask *task;

  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_technician_enter_async);
  kiosk_operator_pin_verify_async (self->store, pin,
                                   kiosk_technician_settings_get_lockout_s (&self->settings),
                                   KIOSK_TECHNICIAN_ACTOR, cancellable, entered_cb, task);
}

gboolean
kiosk_technician_enter_finish (KioskTechnician *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kiosk_technician_get_pin_state (KioskTechnician *self, KioskOperatorPinState *state, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), FALSE);
  return kiosk_operator_pin_get_state (
      self->store, kiosk_technician_settings_get_lockout_s (&self->settings), state, error);
}

gboolean
kiosk_technician_request_restart (KioskTechnician *self, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), FALSE);

  if (!check_active (self, error)
      || kiosk_store_audit_append (self->store, KIOSK_TECHNICIAN_ACTOR, "technician.restart",
                                   "restart requested", error)
             <= 0)
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_RESTART_REQUESTED], 0);
  return TRUE;
}

/* ---- devices ------------------------------------------------------------------------ */

static gboolean
check_devices (KioskTechnician *self, GError **error)
{
  if (self->devices == NULL)
    {
      g_set_error_literal (error, KIOSK_TECHNICIAN_ERROR, KIOSK_TECHNICIAN_ERROR_NO_DEVICE,
                           "没有设备 (no devices)");
      return FALSE;
    }
  return TRUE;
}

/* A page's asynchronous call: its task, or NULL when the mode is not active
 * (or the kiosk has no devices and the call needs them): the task then
 * carries the error to the callback. */
static GTask *
begin_task (KioskTechnician *self,
            gpointer tag,
            gboolean needs_devices,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, tag);
  if (!check_active (self, &error) || (needs_devices && !check_devices (self, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return NULL;
    }
  return task;
}

static void
stock_report_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!kiosk_uncertain_report_finish (KIOSK_STORE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
kiosk_technician_stock_report_async (KioskTechnician *self,
                                     const char *serial,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  GTask *task;

  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));
  g_return_if_fail (serial != NULL);

  task = begin_task (self, kiosk_technician_stock_report_async, FALSE, cancellable, callback,
                     user_data);
  if (task == NULL)
    return;
  if (self->center == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "没有连接中心 (no center to report to)");
      g_object_unref (task);
      return;
    }
  kiosk_uncertain_report_async (self->store, self->center, serial, KIOSK_TECHNICIAN_ACTOR,
                                cancellable, stock_report_cb, task);
}

gboolean
kiosk_technician_stock_report_finish (KioskTechnician *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
kiosk_technician_list_devices (KioskTechnician *self, GError **error)
{
  GPtrArray *statuses;
  GPtrArray *devices;

  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), NULL);

  if (!check_active (self, error))
    return NULL;
  statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_device_status_free);
  if (self->devices == NULL)
    return statuses;
  devices = kiosk_device_manager_get_devices (self->devices);
  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (statuses, kiosk_device_get_status (g_ptr_array_index (devices, i)));
  return statuses;
}

static void
selftest_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  KioskDeviceSelftest *selftest
      = kiosk_device_selftest_finish (KIOSK_DEVICE_MANAGER (source), result, &error);

  kiosk_technician_keep_alive (g_task_get_source_object (task));
  if (selftest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, selftest, (GDestroyNotify) kiosk_device_selftest_free);
}

void
kiosk_technician_selftest_async (KioskTechnician *self,
                                 const char *name,
                                 guint wait_s,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));

  task = begin_task (self, kiosk_technician_selftest_async, TRUE, cancellable, callback, user_data);
  if (task == NULL)
    return;
  kiosk_device_selftest_async (self->devices, name, self->store, self->config,
                               KIOSK_TECHNICIAN_ACTOR, wait_s, cancellable, selftest_cb,
                               g_steal_pointer (&task));
}

KioskDeviceSelftest *
kiosk_technician_selftest_finish (KioskTechnician *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
supplies_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *supplies
      = kiosk_device_supplies_finish (KIOSK_DEVICE_MANAGER (source), result, &error);

  if (supplies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, supplies, (GDestroyNotify) g_ptr_array_unref);
}

void
kiosk_technician_supplies_async (KioskTechnician *self,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));

  task = begin_task (self, kiosk_technician_supplies_async, TRUE, cancellable, callback, user_data);
  if (task == NULL)
    return;
  kiosk_device_supplies_async (self->devices, cancellable, supplies_cb, g_steal_pointer (&task));
}

GPtrArray *
kiosk_technician_supplies_finish (KioskTechnician *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- card stock -------------------------------------------------------------------- */

static KioskCardFeeder *
get_feeder (KioskTechnician *self)
{
  KioskDevice *device
      = self->devices != NULL
            ? kiosk_device_manager_get_device_by_kind (self->devices, KIOSK_DEVICE_KIND_CARD_FEEDER)
            : NULL;

  return device != NULL && KIOSK_IS_CARD_FEEDER (device) ? KIOSK_CARD_FEEDER (device) : NULL;
}

typedef struct
{
  guint count;
  gint64 batch;
} Loaded;

static void
load_state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskTechnician *self = g_task_get_source_object (task);
  Loaded *loaded = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state
      = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (source), result, &error);

  /* The cards are in the stock already; without an answer there is only no
   * baseline yet (a later load records it while no card has left). */
  if (state == NULL)
    g_warning ("stock load: the card transport did not answer: %s", error->message);
  else if (!kiosk_card_stock_record_baseline (self->store, state, KIOSK_TECHNICIAN_ACTOR, NULL,
                                              &error))
    g_warning ("stock load: no baseline recorded: %s", error->message);
  if (KIOSK_IS_CARD_FEEDER_SIM (source))
    kiosk_card_feeder_sim_refill (KIOSK_CARD_FEEDER_SIM (source), loaded->count);
  g_task_return_int (task, loaded->batch);
}

void
kiosk_technician_stock_load_async (KioskTechnician *self,
                                   const char *first_serial,
                                   guint count,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  KioskCardFeeder *feeder;
  Loaded *loaded;
  gint64 batch;

  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));

  task = begin_task (self, kiosk_technician_stock_load_async, FALSE, cancellable, callback,
                     user_data);
  if (task == NULL)
    return;
  batch = kiosk_store_stock_load_batch (self->store, first_serial, count, KIOSK_TECHNICIAN_ACTOR,
                                        &error);
  if (batch <= 0)
    {
      g_task_return_error (task, error);
      return;
    }
  feeder = get_feeder (self);
  if (feeder == NULL)
    {
      g_task_return_int (task, batch);
      return;
    }
  loaded = g_new0 (Loaded, 1);
  loaded->count = count;
  loaded->batch = batch;
  g_task_set_task_data (task, loaded, g_free);
  /* The query's own cancellable: the cards are loaded, the rest must follow. */
  kiosk_card_feeder_query_state_async (feeder, NULL, load_state_cb, g_steal_pointer (&task));
}

gint64
kiosk_technician_stock_load_finish (KioskTechnician *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  return g_task_propagate_int (G_TASK (result), error);
}

gboolean
kiosk_technician_stock_spoil (KioskTechnician *self,
                              const char *serial,
                              const char *reason,
                              GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), FALSE);
  return check_active (self, error)
         && kiosk_card_stock_spoil (self->store, serial, reason, KIOSK_TECHNICIAN_ACTOR, error);
}

gboolean
kiosk_technician_stock_confirm_issued (KioskTechnician *self,
                                       const char *serial,
                                       const char *reason,
                                       GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), FALSE);
  return check_active (self, error)
         && kiosk_card_stock_confirm_issued (self->store, serial, reason, KIOSK_TECHNICIAN_ACTOR,
                                             error);
}

gboolean
kiosk_technician_stock_counts (KioskTechnician *self,
                               gint64 counts[KIOSK_CARD_N_STATES],
                               GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), FALSE);
  return check_active (self, error) && kiosk_store_stock_counts (self->store, counts, error);
}

GPtrArray *
kiosk_technician_stock_list (KioskTechnician *self, int state, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), NULL);
  return check_active (self, error) ? kiosk_store_stock_list (self->store, state, error) : NULL;
}

GPtrArray *
kiosk_technician_stock_batches (KioskTechnician *self, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), NULL);
  return check_active (self, error) ? kiosk_card_stock_list_batches (self->store, error) : NULL;
}

static void
reconcile_state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskTechnician *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr (KioskCardFeederState) state
      = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (source), result, &error);
  KioskStockReconciliation *r;

  if (state == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  r = kiosk_card_stock_reconcile (self->store, state, KIOSK_TECHNICIAN_ACTOR, &error);
  if (r == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, r, (GDestroyNotify) kiosk_stock_reconciliation_free);
}

void
kiosk_technician_reconcile_async (KioskTechnician *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  KioskCardFeeder *feeder;

  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));

  task = begin_task (self, kiosk_technician_reconcile_async, FALSE, cancellable, callback,
                     user_data);
  if (task == NULL)
    return;
  feeder = get_feeder (self);
  if (feeder == NULL)
    {
      g_task_return_new_error (task, KIOSK_TECHNICIAN_ERROR, KIOSK_TECHNICIAN_ERROR_NO_DEVICE,
                               "没有卡片传送装置，无法核对 (no card transport to reconcile with)");
      return;
    }
  kiosk_card_feeder_query_state_async (feeder, cancellable, reconcile_state_cb,
                                       g_steal_pointer (&task));
}

KioskStockReconciliation *
kiosk_technician_reconcile_finish (KioskTechnician *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- journal, errors, configuration, export -------------------------------------------- */

GPtrArray *
kiosk_technician_recent_sessions (KioskTechnician *self, guint limit, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), NULL);
  return check_active (self, error)
             ? kiosk_store_list_recent_sessions (self->store, MAX (limit, 1), error)
             : NULL;
}

GPtrArray *
kiosk_technician_recent_errors (KioskTechnician *self, guint limit, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), NULL);
  return check_active (self, error) ? kiosk_recent_errors_list (self->store, self->devices,
                                                                RECENT_ERROR_SESSIONS, limit, error)
                                    : NULL;
}

GPtrArray *
kiosk_technician_list_config (KioskTechnician *self, GError **error)
{
  g_autoptr (GKeyFile) keyfile = NULL;

  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), NULL);

  if (!check_active (self, error))
    return NULL;
  /* The file as it is now: a change made here shows before the restart. */
  if (self->config->path == NULL)
    return kiosk_config_editor_list (self->config->keyfile);
  keyfile = g_key_file_new ();
  if (!g_key_file_load_from_file (keyfile, self->config->path, G_KEY_FILE_NONE, error))
    return NULL;
  return kiosk_config_editor_list (keyfile);
}

gboolean
kiosk_technician_set_config (
    KioskTechnician *self, const char *group, const char *key, const char *value, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECHNICIAN (self), FALSE);
  return check_active (self, error)
         && kiosk_config_editor_set (self->config->path, group, key, value, self->store,
                                     KIOSK_TECHNICIAN_ACTOR, error);
}

typedef struct
{
  KioskExportOptions options;
  GPtrArray *statuses;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_pointer (&job->statuses, g_ptr_array_unref);
  g_free (job);
}

static void
exported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskTechnician *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr (KioskExportResult) exported = kiosk_export_write_finish (result, &error);
  g_autofree char *detail = NULL;

  if (exported == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  detail = g_strdup_printf ("%s sha256 %s", exported->archive_path, exported->sha256);
  if (kiosk_store_audit_append (self->store, KIOSK_TECHNICIAN_ACTOR, "export", detail, &error) <= 0)
    {
      g_task_return_error (task, error);
      return;
    }
  kiosk_technician_keep_alive (self);
  g_task_return_pointer (task, g_steal_pointer (&exported),
                         (GDestroyNotify) kiosk_export_result_free);
}

void
kiosk_technician_export_async (KioskTechnician *self,
                               const char *dir,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (KIOSK_IS_TECHNICIAN (self));

  task = begin_task (self, kiosk_technician_export_async, FALSE, cancellable, callback, user_data);
  if (task == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->statuses = kiosk_technician_list_devices (self, NULL);
  job->options.config = self->config;
  job->options.device_statuses = self->devices != NULL ? job->statuses : NULL;
  g_task_set_task_data (task, job, export_job_free);
  kiosk_export_write_async (&job->options, dir, cancellable, exported_cb, g_steal_pointer (&task));
}

KioskExportResult *
kiosk_technician_export_finish (KioskTechnician *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
