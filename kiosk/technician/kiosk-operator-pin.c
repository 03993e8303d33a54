/* kiosk-operator-pin.c — the operator PIN: strength, yescrypt hash, lockout from the audit log */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <string.h>

#include "kiosk-operator-pin.h"

G_DEFINE_QUARK (kiosk - operator- pin - error - quark, kiosk_operator_pin_error)

/* How far back the audit log is read for the failures since the last entry:
 * other entries (stock, settings) interleave, but hundreds of them within
 * one lockout period do not happen. */
#define AUDIT_WINDOW 256

#define ACTION_SET     "technician.pin.set"
#define ACTION_ENTER   "technician.enter"
#define ACTION_FAIL    "technician.pin.fail"
#define ACTION_LOCKOUT "technician.pin.lockout"

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

static gboolean
weak (GError **error, const char *message)
{
  g_set_error_literal (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WEAK, message);
  return FALSE;
}

/* Every digit equals the one `period` places before it. */
static gboolean
repeats_with_period (const char *pin, gsize len, gsize period)
{
  for (gsize i = period; i < len; i++)
    if (pin[i] != pin[i - period])
      return FALSE;
  return TRUE;
}

gboolean
kiosk_operator_pin_check_strength (const char *pin, GError **error)
{
  gsize len = pin != NULL ? strlen (pin) : 0;
  gboolean run = TRUE;
  int step;

  if (len < KIOSK_OPERATOR_PIN_MIN_LENGTH || len > KIOSK_OPERATOR_PIN_MAX_LENGTH)
    return weak (error, "维护密码须为 6 到 12 位数字 (the PIN must be 6 to 12 digits)");
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return weak (error, "维护密码只能由数字组成 (the PIN must be digits only)");
  if (repeats_with_period (pin, len, 1))
    return weak (error, "维护密码不能是同一个数字 (the PIN must not repeat one digit)");

  /* 123456, 987654, 890123: every step +1 or every step -1, modulo 10. */
  step = (pin[1] - pin[0] + 10) % 10;
  for (gsize i = 2; i < len && run; i++)
    run = (pin[i] - pin[i - 1] + 10) % 10 == step;
  if (run && (step == 1 || step == 9))
    return weak (error, "维护密码不能是连续的数字 (the PIN must not be a run of digits)");

  if (repeats_with_period (pin, len, 2) || repeats_with_period (pin, len, 3))
    return weak (error, "维护密码不能是重复的数字组合 (the PIN must not repeat a short block)");
  return TRUE;
}

char *
kiosk_operator_pin_hash (const char *pin, GError **error)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  struct crypt_data *data = NULL;
  const char *out;
  char *hash = NULL;

  g_return_val_if_fail (pin != NULL, NULL);

  /* yescrypt at libxcrypt's default cost; the salt comes from getrandom(). */
  if (crypt_gensalt_rn ("$y$", 0, NULL, 0, setting, sizeof setting) == NULL)
    {
      int saved = errno;

      g_set_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_FAILED,
                   "无法生成密码盐 (crypt_gensalt yescrypt): %s", g_strerror (saved));
      return NULL;
    }
  data = g_new0 (struct crypt_data, 1);
  out = crypt_rn (pin, setting, data, sizeof *data);
  if (out == NULL || out[0] == '*')
    g_set_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_FAILED,
                 "无法计算密码散列 (crypt yescrypt failed)");
  else
    hash = g_strdup (out);
  explicit_bzero (data, sizeof *data);
  g_free (data);
  return hash;
}

gboolean
kiosk_operator_pin_hash_matches (const char *hash, const char *pin)
{
  struct crypt_data *data;
  const char *out;
  gboolean same = FALSE;

  if (hash == NULL || pin == NULL || !g_str_has_prefix (hash, "$y$"))
    return FALSE;
  data = g_new0 (struct crypt_data, 1);
  out = crypt_rn (pin, hash, data, sizeof *data);
  if (out != NULL && out[0] != '*' && strlen (out) == strlen (hash))
    {
      unsigned char diff = 0;

      for (gsize i = 0; hash[i] != '\0'; i++)
        diff |= (unsigned char) (hash[i] ^ out[i]);
      same = diff == 0;
    }
  explicit_bzero (data, sizeof *data);
  g_free (data);
  return same;
}

/* ---- the state, from the setting and the audit log ------------------------ */

