/* test-ui-widgets.c — the UI's widgets on their own, garbage included
 *
 * Runs under xvfb-run (GTK needs a display). The widgets are the real ones,
 * built from the program's gresource; what the citizen sees (the keypad's
 * display, grouped numbers, the chosen bank, the rule cited) is read back
 * from the widgets themselves.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "kiosk-address-keyboard.h"
#include "kiosk-bank-chooser.h"
#include "kiosk-divisions.h"
#include "kiosk-paths.h"
#include "kiosk-pinyin-table.h"
#include "kiosk-countdown.h"
#include "kiosk-keypad.h"
#include "kiosk-number-label.h"
#include "kiosk-page-frame.h"
#include "kiosk-qr-code.h"
#include "kiosk-refusal-view.h"
#include "kiosk-signature-pad.h"
#include "kiosk-step-indicator.h"
#include "kiosk-step-list.h"
#include "kiosk-test.h"
#include "kiosk-working-page.h"

/* The label of the first descendant label whose text satisfies nothing in
 * particular: a depth-first list of every label's text, joined by '|'. */
static void
collect_labels (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
labels_of (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);
  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

/* ---- keypad --------------------------------------------------------------- */

static void
test_keypad (void)
{
  KioskKeypad *keypad = g_object_ref_sink (
      g_object_new (KIOSK_TYPE_KEYPAD, "max-length", 6, "grouping", "3,4", NULL));
  g_autofree char *shown = NULL;

  for (const char *k = "123456"; *k; k++)
    {
      char key[2] = { *k, 0 };
      g_assert_true (kiosk_keypad_press (keypad, key));
    }
  g_assert_cmpstr (kiosk_keypad_get_text (keypad), ==, "123456");
  /* Full: one more digit is refused and changes nothing. */
  g_assert_false (kiosk_keypad_press (keypad, "7"));
  g_assert_cmpstr (kiosk_keypad_get_text (keypad), ==, "123456");
  shown = labels_of (GTK_WIDGET (keypad));
  g_assert_nonnull (strstr (shown, "123 456|"));

  /* X only where the field allows it. */
  g_assert_true (kiosk_keypad_press (keypad, "back"));
  g_assert_false (kiosk_keypad_press (keypad, "X"));
  g_object_set (keypad, "allow-x", TRUE, NULL);
  g_assert_true (kiosk_keypad_press (keypad, "x"));
  g_assert_cmpstr (kiosk_keypad_get_text (keypad), ==, "12345X");

  /* Garbage keys are refused, never a crash. */
  g_assert_false (kiosk_keypad_press (keypad, NULL));
  g_assert_false (kiosk_keypad_press (keypad, ""));
  g_assert_false (kiosk_keypad_press (keypad, "12"));
  g_assert_false (kiosk_keypad_press (keypad, "%"));
  g_assert_false (kiosk_keypad_press (keypad, "é"));
  g_assert_false (kiosk_keypad_press (keypad, "\xff"));
  g_assert_cmpstr (kiosk_keypad_get_text (keypad), ==, "12345X");

  g_assert_true (kiosk_keypad_press (keypad, "clear"));
  g_assert_cmpstr (kiosk_keypad_get_text (keypad), ==, "");
  g_assert_true (kiosk_keypad_press (keypad, "back")); /* on empty: nothing to do */
  kiosk_keypad_set_text (keypad, NULL);
  g_assert_cmpstr (kiosk_keypad_get_text (keypad), ==, "");

  kiosk_keypad_set_error (keypad, "手机号码应为11位数字");
  g_free (shown);
  shown = labels_of (GTK_WIDGET (keypad));
  g_assert_nonnull (strstr (shown, "手机号码应为11位数字"));
  /* A key clears the error. */
  g_assert_true (kiosk_keypad_press (keypad, "1"));
  g_free (shown);
  shown = labels_of (GTK_WIDGET (keypad));
  g_assert_null (strstr (shown, "手机号码应为11位数字"));
  g_object_unref (keypad);
}

/* ---- grouped numbers -------------------------------------------------------- */

static void
test_number_grouping (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "043185570725", "0431 8557 0725" },
    { "0431-85570725", "0431 8557 0725" },
    { "0431 8557 0725", "0431 8557 0725" },
    { "2201**********123X", "2201 **** **** **12 3X" },
    { "D*******S", "D*** **** S" },
    { "", "" },
    { "12", "12" },
    { "---", "" },
    { "12\xff"
      "34",
      "12" }, /* invalid UTF-8 ends the number */
  };
  GtkWidget *label = g_object_ref_sink (kiosk_number_label_new ());

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *grouped = kiosk_number_label_group (cases[i].in);
      g_assert_cmpstr (grouped, ==, cases[i].out);
    }
  {
    g_autofree char *grouped = kiosk_number_label_group (NULL);
    g_assert_cmpstr (grouped, ==, "");
  }

  /* Personal numbers are masked before they are shown. */
  kiosk_number_label_set_masked (KIOSK_NUMBER_LABEL (label), KIOSK_MASK_ID_NUMBER,
                                 "220102198503120019");
  g_assert_null (strstr (kiosk_number_label_get_text (KIOSK_NUMBER_LABEL (label)), "19850312"));
  g_assert_true (
      g_str_has_prefix (kiosk_number_label_get_text (KIOSK_NUMBER_LABEL (label)), "2201 ****"));
  kiosk_number_label_set_masked (KIOSK_NUMBER_LABEL (label), KIOSK_MASK_ID_NUMBER, NULL);
  g_assert_cmpstr (kiosk_number_label_get_text (KIOSK_NUMBER_LABEL (label)), ==, "");
  g_object_unref (label);
}

