/* kiosk-application-actions.c — every user action is a GAction of the application
 *
 * The buttons of the pages activate these actions, and so can acceptance
 * tests and remote help over D-Bus (org.gtk.Actions on /cn/jl/hrss/Kiosk,
 * `gapplication action cn.jl.hrss.Kiosk start-service "'green_channel'"`).
 * An action hands the citizen's input to the flow and shows what the flow
 * answered; an action that does not apply to the page shown is refused with
 * an error the last-error state reports. docs/ui.md lists them.
 */
#define G_LOG_DOMAIN "kiosk-actions"

#include "config.h"

#include "kiosk-application-private.h"
#include "kiosk-bank-page.h"
#include "kiosk-camera-page.h"
#include "kiosk-card-feeder-sim.h"
#include "kiosk-center-sim.h"
#include "kiosk-details-page.h"
#include "kiosk-formal-loss-flow.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-id-number-page.h"
#include "kiosk-keypad-page.h"
#include "kiosk-progress-flow.h"
#include "kiosk-signature-page.h"
#include "kiosk-tech-pin-page.h"
#include "kiosk-temporary-loss-flow.h"

/* The signature as the form keeps it (附件1's box is wide and low). */
#define SIGNATURE_WIDTH  720
#define SIGNATURE_HEIGHT 240

static gboolean
fail (KioskApplication *self, GQuark domain, int code, const char *message)
{
  g_autoptr (GError) error = g_error_new_literal (domain, code, message);
  kiosk_application_report_error (self, error);
  return FALSE;
}

static gboolean
report (KioskApplication *self, GError *error)
{
  if (error != NULL)
    kiosk_application_report_error (self, error);
  return error == NULL;
}

/* The flow shown, running; otherwise an error is reported. */
static KioskFlow *
running_flow (KioskApplication *self)
{
  KioskFlow *flow = kiosk_application_get_flow (self);

  if (flow == NULL || kiosk_flow_is_finished (flow))
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "现在没有正在办理的业务");
      return NULL;
    }
  return flow;
}

/* A touch is a sign of life: the page's countdown starts again. */
static void
touched (KioskApplication *self)
{
  KioskFlow *flow = kiosk_application_get_flow (self);

  if (flow != NULL && !kiosk_flow_is_finished (flow))
    kiosk_flow_keep_alive (flow);
  /* The last error was answered by this touch. */
  if (self->window != NULL)
    kiosk_main_window_show_error (self->window, NULL);
}

static KioskGreenChannelFlow *
green_channel (KioskApplication *self)
{
  KioskFlow *flow = running_flow (self);

  if (flow != NULL && !KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "这一步不属于当前业务");
      return NULL;
    }
  return flow != NULL ? KIOSK_GREEN_CHANNEL_FLOW (flow) : NULL;
}

static KioskPage *
visible_page (KioskApplication *self)
{
  return self->window != NULL ? kiosk_main_window_get_visible_page (self->window) : NULL;
}

static const char *
current_page (KioskApplication *self)
{
  const char *page
      = self->window != NULL ? kiosk_main_window_get_current_page (self->window) : NULL;
  return page != NULL ? page : "";
}

static void
refresh_page (KioskApplication *self)
{
  KioskFlow *flow = kiosk_application_get_flow (self);
  KioskPage *page = visible_page (self);

  if (flow != NULL && page != NULL)
    kiosk_page_update (page, flow);
}

/* ---- the session ------------------------------------------------------------ */

static void
on_flow_state (KioskFlow *flow, int old_state, int new_state, KioskApplication *self)
{
  if (kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_TIMED_OUT)
    kiosk_application_set_last_error (self, "timeout", "操作超时，已回到首页，信息已清除");
}

static gboolean
service_from_key (const char *key, KioskService *service)
{
  /* The attract page offers formal loss once; the page after the ID asks
   * which function (R8). */
  if (g_str_equal (key, "formal_loss"))
    {
      *service = KIOSK_SERVICE_FORMAL_LOSS_SOCIAL;
      return TRUE;
    }
  return kiosk_service_from_string (key, service);
}

