/* kiosk-flow.c — the base of every service flow: states, pages, timeouts, the end
 *
 * A state change runs through one place (kiosk_flow_set_state): the page and
 * message of the new state, the step indicator, the page timeout, the
 * "state-changed" signal, then the subclass's `enter`. A state entered from
 * inside `enter` is queued and entered when the current `enter` returns, so
 * the work of a state never nests inside another's.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-flow.h"

#include "kiosk-flow-private.h"
#include "kiosk-formal-loss-flow.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-mask.h"
#include "kiosk-progress-flow.h"
#include "kiosk-temporary-card-flow.h"
#include "kiosk-temporary-loss-flow.h"
#include "kiosk-unblock-flow.h"

G_DEFINE_QUARK (kiosk - flow - error - quark, kiosk_flow_error)

typedef struct
{
  KioskContext *context;
  KioskSession *session;
  char *uuid;

  int state;
  const KioskFlowStateInfo *info;
  gboolean started;
  gboolean finished;
  gboolean in_enter;
  gboolean leave_open;
  int pending_state; /* -1: none */

  char *message;
  char *hint;
  char *warning;
  GPtrArray *steps; /* KioskFlowStep, copies of the class template */
  KioskRefusal *refusal;
  GError *error;
  char *receipt_text;
  char *qr_payload;
  gboolean receipt_printed;

  GCancellable *flow_cancellable;  /* fires when the flow ends */
  GCancellable *state_cancellable; /* fires when the state is left */

  guint timeout_source;
  guint warning_source;
  gint64 deadline; /* monotonic µs, 0: no page timeout */
} KioskFlowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskFlow, kiosk_flow, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum
{
  SIGNAL_STATE_CHANGED,
  SIGNAL_STEPS_CHANGED,
  SIGNAL_TIMEOUT_WARNING,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const KioskFlowStateInfo common_states[] = {
  { KIOSK_FLOW_STATE_IDLE, "idle", KIOSK_FLOW_PAGE_NONE, 0, NULL, "" },
  { KIOSK_FLOW_STATE_DONE, "done", KIOSK_FLOW_PAGE_DONE, 0, NULL, "办理完成，请取走凭条" },
  { KIOSK_FLOW_STATE_REFUSED, "refused", KIOSK_FLOW_PAGE_REFUSED, 0, NULL,
    "很抱歉，此项业务不能在自助机办理" },
  { KIOSK_FLOW_STATE_FAILED, "failed", KIOSK_FLOW_PAGE_FAILED, 0, NULL, "很抱歉，业务未能完成" },
  { KIOSK_FLOW_STATE_CANCELLED, "cancelled", KIOSK_FLOW_PAGE_CANCELLED, 0, NULL,
    "业务已取消，您的信息已清除" },
  { KIOSK_FLOW_STATE_TIMED_OUT, "timed-out", KIOSK_FLOW_PAGE_TIMED_OUT, 0, NULL,
    "操作超时，业务已取消，您的信息已清除" },
};

static const char *const page_names[] = {
  "none",    "working",          "id-card",    "id-number",   "camera",
  "form",    "review",           "signature",  "choose-card", "choose-functions",
  "confirm", "insert-chip-card", "production", "take-card",   "result",
  "done",    "refused",          "failed",     "cancelled",   "timed-out",
};

G_STATIC_ASSERT (G_N_ELEMENTS (page_names) == KIOSK_FLOW_PAGE_TIMED_OUT + 1);

const char *
kiosk_flow_page_to_string (KioskFlowPage page)
{
  if ((guint) page < G_N_ELEMENTS (page_names))
    return page_names[page];
  return "unknown";
}

gboolean
kiosk_flow_page_is_final (KioskFlowPage page)
{
  return page >= KIOSK_FLOW_PAGE_DONE;
}

static const KioskFlowStateInfo *
lookup_state (KioskFlow *self, int state)
{
  KioskFlowClass *klass = KIOSK_FLOW_GET_CLASS (self);

  if (state >= 0 && state < (int) G_N_ELEMENTS (common_states))
    return &common_states[state];
  for (guint i = 0; i < klass->n_states; i++)
    if (klass->states[i].state == state)
      return &klass->states[i];
  return NULL;
}

/* ---- page timeout --------------------------------------------------------- */

static guint
page_timeout_s (KioskFlow *self, const KioskFlowStateInfo *info)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  const KioskFlowSettings *settings = kiosk_context_get_settings (priv->context);

  switch (info->timeout_s)
    {
      case KIOSK_FLOW_TIMEOUT_NONE:
        return 0;
      case KIOSK_FLOW_TIMEOUT_ID:
        return settings->id_timeout_s;
      case KIOSK_FLOW_TIMEOUT_PAGE:
        return settings->page_timeout_s;
      case KIOSK_FLOW_TIMEOUT_FORM:
        return settings->form_timeout_s;
      case KIOSK_FLOW_TIMEOUT_TAKE:
        return settings->take_card_timeout_s;
      default:
        return info->timeout_s;
    }
}

