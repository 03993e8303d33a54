/* flows-rig.c — real parts for the flow tests (flows-rig.h) */
#include "config.h"

#include "flows-rig.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <stdlib.h>

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#ifdef HAVE_FONTCONFIG
#include <fontconfig/fontconfig.h>
#endif

#include "kiosk-card-feeder.h"
#include "kiosk-chip-simulator.h"
#include "kiosk-flow-private.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-printer-simulator.h"
#include "kiosk-recovery.h"
#include "kiosk-test.h"

#ifndef KIOSK_VCARD_PATH
#error "KIOSK_VCARD_PATH must name the kiosk-vcard program"
#endif
#ifndef FLOWS_FIXTURES
#error "FLOWS_FIXTURES must name tests/photo/fixtures"
#endif

static struct
{
  char *dir;
  char *skip;
  guint port;
  GSubprocess *pcscd;
  GSubprocess *vcard;
  char *vcard_control;
  KioskPrinterSimulator *card_printer;
  KioskPrinterSimulator *receipt_printer;
  guint n_rigs;
} g;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
stop_process (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGTERM);
  if (!g_subprocess_wait (*process, NULL, NULL))
    g_subprocess_force_exit (*process);
  g_clear_object (process);
}

void
flows_rig_init (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sock = NULL;
  g_autofree char *card_dir = NULL;
  g_autofree char *receipt_dir = NULL;

  /* Our own directory: kiosk-test.h's is private to the test's file. */
  g.dir = g_dir_make_tmp ("kiosk-flows-XXXXXX", &error);
  g_assert_no_error (error);
  if (!kiosk_chip_simulator_find_ports (&g.port, &error)
      || !kiosk_chip_simulator_write_config (g.dir, g.port, &error))
    {
      g.skip = g_strdup (error->message);
      return;
    }
  g.pcscd = kiosk_chip_simulator_spawn_pcscd (g.dir, 5000, &error);
  if (g.pcscd == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        g_error ("pcscd: %s", error->message);
      g.skip = g_strdup_printf ("pcscd: %s", error->message);
      return;
    }
  sock = kiosk_chip_simulator_socket_path (g.dir);
  g_setenv ("PCSCLITE_CSOCK_NAME", sock, TRUE);
  g.vcard_control = g_build_filename (g.dir, "vcard.sock", NULL);

  card_dir = g_build_filename (g.dir, "card-printer", NULL);
  receipt_dir = g_build_filename (g.dir, "receipt-printer", NULL);
  g_mkdir_with_parents (card_dir, 0700);
  g_mkdir_with_parents (receipt_dir, 0700);
  g.card_printer = kiosk_printer_simulator_start (card_dir, "card", &error);
  if (g.card_printer != NULL)
    g.receipt_printer = kiosk_printer_simulator_start (receipt_dir, "receipt", &error);
  if (g.receipt_printer == NULL)
    g.skip = g_strdup_printf ("ippeveprinter: %s", error->message);
}

void
flows_release_font_caches (void)
{
  /* The card face and the receipts load fonts: give back pango's,
   * cairo's and fontconfig's caches so LeakSanitizer sees only ours. */
  kiosk_flow_render_release_fonts ();
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
#ifdef HAVE_FONTCONFIG
  FcFini ();
#endif
}

void
flows_rig_shutdown (void)
{
  flows_release_font_caches ();
  stop_process (&g.vcard);
  stop_process (&g.pcscd);
  g_clear_pointer (&g.card_printer, kiosk_printer_simulator_free);
  g_clear_pointer (&g.receipt_printer, kiosk_printer_simulator_free);
  if (g.dir != NULL)
    kiosk_test_rm_rf (g.dir);
  g_clear_pointer (&g.dir, g_free);
  g_clear_pointer (&g.skip, g_free);
  g_clear_pointer (&g.vcard_control, g_free);
}

gboolean
flows_rig_skip_if_down (void)
{
  if (g.skip == NULL)
    return FALSE;
  g_test_skip (g.skip);
  return TRUE;
}

/* ---- the virtual card ----------------------------------------------------- */

static void
start_vcard (const char *dir)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr (GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", g.port);
  g_autofree char *state = g_build_filename (dir, "vcard.ini", NULL);
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  stop_process (&g.vcard);
  g_unlink (g.vcard_control);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g.vcard = g_subprocess_launcher_spawn (launcher, &error, KIOSK_VCARD_PATH, "--port", port,
                                         "--control", g.vcard_control, "--card", "blank", "--state",
                                         state, "--removed", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (g.vcard));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "READY"));
}

