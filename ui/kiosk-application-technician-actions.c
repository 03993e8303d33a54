/* kiosk-application-technician-actions.c — technician mode on the touchscreen
 *
 * The pages (pages/technician/) present KioskTechnician (kiosk/technician/);
 * every technician action is a GAction of the application, like the
 * citizens' (kiosk-application-actions.c), so a touch and a test's D-Bus
 * call do the same:
 *
 *   technician-gesture              the hidden gesture on the attract page (five taps on the
 *                                   logo within 3 s): the PIN page
 *   technician-enter 's'            the PIN ('' : what was typed on the keypad)
 *   technician-show 's'             menu, devices, selftest, stock, supplies, sessions,
 *                                   errors, config, export
 *   technician-selftest 's'         idreader, chip, camera, card_printer, receipt_printer,
 *                                   cardfeed
 *   technician-stock-load '(su)'    first serial, count
 *   technician-stock-spoil '(ss)'   serial, reason
 *   technician-stock-confirm '(ss)' serial, reason: an uncertain card was handed out (the
 *                                   center is told, as it is of an uncertain card spoiled)
 *   technician-stock-report 's'     tells the center again (when it did not answer)
 *   technician-reconcile            the stock against the card transport's counters
 *   technician-config-set '(sss)'   group, key, value (a safe field)
 *   technician-export 's'           a directory ('' : [technician] export_dir)
 *   technician-restart              restarts the program (systemd starts it again)
 *   technician-leave                back to the attract page
 *
 * The outcome of each is the state of technician-reply: "<n> OK|ERR <action>: <text>",
 * n counting up, so that a caller can wait for the answer of an _async one.
 * A failure is also the last error ("technician: …") and shows in the
 * banner over the page. Leaving any technician page for another (取消·回到首页,
 * a page outside technician mode) leaves technician mode; its idle timeout
 * goes back to the attract page. The KioskTechnician audits every entry,
 * wrong PIN and action.
 */
#define G_LOG_DOMAIN "kiosk-technician-ui"

#include "config.h"

#include "kiosk-application-private.h"
#include "kiosk-camera.h"
#include "kiosk-tech-config-page.h"
#include "kiosk-tech-export-page.h"
#include "kiosk-tech-list-page.h"
#include "kiosk-tech-menu-page.h"
#include "kiosk-tech-pin-page.h"
#include "kiosk-tech-selftest-page.h"
#include "kiosk-tech-stock-page.h"
#include "kiosk-tech-util.h"
#include "kiosk-technician.h"

#define PAGE_PREFIX     "technician-"
#define PIN_TIMEOUT_S   60 /* the PIN page goes home untouched after this long */
#define SELFTEST_WAIT_S 20

typedef struct
{
  KioskApplication *app; /* owns this */
  KioskTechnician *technician;
  GCancellable *cancellable;
  gboolean pages_added;
  gboolean entering; /* a PIN is being checked */
  gboolean busy;     /* a self-test, a load, a reconciliation or an export runs */
  guint seq;
  gint64 pin_deadline_us;
  guint pin_timeout_id;
  gulong page_handler;
  KioskPage *made[10]; /* the pages (the window's frame owns them) */
} TechUi;

static const struct
{
  const char *name;
  const char *page_id;
} pages[] = {
  { "menu", "technician-menu" },         { "devices", "technician-devices" },
  { "selftest", "technician-selftest" }, { "stock", "technician-stock" },
  { "supplies", "technician-supplies" }, { "sessions", "technician-sessions" },
  { "errors", "technician-errors" },     { "config", "technician-config" },
  { "export", "technician-export" },
};

static void
tech_ui_free (gpointer data)
{
  TechUi *ui = data;

  g_cancellable_cancel (ui->cancellable);
  g_clear_object (&ui->cancellable);
  g_clear_handle_id (&ui->pin_timeout_id, g_source_remove);
  if (ui->technician != NULL)
    g_signal_handlers_disconnect_by_data (ui->technician, ui);
  g_clear_object (&ui->technician);
  g_free (ui);
}

static TechUi *
tech_ui (KioskApplication *app)
{
  return g_object_get_data (G_OBJECT (app), "kiosk-technician-ui");
}

/* ---- answers ------------------------------------------------------------------ */

