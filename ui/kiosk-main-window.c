/* kiosk-main-window.c — the kiosk's one full-screen window: the frame and its pages
 *
 * Follows a KioskFlow: "state-changed" picks the page (one per
 * KioskFlowPage; the green channel's FORM is split into four sub-pages, one
 * question each), "steps-changed" the step indicator and production list,
 * "timeout-warning" the 继续办理 dialog. A ticker shows the seconds left:
 * the flow's page timeout, or the window's own for the final pages (DONE,
 * REFUSED, FAILED) after which it goes home.
 */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-attract-page.h"
#include "kiosk-bank-page.h"
#include "kiosk-camera-page.h"
#ifdef HAVE_CAMERA_PAINTABLE
#include "kiosk-camera.h"
#endif
#include "kiosk-choose-card-page.h"
#include "kiosk-choose-functions-page.h"
#include "kiosk-confirm-page.h"
#include "kiosk-details-page.h"
#include "kiosk-done-page.h"
#include "kiosk-failed-page.h"
#include "kiosk-formal-loss-flow.h"
#include "kiosk-id-number-page.h"
#include "kiosk-instruction-page.h"
#include "kiosk-keypad-page.h"
#include "kiosk-page-frame.h"
#include "kiosk-production-page.h"
#include "kiosk-progress-flow.h"
#include "kiosk-refusal-page.h"
#include "kiosk-result-page.h"
#include "kiosk-review-page.h"
#include "kiosk-signature-page.h"
#include "kiosk-main-window.h"
#include "kiosk-temporary-loss-flow.h"
#include "kiosk-working-page.h"

#define TICK_MS 250

/* The pages in kiosk-pages.ui, built when first shown (docs/performance.md:
 * building every page and its pictures at start cost ≈ 8 MB). */
static const char *const lazy_pages[] = {
  "out-of-service", "working",     "id-card",          "id-number",    "camera",
  "form-phone",     "form-bank",   "form-postal",      "form-details", "review",
  "signature",      "choose-card", "choose-functions", "confirm",      "insert-card",
  "production",     "take-card",   "result",           "done",         "refused",
  "failed",
};

/* The green channel's form, one question per page; the fields each shows. */
static const struct
{
  const char *page;
  const char *fields[5];
} form_pages[] = {
  { "form-phone", { "phone", NULL } },
  { "form-bank", { "bank", NULL } },
  { "form-postal", { "postal-code", NULL } },
  { "form-details", { "household-type", "occupation", "industry", "address", NULL } },
};

struct _KioskMainWindow
{
  GtkApplicationWindow parent_instance;

  KioskPageFrame *frame;
  KioskAttractPage *attract_page;
  GBytes *pages_ui;      /* kiosk-pages.ui */
  GObject *camera;       /* for the camera page once it is built */
  gboolean camera_given; /* … even NULL: the page then shows its guide picture */
  guint auto_capture;    /* for the camera page too */

  gboolean production;
  char *current_page;

  KioskFlow *flow;
  gulong state_handler;
  gulong steps_handler;
  gulong warning_handler;
  KioskFlowPage flow_page; /* the page of the last state shown */
  guint form_index;
  guint form_count; /* sub-pages of this flow's FORM (4, or 1 for a phone fix) */

  guint refresh_id;     /* a refresh is queued for after the flow's `enter` */
  gboolean refresh_new; /* … and the state changed since the last one */

  guint tick_id;
  gint64 final_deadline_us; /* final pages: when to go home (0: none) */
  guint final_seconds;
  guint warning_s;
  guint final_timeout_s;

  GtkOrientation orientation;
  guint orientation_idle;

  KioskMainWindowSecondsFunc seconds_func; /* the countdown outside the flows */
  gpointer seconds_data;
};