/* ---- signature --------------------------------------------------------------- */

static GVariant *
stroke (const double *xy, guint n)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(dd)"));
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&builder, "(dd)", xy[2 * i], xy[2 * i + 1]);
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static void
test_signature_pad (void)
{
  KioskSignaturePad *pad = g_object_ref_sink (g_object_new (KIOSK_TYPE_SIGNATURE_PAD, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GVariant) empty = stroke (NULL, 0);
  g_autoptr (GVariant) wrong = g_variant_ref_sink (g_variant_new_strv (NULL, 0));
  const double line[] = { 0.1, 0.5, 0.5, 0.5, 0.9, 0.5 };
  const double wild[] = { NAN, INFINITY, -5, 7, 0.5, -INFINITY };
  g_autoptr (GVariant) line_stroke = stroke (line, 3);
  g_autoptr (GVariant) wild_stroke = stroke (wild, 3);
  guint8 *pixels;
  gsize stride = 720 * 4;
  guint dark = 0;

  /* Nothing signed: no picture, a reason. */
  png = kiosk_signature_pad_to_png (pad, 720, 240, &error);
  g_assert_null (png);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_false (kiosk_signature_pad_add_stroke (pad, empty));
  g_assert_false (kiosk_signature_pad_add_stroke (pad, wrong));
  g_assert_true (kiosk_signature_pad_is_empty (pad));

  /* Out-of-range and NaN coordinates are clamped, not trusted. */
  g_assert_true (kiosk_signature_pad_add_stroke (pad, wild_stroke));
  g_assert_true (kiosk_signature_pad_add_stroke (pad, line_stroke));
  g_assert_cmpuint (kiosk_signature_pad_get_n_strokes (pad), ==, 2);

  png = kiosk_signature_pad_to_png (pad, 720, 240, &error);
  g_assert_no_error (error);
  texture = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 720);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 240);
  pixels = g_malloc (stride * 240);
  gdk_texture_download (texture, pixels, stride);
  /* Ink along the middle line, white elsewhere. */
  for (guint x = 100; x < 620; x++)
    if (pixels[120 * stride + x * 4 + 1] < 64)
      dark++;
  g_assert_cmpuint (dark, >, 400);
  g_assert_cmpuint (pixels[10 * stride + 600 * 4 + 1], ==, 255);
  g_free (pixels);

  kiosk_signature_pad_clear (pad);
  g_assert_true (kiosk_signature_pad_is_empty (pad));
  g_object_unref (pad);
}