static void
action_start_service (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  const char *key = g_variant_get_string (parameter, NULL);
  KioskFlow *current = kiosk_application_get_flow (self);
  KioskService service;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;

  if (!self->ready || self->context == NULL)
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "自助机正在准备，请稍候");
      return;
    }
  if (current != NULL && !kiosk_flow_is_finished (current))
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "请先完成或取消正在办理的业务");
      return;
    }
  if (!service_from_key (key, &service))
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "没有这项业务");
      return;
    }
  flow = kiosk_flow_new_for_service (self->context, service, &error);
  if (flow == NULL)
    {
      report (self, error);
      return;
    }
  kiosk_application_set_last_error (self, NULL, NULL);
  g_signal_connect_object (flow, "state-changed", G_CALLBACK (on_flow_state), self, 0);
  kiosk_main_window_set_flow (self->window, flow);
  g_message ("service %s started", kiosk_service_to_string (service));
  kiosk_flow_start (flow);
}

static void
action_cancel (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskFlow *flow = kiosk_application_get_flow (self);
  g_autoptr (GError) error = NULL;

  if (flow != NULL && !kiosk_flow_is_finished (flow))
    {
      /* The flow wipes the session and ends CANCELLED; the window goes home. */
      if (!kiosk_flow_cancel (flow, &error))
        report (self, error);
      return;
    }
  if (self->ready && self->window != NULL)
    kiosk_main_window_go_home (self->window, NULL);
}

static void
action_back (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskFlow *flow;
  g_autoptr (GError) error = NULL;

  touched (self);
  if (self->window != NULL && kiosk_main_window_form_previous (self->window))
    return;
  if ((flow = running_flow (self)) == NULL)
    return;
  /* From the first page, 返回 is home (the flow ends, its session wiped). */
  if (kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_ID_CARD
      || kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_ID_NUMBER)
    {
      if (!kiosk_flow_cancel (flow, &error))
        report (self, error);
      return;
    }
  if (!kiosk_flow_go_back (flow, &error))
    report (self, error);
}

static void
action_extend (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;

  if (self->window != NULL)
    kiosk_main_window_extend (self->window);
}

/* ---- the main action of each page ------------------------------------------- */

static gboolean
set_field (KioskApplication *self, const char *field, const char *value)
{
  KioskFlow *flow = running_flow (self);
  g_autoptr (GError) error = NULL;
  KioskPage *page = visible_page (self);

  if (flow == NULL)
    return FALSE;
  touched (self);
  /* A corrected phone of a progress query (R3) goes straight to the center. */
  if (KIOSK_IS_PROGRESS_FLOW (flow) && g_str_equal (field, "phone"))
    {
      if (!kiosk_progress_flow_submit_phone (KIOSK_PROGRESS_FLOW (flow), value, &error))
        goto failed;
      return TRUE;
    }
  if (!KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
    return fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "这一步不属于当前业务");
  if (!kiosk_green_channel_flow_set_field (KIOSK_GREEN_CHANNEL_FLOW (flow), field, value, &error))
    goto failed;
  kiosk_application_set_last_error (self, NULL, NULL);
  if (self->window != NULL)
    kiosk_main_window_show_error (self->window, NULL);
  refresh_page (self);
  return TRUE;

failed:
  /* On a keypad page the error shows under the number typed, where the
   * citizen looks; elsewhere above the page. */
  if (KIOSK_IS_KEYPAD_PAGE (page)
      && g_strcmp0 (kiosk_keypad_page_get_field (KIOSK_KEYPAD_PAGE (page)), field) == 0)
    {
      kiosk_application_set_last_error (self, "invalid", error->message);
      kiosk_keypad_set_error (kiosk_keypad_page_get_keypad (KIOSK_KEYPAD_PAGE (page)),
                              error->message);
    }
  else
    kiosk_application_report_error (self, error);
  return FALSE;
}

static void
confirm_form (KioskApplication *self, KioskFlow *flow)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems;

  if (kiosk_flow_confirm (flow, &error))
    return;
  report (self, error);
  /* Show the question of the first wrong field. */
  problems = KIOSK_IS_GREEN_CHANNEL_FLOW (flow)
                 ? kiosk_green_channel_flow_get_problems (KIOSK_GREEN_CHANNEL_FLOW (flow))
                 : NULL;
  if (problems != NULL && problems->len > 0)
    {
      KioskApplicationFormProblem *problem = g_ptr_array_index (problems, 0);
      g_autofree char *text = g_strdup_printf ("%s：%s", problem->label, problem->message);

      kiosk_main_window_form_show_field (self->window, problem->field);
      kiosk_main_window_show_error (self->window, text);
    }
}

