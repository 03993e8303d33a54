/* kiosk-center.c — the KioskCenter interface: typed calls over one request/reply pair */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-center.h"

#include <stdarg.h>
#include <string.h>

#include "kiosk-audit-head.h"
#include "kiosk-center-sim.h"
#include "kiosk-center-wire.h"
#include "kiosk-policy.h"

/* ---- error domain: REFUSED carries the KioskRefusal ---- */

typedef struct
{
  KioskRefusal *refusal;
} KioskCenterErrorPrivate;

static void
kiosk_center_error_private_init (KioskCenterErrorPrivate *priv)
{
  /* The accessor G_DEFINE_EXTENDED_ERROR makes may return NULL; the compiler
   * (-Werror=null-dereference) wants that checked. */
  if (priv != NULL)
    priv->refusal = NULL;
}

static void
kiosk_center_error_private_copy (const KioskCenterErrorPrivate *src, KioskCenterErrorPrivate *dest)
{
  if (src != NULL && dest != NULL)
    dest->refusal = src->refusal != NULL ? kiosk_refusal_copy (src->refusal) : NULL;
}

static void
kiosk_center_error_private_clear (KioskCenterErrorPrivate *priv)
{
  if (priv != NULL)
    g_clear_pointer (&priv->refusal, kiosk_refusal_free);
}

G_DEFINE_EXTENDED_ERROR (KioskCenterError, kiosk_center_error)

const KioskRefusal *
kiosk_center_error_get_refusal (const GError *error)
{
  KioskCenterErrorPrivate *priv;

  if (error == NULL || !g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_REFUSED))
    return NULL;
  priv = kiosk_center_error_get_private (error);
  return priv != NULL ? priv->refusal : NULL;
}

void
kiosk_center_set_refused_error (GError **error, const KioskRefusal *refusal)
{
  GError *e;
  KioskCenterErrorPrivate *priv;

  g_return_if_fail (refusal != NULL);

  if (error == NULL)
    return;
  e = g_error_new (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_REFUSED, "R%d: %s", refusal->rule,
                   refusal->message);
  priv = kiosk_center_error_get_private (e);
  if (priv != NULL)
    priv->refusal = kiosk_refusal_copy (refusal);
  g_propagate_error (error, e);
}

/* ---- names ---- */

static const char *const call_names[] = {
  [KIOSK_CENTER_CALL_LOOKUP_PERSON] = "lookup_person",
  [KIOSK_CENTER_CALL_GET_PROGRESS] = "get_progress",
  [KIOSK_CENTER_CALL_TEMPORARY_LOSS] = "temporary_loss",
  [KIOSK_CENTER_CALL_FORMAL_LOSS] = "formal_loss",
  [KIOSK_CENTER_CALL_UNBLOCK] = "unblock",
  [KIOSK_CENTER_CALL_APPLY_GREEN_CHANNEL] = "apply_green_channel",
  [KIOSK_CENTER_CALL_REPORT_RESULT] = "report_result",
  [KIOSK_CENTER_CALL_CANCEL_APPLICATION] = "cancel_application",
  [KIOSK_CENTER_CALL_TEMPORARY_CARD] = "temporary_card",
  [KIOSK_CENTER_CALL_VERIFY_FACE] = "verify_face",
  [KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT] = "resubmit_pre_account",
  [KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD] = "report_temporary_card",
  [KIOSK_CENTER_CALL_AUDIT_WITNESSES] = "audit_witnesses",
};

G_STATIC_ASSERT (G_N_ELEMENTS (call_names) == KIOSK_CENTER_CALL_LAST + 1);

const char *
kiosk_center_call_to_string (KioskCenterCall call)
{
  g_return_val_if_fail ((guint) call <= KIOSK_CENTER_CALL_LAST, NULL);
  return call_names[call];
}

