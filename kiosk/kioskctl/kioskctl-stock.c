/* kioskctl-stock.c — `kioskctl stock load|list|spoil|confirm|reconcile`: the blank cards
 *
 * The technician's card-stock tasks (kiosk-card-stock.h) over SSH. `load`
 * and `reconcile` ask the card transport (only it is built from [devices])
 * for its counters; with the simulated transport, `load` also refills its
 * hopper, standing in for the technician's hands.
 *
 * Exit codes: 0 done (reconcile: balanced) · 1 refused (a bad serial, a card
 * in the wrong state, reconcile: a difference) · 2 usage · 3 no database or
 * no card transport.
 */
#define G_LOG_DOMAIN "kioskctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-card-feeder-sim.h"
#include "kiosk-card-stock.h"
#include "kiosk-device-driver.h"
#include "kiosk-uncertain-report.h"
#include "kioskctl.h"

#define USAGE                                                                                      \
  "usage: kioskctl stock list [--state STATE|--cards] | stock load FIRST-SERIAL COUNT |\n"         \
  "       stock spoil SERIAL REASON… | stock confirm SERIAL REASON… | stock reconcile"

static void
state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The transport's state, with the transport itself (or NULL when [devices]
 * has none). */
static KioskCardFeederState *
query_transport (KioskctlContext *ctx, KioskDeviceManager **out_devices, GError **error)
{
  static const char *const names[] = { "cardfeed", NULL };
  g_autoptr (KioskDeviceManager) devices = kioskctl_open_devices (ctx, names, error);
  g_autoptr (GAsyncResult) result = NULL;
  KioskDevice *feeder;
  KioskCardFeederState *state;

  if (devices == NULL)
    return NULL;
  feeder = kiosk_device_manager_get_device_by_kind (devices, KIOSK_DEVICE_KIND_CARD_FEEDER);
  if (feeder == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "没有配置卡片传送装置 (no cardfeed_driver in [devices])");
      return NULL;
    }
  kiosk_card_feeder_query_state_async (KIOSK_CARD_FEEDER (feeder), NULL, state_cb, &result);
  kiosk_device_wait_result (&result);
  state = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (feeder), result, error);
  if (state != NULL && out_devices != NULL)
    *out_devices = g_steal_pointer (&devices);
  return state;
}

static void
json_member (GString *out, gboolean first, const char *key, const char *value)
{
  if (!first)
    g_string_append_c (out, ',');
  kioskctl_json_escape (out, key);
  g_string_append_c (out, ':');
  if (value == NULL)
    g_string_append (out, "null");
  else
    kioskctl_json_escape (out, value);
}

static void
json_counts (GString *out, const gint64 counts[KIOSK_CARD_N_STATES])
{
  g_string_append_c (out, '{');
  for (int s = 0; s < KIOSK_CARD_N_STATES; s++)
    g_string_append_printf (out, "%s\"%s\":%" G_GINT64_FORMAT, s ? "," : "",
                            kiosk_card_state_to_string (s), counts[s]);
  g_string_append_c (out, '}');
}

static void
print_counts (const gint64 counts[KIOSK_CARD_N_STATES])
{
  printf ("在库 in stock %" G_GINT64_FORMAT " · 机内 in machine %" G_GINT64_FORMAT
          " · 已发 issued %" G_GINT64_FORMAT " · 作废 spoiled %" G_GINT64_FORMAT
          " · 待确认 uncertain %" G_GINT64_FORMAT "\n",
          counts[KIOSK_CARD_IN_STOCK], counts[KIOSK_CARD_IN_MACHINE], counts[KIOSK_CARD_ISSUED],
          counts[KIOSK_CARD_SPOILED], counts[KIOSK_CARD_UNCERTAIN]);
}

/* ---- load -------------------------------------------------------------------------- */