static void reply (TechUi *ui, gboolean ok, const char *action, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

static void
reply (TechUi *ui, gboolean ok, const char *action, const char *format, ...)
{
  GAction *state = g_action_map_lookup_action (G_ACTION_MAP (ui->app), "technician-reply");
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strdup_printf ("%u %s %s: %s", ++ui->seq, ok ? "OK" : "ERR", action, text);
  g_message ("technician %s", line + strcspn (line, " ") + 1);
  if (state != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (state), g_variant_new_string (line));
}

/* A refusal: the banner over the page, the last error and the reply. */
static void
refuse (TechUi *ui, const char *action, const GError *error)
{
  kiosk_application_set_last_error (ui->app, "technician", error->message);
  if (ui->app->window != NULL)
    kiosk_main_window_show_error (ui->app->window, error->message);
  reply (ui, FALSE, action, "%s", error->message);
}

static void
refuse_literal (TechUi *ui, const char *action, const char *message)
{
  g_autoptr (GError) error
      = g_error_new_literal (KIOSK_TECHNICIAN_ERROR, KIOSK_TECHNICIAN_ERROR_NOT_ENTERED, message);
  refuse (ui, action, error);
}

static const char *
current_page (TechUi *ui)
{
  const char *page
      = ui->app->window != NULL ? kiosk_main_window_get_current_page (ui->app->window) : NULL;
  return page != NULL ? page : "";
}

/* One of the technician pages (they exist once the gesture was made). */
static KioskPage *
page (TechUi *ui, const char *page_id)
{
  for (gsize i = 0; ui->pages_added && i < G_N_ELEMENTS (ui->made); i++)
    if (g_str_equal (kiosk_page_get_page_id (ui->made[i]), page_id))
      return ui->made[i];
  g_return_val_if_reached (NULL);
}

/* An answer that comes after the window is gone (the program is quitting). */
static gboolean
window_gone (TechUi *ui)
{
  return ui->app->window == NULL;
}

/* Whether technician mode is active; otherwise refused. A touch counts as
 * activity (the idle countdown starts again). */
static gboolean
active (TechUi *ui, const char *action)
{
  if (ui->technician == NULL || !kiosk_technician_is_active (ui->technician))
    {
      refuse_literal (ui, action, "请先进入技术维护模式 (technician mode is not active)");
      return FALSE;
    }
  kiosk_technician_keep_alive (ui->technician);
  if (ui->app->window != NULL)
    kiosk_main_window_show_error (ui->app->window, NULL);
  return TRUE;
}

static gboolean
not_busy (TechUi *ui, const char *action)
{
  if (ui->busy)
    {
      refuse_literal (ui, action, "上一项操作还没有完成，请稍候 (still busy)");
      return FALSE;
    }
  return TRUE;
}

/* ---- the countdown and leaving ---------------------------------------------- */

static guint
seconds_left (gpointer user_data)
{
  TechUi *ui = user_data;
  const char *page_id = current_page (ui);

  if (!g_str_has_prefix (page_id, PAGE_PREFIX))
    return 0;
  if (g_str_equal (page_id, "technician-pin"))
    {
      gint64 left = ui->pin_deadline_us - g_get_monotonic_time ();
      return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
    }
  return ui->technician != NULL ? kiosk_technician_get_seconds_left (ui->technician) : 0;
}

static gboolean
pin_timeout (gpointer user_data)
{
  TechUi *ui = user_data;

  ui->pin_timeout_id = 0;
  if (g_str_equal (current_page (ui), "technician-pin") && ui->app->window != NULL)
    kiosk_main_window_go_home (ui->app->window, NULL);
  return G_SOURCE_REMOVE;
}

/* Any page outside technician mode (取消·回到首页, a timeout, the window
 * going home) ends it. */
static void
on_page_changed (KioskMainWindow *window, GParamSpec *pspec, TechUi *ui)
{
  const char *page_id = current_page (ui);

  if (g_str_has_prefix (page_id, PAGE_PREFIX))
    return;
  g_clear_handle_id (&ui->pin_timeout_id, g_source_remove);
  if (ui->technician != NULL && kiosk_technician_is_active (ui->technician))
    kiosk_technician_leave (ui->technician);
}

static void
on_left (KioskTechnician *technician, gboolean timed_out, TechUi *ui)
{
  g_cancellable_cancel (ui->cancellable);
  g_clear_object (&ui->cancellable);
  ui->cancellable = g_cancellable_new ();
  if (timed_out)
    kiosk_application_set_last_error (ui->app, "timeout", "技术维护长时间无操作，已自动退出");
  reply (ui, TRUE, "leave", "%s", timed_out ? "timed out" : "left");
  if (ui->app->window != NULL && g_str_has_prefix (current_page (ui), PAGE_PREFIX))
    kiosk_main_window_go_home (ui->app->window,
                               timed_out ? "技术维护长时间无操作，已自动退出。" : NULL);
}

static gboolean
quit_later (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

/* systemd brings the program back (Restart=always); the flows' recovery
 * settles anything left open at the next start. */
static void
on_restart_requested (KioskTechnician *technician, TechUi *ui)
{
  g_message ("technician: restart requested");
  g_timeout_add (300, quit_later, ui->app);
}

/* ---- the pages ---------------------------------------------------------------- */

static void
add_pages (TechUi *ui)
{
  KioskMainWindow *window = ui->app->window;
  KioskPage *made[G_N_ELEMENTS (ui->made)];

  if (ui->pages_added || window == NULL)
    return;
  made[0] = g_object_new (KIOSK_TYPE_TECH_PIN_PAGE, NULL);
  made[1] = g_object_new (KIOSK_TYPE_TECH_MENU_PAGE, NULL);
  made[2] = KIOSK_PAGE (kiosk_tech_list_page_new ("technician-devices", "设备状态"));
  made[3] = g_object_new (KIOSK_TYPE_TECH_SELFTEST_PAGE, NULL);
  made[4] = g_object_new (KIOSK_TYPE_TECH_STOCK_PAGE, NULL);
  made[5] = KIOSK_PAGE (kiosk_tech_list_page_new ("technician-supplies", "色带、卡片与凭条纸"));
  made[6] = KIOSK_PAGE (kiosk_tech_list_page_new ("technician-sessions", "最近业务（已遮蔽）"));
  made[7] = KIOSK_PAGE (kiosk_tech_list_page_new ("technician-errors", "最近错误"));
  made[8] = g_object_new (KIOSK_TYPE_TECH_CONFIG_PAGE, NULL);
  made[9] = g_object_new (KIOSK_TYPE_TECH_EXPORT_PAGE, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (made); i++)
    {
      ui->made[i] = made[i];
      kiosk_main_window_add_page (window, made[i]);
    }
  ui->page_handler
      = g_signal_connect (window, "notify::current-page", G_CALLBACK (on_page_changed), ui);
  kiosk_main_window_set_seconds_func (window, seconds_left, ui);
  ui->pages_added = TRUE;
}

static gboolean
ensure_technician (TechUi *ui, GError **error)
{
  KioskContext *context = ui->app->context;

  if (ui->technician != NULL)
    return TRUE;
  if (!ui->app->ready || context == NULL)
    {
      g_set_error_literal (error, KIOSK_TECHNICIAN_ERROR, KIOSK_TECHNICIAN_ERROR_NOT_ENTERED,
                           "自助机正在准备，请稍候 (the kiosk is starting)");
      return FALSE;
    }
  ui->technician
      = kiosk_technician_new (kiosk_context_get_config (context), kiosk_context_get_store (context),
                              kiosk_context_get_devices (context), error);
  if (ui->technician == NULL)
    return FALSE;
  kiosk_technician_set_center (ui->technician, kiosk_context_get_center (context));
  g_signal_connect (ui->technician, "left", G_CALLBACK (on_left), ui);
  g_signal_connect (ui->technician, "restart-requested", G_CALLBACK (on_restart_requested), ui);
  return TRUE;
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);
  return time != NULL ? g_date_time_format (time, "%m-%d %H:%M:%S") : g_strdup ("?");
}

static void
fill_menu (TechUi *ui)
{
  KioskPage *menu = page (ui, "technician-menu");
  const KioskConfig *config = kiosk_context_get_config (ui->app->context);
  gint64 counts[KIOSK_CARD_N_STATES] = { 0 };
  g_autofree char *text = NULL;

  if (!kiosk_technician_stock_counts (ui->technician, counts, NULL))
    memset (counts, 0, sizeof counts);
  text = g_strdup_printf (
      "自助机 %s · %s · 在库空白卡 %" G_GINT64_FORMAT " 张 · 待确认 %" G_GINT64_FORMAT " 张",
      config->kiosk_id != NULL ? config->kiosk_id : "?", config->site != NULL ? config->site : "",
      counts[KIOSK_CARD_IN_STOCK], counts[KIOSK_CARD_UNCERTAIN]);
  kiosk_tech_menu_page_set_summary (KIOSK_TECH_MENU_PAGE (menu), text);
}

static void
fill_devices (TechUi *ui, GError **error)
{
  KioskTechListPage *list_page = KIOSK_TECH_LIST_PAGE (page (ui, "technician-devices"));
  GtkBox *list = kiosk_tech_list_page_get_list (list_page);
  g_autoptr (GPtrArray) devices = kiosk_technician_list_devices (ui->technician, error);

  kiosk_tech_list_clear (list);
  kiosk_tech_list_page_set_message (list_page, NULL);
  if (devices == NULL)
    return;
  for (guint i = 0; i < devices->len; i++)
    {
      const KioskDeviceStatus *status = g_ptr_array_index (devices, i);
      g_autofree char *title = g_strdup_printf (
          "%s（%s，驱动 %s%s）：%s", status->name, status->kind,
          status->driver != NULL ? status->driver : "?", status->simulated ? "，模拟" : "",
          status->connected ? "已连接" : "未连接");
      GString *detail = g_string_new (NULL);

      if (status->model != NULL)
        g_string_append_printf (detail, "型号 %s\n", status->model);
      if (status->identity != NULL)
        g_string_append_printf (detail, "标识 %s\n", status->identity);
      if (status->port != NULL)
        g_string_append_printf (detail, "端口 %s\n", status->port);
      if (status->last_error != NULL)
        {
          g_autofree char *when = format_time (status->last_error_time / G_USEC_PER_SEC);
          g_string_append_printf (detail, "最近错误 %s %s：%s\n", when,
                                  status->last_error_code != NULL ? status->last_error_code : "",
                                  status->last_error);
        }
      for (guint c = 0; status->counters != NULL && c < status->counters->len; c++)
        {
          const KioskDeviceCounter *counter
              = &g_array_index (status->counters, KioskDeviceCounter, c);
          g_string_append_printf (detail, "%s%s %" G_GUINT64_FORMAT, c == 0 ? "计数 " : " · ",
                                  counter->name, counter->value);
        }
      kiosk_tech_list_add (list, title, detail->str,
                           !status->connected           ? KIOSK_TECH_MARK_BAD
                           : status->last_error != NULL ? KIOSK_TECH_MARK_WARN
                                                        : KIOSK_TECH_MARK_OK);
      g_string_free (detail, TRUE);
    }
  if (devices->len == 0)
    kiosk_tech_list_page_set_message (list_page, "没有配置设备");
}

static void
fill_sessions (TechUi *ui, GError **error)
{
  KioskTechListPage *list_page = KIOSK_TECH_LIST_PAGE (page (ui, "technician-sessions"));
  GtkBox *list = kiosk_tech_list_page_get_list (list_page);
  g_autoptr (GPtrArray) sessions = kiosk_technician_recent_sessions (ui->technician, 30, error);

  kiosk_tech_list_clear (list);
  kiosk_tech_list_page_set_message (list_page, NULL);
  if (sessions == NULL)
    return;
  for (guint i = 0; i < sessions->len; i++)
    {
      const KioskJournalSession *session = g_ptr_array_index (sessions, i);
      g_autofree char *when = format_time (session->started);
      g_autofree char *title
          = g_strdup_printf ("%s %s：%s", when, session->service,
                             session->outcome != NULL ? session->outcome : "进行中");
      /* The subject is masked by the store (2201**********123X 张*). */
      g_autofree char *detail = g_strdup_printf (
          "%s · 会话 %.8s · %" G_GINT64_FORMAT " 步，最后 %s",
          session->subject_masked != NULL ? session->subject_masked : "—", session->uuid,
          session->n_steps, session->last_step != NULL ? session->last_step : "—");
      gboolean good
          = session->outcome != NULL
            && (g_str_equal (session->outcome, "issued") || g_str_equal (session->outcome, "done")
                || g_str_equal (session->outcome, "ok"));

      kiosk_tech_list_add (list, title, detail,
                           session->outcome == NULL ? KIOSK_TECH_MARK_NONE
                           : good                   ? KIOSK_TECH_MARK_OK
                                                    : KIOSK_TECH_MARK_WARN);
    }
  if (sessions->len == 0)
    kiosk_tech_list_page_set_message (list_page, "还没有业务记录");
}

static void
fill_errors (TechUi *ui, GError **error)
{
  KioskTechListPage *list_page = KIOSK_TECH_LIST_PAGE (page (ui, "technician-errors"));
  GtkBox *list = kiosk_tech_list_page_get_list (list_page);
  g_autoptr (GPtrArray) errors = kiosk_technician_recent_errors (ui->technician, 50, error);

  kiosk_tech_list_clear (list);
  kiosk_tech_list_page_set_message (list_page, NULL);
  if (errors == NULL)
    return;
  for (guint i = 0; i < errors->len; i++)
    {
      const KioskRecentError *recent = g_ptr_array_index (errors, i);
      g_autofree char *when = format_time (recent->time);
      g_autofree char *title = g_strdup_printf (
          "%s %s %s", when, g_strcmp0 (recent->source, "device") == 0 ? "设备" : "业务",
          recent->where);

      kiosk_tech_list_add (list, title, recent->message, KIOSK_TECH_MARK_BAD);
    }
  if (errors->len == 0)
    kiosk_tech_list_page_set_message (list_page, "最近没有错误");
}

static void
fill_stock (TechUi *ui, GError **error)
{
  KioskTechStockPage *stock = KIOSK_TECH_STOCK_PAGE (page (ui, "technician-stock"));
  gint64 counts[KIOSK_CARD_N_STATES];
  g_autoptr (GPtrArray) batches = NULL;
  g_autoptr (GPtrArray) uncertain = NULL;

  if (!kiosk_technician_stock_counts (ui->technician, counts, error)
      || (batches = kiosk_technician_stock_batches (ui->technician, error)) == NULL
      || (uncertain = kiosk_technician_stock_list (ui->technician, KIOSK_CARD_UNCERTAIN, error))
             == NULL)
    return;
  kiosk_tech_stock_page_set_counts (stock, counts);
  kiosk_tech_stock_page_set_batches (stock, batches);
  kiosk_tech_stock_page_set_uncertain (stock, uncertain);
}

static void
fill_config (TechUi *ui, GError **error)
{
  g_autoptr (GPtrArray) fields = kiosk_technician_list_config (ui->technician, error);

  if (fields != NULL)
    kiosk_tech_config_page_set_fields (KIOSK_TECH_CONFIG_PAGE (page (ui, "technician-config")),
                                       fields);
}

static void
supplies_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TechUi *ui = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) supplies
      = kiosk_technician_supplies_finish (KIOSK_TECHNICIAN (source), result, &error);
  KioskTechListPage *list_page;
  GtkBox *list;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ui->busy = FALSE;
  if (window_gone (ui))
    return;
  list_page = KIOSK_TECH_LIST_PAGE (page (ui, "technician-supplies"));
  list = kiosk_tech_list_page_get_list (list_page);
  kiosk_tech_list_clear (list);
  if (supplies == NULL)
    {
      kiosk_tech_list_page_set_message (list_page, error->message);
      refuse (ui, "supplies", error);
      return;
    }
  kiosk_tech_list_page_set_message (list_page, NULL);
  for (guint i = 0; i < supplies->len; i++)
    {
      const KioskSupply *supply = g_ptr_array_index (supplies, i);
      g_autofree char *level = supply->level < 0 ? g_strdup ("—")
                               : g_str_equal (supply->item, "hopper")
                                   ? g_strdup_printf ("%d 张", supply->level)
                                   : g_strdup_printf ("%d%%", supply->level);
      g_autofree char *title
          = g_strdup_printf ("%s（%s）：%s %s", supply->label, supply->device, level,
                             !supply->ok   ? "无法工作"
                             : supply->low ? "将尽，请备货"
                                           : "正常");

      kiosk_tech_list_add (list, title, supply->status,
                           !supply->ok   ? KIOSK_TECH_MARK_BAD
                           : supply->low ? KIOSK_TECH_MARK_WARN
                                         : KIOSK_TECH_MARK_OK);
    }
  reply (ui, TRUE, "supplies", "%u supplies", supplies->len);
}

