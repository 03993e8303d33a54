/* kiosk-device.c — the base class of every device: the one-operation gate,
 * central cancellation, state signals and the status record. */
#define G_LOG_DOMAIN "kiosk-device"

#include "config.h"

#include "kiosk-device.h"
#include "kiosk-device-driver.h"

typedef struct
{
  char *name;
  char *port;
  gboolean simulated;
  gboolean connected;
  gboolean card_present;
  char *model;
  char *identity;
  KioskDeviceStatus *record; /* counters and the last error */

  /* The operation in flight: task != NULL. */
  GTask *task;
  char *op_name;
  guint op_serial;
  GCancellable *op_cancellable;
  GCancellable *caller_cancellable;
  gulong caller_cancel_id;
  gulong op_cancel_id;
  gpointer op_data;
  GDestroyNotify op_data_destroy;
  GMainContext *context;
} KioskDevicePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KioskDevice, kiosk_device, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_PORT,
  PROP_SIMULATED,
  N_PROPS
};

enum
{
  SIGNAL_PLUGGED,
  SIGNAL_UNPLUGGED,
  SIGNAL_CARD_PLACED,
  SIGNAL_CARD_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
kiosk_device_kind_to_string (KioskDeviceKind kind)
{
  switch (kind)
    {
      case KIOSK_DEVICE_KIND_ID_READER:
        return "id-reader";
      case KIOSK_DEVICE_KIND_CHIP_READER:
        return "chip-reader";
      case KIOSK_DEVICE_KIND_CAMERA:
        return "camera";
      case KIOSK_DEVICE_KIND_CARD_PRINTER:
        return "card-printer";
      case KIOSK_DEVICE_KIND_RECEIPT_PRINTER:
        return "receipt-printer";
      case KIOSK_DEVICE_KIND_CARD_FEEDER:
        return "card-feeder";
      default:
        return "unknown";
    }
}

static void
kiosk_device_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (KIOSK_DEVICE (object));

  switch (prop_id)
    {
      case PROP_NAME:
        g_value_set_string (value, priv->name);
        break;
      case PROP_PORT:
        g_value_set_string (value, priv->port);
        break;
      case PROP_SIMULATED:
        g_value_set_boolean (value, priv->simulated);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_device_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (KIOSK_DEVICE (object));

  switch (prop_id)
    {
      case PROP_NAME:
        g_free (priv->name);
        priv->name = g_value_dup_string (value);
        break;
      case PROP_PORT:
        g_free (priv->port);
        priv->port = g_value_dup_string (value);
        break;
      case PROP_SIMULATED:
        priv->simulated = g_value_get_boolean (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_device_finalize (GObject *object)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (KIOSK_DEVICE (object));

  /* A task holds a reference on its device, so no operation can be in
   * flight here. */
  g_warn_if_fail (priv->task == NULL);

  g_free (priv->name);
  g_free (priv->port);
  g_free (priv->model);
  g_free (priv->identity);
  kiosk_device_status_free (priv->record);
  g_clear_pointer (&priv->context, g_main_context_unref);

  G_OBJECT_CLASS (kiosk_device_parent_class)->finalize (object);
}

static void
kiosk_device_class_init (KioskDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_device_get_property;
  object_class->set_property = kiosk_device_set_property;
  object_class->finalize = kiosk_device_finalize;

  properties[PROP_NAME]
      = g_param_spec_string ("name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT]
      = g_param_spec_string ("port", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIMULATED]
      = g_param_spec_boolean ("simulated", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PLUGGED] = g_signal_new ("plugged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          G_STRUCT_OFFSET (KioskDeviceClass, plugged), NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_UNPLUGGED] = g_signal_new (
      "unplugged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
      G_STRUCT_OFFSET (KioskDeviceClass, unplugged), NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CARD_PLACED] = g_signal_new (
      "card-placed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
      G_STRUCT_OFFSET (KioskDeviceClass, card_placed), NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CARD_REMOVED] = g_signal_new (
      "card-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
      G_STRUCT_OFFSET (KioskDeviceClass, card_removed), NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_device_init (KioskDevice *self)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (self);

  priv->record = kiosk_device_status_new ();
  priv->context = g_main_context_ref_thread_default ();
}

/* ---- accessors ---------------------------------------------------------- */

KioskDeviceKind
kiosk_device_get_kind (KioskDevice *self)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE (self), 0);
  return KIOSK_DEVICE_GET_CLASS (self)->kind;
}

const char *
kiosk_device_get_driver (KioskDevice *self)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE (self), NULL);
  return KIOSK_DEVICE_GET_CLASS (self)->driver;
}

const char *
kiosk_device_get_full_name (KioskDevice *self)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE (self), NULL);
  return KIOSK_DEVICE_GET_CLASS (self)->full_name;
}