gboolean
kiosk_center_call_from_string (const char *text, KioskCenterCall *out_call)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (call_names); i++)
    if (g_str_equal (text, call_names[i]))
      {
        if (out_call != NULL)
          *out_call = (KioskCenterCall) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
kiosk_center_call_is_effect (KioskCenterCall call)
{
  switch (call)
    {
      case KIOSK_CENTER_CALL_LOOKUP_PERSON:
      case KIOSK_CENTER_CALL_GET_PROGRESS:
      case KIOSK_CENTER_CALL_VERIFY_FACE:
      case KIOSK_CENTER_CALL_AUDIT_WITNESSES:
        return FALSE;
      case KIOSK_CENTER_CALL_TEMPORARY_LOSS:
      case KIOSK_CENTER_CALL_FORMAL_LOSS:
      case KIOSK_CENTER_CALL_UNBLOCK:
      case KIOSK_CENTER_CALL_APPLY_GREEN_CHANNEL:
      case KIOSK_CENTER_CALL_REPORT_RESULT:
      case KIOSK_CENTER_CALL_CANCEL_APPLICATION:
      case KIOSK_CENTER_CALL_TEMPORARY_CARD:
      case KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT:
      case KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD:
      default:
        return TRUE;
    }
}

const char *
kiosk_center_result_to_string (KioskCenterResult result)
{
  switch (result)
    {
      case KIOSK_CENTER_RESULT_ISSUED:
        return "issued";
      case KIOSK_CENTER_RESULT_SPOILED:
        return "spoiled";
      default:
        g_return_val_if_reached (NULL);
    }
}

gboolean
kiosk_center_result_from_string (const char *text, KioskCenterResult *out_result)
{
  KioskCenterResult result;

  if (g_strcmp0 (text, "issued") == 0)
    result = KIOSK_CENTER_RESULT_ISSUED;
  else if (g_strcmp0 (text, "spoiled") == 0)
    result = KIOSK_CENTER_RESULT_SPOILED;
  else
    return FALSE;
  if (out_result != NULL)
    *out_result = result;
  return TRUE;
}

/* ---- the interface ---- */

G_DEFINE_INTERFACE (KioskCenter, kiosk_center, G_TYPE_OBJECT)

static void
kiosk_center_default_init (KioskCenterInterface *iface)
{
}

gboolean
kiosk_center_id_number_is_valid (const char *id_number)
{
  return kiosk_center_wire_id_number_is_valid (id_number);
}

KioskCenter *
kiosk_center_new_from_config (const KioskConfig *config, GError **error)
{
  g_autoptr (KioskPolicy) policy = NULL;
  KioskCenterSim *sim;

  g_return_val_if_fail (config != NULL, NULL);

  if (g_strcmp0 (config->center_driver, "simulator") != 0)
    {
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE,
                   "[center] driver=%s is not available (only \"simulator\" is built)",
                   config->center_driver != NULL ? config->center_driver : "");
      return NULL;
    }
  if (config->keyfile != NULL)
    policy = kiosk_policy_load (config->keyfile, error);
  else
    policy = kiosk_policy_new_default ();
  if (policy == NULL)
    return NULL;
  sim = kiosk_center_sim_new (config->center_sim_db, policy, error);
  if (sim == NULL)
    return NULL;
  kiosk_center_sim_set_latency (sim, config->center_latency_ms);
  return KIOSK_CENTER (sim);
}

/* Keys are short printable ASCII, so that they can be journaled, logged and
 * sent anywhere as they are. */
#define MAX_KEY_LEN 200

static gboolean
check_key (const char *key, GError **error)
{
  if (key == NULL || key[0] == '\0')
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                           "every center call needs an idempotency key");
      return FALSE;
    }
  if (strlen (key) > MAX_KEY_LEN)
    {
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                   "an idempotency key has at most %d characters", MAX_KEY_LEN);
      return FALSE;
    }
  for (const char *p = key; *p != '\0'; p++)
    if (*p <= ' ' || *p > '~')
      {
        g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                             "an idempotency key is printable ASCII without spaces");
        return FALSE;
      }
  return TRUE;
}

