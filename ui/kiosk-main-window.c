/* kiosk-window.c — the kiosk's one full-screen window
 *
 * A placeholder page for now; the service pages arrive with the UI issue.
 */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window.h"

struct _KioskWindow
{
  GtkApplicationWindow parent_instance;

  GtkLabel *site_label;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/jl/hrss/Kiosk/kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, site_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, status_label);
}

static void
kiosk_window_init (KioskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KioskWindow *
kiosk_window_new (GtkApplication *app, const KioskConfig *config)
{
  KioskWindow *self = g_object_new (KIOSK_TYPE_WINDOW, "application", app, NULL);
  g_autofree char *site = *config->site
                              ? g_strdup_printf ("%s · %s", config->site, config->kiosk_id)
                              : g_strdup (config->kiosk_id);

  gtk_label_set_text (self->site_label, site);
  return self;
}