/* Fills the page `name` from the technician and shows it. */
static gboolean
show (TechUi *ui, const char *name, GError **error)
{
  const char *page_id = NULL;
  g_autoptr (GError) local = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (pages[i].name, name))
      page_id = pages[i].page_id;
  if (page_id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "没有这一页：%s (no such technician page)", name);
      return FALSE;
    }
  if (g_str_equal (name, "menu"))
    fill_menu (ui);
  else if (g_str_equal (name, "devices"))
    fill_devices (ui, &local);
  else if (g_str_equal (name, "sessions"))
    fill_sessions (ui, &local);
  else if (g_str_equal (name, "errors"))
    fill_errors (ui, &local);
  else if (g_str_equal (name, "stock"))
    fill_stock (ui, &local);
  else if (g_str_equal (name, "config"))
    fill_config (ui, &local);
  else if (g_str_equal (name, "export"))
    kiosk_tech_export_page_set_dir (KIOSK_TECH_EXPORT_PAGE (page (ui, "technician-export")),
                                    kiosk_technician_get_settings (ui->technician)->export_dir);
  else if (g_str_equal (name, "selftest"))
    kiosk_tech_selftest_page_set_camera (
        KIOSK_TECH_SELFTEST_PAGE (page (ui, "technician-selftest")),
        G_OBJECT (kiosk_context_get_camera (ui->app->context)));
  else if (g_str_equal (name, "supplies") && !ui->busy)
    {
      KioskTechListPage *list_page = KIOSK_TECH_LIST_PAGE (page (ui, "technician-supplies"));

      kiosk_tech_list_clear (kiosk_tech_list_page_get_list (list_page));
      kiosk_tech_list_page_set_message (list_page, "正在询问打印机和卡片传输…");
      ui->busy = TRUE;
      kiosk_technician_supplies_async (ui->technician, ui->cancellable, supplies_cb, ui);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  kiosk_main_window_show_page (ui->app->window, page_id);
  return TRUE;
}