void
kiosk_center_call_async (KioskCenter *center,
                         KioskCenterCall call,
                         const char *idempotency_key,
                         GVariant *request,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  KioskCenterInterface *iface;
  GError *error = NULL;
  g_autoptr (GVariant) owned = NULL;

  g_return_if_fail (KIOSK_IS_CENTER (center));
  g_return_if_fail (request != NULL);
  g_return_if_fail ((guint) call <= KIOSK_CENTER_CALL_LAST);

  owned = g_variant_ref_sink (request);
  if (!check_key (idempotency_key, &error) || !g_variant_is_of_type (owned, G_VARIANT_TYPE_VARDICT))
    {
      if (error == NULL)
        error = g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                     "a center request is a dictionary (a{sv})");
      g_task_report_error (center, callback, user_data, kiosk_center_call_async, error);
      return;
    }
  iface = KIOSK_CENTER_GET_IFACE (center);
  iface->call_async (center, call, idempotency_key, owned, cancellable, callback, user_data);
}

GVariant *
kiosk_center_call_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CENTER (center), NULL);

  if (g_async_result_is_tagged (result, kiosk_center_call_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return KIOSK_CENTER_GET_IFACE (center)->call_finish (center, result, error);
}

/* ---- typed calls: build the request, decode the reply ---- */

static void
call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskCenter *center = KIOSK_CENTER (source);
  KioskCenterCall call = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr (GVariant) reply = NULL;
  GError *error = NULL;

  reply = kiosk_center_call_finish (center, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE_VARDICT))
    {
      g_task_return_new_error (task, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY,
                               "the center's reply is not a dictionary");
      return;
    }
  if (kiosk_center_wire_reply_is_refusal (reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  switch (call)
    {
      case KIOSK_CENTER_CALL_LOOKUP_PERSON:
        {
          KioskPerson *person = kiosk_center_wire_person_from_variant (reply, &error);

          if (person == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, person, (GDestroyNotify) kiosk_person_free);
        }
        break;
      case KIOSK_CENTER_CALL_GET_PROGRESS:
      case KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT:
        {
          KioskProgress *progress = kiosk_center_wire_progress_from_variant (reply, &error);

          if (progress == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, progress, (GDestroyNotify) kiosk_progress_free);
        }
        break;
      case KIOSK_CENTER_CALL_TEMPORARY_LOSS:
      case KIOSK_CENTER_CALL_FORMAL_LOSS:
      case KIOSK_CENTER_CALL_UNBLOCK:
      case KIOSK_CENTER_CALL_TEMPORARY_CARD:
        {
          KioskCard *card = kiosk_center_wire_card_from_variant (reply, &error);

          if (card == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, card, (GDestroyNotify) kiosk_card_free);
        }
        break;
      case KIOSK_CENTER_CALL_APPLY_GREEN_CHANNEL:
        {
          KioskCenterApplication *app = kiosk_center_wire_application_from_variant (reply, &error);

          if (app == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, app, (GDestroyNotify) kiosk_center_application_free);
        }
        break;
      case KIOSK_CENTER_CALL_REPORT_RESULT:
      case KIOSK_CENTER_CALL_CANCEL_APPLICATION:
      case KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD:
        {
          gboolean ack = FALSE;

          if (!g_variant_lookup (reply, "acknowledged", "b", &ack) || !ack)
            g_task_return_new_error (task, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY,
                                     "the center did not acknowledge");
          else
            g_task_return_boolean (task, TRUE);
        }
        break;
      case KIOSK_CENTER_CALL_VERIFY_FACE:
        {
          double score = -1;

          if (!g_variant_lookup (reply, "score", "d", &score) || !(score >= 0.0 && score <= 1.0))
            g_task_return_new_error (task, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY,
                                     "the center's face score is missing or not in 0…1");
          else
            g_task_return_pointer (task, g_memdup2 (&score, sizeof score), g_free);
        }
        break;
      case KIOSK_CENTER_CALL_AUDIT_WITNESSES:
        {
          GStrv heads = kiosk_center_wire_audit_witnesses_from_variant (reply, &error);

          if (heads == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, heads, (GDestroyNotify) g_strfreev);
        }
        break;
      default:
        g_task_return_new_error (task, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY,
                                 "unknown call");
        break;
    }
}

static void
start_call (KioskCenter *center,
            KioskCenterCall call,
            const char *idempotency_key,
            GVariant *request,
            GError *early_error,
            gpointer source_tag,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  GTask *task = g_task_new (center, cancellable, callback, user_data);
  g_autoptr (GVariant) owned = request != NULL ? g_variant_ref_sink (request) : NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GUINT_TO_POINTER (call), NULL);
  /* Report what the center answered even if the caller cancelled after the
   * call reached it: the answer is a fact the caller must not lose. */
  g_task_set_check_cancellable (task, FALSE);

  if (early_error != NULL)
    {
      g_task_return_error (task, early_error);
      g_object_unref (task);
      return;
    }
  kiosk_center_call_async (center, call, idempotency_key, owned, cancellable, call_done, task);
}