const char *
kiosk_device_get_name (KioskDevice *self)
{
  KioskDevicePrivate *priv;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), NULL);
  priv = kiosk_device_get_instance_private (self);
  return priv->name;
}

const char *
kiosk_device_get_port (KioskDevice *self)
{
  KioskDevicePrivate *priv;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), NULL);
  priv = kiosk_device_get_instance_private (self);
  return priv->port;
}

gboolean
kiosk_device_get_simulated (KioskDevice *self)
{
  KioskDevicePrivate *priv;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), FALSE);
  priv = kiosk_device_get_instance_private (self);
  return priv->simulated;
}

gboolean
kiosk_device_is_connected (KioskDevice *self)
{
  KioskDevicePrivate *priv;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), FALSE);
  priv = kiosk_device_get_instance_private (self);
  return priv->connected;
}

gboolean
kiosk_device_is_card_present (KioskDevice *self)
{
  KioskDevicePrivate *priv;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), FALSE);
  priv = kiosk_device_get_instance_private (self);
  return priv->card_present;
}

gboolean
kiosk_device_is_busy (KioskDevice *self)
{
  KioskDevicePrivate *priv;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), FALSE);
  priv = kiosk_device_get_instance_private (self);
  return priv->task != NULL;
}

KioskDeviceStatus *
kiosk_device_get_status (KioskDevice *self)
{
  KioskDevicePrivate *priv;
  KioskDeviceStatus *status;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), NULL);
  priv = kiosk_device_get_instance_private (self);

  status = kiosk_device_status_copy (priv->record);
  status->name = g_strdup (priv->name);
  status->kind = g_strdup (kiosk_device_kind_to_string (kiosk_device_get_kind (self)));
  status->driver = g_strdup (kiosk_device_get_driver (self));
  status->model = g_strdup (priv->model);
  status->identity = g_strdup (priv->identity);
  status->port = g_strdup (priv->port);
  status->simulated = priv->simulated;
  status->connected = priv->connected;
  status->card_present = priv->card_present;
  status->operation = g_strdup (priv->op_name);
  return status;
}

/* ---- the operation gate -------------------------------------------------- */

typedef struct
{
  KioskDevice *device;
  guint serial;
} CancelIdle;

static gboolean
cancel_idle_cb (gpointer data)
{
  CancelIdle *idle = data;
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (idle->device);
  KioskDeviceClass *klass = KIOSK_DEVICE_GET_CLASS (idle->device);

  if (priv->task != NULL && priv->op_serial == idle->serial && klass->cancel != NULL)
    klass->cancel (idle->device);
  return G_SOURCE_REMOVE;
}

static void
cancel_idle_free (gpointer data)
{
  CancelIdle *idle = data;

  g_object_unref (idle->device);
  g_free (idle);
}

/* May run in any thread (whoever cancelled): defer the driver's cancel
 * handler to the device's main context, tagged with the operation it was
 * meant for. */
static void
op_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  CancelIdle *idle = user_data;
  CancelIdle *copy = g_new0 (CancelIdle, 1);
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (idle->device);
  g_autoptr (GSource) source = g_idle_source_new ();

  copy->device = g_object_ref (idle->device);
  copy->serial = idle->serial;
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, cancel_idle_cb, copy, cancel_idle_free);
  g_source_set_static_name (source, "[kiosk-device] cancel");
  g_source_attach (source, priv->context);
}

static void
cancel_data_free (gpointer data, GClosure *closure)
{
  g_free (data);
}