static void
stop_timers (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_clear_handle_id (&priv->timeout_source, g_source_remove);
  g_clear_handle_id (&priv->warning_source, g_source_remove);
  priv->deadline = 0;
}

static gboolean
timeout_cb (gpointer user_data)
{
  KioskFlow *self = user_data;
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  priv->timeout_source = 0;
  g_debug ("flow %s: page %s timed out", KIOSK_FLOW_GET_CLASS (self)->journal_service,
           priv->info->name);
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_TIMED_OUT, "timed-out", TRUE, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
warning_cb (gpointer user_data)
{
  KioskFlow *self = user_data;
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  priv->warning_source = 0;
  g_signal_emit (self, signals[SIGNAL_TIMEOUT_WARNING], 0, kiosk_flow_get_seconds_left (self));
  return G_SOURCE_REMOVE;
}

static void
start_timers (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  guint seconds = page_timeout_s (self, priv->info);
  guint warning = kiosk_context_get_settings (priv->context)->warning_s;

  stop_timers (self);
  if (seconds == 0 || priv->finished)
    return;
  priv->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  priv->timeout_source
      = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, timeout_cb, self, NULL);
  if (warning > 0 && warning < seconds)
    priv->warning_source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds - warning,
                                                       warning_cb, self, NULL);
}

guint
kiosk_flow_get_seconds_left (KioskFlow *self)
{
  KioskFlowPrivate *priv;
  gint64 left;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), 0);
  priv = kiosk_flow_get_instance_private (self);
  if (priv->deadline == 0)
    return 0;
  left = priv->deadline - g_get_monotonic_time ();
  return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

void
kiosk_flow_keep_alive (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  priv = kiosk_flow_get_instance_private (self);
  if (!priv->finished && priv->deadline != 0)
    start_timers (self);
}

/* ---- steps ---------------------------------------------------------------- */

static void
update_steps (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  const char *key = priv->info->step;
  int current = -1;

  if (key == NULL)
    return;
  for (guint i = 0; i < priv->steps->len; i++)
    if (g_strcmp0 (((KioskFlowStep *) g_ptr_array_index (priv->steps, i))->key, key) == 0)
      current = (int) i;
  if (current < 0)
    return;
  for (guint i = 0; i < priv->steps->len; i++)
    {
      KioskFlowStep *step = g_ptr_array_index (priv->steps, i);

      if ((int) i < current)
        step->status = step->status == KIOSK_FLOW_STEP_FAILED ? KIOSK_FLOW_STEP_FAILED
                                                              : KIOSK_FLOW_STEP_DONE;
      else if ((int) i == current)
        step->status = KIOSK_FLOW_STEP_CURRENT;
      else
        step->status = KIOSK_FLOW_STEP_PENDING;
    }
  g_signal_emit (self, signals[SIGNAL_STEPS_CHANGED], 0);
}

