/* test-pcsc-chip-reader.c — the real PC/SC driver against pcscd + vpcd + kiosk-vcard
 *
 * Every fault of the virtual card and of the PC/SC service has a test here:
 * GET RESPONSE chains, 6Cxx, a card removed during a command, a mute card,
 * unexpected status words, pcscd killed and restarted, the reader unplugged,
 * a second operation while one is in flight, cancellation, the PIN counter,
 * personalisation to the end and stopping at step N.
 */
#include "config.h"

#include <string.h>

#include "chip-rig.h"
#include "chip-test-util.h"
#include "kiosk-device-driver.h"
#include "kiosk-device-manager.h"
#include "kiosk-pcsc-chip-reader.h"

typedef struct
{
  KioskDevice *device;
  guint placed;
  guint removed;
  guint plugged;
  guint unplugged;
} Fixture;

static void
count_cb (KioskDevice *device, gpointer counter)
{
  (*(guint *) counter)++;
}

static KioskDevice *
new_reader (const char *pattern, KioskPcscProtocol protocol, guint timeout_ms)
{
  KioskPcscChipReaderOptions options;

  kiosk_pcsc_chip_reader_options_init (&options);
  options.reader = pattern;
  options.protocol = protocol;
  options.timeout_ms = timeout_ms;
  options.poll_ms = 100;
  options.reconnect_ms = 50;
  options.reconnect_max_ms = 200;
  return kiosk_pcsc_chip_reader_new ("chip", FALSE, &options);
}

static void
fixture_open (Fixture *f, KioskPcscProtocol protocol, guint timeout_ms)
{
  g_autoptr (GError) error = NULL;

  f->device = new_reader (CHIP_RIG_READER, protocol, timeout_ms);
  g_signal_connect (f->device, "card-placed", G_CALLBACK (count_cb), &f->placed);
  g_signal_connect (f->device, "card-removed", G_CALLBACK (count_cb), &f->removed);
  g_signal_connect (f->device, "plugged", G_CALLBACK (count_cb), &f->plugged);
  g_signal_connect (f->device, "unplugged", G_CALLBACK (count_cb), &f->unplugged);
  g_assert_true (kiosk_device_open_sync (f->device, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_device_is_connected (f->device));
  g_assert_cmpstr (kiosk_pcsc_chip_reader_get_reader_name (KIOSK_PCSC_CHIP_READER (f->device)), ==,
                   CHIP_RIG_READER);
}

static void
fixture_close (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  if (f->device == NULL)
    return;
  g_assert_true (kiosk_device_close_sync (f->device, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&f->device);
  chip_rig_stop_vcard ();
}

static gboolean
is_present (gpointer data)
{
  return kiosk_device_is_card_present (KIOSK_DEVICE (data));
}

static gboolean
is_absent (gpointer data)
{
  return !kiosk_device_is_card_present (KIOSK_DEVICE (data));
}

static gboolean
is_connected (gpointer data)
{
  return kiosk_device_is_connected (KIOSK_DEVICE (data));
}

static gboolean
is_disconnected (gpointer data)
{
  return !kiosk_device_is_connected (KIOSK_DEVICE (data));
}

static guint64
counter (KioskDevice *device, const char *name)
{
  g_autoptr (KioskDeviceStatus) status = kiosk_device_get_status (device);

  return kiosk_device_status_get_counter (status, name);
}

static KioskSscCardData *
read_card (Fixture *f, GError **error)
{
  return kiosk_chip_reader_read_ssc_sync (KIOSK_CHIP_READER (f->device), NULL, error);
}

static void
assert_reads_demo (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = read_card (f, &error);
  g_autoptr (KioskSscCardData) expected = chip_test_demo_data ();

  g_assert_no_error (error);
  chip_test_assert_same_card (data, expected);
}

/* ---- reading --------------------------------------------------------------------------- */

static void
test_read (gconstpointer protocol_data)
{
  KioskPcscProtocol protocol = GPOINTER_TO_INT (protocol_data);
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, protocol, 10000);
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));

  data = read_card (&f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->card_number, ==, "D0000012V");
  g_assert_cmpstr (data->name, ==, "卫五");
  g_assert_cmpstr (data->ssn, ==, "220102197208080136");
  g_assert_cmpuint (data->sex, ==, 1);
  g_assert_cmpstr (data->nation, ==, "01");
  g_assert_cmpstr (data->birthplace, ==, "220102");
  g_assert_cmpstr (data->birth_date, ==, "19720808");
  g_assert_cmpstr (data->issue_date, ==, "20240115");
  g_assert_cmpstr (data->expiry_date, ==, "20340115");
  g_assert_cmpstr (data->spec_version, ==, "3.00");
  g_assert_cmpstr (data->card_type, ==, "3");
  g_assert_cmpstr (data->issuer, ==, "220100000000");
  g_assert_cmpstr (data->identification_code, ==, "220100D1560000050123456789ABCDEF");
  if (protocol == KIOSK_PCSC_PROTOCOL_T0)
    g_assert_cmpint (kiosk_pcsc_chip_reader_get_last_protocol (KIOSK_PCSC_CHIP_READER (f.device)),
                     ==, 0);
  else if (protocol == KIOSK_PCSC_PROTOCOL_T1)
    g_assert_cmpint (kiosk_pcsc_chip_reader_get_last_protocol (KIOSK_PCSC_CHIP_READER (f.device)),
                     ==, 1);
  /* select + 2 × select EF + 13 records */
  g_assert_cmpuint (counter (f.device, "apdus"), ==, 16);
  g_assert_cmpuint (counter (f.device, KIOSK_DEVICE_COUNTER_SUCCEEDED), >=, 1);
  fixture_close (&f);
}