static void
submit_signature (KioskApplication *self, KioskFlow *flow)
{
  KioskPage *page = visible_page (self);
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GError) error = NULL;

  if (!KIOSK_IS_SIGNATURE_PAGE (page) || !KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "现在不是签名的时候");
      return;
    }
  png = kiosk_signature_pad_to_png (kiosk_signature_page_get_pad (KIOSK_SIGNATURE_PAGE (page)),
                                    SIGNATURE_WIDTH, SIGNATURE_HEIGHT, &error);
  if (png == NULL
      || !kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow), png, &error))
    report (self, error);
}

static void
submit_id_number (KioskApplication *self, const char *text)
{
  KioskFlow *flow = running_flow (self);
  KioskPage *page = visible_page (self);
  g_autoptr (GError) error = NULL;

  if (flow == NULL)
    return;
  if (!KIOSK_IS_PROGRESS_FLOW (flow))
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE,
            "这项业务需要读取身份证，请把身份证放在感应区");
      return;
    }
  if (!kiosk_progress_flow_submit_id_number (KIOSK_PROGRESS_FLOW (flow), text, &error))
    {
      if (KIOSK_IS_ID_NUMBER_PAGE (page))
        {
          kiosk_application_set_last_error (self, "invalid", error->message);
          kiosk_keypad_set_error (kiosk_id_number_page_get_keypad (KIOSK_ID_NUMBER_PAGE (page)),
                                  error->message);
        }
      else
        report (self, error);
    }
}

static void
action_next (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  const char *page_id = current_page (self);
  KioskPage *page = visible_page (self);
  KioskFlow *flow = kiosk_application_get_flow (self);
  g_autoptr (GError) error = NULL;

  /* The final pages: 完成 / 知道了 goes home. */
  if (g_str_equal (page_id, "done") || g_str_equal (page_id, "refused")
      || g_str_equal (page_id, "failed"))
    {
      kiosk_main_window_go_home (self->window, NULL);
      return;
    }
  if ((flow = running_flow (self)) == NULL)
    return;

  if (g_str_equal (page_id, "id-number"))
    submit_id_number (self, kiosk_keypad_get_text (
                                kiosk_id_number_page_get_keypad (KIOSK_ID_NUMBER_PAGE (page))));
  else if (KIOSK_IS_KEYPAD_PAGE (page))
    {
      KioskKeypadPage *keypad_page = KIOSK_KEYPAD_PAGE (page);
      const char *field = kiosk_keypad_page_get_field (keypad_page);

      if (set_field (self, field,
                     kiosk_keypad_get_text (kiosk_keypad_page_get_keypad (keypad_page)))
          && KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
        kiosk_main_window_form_next (self->window);
    }
  else if (KIOSK_IS_BANK_PAGE (page))
    {
      touched (self);
      if (kiosk_bank_chooser_get_selected (kiosk_bank_page_get_chooser (KIOSK_BANK_PAGE (page)))
          == NULL)
        fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "请选择一家联名银行");
      else
        kiosk_main_window_form_next (self->window);
    }
  else if (KIOSK_IS_DETAILS_PAGE (page))
    {
      if (set_field (self, "address", kiosk_details_page_get_address (KIOSK_DETAILS_PAGE (page))))
        confirm_form (self, flow);
    }
  else if (g_str_equal (page_id, "signature"))
    submit_signature (self, flow);
  else if (g_str_equal (page_id, "camera"))
    {
      if (!kiosk_flow_capture_photo (flow, &error))
        report (self, error);
    }
  else if (!kiosk_flow_confirm (flow, &error))
    report (self, error);
}

/* ---- input ------------------------------------------------------------------- */

static void
action_keypad_press (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskPage *page = visible_page (self);
  KioskKeypad *keypad = NULL;

  touched (self);
  if (KIOSK_IS_ID_NUMBER_PAGE (page))
    keypad = kiosk_id_number_page_get_keypad (KIOSK_ID_NUMBER_PAGE (page));
  else if (KIOSK_IS_KEYPAD_PAGE (page))
    keypad = kiosk_keypad_page_get_keypad (KIOSK_KEYPAD_PAGE (page));
  else if (KIOSK_IS_TECH_PIN_PAGE (page))
    keypad = kiosk_tech_pin_page_get_keypad (KIOSK_TECH_PIN_PAGE (page));
  if (keypad == NULL)
    fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "这一页没有数字键盘");
  else if (!kiosk_keypad_press (keypad, g_variant_get_string (parameter, NULL)))
    {
      /* A full field or an X where none belongs: nothing happens, as on a
       * real keypad; not an error worth a banner. */
      g_debug ("key %s ignored", g_variant_get_string (parameter, NULL));
    }
}

