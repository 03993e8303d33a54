/* kiosk-application.c — the GtkApplication of the kiosk program
 *
 * Loads and checks the configuration before any window exists: a garbage
 * value stops the program with a message naming the key, rather than a kiosk
 * that half works. Then the window shows "正在准备" while the context is
 * built, the devices open and KioskRecovery settles what a crash left open;
 * only then the attract page. Every user action is a GAction of the
 * application (kiosk-application-actions.c), exported on D-Bus, and the page
 * shown and the last error are stateful actions anyone can read.
 */
#define G_LOG_DOMAIN "kiosk-application"

#include "config.h"

#include <glib-unix.h>

#include "kiosk-application-private.h"
#include "kiosk-recovery.h"
#include "kiosk-sd-notify.h"

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, GTK_TYPE_APPLICATION)

/* ---- observable state ------------------------------------------------------ */

void
kiosk_application_set_current_page (KioskApplication *self, const char *page_id)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "current-page");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_string (page_id != NULL ? page_id : ""));
}

void
kiosk_application_set_last_error (KioskApplication *self, const char *code, const char *message)
{
  g_autofree char *text = NULL;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "last-error");

  if (code != NULL && *code != '\0')
    text = g_strdup_printf ("%s: %s", code, message != NULL ? message : "");
  /* The messages are for citizens and hold no personal data; masked anyway
   * before they reach the journal (kiosk_log). */
  if (text != NULL)
    g_message ("last error: %s", text);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_string (text != NULL ? text : ""));
}

static const char *
flow_error_code (const GError *error)
{
  if (error->domain != KIOSK_FLOW_ERROR)
    return "error";
  switch ((KioskFlowError) error->code)
    {
      case KIOSK_FLOW_ERROR_WRONG_STATE:
        return "wrong-state";
      case KIOSK_FLOW_ERROR_INVALID:
        return "invalid";
      case KIOSK_FLOW_ERROR_DEVICE:
        return "device";
      case KIOSK_FLOW_ERROR_CENTER:
        return "center";
      case KIOSK_FLOW_ERROR_STORE:
        return "store";
      case KIOSK_FLOW_ERROR_TIMEOUT:
        return "timeout";
      case KIOSK_FLOW_ERROR_FACE_MISMATCH:
        return "face-mismatch";
      case KIOSK_FLOW_ERROR_CARD_MISMATCH:
        return "card-mismatch";
      case KIOSK_FLOW_ERROR_PHOTO:
        return "photo";
      case KIOSK_FLOW_ERROR_SPOILED:
        return "spoiled";
      default:
        return "error";
    }
}

void
kiosk_application_report_error (KioskApplication *self, const GError *error)
{
  g_return_if_fail (error != NULL);

  kiosk_application_set_last_error (self, flow_error_code (error), error->message);
  if (self->window != NULL)
    kiosk_main_window_show_error (self->window, error->message);
}

KioskFlow *
kiosk_application_get_flow (KioskApplication *self)
{
  return self->window != NULL ? kiosk_main_window_get_flow (self->window) : NULL;
}

static void
on_current_page (KioskMainWindow *window, GParamSpec *pspec, KioskApplication *self)
{
  const char *page = kiosk_main_window_get_current_page (window);
  KioskFlow *flow = kiosk_main_window_get_flow (window);

  kiosk_application_set_current_page (self, page);
  if (flow == NULL)
    return;
  /* What a refusal or a failure said is the last error, for remote help. */
  if (g_strcmp0 (page, "refused") == 0 && kiosk_flow_get_refusal (flow) != NULL)
    {
      g_autofree char *rule = kiosk_refusal_rule_label (kiosk_flow_get_refusal (flow));
      kiosk_application_set_last_error (self, rule, kiosk_flow_get_refusal (flow)->message);
    }
  else if (g_strcmp0 (page, "failed") == 0)
    {
      const GError *error = kiosk_flow_get_error (flow);
      if (error != NULL)
        kiosk_application_set_last_error (self, flow_error_code (error), error->message);
      else
        kiosk_application_set_last_error (self, "failed", kiosk_flow_get_message (flow));
    }
}