/* ---- entry ---------------------------------------------------------------------- */

static void
describe_pin_state (TechUi *ui)
{
  KioskTechPinPage *pin_page = KIOSK_TECH_PIN_PAGE (page (ui, "technician-pin"));
  KioskOperatorPinState state = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (!kiosk_technician_get_pin_state (ui->technician, &state, &error))
    text = g_strdup (error->message);
  else if (!state.is_set)
    text = g_strdup ("这台自助机还没有设置操作员密码：请通过 SSH 用 kioskctl pin set 设置");
  else if (state.locked_until > 0)
    {
      g_autofree char *until = format_time (state.locked_until);
      text = g_strdup_printf ("密码错误次数过多，已锁定到 %s", until);
    }
  else
    text = g_strdup_printf ("请输入操作员密码，还可以尝试 %u 次", state.attempts_left);
  kiosk_tech_pin_page_set_message (pin_page, text, state.locked_until > 0 || !state.is_set);
}

static void
action_gesture (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  g_autoptr (GError) error = NULL;
  KioskFlow *flow = kiosk_application_get_flow (ui->app);

  if (!g_str_equal (current_page (ui), "attract")
      || (flow != NULL && !kiosk_flow_is_finished (flow)))
    {
      refuse_literal (ui, "gesture", "只能在首页进入技术维护 (only from the attract page)");
      return;
    }
  if (!ensure_technician (ui, &error))
    {
      refuse (ui, "gesture", error);
      return;
    }
  add_pages (ui);
  kiosk_application_set_last_error (ui->app, NULL, NULL);
  kiosk_main_window_show_page (ui->app->window, "technician-pin");
  describe_pin_state (ui);
  ui->pin_deadline_us = g_get_monotonic_time () + (gint64) PIN_TIMEOUT_S * G_USEC_PER_SEC;
  g_clear_handle_id (&ui->pin_timeout_id, g_source_remove);
  ui->pin_timeout_id = g_timeout_add_seconds (PIN_TIMEOUT_S, pin_timeout, ui);
  reply (ui, TRUE, "gesture", "PIN page");
}