static int
stock_load (KioskctlContext *ctx, const char *first_serial, const char *count_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (KioskDeviceManager) devices = NULL;
  g_autoptr (KioskCardFeederState) state = NULL;
  g_autofree char *actor = kioskctl_actor ();
  guint64 count;
  gint64 batch;

  if (!g_ascii_string_to_unsigned (count_text, 10, 0, G_MAXUINT, &count, NULL))
    return kioskctl_usage_error ("COUNT: a number of cards, not “%s”", count_text);
  store = kioskctl_open_store (ctx, TRUE, &error);
  if (store == NULL)
    return kioskctl_fail_error (ctx, error);
  /* The cards first: a refused batch touches no device. */
  batch = kiosk_store_stock_load_batch (store, first_serial, (guint) count, actor, &error);
  if (batch <= 0)
    return kioskctl_fail_error (ctx, error);
  if (g_key_file_has_key (ctx->config->keyfile, "devices", "cardfeed_driver", NULL))
    {
      state = query_transport (ctx, &devices, &error);
      if (state == NULL || !kiosk_card_stock_record_baseline (store, state, actor, NULL, &error))
        fprintf (stderr,
                 "kioskctl: 未记录卡片传送装置的计数基准 (no baseline of the card "
                 "transport's counters recorded): %s\n",
                 error->message);
    }
  if (devices != NULL)
    {
      KioskDevice *feeder
          = kiosk_device_manager_get_device_by_kind (devices, KIOSK_DEVICE_KIND_CARD_FEEDER);

      if (KIOSK_IS_CARD_FEEDER_SIM (feeder))
        kiosk_card_feeder_sim_refill (KIOSK_CARD_FEEDER_SIM (feeder), (guint) count);
      kiosk_device_manager_shutdown (devices);
    }
  if (ctx->json)
    printf ("{\"ok\":true,\"batch\":%" G_GINT64_FORMAT ",\"count\":%" G_GUINT64_FORMAT "}\n", batch,
            count);
  else
    printf ("已登记批次 %" G_GINT64_FORMAT " (batch loaded): %" G_GUINT64_FORMAT " cards from %s\n",
            batch, count, first_serial);
  return KIOSKCTL_EXIT_OK;
}

/* ---- list -------------------------------------------------------------------------- */