G_DEFINE_FINAL_TYPE (KioskMainWindow, kiosk_main_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CURRENT_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void kiosk_main_window_refresh (KioskMainWindow *self, gboolean new_state);

const char *
kiosk_main_window_get_current_page (KioskMainWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_MAIN_WINDOW (self), NULL);
  return self->current_page;
}

KioskPage *
kiosk_main_window_get_visible_page (KioskMainWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_MAIN_WINDOW (self), NULL);
  return kiosk_page_frame_get_visible_page (self->frame);
}

KioskFlow *
kiosk_main_window_get_flow (KioskMainWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_MAIN_WINDOW (self), NULL);
  return self->flow;
}

static void
set_current_page (KioskMainWindow *self, const char *page_id)
{
  KioskPage *page = kiosk_page_frame_get_page (self->frame, page_id);

  if (page == NULL)
    {
      g_critical ("no page “%s”", page_id);
      return;
    }
  kiosk_page_frame_set_visible_page (self->frame, page);
  kiosk_page_frame_set_bars_visible (self->frame, !g_str_equal (page_id, "attract"));
  if (g_strcmp0 (self->current_page, page_id) != 0)
    {
      g_free (self->current_page);
      self->current_page = g_strdup (page_id);
      g_debug ("page %s", page_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
    }
}

void
kiosk_main_window_show_page (KioskMainWindow *self, const char *page_id)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));

  kiosk_page_frame_set_title (self->frame, NULL);
  kiosk_page_frame_set_steps (self->frame, NULL, 0);
  self->final_deadline_us = 0;
  set_current_page (self, page_id);
}

static gboolean
unref_later (gpointer object)
{
  g_object_unref (object);
  return G_SOURCE_REMOVE;
}

static void
disconnect_flow (KioskMainWindow *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_new = FALSE;
  if (self->flow == NULL)
    return;
  g_clear_signal_handler (&self->state_handler, self->flow);
  g_clear_signal_handler (&self->steps_handler, self->flow);
  g_clear_signal_handler (&self->warning_handler, self->flow);
  /* Often called from one of the flow's own signals: let it finish first. */
  g_idle_add (unref_later, g_steal_pointer (&self->flow));
}

void
kiosk_main_window_go_home (KioskMainWindow *self, const char *notice)
{
  g_autoptr (GPtrArray) pages = NULL;

  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));

  disconnect_flow (self);
  /* Nothing of the last citizen stays on any page. */
  pages = kiosk_page_frame_list_pages (self->frame);
  for (guint i = 0; i < pages->len; i++)
    kiosk_page_wipe (g_ptr_array_index (pages, i));
  kiosk_main_window_show_page (self, "attract");
  kiosk_attract_page_set_notice (self->attract_page, notice);
}

/* ---- the flow's pages ------------------------------------------------------ */

static gboolean
is_photo_check (KioskFlow *flow)
{
  KioskFlowClass *klass = KIOSK_FLOW_GET_CLASS (flow);

  return klass->photo_check_state >= 0 && kiosk_flow_get_state (flow) == klass->photo_check_state;
}