static void
forward_cancel_cb (GCancellable *caller, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

gboolean
kiosk_device_begin_op_full (KioskDevice *self,
                            const char *op_name,
                            gpointer source_tag,
                            KioskDeviceOpFlags flags,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  KioskDevicePrivate *priv;
  CancelIdle *idle;

  g_return_val_if_fail (KIOSK_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (op_name != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  priv = kiosk_device_get_instance_private (self);

  if (priv->task != NULL)
    {
      kiosk_device_status_add_counter (priv->record, KIOSK_DEVICE_COUNTER_BUSY, 1);
      g_task_report_new_error (self, callback, user_data, source_tag, KIOSK_DEVICE_ERROR,
                               KIOSK_DEVICE_ERROR_BUSY, "Device %s is busy (%s in progress)",
                               priv->name ? priv->name : kiosk_device_get_driver (self),
                               priv->op_name);
      return FALSE;
    }
  if ((flags & KIOSK_DEVICE_OP_NEEDS_CONNECTED) && !priv->connected)
    {
      g_task_report_new_error (self, callback, user_data, source_tag, KIOSK_DEVICE_ERROR,
                               KIOSK_DEVICE_ERROR_NOT_CONNECTED, "Device %s is not connected",
                               priv->name ? priv->name : kiosk_device_get_driver (self));
      return FALSE;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_report_new_error (self, callback, user_data, source_tag, G_IO_ERROR,
                               G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return FALSE;
    }

  priv->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (priv->task, source_tag);
  g_task_set_name (priv->task, op_name);
  priv->op_name = g_strdup (op_name);
  priv->op_serial++;
  priv->op_cancellable = g_cancellable_new ();

  idle = g_new0 (CancelIdle, 1);
  idle->device = self; /* the task keeps it alive while connected */
  idle->serial = priv->op_serial;
  priv->op_cancel_id = g_signal_connect_data (
      priv->op_cancellable, "cancelled", G_CALLBACK (op_cancelled_cb), idle, cancel_data_free, 0);
  if (cancellable != NULL)
    {
      priv->caller_cancellable = g_object_ref (cancellable);
      priv->caller_cancel_id
          = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                   g_object_ref (priv->op_cancellable), g_object_unref);
    }
  return TRUE;
}

gboolean
kiosk_device_begin_op (KioskDevice *self,
                       const char *op_name,
                       gpointer source_tag,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  return kiosk_device_begin_op_full (self, op_name, source_tag, KIOSK_DEVICE_OP_NEEDS_CONNECTED,
                                     cancellable, callback, user_data);
}

const char *
kiosk_device_get_op_name (KioskDevice *self)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (self);

  return priv->op_name;
}

gpointer
kiosk_device_get_op_tag (KioskDevice *self)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (self);

  return priv->task ? g_task_get_source_tag (priv->task) : NULL;
}

GCancellable *
kiosk_device_get_op_cancellable (KioskDevice *self)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (self);

  return priv->op_cancellable;
}

void
kiosk_device_set_op_data (KioskDevice *self, gpointer data, GDestroyNotify destroy)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (self);

  g_return_if_fail (priv->task != NULL);
  if (priv->op_data_destroy != NULL && priv->op_data != NULL)
    priv->op_data_destroy (priv->op_data);
  priv->op_data = data;
  priv->op_data_destroy = destroy;
}

gpointer
kiosk_device_get_op_data (KioskDevice *self)
{
  KioskDevicePrivate *priv = kiosk_device_get_instance_private (self);

  return priv->op_data;
}

static void
record_error (KioskDevicePrivate *priv, const GError *error)
{
  g_free (priv->record->last_error);
  g_free (priv->record->last_error_code);
  priv->record->last_error = g_strdup (error->message);
  priv->record->last_error_code = g_strdup (kiosk_device_error_code_name (error));
  priv->record->last_error_time = g_get_real_time ();
}

void
kiosk_device_record_error (KioskDevice *self, const GError *error)
{
  KioskDevicePrivate *priv;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  g_return_if_fail (error != NULL);
  priv = kiosk_device_get_instance_private (self);
  record_error (priv, error);
}

