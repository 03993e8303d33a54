/* test-text-keyboard.c — the technician's on-screen keyboard on its own
 *
 * Runs under xvfb-run. Keys, ⌫, 清空, the case key and 完成; garbage keys
 * refused with a clear error and nothing changed; every key at least 64 px
 * in portrait (1080 wide) and landscape (1920 × 1080), with a picture of
 * each in $KIOSK_SHOTS (text-keyboard-portrait.png, -landscape.png). The
 * stock and configuration pages with their keyboard (KioskTechTextEditor):
 * fields typed, preset reasons, the site by pinyin, unknown fields and keys
 * refused, and the page within the screen in both orientations.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "kiosk-config-editor.h"
#include "kiosk-tech-config-page.h"
#include "kiosk-tech-stock-page.h"
#include "kiosk-test.h"
#include "kiosk-text-keyboard.h"

static void
on_done (KioskTextKeyboard *keyboard, int *count)
{
  (*count)++;
}

static void
on_changed (KioskTextKeyboard *keyboard, int *count)
{
  (*count)++;
}

static void
test_keys (void)
{
  KioskTextKeyboard *keyboard = KIOSK_TEXT_KEYBOARD (kiosk_text_keyboard_new ());
  const char *serial[] = { "J", "L", "2", "4", "A", "0", "0", "0", "0", "0", "1" };
  const char *garbage[]
      = { "", "AB", "é", "<", " ", "pick:0", "division:长春市", "吉", "\n", "back2", "DONE" };
  int done = 0, changes = 0;

  g_object_ref_sink (keyboard);
  g_signal_connect (keyboard, "done", G_CALLBACK (on_done), &done);
  g_signal_connect (keyboard, "changed", G_CALLBACK (on_changed), &changes);
  g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "");

  for (guint i = 0; i < G_N_ELEMENTS (serial); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_true (kiosk_text_keyboard_press (keyboard, serial[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "JL24A000001");
  g_assert_cmpint (changes, ==, 11);

  /* ⌫ takes the last character; on an empty text it does nothing. */
  g_assert_true (kiosk_text_keyboard_press (keyboard, "back", NULL));
  g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "JL24A00000");
  g_assert_true (kiosk_text_keyboard_press (keyboard, "clear", NULL));
  g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "");
  g_assert_true (kiosk_text_keyboard_press (keyboard, "back", NULL));
  g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "");

  /* The signs of an endpoint, and the case key. */
  g_assert_false (kiosk_text_keyboard_get_lower_case (keyboard));
  g_assert_true (kiosk_text_keyboard_press (keyboard, "case", NULL));
  g_assert_true (kiosk_text_keyboard_get_lower_case (keyboard));
  for (const char *c = "http://center.jl:8443/api_v1-x"; *c; c++)
    {
      char key[2] = { *c, '\0' };
      g_assert_true (kiosk_text_keyboard_press (keyboard, key, NULL));
    }
  g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "http://center.jl:8443/api_v1-x");
  g_assert_true (kiosk_text_keyboard_press (keyboard, "case", NULL));
  g_assert_false (kiosk_text_keyboard_get_lower_case (keyboard));

  /* Garbage: refused with a message, nothing changed, no signal. */
  changes = 0;
  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (kiosk_text_keyboard_press (keyboard, garbage[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, "没有这个按键");
    }
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (kiosk_text_keyboard_press (keyboard, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_false (kiosk_text_keyboard_press (keyboard, "\xff", NULL));
  }
  g_assert_cmpint (changes, ==, 0);
  g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "http://center.jl:8443/api_v1-x");

  /* Too long: the key is refused, the text kept. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *full = g_strnfill (KIOSK_TEXT_KEYBOARD_MAX_CHARS + 20, 'A');

    kiosk_text_keyboard_set_text (keyboard, full);
    g_assert_cmpuint (strlen (kiosk_text_keyboard_get_text (keyboard)), ==,
                      KIOSK_TEXT_KEYBOARD_MAX_CHARS);
    g_assert_false (kiosk_text_keyboard_press (keyboard, "B", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    kiosk_text_keyboard_set_text (keyboard, "卡面污损");
    g_assert_true (kiosk_text_keyboard_press (keyboard, "back", NULL));
    g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "卡面污");
    kiosk_text_keyboard_set_text (keyboard, "\xff\xfe");
    g_assert_cmpstr (kiosk_text_keyboard_get_text (keyboard), ==, "");
  }

  g_assert_cmpint (done, ==, 0);
  g_assert_true (kiosk_text_keyboard_press (keyboard, "done", NULL));
  g_assert_cmpint (done, ==, 1);
  g_object_unref (keyboard);
}

/* Every button's height and width, at least `least` px. */
static void
check_keys (GtkWidget *widget, int least, guint *count)
{
  if (GTK_IS_BUTTON (widget))
    {
      g_assert_cmpint (gtk_widget_get_height (widget), >=, least);
      g_assert_cmpint (gtk_widget_get_width (widget), >=, least);
      (*count)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_keys (child, least, count);
}

static void
shoot (GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("KIOSK_SHOTS");
  GdkPaintable *paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node = NULL;
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL && dir != NULL)
    {
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
      GdkTexture *texture
          = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
      g_autofree char *path = NULL;

      g_mkdir_with_parents (dir, 0755);
      path = g_build_filename (dir, name, NULL);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_object_unref (texture);
    }
  g_clear_pointer (&node, gsk_render_node_unref);
  g_object_unref (paintable);
}

static void
lay_out (GtkWidget *window, int width, int height, const char *shot)
{
  GtkWidget *keyboard = gtk_window_get_child (GTK_WINDOW (window));
  guint count = 0;
  gint64 end;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((gtk_widget_get_width (keyboard) < width - 200 || !gtk_widget_get_mapped (keyboard))
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (keyboard));
  check_keys (keyboard, 64, &count);
  /* 40 characters, case, ⌫, 清空, 完成 and '_'. */
  g_assert_cmpuint (count, ==, 45);
  shoot (window, shot);
}

/* app.technician-key as the application has it: the key to the keyboard. */
static void
key_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  kiosk_text_keyboard_press (user_data, g_variant_get_string (parameter, NULL), NULL);
}