static char *
control_command (const char *path, const char *command)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autoptr (GString) reply = g_string_new (NULL);
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);
  char c;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (strlen (path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, path);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (write (fd, line, strlen (line)), ==, (int) strlen (line));
  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (reply, c);
  close (fd);
  return g_string_free (g_steal_pointer (&reply), FALSE);
}

char *
flows_rig_vcard (const char *command)
{
  char *reply = control_command (g.vcard_control, command);

  if (!g_str_has_prefix (reply, "OK"))
    g_error ("kiosk-vcard refused “%s”: %s", command, reply);
  return reply;
}

/* ---- the context ---------------------------------------------------------- */

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_context_open_devices_finish (KIOSK_CONTEXT (source), result, &error));
  *done = TRUE;
}

static void
build_context (FlowsRig *rig)
{
  g_autoptr (GError) error = NULL;
  gboolean opened = FALSE;
  gint64 end;
  KioskDeviceConfig *idreader;

  g_clear_pointer (&rig->config, kiosk_config_free);
  rig->config = kiosk_config_load_data (rig->config_text, -1, &error);
  g_assert_no_error (error);
  rig->context = kiosk_context_new (rig->config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rig->context);

  kiosk_context_open_devices_async (rig->context, NULL, opened_cb, &opened);
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!opened && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (opened);
  for (guint i = 0;
       i < kiosk_device_manager_get_devices (kiosk_context_get_devices (rig->context))->len; i++)
    {
      KioskDevice *device = g_ptr_array_index (
          kiosk_device_manager_get_devices (kiosk_context_get_devices (rig->context)), i);

      if (!kiosk_device_is_connected (device))
        g_error ("device %s did not open", kiosk_device_get_name (device));
    }

  idreader = kiosk_device_manager_get_config (kiosk_context_get_devices (rig->context), "idreader");
  g_free (rig->idreader_control);
  rig->idreader_control = kiosk_device_config_get_string (idreader, "sim_control", NULL);
  g_assert_nonnull (rig->idreader_control);
}

void
flows_rig_setup (FlowsRig *rig, const char *extra)
{
  g_autofree char *name = g_strdup_printf ("case-%u", ++g.n_rigs);
  g_autofree char *people = g_build_filename (g_getenv ("KIOSK_DATA_DIR"), "demo-people.ini", NULL);
  g_autofree char *face = g_build_filename (FLOWS_FIXTURES, "pass-centre.jpg", NULL);
  g_autoptr (GError) error = NULL;

  memset (rig, 0, sizeof *rig);
  rig->dir = g_build_filename (g.dir, name, NULL);
  g_mkdir_with_parents (rig->dir, 0700);
  start_vcard (rig->dir);
  rig->config_text = g_strdup_printf (
      "[kiosk]\nid=JL-TEST-0001\n"
      "[store]\nstate_dir=%s/state\n"
      "[center]\ndriver=simulator\nlatency_ms=0\n"
      "[flows]\nwarning_s=0\n"
      "[devices]\n"
      "idreader_driver=sam-serial\nidreader_simulator=true\nidreader_sim_people=%s\n"
      "idreader_poll_ms=40\nidreader_timeout_ms=300\nidreader_retries=2\n"
      "chip_driver=pcsc\nchip_reader=" KIOSK_CHIP_SIMULATOR_READER "\n"
      "cardfeed_driver=simulator\ncardfeed_state=%s/cardfeed.ini\ncardfeed_hopper=%d\n"
      "cardfeed_motion_ms=10\ncardfeed_chip_control=%s\n"
      "card_printer_driver=ipp\ncard_printer_uri=%s\ncard_printer_poll_ms=50\n"
      "receipt_printer_driver=ipp\nreceipt_printer_uri=%s\nreceipt_printer_poll_ms=50\n"
      "camera_driver=gstreamer\ncamera_simulator=true\ncamera_source_file=%s\ncamera_sim_fps=5\n"
      "%s",
      rig->dir, people, rig->dir, FLOWS_STOCK, g.vcard_control,
      kiosk_printer_simulator_get_uri (g.card_printer),
      kiosk_printer_simulator_get_uri (g.receipt_printer), face, extra != NULL ? extra : "");
  build_context (rig);
  g_assert_cmpint (kiosk_store_stock_load_batch (flows_rig_store (rig), "JL24T000001", FLOWS_STOCK,
                                                 "test", &error),
                   >, 0);
  g_assert_no_error (error);
  flows_rig_card_printer_faults (NULL);
  flows_rig_receipt_printer_faults (NULL);
}

