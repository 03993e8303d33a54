/* kiosk-flow.h — one citizen's service as a state machine the UI presents
 *
 * A KioskFlow is one visit for one service (green channel, temporary loss,
 * formal loss, unblock, progress query, temporary card). The business logic
 * lives here; the UI (ui/) only shows the flow's current page and calls its
 * actions. The flow drives the devices itself (it waits for the ID card, runs
 * the camera still, feeds, writes, prints and ejects cards) and talks to the
 * center; every such call is asynchronous, cancellable and has a timeout, so
 * a flow never hangs.
 *
 * Each subclass has its own state enum (kiosk-green-channel-flow.h …) and a
 * state table: for every state a stable name ("read-id"), the page the UI
 * shows (KioskFlowPage), the page timeout and the step of the progress bar it
 * belongs to. One switch in the subclass's `enter` function does the work of
 * a state (the fpi-ssm pattern of libfprint).
 *
 * What the UI uses:
 *   - "state-changed" (old, new) and kiosk_flow_get_page(): which page to show;
 *   - kiosk_flow_get_steps() and "steps-changed": the step indicator
 *     (① 读取身份证 ② 拍照 …) and the production progress;
 *   - kiosk_flow_get_message(): the one instruction of the page (Chinese);
 *     kiosk_flow_get_hint(): a live hint ("请把身份证平放在感应区");
 *   - kiosk_flow_get_refusal() on the REFUSED page (rule, message, remedy,
 *     window), kiosk_flow_get_error() on the FAILED page;
 *   - kiosk_flow_get_seconds_left() and "timeout-warning" for the countdown;
 *     kiosk_flow_keep_alive() is the "继续办理" button;
 *   - the actions: kiosk_flow_confirm(), kiosk_flow_cancel(),
 *     kiosk_flow_go_back(), kiosk_flow_submit_id_card() and the setters of
 *     each subclass. An action that is not allowed in the current state
 *     returns FALSE with KIOSK_FLOW_ERROR_WRONG_STATE and changes nothing.
 *
 * Ending: DONE, REFUSED, FAILED, CANCELLED and TIMED_OUT are final pages.
 * Whatever the reason, the session's personal data is wiped
 * (kiosk_session_wipe()) and its journal closed before "finished" is
 * emitted. A page timeout is a cancellation with page TIMED_OUT; the
 * production steps (cards in the machine) have no page timeout, only the
 * device timeouts, and a cancel during production is refused until the card
 * is safe (spoiled or handed out).
 *
 * All calls and signals happen in the thread-default main context of the
 * thread that created the flow.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-context.h"
#include "kiosk-id-card-data.h"
#include "kiosk-refusal.h"
#include "kiosk-service.h"
#include "kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_FLOW_ERROR (kiosk_flow_error_quark ())
GQuark kiosk_flow_error_quark (void);

typedef enum
{
  KIOSK_FLOW_ERROR_WRONG_STATE,   /* the action is not allowed in this state */
  KIOSK_FLOW_ERROR_INVALID,       /* the input is wrong (the message says what, in Chinese) */
  KIOSK_FLOW_ERROR_DEVICE,        /* a device is missing or failed */
  KIOSK_FLOW_ERROR_CENTER,        /* the center could not be reached or answered an error */
  KIOSK_FLOW_ERROR_STORE,         /* the journal could not be written: nothing was done */
  KIOSK_FLOW_ERROR_TIMEOUT,       /* a device or the center did not answer in time */
  KIOSK_FLOW_ERROR_FACE_MISMATCH, /* face verification failed */
  KIOSK_FLOW_ERROR_CARD_MISMATCH, /* the chip card is not this person's (unblock) */
  KIOSK_FLOW_ERROR_PHOTO,         /* the photo does not meet the specification */
  KIOSK_FLOW_ERROR_SPOILED,       /* a card failed in production and was set aside */
} KioskFlowError;