static gboolean
read_hash (KioskStore *store, char **hash, GError **error)
{
  g_autoptr (GError) local = NULL;

  *hash = kiosk_store_setting_get (store, KIOSK_OPERATOR_PIN_SETTING, NULL, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_state (KioskStore *store,
           guint lockout_s,
           KioskOperatorPinState *state,
           char **out_hash,
           GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 last_failure = 0;

  memset (state, 0, sizeof *state);
  if (!read_hash (store, &hash, error))
    return FALSE;
  entries = kiosk_store_audit_list (store, AUDIT_WINDOW, error);
  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const KioskAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->action, ACTION_ENTER) || g_str_equal (entry->action, ACTION_SET))
        break;
      if (g_str_equal (entry->action, ACTION_FAIL))
        {
          state->failures++;
          if (last_failure == 0)
            last_failure = entry->time;
        }
    }

  state->is_set = hash != NULL;
  if (state->failures > 0 && state->failures % KIOSK_OPERATOR_PIN_MAX_FAILURES == 0
      && kiosk_store_now (store) < last_failure + (gint64) lockout_s)
    state->locked_until = last_failure + lockout_s;
  state->attempts_left
      = state->locked_until > 0
            ? 0
            : KIOSK_OPERATOR_PIN_MAX_FAILURES - state->failures % KIOSK_OPERATOR_PIN_MAX_FAILURES;
  if (out_hash != NULL)
    *out_hash = g_steal_pointer (&hash);
  return TRUE;
}

gboolean
kiosk_operator_pin_get_state (KioskStore *store,
                              guint lockout_s,
                              KioskOperatorPinState *state,
                              GError **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  return get_state (store, lockout_s, state, NULL, error);
}

static void
set_locked_error (GError **error, KioskStore *store, gint64 locked_until)
{
  gint64 minutes = MAX (1, (locked_until - kiosk_store_now (store) + 59) / 60);

  g_set_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_LOCKED,
               "密码错误次数过多，已锁定，请 %" G_GINT64_FORMAT " 分钟后再试 (too many wrong "
               "PINs: locked, try again in %" G_GINT64_FORMAT " min)",
               minutes, minutes);
}

/* Before any hashing: a locked or unset PIN is not checked at all. */
static gboolean
check_can_verify (KioskStore *store, guint lockout_s, char **hash, GError **error)
{
  KioskOperatorPinState state;

  if (!get_state (store, lockout_s, &state, hash, error))
    return FALSE;
  if (!state.is_set)
    {
      g_set_error_literal (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_NOT_SET,
                           "未设置维护密码，请用 kioskctl pin set 设置 (no operator PIN: set "
                           "one with `kioskctl pin set`)");
      return FALSE;
    }
  if (state.locked_until > 0)
    {
      set_locked_error (error, store, state.locked_until);
      g_clear_pointer (hash, g_free);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  KioskStore *store;
  gboolean matches;
  guint lockout_s;
  const char *actor;
  gboolean locked; /* out: this failure started a lockout */
  guint attempts_left;
} Record;

static gboolean
record_tx (KioskDb *db, gpointer user_data, GError **error)
{
  Record *record = user_data;
  KioskOperatorPinState state;
  g_autofree char *detail = NULL;
  guint failures;

  if (record->matches)
    return kiosk_store_audit_append (record->store, record->actor, ACTION_ENTER,
                                     "PIN accepted: technician mode entered", error)
           > 0;

  /* Counted again inside the transaction: the entry carries its number. */
  if (!get_state (record->store, record->lockout_s, &state, NULL, error))
    return FALSE;
  failures = state.failures + 1;
  detail
      = g_strdup_printf ("wrong PIN %u of %u", (failures - 1) % KIOSK_OPERATOR_PIN_MAX_FAILURES + 1,
                         KIOSK_OPERATOR_PIN_MAX_FAILURES);
  if (kiosk_store_audit_append (record->store, record->actor, ACTION_FAIL, detail, error) <= 0)
    return FALSE;
  record->locked = failures % KIOSK_OPERATOR_PIN_MAX_FAILURES == 0;
  record->attempts_left
      = KIOSK_OPERATOR_PIN_MAX_FAILURES - failures % KIOSK_OPERATOR_PIN_MAX_FAILURES;
  if (record->locked)
    {
      g_autofree char *lock = g_strdup_printf ("%u wrong PINs in a row: locked for %u s",
                                               KIOSK_OPERATOR_PIN_MAX_FAILURES, record->lockout_s);

      if (kiosk_store_audit_append (record->store, record->actor, ACTION_LOCKOUT, lock, error) <= 0)
        return FALSE;
    }
  return TRUE;
}

/* Audits the verdict; the verdict is an error unless the PIN matched. */
static gboolean
record_verdict (
    KioskStore *store, gboolean matches, guint lockout_s, const char *actor, GError **error)
{
  Record record = { store, matches, lockout_s, actor, FALSE, 0 };

  if (!kiosk_db_transaction (kiosk_store_get_db (store), record_tx, &record, error))
    return FALSE;
  if (matches)
    {
      g_info ("technician: operator PIN accepted (%s)", actor);
      return TRUE;
    }
  g_info ("technician: wrong operator PIN (%s)%s", actor, record.locked ? ", locked" : "");
  if (record.locked)
    set_locked_error (error, store, kiosk_store_now (store) + lockout_s);
  else
    g_set_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG,
                 "维护密码错误，还可以再试 %u 次 (wrong PIN: %u attempts left)",
                 record.attempts_left, record.attempts_left);
  return FALSE;
}