/* ---- start ------------------------------------------------------------------ */

/* systemd (the appliance's Type=notify kiosk.service, docs/image.md): READY
 * once the start has settled — in service, or out of service with the reason
 * in STATUS= (the unit is up either way; the page says why it does not serve). */
static void
notify_ready (const char *status, const char *reason)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strconcat (status, reason, NULL);

  if (!kiosk_sd_notify_ready (text, &error))
    g_warning ("cannot tell systemd the kiosk is ready: %s", error->message);
}

static void
on_recovery_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actions = NULL;

  actions = kiosk_recovery_run_finish (KIOSK_RECOVERY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (actions == NULL)
    {
      /* The journal cannot be read: no service may start on top of it. */
      g_warning ("recovery failed: %s", error->message);
      kiosk_application_set_last_error (self, "recovery", error->message);
      if (self->window != NULL)
        kiosk_main_window_show_page (self->window, "out-of-service");
      notify_ready ("out of service: recovery: ", error->message);
      return;
    }
  for (guint i = 0; i < actions->len; i++)
    {
      KioskRecoveryAction *action = g_ptr_array_index (actions, i);
      g_message ("recovered session %s (%s): %s — %s", action->session, action->service,
                 kiosk_recovery_verdict_to_string (action->verdict),
                 action->detail != NULL ? action->detail : "");
    }
  self->ready = TRUE;
  /* Personal data of sessions finished more than [store] retention_days ago:
   * cleared now that recovery has closed what was open, then once a day. */
  if (self->retention_timer == 0)
    self->retention_timer = kiosk_store_retention_start (kiosk_context_get_store (self->context),
                                                         self->config->retention_days,
                                                         KIOSK_STORE_RETENTION_INTERVAL_S);
  if (self->window != NULL)
    kiosk_main_window_go_home (self->window, NULL);
  notify_ready ("in service, page: attract", NULL);
}

static void
on_devices_open (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskRecovery) recovery = NULL;

  /* A device that failed shows in its status; the flows that need it say so. */
  if (!kiosk_context_open_devices_finish (KIOSK_CONTEXT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("devices: %s", error->message);
    }
  if (self->window != NULL)
    kiosk_main_window_set_splash (self->window, "正在恢复，请稍候");
  recovery = kiosk_recovery_new (self->context);
  kiosk_recovery_run_async (recovery, self->cancellable, on_recovery_done, g_object_ref (self));
}