void
kiosk_flow_set_step_status (KioskFlow *self, const char *key, KioskFlowStepStatus status)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  for (guint i = 0; i < priv->steps->len; i++)
    {
      KioskFlowStep *step = g_ptr_array_index (priv->steps, i);

      if (g_strcmp0 (step->key, key) == 0)
        {
          step->status = status;
          g_signal_emit (self, signals[SIGNAL_STEPS_CHANGED], 0);
          return;
        }
    }
}

GPtrArray *
kiosk_flow_get_steps (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->steps;
}

guint
kiosk_flow_get_production_seconds_left (KioskFlow *self)
{
  KioskFlowPrivate *priv;
  guint seconds = 0;
  gboolean in_production = FALSE;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), 0);
  priv = kiosk_flow_get_instance_private (self);
  for (guint i = 0; i < priv->steps->len; i++)
    {
      KioskFlowStep *step = g_ptr_array_index (priv->steps, i);

      if (!step->production)
        continue;
      if (step->status == KIOSK_FLOW_STEP_CURRENT)
        in_production = TRUE;
      if (step->status == KIOSK_FLOW_STEP_CURRENT || step->status == KIOSK_FLOW_STEP_PENDING)
        seconds += step->estimated_seconds;
    }
  return in_production ? seconds : 0;
}

/* ---- states --------------------------------------------------------------- */

static void
replace_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
enter_state (KioskFlow *self, int state)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  const KioskFlowStateInfo *info = lookup_state (self, state);
  int old = priv->state;

  g_return_if_fail (info != NULL);

  /* Calls of the state left are not waited for any more. */
  if (priv->state_cancellable != NULL)
    {
      g_cancellable_cancel (priv->state_cancellable);
      g_clear_object (&priv->state_cancellable);
    }
  priv->state_cancellable = g_cancellable_new ();

  priv->state = state;
  priv->info = info;
  replace_string (&priv->message, info->message);
  replace_string (&priv->hint, NULL);
  if (info->page != KIOSK_FLOW_PAGE_CONFIRM)
    replace_string (&priv->warning, NULL);
  update_steps (self);
  start_timers (self);

  g_debug ("flow %s: %s → %s", KIOSK_FLOW_GET_CLASS (self)->journal_service,
           lookup_state (self, old) ? lookup_state (self, old)->name : "?", info->name);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, old, state);

  if (priv->finished || state < KIOSK_FLOW_STATE_FIRST_CUSTOM)
    return;
  if (info->page == KIOSK_FLOW_PAGE_ID_CARD || info->page == KIOSK_FLOW_PAGE_ID_NUMBER)
    kiosk_flow_start_id_reader (self);
  if (KIOSK_FLOW_GET_CLASS (self)->enter != NULL)
    KIOSK_FLOW_GET_CLASS (self)->enter (self, state);
}

void
kiosk_flow_set_state (KioskFlow *self, int state)
{
  KioskFlowPrivate *priv;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  priv = kiosk_flow_get_instance_private (self);
  if (priv->finished)
    return;
  if (priv->in_enter)
    {
      priv->pending_state = state;
      return;
    }
  g_object_ref (self);
  priv->in_enter = TRUE;
  enter_state (self, state);
  while (priv->pending_state >= 0 && !priv->finished)
    {
      int next = priv->pending_state;

      priv->pending_state = -1;
      enter_state (self, next);
    }
  priv->pending_state = -1;
  priv->in_enter = FALSE;
  g_object_unref (self);
}

/* ---- the end -------------------------------------------------------------- */