static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_fits (void)
{
  GtkCssProvider *css = gtk_css_provider_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *keyboard = kiosk_text_keyboard_new ();
  int min_width = 0, min_height = 0;
  GSimpleActionGroup *group = g_simple_action_group_new ();
  GSimpleAction *action = g_simple_action_new ("technician-key", G_VARIANT_TYPE_STRING);

  gtk_css_provider_load_from_resource (css, "/cn/jl/hrss/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_child (GTK_WINDOW (window), keyboard);
  g_signal_connect (action, "activate", G_CALLBACK (key_activated), keyboard);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (window, "app", G_ACTION_GROUP (group));
  g_object_unref (action);
  g_object_unref (group);
  kiosk_text_keyboard_set_title (KIOSK_TEXT_KEYBOARD (keyboard), "首张卡号");
  kiosk_text_keyboard_set_text (KIOSK_TEXT_KEYBOARD (keyboard), "JL24A00000");

  /* Portrait: 1080 px less the page's margins; landscape: half the height at most. */
  gtk_widget_measure (keyboard, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 1080 - 96);
  gtk_widget_measure (keyboard, GTK_ORIENTATION_VERTICAL, 1080 - 96, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_height, <=, 600);
  lay_out (window, 1080 - 96, min_height, "text-keyboard-portrait.png");
  /* A touch on a key goes through app.technician-key. */
  g_signal_emit_by_name (find_button (keyboard, "1"), "clicked");
  g_assert_cmpstr (kiosk_text_keyboard_get_text (KIOSK_TEXT_KEYBOARD (keyboard)), ==,
                   "JL24A000001");

  gtk_widget_add_css_class (window, "landscape");
  gtk_widget_measure (keyboard, GTK_ORIENTATION_VERTICAL, 1920 - 96, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_height, <=, 540);
  lay_out (window, 1920 - 96, min_height, "text-keyboard-landscape.png");

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  g_object_unref (css);
}

/* The configuration page with its keyboard open, in both orientations: its
 * least height within the room a page has (1920 or 1080 less the frame's
 * bars, 355 px, and the page's margins, 64 px). */
static int
page_height (GtkWidget *page, int width)
{
  int height = 0;

  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  return height;
}

static void
show_at (GtkWidget *window, int width, int height)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWidget *child = gtk_window_get_child (GTK_WINDOW (window));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  while ((gtk_widget_get_width (child) < width - 200 || !gtk_widget_get_mapped (child))
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  /* A frame or two to lay out what changed. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (child));
}

static void
test_config_page_fits (void)
{
  GtkCssProvider *css = gtk_css_provider_new ();
  GtkCssProvider *tech_css = gtk_css_provider_new ();
  GtkWidget *window = gtk_window_new ();
  KioskTechConfigPage *page = g_object_new (KIOSK_TYPE_TECH_CONFIG_PAGE, NULL);
  GPtrArray *fields = g_ptr_array_new ();
  char kiosk[] = "kiosk", site[] = "site", id[] = "id", site_value[] = "测试服务大厅",
       id_value[] = "JL-UI-TEST-01";
  KioskConfigField site_field = { kiosk, site, "服务网点", TRUE, site_value };
  KioskConfigField id_field = { kiosk, id, "终端编号", TRUE, id_value };
  g_autoptr (GError) error = NULL;

  gtk_css_provider_load_from_resource (css, "/cn/jl/hrss/Kiosk/style.css");
  gtk_css_provider_load_from_resource (tech_css, "/cn/jl/hrss/Kiosk/technician.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (tech_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_ptr_array_add (fields, &id_field);
  g_ptr_array_add (fields, &site_field);
  kiosk_tech_config_page_set_fields (page, fields);
  g_ptr_array_unref (fields);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));

  /* Garbage: an unknown field, a key with no field open. */
  g_assert_false (kiosk_tech_config_page_edit_field (page, "store.state_dir", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (kiosk_tech_config_page_key (page, "A", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Latin: the kiosk ID, typed on. */
  g_assert_true (kiosk_tech_config_page_edit_field (page, "kiosk.id", NULL));
  g_assert_cmpstr (kiosk_tech_config_page_get_editing (page), ==, "kiosk.id");
  g_assert_true (kiosk_tech_config_page_key (page, "back", NULL));
  g_assert_true (kiosk_tech_config_page_key (page, "2", NULL));
  g_assert_cmpstr (kiosk_tech_config_page_get_field (page, "kiosk.id"), ==, "JL-UI-TEST-02");
  g_assert_false (kiosk_tech_config_page_key (page, "pick:0", NULL));
  g_assert_cmpint (page_height (GTK_WIDGET (page), 1080 - 96), <=, 1920 - 355 - 64);

  /* Chinese: the site by pinyin. */
  g_assert_true (kiosk_tech_config_page_edit_field (page, "kiosk.site", NULL));
  g_assert_true (kiosk_tech_config_page_key (page, "clear", NULL));
  for (const char *c = "changchun"; *c; c++)
    {
      char key[2] = { *c, '\0' };
      g_assert_true (kiosk_tech_config_page_key (page, key, NULL));
    }
  g_assert_true (kiosk_tech_config_page_key (page, "pick:0", NULL));
  g_assert_false (kiosk_tech_config_page_key (page, "pick:99", NULL));
  g_assert_cmpstr (kiosk_tech_config_page_get_field (page, "kiosk.site"), ==, "长春");
  g_assert_cmpint (page_height (GTK_WIDGET (page), 1080 - 96), <=, 1920 - 355 - 64);
  gtk_widget_add_css_class (window, "landscape");
  kiosk_page_set_layout_orientation (KIOSK_PAGE (page), GTK_ORIENTATION_HORIZONTAL);
  g_assert_cmpint (page_height (GTK_WIDGET (page), 1920 - 96), <=, 1080 - 355 - 64);
  show_at (window, 1920 - 96, 1080 - 355 - 64);
  shoot (window, "technician-config-pinyin-landscape.png");
  /* 完成 closes; the Latin keyboard in landscape fits as well. */
  g_assert_true (kiosk_tech_config_page_key (page, "done", NULL));
  g_assert_cmpstr (kiosk_tech_config_page_get_editing (page), ==, "");
  g_assert_true (kiosk_tech_config_page_edit_field (page, "kiosk.id", NULL));
  g_assert_cmpint (page_height (GTK_WIDGET (page), 1920 - 96), <=, 1080 - 355 - 64);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (tech_css));
  g_object_unref (css);
  g_object_unref (tech_css);
}

/* The stock page: its four fields typed, the preset reasons, garbage refused,
 * and the page with the keyboard open within the room of both orientations. */
static void
test_stock_page (void)
{
  GtkCssProvider *css = gtk_css_provider_new ();
  GtkWidget *window = gtk_window_new ();
  KioskTechStockPage *page = g_object_new (KIOSK_TYPE_TECH_STOCK_PAGE, NULL);
  g_autoptr (GError) error = NULL;

  gtk_css_provider_load_from_resource (css, "/cn/jl/hrss/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));

  g_assert_false (kiosk_tech_stock_page_edit_field (page, "kiosk.site", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (kiosk_tech_stock_page_edit_field (page, NULL, NULL));
  g_assert_false (kiosk_tech_stock_page_key (page, "J", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (kiosk_tech_stock_page_edit_field (page, "load-serial", NULL));
  for (const char *c = "JL24A000001"; *c; c++)
    {
      char key[2] = { *c, '\0' };
      g_assert_true (kiosk_tech_stock_page_key (page, key, NULL));
    }
  g_assert_false (kiosk_tech_stock_page_key (page, "division:长春市", NULL));
  g_assert_cmpstr (kiosk_tech_stock_page_get_field (page, "load-serial"), ==, "JL24A000001");
  g_assert_cmpint (page_height (GTK_WIDGET (page), 1080 - 96), <=, 1920 - 355 - 64);
  gtk_widget_add_css_class (window, "landscape");
  kiosk_page_set_layout_orientation (KIOSK_PAGE (page), GTK_ORIENTATION_HORIZONTAL);
  g_assert_cmpint (page_height (GTK_WIDGET (page), 1920 - 96), <=, 1080 - 355 - 64);
  /* Another field: the keyboard moves to it. */
  g_assert_true (kiosk_tech_stock_page_edit_field (page, "load-count", NULL));
  g_assert_cmpstr (kiosk_tech_stock_page_get_editing (page), ==, "load-count");
  g_assert_true (kiosk_tech_stock_page_key (page, "2", NULL));
  g_assert_true (kiosk_tech_stock_page_key (page, "0", NULL));
  g_assert_true (kiosk_tech_stock_page_key (page, "done", NULL));
  g_assert_cmpstr (kiosk_tech_stock_page_get_editing (page), ==, "");
  g_assert_cmpstr (kiosk_tech_stock_page_get_field (page, "load-count"), ==, "20");
  g_assert_cmpstr (kiosk_tech_stock_page_get_field (page, "load-serial"), ==, "JL24A000001");
  g_assert_null (kiosk_tech_stock_page_get_field (page, "nonsense"));

  /* Reasons: the presets only; free text by the keys. */
  g_assert_true (kiosk_tech_stock_page_set_reason (page, "卡角弯折", NULL));
  g_assert_cmpstr (kiosk_tech_stock_page_get_field (page, "card-reason"), ==, "卡角弯折");
  g_assert_false (kiosk_tech_stock_page_set_reason (page, "随便写", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (kiosk_tech_stock_page_set_reason (page, NULL, NULL));
  g_assert_cmpstr (kiosk_tech_stock_page_get_field (page, "card-reason"), ==, "卡角弯折");
  g_assert_true (kiosk_tech_stock_page_edit_field (page, "card-reason", NULL));
  g_assert_true (kiosk_tech_stock_page_key (page, "back", NULL));
  g_assert_cmpstr (kiosk_tech_stock_page_get_field (page, "card-reason"), ==, "卡角弯");
  g_assert_true (kiosk_tech_stock_page_key (page, "clear", NULL));
  g_assert_true (kiosk_tech_stock_page_key (page, "X", NULL));
  g_assert_cmpstr (kiosk_tech_stock_page_get_field (page, "card-reason"), ==, "X");

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  g_object_unref (css);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run through meson test, under xvfb-run)\n");
      return 77;
    }
  g_test_add_func ("/ui/text-keyboard/keys", test_keys);
  g_test_add_func ("/ui/text-keyboard/fits", test_fits);
  g_test_add_func ("/ui/text-keyboard/config-page", test_config_page_fits);
  g_test_add_func ("/ui/text-keyboard/stock-page", test_stock_page);
  return kiosk_test_run ();
}