static void
action_submit_id_number (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskPage *page = visible_page (self);
  const char *text = g_variant_get_string (parameter, NULL);

  if (KIOSK_IS_ID_NUMBER_PAGE (page))
    kiosk_keypad_set_text (kiosk_id_number_page_get_keypad (KIOSK_ID_NUMBER_PAGE (page)), text);
  submit_id_number (self, text);
}

/* set-phone and set-postal-code also fill the keypad, so the page shows
 * what a remote helper typed. */
static void
set_keypad_field (KioskApplication *self, const char *field, const char *value)
{
  KioskPage *page = visible_page (self);

  if (KIOSK_IS_KEYPAD_PAGE (page)
      && g_strcmp0 (kiosk_keypad_page_get_field (KIOSK_KEYPAD_PAGE (page)), field) == 0)
    kiosk_keypad_set_text (kiosk_keypad_page_get_keypad (KIOSK_KEYPAD_PAGE (page)), value);
  set_field (self, field, value);
}

static void
action_set_phone (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  set_keypad_field (user_data, "phone", g_variant_get_string (parameter, NULL));
}

static void
action_set_postal_code (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  set_keypad_field (user_data, "postal-code", g_variant_get_string (parameter, NULL));
}

static void
action_choose_bank (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;

  if (green_channel (self) != NULL)
    set_field (self, "bank", g_variant_get_string (parameter, NULL));
}

static void
action_set_occupation (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  set_field (user_data, "occupation", g_variant_get_string (parameter, NULL));
}

static void
action_set_industry (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  set_field (user_data, "industry", g_variant_get_string (parameter, NULL));
}

static void
action_set_household_type (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  set_field (user_data, "household-type", g_variant_get_string (parameter, NULL));
}

static void
action_set_address (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  if (set_field (user_data, "address", g_variant_get_string (parameter, NULL)))
    refresh_page (user_data);
}

/* app.address-key('KEY'): one key of the address keyboard of the form's
 * details page; 'done' sets the address typed there (the form's check, as
 * app.set-address) and closes the keyboard when it is taken. */
static void
action_address_key (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskPage *page = visible_page (self);
  const char *key = g_variant_get_string (parameter, NULL);
  g_autoptr (GError) error = NULL;

  touched (self);
  if (!KIOSK_IS_DETAILS_PAGE (page))
    fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "现在不是填写地址的时候");
  else if (g_str_equal (key, "done") && kiosk_details_page_is_editing (KIOSK_DETAILS_PAGE (page)))
    {
      g_autofree char *address
          = g_strdup (kiosk_details_page_get_address (KIOSK_DETAILS_PAGE (page)));

      if (set_field (self, "address", address))
        {
          kiosk_details_page_close_editor (KIOSK_DETAILS_PAGE (page));
          refresh_page (self);
        }
    }
  else if (!kiosk_details_page_address_key (KIOSK_DETAILS_PAGE (page), key, &error))
    report (self, error);
}

static void
action_capture (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskFlow *flow = running_flow (self);
  KioskPage *page = visible_page (self);
  g_autoptr (GError) error = NULL;

  /* Before the camera's first frame the page keeps the tap for that frame. */
  if (flow != NULL && KIOSK_IS_CAMERA_PAGE (page)
      && kiosk_camera_page_defer_capture (KIOSK_CAMERA_PAGE (page)))
    return;
  if (flow != NULL && !kiosk_flow_capture_photo (flow, &error))
    {
      /* The automatic capture may fire as the page changes: not an error. */
      if (!g_error_matches (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE))
        report (self, error);
    }
}