void
kiosk_flow_finish_full (KioskFlow *self,
                        int final_state,
                        const char *outcome,
                        gboolean close,
                        const KioskRefusal *refusal,
                        const GError *error,
                        const char *message)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  const KioskFlowStateInfo *info = lookup_state (self, final_state);
  KioskStore *store = kiosk_context_get_store (priv->context);
  int old = priv->state;

  if (priv->finished)
    return;
  g_object_ref (self);
  priv->finished = TRUE;
  stop_timers (self);
  g_cancellable_cancel (priv->flow_cancellable);
  if (priv->state_cancellable != NULL)
    g_cancellable_cancel (priv->state_cancellable);

  if (refusal != NULL)
    {
      g_clear_pointer (&priv->refusal, kiosk_refusal_free);
      priv->refusal = kiosk_refusal_copy (refusal);
    }
  if (error != NULL)
    {
      g_clear_error (&priv->error);
      priv->error = g_error_copy (error);
    }
  if (KIOSK_FLOW_GET_CLASS (self)->finish != NULL)
    KIOSK_FLOW_GET_CLASS (self)->finish (self, info->page);

  if (priv->leave_open)
    close = FALSE;
  if (priv->uuid != NULL && close)
    {
      g_autoptr (GError) local = NULL;

      if (!kiosk_store_session_close (store, priv->uuid, outcome, &local))
        g_warning ("flow %s: the journal session could not be closed: %s",
                   KIOSK_FLOW_GET_CLASS (self)->journal_service, local->message);
    }
  else if (priv->uuid != NULL)
    g_message ("flow %s: session %s left open for recovery (%s)",
               KIOSK_FLOW_GET_CLASS (self)->journal_service, priv->uuid, outcome);
  if (priv->session != NULL)
    kiosk_session_wipe (priv->session);

  /* The final page. */
  priv->state = final_state;
  priv->info = info;
  replace_string (&priv->message, message != NULL ? message : info->message);
  replace_string (&priv->hint, NULL);
  replace_string (&priv->warning, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, old, final_state);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  g_object_unref (self);
}

void
kiosk_flow_finish_done (KioskFlow *self, const char *outcome)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_DONE, outcome ? outcome : "done", TRUE, NULL, NULL,
                          NULL);
}

void
kiosk_flow_finish_refused (KioskFlow *self, const KioskRefusal *refusal)
{
  g_autofree char *line = NULL;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (refusal != NULL);
  line = kiosk_refusal_to_string (refusal);
  g_debug ("flow %s: refused (%s)", KIOSK_FLOW_GET_CLASS (self)->journal_service, line);
  kiosk_flow_journal_outcome (self, "refused", line, NULL);
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_REFUSED, "refused", TRUE, refusal, NULL,
                          refusal->message);
}

void
kiosk_flow_finish_failed (KioskFlow *self, const GError *error, const char *message)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_FAILED, "failed", TRUE, NULL, error,
                          message != NULL ? message : (error != NULL ? error->message : NULL));
}

/* ---- object --------------------------------------------------------------- */