static void
test_get_response (void)
{
  Fixture f = { 0 };
  const char *const args[] = { "--chain=8", NULL };

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, args);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);
  assert_reads_demo (&f);
  /* Every record came behind 61xx, the long ones in 8-byte pieces: the
   * name record (32 bytes) alone takes 4 GET RESPONSEs. */
  g_assert_cmpuint (counter (f.device, "get-responses"), >=, 13 + 3);
  g_assert_cmpuint (counter (f.device, "le-resends"), ==, 0);
  fixture_close (&f);
}

static void
test_wrong_le (void)
{
  Fixture f = { 0 };
  const char *const args[] = { "--strict-le", NULL };

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, args);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_T0, 10000);
  assert_reads_demo (&f);
  /* Le 00 on every READ RECORD was answered 6Cxx and asked again. */
  g_assert_cmpuint (counter (f.device, "le-resends"), ==, 13);

  /* Both modes at once: 6Cxx, then 61xx on the second try. */
  g_free (chip_rig_control ("CHAIN 5"));
  assert_reads_demo (&f);
  g_assert_cmpuint (counter (f.device, "le-resends"), ==, 26);
  g_assert_cmpuint (counter (f.device, "get-responses"), >=, 13);
  fixture_close (&f);
}

/* ---- personalisation ---------------------------------------------------------------------- */

static void
test_personalise (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) expected = chip_test_demo_data ();
  g_autoptr (KioskChipScript) script = chip_test_script (expected, FALSE);
  g_autoptr (KioskChipScriptOutcome) outcome = NULL;
  g_autoptr (KioskSscCardData) before = NULL;
  g_autoptr (KioskSscCardData) after = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("blank", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);

  /* A blank card cannot be read: its records are not written yet. */
  before = read_card (&f, &error);
  g_assert_null (before);
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD);
  g_assert_nonnull (strstr (error->message, "6A83"));
  g_clear_error (&error);

  g_assert_true (kiosk_chip_reader_run_script_sync (KIOSK_CHIP_READER (f.device), script, &outcome,
                                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_cmpuint (outcome->n_steps, ==, 16);
  g_assert_cmpuint (outcome->n_done, ==, 16);
  g_assert_cmpint (outcome->failed_step, ==, -1);
  g_assert_null (outcome->error);

  /* Read back (ISSUANCE.md step 7). */
  after = read_card (&f, &error);
  g_assert_no_error (error);
  chip_test_assert_same_card (after, expected);

  /* The card keeps what was written when it is taken out and comes back
   * (the virtual card restarts from its state file). */
  chip_rig_stop_vcard ();
  g_assert_true (chip_rig_wait (is_absent, f.device, 3000));
  chip_rig_start_vcard ("blank", TRUE, NULL);
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));
  g_clear_pointer (&after, kiosk_ssc_card_data_free);
  after = read_card (&f, &error);
  g_assert_no_error (error);
  chip_test_assert_same_card (after, expected);
  fixture_close (&f);
}