/* The page the UI shows for a state. Several flows share pages. */
typedef enum
{
  KIOSK_FLOW_PAGE_NONE,        /* not started */
  KIOSK_FLOW_PAGE_WORKING,     /* the kiosk works (center, devices): a spinner and the message */
  KIOSK_FLOW_PAGE_ID_CARD,     /* place the ID card on the reader (picture) */
  KIOSK_FLOW_PAGE_ID_NUMBER,   /* place the ID card or type the ID number (progress query) */
  KIOSK_FLOW_PAGE_CAMERA,      /* live preview with the face guide; "拍照" captures */
  KIOSK_FLOW_PAGE_FORM,        /* the application form (green channel) */
  KIOSK_FLOW_PAGE_REVIEW,      /* the card-face preview and the form's summary */
  KIOSK_FLOW_PAGE_SIGNATURE,   /* sign on the screen */
  KIOSK_FLOW_PAGE_CHOOSE_CARD, /* the person's cards, masked (temporary loss) */
  KIOSK_FLOW_PAGE_CHOOSE_FUNCTIONS, /* social / financial / both (formal loss) */
  KIOSK_FLOW_PAGE_CONFIRM,          /* one question: the message (and a warning) and 确认 */
  KIOSK_FLOW_PAGE_INSERT_CHIP_CARD, /* insert the social security card (chip up, arrow first) */
  KIOSK_FLOW_PAGE_PRODUCTION,       /* named production steps with the time left */
  KIOSK_FLOW_PAGE_TAKE_CARD,        /* take the card from the slot */
  KIOSK_FLOW_PAGE_RESULT,           /* an answer to read (progress query): 确认 ends */
  KIOSK_FLOW_PAGE_DONE,             /* finished; take the receipt */
  KIOSK_FLOW_PAGE_REFUSED,          /* a rule refused: kiosk_flow_get_refusal() */
  KIOSK_FLOW_PAGE_FAILED,           /* something broke: kiosk_flow_get_error() and the message */
  KIOSK_FLOW_PAGE_CANCELLED,        /* the citizen cancelled */
  KIOSK_FLOW_PAGE_TIMED_OUT,        /* the page timed out */
} KioskFlowPage;

/* "working", "id-card", … (stable, for logs, tests and the UI's page names). */
const char *kiosk_flow_page_to_string (KioskFlowPage page);
/* TRUE for DONE, REFUSED, FAILED, CANCELLED, TIMED_OUT. */
gboolean kiosk_flow_page_is_final (KioskFlowPage page);

typedef enum
{
  KIOSK_FLOW_STEP_PENDING,
  KIOSK_FLOW_STEP_CURRENT,
  KIOSK_FLOW_STEP_DONE,
  KIOSK_FLOW_STEP_FAILED,
} KioskFlowStepStatus;

/* One entry of the step indicator (or of the production progress). */
typedef struct
{
  const char *key;   /* "read-id", "photo", "feed", … (stable) */
  const char *label; /* "读取身份证", "写入芯片" … (Chinese) */
  KioskFlowStepStatus status;
  guint estimated_seconds; /* typical duration, for the time left */
  gboolean production;     /* part of card production (the PRODUCTION page lists these) */
} KioskFlowStep;

/* The states every flow has; a subclass numbers its own from
 * KIOSK_FLOW_STATE_FIRST_CUSTOM. */
enum
{
  KIOSK_FLOW_STATE_IDLE = 0,  /* not started */
  KIOSK_FLOW_STATE_DONE,      /* page DONE */
  KIOSK_FLOW_STATE_REFUSED,   /* page REFUSED */
  KIOSK_FLOW_STATE_FAILED,    /* page FAILED */
  KIOSK_FLOW_STATE_CANCELLED, /* page CANCELLED */
  KIOSK_FLOW_STATE_TIMED_OUT, /* page TIMED_OUT */
  KIOSK_FLOW_STATE_FIRST_CUSTOM = 16,
};

/* Page timeouts of a state table that follow the [flows] settings. */
#define KIOSK_FLOW_TIMEOUT_NONE 0
#define KIOSK_FLOW_TIMEOUT_ID   1 /* id_timeout_s */
#define KIOSK_FLOW_TIMEOUT_PAGE 2 /* page_timeout_s */
#define KIOSK_FLOW_TIMEOUT_FORM 3 /* form_timeout_s */
#define KIOSK_FLOW_TIMEOUT_TAKE 4 /* take_card_timeout_s */