static void
kiosk_flow_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskFlow *self = KIOSK_FLOW (object);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  switch (prop_id)
    {
      case PROP_CONTEXT:
        g_value_set_object (value, priv->context);
        break;
      case PROP_STATE:
        g_value_set_int (value, priv->state);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_flow_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskFlow *self = KIOSK_FLOW (object);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  switch (prop_id)
    {
      case PROP_CONTEXT:
        priv->context = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_flow_constructed (GObject *object)
{
  KioskFlow *self = KIOSK_FLOW (object);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  KioskFlowClass *klass = KIOSK_FLOW_GET_CLASS (self);

  G_OBJECT_CLASS (kiosk_flow_parent_class)->constructed (object);
  g_return_if_fail (KIOSK_IS_CONTEXT (priv->context));

  for (guint i = 0; i < klass->n_steps; i++)
    {
      KioskFlowStep *step = g_new (KioskFlowStep, 1);

      *step = klass->steps[i];
      step->status = KIOSK_FLOW_STEP_PENDING;
      g_ptr_array_add (priv->steps, step);
    }
}

static void
kiosk_flow_dispose (GObject *object)
{
  KioskFlow *self = KIOSK_FLOW (object);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  stop_timers (self);
  if (priv->flow_cancellable != NULL)
    g_cancellable_cancel (priv->flow_cancellable);
  if (priv->state_cancellable != NULL)
    g_cancellable_cancel (priv->state_cancellable);
  if (priv->session != NULL)
    kiosk_session_wipe (priv->session);

  G_OBJECT_CLASS (kiosk_flow_parent_class)->dispose (object);
}

static void
kiosk_flow_finalize (GObject *object)
{
  KioskFlow *self = KIOSK_FLOW (object);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_clear_object (&priv->session);
  g_clear_object (&priv->context);
  g_clear_object (&priv->flow_cancellable);
  g_clear_object (&priv->state_cancellable);
  g_free (priv->uuid);
  g_free (priv->message);
  g_free (priv->hint);
  g_free (priv->warning);
  g_ptr_array_unref (priv->steps);
  g_clear_pointer (&priv->refusal, kiosk_refusal_free);
  g_clear_error (&priv->error);
  g_free (priv->receipt_text);
  g_free (priv->qr_payload);

  G_OBJECT_CLASS (kiosk_flow_parent_class)->finalize (object);
}

static gboolean
default_can_cancel (KioskFlow *self)
{
  return TRUE;
}

static void
kiosk_flow_class_init (KioskFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_flow_get_property;
  object_class->set_property = kiosk_flow_set_property;
  object_class->constructed = kiosk_flow_constructed;
  object_class->dispose = kiosk_flow_dispose;
  object_class->finalize = kiosk_flow_finalize;

  klass->submit_id_card = kiosk_flow_accept_id_card;
  klass->submit_photo = kiosk_flow_accept_photo;
  klass->can_cancel = default_can_cancel;

  props[PROP_CONTEXT]
      = g_param_spec_object ("context", NULL, NULL, KIOSK_TYPE_CONTEXT,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_STATE]
      = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* (old state, new state) */
  signals[SIGNAL_STATE_CHANGED]
      = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  signals[SIGNAL_STEPS_CHANGED]
      = g_signal_new ("steps-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  /* (seconds left) */
  signals[SIGNAL_TIMEOUT_WARNING]
      = g_signal_new ("timeout-warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_flow_init (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  priv->steps = g_ptr_array_new_with_free_func (g_free);
  priv->pending_state = -1;
  priv->flow_cancellable = g_cancellable_new ();
  priv->info = &common_states[KIOSK_FLOW_STATE_IDLE];
  priv->message = g_strdup ("");
}

/* ---- public --------------------------------------------------------------- */

KioskFlow *
kiosk_flow_new_for_service (KioskContext *context, KioskService service, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CONTEXT (context), NULL);

  switch (service)
    {
      case KIOSK_SERVICE_GREEN_CHANNEL:
        return kiosk_green_channel_flow_new (context);
      case KIOSK_SERVICE_TEMPORARY_LOSS:
        return kiosk_temporary_loss_flow_new (context);
      case KIOSK_SERVICE_FORMAL_LOSS_SOCIAL:
      case KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL:
        return kiosk_formal_loss_flow_new (context);
      case KIOSK_SERVICE_UNBLOCK:
        return kiosk_unblock_flow_new (context);
      case KIOSK_SERVICE_PROGRESS:
        return kiosk_progress_flow_new (context);
      case KIOSK_SERVICE_TEMPORARY_CARD:
        return kiosk_temporary_card_flow_new (context);
      case KIOSK_SERVICE_APPLICATION:
      case KIOSK_SERVICE_REPLACEMENT:
      case KIOSK_SERVICE_PROXY:
      default:
        g_set_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID,
                     "此项业务（%s）请到社会保障卡综合服务窗口办理",
                     (guint) service <= KIOSK_SERVICE_LAST ? kiosk_service_to_label (service)
                                                           : "?");
        return NULL;
    }
}

void
kiosk_flow_start (KioskFlow *self)
{
  KioskFlowPrivate *priv;
  KioskFlowClass *klass;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  priv = kiosk_flow_get_instance_private (self);
  klass = KIOSK_FLOW_GET_CLASS (self);
  g_return_if_fail (!priv->started);
  priv->started = TRUE;

  priv->uuid = kiosk_store_session_begin (kiosk_context_get_store (priv->context),
                                          klass->journal_service, &error);
  priv->session = kiosk_session_new (klass->service, priv->uuid);
  if (priv->uuid == NULL)
    {
      g_autoptr (GError) flow_error
          = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                         "设备暂时无法记录业务，请稍后再试 (%s)", error->message);

      kiosk_flow_finish_failed (self, flow_error, NULL);
      return;
    }
  kiosk_flow_set_state (self, KIOSK_FLOW_STATE_FIRST_CUSTOM);
}

KioskContext *
kiosk_flow_get_context (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->context;
}

KioskService
kiosk_flow_get_service (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), 0);
  return KIOSK_FLOW_GET_CLASS (self)->service;
}