static void
action_retake (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskFlow *flow = running_flow (self);
  g_autoptr (GError) error = NULL;

  if (flow == NULL)
    return;
  /* From the review the flow goes back to the camera (and returns to the
   * review); on the camera page a new capture is the retake. */
  if (kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_CAMERA)
    {
      if (!kiosk_flow_capture_photo (flow, &error))
        report (self, error);
    }
  else if (KIOSK_IS_GREEN_CHANNEL_FLOW (flow)
           && kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_REVIEW)
    {
      if (!kiosk_green_channel_flow_retake_photo (KIOSK_GREEN_CHANNEL_FLOW (flow), &error))
        report (self, error);
    }
  else
    fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "现在不能重新拍照");
}

static void
action_add_stroke (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskPage *page = visible_page (self);

  touched (self);
  if (!KIOSK_IS_SIGNATURE_PAGE (page))
    fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "现在不是签名的时候");
  else if (!kiosk_signature_pad_add_stroke (
               kiosk_signature_page_get_pad (KIOSK_SIGNATURE_PAGE (page)), parameter))
    fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "签名笔画是空的");
}

static void
action_clear_signature (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskPage *page = visible_page (self);

  touched (self);
  if (KIOSK_IS_SIGNATURE_PAGE (page))
    kiosk_signature_pad_clear (kiosk_signature_page_get_pad (KIOSK_SIGNATURE_PAGE (page)));
}

static void
action_choose_card (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskFlow *flow = running_flow (self);
  g_autoptr (GError) error = NULL;

  if (flow == NULL)
    return;
  if (!KIOSK_IS_TEMPORARY_LOSS_FLOW (flow))
    fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "这一步不属于当前业务");
  else if (!kiosk_temporary_loss_flow_choose_card (KIOSK_TEMPORARY_LOSS_FLOW (flow),
                                                   g_variant_get_uint32 (parameter), &error))
    report (self, error);
}

static void
action_choose_functions (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskFlow *flow = running_flow (self);
  const char *which = g_variant_get_string (parameter, NULL);
  KioskCardFunction functions;
  g_autoptr (GError) error = NULL;

  if (flow == NULL)
    return;
  if (!KIOSK_IS_FORMAL_LOSS_FLOW (flow))
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "这一步不属于当前业务");
      return;
    }
  if (g_str_equal (which, "social"))
    functions = KIOSK_CARD_FUNCTION_SOCIAL;
  else if (g_str_equal (which, "financial"))
    functions = KIOSK_CARD_FUNCTION_FINANCIAL;
  else if (g_str_equal (which, "both"))
    functions = KIOSK_CARD_FUNCTION_BOTH;
  else
    {
      fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID,
            "请选择社保功能、金融功能或两项都挂失");
      return;
    }
  if (!kiosk_formal_loss_flow_set_functions (KIOSK_FORMAL_LOSS_FLOW (flow), functions, &error))
    report (self, error);
}

static void
action_fix (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  KioskFlow *flow = running_flow (self);
  g_autoptr (GError) error = NULL;

  if (flow == NULL)
    return;
  if (!KIOSK_IS_PROGRESS_FLOW (flow))
    fail (self, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "这一步不属于当前业务");
  else if (!kiosk_progress_flow_begin_fix (KIOSK_PROGRESS_FLOW (flow), &error))
    report (self, error);
}

/* ---- simulators ---------------------------------------------------------------- */

static void
set_simulator_reply (KioskApplication *self, const char *reply)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "simulator-reply");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (reply));
}

/* One line to a simulator's control socket, one line back. */
static char *
simulator_command (const char *socket_path, const char *command, GError **error)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (socket_path);
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GDataInputStream) in = NULL;
  g_autofree char *line = g_strconcat (command, "\n", NULL);

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, error);
  if (connection == NULL
      || !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), line,
                                     strlen (line), NULL, NULL, error))
    return NULL;
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  return g_data_input_stream_read_line_utf8 (in, NULL, NULL, error);
}

/* Faults for the reliability tests (docs/reliability.md): "center FAIL
 * call|* timeout|lost-reply|error|bad-reply [count]" and "center CLEAR" for
 * the embedded center; "cardfeed jam|misfeed|no-answer [operation]" and
 * "cardfeed clear-jam" for the simulated card transport. */