/* A row of a subclass's state table. */
typedef struct
{
  int state;
  const char *name; /* stable key: "read-id" */
  KioskFlowPage page;
  guint timeout_s;     /* page timeout: KIOSK_FLOW_TIMEOUT_*, or seconds (≥ 10); 0: none
                        * (working and production states) */
  const char *step;    /* key of the KioskFlowStep this state belongs to, or NULL */
  const char *message; /* the page's instruction, Chinese (may be replaced at run time) */
  int back;            /* the state "返回" leads to, or 0 (KioskFlowClass.go_back decides) */
} KioskFlowStateInfo;

/* The states of a flow that makes a card (kiosk-flow-private.h). */
typedef struct _KioskFlowProductionPlan KioskFlowProductionPlan;

#define KIOSK_TYPE_FLOW (kiosk_flow_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskFlow, kiosk_flow, KIOSK, FLOW, GObject)

struct _KioskFlowClass
{
  GObjectClass parent_class;

  KioskService service;
  const char *journal_service;      /* short name in the journal: "green-channel" */
  const KioskFlowStateInfo *states; /* the subclass's states, any order */
  guint n_states;
  const KioskFlowStep *steps; /* the step indicator's template */
  guint n_steps;

  /* Where the base class's common steps lead (-1: not used by this flow). */
  int after_id_state;        /* an ID card (or number) was accepted */
  int photo_state;           /* the CAMERA state, for a retake */
  int photo_check_state;     /* WORKING while a photo is checked, or -1 */
  int after_photo_state;     /* a photo was accepted */
  gboolean photo_full_check; /* the card-photo specification (green channel), else a face */

  /* The one switch: do the work of `state` (just entered). */
  void (*enter) (KioskFlow *self, int state);
  /* Actions; NULL or FALSE: not allowed in this state. */
  gboolean (*confirm) (KioskFlow *self, GError **error);
  gboolean (*go_back) (KioskFlow *self, GError **error);
  gboolean (*submit_id_card) (KioskFlow *self, KioskIdCardData *data, GError **error);
  /* A photo for the CAMERA page (JPEG or PNG bytes, or a camera still
   * encoded as JPEG by the base class). */
  gboolean (*submit_photo) (KioskFlow *self, GBytes *image, GError **error);
  /* May the flow be cancelled now? (production refuses until the card is safe) */
  gboolean (*can_cancel) (KioskFlow *self);
  /* Called once when the flow ends, before the session is wiped. */
  void (*finish) (KioskFlow *self, KioskFlowPage page);

  /* A flow that makes a card: its production states (NULL otherwise). */
  const KioskFlowProductionPlan *production;

  gpointer padding[7];
};

/* The flow for `service` (KIOSK_SERVICE_GREEN_CHANNEL, _TEMPORARY_LOSS,
 * _FORMAL_LOSS_SOCIAL (either formal-loss service gives the formal-loss flow),
 * _UNBLOCK, _PROGRESS, _TEMPORARY_CARD); NULL with KIOSK_FLOW_ERROR_INVALID
 * for a service the kiosk does not offer (application, replacement, proxy:
 * those are refused with their rule by the UI's home page). */
KioskFlow *kiosk_flow_new_for_service (KioskContext *context, KioskService service, GError **error);

/* Begins the session: opens the journal and enters the first state. A flow
 * runs once. */
void kiosk_flow_start (KioskFlow *self);

KioskContext *kiosk_flow_get_context (KioskFlow *self);
KioskService kiosk_flow_get_service (KioskFlow *self);
/* "绿色通道即时制卡" */
const char *kiosk_flow_get_title (KioskFlow *self);
/* The session (NULL before start); wiped once the flow ended. */
KioskSession *kiosk_flow_get_session (KioskFlow *self);

int kiosk_flow_get_state (KioskFlow *self);
const char *kiosk_flow_get_state_name (KioskFlow *self);
KioskFlowPage kiosk_flow_get_page (KioskFlow *self);
gboolean kiosk_flow_is_finished (KioskFlow *self);

/* The instruction of the current page, Chinese; never NULL once started. */
const char *kiosk_flow_get_message (KioskFlow *self);
/* A live hint (what to fix: "请把身份证平放在感应区", the photo check's
 * instruction), or NULL. */
const char *kiosk_flow_get_hint (KioskFlow *self);
/* A warning shown on the CONFIRM page ("正式挂失后不能解挂"), or NULL. */
const char *kiosk_flow_get_warning (KioskFlow *self);

/* The step indicator: element-type KioskFlowStep, owned by the flow, in
 * order. Production steps are last. */