const char *
kiosk_flow_get_title (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return kiosk_service_to_label (KIOSK_FLOW_GET_CLASS (self)->service);
}

KioskSession *
kiosk_flow_get_session (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->session;
}

int
kiosk_flow_get_state (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), 0);
  priv = kiosk_flow_get_instance_private (self);
  return priv->state;
}

const char *
kiosk_flow_get_state_name (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->info->name;
}

KioskFlowPage
kiosk_flow_get_page (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_FLOW_PAGE_NONE);
  priv = kiosk_flow_get_instance_private (self);
  return priv->info->page;
}

gboolean
kiosk_flow_is_finished (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  priv = kiosk_flow_get_instance_private (self);
  return priv->finished;
}

const char *
kiosk_flow_get_message (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->message;
}

const char *
kiosk_flow_get_hint (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->hint;
}

const char *
kiosk_flow_get_warning (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->warning;
}

const KioskRefusal *
kiosk_flow_get_refusal (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->refusal;
}

const GError *
kiosk_flow_get_error (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->error;
}

const char *
kiosk_flow_get_receipt_text (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->receipt_text;
}

gboolean
kiosk_flow_get_receipt_printed (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  priv = kiosk_flow_get_instance_private (self);
  return priv->receipt_printed;
}

const char *
kiosk_flow_get_qr_payload (KioskFlow *self)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  priv = kiosk_flow_get_instance_private (self);
  return priv->qr_payload;
}

void
kiosk_flow_set_message (KioskFlow *self, const char *message)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  replace_string (&priv->message, message != NULL ? message : priv->info->message);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, priv->state, priv->state);
}

void
kiosk_flow_set_hint (KioskFlow *self, const char *hint)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  if (g_strcmp0 (priv->hint, hint) == 0)
    return;
  replace_string (&priv->hint, hint);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, priv->state, priv->state);
}

void
kiosk_flow_set_warning (KioskFlow *self, const char *warning)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  replace_string (&priv->warning, warning);
}

void
kiosk_flow_set_error (KioskFlow *self, const GError *error)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_clear_error (&priv->error);
  if (error != NULL)
    priv->error = g_error_copy (error);
}

void
kiosk_flow_set_receipt (KioskFlow *self, const char *text, const char *qr_payload)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  replace_string (&priv->receipt_text, text);
  replace_string (&priv->qr_payload, qr_payload);
  priv->receipt_printed = FALSE;
}

void
kiosk_flow_set_receipt_printed (KioskFlow *self, gboolean printed)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  priv->receipt_printed = printed;
}

GCancellable *
kiosk_flow_get_cancellable (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  return priv->state_cancellable != NULL ? priv->state_cancellable : priv->flow_cancellable;
}

/* ---- actions -------------------------------------------------------------- */

static gboolean
wrong_state (KioskFlow *self, GError **error)
{
  g_set_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE,
               "此操作在当前步骤不可用 (not allowed in state %s)",
               kiosk_flow_get_state_name (self));
  return FALSE;
}

static gboolean
check_running (KioskFlow *self, GError **error)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  if (!priv->started || priv->finished)
    return wrong_state (self, error);
  return TRUE;
}