void
kiosk_device_complete_op (KioskDevice *self,
                          gpointer result,
                          GDestroyNotify result_free,
                          GError *error)
{
  KioskDevicePrivate *priv;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  priv = kiosk_device_get_instance_private (self);
  g_return_if_fail (priv->task != NULL);

  /* Free the gate before returning, so the callback may begin the next
   * operation. */
  task = g_steal_pointer (&priv->task);
  g_clear_pointer (&priv->op_name, g_free);
  if (priv->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (priv->caller_cancellable, priv->caller_cancel_id);
      priv->caller_cancel_id = 0;
      g_clear_object (&priv->caller_cancellable);
    }
  g_clear_signal_handler (&priv->op_cancel_id, priv->op_cancellable);
  g_clear_object (&priv->op_cancellable);
  if (priv->op_data_destroy != NULL && priv->op_data != NULL)
    priv->op_data_destroy (priv->op_data);
  priv->op_data = NULL;
  priv->op_data_destroy = NULL;

  kiosk_device_status_add_counter (priv->record, KIOSK_DEVICE_COUNTER_OPERATIONS, 1);
  if (error == NULL)
    {
      kiosk_device_status_add_counter (priv->record, KIOSK_DEVICE_COUNTER_SUCCEEDED, 1);
      g_task_return_pointer (task, result, result_free);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    kiosk_device_status_add_counter (priv->record, KIOSK_DEVICE_COUNTER_CANCELLED, 1);
  else
    {
      if (kiosk_device_error_is_user (error))
        kiosk_device_status_add_counter (priv->record, KIOSK_DEVICE_COUNTER_USER_ERRORS, 1);
      else
        kiosk_device_status_add_counter (priv->record, KIOSK_DEVICE_COUNTER_FAILED, 1);
      if (g_error_matches (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT))
        kiosk_device_status_add_counter (priv->record, KIOSK_DEVICE_COUNTER_TIMEOUTS, 1);
      record_error (priv, error);
    }
  if (result != NULL && result_free != NULL)
    result_free (result);
  g_task_return_error (task, error);
}

void
kiosk_device_complete_op_boolean (KioskDevice *self, GError *error)
{
  kiosk_device_complete_op (self, error == NULL ? GINT_TO_POINTER (TRUE) : NULL, NULL, error);
}

gpointer
kiosk_device_op_finish (KioskDevice *self,
                        GAsyncResult *result,
                        gpointer source_tag,
                        GError **error)
{
  g_return_val_if_fail (KIOSK_IS_DEVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
kiosk_device_op_finish_boolean (KioskDevice *self,
                                GAsyncResult *result,
                                gpointer source_tag,
                                GError **error)
{
  g_autoptr (GError) local = NULL;
  gpointer value = kiosk_device_op_finish (self, result, source_tag, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return value != NULL;
}

void
kiosk_device_cancel (KioskDevice *self)
{
  KioskDevicePrivate *priv;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  priv = kiosk_device_get_instance_private (self);
  if (priv->op_cancellable != NULL)
    g_cancellable_cancel (priv->op_cancellable);
}

/* ---- state changes ------------------------------------------------------- */

void
kiosk_device_set_connected (KioskDevice *self, gboolean connected)
{
  KioskDevicePrivate *priv;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  priv = kiosk_device_get_instance_private (self);

  connected = !!connected;
  if (priv->connected == connected)
    return;
  priv->connected = connected;
  if (connected)
    {
      g_debug ("%s: connected", priv->name);
      g_signal_emit (self, signals[SIGNAL_PLUGGED], 0);
    }
  else
    {
      g_debug ("%s: disconnected", priv->name);
      kiosk_device_set_card_present (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_UNPLUGGED], 0);
    }
}

void
kiosk_device_set_card_present (KioskDevice *self, gboolean present)
{
  KioskDevicePrivate *priv;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  priv = kiosk_device_get_instance_private (self);

  present = !!present;
  if (priv->card_present == present)
    return;
  priv->card_present = present;
  g_signal_emit (self, signals[present ? SIGNAL_CARD_PLACED : SIGNAL_CARD_REMOVED], 0);
}

void
kiosk_device_set_model (KioskDevice *self, const char *model)
{
  KioskDevicePrivate *priv;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  priv = kiosk_device_get_instance_private (self);
  g_free (priv->model);
  priv->model = g_strdup (model);
}

void
kiosk_device_set_identity (KioskDevice *self, const char *identity)
{
  KioskDevicePrivate *priv;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  priv = kiosk_device_get_instance_private (self);
  g_free (priv->identity);
  priv->identity = g_strdup (identity);
}

void
kiosk_device_count (KioskDevice *self, const char *counter, guint64 delta)
{
  KioskDevicePrivate *priv;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  priv = kiosk_device_get_instance_private (self);
  kiosk_device_status_add_counter (priv->record, counter, delta);
}

/* ---- open / close --------------------------------------------------------- */

void
kiosk_device_open_async (KioskDevice *self,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  KioskDeviceClass *klass;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  if (!kiosk_device_begin_op_full (self, "open", kiosk_device_open_async, KIOSK_DEVICE_OP_NONE,
                                   cancellable, callback, user_data))
    return;

  klass = KIOSK_DEVICE_GET_CLASS (self);
  if (klass->open == NULL)
    {
      kiosk_device_set_connected (self, TRUE);
      kiosk_device_complete_op_boolean (self, NULL);
      return;
    }
  klass->open (self);
}

gboolean
kiosk_device_open_finish (KioskDevice *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (self, result, kiosk_device_open_async, error);
}

void
kiosk_device_close_async (KioskDevice *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  KioskDeviceClass *klass;

  g_return_if_fail (KIOSK_IS_DEVICE (self));
  if (!kiosk_device_begin_op_full (self, "close", kiosk_device_close_async, KIOSK_DEVICE_OP_NONE,
                                   cancellable, callback, user_data))
    return;

  klass = KIOSK_DEVICE_GET_CLASS (self);
  if (klass->close == NULL)
    {
      kiosk_device_set_connected (self, FALSE);
      kiosk_device_complete_op_boolean (self, NULL);
      return;
    }
  klass->close (self);
}

gboolean
kiosk_device_close_finish (KioskDevice *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (self, result, kiosk_device_close_async, error);
}

void
kiosk_device_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
kiosk_device_open_sync (KioskDevice *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_device_open_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_device_open_finish (self, result, error);
}

gboolean
kiosk_device_close_sync (KioskDevice *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_device_close_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_device_close_finish (self, result, error);
}