static void
entered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TechUi *ui = user_data;
  g_autoptr (GError) error = NULL;
  KioskTechPinPage *pin_page;

  if (!kiosk_technician_enter_finish (KIOSK_TECHNICIAN (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ui->entering = FALSE;
  if (window_gone (ui))
    return;
  pin_page = KIOSK_TECH_PIN_PAGE (page (ui, "technician-pin"));
  kiosk_keypad_set_text (kiosk_tech_pin_page_get_keypad (pin_page), "");
  if (error != NULL)
    {
      const char *code
          = g_error_matches (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_LOCKED)
                ? "pin-locked"
            : g_error_matches (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG)
                ? "pin-wrong"
                : "pin";

      kiosk_application_set_last_error (ui->app, code, error->message);
      describe_pin_state (ui);
      kiosk_keypad_set_error (kiosk_tech_pin_page_get_keypad (pin_page), error->message);
      reply (ui, FALSE, "enter", "%s: %s", code, error->message);
      return;
    }
  g_clear_handle_id (&ui->pin_timeout_id, g_source_remove);
  kiosk_application_set_last_error (ui->app, NULL, NULL);
  /* The PIN page may have been left meanwhile (取消): then leave again. */
  if (!g_str_equal (current_page (ui), "technician-pin"))
    {
      kiosk_technician_leave (ui->technician);
      return;
    }
  show (ui, "menu", NULL);
  reply (ui, TRUE, "enter", "technician mode");
}

static void
action_enter (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *pin = g_variant_get_string (parameter, NULL);
  KioskTechPinPage *pin_page;

  if (!g_str_equal (current_page (ui), "technician-pin") || ui->technician == NULL)
    {
      refuse_literal (ui, "enter", "请先在首页做进入手势 (make the gesture first)");
      return;
    }
  if (ui->entering)
    {
      refuse_literal (ui, "enter", "正在核对密码，请稍候 (checking the PIN)");
      return;
    }
  pin_page = KIOSK_TECH_PIN_PAGE (page (ui, "technician-pin"));
  if (*pin == '\0')
    pin = kiosk_keypad_get_text (kiosk_tech_pin_page_get_keypad (pin_page));
  /* The PIN page's own countdown starts again with each attempt. */
  ui->pin_deadline_us = g_get_monotonic_time () + (gint64) PIN_TIMEOUT_S * G_USEC_PER_SEC;
  g_clear_handle_id (&ui->pin_timeout_id, g_source_remove);
  ui->pin_timeout_id = g_timeout_add_seconds (PIN_TIMEOUT_S, pin_timeout, ui);
  ui->entering = TRUE;
  kiosk_tech_pin_page_set_message (pin_page, "正在核对密码…", FALSE);
  kiosk_technician_enter_async (ui->technician, pin, ui->cancellable, entered_cb, ui);
}

static void
action_leave (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);

  if (ui->technician != NULL && kiosk_technician_is_active (ui->technician))
    kiosk_technician_leave (ui->technician); /* "left" goes home */
  else if (ui->app->window != NULL && g_str_has_prefix (current_page (ui), PAGE_PREFIX))
    kiosk_main_window_go_home (ui->app->window, NULL);
}

static void
action_show (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  g_autoptr (GError) error = NULL;

  if (!active (ui, "show"))
    return;
  if (!show (ui, g_variant_get_string (parameter, NULL), &error))
    refuse (ui, "show", error);
  else
    reply (ui, TRUE, "show", "%s", g_variant_get_string (parameter, NULL));
}

static void
action_restart (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  g_autoptr (GError) error = NULL;

  if (!active (ui, "restart"))
    return;
  if (!kiosk_technician_request_restart (ui->technician, &error))
    refuse (ui, "restart", error);
  else
    reply (ui, TRUE, "restart", "the program restarts");
}

/* ---- self-tests ------------------------------------------------------------------ */

static void
selftest_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TechUi *ui = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceSelftest) selftest
      = kiosk_technician_selftest_finish (KIOSK_TECHNICIAN (source), result, &error);
  KioskTechSelftestPage *selftest_page;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ui->busy = FALSE;
  if (window_gone (ui))
    return;
  selftest_page = KIOSK_TECH_SELFTEST_PAGE (page (ui, "technician-selftest"));
  kiosk_tech_selftest_page_set_result (selftest_page, selftest,
                                       error != NULL ? error->message : NULL);
  if (selftest == NULL)
    {
      refuse (ui, "selftest", error);
      return;
    }
  if (selftest->meter != NULL)
    reply (ui, TRUE, "selftest", "%s %s: %s (whiteness %d%%, exposure %+.1f EV)", selftest->device,
           selftest->passed ? "passed" : "failed", selftest->summary, selftest->meter->whiteness,
           selftest->meter->exposure_ev);
  else
    reply (ui, TRUE, "selftest", "%s %s: %s%s%s", selftest->device,
           selftest->passed ? "passed" : "failed", selftest->summary,
           selftest->card_serial != NULL ? " card " : "",
           selftest->card_serial != NULL ? selftest->card_serial : "");
}