static gboolean
check_actor (const char *actor, GError **error)
{
  if (actor == NULL || *actor == '\0' || strlen (actor) > 64 || !g_utf8_validate (actor, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "actor: 1 to 64 bytes of UTF-8 text");
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_operator_pin_verify (
    KioskStore *store, const char *pin, guint lockout_s, const char *actor, GError **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!check_actor (actor, error) || !check_can_verify (store, lockout_s, &hash, error))
    return FALSE;
  return record_verdict (store, kiosk_operator_pin_hash_matches (hash, pin), lockout_s, actor,
                         error);
}

typedef struct
{
  KioskStore *store;
  const char *hash;
  const char *actor;
} SetData;

static gboolean
set_tx (KioskDb *db, gpointer user_data, GError **error)
{
  SetData *data = user_data;

  return kiosk_store_setting_set (data->store, KIOSK_OPERATOR_PIN_SETTING, data->hash, data->actor,
                                  error)
         && kiosk_store_audit_append (data->store, data->actor, ACTION_SET,
                                      "operator PIN set (yescrypt hash)", error)
                > 0;
}

static gboolean
store_hash (KioskStore *store, const char *hash, const char *actor, GError **error)
{
  SetData data = { store, hash, actor };

  if (!kiosk_db_transaction (kiosk_store_get_db (store), set_tx, &data, error))
    return FALSE;
  g_info ("technician: operator PIN set by %s", actor);
  return TRUE;
}

gboolean
kiosk_operator_pin_set (KioskStore *store, const char *pin, const char *actor, GError **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!check_actor (actor, error) || !kiosk_operator_pin_check_strength (pin, error))
    return FALSE;
  hash = kiosk_operator_pin_hash (pin, error);
  return hash != NULL && store_hash (store, hash, actor, error);
}

/* ---- asynchronous: hash in a thread, store in the caller's context ------- */

typedef struct
{
  char *pin;
  char *hash; /* verify: the stored hash; set: the new one */
  char *actor;
  guint lockout_s;
  gboolean matches;
} PinJob;

static void
pin_job_free (gpointer data)
{
  PinJob *job = data;

  wipe_string (job->pin);
  g_free (job->hash);
  g_free (job->actor);
  g_free (job);
}

static void
verify_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PinJob *job = data;

  job->matches = kiosk_operator_pin_hash_matches (job->hash, job->pin);
  g_task_return_boolean (task, TRUE);
}

static void
set_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PinJob *job = data;
  GError *error = NULL;

  g_clear_pointer (&job->hash, g_free);
  job->hash = kiosk_operator_pin_hash (job->pin, &error);
  if (job->hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Back in the caller's context: the store writes, then the caller's task. */
static void
worker_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  KioskStore *store = KIOSK_STORE (source);
  PinJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gboolean ok;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  if (g_task_get_source_tag (outer) == kiosk_operator_pin_verify_async)
    ok = record_verdict (store, job->matches, job->lockout_s, job->actor, &error);
  else
    ok = store_hash (store, job->hash, job->actor, &error);
  if (ok)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

static void
run_job (GTask *outer, KioskStore *store, PinJob *job, GTaskThreadFunc func)
{
  g_autoptr (GTask) worker = g_task_new (store, NULL, worker_done, outer);

  /* Not cancellable once started: a verdict that was computed is recorded. */
  g_task_set_task_data (worker, job, pin_job_free);
  g_task_run_in_thread (worker, func);
}

void
kiosk_operator_pin_verify_async (KioskStore *store,
                                 const char *pin,
                                 guint lockout_s,
                                 const char *actor,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *hash = NULL;
  GError *error = NULL;
  PinJob *job;

  g_return_if_fail (KIOSK_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_operator_pin_verify_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!check_actor (actor, &error) || !check_can_verify (store, lockout_s, &hash, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job = g_new0 (PinJob, 1);
  job->pin = g_strdup (pin != NULL ? pin : "");
  job->hash = g_steal_pointer (&hash);
  job->actor = g_strdup (actor);
  job->lockout_s = lockout_s;
  run_job (g_steal_pointer (&task), store, job, verify_thread);
}

gboolean
kiosk_operator_pin_verify_finish (KioskStore *store, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kiosk_operator_pin_set_async (KioskStore *store,
                              const char *pin,
                              const char *actor,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  PinJob *job;

  g_return_if_fail (KIOSK_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_operator_pin_set_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!check_actor (actor, &error) || !kiosk_operator_pin_check_strength (pin, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job = g_new0 (PinJob, 1);
  job->pin = g_strdup (pin);
  job->actor = g_strdup (actor);
  run_job (g_steal_pointer (&task), store, job, set_thread);
}

gboolean
kiosk_operator_pin_set_finish (KioskStore *store, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