static GError *
check_id_number (const char *id_number)
{
  if (!kiosk_center_wire_id_number_is_valid (id_number))
    return g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                "not an 18-character ID number with a valid check digit");
  return NULL;
}

static GVariant *
dict_new (const char *key, const char *value, ...)
{
  GVariantBuilder b;
  va_list args;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  va_start (args, value);
  while (key != NULL)
    {
      if (value != NULL)
        g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (value));
      key = va_arg (args, const char *);
      if (key != NULL)
        value = va_arg (args, const char *);
    }
  va_end (args);
  return g_variant_builder_end (&b);
}

void
kiosk_center_lookup_person_async (KioskCenter *center,
                                  const char *idempotency_key,
                                  const char *id_number,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  GError *error = check_id_number (id_number);

  start_call (center, KIOSK_CENTER_CALL_LOOKUP_PERSON, idempotency_key,
              error == NULL ? dict_new ("id_number", id_number, NULL) : NULL, error,
              kiosk_center_lookup_person_async, cancellable, callback, user_data);
}

static gpointer
finish_pointer (KioskCenter *center, GAsyncResult *result, gpointer tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, center), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, tag), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

KioskPerson *
kiosk_center_lookup_person_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_lookup_person_async, error);
}

void
kiosk_center_get_progress_async (KioskCenter *center,
                                 const char *idempotency_key,
                                 const char *id_number,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GError *error = check_id_number (id_number);

  start_call (center, KIOSK_CENTER_CALL_GET_PROGRESS, idempotency_key,
              error == NULL ? dict_new ("id_number", id_number, NULL) : NULL, error,
              kiosk_center_get_progress_async, cancellable, callback, user_data);
}

KioskProgress *
kiosk_center_get_progress_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_get_progress_async, error);
}

static GError *
check_card_number (const char *card_number)
{
  /* NULL means "the current card"; anything given must be well formed. */
  if (card_number != NULL && (strlen (card_number) != 9 || !g_str_is_ascii (card_number)))
    return g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                "a card number has 9 characters");
  return NULL;
}

static void
card_call (KioskCenter *center,
           KioskCenterCall call,
           const char *idempotency_key,
           const char *id_number,
           const char *card_number,
           GVariant *extra_functions,
           gpointer tag,
           GCancellable *cancellable,
           GAsyncReadyCallback callback,
           gpointer user_data)
{
  GError *error = check_id_number (id_number);
  GVariant *request = NULL;

  if (error == NULL)
    error = check_card_number (card_number);
  if (error == NULL)
    {
      GVariantBuilder b;

      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "id_number", g_variant_new_string (id_number));
      if (card_number != NULL)
        g_variant_builder_add (&b, "{sv}", "card_number", g_variant_new_string (card_number));
      if (extra_functions != NULL)
        g_variant_builder_add (&b, "{sv}", "functions", extra_functions);
      request = g_variant_builder_end (&b);
    }
  else if (extra_functions != NULL)
    g_variant_unref (g_variant_ref_sink (extra_functions));
  start_call (center, call, idempotency_key, request, error, tag, cancellable, callback, user_data);
}

void
kiosk_center_temporary_loss_async (KioskCenter *center,
                                   const char *idempotency_key,
                                   const char *id_number,
                                   const char *card_number,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  card_call (center, KIOSK_CENTER_CALL_TEMPORARY_LOSS, idempotency_key, id_number, card_number,
             NULL, kiosk_center_temporary_loss_async, cancellable, callback, user_data);
}