void
flows_rig_crash (FlowsRig *rig, KioskFlow *flow)
{
  if (flow != NULL)
    {
      g_cancellable_cancel (kiosk_flow_get_cancellable (flow));
      g_object_unref (flow);
    }
  flows_spin (100);
  g_clear_object (&rig->context);
  flows_spin (50);
}

void
flows_rig_restart (FlowsRig *rig)
{
  g_assert_null (rig->context);
  build_context (rig);
}

void
flows_rig_teardown (FlowsRig *rig)
{
  g_clear_object (&rig->context);
  flows_spin (20);
  g_clear_pointer (&rig->config, kiosk_config_free);
  g_clear_pointer (&rig->config_text, g_free);
  g_clear_pointer (&rig->idreader_control, g_free);
  g_clear_pointer (&rig->dir, g_free);
  stop_process (&g.vcard);
}

KioskCenterSim *
flows_rig_center (FlowsRig *rig)
{
  return KIOSK_CENTER_SIM (kiosk_context_get_center (rig->context));
}

KioskStore *
flows_rig_store (FlowsRig *rig)
{
  return kiosk_context_get_store (rig->context);
}

KioskCardFeederSim *
flows_rig_feeder (FlowsRig *rig)
{
  return KIOSK_CARD_FEEDER_SIM (kiosk_context_get_card_feeder (rig->context));
}

void
flows_rig_place_id (FlowsRig *rig, const char *id_number)
{
  g_autofree char *command = g_strdup_printf ("PLACE %s", id_number);
  g_autofree char *reply = control_command (rig->idreader_control, command);

  if (!g_str_has_prefix (reply, "OK"))
    g_error ("ID reader simulator refused “PLACE”: %s", reply);
}

void
flows_rig_remove_id (FlowsRig *rig)
{
  g_autofree char *reply = control_command (rig->idreader_control, "REMOVE");

  g_assert_true (g_str_has_prefix (reply, "OK"));
}

void
flows_rig_card_printer_faults (const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_printer_simulator_set_faults (g.card_printer, text, &error));
  g_assert_no_error (error);
}

void
flows_rig_receipt_printer_faults (const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_printer_simulator_set_faults (g.receipt_printer, text, &error));
  g_assert_no_error (error);
}

guint
flows_rig_card_printer_jobs (void)
{
  return kiosk_printer_simulator_count_jobs (g.card_printer);
}

GBytes *
flows_rig_printed_card_face (FlowsRig *rig, const char *uuid)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (flows_rig_store (rig), uuid, &error);
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize len = 0;
  int job = -1;

  g_assert_no_error (error);
  for (guint i = 0; i < steps->len; i++)
    {
      KioskJournalStep *entry = g_ptr_array_index (steps, i);
      const char *at;

      if (g_str_equal (entry->step, "print") && entry->phase == KIOSK_JOURNAL_OUTCOME
          && entry->payload != NULL && (at = strstr (entry->payload, "\"job\":")) != NULL)
        job = atoi (at + strlen ("\"job\":"));
    }
  g_assert_cmpint (job, >, 0);
  path = kiosk_printer_simulator_get_job_file (g.card_printer, job);
  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

void
flows_assert_card_face_png (GBytes *png)
{
  static const guint8 magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (png, &len);
  gsize nonzero = 0;

  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (data, 8, magic, 8);
  for (gsize i = 0; i < len; i++)
    nonzero += data[i] != 0;
  /* A rendered face, not a buffer overwritten before it was sent. */
  g_assert_cmpuint (nonzero, >, len / 4);
}

guint
flows_rig_receipt_printer_jobs (void)
{
  return kiosk_printer_simulator_count_jobs (g.receipt_printer);
}

KioskFlow *
flows_rig_start (FlowsRig *rig, KioskService service)
{
  g_autoptr (GError) error = NULL;
  KioskFlow *flow = kiosk_flow_new_for_service (rig->context, service, &error);

  g_assert_no_error (error);
  kiosk_flow_start (flow);
  return flow;
}