static int
stock_list (KioskctlContext *ctx, int state, gboolean cards)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = kioskctl_open_store (ctx, FALSE, &error);
  g_autoptr (GPtrArray) batches = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"counts\":");
  gint64 counts[KIOSK_CARD_N_STATES];

  if (store == NULL || !kiosk_store_stock_counts (store, counts, &error)
      || (batches = kiosk_card_stock_list_batches (store, &error)) == NULL
      || (cards && (list = kiosk_store_stock_list (store, state, &error)) == NULL))
    return kioskctl_fail_error (ctx, error);

  if (!ctx->json)
    {
      print_counts (counts);
      for (guint i = 0; i < batches->len; i++)
        {
          const KioskStockBatch *b = g_ptr_array_index (batches, i);

          printf ("  批次 batch %-4" G_GINT64_FORMAT " %s…%s  %" G_GINT64_FORMAT
                  " cards, %" G_GINT64_FORMAT " in stock\n",
                  b->id, b->first_serial, b->last_serial, b->count, b->counts[KIOSK_CARD_IN_STOCK]);
        }
      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          const KioskStockCard *c = g_ptr_array_index (list, i);

          printf ("%-20s %-10s %-36s %s\n", c->serial, kiosk_card_state_to_string (c->state),
                  c->session ? c->session : "-", c->reason ? c->reason : "");
        }
      return KIOSKCTL_EXIT_OK;
    }

  json_counts (out, counts);
  g_string_append (out, ",\"batches\":[");
  for (guint i = 0; i < batches->len; i++)
    {
      const KioskStockBatch *b = g_ptr_array_index (batches, i);

      g_string_append_printf (out, "%s{\"id\":%" G_GINT64_FORMAT ",", i ? "," : "", b->id);
      json_member (out, TRUE, "first_serial", b->first_serial);
      json_member (out, FALSE, "last_serial", b->last_serial);
      g_string_append_printf (out, ",\"count\":%" G_GINT64_FORMAT ",\"counts\":", b->count);
      json_counts (out, b->counts);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  if (list != NULL)
    {
      g_string_append (out, ",\"cards\":[");
      for (guint i = 0; i < list->len; i++)
        {
          const KioskStockCard *c = g_ptr_array_index (list, i);

          g_string_append (out, i ? ",{" : "{");
          json_member (out, TRUE, "serial", c->serial);
          json_member (out, FALSE, "state", kiosk_card_state_to_string (c->state));
          json_member (out, FALSE, "session", c->session);
          json_member (out, FALSE, "reason", c->reason);
          g_string_append_printf (out, ",\"batch\":%" G_GINT64_FORMAT "}", c->batch);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}\n");
  fputs (out->str, stdout);
  return KIOSKCTL_EXIT_OK;
}

/* ---- spoil, confirm ------------------------------------------------------------------- */

static void
report_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* An uncertain card settled: the center hears it (kiosk-uncertain-report.h),
 * on a private main context until it has answered. */
static gboolean
report_settled (
    KioskctlContext *ctx, KioskStore *store, const char *serial, const char *actor, GError **error)
{
  g_autoptr (KioskCenter) center = kiosk_center_new_from_config (ctx->config, error);
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  gboolean ok;

  if (center == NULL)
    return FALSE;
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  kiosk_uncertain_report_async (store, center, serial, actor, NULL, report_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = kiosk_uncertain_report_finish (store, result, NULL, error);
  g_main_context_pop_thread_default (context);
  return ok;
}

static int
stock_settle (KioskctlContext *ctx, gboolean spoil, const char *serial, char **reason_words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *actor = kioskctl_actor ();
  g_autofree char *reason = g_strjoinv (" ", reason_words);
  g_autoptr (KioskStockCard) card = NULL;
  gboolean ok;

  store = kioskctl_open_store (ctx, TRUE, &error);
  if (store == NULL)
    return kioskctl_fail_error (ctx, error);
  card = kiosk_store_stock_get (store, serial, NULL);
  ok = spoil ? kiosk_card_stock_spoil (store, serial, reason, actor, &error)
             : kiosk_card_stock_confirm_issued (store, serial, reason, actor, &error);
  if (!ok)
    return kioskctl_fail_error (ctx, error);
  /* An uncertain card settled is told to the center (ISSUANCE.md); when it
   * does not answer, the settlement stays and the touchscreen can repeat
   * the report. */
  if (card != NULL && card->state == KIOSK_CARD_UNCERTAIN
      && !report_settled (ctx, store, serial, actor, &error))
    return kioskctl_fail_error (ctx, error);
  if (ctx->json)
    printf ("{\"ok\":true}\n");
  else
    printf (spoil ? "卡片 %s 已作废 (spoiled)\n" : "卡片 %s 已确认发出 (confirmed issued)\n",
            serial);
  return KIOSKCTL_EXIT_OK;
}

/* ---- reconcile ------------------------------------------------------------------------ */

static int
stock_reconcile (KioskctlContext *ctx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (KioskDeviceManager) devices = NULL;
  g_autoptr (KioskCardFeederState) state = NULL;
  g_autoptr (KioskStockReconciliation) r = NULL;
  g_autofree char *actor = kioskctl_actor ();
  g_autoptr (GString) out = g_string_new ("{");

  store = kioskctl_open_store (ctx, TRUE, &error);
  if (store == NULL)
    return kioskctl_fail_error (ctx, error);
  state = query_transport (ctx, &devices, &error);
  if (state == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s", error->message);
  kiosk_device_manager_shutdown (devices);
  r = kiosk_card_stock_reconcile (store, state, actor, &error);
  if (r == NULL)
    return kioskctl_fail_error (ctx, error);

  if (ctx->json)
    {
      g_string_append_printf (out, "\"ok\":%s,\"balanced\":%s,\"counts\":",
                              r->balanced ? "true" : "false", r->balanced ? "true" : "false");
      json_counts (out, r->counts);
      g_string_append_printf (
          out,
          ",\"removed_by_hand\":%" G_GINT64_FORMAT ",\"transport\":{\"position\":\"%s\","
          "\"jammed\":%s,\"hopper\":%u,\"fed\":%" G_GUINT64_FORMAT ",\"ejected\":%" G_GUINT64_FORMAT
          ",\"taken\":%" G_GUINT64_FORMAT ",\"rejected\":%" G_GUINT64_FORMAT "},\"lines\":[",
          r->removed_by_hand, kiosk_card_position_to_string (r->transport.position),
          r->transport.jammed ? "true" : "false", r->transport.hopper_level, r->transport.fed,
          r->transport.ejected, r->transport.taken, r->transport.rejected);
      for (guint i = 0; i < r->lines->len; i++)
        {
          const KioskStockReconcileLine *line = g_ptr_array_index (r->lines, i);

          g_string_append (out, i ? ",{" : "{");
          json_member (out, TRUE, "key", line->key);
          json_member (out, FALSE, "label", line->label);
          g_string_append_printf (
              out, ",\"stock\":%" G_GINT64_FORMAT ",\"transport\":%" G_GINT64_FORMAT ",\"ok\":%s",
              line->stock, line->transport, line->ok ? "true" : "false");
          json_member (out, FALSE, "note", line->note);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  else
    {
      print_counts (r->counts);
      printf ("%-10s %8s %10s\n", "", "STOCK", "TRANSPORT");
      for (guint i = 0; i < r->lines->len; i++)
        {
          const KioskStockReconcileLine *line = g_ptr_array_index (r->lines, i);
          g_autofree char *transport = line->transport >= 0
                                           ? g_strdup_printf ("%" G_GINT64_FORMAT, line->transport)
                                           : g_strdup ("-");

          printf ("%-10s %8" G_GINT64_FORMAT " %10s  %-9s %s\n", line->key, line->stock, transport,
                  line->ok ? "ok" : "DIFFERENT", line->label);
          if (line->note != NULL)
            printf ("           %s\n", line->note);
        }
      printf (r->balanced ? "账实相符 (balanced)\n" : "账实不符 (differences above)\n");
    }
  return r->balanced ? KIOSKCTL_EXIT_OK : KIOSKCTL_EXIT_REFUSED;
}

int
kioskctl_stock (KioskctlContext *ctx, int argc, char **argv)
{
  const char *sub = argc >= 2 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "load") == 0 && argc == 4)
    return stock_load (ctx, argv[2], argv[3]);
  if ((g_strcmp0 (sub, "spoil") == 0 || g_strcmp0 (sub, "confirm") == 0) && argc >= 4)
    return stock_settle (ctx, g_str_equal (sub, "spoil"), argv[2], argv + 3);
  if (g_strcmp0 (sub, "reconcile") == 0 && argc == 2)
    return stock_reconcile (ctx);
  if (g_strcmp0 (sub, "list") == 0)
    {
      int state = -1;
      gboolean cards = FALSE;

      for (int i = 2; i < argc; i++)
        {
          if (strcmp (argv[i], "--cards") == 0)
            cards = TRUE;
          else if (strcmp (argv[i], "--state") == 0 && i + 1 < argc)
            {
              state = kiosk_card_state_from_string (argv[++i]);
              if (state < 0)
                return kioskctl_usage_error ("--state: in_stock, in_machine, issued, spoiled or "
                                             "uncertain, not “%s”",
                                             argv[i]);
              cards = TRUE;
            }
          else
            return kioskctl_usage_error (USAGE);
        }
      return stock_list (ctx, state, cards);
    }
  return kioskctl_usage_error (USAGE);
}
