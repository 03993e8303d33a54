/* kiosk-application.c — the GtkApplication of the kiosk program
 *
 * Loads and checks the configuration before any window exists: a garbage
 * value stops the program with a message naming the key, rather than a kiosk
 * that half works.
 */
#define G_LOG_DOMAIN "kiosk-application"

#include "config.h"

#include "kiosk-application.h"
#include "kiosk-config.h"
#include "kiosk-window.h"

struct _KioskApplication
{
  GtkApplication parent_instance;

  char *config_path;
  gboolean windowed;
  KioskConfig *config;
};

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, GTK_TYPE_APPLICATION)

static int
kiosk_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  self->config = kiosk_config_load_default (self->config_path, &error);
  if (self->config == NULL)
    {
      g_printerr ("sskiosk: %s\n", error->message);
      return 1;
    }
  return -1;
}

static void
kiosk_application_startup (GApplication *app)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/cn/jl/hrss/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
kiosk_application_activate (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (kiosk_window_new (GTK_APPLICATION (app), self->config));
  if (!self->windowed)
    gtk_window_fullscreen (window);
  gtk_window_present (window);
}

static void
kiosk_application_finalize (GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION (object);

  g_free (self->config_path);
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
}

static void
kiosk_application_init (KioskApplication *self)
{
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &self->config_path,
      "Configuration file (default: $KIOSK_CONFIG, /etc/sskiosk/kiosk.conf, built-in)", "FILE" },
    { "windowed", 'w', 0, G_OPTION_ARG_NONE, &self->windowed,
      "Run in a window instead of full screen (development)", NULL },
    { NULL },
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

KioskApplication *
kiosk_application_new (void)
{
  return g_object_new (KIOSK_TYPE_APPLICATION, "application-id", KIOSK_APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, NULL);
}