static void
action_selftest (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *device = g_variant_get_string (parameter, NULL);
  KioskTechSelftestPage *selftest_page;

  if (!active (ui, "selftest") || !not_busy (ui, "selftest"))
    return;
  if (!g_strv_contains (kiosk_device_selftest_names (), device))
    {
      refuse_literal (ui, "selftest", "没有这种设备自检 (no such self-test)");
      return;
    }
  if (!g_str_equal (current_page (ui), "technician-selftest"))
    show (ui, "selftest", NULL);
  selftest_page = KIOSK_TECH_SELFTEST_PAGE (page (ui, "technician-selftest"));
  kiosk_tech_selftest_page_set_running (selftest_page, device);
  ui->busy = TRUE;
  kiosk_technician_selftest_async (ui->technician, device, SELFTEST_WAIT_S, ui->cancellable,
                                   selftest_cb, ui);
}

/* ---- card stock ---------------------------------------------------------------------- */

static void
stock_done (TechUi *ui, const char *action, const GError *error, const char *what)
{
  KioskTechStockPage *stock = KIOSK_TECH_STOCK_PAGE (page (ui, "technician-stock"));
  g_autoptr (GError) refresh = NULL;

  if (error != NULL)
    {
      kiosk_tech_stock_page_set_message (stock, error->message);
      refuse (ui, action, error);
      return;
    }
  kiosk_tech_stock_page_set_message (stock, what);
  fill_stock (ui, &refresh);
  reply (ui, TRUE, action, "%s", what);
}

static void
stock_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TechUi *ui = user_data;
  g_autoptr (GError) error = NULL;
  gint64 batch = kiosk_technician_stock_load_finish (KIOSK_TECHNICIAN (source), result, &error);
  g_autofree char *what = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ui->busy = FALSE;
  if (window_gone (ui))
    return;
  if (batch > 0)
    what = g_strdup_printf ("已登记第 %" G_GINT64_FORMAT " 批 (batch %" G_GINT64_FORMAT ")", batch,
                            batch);
  stock_done (ui, "stock-load", error, what);
}

static void
action_stock_load (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *serial;
  guint32 count;

  if (!active (ui, "stock-load") || !not_busy (ui, "stock-load"))
    return;
  g_variant_get (parameter, "(&su)", &serial, &count);
  if (!g_str_equal (current_page (ui), "technician-stock"))
    show (ui, "stock", NULL);
  ui->busy = TRUE;
  kiosk_technician_stock_load_async (ui->technician, serial, count, ui->cancellable,
                                     stock_loaded_cb, ui);
}

/* An uncertain card settled (issued or spoiled) is told to the center. */
typedef struct
{
  TechUi *ui;
  char *action;
  char *what;
} ReportCall;

static void
report_call_free (ReportCall *call)
{
  g_free (call->action);
  g_free (call->what);
  g_free (call);
}