/* ---- QR code, steps, countdown ------------------------------------------------ */

static void
test_qr_code (void)
{
  KioskQrCode *qr = g_object_ref_sink (g_object_new (KIOSK_TYPE_QR_CODE, NULL));
  g_autofree char *huge = g_strnfill (10000, 'A');

  g_assert_true (kiosk_qr_code_set_payload (qr, NULL));
  g_assert_cmpuint (kiosk_qr_code_get_size (qr), ==, 0);
  g_assert_true (kiosk_qr_code_set_payload (qr, "SIM-GC-0000001"));
  g_assert_cmpuint (kiosk_qr_code_get_size (qr), >=, 21);
  /* Too long for any QR code: refused, and nothing half drawn. */
  g_assert_false (kiosk_qr_code_set_payload (qr, huge));
  g_assert_cmpuint (kiosk_qr_code_get_size (qr), ==, 0);
  g_object_unref (qr);
}

static void
test_step_list (void)
{
  KioskStepList *list = g_object_ref_sink (g_object_new (KIOSK_TYPE_STEP_LIST, NULL));
  KioskFlowStep steps[] = {
    { "form", "填写信息", KIOSK_FLOW_STEP_DONE, 60, FALSE },
    { "apply", "提交申请", KIOSK_FLOW_STEP_DONE, 10, TRUE },
    { "print", "打印卡面", KIOSK_FLOW_STEP_CURRENT, 20, TRUE },
    { "eject", "出卡", KIOSK_FLOW_STEP_PENDING, 10, TRUE },
  };
  g_autoptr (GPtrArray) array = g_ptr_array_new ();
  g_autofree char *shown = NULL;
  char *text;

  text = kiosk_step_list_format_seconds (0);
  g_assert_cmpstr (text, ==, "马上就好");
  g_free (text);
  text = kiosk_step_list_format_seconds (45);
  g_assert_cmpstr (text, ==, "约 45 秒");
  g_free (text);
  text = kiosk_step_list_format_seconds (120);
  g_assert_cmpstr (text, ==, "约 2 分钟");
  g_free (text);
  text = kiosk_step_list_format_seconds (80);
  g_assert_cmpstr (text, ==, "约 1 分 20 秒");
  g_free (text);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_ptr_array_add (array, &steps[i]);
  kiosk_step_list_set_steps (list, array, 30);
  /* Only production counts: 10 of 40 typical seconds are done. */
  g_assert_cmpfloat_with_epsilon (kiosk_step_list_get_fraction (list), 0.25, 1e-9);
  shown = labels_of (GTK_WIDGET (list));
  g_assert_nonnull (strstr (shown, "预计还需 约 30 秒"));
  g_assert_nonnull (strstr (shown, "打印卡面|正在进行"));
  g_assert_null (strstr (shown, "填写信息"));

  kiosk_step_list_set_steps (list, NULL, 0);
  g_assert_cmpfloat (kiosk_step_list_get_fraction (list), ==, 0.0);
  g_object_unref (list);
}

static void
test_step_indicator_and_countdown (void)
{
  KioskStepIndicator *steps = g_object_ref_sink (g_object_new (KIOSK_TYPE_STEP_INDICATOR, NULL));
  KioskCountdown *countdown = g_object_ref_sink (g_object_new (KIOSK_TYPE_COUNTDOWN, NULL));
  const char *labels[] = { "读取身份证", "拍照", "填写信息", "确认", "制卡", NULL };
  g_autofree char *shown = NULL;

  kiosk_step_indicator_set_steps (steps, labels, 3);
  shown = labels_of (GTK_WIDGET (steps));
  g_assert_cmpstr (shown, ==, "✓ 读取身份证|✓ 拍照|③ 填写信息|④ 确认|⑤ 制卡|");
  kiosk_step_indicator_set_steps (steps, NULL, 7);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (steps)));

  kiosk_countdown_set_seconds (countdown, 0, FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (countdown)));
  kiosk_countdown_set_seconds (countdown, 42, FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (countdown)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (countdown), "warning"));
  kiosk_countdown_set_seconds (countdown, 12, TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (countdown), "warning"));
  g_assert_cmpuint (kiosk_countdown_get_seconds (countdown), ==, 12);
  g_free (shown);
  shown = labels_of (GTK_WIDGET (countdown));
  /* Near the end it says so in words, not only in colour. */
  g_assert_nonnull (strstr (shown, "回首页"));
  g_object_unref (steps);
  g_object_unref (countdown);
}