gboolean
kiosk_flow_confirm (KioskFlow *self, GError **error)
{
  KioskFlowClass *klass;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  klass = KIOSK_FLOW_GET_CLASS (self);
  if (!check_running (self, error))
    return FALSE;
  if (klass->confirm == NULL)
    return wrong_state (self, error);
  kiosk_flow_keep_alive (self);
  return klass->confirm (self, error);
}

gboolean
kiosk_flow_go_back (KioskFlow *self, GError **error)
{
  KioskFlowClass *klass;
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  klass = KIOSK_FLOW_GET_CLASS (self);
  priv = kiosk_flow_get_instance_private (self);
  if (!check_running (self, error))
    return FALSE;
  if (priv->info != NULL && priv->info->back >= KIOSK_FLOW_STATE_FIRST_CUSTOM)
    {
      kiosk_flow_set_state (self, priv->info->back);
      return TRUE;
    }
  if (klass->go_back != NULL)
    return klass->go_back (self, error);
  g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "此步骤不能返回");
  return FALSE;
}

gboolean
kiosk_flow_cancel (KioskFlow *self, GError **error)
{
  KioskFlowPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  priv = kiosk_flow_get_instance_private (self);
  if (priv->finished)
    return TRUE;
  if (!priv->started)
    {
      priv->started = TRUE;
      kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_CANCELLED, "cancelled", FALSE, NULL, NULL,
                              NULL);
      return TRUE;
    }
  if (!KIOSK_FLOW_GET_CLASS (self)->can_cancel (self))
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE,
                           "正在制卡，请稍候，不能取消");
      return FALSE;
    }
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_CANCELLED, "cancelled", TRUE, NULL, NULL, NULL);
  return TRUE;
}

gboolean
kiosk_flow_submit_id_card (KioskFlow *self, KioskIdCardData *data, GError **error)
{
  g_autoptr (KioskIdCardData) owned = data;
  KioskFlowPage page;

  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  if (!check_running (self, error))
    return FALSE;
  page = kiosk_flow_get_page (self);
  if (page != KIOSK_FLOW_PAGE_ID_CARD && page != KIOSK_FLOW_PAGE_ID_NUMBER)
    return wrong_state (self, error);
  return KIOSK_FLOW_GET_CLASS (self)->submit_id_card (self, g_steal_pointer (&owned), error);
}

gboolean
kiosk_flow_submit_photo (KioskFlow *self, GBytes *image, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  g_return_val_if_fail (image != NULL, FALSE);
  if (!check_running (self, error))
    return FALSE;
  if (kiosk_flow_get_page (self) != KIOSK_FLOW_PAGE_CAMERA)
    return wrong_state (self, error);
  kiosk_flow_keep_alive (self);
  return KIOSK_FLOW_GET_CLASS (self)->submit_photo (self, image, error);
}

gboolean
kiosk_flow_capture_photo (KioskFlow *self, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  if (!check_running (self, error))
    return FALSE;
  if (kiosk_flow_get_page (self) != KIOSK_FLOW_PAGE_CAMERA)
    return wrong_state (self, error);
  kiosk_flow_keep_alive (self);
  return kiosk_flow_capture (self, error);
}

/* ---- for the flows -------------------------------------------------------- */

void
kiosk_flow_set_leave_open (KioskFlow *self, gboolean leave_open)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  priv->leave_open = leave_open;
}

const char *
kiosk_flow_get_uuid (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  return priv->uuid;
}

KioskStore *
kiosk_flow_get_store (KioskFlow *self)
{
  return kiosk_context_get_store (kiosk_flow_get_context (self));
}

KioskCenter *
kiosk_flow_get_center (KioskFlow *self)
{
  return kiosk_context_get_center (kiosk_flow_get_context (self));
}

const KioskFlowSettings *
kiosk_flow_get_settings (KioskFlow *self)
{
  return kiosk_context_get_settings (kiosk_flow_get_context (self));
}

char *
kiosk_flow_key (KioskFlow *self, const char *step)
{
  return g_strconcat (kiosk_flow_get_uuid (self), ":", step, NULL);
}