static void
reported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ReportCall *call = user_data;
  TechUi *ui = call->ui;
  g_autoptr (GError) error = NULL;
  g_autofree char *what = NULL;

  if (!kiosk_technician_stock_report_finish (KIOSK_TECHNICIAN (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      report_call_free (call);
      return;
    }
  ui->busy = FALSE;
  if (!window_gone (ui))
    {
      what = g_strdup_printf ("%s，已通知中心 (reported to the center)", call->what);
      stock_done (ui, call->action, error, what);
    }
  report_call_free (call);
}

static void
report_settled (TechUi *ui, const char *action, const char *serial, const char *what)
{
  ReportCall *call = g_new0 (ReportCall, 1);

  call->ui = ui;
  call->action = g_strdup (action);
  call->what = g_strdup (what);
  ui->busy = TRUE;
  kiosk_technician_stock_report_async (ui->technician, serial, ui->cancellable, reported_cb, call);
}

static gboolean
is_uncertain (TechUi *ui, const char *serial)
{
  g_autoptr (GPtrArray) cards
      = kiosk_technician_stock_list (ui->technician, KIOSK_CARD_UNCERTAIN, NULL);

  for (guint i = 0; cards != NULL && i < cards->len; i++)
    if (g_strcmp0 (((KioskStockCard *) g_ptr_array_index (cards, i))->serial, serial) == 0)
      return TRUE;
  return FALSE;
}

/* technician-stock-report('SERIAL'): tells the center again (a report that failed). */
static void
action_stock_report (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *serial = g_variant_get_string (parameter, NULL);
  g_autofree char *what = NULL;

  if (!active (ui, "stock-report") || !not_busy (ui, "stock-report"))
    return;
  if (!g_str_equal (current_page (ui), "technician-stock"))
    show (ui, "stock", NULL);
  what = g_strdup_printf ("%s 的结果", serial);
  report_settled (ui, "stock-report", serial, what);
}

static void
action_stock_spoil (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *serial, *reason;
  g_autoptr (GError) error = NULL;
  g_autofree char *what = NULL;

  gboolean uncertain;

  if (!active (ui, "stock-spoil") || !not_busy (ui, "stock-spoil"))
    return;
  g_variant_get (parameter, "(&s&s)", &serial, &reason);
  if (!g_str_equal (current_page (ui), "technician-stock"))
    show (ui, "stock", NULL);
  uncertain = is_uncertain (ui, serial);
  if (kiosk_technician_stock_spoil (ui->technician, serial, reason, &error))
    what = g_strdup_printf ("%s 已标记作废 (spoiled)", serial);
  if (error == NULL && uncertain)
    report_settled (ui, "stock-spoil", serial, what);
  else
    stock_done (ui, "stock-spoil", error, what);
}

static void
action_stock_confirm (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *serial, *reason;
  g_autoptr (GError) error = NULL;
  g_autofree char *what = NULL;

  if (!active (ui, "stock-confirm") || !not_busy (ui, "stock-confirm"))
    return;
  g_variant_get (parameter, "(&s&s)", &serial, &reason);
  if (!g_str_equal (current_page (ui), "technician-stock"))
    show (ui, "stock", NULL);
  if (!kiosk_technician_stock_confirm_issued (ui->technician, serial, reason, &error))
    {
      stock_done (ui, "stock-confirm", error, NULL);
      return;
    }
  what = g_strdup_printf ("%s 已确认发出 (confirmed issued)", serial);
  report_settled (ui, "stock-confirm", serial, what);
}

static void
reconciled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TechUi *ui = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockReconciliation) reconciliation
      = kiosk_technician_reconcile_finish (KIOSK_TECHNICIAN (source), result, &error);
  g_autofree char *summary = NULL;
  g_autoptr (GError) refresh = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ui->busy = FALSE;
  if (window_gone (ui))
    return;
  kiosk_tech_stock_page_set_reconciliation (KIOSK_TECH_STOCK_PAGE (page (ui, "technician-stock")),
                                            reconciliation, error != NULL ? error->message : NULL);
  if (reconciliation == NULL)
    {
      refuse (ui, "reconcile", error);
      return;
    }
  fill_stock (ui, &refresh);
  summary = kiosk_stock_reconciliation_summary (reconciliation);
  reply (ui, TRUE, "reconcile", "%s%s", reconciliation->balanced ? "" : "differs: ", summary);
}

static void
action_reconcile (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);

  if (!active (ui, "reconcile") || !not_busy (ui, "reconcile"))
    return;
  if (!g_str_equal (current_page (ui), "technician-stock"))
    show (ui, "stock", NULL);
  ui->busy = TRUE;
  kiosk_technician_reconcile_async (ui->technician, ui->cancellable, reconciled_cb, ui);
}

/* ---- configuration and export ------------------------------------------------------- */

static void
action_config_set (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *group, *key, *value;
  g_autoptr (GError) error = NULL;
  KioskTechConfigPage *config_page;

  if (!active (ui, "config-set"))
    return;
  g_variant_get (parameter, "(&s&s&s)", &group, &key, &value);
  if (!g_str_equal (current_page (ui), "technician-config"))
    show (ui, "config", NULL);
  config_page = KIOSK_TECH_CONFIG_PAGE (page (ui, "technician-config"));
  if (!kiosk_technician_set_config (ui->technician, group, key, value, &error))
    {
      kiosk_tech_config_page_set_message (config_page, error->message, TRUE);
      refuse (ui, "config-set", error);
      return;
    }
  {
    g_autoptr (GError) refresh = NULL;
    g_autofree char *what = g_strdup_printf ("[%s] %s 已保存，重启程序后生效", group, key);

    fill_config (ui, &refresh);
    kiosk_tech_config_page_set_message (config_page, what, FALSE);
    reply (ui, TRUE, "config-set", "%s.%s saved", group, key);
  }
}

/* ---- text typed by touch (the on-screen keyboards) ----------------------------- */

/* app.technician-field('NAME'): opens the keyboard of the visible page for
 * its field NAME (what a tap on the field does). */
static void
action_field (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *name = g_variant_get_string (parameter, NULL);
  const char *page_id;
  g_autoptr (GError) error = NULL;
  gboolean ok = FALSE;

  if (!active (ui, "field"))
    return;
  page_id = current_page (ui);
  if (g_str_equal (page_id, "technician-stock"))
    ok = kiosk_tech_stock_page_edit_field (KIOSK_TECH_STOCK_PAGE (page (ui, page_id)), name,
                                           &error);
  else if (g_str_equal (page_id, "technician-config"))
    ok = kiosk_tech_config_page_edit_field (KIOSK_TECH_CONFIG_PAGE (page (ui, page_id)), name,
                                            &error);
  else
    {
      refuse_literal (ui, "field", "这一页没有输入框 (no text field on this page)");
      return;
    }
  if (!ok)
    refuse (ui, "field", error);
  else
    reply (ui, TRUE, "field", "%s", name);
}

