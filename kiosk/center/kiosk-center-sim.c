/* kiosk-center-sim.c — the embedded center: latency, failures, idempotency */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-center-sim.h"

#include "kiosk-center-sim-private.h"
#include "kiosk-center-wire.h"

#define MAX_LATENCY_MS 60000

typedef struct
{
  char *call; /* a call name or "*" */
  KioskCenterSimFailure failure;
  guint remaining;
} Injection;

struct _KioskCenterSim
{
  GObject parent_instance;

  KioskDb *db;
  KioskPolicy *policy;
  guint latency_ms;
  gboolean today_set;
  GDate today;
  GPtrArray *injections; /* Injection, in the order they were added */
};

static void kiosk_center_sim_center_init (KioskCenterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskCenterSim,
                               kiosk_center_sim,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_CENTER,
                                                      kiosk_center_sim_center_init))

static void
injection_free (gpointer data)
{
  Injection *injection = data;

  g_free (injection->call);
  g_free (injection);
}

static void
kiosk_center_sim_finalize (GObject *object)
{
  KioskCenterSim *self = KIOSK_CENTER_SIM (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->policy, kiosk_policy_free);
  g_clear_pointer (&self->injections, g_ptr_array_unref);

  G_OBJECT_CLASS (kiosk_center_sim_parent_class)->finalize (object);
}

static void
kiosk_center_sim_class_init (KioskCenterSimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_center_sim_finalize;
}

static void
kiosk_center_sim_init (KioskCenterSim *self)
{
  self->injections = g_ptr_array_new_with_free_func (injection_free);
  g_date_clear (&self->today, 1);
}

/* ---- construction ---- */

static gboolean
seed_in_transaction (KioskDb *db, gpointer user_data, GError **error)
{
  const KioskDemoPeople *people = user_data;
  gboolean seeded = FALSE;

  /* Another process may have seeded between our check and this transaction. */
  if (!kiosk_center_sim_db_is_seeded (db, &seeded, error))
    return FALSE;
  return seeded || kiosk_center_sim_db_seed (db, people, error);
}

KioskCenterSim *
kiosk_center_sim_new_full (const char *db_path,
                           const KioskPolicy *policy,
                           const char *demo_path,
                           GError **error)
{
  g_autoptr (KioskCenterSim) self = NULL;
  const KioskDbMigration *migrations;
  gsize n_migrations;
  gboolean seeded = FALSE;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KIOSK_TYPE_CENTER_SIM, NULL);
  self->policy = policy != NULL ? kiosk_policy_copy (policy) : kiosk_policy_new_default ();
  migrations = kiosk_center_sim_db_migrations (&n_migrations);
  self->db = kiosk_db_open (db_path, migrations, n_migrations, error);
  if (self->db == NULL)
    return NULL;
  if (!kiosk_center_sim_db_is_seeded (self->db, &seeded, error))
    return NULL;
  if (!seeded)
    {
      g_autoptr (KioskDemoPeople) people = kiosk_demo_people_load (demo_path, error);

      if (people == NULL)
        return NULL;
      if (!kiosk_db_transaction (self->db, seed_in_transaction, people, error))
        return NULL;
      g_info ("center simulator: seeded %u demo people", people->people->len);
    }
  return g_steal_pointer (&self);
}

KioskCenterSim *
kiosk_center_sim_new (const char *db_path, const KioskPolicy *policy, GError **error)
{
  return kiosk_center_sim_new_full (db_path, policy, NULL, error);
}

const char *
kiosk_center_sim_get_db_path (KioskCenterSim *sim)
{
  g_return_val_if_fail (KIOSK_IS_CENTER_SIM (sim), NULL);
  return kiosk_db_get_path (sim->db);
}

void
kiosk_center_sim_set_latency (KioskCenterSim *sim, guint latency_ms)
{
  g_return_if_fail (KIOSK_IS_CENTER_SIM (sim));
  sim->latency_ms = MIN (latency_ms, MAX_LATENCY_MS);
}

guint
kiosk_center_sim_get_latency (KioskCenterSim *sim)
{
  g_return_val_if_fail (KIOSK_IS_CENTER_SIM (sim), 0);
  return sim->latency_ms;
}

void
kiosk_center_sim_set_today (KioskCenterSim *sim, const GDate *today)
{
  g_return_if_fail (KIOSK_IS_CENTER_SIM (sim));
  g_return_if_fail (today == NULL || g_date_valid (today));

  sim->today_set = today != NULL;
  if (today != NULL)
    sim->today = *today;
}