static void
test_personalise_fails_at_step (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = chip_test_demo_data ();
  g_autoptr (KioskChipScript) script = chip_test_script (data, FALSE);
  g_autoptr (KioskChipScript) bad_auth = chip_test_script (data, TRUE);
  g_autoptr (KioskChipScriptOutcome) outcome = NULL;
  g_autofree char *state = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("blank", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);

  /* The 6th APDU (index 5: the third UPDATE RECORD) gets 6581. */
  g_free (chip_rig_control ("SW 6581 5"));
  g_assert_false (kiosk_chip_reader_run_script_sync (KIOSK_CHIP_READER (f.device), script, &outcome,
                                                     NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "6581"));
  g_assert_nonnull (outcome);
  g_assert_cmpint (outcome->failed_step, ==, 5);
  g_assert_cmpuint (outcome->n_done, ==, 5);
  g_assert_cmphex (outcome->failed_sw, ==, 0x6581);
  g_assert_cmpstr (outcome->failed_label, ==, "EF05 specification version");
  g_assert_error (outcome->error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_cmpuint (counter (f.device, "script-failures"), ==, 1);
  /* Nothing after the failed step was sent: records 1 and 2 are written. */
  state = chip_rig_control ("STATE");
  g_assert_nonnull (strstr (state, "updates=2"));
  g_clear_error (&error);
  g_clear_pointer (&outcome, kiosk_chip_script_outcome_free);

  /* The issuer's cryptogram is refused (the virtual card refuses zeros). */
  g_assert_false (kiosk_chip_reader_run_script_sync (KIOSK_CHIP_READER (f.device), bad_auth,
                                                     &outcome, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_cmpint (outcome->failed_step, ==, 2);
  g_assert_cmphex (outcome->failed_sw, ==, 0x6300);
  g_assert_cmpstr (outcome->failed_label, ==, "external authenticate");
  fixture_close (&f);
}

/* ---- faults ------------------------------------------------------------------------------- */

static void
test_removed_mid_command (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  g_autoptr (KioskSscCardData) demo = chip_test_demo_data ();
  g_autoptr (KioskChipScript) script = chip_test_script (demo, FALSE);
  g_autoptr (KioskChipScriptOutcome) outcome = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);

  g_free (chip_rig_control ("REMOVE-MID"));
  data = read_card (&f, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_CARD_REMOVED);
  g_assert_true (kiosk_device_error_is_user (error));
  g_assert_true (chip_rig_wait (is_absent, f.device, 3000));
  g_assert_cmpuint (f.removed, >=, 1);
  g_clear_error (&error);

  /* Put back: it reads again. */
  g_free (chip_rig_control ("INSERT"));
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));
  assert_reads_demo (&f);

  /* Taken during personalisation: the step is named, no status word. */
  g_free (chip_rig_control ("REMOVE-MID"));
  g_assert_false (kiosk_chip_reader_run_script_sync (KIOSK_CHIP_READER (f.device), script, &outcome,
                                                     NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_CARD_REMOVED);
  g_assert_cmpint (outcome->failed_step, ==, 0);
  g_assert_cmphex (outcome->failed_sw, ==, 0);
  g_assert_cmpstr (outcome->failed_label, ==, "select SSSE DDF");
  fixture_close (&f);
}

/* The card leaves the reader and comes back (the card transport moves it to
 * the print station and back): the first operation after that reads it,
 * without the caller retrying. pcscd answers the first command on the old
 * connection's reader state with SCARD_E_NOT_TRANSACTED / a reset card;
 * the driver reconnects and retries once by itself. */
static void
test_card_comes_back (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) expected = chip_test_demo_data ();
  g_autoptr (KioskChipScript) script = chip_test_script (expected, FALSE);

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("blank", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));
  g_assert_true (
      kiosk_chip_reader_run_script_sync (KIOSK_CHIP_READER (f.device), script, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr (KioskSscCardData) data = NULL;

      /* Out and back: slowly (the removal was seen), quickly, at once. */
      g_free (chip_rig_control ("REMOVE"));
      if (round % 3 == 0)
        g_assert_true (chip_rig_wait (is_absent, f.device, 3000));
      else if (round % 3 == 1)
        g_usleep (150 * 1000);
      g_free (chip_rig_control ("INSERT"));
      g_assert_true (
          kiosk_chip_reader_wait_for_card_sync (KIOSK_CHIP_READER (f.device), 5000, NULL, &error));
      g_assert_no_error (error);
      data = read_card (&f, &error);
      g_assert_no_error (error);
      chip_test_assert_same_card (data, expected);
    }
  /* Whenever pcscd had not noticed the card coming back (that depends on
   * its polling), the driver reconnected by itself: never more than once
   * per operation. */
  g_test_message ("card-reconnects: %" G_GUINT64_FORMAT, counter (f.device, "card-reconnects"));
  g_assert_cmpuint (counter (f.device, "card-reconnects"), <=, 6);

  /* Taken out for good just before a read: still "removed", no loop. */
  g_free (chip_rig_control ("REMOVE"));
  {
    g_autoptr (KioskSscCardData) data = read_card (&f, &error);

    g_assert_null (data);
    g_assert_true (
        g_error_matches (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_CARD_REMOVED)
        || g_error_matches (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_NO_CARD));
  }
  fixture_close (&f);
}