GPtrArray *kiosk_flow_get_steps (KioskFlow *self);
/* Seconds the remaining production steps typically take (0 outside production). */
guint kiosk_flow_get_production_seconds_left (KioskFlow *self);

/* On REFUSED: the rule, message, remedy and window; NULL otherwise. */
const KioskRefusal *kiosk_flow_get_refusal (KioskFlow *self);
/* On FAILED (and after a failed action that left the flow where it was):
 * the error; its message is Chinese for the citizen. NULL otherwise. */
const GError *kiosk_flow_get_error (KioskFlow *self);

/* The receipt of a finished flow as text (what was printed, masked), and
 * the QR payload printed on it; NULL until there is one. */
const char *kiosk_flow_get_receipt_text (KioskFlow *self);
const char *kiosk_flow_get_qr_payload (KioskFlow *self);
/* TRUE once the receipt printer printed the receipt; FALSE when it failed
 * or there is no receipt printer (the page then shows the receipt's QR code
 * and says it could not be printed, instead of pointing at the slot). */
gboolean kiosk_flow_get_receipt_printed (KioskFlow *self);

/* The countdown of the current page: seconds left, or 0 when the page has
 * no timeout. "timeout-warning" is emitted `warning_s` (kiosk-context.h)
 * before the end; kiosk_flow_keep_alive() restarts the countdown. */
guint kiosk_flow_get_seconds_left (KioskFlow *self);
void kiosk_flow_keep_alive (KioskFlow *self);

/* ---- actions ----------------------------------------------------------- */

/* The citizen's "确认" / main button of the page. */
gboolean kiosk_flow_confirm (KioskFlow *self, GError **error);
/* "返回": one page back where the flow allows it. */
gboolean kiosk_flow_go_back (KioskFlow *self, GError **error);
/* "取消": ends the flow (page CANCELLED), wipes the session, closes the
 * journal "cancelled" and cancels every call in flight. Refused (FALSE,
 * WRONG_STATE) only while a card is in production. Harmless after the end. */
gboolean kiosk_flow_cancel (KioskFlow *self, GError **error);
/* On the CAMERA page: takes a still from the camera and hands it to the
 * flow (as kiosk_flow_submit_photo()); the result shows as the next state,
 * or as the hint (what to change) when the photo was not good enough. */
gboolean kiosk_flow_capture_photo (KioskFlow *self, GError **error);
/* On the CAMERA page: a photo from elsewhere (tests, a file): JPEG or PNG. */
gboolean kiosk_flow_submit_photo (KioskFlow *self, GBytes *image, GError **error);
/* ID card data read elsewhere (tests, a reader the flow does not own); the
 * flow normally reads its ID reader itself on the ID_CARD page. Takes `data`. */
gboolean kiosk_flow_submit_id_card (KioskFlow *self, KioskIdCardData *data, GError **error);

/* ---- for subclasses ---------------------------------------------------- */

/* Moves to `state` (emits "state-changed", restarts the page timeout, calls
 * `enter`). Calling it from inside `enter` is fine: the next state is
 * entered after the current `enter` returns. */
void kiosk_flow_set_state (KioskFlow *self, int state);
/* Final states of the base class: each wipes the session and closes the
 * journal with `outcome` ("done", "refused", "failed", …). */
void kiosk_flow_finish_done (KioskFlow *self, const char *outcome);
void kiosk_flow_finish_refused (KioskFlow *self, const KioskRefusal *refusal);
void kiosk_flow_finish_failed (KioskFlow *self, const GError *error, const char *message);

void kiosk_flow_set_message (KioskFlow *self, const char *message);
void kiosk_flow_set_hint (KioskFlow *self, const char *hint);
void kiosk_flow_set_warning (KioskFlow *self, const char *warning);
/* Remembers an error shown on the page without leaving the state. */
void kiosk_flow_set_error (KioskFlow *self, const GError *error);
void kiosk_flow_set_step_status (KioskFlow *self, const char *key, KioskFlowStepStatus status);
void kiosk_flow_set_receipt (KioskFlow *self, const char *text, const char *qr_payload);
void kiosk_flow_set_receipt_printed (KioskFlow *self, gboolean printed);

/* A cancellable for the calls of the flow: cancelled when the flow ends. */
GCancellable *kiosk_flow_get_cancellable (KioskFlow *self);

G_END_DECLS