KioskCard *
kiosk_center_temporary_loss_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_temporary_loss_async, error);
}

void
kiosk_center_formal_loss_async (KioskCenter *center,
                                const char *idempotency_key,
                                const char *id_number,
                                const char *card_number,
                                KioskCardFunction functions,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GVariantBuilder b;

  if ((functions & ~KIOSK_CARD_FUNCTION_BOTH) != 0 || functions == 0)
    {
      start_call (center, KIOSK_CENTER_CALL_FORMAL_LOSS, idempotency_key, NULL,
                  g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                       "a formal loss names the social function, the financial "
                                       "function or both"),
                  kiosk_center_formal_loss_async, cancellable, callback, user_data);
      return;
    }
  g_variant_builder_init (&b, G_VARIANT_TYPE_STRING_ARRAY);
  if (functions & KIOSK_CARD_FUNCTION_SOCIAL)
    g_variant_builder_add (&b, "s", "social");
  if (functions & KIOSK_CARD_FUNCTION_FINANCIAL)
    g_variant_builder_add (&b, "s", "financial");
  card_call (center, KIOSK_CENTER_CALL_FORMAL_LOSS, idempotency_key, id_number, card_number,
             g_variant_builder_end (&b), kiosk_center_formal_loss_async, cancellable, callback,
             user_data);
}

KioskCard *
kiosk_center_formal_loss_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_formal_loss_async, error);
}

void
kiosk_center_unblock_async (KioskCenter *center,
                            const char *idempotency_key,
                            const char *id_number,
                            const char *card_number,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  card_call (center, KIOSK_CENTER_CALL_UNBLOCK, idempotency_key, id_number, card_number, NULL,
             kiosk_center_unblock_async, cancellable, callback, user_data);
}

KioskCard *
kiosk_center_unblock_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_unblock_async, error);
}

void
kiosk_center_apply_green_channel_async (KioskCenter *center,
                                        const char *idempotency_key,
                                        const KioskCenterApplicationRequest *request,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  GError *error = NULL;
  GVariantBuilder b;
  GVariant *dict = NULL;

  if (request == NULL)
    error = g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID, "no application");
  else
    error = check_id_number (request->id_number);
  if (error == NULL
      && (request->name == NULL || request->name[0] == '\0'
          || !g_utf8_validate (request->name, -1, NULL)))
    error = g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                 "an application needs the name");
  if (error == NULL)
    {
      const char *const optional[][2] = {
        { "nation", request->nation },
        { "phone", request->phone },
        { "postal_code", request->postal_code },
        { "address", request->address },
        { "bank", request->bank },
      };

      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "id_number", g_variant_new_string (request->id_number));
      g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (request->name));
      for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
        if (optional[i][1] != NULL)
          {
            if (!g_utf8_validate (optional[i][1], -1, NULL))
              {
                error = g_error_new (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                     "the application's %s is not UTF-8", optional[i][0]);
                break;
              }
            g_variant_builder_add (&b, "{sv}", optional[i][0],
                                   g_variant_new_string (optional[i][1]));
          }
      if (request->photo != NULL)
        g_variant_builder_add (
            &b, "{sv}", "photo",
            g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, request->photo, TRUE));
      dict = g_variant_builder_end (&b);
      if (error != NULL)
        g_clear_pointer (&dict, g_variant_unref);
    }
  start_call (center, KIOSK_CENTER_CALL_APPLY_GREEN_CHANNEL, idempotency_key, dict, error,
              kiosk_center_apply_green_channel_async, cancellable, callback, user_data);
}

KioskCenterApplication *
kiosk_center_apply_green_channel_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_apply_green_channel_async, error);
}

static GError *
check_application_id (const char *application_id)
{
  if (application_id == NULL || application_id[0] == '\0' || strlen (application_id) > 64
      || !g_str_is_ascii (application_id))
    return g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                "no application ID");
  return NULL;
}