static void
test_mute_card (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  gint64 start;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 1500);

  g_free (chip_rig_control ("MUTE"));
  start = g_get_monotonic_time ();
  data = read_card (&f, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (counter (f.device, KIOSK_DEVICE_COUNTER_TIMEOUTS), ==, 1);
  g_assert_cmpuint (counter (f.device, "abandoned-jobs"), ==, 1);
  g_assert_false (kiosk_device_is_busy (f.device));

  /* The stuck command ends when the card leaves; a card that answers
   * again is read normally. */
  g_free (chip_rig_control ("REMOVE"));
  g_assert_true (chip_rig_wait (is_absent, f.device, 3000));
  g_free (chip_rig_control ("UNMUTE"));
  g_free (chip_rig_control ("INSERT"));
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));
  assert_reads_demo (&f);
  fixture_close (&f);
}

/* The card put back right after the device saw it go: a read started at
 * once (before pcscd has seen it come back) waits for it instead of
 * answering "no card". */
static void
test_read_right_after_reinsert (void)
{
  Fixture f = { 0 };

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));

  for (guint round = 0; round < 3; round++)
    {
      g_free (chip_rig_control ("REMOVE"));
      g_assert_true (chip_rig_wait (is_absent, f.device, 3000));
      g_free (chip_rig_control ("INSERT"));
      assert_reads_demo (&f);
    }
  fixture_close (&f);
}

static void
test_unexpected_sw (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);

  /* No SSSE application: not a social security card. */
  g_free (chip_rig_control ("SW 6A82"));
  data = read_card (&f, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD);
  g_clear_error (&error);

  /* A status word that means nothing here: a device error, named. */
  g_free (chip_rig_control ("SW 6F00 4"));
  data = read_card (&f, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "6F00"));
  g_assert_nonnull (strstr (error->message, "EF05/03"));
  g_clear_error (&error);

  /* A status word without data where a record belongs. */
  g_free (chip_rig_control ("SW 6283 6"));
  data = read_card (&f, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Afterwards everything is normal again. */
  assert_reads_demo (&f);
  fixture_close (&f);
}