/* ---- the catalog's widgets ------------------------------------------------------- */

static void
test_bank_chooser_and_refusal (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCatalog) catalog = kiosk_catalog_load (NULL, &error);
  KioskBankChooser *chooser = g_object_ref_sink (g_object_new (KIOSK_TYPE_BANK_CHOOSER, NULL));
  KioskRefusalView *view = g_object_ref_sink (g_object_new (KIOSK_TYPE_REFUSAL_VIEW, NULL));
  g_autoptr (KioskRefusal) refusal = NULL;
  g_autofree char *shown = NULL;
  guint chosen = 0;
  char *p;

  g_assert_no_error (error);
  kiosk_bank_chooser_set_catalog (chooser, catalog);
  kiosk_bank_chooser_set_selected (chooser, "icbc");
  kiosk_bank_chooser_set_selected (chooser, "jlbank");
  g_assert_cmpstr (kiosk_bank_chooser_get_selected (chooser), ==, "jlbank");
  shown = labels_of (GTK_WIDGET (chooser));
  /* Seven banks, exactly one marked (R5). */
  for (p = shown; (p = strstr (p, "✓")) != NULL; p++)
    chosen++;
  g_assert_cmpuint (chosen, ==, 1);
  g_assert_nonnull (strstr (shown, "✓ 吉林银行"));
  g_assert_nonnull (strstr (shown, "工商银行|"));
  kiosk_bank_chooser_set_selected (chooser, "no-such-bank");
  g_free (shown);
  shown = labels_of (GTK_WIDGET (chooser));
  g_assert_null (strstr (shown, "✓"));

  refusal = kiosk_refusal_new (8, "正式挂失须在临时挂失后7日内办理。", "请到窗口办理。",
                               "icbc-nandajie");
  kiosk_refusal_view_set_refusal (view, refusal, catalog);
  g_assert_cmpstr (kiosk_refusal_view_get_rule_text (view), ==, "依据 R8");
  g_free (shown);
  shown = labels_of (GTK_WIDGET (view));
  g_assert_nonnull (strstr (shown, "工商银行南大街支行"));
  g_assert_nonnull (strstr (shown, "0431 8862 2067"));

  /* An unknown window key: the general advice, never a crash. */
  g_clear_pointer (&refusal, kiosk_refusal_free);
  refusal = kiosk_refusal_new (17, "不办理。", "请到窗口。", "no-such-window");
  kiosk_refusal_view_set_refusal (view, refusal, catalog);
  g_assert_cmpstr (kiosk_refusal_view_get_rule_text (view), ==, "依据 R17");
  g_free (shown);
  shown = labels_of (GTK_WIDGET (view));
  g_assert_nonnull (strstr (shown, "12333"));

  kiosk_refusal_view_set_refusal (view, NULL, NULL);
  g_assert_cmpstr (kiosk_refusal_view_get_rule_text (view), ==, "");
  g_object_unref (chooser);
  g_object_unref (view);
}