static const char *
page_for_flow (KioskMainWindow *self, KioskFlow *flow)
{
  switch (kiosk_flow_get_page (flow))
    {
      case KIOSK_FLOW_PAGE_WORKING:
        /* The photo check keeps the preview on screen, marked "checking". */
        return is_photo_check (flow) ? "camera" : "working";
      case KIOSK_FLOW_PAGE_ID_CARD:
        return "id-card";
      case KIOSK_FLOW_PAGE_ID_NUMBER:
        return "id-number";
      case KIOSK_FLOW_PAGE_CAMERA:
        return "camera";
      case KIOSK_FLOW_PAGE_FORM:
        return form_pages[MIN (self->form_index, G_N_ELEMENTS (form_pages) - 1)].page;
      case KIOSK_FLOW_PAGE_REVIEW:
        return "review";
      case KIOSK_FLOW_PAGE_SIGNATURE:
        return "signature";
      case KIOSK_FLOW_PAGE_CHOOSE_CARD:
        return "choose-card";
      case KIOSK_FLOW_PAGE_CHOOSE_FUNCTIONS:
        return "choose-functions";
      case KIOSK_FLOW_PAGE_CONFIRM:
        return "confirm";
      case KIOSK_FLOW_PAGE_INSERT_CHIP_CARD:
        return "insert-card";
      case KIOSK_FLOW_PAGE_PRODUCTION:
        return "production";
      case KIOSK_FLOW_PAGE_TAKE_CARD:
        return "take-card";
      case KIOSK_FLOW_PAGE_RESULT:
        return "result";
      case KIOSK_FLOW_PAGE_DONE:
        return "done";
      case KIOSK_FLOW_PAGE_REFUSED:
        return "refused";
      case KIOSK_FLOW_PAGE_FAILED:
        return "failed";
      case KIOSK_FLOW_PAGE_NONE:
      case KIOSK_FLOW_PAGE_CANCELLED:
      case KIOSK_FLOW_PAGE_TIMED_OUT:
      default:
        return "attract";
    }
}

/* The step indicator: the flow's steps up to production, then one 制卡
 * for production and whatever follows it (taking the card, the receipt);
 * the production page lists those in detail. */
static void
update_steps (KioskMainWindow *self)
{
  GPtrArray *steps = kiosk_flow_get_steps (self->flow);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  guint current = 0;
  gboolean folded = FALSE, all_done = TRUE;
  KioskFlowPage page = kiosk_flow_get_page (self->flow);

  /* A refusal or a failure is not the end of the road the steps describe. */
  if (page == KIOSK_FLOW_PAGE_REFUSED || page == KIOSK_FLOW_PAGE_FAILED)
    {
      kiosk_page_frame_set_steps (self->frame, NULL, 0);
      return;
    }

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const KioskFlowStep *step = g_ptr_array_index (steps, i);
      gboolean active
          = step->status == KIOSK_FLOW_STEP_CURRENT || step->status == KIOSK_FLOW_STEP_FAILED;

      all_done &= step->status == KIOSK_FLOW_STEP_DONE;
      if (step->production && !folded)
        {
          folded = TRUE;
          g_ptr_array_add (labels, (gpointer) "制卡");
        }
      else if (!folded)
        g_ptr_array_add (labels, (gpointer) step->label);
      if (active)
        current = labels->len;
    }
  if (all_done || kiosk_flow_is_finished (self->flow))
    current = labels->len + 1;
  g_ptr_array_add (labels, NULL);
  kiosk_page_frame_set_steps (self->frame, (const char *const *) labels->pdata, current);
}

/* Where 返回 leads somewhere: the first page (back home), the form's later
 * questions, and the states the flows step back from (their go_back:
 * review → form, signature → review, a loss's confirmation → its choice, a
 * progress query's correction → the result). Elsewhere the slot stays
 * empty rather than offering a button that does nothing. */
static gboolean
can_go_back (KioskMainWindow *self, KioskFlow *flow)
{
  switch (kiosk_flow_get_page (flow))
    {
      case KIOSK_FLOW_PAGE_ID_CARD:
      case KIOSK_FLOW_PAGE_ID_NUMBER:
      case KIOSK_FLOW_PAGE_REVIEW:
      case KIOSK_FLOW_PAGE_SIGNATURE:
        return TRUE;
      case KIOSK_FLOW_PAGE_FORM:
        return self->form_index > 0 || KIOSK_IS_PROGRESS_FLOW (flow);
      case KIOSK_FLOW_PAGE_CAMERA:
        return KIOSK_IS_PROGRESS_FLOW (flow);
      case KIOSK_FLOW_PAGE_CONFIRM:
        return KIOSK_IS_TEMPORARY_LOSS_FLOW (flow) || KIOSK_IS_FORMAL_LOSS_FLOW (flow);
      default:
        return FALSE;
    }
}

