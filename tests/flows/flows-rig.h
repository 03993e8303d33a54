/* flows-rig.h — the kiosk's flows on real parts: SQLite store and center
 * simulator files, the pty ID-card reader simulator, pcscd + vpcd + the
 * virtual card behind the simulated card transport, ippeveprinter for the
 * card and receipt printers, the GStreamer camera on a face picture
 *
 * One pcscd and two ippeveprinters per test program (libpcsclite reads its
 * socket path once per process), started by flows_rig_init(); each test
 * gets its own directory, virtual card, configuration and KioskContext from
 * flows_rig_setup(). flows_rig_crash() drops the flow and the context
 * without letting anything finish — the files stay, as after a SIGKILL —
 * and flows_rig_restart() builds a fresh context over the same files.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-card-feeder-sim.h"
#include "kiosk-center-sim.h"
#include "kiosk-context.h"
#include "kiosk-flow.h"

G_BEGIN_DECLS

/* Demo people of data/demo-people.ini (docs/center.md). */
#define PERSON_GREEN      "220102198503120019" /* 张三: green channel */
#define PERSON_DECEASED   "220104195207040021" /* 李四: R17 */
#define PERSON_PRODUCTION "220102199002150038" /* 王五: card in production, temporary card */
#define PERSON_AT_WINDOW  "220105198809090042" /* 赵六: card at the window, has a temporary card */
#define PERSON_LOSS_DAY1  "220102196801010062" /* 孙八: temporary loss today */
#define PERSON_LOSS_DAY8  "220103197906060075" /* 周九: temporary loss on day 8 */
#define PERSON_BOTH_LOST  "220202198202280081" /* 吴十: both functions formally lost */
#define PERSON_PHOTO_FAIL "22020419930303010X" /* 冯二: pre-account failed, photo */
#define PERSON_PHONE_FAIL "22030219870417011X" /* 陈三: pre-account failed, phone */
#define PERSON_NAME_FAIL  "222401199505250120" /* 褚四: pre-account failed, name/ID mismatch */
#define PERSON_ACTIVE     "220102197208080136" /* 卫五: active card */
#define PERSON_NEW        "220106200002290170" /* 杨九: newly insured, no card */
#define PERSON_HK         "810000199001010019" /* 陈大文: HK residence permit, green channel */
#define PERSON_FACE_FAIL  "220202198907070199" /* 秦一: face does not match */
#define PERSON_UNINSURED  "220104199701010205" /* 尤二: not insured */

#define FLOWS_STOCK 20

typedef struct
{
  char *dir;
  char *config_text;
  KioskConfig *config;
  KioskContext *context;
  char *idreader_control;
} FlowsRig;

/* After kiosk_test_init(): pcscd and the printers. */
void flows_rig_init (void);
void flows_rig_shutdown (void);
/* Gives back the font caches of pango, cairo and fontconfig (at exit, for
 * LeakSanitizer); flows_rig_shutdown() does it too. */
void flows_release_font_caches (void);
/* TRUE (and g_test_skip()) when pcscd/vpcd cannot run here. */
gboolean flows_rig_skip_if_down (void);

/* A fresh directory, virtual card, configuration (with `extra` lines added to
 * [flows] … as given) and context with every device opened; the blank-card
 * stock and the transport's hopper both hold FLOWS_STOCK cards. */
void flows_rig_setup (FlowsRig *rig, const char *extra);
void flows_rig_teardown (FlowsRig *rig);
/* Drops `flow` (may be NULL) and the context at once: in-flight calls are
 * cancelled and nothing else is written. */
void flows_rig_crash (FlowsRig *rig, KioskFlow *flow);
/* A new context over the same files (after a crash). */
void flows_rig_restart (FlowsRig *rig);

KioskCenterSim *flows_rig_center (FlowsRig *rig);
KioskStore *flows_rig_store (FlowsRig *rig);
KioskCardFeederSim *flows_rig_feeder (FlowsRig *rig);

/* The ID-card reader simulator: the demo person with this ID number. */
void flows_rig_place_id (FlowsRig *rig, const char *id_number);
void flows_rig_remove_id (FlowsRig *rig);
/* The virtual card's control socket (kiosk-vcard): "OK …" expected. */
char *flows_rig_vcard (const char *command);
/* Printer faults (kiosk-printer-simulator.h control lines); NULL clears. */
void flows_rig_card_printer_faults (const char *text);
/* The same for the receipt printer (NULL: prints fine again). */
void flows_rig_receipt_printer_faults (const char *text);
guint flows_rig_card_printer_jobs (void);
guint flows_rig_receipt_printer_jobs (void);
/* The document the card printer received for the session `uuid` (its
 * journaled print job). */
GBytes *flows_rig_printed_card_face (FlowsRig *rig, const char *uuid);
/* A real PNG card face: the magic, a plausible size, mostly not zero. */
void flows_assert_card_face_png (GBytes *png);

/* A flow of `service`, started. */
KioskFlow *flows_rig_start (FlowsRig *rig, KioskService service);

/* Runs the main loop until the flow is in `state` (or ended), at most
 * `timeout_ms`; returns TRUE when it is in `state`. */
gboolean flows_wait_state (KioskFlow *flow, int state, guint timeout_ms);
/* Until the flow ended; returns its final page. */
KioskFlowPage flows_wait_end (KioskFlow *flow, guint timeout_ms);
/* Runs the main loop for `ms`. */
void flows_spin (guint ms);

/* A photo fixture of tests/photo/fixtures. */
GBytes *flows_fixture (const char *name);
/* A small valid PNG (a signature). */
GBytes *flows_signature_png (void);

/* Runs KioskRecovery on the rig's context and returns its actions. */
GPtrArray *flows_rig_recover (FlowsRig *rig);

/* The journal of `uuid`: every outcome of an effect step follows an intent
 * of the same step; returns the number of steps. */
guint flows_assert_intent_before_effect (KioskStore *store, const char *uuid);
/* The blank cards: the derived stock equals what the transport holds, and
 * every card fed is accounted exactly once. */
void flows_assert_stock_matches (FlowsRig *rig);
/* The steps of `uuid` named `step` in `phase`. */
guint
flows_count_steps (KioskStore *store, const char *uuid, const char *step, KioskJournalPhase phase);

/* A result intent's payload without its audit head: asserts that it ends
 * with one ("audit_head":"seq:hash", issue 7 §6 — the rig's stock load is
 * audited, so the chain is never empty) and returns the rest. */
char *flows_result_payload_without_head (const char *payload);

/* A GAsyncReadyCallback that keeps a reference to the result in
 * *(GAsyncResult **) user_data; the test turns the default main context
 * until it is set. */
void flows_store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data);
/* The center's record of `id_number`, asked under a fresh key. */
KioskPerson *flows_center_person (FlowsRig *rig, const char *id_number);

/* Prints a session's journal on stderr (for failures). */
void flows_print_journal (KioskStore *store, const char *uuid);

/* Drives the green channel with `id_number` until `state` is entered. */
KioskFlow *flows_green_until (FlowsRig *rig, const char *id_number, int state);

G_END_DECLS