static char *
simulate_center (KioskCenter *center, const char *command)
{
  static const struct
  {
    const char *name;
    KioskCenterSimFailure failure;
  } failures[] = {
    { "timeout", KIOSK_CENTER_SIM_FAILURE_TIMEOUT },
    { "lost-reply", KIOSK_CENTER_SIM_FAILURE_LOST_REPLY },
    { "error", KIOSK_CENTER_SIM_FAILURE_ERROR },
    { "bad-reply", KIOSK_CENTER_SIM_FAILURE_BAD_REPLY },
  };
  g_auto (GStrv) words = g_strsplit (command, " ", 0);
  guint n = g_strv_length (words);
  guint64 count = 1;

  if (!KIOSK_IS_CENTER_SIM (center))
    return g_strdup ("ERR the center is not the simulator");
  if (n == 1 && g_ascii_strcasecmp (words[0], "CLEAR") == 0)
    {
      kiosk_center_sim_clear_failures (KIOSK_CENTER_SIM (center));
      return g_strdup ("OK cleared");
    }
  if (n >= 3 && n <= 4 && g_ascii_strcasecmp (words[0], "FAIL") == 0
      && (n == 3 || g_ascii_string_to_unsigned (words[3], 10, 1, 1000, &count, NULL)))
    for (gsize i = 0; i < G_N_ELEMENTS (failures); i++)
      if (g_str_equal (words[2], failures[i].name))
        return kiosk_center_sim_inject_failure (KIOSK_CENTER_SIM (center), words[1],
                                                failures[i].failure, (guint) count)
                   ? g_strdup_printf ("OK %s: %s ×%u", words[1], words[2], (guint) count)
                   : g_strdup_printf ("ERR no call %s", words[1]);
  return g_strdup ("ERR usage: FAIL call|* timeout|lost-reply|error|bad-reply [count] | CLEAR");
}

static char *
simulate_card_feeder (KioskCardFeederSim *feeder, const char *command)
{
  static const struct
  {
    const char *name;
    KioskCardFeederFault fault;
  } faults[] = {
    { "jam", KIOSK_CARD_FEEDER_FAULT_JAM },
    { "misfeed", KIOSK_CARD_FEEDER_FAULT_MISFEED },
    { "no-answer", KIOSK_CARD_FEEDER_FAULT_NO_ANSWER },
  };
  g_auto (GStrv) words = g_strsplit (command, " ", 2);

  if (g_ascii_strcasecmp (words[0], "take") == 0)
    return g_strdup (kiosk_card_feeder_sim_take (feeder) ? "OK taken" : "ERR the slot is empty");
  if (g_ascii_strcasecmp (words[0], "remove") == 0)
    {
      guint64 count = 1;

      /* A card taken out of the hopper by hand (a planted stock difference). */
      if (words[1] != NULL && !g_ascii_string_to_unsigned (words[1], 10, 1, 100000, &count, NULL))
        return g_strdup ("ERR usage: remove [count]");
      return kiosk_card_feeder_sim_remove (feeder, (guint) count)
                 ? g_strdup_printf ("OK %u removed from the hopper", (guint) count)
                 : g_strdup ("ERR the hopper holds fewer cards");
    }
  if (g_ascii_strcasecmp (words[0], "clear-jam") == 0)
    {
      kiosk_card_feeder_sim_clear_jam (feeder);
      return g_strdup ("OK jam cleared");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (faults); i++)
    if (g_ascii_strcasecmp (words[0], faults[i].name) == 0)
      {
        kiosk_card_feeder_sim_inject_on (feeder, words[1], faults[i].fault);
        return g_strdup_printf ("OK the next %s: %s", words[1] != NULL ? words[1] : "operation",
                                faults[i].name);
      }
  return g_strdup (
      "ERR usage: take | remove [count] | clear-jam | jam|misfeed|no-answer [operation]");
}

/* app.simulate('<device> <command>'): drives a device's simulator in
 * simulator mode (a demo, remote help, the UI tests): "idreader PLACE
 * 220102198503120019", "idreader REMOVE", "chip INSERT", "cardfeed take".
 * Refused for a device that is not simulated. The answer is the state of
 * app.simulator-reply. */