static gboolean
build_context (gpointer user_data)
{
  KioskApplication *self = user_data;
  g_autoptr (GError) error = NULL;

  self->context = kiosk_context_new (self->config, &error);
  if (self->context == NULL)
    {
      g_warning ("cannot start the services: %s", error->message);
      kiosk_application_set_last_error (self, "config", error->message);
      kiosk_main_window_show_page (self->window, "out-of-service");
      notify_ready ("out of service: config: ", error->message);
      return G_SOURCE_REMOVE;
    }
  /* The camera streams only while the camera page is shown. */
  kiosk_main_window_set_camera (self->window, G_OBJECT (kiosk_context_get_camera (self->context)));
  kiosk_context_open_devices_async (self->context, self->cancellable, on_devices_open,
                                    g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static gboolean
read_ui_settings (KioskApplication *self, GError **error)
{
  GKeyFile *keyfile = self->config->keyfile;
  g_autofree char *value = NULL;
  guint64 seconds = 4;

  if (keyfile == NULL || !g_key_file_has_key (keyfile, "ui", "auto_capture_s", NULL))
    {
      self->auto_capture_s = 4;
      return TRUE;
    }
  value = g_key_file_get_value (keyfile, "ui", "auto_capture_s", NULL);
  if (value == NULL || !g_ascii_string_to_unsigned (g_strstrip (value), 10, 0, 60, &seconds, NULL))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[ui] auto_capture_s = “%s”: 需要 0 到 60 之间的整数 (an integer from 0 to 60 "
                   "is required)",
                   value != NULL ? value : "");
      return FALSE;
    }
  self->auto_capture_s = (guint) seconds;
  return TRUE;
}

static int
kiosk_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  self->config = kiosk_config_load_default (self->config_path, &error);
  if (self->config == NULL || !read_ui_settings (self, &error))
    {
      g_printerr ("sskiosk: %s\n", error->message);
      return 1;
    }
  return -1;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
kiosk_application_startup (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/cn/jl/hrss/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  kiosk_application_install_actions (self);

  /* systemd stops the kiosk with SIGTERM: shut down cleanly, so the device
   * simulators and daemons the context started are stopped too. */
  g_unix_signal_add (SIGTERM, on_quit_signal, self);
  g_unix_signal_add (SIGINT, on_quit_signal, self);

  /* WatchdogSec=: pings from this main loop, so a hung loop gets restarted. */
  kiosk_sd_notify_watchdog_start ();
}

static void
kiosk_application_activate (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);

  if (self->window == NULL)
    {
      self->window = kiosk_main_window_new (GTK_APPLICATION (app), self->config, !self->windowed);
      g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      kiosk_main_window_set_auto_capture (self->window, self->auto_capture_s);
      g_signal_connect (self->window, "notify::current-page", G_CALLBACK (on_current_page), self);
      kiosk_application_set_current_page (self, kiosk_main_window_get_current_page (self->window));
      /* After the first frame: the splash shows while the context starts. */
      g_idle_add_full (G_PRIORITY_LOW, build_context, self, NULL);
    }
  if (!self->windowed)
    {
      GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
      g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

      /* The whole screen, also where no window manager honours fullscreen
       * (a bare X server in the tests). */
      if (monitor != NULL)
        {
          GdkRectangle area;
          gdk_monitor_get_geometry (monitor, &area);
          gtk_window_set_default_size (GTK_WINDOW (self->window), area.width, area.height);
        }
      gtk_window_set_decorated (GTK_WINDOW (self->window), FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self->window));
    }
  gtk_window_present (GTK_WINDOW (self->window));
}

static void
kiosk_application_shutdown (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->retention_timer != 0)
    g_source_remove (self->retention_timer);
  self->retention_timer = 0;
  if (self->window != NULL)
    {
      KioskFlow *flow = kiosk_main_window_get_flow (self->window);
      /* A flow in progress is cancelled (its session wiped); a card in
       * production stays journaled for the recovery at the next start. */
      if (flow != NULL && !kiosk_flow_is_finished (flow))
        kiosk_flow_cancel (flow, NULL);
      kiosk_main_window_set_flow (self->window, NULL);
    }
  if (self->context != NULL)
    kiosk_device_manager_shutdown (kiosk_context_get_devices (self->context));
  G_APPLICATION_CLASS (kiosk_application_parent_class)->shutdown (app);
}

static void
kiosk_application_finalize (GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION (object);

  g_free (self->config_path);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->config, kiosk_config_free);
  G_OBJECT_CLASS (kiosk_application_parent_class)->finalize (object);
}

static void
kiosk_application_class_init (KioskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kiosk_application_finalize;
  app_class->handle_local_options = kiosk_application_handle_local_options;
  app_class->startup = kiosk_application_startup;
  app_class->activate = kiosk_application_activate;
  app_class->shutdown = kiosk_application_shutdown;
}

static void
kiosk_application_init (KioskApplication *self)
{
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &self->config_path,
      "Configuration file (default: $KIOSK_CONFIG, /etc/sskiosk/kiosk.conf, built-in)", "FILE" },
    { "windowed", 'w', 0, G_OPTION_ARG_NONE, &self->windowed,
      "Run in a window instead of full screen, with the GTK inspector allowed (development)",
      NULL },
    { NULL },
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

KioskApplication *
kiosk_application_new (void)
{
  return g_object_new (KIOSK_TYPE_APPLICATION, "application-id", KIOSK_APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, NULL);
}
