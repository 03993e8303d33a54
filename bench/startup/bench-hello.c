/* bench-hello.c — the reference for the kiosk's start-up: a GTK 4 hello-world
 *
 * A GtkApplication with one window holding one label, sized to the screen,
 * undecorated and fullscreen like the kiosk's window (so both draw the same
 * number of pixels with the same renderer). Nothing else: no CSS, no
 * resources, no kiosk library. bench-launch measures it beside sskiosk
 * (docs/performance.md).
 *
 *   bench-hello [--chinese] [--picture]
 *
 * --chinese: the label in Chinese, in the kiosk's face (Noto Sans CJK SC);
 * --picture: a 600 × 420 picture under it (an image drawn, as every kiosk
 * page has one): what a hello-world pays for what the kiosk must draw.
 */
#define G_LOG_DOMAIN "bench-hello"

#include "config.h"

#include <gtk/gtk.h>

static gboolean chinese, picture;

static GtkWidget *
content (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *label = gtk_label_new (chinese ? "吉林省社会保障卡自助服务" : "Hello, world");

  if (chinese)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_family_new ("Noto Sans CJK SC"));
      pango_attr_list_insert (attrs, pango_attr_size_new_absolute (44 * PANGO_SCALE));
      gtk_label_set_attributes (GTK_LABEL (label), attrs);
      pango_attr_list_unref (attrs);
    }
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (picture)
    {
      const int width = 600, height = 420, stride = width * 4;
      guint8 *pixels = g_malloc (stride * height);
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GdkTexture) texture = NULL;
      GtkWidget *image;

      /* A gradient: not one colour, so that it is really drawn. */
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            guint8 *p = pixels + y * stride + x * 4;

            p[0] = (guint8) (x * 255 / width);
            p[1] = (guint8) (y * 255 / height);
            p[2] = 128;
            p[3] = 255;
          }
      bytes = g_bytes_new_take (pixels, stride * height);
      texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, stride);
      image = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_widget_set_vexpand (image, TRUE);
      gtk_box_append (GTK_BOX (box), image);
    }
  return box;
}

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
  gtk_window_set_child (GTK_WINDOW (window), content ());
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autoptr (GtkApplication) app
      = gtk_application_new ("cn.jl.hrss.KioskBenchHello", G_APPLICATION_DEFAULT_FLAGS);

  int n = 1;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--chinese"))
      chinese = TRUE;
    else if (g_str_equal (argv[i], "--picture"))
      picture = TRUE;
    else
      argv[n++] = argv[i];
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), n, argv);
}
