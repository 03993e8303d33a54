/* test-lazy-pages.c — pages built when first shown (issue 9, docs/performance.md)
 *
 * KioskPageFrame's lazy pages on their own (a factory called once, on the
 * first lookup; a failing or wrong factory refused and tried again), and the
 * real main window: at start only the recovery and the attract pages exist,
 * and every other page the flows show is built, with the right id, the first
 * time it is shown. Runs under xvfb-run (GTK needs a display).
 */
#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-main-window.h"
#include "kiosk-page-frame.h"
#include "kiosk-test.h"
#include "kiosk-working-page.h"

typedef struct
{
  guint calls;
  const char *make_id; /* the id the factory gives its page; NULL: fails */
} Factory;

static KioskPage *
factory_cb (KioskPageFrame *frame, const char *page_id, gpointer user_data)
{
  Factory *f = user_data;

  f->calls++;
  if (f->make_id == NULL)
    return NULL;
  /* A floating reference, as g_object_new() gives a widget. */
  return g_object_new (KIOSK_TYPE_WORKING_PAGE, "page-id", f->make_id, NULL);
}

static KioskPageFrame *
new_frame (void)
{
  return g_object_ref_sink (g_object_new (KIOSK_TYPE_PAGE_FRAME, NULL));
}

static void
test_frame_lazy (void)
{
  g_autoptr (KioskPageFrame) frame = new_frame ();
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  Factory f = { 0, "working" };
  GWeakRef weak;
  KioskPage *page;

  kiosk_page_frame_add_lazy_page (frame, "working", factory_cb, &f);
  before = kiosk_page_frame_list_pages (frame);
  g_assert_cmpuint (before->len, ==, 0);
  g_assert_null (kiosk_page_frame_peek_page (frame, "working"));
  g_assert_cmpuint (f.calls, ==, 0);

  page = kiosk_page_frame_get_page (frame, "working");
  g_assert_nonnull (page);
  g_assert_cmpstr (kiosk_page_get_page_id (page), ==, "working");
  g_assert_cmpuint (f.calls, ==, 1);
  /* Built once: found afterwards, by either lookup. */
  g_assert_true (kiosk_page_frame_get_page (frame, "working") == page);
  g_assert_true (kiosk_page_frame_peek_page (frame, "working") == page);
  g_assert_cmpuint (f.calls, ==, 1);
  after = kiosk_page_frame_list_pages (frame);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_true (g_ptr_array_index (after, 0) == page);

  kiosk_page_frame_set_visible_page (frame, page);
  g_assert_true (kiosk_page_frame_get_visible_page (frame) == page);

  /* Unknown ids and NULL. */
  g_assert_null (kiosk_page_frame_get_page (frame, "nowhere"));
  g_assert_null (kiosk_page_frame_get_page (frame, NULL));
  g_assert_null (kiosk_page_frame_peek_page (frame, NULL));

  /* The frame owns the page it built: one reference, the stack's. */
  g_weak_ref_init (&weak, page);
  g_clear_object (&frame);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

static void
test_frame_lazy_failures (void)
{
  g_autoptr (KioskPageFrame) frame = new_frame ();
  Factory failing = { 0, NULL };
  Factory wrong = { 0, "elsewhere" };
  Factory never = { 0, "given" };
  KioskPage *given = g_object_new (KIOSK_TYPE_WORKING_PAGE, "page-id", "given", NULL);
  KioskPage *page;

  /* A factory that fails: NULL, and tried again on the next lookup. */
  kiosk_page_frame_add_lazy_page (frame, "failing", factory_cb, &failing);
  g_assert_null (kiosk_page_frame_get_page (frame, "failing"));
  g_assert_null (kiosk_page_frame_get_page (frame, "failing"));
  g_assert_cmpuint (failing.calls, ==, 2);
  failing.make_id = "failing";
  page = kiosk_page_frame_get_page (frame, "failing");
  g_assert_nonnull (page);
  g_assert_cmpuint (failing.calls, ==, 3);

  /* A page of another id is refused (it would be found under that id). */
  kiosk_page_frame_add_lazy_page (frame, "wrong", factory_cb, &wrong);
  g_test_expect_message ("kiosk-page-frame", G_LOG_LEVEL_WARNING, "*built for “wrong” is*");
  g_assert_null (kiosk_page_frame_get_page (frame, "wrong"));
  g_test_assert_expected_messages ();
  g_assert_null (kiosk_page_frame_peek_page (frame, "elsewhere"));

  /* A page added as it is wins over a lazy one of the same id, both ways. */
  kiosk_page_frame_add_lazy_page (frame, "given", factory_cb, &never);
  kiosk_page_frame_add_page (frame, given);
  g_assert_true (kiosk_page_frame_get_page (frame, "given") == given);
  kiosk_page_frame_add_lazy_page (frame, "given", factory_cb, &never);
  g_assert_true (kiosk_page_frame_get_page (frame, "given") == given);
  g_assert_cmpuint (never.calls, ==, 0);
}

/* The real window, its pages from the program's resources. */
static const char *const flow_pages[] = {
  "out-of-service", "working",     "id-card",          "id-number",    "camera",
  "form-phone",     "form-bank",   "form-postal",      "form-details", "review",
  "signature",      "choose-card", "choose-functions", "confirm",      "insert-card",
  "production",     "take-card",   "result",           "done",         "refused",
  "failed",
};

static void
test_main_window (void)
{
  g_autoptr (GtkApplication) app
      = gtk_application_new ("cn.jl.hrss.Kiosk.TestLazyPages", G_APPLICATION_NON_UNIQUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) at_start = NULL;
  g_autoptr (GPtrArray) at_end = NULL;
  KioskMainWindow *window;
  KioskPageFrame *frame;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = kiosk_main_window_new (app, NULL, FALSE);
  frame = KIOSK_PAGE_FRAME (gtk_window_get_child (GTK_WINDOW (window)));
  g_assert_true (KIOSK_IS_PAGE_FRAME (frame));

  /* At start: the recovery page (shown) and the attract page only. */
  at_start = kiosk_page_frame_list_pages (frame);
  g_assert_cmpuint (at_start->len, ==, 2);
  g_assert_cmpstr (kiosk_main_window_get_current_page (window), ==, "recovering");
  g_assert_nonnull (kiosk_page_frame_peek_page (frame, "attract"));
  for (guint i = 0; i < G_N_ELEMENTS (flow_pages); i++)
    g_assert_null (kiosk_page_frame_peek_page (frame, flow_pages[i]));

  /* Each built when first shown, as kiosk-pages.ui describes it. */
  for (guint i = 0; i < G_N_ELEMENTS (flow_pages); i++)
    {
      KioskPage *visible;

      kiosk_main_window_show_page (window, flow_pages[i]);
      visible = kiosk_main_window_get_visible_page (window);
      g_assert_nonnull (visible);
      g_assert_cmpstr (kiosk_page_get_page_id (visible), ==, flow_pages[i]);
      g_assert_cmpstr (kiosk_main_window_get_current_page (window), ==, flow_pages[i]);
    }
  /* The template's properties came with them. */
  {
    KioskPage *phone = kiosk_page_frame_peek_page (frame, "form-phone");
    g_autofree char *field = NULL;

    g_object_get (phone, "field", &field, NULL);
    g_assert_cmpstr (field, ==, "phone");
  }
  at_end = kiosk_page_frame_list_pages (frame);
  g_assert_cmpuint (at_end->len, ==, 2 + G_N_ELEMENTS (flow_pages));

  /* Home again: every page built is wiped, the attract page shown. */
  kiosk_main_window_go_home (window, NULL);
  g_assert_cmpstr (kiosk_main_window_get_current_page (window), ==, "attract");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
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
  g_test_add_func ("/ui/lazy-pages/frame", test_frame_lazy);
  g_test_add_func ("/ui/lazy-pages/frame-failures", test_frame_lazy_failures);
  g_test_add_func ("/ui/lazy-pages/main-window", test_main_window);
  return kiosk_test_run ();
}