/* ---- the service and the reader -------------------------------------------------------------- */

static void
test_pcscd_restart (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));

  chip_rig_stop_pcscd ();
  g_assert_true (chip_rig_wait (is_disconnected, f.device, 5000));
  g_assert_cmpuint (f.unplugged, ==, 1);
  g_assert_false (kiosk_device_is_card_present (f.device));
  data = read_card (&f, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  /* pcscd is back; the virtual card reconnects to vpcd by itself. */
  chip_rig_start_pcscd (TRUE);
  g_assert_true (chip_rig_wait (is_connected, f.device, 5000));
  g_assert_true (chip_rig_wait (is_present, f.device, 5000));
  g_assert_cmpuint (f.plugged, >=, 2);
  g_assert_cmpuint (counter (f.device, "reconnects"), >=, 1);
  assert_reads_demo (&f);
  fixture_close (&f);
}

static void
test_reader_unplugged (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);

  /* pcscd runs, but without the reader. */
  chip_rig_stop_pcscd ();
  chip_rig_start_pcscd (FALSE);
  g_assert_true (chip_rig_wait (is_disconnected, f.device, 5000));
  {
    g_autoptr (KioskDeviceStatus) status = kiosk_device_get_status (f.device);

    g_assert_false (status->connected);
    g_assert_nonnull (status->last_error);
    g_assert_cmpstr (status->last_error_code, ==, "not-connected");
  }
  g_assert_false (
      kiosk_chip_reader_wait_for_card_sync (KIOSK_CHIP_READER (f.device), 100, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  /* Plugged back in. */
  chip_rig_stop_pcscd ();
  chip_rig_start_pcscd (TRUE);
  g_assert_true (chip_rig_wait (is_present, f.device, 5000));
  assert_reads_demo (&f);
  fixture_close (&f);
}

static void
test_open_without_reader (void)
{
  g_autoptr (KioskDevice) device = NULL;
  g_autoptr (GError) error = NULL;

  if (chip_rig_skip_if_down ())
    return;
  device = new_reader ("No Such Reader", KIOSK_PCSC_PROTOCOL_ANY, 1000);
  g_assert_false (kiosk_device_open_sync (device, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "No Such Reader"));
  g_assert_false (kiosk_device_is_connected (device));
  g_clear_error (&error);
  g_assert_true (kiosk_device_close_sync (device, NULL, &error));
  g_assert_no_error (error);
}

/* ---- presence, BUSY, cancellation -------------------------------------------------------------
 */

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_presence (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  const char *const removed[] = { "--removed", NULL };

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, removed);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);
  g_assert_false (kiosk_device_is_card_present (f.device));

  /* No card: reading says so; waiting times out with the same sentence. */
  data = read_card (&f, &error);
  g_assert_null (data);
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_NO_CARD);
  g_clear_error (&error);
  g_assert_false (
      kiosk_chip_reader_wait_for_card_sync (KIOSK_CHIP_READER (f.device), 300, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_NO_CARD);
  g_clear_error (&error);

  /* Waiting, then the card arrives. */
  kiosk_chip_reader_wait_for_card_async (KIOSK_CHIP_READER (f.device), 5000, NULL, store_result_cb,
                                         &result);
  g_free (chip_rig_control ("INSERT"));
  kiosk_device_wait_result (&result);
  g_assert_true (
      kiosk_chip_reader_wait_for_card_finish (KIOSK_CHIP_READER (f.device), result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f.placed, ==, 1);

  /* With a card present it returns at once. */
  g_assert_true (
      kiosk_chip_reader_wait_for_card_sync (KIOSK_CHIP_READER (f.device), 1, NULL, &error));
  g_assert_no_error (error);

  g_free (chip_rig_control ("REMOVE"));
  g_assert_true (chip_rig_wait (is_absent, f.device, 3000));
  g_assert_cmpuint (f.removed, ==, 1);
  fixture_close (&f);
}

static void
test_busy (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) first = NULL;
  g_autoptr (GAsyncResult) second = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  g_autoptr (KioskSscCardData) demo = chip_test_demo_data ();
  g_autoptr (KioskSscCardData) none = NULL;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);

  kiosk_chip_reader_read_ssc_async (KIOSK_CHIP_READER (f.device), NULL, store_result_cb, &first);
  g_assert_true (kiosk_device_is_busy (f.device));
  kiosk_chip_reader_verify_pin_async (KIOSK_CHIP_READER (f.device), "123456", NULL, store_result_cb,
                                      &second);
  kiosk_device_wait_result (&second);
  g_assert_false (
      kiosk_chip_reader_verify_pin_finish (KIOSK_CHIP_READER (f.device), second, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (counter (f.device, KIOSK_DEVICE_COUNTER_BUSY), ==, 1);

  kiosk_device_wait_result (&first);
  data = kiosk_chip_reader_read_ssc_finish (KIOSK_CHIP_READER (f.device), first, &error);
  g_assert_no_error (error);
  chip_test_assert_same_card (data, demo);
  g_assert_false (kiosk_device_is_busy (f.device));
  fixture_close (&f);
}

static void
test_cancel (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (KioskSscCardData) data = NULL;
  gint64 start;
  const char *const removed[] = { "--removed", NULL };

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, removed);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 30000);

  /* Waiting for a card, cancelled by the caller. */
  kiosk_chip_reader_wait_for_card_async (KIOSK_CHIP_READER (f.device), 0, cancellable,
                                         store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  kiosk_device_wait_result (&result);
  g_assert_false (
      kiosk_chip_reader_wait_for_card_finish (KIOSK_CHIP_READER (f.device), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A read stuck on a mute card, cancelled centrally (the session ended):
   * it ends within the grace period, not the 30 s deadline. */
  g_free (chip_rig_control ("INSERT"));
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));
  g_free (chip_rig_control ("MUTE"));
  kiosk_chip_reader_read_ssc_async (KIOSK_CHIP_READER (f.device), NULL, store_result_cb, &result);
  start = g_get_monotonic_time ();
  kiosk_device_cancel (f.device);
  kiosk_device_wait_result (&result);
  data = kiosk_chip_reader_read_ssc_finish (KIOSK_CHIP_READER (f.device), result, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (counter (f.device, KIOSK_DEVICE_COUNTER_CANCELLED), ==, 2);
  g_clear_error (&error);

  g_free (chip_rig_control ("REMOVE"));
  g_assert_true (chip_rig_wait (is_absent, f.device, 3000));
  g_free (chip_rig_control ("UNMUTE"));
  g_free (chip_rig_control ("INSERT"));
  g_assert_true (chip_rig_wait (is_present, f.device, 3000));
  assert_reads_demo (&f);
  fixture_close (&f);
}

/* ---- PIN ------------------------------------------------------------------------------------ */

static void
test_pin (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  KioskChipReader *reader;

  if (chip_rig_skip_if_down ())
    return;
  chip_rig_start_vcard ("demo", FALSE, NULL);
  fixture_open (&f, KIOSK_PCSC_PROTOCOL_ANY, 10000);
  reader = KIOSK_CHIP_READER (f.device);

  g_assert_true (kiosk_chip_reader_verify_pin_sync (reader, "123456", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (kiosk_chip_reader_verify_pin_sync (reader, "000000", NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "2次"));
  g_clear_error (&error);

  /* A right PIN resets the counter. */
  g_assert_true (kiosk_chip_reader_verify_pin_sync (reader, "123456", NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (kiosk_chip_reader_verify_pin_sync (reader, "111111", NULL, &error));
      g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_WRONG_PIN);
      g_clear_error (&error);
    }
  g_assert_false (kiosk_chip_reader_verify_pin_sync (reader, "111111", NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_PIN_LOCKED);
  g_clear_error (&error);
  /* Locked for good, the right PIN too. */
  g_assert_false (kiosk_chip_reader_verify_pin_sync (reader, "123456", NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_PIN_LOCKED);
  g_clear_error (&error);

  /* Not a PIN at all: refused before anything is sent. */
  g_assert_false (kiosk_chip_reader_verify_pin_sync (reader, "12ab56", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  fixture_close (&f);
}

/* ---- configuration ------------------------------------------------------------------------------
 */

static void
test_config (void)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) manager = NULL;
  KioskDevice *device;

  kiosk_pcsc_chip_reader_register_driver ();
  g_assert_true (g_key_file_load_from_data (kf,
                                            "[devices]\n"
                                            "chip_driver=pcsc\n"
                                            "chip_reader=Virtual PCD 00 00\n"
                                            "chip_protocol=t1\n"
                                            "chip_timeout_ms=2000\n",
                                            -1, G_KEY_FILE_NONE, &error));
  manager = kiosk_device_manager_new (kf, "devices", &error);
  g_assert_no_error (error);
  device = kiosk_device_manager_get_device (manager, "chip");
  g_assert_nonnull (device);
  g_assert_true (KIOSK_IS_PCSC_CHIP_READER (device));
  g_assert_cmpint (kiosk_device_get_kind (device), ==, KIOSK_DEVICE_KIND_CHIP_READER);
  g_assert_cmpstr (kiosk_device_get_driver (device), ==, "pcsc");
  g_assert_cmpstr (kiosk_device_get_port (device), ==, "Virtual PCD 00 00");
  g_clear_object (&manager);

  g_key_file_set_string (kf, "devices", "chip_protocol", "t2");
  manager = kiosk_device_manager_new (kf, "devices", &error);
  g_assert_null (manager);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "chip_protocol"));
  g_clear_error (&error);

  g_key_file_set_string (kf, "devices", "chip_protocol", "any");
  g_key_file_set_string (kf, "devices", "chip_timeout_ms", "soon");
  manager = kiosk_device_manager_new (kf, "devices", &error);
  g_assert_null (manager);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "chip_timeout_ms"));
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  chip_rig_init ();

  g_test_add_data_func ("/chip/pcsc/read/any", GINT_TO_POINTER (KIOSK_PCSC_PROTOCOL_ANY),
                        test_read);
  g_test_add_data_func ("/chip/pcsc/read/t0", GINT_TO_POINTER (KIOSK_PCSC_PROTOCOL_T0), test_read);
  g_test_add_data_func ("/chip/pcsc/read/t1", GINT_TO_POINTER (KIOSK_PCSC_PROTOCOL_T1), test_read);
  g_test_add_func ("/chip/pcsc/get-response", test_get_response);
  g_test_add_func ("/chip/pcsc/wrong-le", test_wrong_le);
  g_test_add_func ("/chip/pcsc/personalise", test_personalise);
  g_test_add_func ("/chip/pcsc/personalise-fails-at-step", test_personalise_fails_at_step);
  g_test_add_func ("/chip/pcsc/removed-mid-command", test_removed_mid_command);
  g_test_add_func ("/chip/pcsc/card-comes-back", test_card_comes_back);
  g_test_add_func ("/chip/pcsc/read-right-after-reinsert", test_read_right_after_reinsert);
  g_test_add_func ("/chip/pcsc/mute-card", test_mute_card);
  g_test_add_func ("/chip/pcsc/unexpected-sw", test_unexpected_sw);
  g_test_add_func ("/chip/pcsc/pcscd-restart", test_pcscd_restart);
  g_test_add_func ("/chip/pcsc/reader-unplugged", test_reader_unplugged);
  g_test_add_func ("/chip/pcsc/open-without-reader", test_open_without_reader);
  g_test_add_func ("/chip/pcsc/presence", test_presence);
  g_test_add_func ("/chip/pcsc/busy", test_busy);
  g_test_add_func ("/chip/pcsc/cancel", test_cancel);
  g_test_add_func ("/chip/pcsc/pin", test_pin);
  g_test_add_func ("/chip/pcsc/config", test_config);

  rc = g_test_run ();
  chip_rig_shutdown ();
  return rc;
}