/* A production result: issued, or spoiled at a named step. */
static GError *
check_result (KioskCenterResult result, const char *spoiled_step)
{
  if (result != KIOSK_CENTER_RESULT_ISSUED && result != KIOSK_CENTER_RESULT_SPOILED)
    return g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                "a result is issued or spoiled");
  if (result == KIOSK_CENTER_RESULT_SPOILED
      && (spoiled_step == NULL || spoiled_step[0] == '\0'
          || !g_utf8_validate (spoiled_step, -1, NULL)))
    return g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                "a spoiled card names the step at which it stopped");
  return NULL;
}

static GError *
check_audit_head (const char *audit_head)
{
  if (audit_head != NULL && !kiosk_audit_head_parse (audit_head, NULL, NULL))
    return g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                "an audit head is seq:hash (64 hex digits)");
  return NULL;
}

void
kiosk_center_report_result_async (KioskCenter *center,
                                  const char *idempotency_key,
                                  const char *application_id,
                                  KioskCenterResult result,
                                  const char *spoiled_step,
                                  const char *audit_head,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  GError *error = check_application_id (application_id);
  GVariant *request = NULL;

  if (error == NULL)
    error = check_result (result, spoiled_step);
  if (error == NULL)
    error = check_audit_head (audit_head);
  if (error == NULL)
    request = dict_new ("application_id", application_id, "result",
                        kiosk_center_result_to_string (result), "audit_head", audit_head,
                        "spoiled_step", result == KIOSK_CENTER_RESULT_SPOILED ? spoiled_step : NULL,
                        NULL);
  start_call (center, KIOSK_CENTER_CALL_REPORT_RESULT, idempotency_key, request, error,
              kiosk_center_report_result_async, cancellable, callback, user_data);
}

gboolean
kiosk_center_report_result_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, center), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kiosk_center_cancel_application_async (KioskCenter *center,
                                       const char *idempotency_key,
                                       const char *application_id,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  GError *error = check_application_id (application_id);

  start_call (center, KIOSK_CENTER_CALL_CANCEL_APPLICATION, idempotency_key,
              error == NULL ? dict_new ("application_id", application_id, NULL) : NULL, error,
              kiosk_center_cancel_application_async, cancellable, callback, user_data);
}

gboolean
kiosk_center_cancel_application_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, center), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kiosk_center_issue_temporary_card_async (KioskCenter *center,
                                         const char *idempotency_key,
                                         const char *id_number,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  GError *error = check_id_number (id_number);

  start_call (center, KIOSK_CENTER_CALL_TEMPORARY_CARD, idempotency_key,
              error == NULL ? dict_new ("id_number", id_number, NULL) : NULL, error,
              kiosk_center_issue_temporary_card_async, cancellable, callback, user_data);
}

KioskCard *
kiosk_center_issue_temporary_card_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_issue_temporary_card_async, error);
}

/* A live photo larger than this is not a camera frame (ARCHITECTURE.md: the
 * card photo is 14–50 KB). */
#define MAX_LIVE_PHOTO (4 * 1024 * 1024)

void
kiosk_center_verify_face_async (KioskCenter *center,
                                const char *idempotency_key,
                                const char *id_number,
                                GBytes *live_photo,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GError *error = check_id_number (id_number);
  GVariant *request = NULL;

  if (error == NULL
      && (live_photo == NULL || g_bytes_get_size (live_photo) == 0
          || g_bytes_get_size (live_photo) > MAX_LIVE_PHOTO))
    error = g_error_new (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                         "a live photo has 1 to %d bytes", MAX_LIVE_PHOTO);
  if (error == NULL)
    {
      GVariantBuilder b;

      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "id_number", g_variant_new_string (id_number));
      g_variant_builder_add (
          &b, "{sv}", "photo",
          g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, live_photo, TRUE));
      request = g_variant_builder_end (&b);
    }
  start_call (center, KIOSK_CENTER_CALL_VERIFY_FACE, idempotency_key, request, error,
              kiosk_center_verify_face_async, cancellable, callback, user_data);
}