static void
kiosk_main_window_arm_final_timeout (KioskMainWindow *self)
{
  KioskPage *page = kiosk_page_frame_get_visible_page (self->frame);
  guint seconds = page != NULL ? kiosk_page_get_timeout (page) : 0;

  if (self->final_timeout_s > 0)
    seconds = MIN (seconds, self->final_timeout_s);
  self->final_seconds = seconds;
  self->final_deadline_us
      = seconds > 0 ? g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC : 0;
}

static void
kiosk_main_window_refresh (KioskMainWindow *self, gboolean new_state)
{
  KioskFlow *flow = self->flow;
  KioskFlowPage page = kiosk_flow_get_page (flow);
  const char *page_id;
  KioskPage *visible;

  if (page == KIOSK_FLOW_PAGE_CANCELLED)
    {
      kiosk_main_window_go_home (self, NULL);
      return;
    }
  if (page == KIOSK_FLOW_PAGE_TIMED_OUT)
    {
      kiosk_main_window_go_home (self, "操作超时，已自动回到首页，您的信息已清除。");
      return;
    }

  if (page == KIOSK_FLOW_PAGE_FORM && self->flow_page != KIOSK_FLOW_PAGE_FORM)
    {
      /* A phone fix of a progress query asks only the phone. */
      self->form_count = KIOSK_IS_PROGRESS_FLOW (flow) ? 1 : G_N_ELEMENTS (form_pages);
      /* Back from the review lands on the form's last question. */
      self->form_index = self->flow_page == KIOSK_FLOW_PAGE_REVIEW ? self->form_count - 1 : 0;
    }
  self->flow_page = page;

  page_id = page_for_flow (self, flow);
  kiosk_page_frame_set_title (self->frame, kiosk_flow_get_title (flow));
  update_steps (self);
  if (new_state || g_strcmp0 (page_id, self->current_page) != 0)
    {
      set_current_page (self, page_id);
      if (kiosk_page_frame_get_warning_visible (self->frame))
        kiosk_page_frame_hide_warning (self->frame);
    }
  visible = kiosk_page_frame_get_visible_page (self->frame);
  kiosk_page_update (visible, flow);

  kiosk_page_set_can_back (visible, can_go_back (self, flow));
  /* 取消 only while the flow can still be cancelled (not with a card in
   * the machine); the page may not offer it at all. */
  if (page == KIOSK_FLOW_PAGE_PRODUCTION || page == KIOSK_FLOW_PAGE_TAKE_CARD)
    kiosk_page_set_can_cancel (visible, KIOSK_FLOW_GET_CLASS (flow)->can_cancel == NULL
                                            || KIOSK_FLOW_GET_CLASS (flow)->can_cancel (flow));
  if (kiosk_flow_page_is_final (page))
    {
      if (new_state)
        kiosk_main_window_arm_final_timeout (self);
    }
  else
    self->final_deadline_us = 0;
}

static gboolean
refresh_idle (gpointer user_data)
{
  KioskMainWindow *self = user_data;
  gboolean new_state = self->refresh_new;

  self->refresh_id = 0;
  self->refresh_new = FALSE;
  if (self->flow != NULL)
    kiosk_main_window_refresh (self, new_state);
  return G_SOURCE_REMOVE;
}

/* "state-changed" comes before the flow's `enter` has done the state's
 * work (the form filled from the chip, the card preview rendered): the page
 * is shown once the flow is idle again. A flow that passes through several
 * states at once shows only the last. */
static void
queue_refresh (KioskMainWindow *self, gboolean new_state)
{
  self->refresh_new |= new_state;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle, self, NULL);
}

static void
on_state_changed (KioskFlow *flow, int old_state, int new_state, KioskMainWindow *self)
{
  queue_refresh (self, old_state != new_state);
}

static void
on_steps_changed (KioskFlow *flow, KioskMainWindow *self)
{
  queue_refresh (self, FALSE);
}