static void
action_simulate (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KioskApplication *self = user_data;
  g_auto (GStrv) words = g_strsplit (g_variant_get_string (parameter, NULL), " ", 2);
  KioskDeviceManager *devices
      = self->context != NULL ? kiosk_context_get_devices (self->context) : NULL;
  KioskDeviceConfig *config = NULL;
  g_autofree char *control = NULL;
  g_autofree char *reply = NULL;
  g_autoptr (GError) error = NULL;

  if (devices == NULL || words[0] == NULL || words[1] == NULL)
    {
      fail (self, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "simulate: “设备 命令”");
      return;
    }
  if (g_str_equal (words[0], "center"))
    {
      reply = simulate_center (kiosk_context_get_center (self->context), words[1]);
      set_simulator_reply (self, reply);
      return;
    }
  config = kiosk_device_manager_get_config (devices, words[0]);
  /* The card transport's "simulator" driver is a simulator in itself. */
  if (config == NULL
      || (!kiosk_device_config_get_simulator (config)
          && !KIOSK_IS_CARD_FEEDER_SIM (kiosk_device_manager_get_device (devices, words[0]))))
    {
      fail (self, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "simulate: 这台设备不是模拟器");
      return;
    }
  if (g_str_equal (words[0], "cardfeed"))
    {
      KioskDevice *feeder = kiosk_context_get_card_feeder (self->context);

      if (!KIOSK_IS_CARD_FEEDER_SIM (feeder))
        {
          fail (self, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "simulate: cardfeed take");
          return;
        }
      reply = simulate_card_feeder (KIOSK_CARD_FEEDER_SIM (feeder), words[1]);
      set_simulator_reply (self, reply);
      return;
    }
  control = kiosk_device_config_get_string (config, "sim_control", NULL);
  if (control == NULL)
    {
      fail (self, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "simulate: 这台模拟器没有控制接口");
      return;
    }
  reply = simulator_command (control, words[1], &error);
  if (reply == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, "simulate: 没有回答");
      report (self, error);
      return;
    }
  g_message ("simulator %s: %s", words[0], reply);
  set_simulator_reply (self, reply);
}

/* ---- looks and state --------------------------------------------------------- */

static void
change_large_text (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  KioskApplication *self = user_data;

  g_simple_action_set_state (action, value);
  if (self->window != NULL)
    kiosk_main_window_set_large_text (self->window, g_variant_get_boolean (value));
}

/* Read-only states: changing them from outside is refused. */
static void
refuse_change (GSimpleAction *action, GVariant *value, gpointer user_data)
{
}

void
kiosk_application_install_actions (KioskApplication *self)
{
  static const GActionEntry entries[] = {
    { "start-service", action_start_service, "s" },
    { "cancel", action_cancel },
    { "back", action_back },
    { "next", action_next },
    { "extend", action_extend },
    { "keypad-press", action_keypad_press, "s" },
    { "submit-id-number", action_submit_id_number, "s" },
    { "set-phone", action_set_phone, "s" },
    { "choose-bank", action_choose_bank, "s" },
    { "set-postal-code", action_set_postal_code, "s" },
    { "set-occupation", action_set_occupation, "s" },
    { "set-industry", action_set_industry, "s" },
    { "set-household-type", action_set_household_type, "s" },
    { "set-address", action_set_address, "s" },
    { "address-key", action_address_key, "s" },
    { "capture", action_capture },
    { "retake", action_retake },
    { "add-stroke", action_add_stroke, "a(dd)" },
    { "clear-signature", action_clear_signature },
    { "choose-card", action_choose_card, "u" },
    { "choose-functions", action_choose_functions, "s" },
    { "fix", action_fix },
    { "large-text", NULL, NULL, "false", change_large_text },
    { "simulate", action_simulate, "s" },
  };
  GSimpleAction *state;

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  kiosk_application_install_technician_actions (self);

  /* Observable over D-Bus (org.gtk.Actions.Describe); the application sets
   * them, nobody else can: a change request from outside is ignored. */
  state = g_simple_action_new_stateful ("current-page", NULL, g_variant_new_string (""));
  g_signal_connect (state, "change-state", G_CALLBACK (refuse_change), NULL);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (state));
  g_object_unref (state);
  state = g_simple_action_new_stateful ("last-error", NULL, g_variant_new_string (""));
  g_signal_connect (state, "change-state", G_CALLBACK (refuse_change), NULL);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (state));
  g_object_unref (state);
  state = g_simple_action_new_stateful ("simulator-reply", NULL, g_variant_new_string (""));
  g_signal_connect (state, "change-state", G_CALLBACK (refuse_change), NULL);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (state));
  g_object_unref (state);
}