gboolean
kiosk_center_verify_face_finish (KioskCenter *center,
                                 GAsyncResult *result,
                                 double *out_score,
                                 GError **error)
{
  g_autofree double *score = NULL;

  score = finish_pointer (center, result, kiosk_center_verify_face_async, error);
  if (score == NULL)
    return FALSE;
  if (out_score != NULL)
    *out_score = *score;
  return TRUE;
}

/* A phone number as typed is short ASCII; whether it is a valid number is
 * the center's check (R3), as the bank's would be. */
#define MAX_PHONE_LEN 32

void
kiosk_center_resubmit_pre_account_async (KioskCenter *center,
                                         const char *idempotency_key,
                                         const char *id_number,
                                         const char *card_number,
                                         const char *phone,
                                         GBytes *photo,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  GError *error = check_id_number (id_number);
  GVariant *request = NULL;

  if (error == NULL)
    error = check_card_number (card_number);
  if (error == NULL && phone == NULL && photo == NULL)
    error = g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                 "a resubmission corrects the phone or the photo");
  if (error == NULL && phone != NULL
      && (phone[0] == '\0' || strlen (phone) > MAX_PHONE_LEN || !g_str_is_ascii (phone)))
    error = g_error_new (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                         "a corrected phone is 1 to %d ASCII characters", MAX_PHONE_LEN);
  if (error == NULL && photo != NULL
      && (g_bytes_get_size (photo) == 0 || g_bytes_get_size (photo) > MAX_LIVE_PHOTO))
    error = g_error_new (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                         "a corrected photo has 1 to %d bytes", MAX_LIVE_PHOTO);
  if (error == NULL)
    {
      GVariantBuilder b;

      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "id_number", g_variant_new_string (id_number));
      if (card_number != NULL)
        g_variant_builder_add (&b, "{sv}", "card_number", g_variant_new_string (card_number));
      if (phone != NULL)
        g_variant_builder_add (&b, "{sv}", "phone", g_variant_new_string (phone));
      if (photo != NULL)
        g_variant_builder_add (&b, "{sv}", "photo",
                               g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, photo, TRUE));
      request = g_variant_builder_end (&b);
    }
  start_call (center, KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT, idempotency_key, request, error,
              kiosk_center_resubmit_pre_account_async, cancellable, callback, user_data);
}

KioskProgress *
kiosk_center_resubmit_pre_account_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_resubmit_pre_account_async, error);
}

void
kiosk_center_report_temporary_card_async (KioskCenter *center,
                                          const char *idempotency_key,
                                          const char *id_number,
                                          const char *card_number,
                                          KioskCenterResult result,
                                          const char *spoiled_step,
                                          const char *audit_head,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  GError *error = check_id_number (id_number);
  GVariant *request = NULL;

  if (error == NULL && card_number == NULL)
    error = g_error_new_literal (KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID,
                                 "a temporary card's result names the card");
  if (error == NULL)
    error = check_card_number (card_number);
  if (error == NULL)
    error = check_result (result, spoiled_step);
  if (error == NULL)
    error = check_audit_head (audit_head);
  if (error == NULL)
    request = dict_new ("id_number", id_number, "card_number", card_number, "result",
                        kiosk_center_result_to_string (result), "audit_head", audit_head,
                        "spoiled_step", result == KIOSK_CENTER_RESULT_SPOILED ? spoiled_step : NULL,
                        NULL);
  start_call (center, KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD, idempotency_key, request, error,
              kiosk_center_report_temporary_card_async, cancellable, callback, user_data);
}

gboolean
kiosk_center_report_temporary_card_finish (KioskCenter *center,
                                           GAsyncResult *result,
                                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, center), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, kiosk_center_report_temporary_card_async),
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kiosk_center_audit_witnesses_async (KioskCenter *center,
                                    const char *idempotency_key,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  start_call (center, KIOSK_CENTER_CALL_AUDIT_WITNESSES, idempotency_key, dict_new (NULL, NULL),
              NULL, kiosk_center_audit_witnesses_async, cancellable, callback, user_data);
}

GStrv
kiosk_center_audit_witnesses_finish (KioskCenter *center, GAsyncResult *result, GError **error)
{
  return finish_pointer (center, result, kiosk_center_audit_witnesses_async, error);
}