static void
on_timeout_warning (KioskFlow *flow, guint seconds_left, KioskMainWindow *self)
{
  kiosk_page_frame_show_warning (self->frame, seconds_left);
}

/* The camera page, if it is built: it is given the camera when it is. */
static KioskCameraPage *
peek_camera_page (KioskMainWindow *self)
{
  KioskPage *page = kiosk_page_frame_peek_page (self->frame, "camera");

  return page != NULL && KIOSK_IS_CAMERA_PAGE (page) ? KIOSK_CAMERA_PAGE (page) : NULL;
}

static void
use_camera (KioskMainWindow *self, GObject *camera)
{
  KioskCameraPage *page = peek_camera_page (self);

  g_set_object (&self->camera, camera);
  self->camera_given = TRUE;
  if (page != NULL)
    kiosk_camera_page_set_camera (page, camera);
}

void
kiosk_main_window_set_camera (KioskMainWindow *self, GObject *camera)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));

#ifdef HAVE_CAMERA_PAINTABLE
  if (camera != NULL && KIOSK_IS_CAMERA (camera))
    kiosk_camera_set_on_demand (KIOSK_CAMERA (camera), TRUE);
#endif
  use_camera (self, camera);
}

void
kiosk_main_window_set_flow (KioskMainWindow *self, KioskFlow *flow)
{
  KioskFlowSettings *settings;

  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  g_return_if_fail (flow == NULL || KIOSK_IS_FLOW (flow));

  disconnect_flow (self);
  if (flow == NULL)
    return;
  self->flow = g_object_ref (flow);
  self->flow_page = KIOSK_FLOW_PAGE_NONE;
  use_camera (self, G_OBJECT (kiosk_context_get_camera (kiosk_flow_get_context (flow))));
  self->form_index = 0;
  settings = kiosk_context_get_settings (kiosk_flow_get_context (flow));
  self->warning_s = settings->warning_s;
  self->final_timeout_s = settings->page_timeout_s;
  self->state_handler
      = g_signal_connect (flow, "state-changed", G_CALLBACK (on_state_changed), self);
  self->steps_handler
      = g_signal_connect (flow, "steps-changed", G_CALLBACK (on_steps_changed), self);
  self->warning_handler
      = g_signal_connect (flow, "timeout-warning", G_CALLBACK (on_timeout_warning), self);
  if (kiosk_flow_get_page (flow) != KIOSK_FLOW_PAGE_NONE)
    queue_refresh (self, TRUE);
}

/* ---- the form's sub-pages -------------------------------------------------- */

gboolean
kiosk_main_window_form_next (KioskMainWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_MAIN_WINDOW (self), FALSE);

  if (self->flow == NULL || self->flow_page != KIOSK_FLOW_PAGE_FORM
      || self->form_index + 1 >= self->form_count)
    return FALSE;
  self->form_index++;
  kiosk_main_window_refresh (self, TRUE);
  return TRUE;
}

gboolean
kiosk_main_window_form_previous (KioskMainWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_MAIN_WINDOW (self), FALSE);

  if (self->flow == NULL || self->flow_page != KIOSK_FLOW_PAGE_FORM || self->form_index == 0)
    return FALSE;
  self->form_index--;
  kiosk_main_window_refresh (self, TRUE);
  return TRUE;
}

void
kiosk_main_window_form_show_field (KioskMainWindow *self, const char *field)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));

  if (self->flow == NULL || self->flow_page != KIOSK_FLOW_PAGE_FORM || field == NULL)
    return;
  for (guint i = 0; i < MIN (self->form_count, G_N_ELEMENTS (form_pages)); i++)
    for (guint f = 0; form_pages[i].fields[f] != NULL; f++)
      if (g_str_equal (form_pages[i].fields[f], field))
        {
          if (self->form_index != i)
            {
              self->form_index = i;
              kiosk_main_window_refresh (self, TRUE);
            }
          return;
        }
}