/* app.technician-key('KEY'): one key of the open keyboard (every key of
 * KioskTextKeyboard and KioskAddressKeyboard; 'done' closes it). The reply
 * names the field and its text (serials, counts, settings: nothing personal). */
static void
action_key (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *key = g_variant_get_string (parameter, NULL);
  const char *page_id;
  g_autofree char *field = NULL;
  const char *value = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok = FALSE;

  if (!active (ui, "key"))
    return;
  page_id = current_page (ui);
  if (g_str_equal (page_id, "technician-stock"))
    {
      KioskTechStockPage *stock = KIOSK_TECH_STOCK_PAGE (page (ui, page_id));

      field = g_strdup (kiosk_tech_stock_page_get_editing (stock));
      ok = kiosk_tech_stock_page_key (stock, key, &error);
      value = kiosk_tech_stock_page_get_field (stock, field);
    }
  else if (g_str_equal (page_id, "technician-config"))
    {
      KioskTechConfigPage *config = KIOSK_TECH_CONFIG_PAGE (page (ui, page_id));

      field = g_strdup (kiosk_tech_config_page_get_editing (config));
      ok = kiosk_tech_config_page_key (config, key, &error);
      value = kiosk_tech_config_page_get_field (config, field);
    }
  else
    {
      refuse_literal (ui, "key", "这一页没有输入框 (no text field on this page)");
      return;
    }
  if (!ok)
    refuse (ui, "key", error);
  else
    reply (ui, TRUE, "key", "%s=%s%s", field, value != NULL ? value : "",
           g_str_equal (key, "done") ? " (done)" : "");
}

/* app.technician-reason('卡面污损'): a preset reason for spoil/confirm. */
static void
action_reason (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *reason = g_variant_get_string (parameter, NULL);
  g_autoptr (GError) error = NULL;

  if (!active (ui, "reason"))
    return;
  if (!g_str_equal (current_page (ui), "technician-stock"))
    {
      refuse_literal (ui, "reason", "这一页没有原因一栏 (not the stock page)");
      return;
    }
  if (!kiosk_tech_stock_page_set_reason (KIOSK_TECH_STOCK_PAGE (page (ui, "technician-stock")),
                                         reason, &error))
    refuse (ui, "reason", error);
  else
    reply (ui, TRUE, "reason", "%s", reason);
}

static void
exported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TechUi *ui = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskExportResult) exported
      = kiosk_technician_export_finish (KIOSK_TECHNICIAN (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ui->busy = FALSE;
  if (window_gone (ui))
    return;
  kiosk_tech_export_page_set_result (KIOSK_TECH_EXPORT_PAGE (page (ui, "technician-export")),
                                     exported, error != NULL ? error->message : NULL);
  if (exported == NULL)
    refuse (ui, "export", error);
  else
    reply (ui, TRUE, "export", "%s %s", exported->archive_path, exported->sha256);
}

static void
action_export (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  TechUi *ui = tech_ui (user_data);
  const char *dir = g_variant_get_string (parameter, NULL);
  KioskTechExportPage *export_page;

  if (!active (ui, "export") || !not_busy (ui, "export"))
    return;
  if (*dir == '\0')
    dir = kiosk_technician_get_settings (ui->technician)->export_dir;
  if (!g_str_equal (current_page (ui), "technician-export"))
    show (ui, "export", NULL);
  export_page = KIOSK_TECH_EXPORT_PAGE (page (ui, "technician-export"));
  kiosk_tech_export_page_set_dir (export_page, dir);
  kiosk_tech_export_page_set_running (export_page);
  ui->busy = TRUE;
  kiosk_technician_export_async (ui->technician, dir, ui->cancellable, exported_cb, ui);
}

/* ---- installation ----------------------------------------------------------------------- */

static void
refuse_change (GSimpleAction *action, GVariant *value, gpointer user_data)
{
}

void
kiosk_application_install_technician_actions (KioskApplication *self)
{
  static const GActionEntry entries[] = {
    { "technician-gesture", action_gesture },
    { "technician-enter", action_enter, "s" },
    { "technician-leave", action_leave },
    { "technician-show", action_show, "s" },
    { "technician-restart", action_restart },
    { "technician-selftest", action_selftest, "s" },
    { "technician-stock-load", action_stock_load, "(su)" },
    { "technician-stock-spoil", action_stock_spoil, "(ss)" },
    { "technician-stock-confirm", action_stock_confirm, "(ss)" },
    { "technician-stock-report", action_stock_report, "s" },
    { "technician-reconcile", action_reconcile },
    { "technician-config-set", action_config_set, "(sss)" },
    { "technician-export", action_export, "s" },
    { "technician-field", action_field, "s" },
    { "technician-key", action_key, "s" },
    { "technician-reason", action_reason, "s" },
  };
  TechUi *ui = g_new0 (TechUi, 1);
  GSimpleAction *state;
  GdkDisplay *display = gdk_display_get_default ();

  ui->app = self;
  ui->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (self), "kiosk-technician-ui", ui, tech_ui_free);
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  state = g_simple_action_new_stateful ("technician-reply", NULL, g_variant_new_string (""));
  g_signal_connect (state, "change-state", G_CALLBACK (refuse_change), NULL);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (state));
  g_object_unref (state);

  if (display != NULL)
    {
      g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/cn/jl/hrss/Kiosk/technician.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}