void
kiosk_center_sim_get_today (KioskCenterSim *sim, GDate *out_today)
{
  g_autoptr (GDateTime) now = NULL;

  g_return_if_fail (KIOSK_IS_CENTER_SIM (sim));
  g_return_if_fail (out_today != NULL);

  if (sim->today_set)
    {
      *out_today = sim->today;
      return;
    }
  now = g_date_time_new_now_local ();
  g_date_clear (out_today, 1);
  g_date_set_dmy (out_today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

gboolean
kiosk_center_sim_inject_failure (KioskCenterSim *sim,
                                 const char *call,
                                 KioskCenterSimFailure failure,
                                 guint count)
{
  Injection *injection;

  g_return_val_if_fail (KIOSK_IS_CENTER_SIM (sim), FALSE);

  if (call == NULL || (!g_str_equal (call, "*") && !kiosk_center_call_from_string (call, NULL)))
    return FALSE;
  if (failure > KIOSK_CENTER_SIM_FAILURE_BAD_REPLY)
    return FALSE;
  if (failure == KIOSK_CENTER_SIM_FAILURE_NONE && count == 0)
    {
      for (guint i = sim->injections->len; i > 0; i--)
        if (g_str_equal (((Injection *) sim->injections->pdata[i - 1])->call, call))
          g_ptr_array_remove_index (sim->injections, i - 1);
      return TRUE;
    }
  if (count == 0)
    return TRUE;
  injection = g_new0 (Injection, 1);
  injection->call = g_strdup (call);
  injection->failure = failure;
  injection->remaining = count;
  g_ptr_array_add (sim->injections, injection);
  return TRUE;
}

void
kiosk_center_sim_clear_failures (KioskCenterSim *sim)
{
  g_return_if_fail (KIOSK_IS_CENTER_SIM (sim));
  g_ptr_array_set_size (sim->injections, 0);
}

/* The failure for this call, if any was injected; consumes one. A
 * FAILURE_NONE injection is a pass that lets a call through. */
static KioskCenterSimFailure
take_injection (KioskCenterSim *sim, const char *call)
{
  for (guint i = 0; i < sim->injections->len; i++)
    {
      Injection *injection = sim->injections->pdata[i];
      KioskCenterSimFailure failure = injection->failure;

      if (!g_str_equal (injection->call, call) && !g_str_equal (injection->call, "*"))
        continue;
      if (--injection->remaining == 0)
        g_ptr_array_remove_index (sim->injections, i);
      return failure;
    }
  return KIOSK_CENTER_SIM_FAILURE_NONE;
}

/* ---- one call ---- */

typedef struct
{
  KioskCenterCall call;
  char *key;
  GVariant *request;
  GSource *timer;
  GSource *cancel_source;
} CallData;

static void
call_data_free (gpointer data)
{
  CallData *cd = data;

  if (cd->timer != NULL)
    {
      g_source_destroy (cd->timer);
      g_source_unref (cd->timer);
    }
  if (cd->cancel_source != NULL)
    {
      g_source_destroy (cd->cancel_source);
      g_source_unref (cd->cancel_source);
    }
  g_free (cd->key);
  g_variant_unref (cd->request);
  g_free (cd);
}

typedef struct
{
  KioskCenterSimContext ctx;
  const CallData *cd;
  GVariant *reply;
} Transaction;

static char *
request_hash (const CallData *cd)
{
  g_autoptr (GVariant) normal = g_variant_get_normal_form (cd->request);
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *name = kiosk_center_call_to_string (cd->call);

  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_update (sum, (const guchar *) "", 1);
  g_checksum_update (sum, g_variant_get_data (normal), (gssize) g_variant_get_size (normal));
  return g_strdup (g_checksum_get_string (sum));
}

/* Inside one transaction: the stored reply of the key, or the effect and its
 * reply stored under the key. */
static gboolean
effect_in_transaction (KioskDb *db, gpointer user_data, GError **error)
{
  Transaction *tx = user_data;
  const CallData *cd = tx->cd;
  const char *name = kiosk_center_call_to_string (cd->call);
  g_autofree char *hash = request_hash (cd);
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *reply_text = NULL;
  g_autoptr (GVariant) reply = NULL;
  KioskDbStep step;

  stmt = kiosk_db_prepare (db, "SELECT call, request_hash, reply FROM idempotency WHERE key = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, cd->key);
  step = kiosk_db_stmt_step (stmt, error);
  if (step == KIOSK_DB_STEP_ERROR)
    return FALSE;
  if (step == KIOSK_DB_STEP_ROW)
    {
      g_autoptr (GError) parse_error = NULL;

      if (g_strcmp0 (kiosk_db_stmt_column_text (stmt, 0), name) != 0
          || g_strcmp0 (kiosk_db_stmt_column_text (stmt, 1), hash) != 0)
        {
          g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT,
                       "the idempotency key %s was used for a different request", cd->key);
          return FALSE;
        }
      tx->reply = g_variant_parse (G_VARIANT_TYPE_VARDICT, kiosk_db_stmt_column_text (stmt, 2),
                                   NULL, NULL, &parse_error);
      if (tx->reply == NULL)
        {
          g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE,
                       "the simulator's stored reply is damaged: %s", parse_error->message);
          return FALSE;
        }
      g_debug ("center simulator: %s repeated with key %s: first answer returned", name, cd->key);
      return TRUE;
    }
  g_clear_pointer (&stmt, kiosk_db_stmt_free);

  reply = kiosk_center_sim_db_handle (&tx->ctx, cd->call, cd->request, error);
  if (reply == NULL)
    return FALSE;
  g_variant_ref_sink (reply);

  now = g_date_time_new_now_utc ();
  now_text = g_date_time_format_iso8601 (now);
  reply_text = g_variant_print (reply, TRUE);
  stmt = kiosk_db_prepare (db,
                           "INSERT INTO idempotency (key, call, request_hash, reply, created_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, cd->key);
  kiosk_db_stmt_bind_text (stmt, 2, name);
  kiosk_db_stmt_bind_text (stmt, 3, hash);
  kiosk_db_stmt_bind_text (stmt, 4, reply_text);
  kiosk_db_stmt_bind_text (stmt, 5, now_text);
  if (!kiosk_db_stmt_run (stmt, error))
    return FALSE;
  tx->reply = g_steal_pointer (&reply);
  return TRUE;
}

static GVariant *
execute (KioskCenterSim *self, const CallData *cd, GError **error)
{
  Transaction tx = { 0 };

  tx.ctx.db = self->db;
  tx.ctx.policy = self->policy;
  kiosk_center_sim_get_today (self, &tx.ctx.today);
  tx.cd = cd;

  if (!kiosk_center_call_is_effect (cd->call))
    {
      GVariant *reply = kiosk_center_sim_db_handle (&tx.ctx, cd->call, cd->request, error);

      return reply != NULL ? g_variant_ref_sink (reply) : NULL;
    }
  if (!kiosk_db_transaction (self->db, effect_in_transaction, &tx, error))
    {
      g_clear_pointer (&tx.reply, g_variant_unref);
      return NULL;
    }
  return tx.reply;
}

static gboolean
on_timer (gpointer user_data)
{
  GTask *task = user_data;
  KioskCenterSim *self = g_task_get_source_object (task);
  CallData *cd = g_task_get_task_data (task);
  const char *name = kiosk_center_call_to_string (cd->call);
  KioskCenterSimFailure failure;
  GError *error = NULL;
  GVariant *reply;

  if (cd->cancel_source != NULL)
    g_source_destroy (cd->cancel_source);
  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  failure = take_injection (self, name);
  if (failure == KIOSK_CENTER_SIM_FAILURE_TIMEOUT)
    {
      g_debug ("center simulator: %s: injected timeout (request lost)", name);
      g_task_return_new_error (task, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT,
                               "the center did not answer in time (simulated)");
      return G_SOURCE_REMOVE;
    }
  if (failure == KIOSK_CENTER_SIM_FAILURE_ERROR)
    {
      g_debug ("center simulator: %s: injected error reply", name);
      g_task_return_new_error (task, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE,
                               "the center answered with an error (simulated)");
      return G_SOURCE_REMOVE;
    }

  reply = execute (self, cd, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }
  if (failure == KIOSK_CENTER_SIM_FAILURE_LOST_REPLY)
    {
      g_debug ("center simulator: %s: done, answer lost (simulated)", name);
      g_variant_unref (reply);
      g_task_return_new_error (task, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT,
                               "the center did not answer in time (simulated)");
      return G_SOURCE_REMOVE;
    }
  if (failure == KIOSK_CENTER_SIM_FAILURE_BAD_REPLY)
    {
      GVariantBuilder b;

      g_debug ("center simulator: %s: done, answer garbled (simulated)", name);
      g_variant_unref (reply);
      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "garbage", g_variant_new_int32 (0x5A5A));
      reply = g_variant_ref_sink (g_variant_builder_end (&b));
    }
  g_task_return_pointer (task, reply, (GDestroyNotify) g_variant_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  CallData *cd = g_task_get_task_data (task);

  /* The request never reached the center: nothing happened. */
  if (cd->timer != NULL)
    g_source_destroy (cd->timer);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static void
sim_call_async (KioskCenter *center,
                KioskCenterCall call,
                const char *idempotency_key,
                GVariant *request,
                GCancellable *cancellable,
                GAsyncReadyCallback callback,
                gpointer user_data)
{
  KioskCenterSim *self = KIOSK_CENTER_SIM (center);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  CallData *cd = g_new0 (CallData, 1);

  g_task_set_source_tag (task, sim_call_async);
  cd->call = call;
  cd->key = g_strdup (idempotency_key);
  cd->request = g_variant_ref_sink (request);
  g_task_set_task_data (task, cd, call_data_free);
  g_debug ("center simulator: %s (key %s), answer in %u ms", kiosk_center_call_to_string (call),
           idempotency_key, self->latency_ms);

  if (g_task_return_error_if_cancelled (task))
    return;
  cd->timer = g_timeout_source_new (self->latency_ms);
  g_task_attach_source (task, cd->timer, on_timer);
  if (cancellable != NULL)
    {
      cd->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, cd->cancel_source, (GSourceFunc) (void (*) (void)) on_cancelled);
    }
}

static GVariant *
sim_call_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, center), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, sim_call_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
kiosk_center_sim_center_init (KioskCenterInterface *iface)
{
  iface->call_async = sim_call_async;
  iface->call_finish = sim_call_finish;
}