/* ---- countdown, warning, errors ------------------------------------------- */

void
kiosk_main_window_show_error (KioskMainWindow *self, const char *message)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  kiosk_page_frame_set_error (self->frame, message);
}

void
kiosk_main_window_extend (KioskMainWindow *self)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));

  kiosk_page_frame_hide_warning (self->frame);
  if (self->flow != NULL && !kiosk_flow_is_finished (self->flow))
    kiosk_flow_keep_alive (self->flow);
  else if (self->final_deadline_us != 0)
    kiosk_main_window_arm_final_timeout (self);
}

gboolean
kiosk_main_window_get_warning_visible (KioskMainWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_MAIN_WINDOW (self), FALSE);
  return kiosk_page_frame_get_warning_visible (self->frame);
}

static gboolean
kiosk_main_window_tick (gpointer user_data)
{
  KioskMainWindow *self = user_data;
  KioskCountdown *countdown = kiosk_page_frame_get_countdown (self->frame);
  guint seconds = 0;
  gboolean warning = kiosk_page_frame_get_warning_visible (self->frame);

  if (self->flow != NULL && !kiosk_flow_is_finished (self->flow))
    seconds = kiosk_flow_get_seconds_left (self->flow);
  else if (self->final_deadline_us != 0)
    {
      gint64 left = self->final_deadline_us - g_get_monotonic_time ();

      seconds = left <= 0 ? 0 : (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      if (seconds == 0)
        {
          kiosk_main_window_go_home (self, NULL);
          return G_SOURCE_CONTINUE;
        }
      if (!warning && self->warning_s > 0 && seconds <= self->warning_s
          && self->final_seconds > self->warning_s)
        {
          kiosk_page_frame_show_warning (self->frame, seconds);
          warning = TRUE;
        }
    }
  else if (self->seconds_func != NULL)
    seconds = self->seconds_func (self->seconds_data);
  if (warning && seconds > 0)
    kiosk_page_frame_show_warning (self->frame, seconds);
  kiosk_countdown_set_seconds (countdown, seconds, warning);
  return G_SOURCE_CONTINUE;
}

/* ---- looks ----------------------------------------------------------------- */

void
kiosk_main_window_set_large_text (KioskMainWindow *self, gboolean large)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  if (large)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
}

void
kiosk_main_window_set_splash (KioskMainWindow *self, const char *message)
{
  KioskPage *page;

  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  page = kiosk_page_frame_get_page (self->frame, "recovering");
  if (page != NULL)
    kiosk_working_page_set_message (KIOSK_WORKING_PAGE (page), message);
}

void
kiosk_main_window_set_auto_capture (KioskMainWindow *self, guint seconds)
{
  KioskCameraPage *page;

  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  self->auto_capture = seconds;
  page = peek_camera_page (self);
  if (page != NULL)
    kiosk_camera_page_set_auto_capture (page, seconds);
}

void
kiosk_main_window_add_page (KioskMainWindow *self, KioskPage *page)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  kiosk_page_frame_add_page (self->frame, page);
  kiosk_page_set_layout_orientation (page, self->orientation);
}

void
kiosk_main_window_set_seconds_func (KioskMainWindow *self,
                                    KioskMainWindowSecondsFunc func,
                                    gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  self->seconds_func = func;
  self->seconds_data = user_data;
}

void
kiosk_main_window_set_site (KioskMainWindow *self, const char *site)
{
  g_return_if_fail (KIOSK_IS_MAIN_WINDOW (self));
  kiosk_attract_page_set_site (self->attract_page, site);
}

/* KioskPageFrameFactory: one page of kiosk-pages.ui, as the window's
 * template would have made it, with the window's state it depends on. */
