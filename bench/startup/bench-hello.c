/* bench-hello.c — the reference for the kiosk's start-up: a GTK 4 hello-world
 *
 * A GtkApplication with one window holding one label, sized to the screen,
 * undecorated and fullscreen like the kiosk's window (so both draw the same
 * number of pixels with the same renderer). Nothing else: no CSS, no
 * resources, no kiosk library. bench-launch measures it beside sskiosk
 * (docs/performance.md).
 */
#define G_LOG_DOMAIN "bench-hello"

#include "config.h"

#include <gtk/gtk.h>

static void
activate (GtkApplication *app, gpointer user_data)
{
  GtkWidget *window = gtk_application_window_new (app);
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

  if (monitor != NULL)
    {
      GdkRectangle area;

      gdk_monitor_get_geometry (monitor, &area);
      gtk_window_set_default_size (GTK_WINDOW (window), area.width, area.height);
    }
  gtk_window_set_title (GTK_WINDOW (window), "Hello");
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello, world"));
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autoptr (GtkApplication) app
      = gtk_application_new ("cn.jl.hrss.KioskBenchHello", G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