/* ---- the frame ------------------------------------------------------------------- */

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
test_page_frame (void)
{
  KioskPageFrame *frame = g_object_ref_sink (g_object_new (KIOSK_TYPE_PAGE_FRAME, NULL));
  KioskPage *first = g_object_new (KIOSK_TYPE_WORKING_PAGE, "page-id", "one", "heading", "第一页",
                                   "primary-label", "下一步", "can-back", TRUE, NULL);
  KioskPage *second = g_object_new (KIOSK_TYPE_WORKING_PAGE, "page-id", "two", "can-back", FALSE,
                                    "can-cancel", FALSE, NULL);
  GtkWidget *back, *cancel, *primary;
  g_autoptr (GPtrArray) pages = NULL;
  g_autofree char *shown = NULL;

  kiosk_page_frame_add_page (frame, first);
  kiosk_page_frame_add_page (frame, second);
  pages = kiosk_page_frame_list_pages (frame);
  g_assert_cmpuint (pages->len, ==, 2);
  g_assert_true (kiosk_page_frame_get_page (frame, "two") == second);
  g_assert_null (kiosk_page_frame_get_page (frame, "three"));

  kiosk_page_frame_set_visible_page (frame, first);
  back = find_button (GTK_WIDGET (frame), "‹ 返回");
  cancel = find_button (GTK_WIDGET (frame), "取消·回到首页");
  primary = find_button (GTK_WIDGET (frame), "下一步");
  g_assert_nonnull (back);
  g_assert_nonnull (cancel);
  g_assert_nonnull (primary);
  g_assert_false (gtk_widget_has_css_class (back, "vacant"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (primary)), ==, "app.next");

  /* A page without 返回 and 取消: the buttons keep their places, untouchable. */
  kiosk_page_frame_set_visible_page (frame, second);
  g_assert_true (gtk_widget_has_css_class (back, "vacant"));
  g_assert_true (gtk_widget_has_css_class (cancel, "vacant"));
  g_assert_true (gtk_widget_has_css_class (primary, "vacant"));
  g_assert_false (gtk_widget_get_can_target (back));
  g_assert_true (gtk_widget_get_visible (back));
  /* The page changes its mind: the frame follows. */
  kiosk_page_set_can_back (second, TRUE);
  g_assert_false (gtk_widget_has_css_class (back, "vacant"));

  kiosk_page_frame_set_error (frame, "请选择一家联名银行");
  shown = labels_of (GTK_WIDGET (frame));
  g_assert_nonnull (strstr (shown, "请选择一家联名银行"));
  /* A new page starts without the old error. */
  kiosk_page_frame_set_visible_page (frame, first);
  g_free (shown);
  shown = labels_of (GTK_WIDGET (frame));
  g_assert_null (strstr (shown, "请选择一家联名银行"));

  kiosk_page_frame_show_warning (frame, 17);
  g_assert_true (kiosk_page_frame_get_warning_visible (frame));
  g_free (shown);
  shown = labels_of (GTK_WIDGET (frame));
  g_assert_nonnull (strstr (shown, "17 秒后将回到首页"));
  kiosk_page_frame_hide_warning (frame);
  g_assert_false (kiosk_page_frame_get_warning_visible (frame));
  g_object_unref (frame);
}

/* ---- the address keyboard ------------------------------------------------ */

static char *
data_file (const char *name)
{
  return kiosk_paths_data_file (name);
}