static KioskPage *
build_page (KioskPageFrame *frame, const char *page_id, gpointer user_data)
{
  KioskMainWindow *self = user_data;
  g_autoptr (GtkBuilder) builder = gtk_builder_new ();
  g_autoptr (GError) error = NULL;
  const char *ids[] = { page_id, NULL };
  const char *xml;
  gsize len = 0;
  GObject *object;
  KioskPage *page;

  if (self->pages_ui == NULL)
    return NULL;
  xml = g_bytes_get_data (self->pages_ui, &len);
  if (!gtk_builder_add_objects_from_string (builder, xml, (gssize) len, ids, &error))
    {
      g_warning ("page %s: %s", page_id, error->message);
      return NULL;
    }
  object = gtk_builder_get_object (builder, page_id);
  if (object == NULL || !KIOSK_IS_PAGE (object))
    {
      g_warning ("page %s: not in kiosk-pages.ui", page_id);
      return NULL;
    }
  page = g_object_ref (KIOSK_PAGE (object));
  kiosk_page_set_layout_orientation (page, self->orientation);
  if (KIOSK_IS_CAMERA_PAGE (page))
    {
      if (self->camera_given)
        kiosk_camera_page_set_camera (KIOSK_CAMERA_PAGE (page), self->camera);
      kiosk_camera_page_set_auto_capture (KIOSK_CAMERA_PAGE (page), self->auto_capture);
    }
  g_debug ("page %s built", page_id);
  return page;
}

static gboolean
apply_orientation (gpointer user_data)
{
  KioskMainWindow *self = user_data;
  g_autoptr (GPtrArray) pages = kiosk_page_frame_list_pages (self->frame);

  self->orientation_idle = 0;
  for (guint i = 0; i < pages->len; i++)
    kiosk_page_set_layout_orientation (g_ptr_array_index (pages, i), self->orientation);
  if (self->orientation == GTK_ORIENTATION_HORIZONTAL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "landscape");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "landscape");
  return G_SOURCE_REMOVE;
}

/* Portrait (1080×1920) stacks a page's parts; landscape (1920×1080) puts
 * them side by side. Changed after the allocation, never during it. */
static void
kiosk_main_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  KioskMainWindow *self = KIOSK_MAIN_WINDOW (widget);
  GtkOrientation orientation
      = width > height ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL;

  GTK_WIDGET_CLASS (kiosk_main_window_parent_class)
      ->size_allocate (widget, width, height, baseline);
  if (orientation != self->orientation && self->orientation_idle == 0)
    {
      self->orientation = orientation;
      self->orientation_idle = g_idle_add (apply_orientation, self);
    }
}

/* No GTK inspector on a kiosk in service (Ctrl+Shift+I / D). */
static gboolean
kiosk_main_window_enable_debugging (GtkWindow *window, gboolean toggle)
{
  KioskMainWindow *self = KIOSK_MAIN_WINDOW (window);

  if (self->production)
    return FALSE;
  return GTK_WINDOW_CLASS (kiosk_main_window_parent_class)->enable_debugging (window, toggle);
}

static gboolean
kiosk_main_window_close_request (GtkWindow *window)
{
  /* In service only the application quits (SIGTERM from systemd). */
  if (KIOSK_MAIN_WINDOW (window)->production)
    return TRUE;
  return GTK_WINDOW_CLASS (kiosk_main_window_parent_class)->close_request (window);
}