/* ---- waiting -------------------------------------------------------------- */

void
flows_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

gboolean
flows_wait_state (KioskFlow *flow, int state, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (kiosk_flow_get_state (flow) != state && !kiosk_flow_is_finished (flow)
         && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  if (kiosk_flow_get_state (flow) != state)
    {
      KioskSession *session = kiosk_flow_get_session (flow);

      g_printerr ("flow is in %s (page %s), not the state awaited; message: %s; error: %s\n",
                  kiosk_flow_get_state_name (flow),
                  kiosk_flow_page_to_string (kiosk_flow_get_page (flow)),
                  kiosk_flow_get_message (flow),
                  kiosk_flow_get_error (flow) ? kiosk_flow_get_error (flow)->message : "-");
      if (session != NULL)
        flows_print_journal (kiosk_context_get_store (kiosk_flow_get_context (flow)),
                             kiosk_session_get_uuid (session));
    }
  return kiosk_flow_get_state (flow) == state;
}

KioskFlowPage
flows_wait_end (KioskFlow *flow, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!kiosk_flow_is_finished (flow) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  if (!kiosk_flow_is_finished (flow))
    g_test_message ("flow still in %s", kiosk_flow_get_state_name (flow));
  else if (kiosk_flow_get_error (flow) != NULL)
    g_test_message ("flow ended %s: %s", kiosk_flow_get_state_name (flow),
                    kiosk_flow_get_error (flow)->message);
  return kiosk_flow_get_page (flow);
}

/* ---- data ----------------------------------------------------------------- */

GBytes *
flows_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (FLOWS_FIXTURES, name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

GBytes *
flows_signature_png (void)
{
  /* A real PNG: the smallest picture the encoder makes is fine; the flow
   * checks the signature and length, the rest is the UI's drawing. */
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x57, 0xdd, 0x52, 0xf8, 0x00, 0x00, 0x00, 0x0e, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0x60, 0x60, 0x60, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0xa5, 0xf6,
    0x45, 0x40, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  };

  return g_bytes_new_static (png, sizeof png);
}

/* ---- recovery and checks -------------------------------------------------- */

static void
recovered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = kiosk_recovery_run_finish (KIOSK_RECOVERY (source), result, &error);
  g_assert_no_error (error);
}

GPtrArray *
flows_rig_recover (FlowsRig *rig)
{
  g_autoptr (KioskRecovery) recovery = kiosk_recovery_new (rig->context);
  GPtrArray *actions = NULL;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  kiosk_recovery_run_async (recovery, NULL, recovered_cb, &actions);
  while (actions == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (actions);
  return actions;
}

void
flows_print_journal (KioskStore *store, const char *uuid)
{
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (store, uuid, NULL);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      KioskJournalStep *step = g_ptr_array_index (steps, i);

      g_printerr ("  %3" G_GINT64_FORMAT " %-12s %-7s %s %s\n", step->seq, step->step,
                  kiosk_journal_phase_to_string (step->phase), step->result ? step->result : "",
                  step->payload ? step->payload : "");
    }
}

static gboolean
is_effect (const char *step)
{
  static const char *const effects[]
      = { "apply",   "feed",           "personalise", "print",          "eject",
          "reject",  "result",         "cancel",      "temporary-loss", "formal-loss",
          "unblock", "temporary-card", NULL };

  return g_strv_contains (effects, step);
}

guint
flows_assert_intent_before_effect (KioskStore *store, const char *uuid)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (store, uuid, &error);
  g_autoptr (GHashTable) intended = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  for (guint i = 0; i < steps->len; i++)
    {
      KioskJournalStep *step = g_ptr_array_index (steps, i);

      if (step->phase == KIOSK_JOURNAL_INTENT)
        g_hash_table_add (intended, step->step);
      else if (is_effect (step->step) && !g_hash_table_contains (intended, step->step))
        g_error ("session %s: outcome of “%s” (seq %" G_GINT64_FORMAT ") without an intent before",
                 uuid, step->step, step->seq);
    }
  return steps->len;
}

guint
flows_count_steps (KioskStore *store, const char *uuid, const char *name, KioskJournalPhase phase)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (store, uuid, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < steps->len; i++)
    {
      KioskJournalStep *step = g_ptr_array_index (steps, i);

      n += g_strcmp0 (step->step, name) == 0 && step->phase == phase;
    }
  return n;
}