void
kiosk_flow_get_today (KioskFlow *self, GDate *out_today)
{
  kiosk_context_get_today (kiosk_flow_get_context (self), out_today);
}

static void
fail_store (KioskFlow *self, const GError *error)
{
  g_autoptr (GError) flow_error
      = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                     "设备暂时无法记录业务，请到窗口办理 (%s)", error->message);

  /* Nothing was done after the last entry that was written: recovery
   * settles the session from there. */
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_FAILED, "failed", FALSE, NULL, flow_error, NULL);
}

gboolean
kiosk_flow_journal_intent (KioskFlow *self, const char *step, const char *key, const char *payload)
{
  g_autoptr (GError) error = NULL;
  gboolean finished = kiosk_flow_is_finished (self);

  /* The main loop turns while the entry is committed (the store's commits
   * run off it): a flow that ended meanwhile does not act any more. */
  if (kiosk_store_journal_intent (kiosk_flow_get_store (self), kiosk_flow_get_uuid (self), step,
                                  key, payload, &error)
      > 0)
    return finished || !kiosk_flow_is_finished (self);
  fail_store (self, error);
  return FALSE;
}

gboolean
kiosk_flow_journal_outcome (KioskFlow *self,
                            const char *step,
                            const char *result,
                            const char *payload)
{
  g_autoptr (GError) error = NULL;
  gboolean finished = kiosk_flow_is_finished (self);

  if (kiosk_flow_get_uuid (self) == NULL)
    return FALSE;
  if (kiosk_store_journal_outcome (kiosk_flow_get_store (self), kiosk_flow_get_uuid (self), step,
                                   result, payload, &error)
      > 0)
    return finished || !kiosk_flow_is_finished (self);
  fail_store (self, error);
  return FALSE;
}

/* ---- calls ---------------------------------------------------------------- */

static gboolean
call_timeout_cb (gpointer user_data)
{
  KioskFlowCall *call = user_data;

  call->timer = 0;
  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

static void
parent_cancelled_cb (GCancellable *parent, gpointer user_data)
{
  GCancellable *child = user_data;

  g_cancellable_cancel (child);
}

KioskFlowCall *
kiosk_flow_call_new (KioskFlow *flow, guint timeout_s)
{
  KioskFlowCall *call = g_new0 (KioskFlowCall, 1);

  call->flow = g_object_ref (flow);
  call->state = kiosk_flow_get_state (flow);
  call->cancellable = g_cancellable_new ();
  call->parent = g_object_ref (kiosk_flow_get_cancellable (flow));
  call->parent_handler = g_cancellable_connect (call->parent, G_CALLBACK (parent_cancelled_cb),
                                                g_object_ref (call->cancellable), g_object_unref);
  if (timeout_s > 0)
    call->timer = g_timeout_add_seconds (timeout_s, call_timeout_cb, call);
  return call;
}

void
kiosk_flow_call_free (KioskFlowCall *call)
{
  if (call == NULL)
    return;
  g_clear_handle_id (&call->timer, g_source_remove);
  g_cancellable_disconnect (call->parent, call->parent_handler);
  g_clear_object (&call->parent);
  g_clear_object (&call->cancellable);
  if (call->destroy != NULL)
    call->destroy (call->data);
  g_clear_object (&call->flow);
  g_free (call);
}

gboolean
kiosk_flow_call_is_stale (KioskFlowCall *call, const GError *error)
{
  g_clear_handle_id (&call->timer, g_source_remove);
  if (call->timed_out)
    return kiosk_flow_is_finished (call->flow) || kiosk_flow_get_state (call->flow) != call->state;
  return kiosk_flow_is_finished (call->flow) || kiosk_flow_get_state (call->flow) != call->state
         || g_cancellable_is_cancelled (call->parent);
}

GError *
kiosk_flow_call_take_error (KioskFlowCall *call, GError *error)
{
  if (call->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_TIMEOUT,
                                  "设备或系统没有及时响应");
    }
  return error;
}