static void
kiosk_main_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskMainWindow *self = KIOSK_MAIN_WINDOW (object);

  switch (prop_id)
    {
      case PROP_CURRENT_PAGE:
        g_value_set_string (value, self->current_page);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_main_window_dispose (GObject *object)
{
  KioskMainWindow *self = KIOSK_MAIN_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->orientation_idle, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  disconnect_flow (self);
  /* The frame is the window's child: unset it as such first, or the
   * template's disposal unparents it behind GtkWindow's back (a critical
   * when GtkWindow disposes its child afterwards). */
  gtk_window_set_child (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_MAIN_WINDOW);
  g_clear_object (&self->camera);
  G_OBJECT_CLASS (kiosk_main_window_parent_class)->dispose (object);
}

static void
kiosk_main_window_finalize (GObject *object)
{
  g_free (KIOSK_MAIN_WINDOW (object)->current_page);
  g_clear_pointer (&KIOSK_MAIN_WINDOW (object)->pages_ui, g_bytes_unref);
  G_OBJECT_CLASS (kiosk_main_window_parent_class)->finalize (object);
}

static void
kiosk_main_window_class_init (KioskMainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = kiosk_main_window_get_property;
  object_class->dispose = kiosk_main_window_dispose;
  object_class->finalize = kiosk_main_window_finalize;
  widget_class->size_allocate = kiosk_main_window_size_allocate;
  window_class->enable_debugging = kiosk_main_window_enable_debugging;
  window_class->close_request = kiosk_main_window_close_request;

  properties[PROP_CURRENT_PAGE]
      = g_param_spec_string ("current-page", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_PAGE_FRAME);
  g_type_ensure (KIOSK_TYPE_ATTRACT_PAGE);
  g_type_ensure (KIOSK_TYPE_WORKING_PAGE);
  g_type_ensure (KIOSK_TYPE_INSTRUCTION_PAGE);
  g_type_ensure (KIOSK_TYPE_ID_NUMBER_PAGE);
  g_type_ensure (KIOSK_TYPE_CAMERA_PAGE);
  g_type_ensure (KIOSK_TYPE_KEYPAD_PAGE);
  g_type_ensure (KIOSK_TYPE_BANK_PAGE);
  g_type_ensure (KIOSK_TYPE_DETAILS_PAGE);
  g_type_ensure (KIOSK_TYPE_REVIEW_PAGE);
  g_type_ensure (KIOSK_TYPE_SIGNATURE_PAGE);
  g_type_ensure (KIOSK_TYPE_CHOOSE_CARD_PAGE);
  g_type_ensure (KIOSK_TYPE_CHOOSE_FUNCTIONS_PAGE);
  g_type_ensure (KIOSK_TYPE_CONFIRM_PAGE);
  g_type_ensure (KIOSK_TYPE_PRODUCTION_PAGE);
  g_type_ensure (KIOSK_TYPE_RESULT_PAGE);
  g_type_ensure (KIOSK_TYPE_DONE_PAGE);
  g_type_ensure (KIOSK_TYPE_REFUSAL_PAGE);
  g_type_ensure (KIOSK_TYPE_FAILED_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/kiosk-main-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskMainWindow, frame);
  gtk_widget_class_bind_template_child (widget_class, KioskMainWindow, attract_page);
}

static void
kiosk_main_window_init (KioskMainWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->orientation = GTK_ORIENTATION_VERTICAL;
  /* Our own resource, compiled in: missing only in a broken build. */
  self->pages_ui = g_resources_lookup_data ("/cn/jl/hrss/Kiosk/kiosk-pages.ui",
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (self->pages_ui == NULL)
    g_critical ("no kiosk-pages.ui in the program's resources");
  for (guint i = 0; i < G_N_ELEMENTS (lazy_pages); i++)
    kiosk_page_frame_add_lazy_page (self->frame, lazy_pages[i], build_page, self);
  self->warning_s = 20;
  self->tick_id = g_timeout_add (TICK_MS, kiosk_main_window_tick, self);
}

KioskMainWindow *
kiosk_main_window_new (GtkApplication *app, const KioskConfig *config, gboolean production)
{
  KioskMainWindow *self = g_object_new (KIOSK_TYPE_MAIN_WINDOW, "application", app, NULL);

  self->production = production;
  if (production)
    gtk_window_set_interactive_debugging (FALSE);
  kiosk_main_window_set_site (self, config != NULL ? config->site : NULL);
  kiosk_main_window_show_page (self, "recovering");
  return self;
}