void
flows_assert_stock_matches (FlowsRig *rig)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state = kiosk_card_feeder_query_state_sync (
      KIOSK_CARD_FEEDER (flows_rig_feeder (rig)), NULL, &error);
  gint64 counts[KIOSK_CARD_N_STATES] = { 0 };

  g_assert_no_error (error);
  g_assert_true (kiosk_store_stock_counts (flows_rig_store (rig), counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, (gint64) state->hopper_level);
  g_assert_cmpint (counts[KIOSK_CARD_IN_MACHINE] + counts[KIOSK_CARD_ISSUED]
                       + counts[KIOSK_CARD_SPOILED] + counts[KIOSK_CARD_UNCERTAIN],
                   ==, (gint64) state->fed);
  g_assert_cmpint (counts[KIOSK_CARD_SPOILED], ==, (gint64) state->rejected);
}

/* ---- driving the green channel -------------------------------------------- */

KioskFlow *
flows_green_until (FlowsRig *rig, const char *id_number, int state)
{
  KioskFlow *flow = flows_rig_start (rig, KIOSK_SERVICE_GREEN_CHANNEL);
  KioskGreenChannelFlow *green = KIOSK_GREEN_CHANNEL_FLOW (flow);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");
  g_autoptr (GBytes) signature = flows_signature_png ();

  g_assert_true (flows_wait_state (flow, KIOSK_GREEN_CHANNEL_STATE_READ_ID, 1000));
  if (state == KIOSK_GREEN_CHANNEL_STATE_READ_ID)
    return flow;
  flows_rig_place_id (rig, id_number);
  g_assert_true (flows_wait_state (flow, KIOSK_GREEN_CHANNEL_STATE_PHOTO, 10000));
  flows_rig_remove_id (rig);
  if (state == KIOSK_GREEN_CHANNEL_STATE_PHOTO)
    return flow;
  g_assert_true (kiosk_flow_submit_photo (flow, photo, &error));
  g_assert_no_error (error);
  g_assert_true (flows_wait_state (flow, KIOSK_GREEN_CHANNEL_STATE_FORM, 20000));
  if (state == KIOSK_GREEN_CHANNEL_STATE_FORM)
    return flow;
  g_assert_true (kiosk_green_channel_flow_set_field (green, "phone", "139 1234 5678", &error));
  g_assert_true (kiosk_green_channel_flow_set_field (green, "bank", "建设银行", &error));
  g_assert_true (kiosk_green_channel_flow_set_field (green, "postal-code", "130000", &error));
  g_assert_true (kiosk_green_channel_flow_set_field (green, "occupation", "公司员工", &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_no_error (error);
  g_assert_true (flows_wait_state (flow, KIOSK_GREEN_CHANNEL_STATE_REVIEW, 1000));
  if (state == KIOSK_GREEN_CHANNEL_STATE_REVIEW)
    return flow;
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_true (flows_wait_state (flow, KIOSK_GREEN_CHANNEL_STATE_SIGNATURE, 1000));
  if (state == KIOSK_GREEN_CHANNEL_STATE_SIGNATURE)
    return flow;
  g_assert_true (kiosk_green_channel_flow_submit_signature (green, signature, &error));
  g_assert_no_error (error);
  g_assert_true (flows_wait_state (flow, state, 30000));
  return flow;
}

char *
flows_result_payload_without_head (const char *payload)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) head
      = g_regex_new (",\"audit_head\":\"[1-9][0-9]*:[0-9a-f]{64}\"}$", 0, 0, &error);
  char *without;

  g_assert_no_error (error);
  g_assert_nonnull (payload);
  if (!g_regex_match (head, payload, 0, NULL))
    g_error ("no audit head at the end of the result payload %s", payload);
  without = g_regex_replace_literal (head, payload, -1, 0, "}", 0, &error);
  g_assert_no_error (error);
  return without;
}

void
flows_store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

KioskPerson *
flows_center_person (FlowsRig *rig, const char *id_number)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  static guint n;
  g_autofree char *key = g_strdup_printf ("test:lookup:%u", ++n);
  KioskCenter *center = kiosk_context_get_center (rig->context);
  KioskPerson *person;

  kiosk_center_lookup_person_async (center, key, id_number, NULL, flows_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  person = kiosk_center_lookup_person_finish (center, result, &error);
  g_assert_no_error (error);
  return person;
}