static void
test_pinyin_table (void)
{
  g_autofree char *path = data_file ("address-pinyin.ini");
  g_autofree char *divisions_path = data_file ("jilin-divisions.ini");
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPinyinTable) table = kiosk_pinyin_table_new_from_file (path, &error);
  g_autoptr (KioskDivisions) divisions = NULL;
  g_autoptr (GPtrArray) found = NULL;
  const KioskPinyinCandidate *first;
  const char *const *cities;
  const char *bad[][2] = {
    { "[pinyin]\nLu=路\n", "Lu" }, { "[pinyin]\nlu=路;;街\n", "lu" },
    { "[pinyin]\nlu=\n", "lu" },   { "[pinyin]\nlu=这是一个很长很长很长很长的候选词语呀\n", "lu" },
    { "[pinyin]\n", "empty" },     { "[other]\nlu=路\n", "pinyin" },
    { "\xff\xfe", "UTF-8" },       { "lu=路", NULL },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_pinyin_table_get_size (table), >, 200);
  /* The letters as a whole first, then the words beginning with them. */
  found = kiosk_pinyin_table_lookup (table, "lu", 0);
  first = g_ptr_array_index (found, 0);
  g_assert_cmpstr (first->text, ==, "路");
  g_assert_cmpuint (first->consumed, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kiosk_pinyin_table_lookup (table, "changc", 0);
  first = g_ptr_array_index (found, 0);
  g_assert_cmpstr (first->text, ==, "长春");
  g_clear_pointer (&found, g_ptr_array_unref);
  /* No such pinyin: the longest syllable at the start, consuming only it. */
  found = kiosk_pinyin_table_lookup (table, "lushi", 0);
  first = g_ptr_array_index (found, 0);
  g_assert_cmpstr (first->text, ==, "路");
  g_assert_cmpuint (first->consumed, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* Garbage: nothing, never a crash. */
  for (guint i = 0; i < 5; i++)
    {
      const char *letters[] = { "", "LU", "l u", "\xff", "abcdefghijklmnopqrstuvwxyz" };

      found = kiosk_pinyin_table_lookup (table, letters[i], 0);
      g_assert_cmpuint (found->len, ==, 0);
      g_clear_pointer (&found, g_ptr_array_unref);
    }
  found = kiosk_pinyin_table_lookup (table, "z", 3);
  g_assert_cmpuint (found->len, ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Every name of the divisions file can be typed by pinyin. */
  divisions = kiosk_divisions_new_from_file (divisions_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_divisions_get_province (divisions), ==, "吉林省");
  cities = kiosk_divisions_get_cities (divisions);
  g_assert_cmpuint (g_strv_length ((GStrv) cities), ==, 9);
  g_assert_true (kiosk_pinyin_table_can_type (table, kiosk_divisions_get_province (divisions)));
  for (guint i = 0; cities[i] != NULL; i++)
    {
      const char *const *districts = kiosk_divisions_get_districts (divisions, cities[i]);

      g_assert_true (kiosk_pinyin_table_can_type (table, cities[i]));
      g_assert_nonnull (districts);
      for (guint j = 0; districts[j] != NULL; j++)
        {
          g_assert_true (kiosk_pinyin_table_can_type (table, districts[j]));
          g_assert_cmpstr (kiosk_divisions_city_of (divisions, districts[j]), ==, cities[i]);
        }
    }
  g_assert_true (kiosk_pinyin_table_can_type (table, "红旗街1号2栋3单元401室-5小区村镇乡"));
  g_assert_false (kiosk_pinyin_table_can_type (table, "龘"));
  g_assert_false (kiosk_divisions_contains (divisions, "北京市"));
  g_assert_null (kiosk_divisions_get_districts (divisions, "北京市"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (KioskPinyinTable) broken
          = kiosk_pinyin_table_new_from_data (bad[i][0], strlen (bad[i][0]), &error);

      g_assert_null (broken);
      g_assert_nonnull (error);
      if (bad[i][1] != NULL)
        g_assert_nonnull (strstr (error->message, bad[i][1]));
      g_clear_error (&error);
    }
  {
    const char *broken_divisions[] = {
      "[province]\ncode=220000\nname=吉林省\ncities=nowhere\n",
      "[province]\ncode=22\nname=吉林省\ncities=\n",
      "[province]\ncode=220000\nname=\ncities=a\n",
      "[province]\ncode=220000\nname=吉林省\ncities=a\n[a]\ncode=220100\nname=长春市\n"
      "districts=南关区;;宽城区\n",
      "[city]\ncode=220100\nname=长春市\n",
      "\xff",
    };

    for (guint i = 0; i < G_N_ELEMENTS (broken_divisions); i++)
      {
        g_autoptr (KioskDivisions) broken = kiosk_divisions_new_from_data (
            broken_divisions[i], strlen (broken_divisions[i]), &error);

        g_assert_null (broken);
        g_assert_nonnull (error);
        g_clear_error (&error);
      }
  }
}

static void
press_all (KioskAddressKeyboard *keyboard, const char *const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (kiosk_address_keyboard_press (keyboard, keys[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_address_keyboard (void)
{
  KioskAddressKeyboard *keyboard
      = g_object_ref_sink (KIOSK_ADDRESS_KEYBOARD (kiosk_address_keyboard_new ()));
  const char *const typing[] = { "division:吉林省",
                                 "division:长春市",
                                 "division:朝阳区",
                                 "h",
                                 "o",
                                 "n",
                                 "g",
                                 "q",
                                 "i",
                                 "pick:1",
                                 "1",
                                 "h",
                                 "a",
                                 "o",
                                 "pick:0",
                                 "-",
                                 "2",
                                 NULL };
  const char *const *candidates;
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = NULL;
  GString *many = g_string_new (NULL);

  /* Without its data: digits only, and letters refused with a reason. */
  g_assert_true (kiosk_address_keyboard_press (keyboard, "7", &error));
  g_assert_false (kiosk_address_keyboard_press (keyboard, "a", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (
      kiosk_address_keyboard_load_data (keyboard, "/nonexistent/pinyin.ini", NULL, &error));
  g_clear_error (&error);
  g_assert_true (kiosk_address_keyboard_load_data (keyboard, NULL, NULL, &error));
  g_assert_no_error (error);
  press_all (keyboard, (const char *const[]){ "clear", NULL });
  g_assert_cmpstr (kiosk_address_keyboard_get_text (keyboard), ==, "");

  press_all (keyboard, typing);
  g_assert_cmpstr (kiosk_address_keyboard_get_text (keyboard), ==, "吉林省长春市朝阳区红旗街1号-2");
  shown = labels_of (GTK_WIDGET (keyboard));
  g_assert_nonnull (strstr (shown, "吉林省长春市朝阳区红旗街1号-2"));
  /* Candidates come with the letters, and pages of them. */
  press_all (keyboard, (const char *const[]){ "z", "h", NULL });
  g_assert_cmpstr (kiosk_address_keyboard_get_pinyin (keyboard), ==, "zh");
  candidates = kiosk_address_keyboard_get_candidates (keyboard);
  g_assert_nonnull (candidates[0]);
  g_assert_nonnull (candidates[KIOSK_ADDRESS_CANDIDATES - 1]);
  press_all (keyboard, (const char *const[]){ "next", "prev", "back", "back", NULL });
  g_assert_cmpstr (kiosk_address_keyboard_get_pinyin (keyboard), ==, "");
  g_assert_false (kiosk_address_keyboard_press (keyboard, "prev", &error));
  g_clear_error (&error);
  /* ⌫ without pinyin takes a whole character. */
  press_all (keyboard, (const char *const[]){ "back", "back", NULL });
  g_assert_cmpstr (kiosk_address_keyboard_get_text (keyboard), ==, "吉林省长春市朝阳区红旗街1号");
  /* A choice a letter left over does not make: the pinyin stays. */
  press_all (keyboard, (const char *const[]){ "l", "u", "s", "h", "i", "pick:0", NULL });
  g_assert_cmpstr (kiosk_address_keyboard_get_pinyin (keyboard), ==, "shi");
  g_assert_true (g_str_has_suffix (kiosk_address_keyboard_get_text (keyboard), "路"));

  /* Garbage keys: refused, nothing changes. */
  {
    g_autofree char *before = g_strdup (kiosk_address_keyboard_get_text (keyboard));
    const char *garbage[]
        = { "",          "A",    "ab",    "pick:9", "pick:-1", "pick:x", "division:北京市",
            "division:", "\xff", "enter", "next" };

    press_all (keyboard, (const char *const[]){ "back", "back", "back", NULL });
    for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
      {
        g_assert_false (kiosk_address_keyboard_press (keyboard, garbage[i], &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
    g_assert_false (kiosk_address_keyboard_press (keyboard, NULL, &error));
    g_clear_error (&error);
    g_assert_cmpstr (kiosk_address_keyboard_get_text (keyboard), ==, before);
  }
  /* At most 24 letters and 100 characters. */
  for (guint i = 0; i < 24; i++)
    press_all (keyboard, (const char *const[]){ "a", NULL });
  g_assert_false (kiosk_address_keyboard_press (keyboard, "a", &error));
  g_clear_error (&error);
  for (guint i = 0; i < KIOSK_ADDRESS_MAX_CHARS + 10; i++)
    g_string_append (many, "路");
  kiosk_address_keyboard_set_text (keyboard, many->str);
  g_assert_cmpint (g_utf8_strlen (kiosk_address_keyboard_get_text (keyboard), -1), ==,
                   KIOSK_ADDRESS_MAX_CHARS);
  g_assert_false (kiosk_address_keyboard_press (keyboard, "1", &error));
  g_clear_error (&error);
  kiosk_address_keyboard_set_text (keyboard, "\xff\xfe");
  g_assert_cmpstr (kiosk_address_keyboard_get_text (keyboard), ==, "");
  g_string_free (many, TRUE);
  g_object_unref (keyboard);
}

/* The keyboard with the program's CSS fits the page in both orientations
 * (a page wider than the screen is cut off at both sides — the AT-SPI
 * extents of the UI suite do not show that). */
static void
test_address_keyboard_fits (void)
{
  GtkCssProvider *css = gtk_css_provider_new ();
  GtkWidget *window = gtk_window_new ();
  KioskAddressKeyboard *keyboard = KIOSK_ADDRESS_KEYBOARD (kiosk_address_keyboard_new ());
  g_autoptr (GError) error = NULL;
  int min_width = 0, min_height = 0;

  gtk_css_provider_load_from_resource (css, "/cn/jl/hrss/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (keyboard));
  g_assert_true (kiosk_address_keyboard_load_data (keyboard, NULL, NULL, &error));
  g_assert_no_error (error);
  kiosk_address_keyboard_set_text (keyboard, "吉林省长春市朝阳区红旗街1号2栋3单元401室");

  /* Portrait: 1080 px less the page's margins (style.css .page-area). */
  gtk_widget_measure (GTK_WIDGET (keyboard), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  g_assert_cmpint (min_width, <=, 1080 - 96);
  gtk_widget_measure (GTK_WIDGET (keyboard), GTK_ORIENTATION_VERTICAL, 1080 - 96, &min_height, NULL,
                      NULL, NULL);
  g_assert_cmpint (min_height, <=, 1400);

  /* Landscape: beside each other, at most 615 px high: of 1080, the
   * frame's bars take 355, the page's margins 64, the editor's row of
   * buttons 88 (72 px buttons, 16 spacing) — measured on the UI suite's
   * landscape-form-details-address.png. */
  gtk_widget_add_css_class (window, "landscape");
  g_object_set (keyboard, "layout-orientation", GTK_ORIENTATION_HORIZONTAL, NULL);
  gtk_widget_measure (GTK_WIDGET (keyboard), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  g_assert_cmpint (min_width, <=, 1920 - 96);
  gtk_widget_measure (GTK_WIDGET (keyboard), GTK_ORIENTATION_VERTICAL, 1920 - 96, &min_height, NULL,
                      NULL, NULL);
  g_assert_cmpint (min_height, <=, 615);

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
  g_test_add_func ("/ui/keypad", test_keypad);
  g_test_add_func ("/ui/number-grouping", test_number_grouping);
  g_test_add_func ("/ui/signature-pad", test_signature_pad);
  g_test_add_func ("/ui/qr-code", test_qr_code);
  g_test_add_func ("/ui/step-list", test_step_list);
  g_test_add_func ("/ui/step-indicator-countdown", test_step_indicator_and_countdown);
  g_test_add_func ("/ui/bank-chooser-refusal", test_bank_chooser_and_refusal);
  g_test_add_func ("/ui/page-frame", test_page_frame);
  g_test_add_func ("/ui/pinyin-table-divisions", test_pinyin_table);
  g_test_add_func ("/ui/address-keyboard", test_address_keyboard);
  g_test_add_func ("/ui/address-keyboard-fits", test_address_keyboard_fits);
  return kiosk_test_run ();
}
