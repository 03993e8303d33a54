/* test-sam-serial.c — the real sam-serial driver against kiosk-idreader-sim
 * over a real pty: every card type, every scripted fault and the recovery
 * after it, BUSY, cancellation, timeouts, presence polling, unplug/replug */
#include "config.h"

#include <pty.h>
#include <termios.h>

#include <gio/gunixinputstream.h>

#include "idreader-test-util.h"
#include "kiosk-id-text.h"
#include "kiosk-idreader-sim-cards.h"
#include "kiosk-test.h"

static void
assert_same_card (const KioskIdCardData *a, const KioskIdCardData *b)
{
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->english_name, ==, b->english_name);
  g_assert_cmpuint (a->sex, ==, b->sex);
  g_assert_cmpstr (a->nation, ==, b->nation);
  g_assert_cmpstr (a->birth_date, ==, b->birth_date);
  g_assert_cmpstr (a->address, ==, b->address);
  g_assert_cmpstr (a->id_number, ==, b->id_number);
  g_assert_cmpstr (a->authority, ==, b->authority);
  g_assert_cmpstr (a->valid_from, ==, b->valid_from);
  g_assert_cmpstr (a->valid_to, ==, b->valid_to);
  g_assert_cmpint (a->valid_long_term, ==, b->valid_long_term);
  g_assert_cmpstr (a->pass_number, ==, b->pass_number);
  g_assert_cmpuint (a->issue_count, ==, b->issue_count);
  g_assert_cmpstr (a->nationality, ==, b->nationality);
  g_assert_cmpstr (a->card_version, ==, b->card_version);
  g_assert_cmpstr (a->previous_number, ==, b->previous_number);
}

static KioskIdCardData *
read_card (IdrRig *rig, GError **error)
{
  return kiosk_id_reader_read_card_sync (rig->reader, KIOSK_ID_READ_NONE, NULL, error);
}

static void
read_ok (IdrRig *rig, KioskIdCardType expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = read_card (rig, &error);

  g_assert_no_error (error);
  g_assert_nonnull (card);
  g_assert_cmpint (card->type, ==, expected);
}

/* ---- basics ---------------------------------------------------------------- */

static void
test_open (void)
{
  IdrRig rig = { 0 };
  g_autoptr (KioskDeviceStatus) status = NULL;

  idr_rig_start (&rig, NULL);
  status = kiosk_device_get_status (rig.device);
  g_assert_true (status->connected);
  g_assert_true (status->simulated);
  g_assert_cmpstr (status->driver, ==, "sam-serial");
  g_assert_cmpstr (status->kind, ==, "id-reader");
  /* The simulator's SAM ID bytes 05 00 01 00 5F B6 32 01 … */
  g_assert_cmpstr (status->identity, ==, "05.01-20100703-0083374446-2410663984");
  g_assert_cmpstr (kiosk_id_reader_get_sam_id (rig.reader), ==, status->identity);
  g_assert_nonnull (strstr (status->model, "115200"));
  g_assert_cmpuint (kiosk_device_status_get_counter (status, "frames-sent"), ==, 2);
  idr_rig_stop (&rig);
}

static void
test_no_card (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, NULL);
  card = read_card (&rig, &error);
  g_assert_null (card);
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_NO_CARD);
  g_assert_cmpuint (idr_counter (&rig, KIOSK_DEVICE_COUNTER_USER_ERRORS), ==, 1);
  idr_rig_stop (&rig);
}

static void
test_card_types (void)
{
  static const KioskIdCardType types[] = { KIOSK_ID_CARD_RESIDENT, KIOSK_ID_CARD_HKMOTW,
                                           KIOSK_ID_CARD_FOREIGNER, KIOSK_ID_CARD_FOREIGNER_2023 };
  IdrRig rig = { 0 };

  idr_rig_start (&rig, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *command
          = g_strdup_printf ("TYPE %s", kiosk_id_card_type_to_string (types[i]));
      g_autoptr (KioskIdCardData) expected = kiosk_idreader_sim_builtin_card (types[i]);
      g_autoptr (KioskIdCardData) card = NULL;
      g_autoptr (GError) error = NULL;

      idr_sim_ok (&rig, command);
      card = read_card (&rig, &error);
      g_assert_no_error (error);
      assert_same_card (card, expected);
      g_assert_cmpuint (card->photo_wlt_len, ==, 1024);
      g_assert_null (card->photo_bmp); /* no WLT library configured */
      g_assert_null (card->fingerprint);
      g_assert_true (kiosk_device_is_card_present (rig.device));
    }
  g_assert_cmpuint (idr_counter (&rig, "cards-read"), ==, 4);
  idr_rig_stop (&rig);
}

static void
test_card_files (void)
{
  static const char *const files[] = { "resident.ini", "resident-longterm.ini", "hkmotw.ini",
                                       "foreigner.ini", "foreigner2023.ini" };
  IdrRig rig = { 0 };

  idr_rig_start (&rig, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "cards", files[i], NULL);
      g_autofree char *command = g_strdup_printf ("PLACE %s", path);
      g_autoptr (GKeyFile) keyfile = g_key_file_new ();
      g_autoptr (KioskIdCardData) expected = NULL;
      g_autoptr (KioskIdCardData) card = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_true (g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error));
      expected = kiosk_id_card_data_from_keyfile (keyfile, "card", &error);
      g_assert_no_error (error);
      idr_sim_ok (&rig, command);
      card = read_card (&rig, &error);
      g_assert_no_error (error);
      assert_same_card (card, expected);
    }
  idr_rig_stop (&rig);
}

/* The simulator takes its card from the embedded center's demo people,
 * so a demo session's ID card and center record agree. */
static void
test_demo_people (void)
{
  static const struct
  {
    const char *spec;
    KioskIdCardType type;
    const char *id_number;
    const char *name;
  } people[] = {
    { "person:out-of-province", KIOSK_ID_CARD_RESIDENT, "220102198503120019", "张三" },
    { "hk-resident", KIOSK_ID_CARD_HKMOTW, "810000199001010019", "陈大文" },
    { "922410198808080015", KIOSK_ID_CARD_FOREIGNER_2023, "922410198808080015", "金民俊" },
  };
  g_autofree char *path = g_build_filename (g_getenv ("KIOSK_DATA_DIR"), "demo-people.ini", NULL);
  IdrRig rig = { 0 };

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("no data/demo-people.ini");
      return;
    }
  idr_rig_start (&rig, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *command = g_strdup_printf ("PLACE %s", people[i].spec);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskIdCardData) card = NULL;

      idr_sim_ok (&rig, command);
      card = read_card (&rig, &error);
      g_assert_no_error (error);
      g_assert_cmpint (card->type, ==, people[i].type);
      g_assert_cmpstr (card->id_number, ==, people[i].id_number);
      g_assert_cmpstr (card->name, ==, people[i].name);
    }
  {
    g_autofree char *reply = idr_sim (&rig, "PLACE nobody-at-all");

    g_assert_true (g_str_has_prefix (reply, "ERR"));
  }
  idr_rig_stop (&rig);
}

static void
test_fingerprint (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  card = kiosk_id_reader_read_card_sync (rig.reader, KIOSK_ID_READ_FINGERPRINT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (card->fingerprint_len, ==, 1024);
  g_assert_cmpuint (card->photo_wlt_len, ==, 1024);
  idr_rig_stop (&rig);
}

static void
test_read_twice (void)
{
  IdrRig rig = { 0 };

  /* After a read the card is "halted": find fails but select works, as on
   * real modules; a second read must still succeed. */
  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

/* ---- line faults ------------------------------------------------------------ */

static void
test_garbage (void)
{
  IdrRig rig = { 0 };

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  /* Noise before a reply: skipped, no retry needed. */
  idr_sim_ok (&rig, "GARBAGE 40");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpuint (idr_counter (&rig, "garbage-bytes"), >=, 36);
  g_assert_cmpuint (idr_counter (&rig, "retries"), ==, 0);

  /* So much noise that the reply misses its deadline: retried. */
  idr_sim_ok (&rig, "PLACE");
  idr_sim_ok (&rig, "GARBAGE 3000");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpuint (idr_counter (&rig, "retries"), >=, 1);
  idr_rig_stop (&rig);
}

static void
test_checksum (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  idr_sim_ok (&rig, "CORRUPT-CHECKSUM 1");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpuint (idr_counter (&rig, "checksum-errors"), ==, 1);
  g_assert_cmpuint (idr_counter (&rig, "retries"), ==, 1);

  /* Three bad replies in a row: one request and its two resends. */
  idr_sim_ok (&rig, "PLACE");
  idr_sim_ok (&rig, "CORRUPT-CHECKSUM 3");
  card = read_card (&rig, &error);
  g_assert_null (card);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "3 attempts"));
  g_assert_nonnull (strstr (error->message, "checksum"));

  /* Recovery: the next read is clean. */
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

static void
test_bad_length (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  idr_sim_ok (&rig, "BAD-LENGTH 1");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpuint (idr_counter (&rig, "length-errors"), >=, 1);

  idr_sim_ok (&rig, "PLACE");
  idr_sim_ok (&rig, "BAD-LENGTH 3");
  card = read_card (&rig, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
  idr_sim_drain (&rig);
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

static void
test_truncated (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  /* Half a frame, then silence: the timeout resends. */
  idr_sim_ok (&rig, "TRUNCATE 1");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpuint (idr_counter (&rig, "line-timeouts"), ==, 1);

  idr_sim_ok (&rig, "PLACE");
  idr_sim_ok (&rig, "TRUNCATE 3");
  card = read_card (&rig, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_assert_cmpuint (idr_counter (&rig, KIOSK_DEVICE_COUNTER_TIMEOUTS), ==, 1);
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

static void
test_slow (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;
  gint64 start;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  /* Slower than usual but within the timeout. */
  idr_sim_ok (&rig, "SLOW 80");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpuint (idr_counter (&rig, "retries"), ==, 0);

  /* Slower than three attempts: a clear timeout, in bounded time. */
  idr_sim_ok (&rig, "PLACE");
  idr_sim_ok (&rig, "SLOW 1500");
  start = g_get_monotonic_time ();
  card = read_card (&rig, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);

  /* Late replies to the abandoned requests are dropped, not mistaken for
   * answers to new ones. */
  idr_sim_ok (&rig, "SLOW 0");
  idr_sim_drain (&rig);
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

/* ---- the module's status words ---------------------------------------------- */

static void
test_sw3 (void)
{
  IdrRig rig = { 0 };

  idr_rig_start (&rig, "idreader_sim_card=resident\n");

  /* 41 read failed every time → the card moved: place it flat. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskIdCardData) card = NULL;

    idr_sim_ok (&rig, "FAIL 41 3 30");
    card = read_card (&rig, &error);
    g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_PLACE_FLAT);
    g_assert_cmpuint (idr_counter (&rig, "read-retries"), ==, 2);
  }
  /* 41 once → retried from "find" and read. */
  idr_sim_ok (&rig, "PLACE");
  idr_sim_ok (&rig, "FAIL 41 1 30");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  /* 40 unknown card type → not a card this reader takes. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskIdCardData) card = NULL;

    idr_sim_ok (&rig, "PLACE");
    idr_sim_ok (&rig, "FAIL 40 1 30");
    card = read_card (&rig, &error);
    g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD);
  }
  /* 81 select failed after a card was found → place it flat. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskIdCardData) card = NULL;

    idr_sim_ok (&rig, "PLACE");
    idr_sim_ok (&rig, "FAIL 81 1 20 02");
    card = read_card (&rig, &error);
    g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_PLACE_FLAT);
  }
  /* 33 verification error → unreadable card, go to a window. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskIdCardData) card = NULL;

    idr_sim_ok (&rig, "PLACE");
    idr_sim_ok (&rig, "FAIL 33 1 30");
    card = read_card (&rig, &error);
    g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD);
  }
  /* 10: the module saw our request garbled → resend; 3 times → protocol. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskIdCardData) card = NULL;

    idr_sim_ok (&rig, "PLACE");
    idr_sim_ok (&rig, "FAIL 10 1");
    read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
    g_assert_cmpuint (idr_counter (&rig, "reader-line-errors"), ==, 1);
    idr_sim_ok (&rig, "PLACE");
    idr_sim_ok (&rig, "FAIL 11 3");
    card = read_card (&rig, &error);
    g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "length error"));
  }
  /* 60 SAM self-test failed at open → a hard failure naming it. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (kiosk_device_close_sync (rig.device, NULL, &error));
    idr_sim_ok (&rig, "FAIL 60 1 11");
    g_assert_false (kiosk_device_open_sync (rig.device, NULL, &error));
    g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "self-test"));
    g_assert_false (kiosk_device_is_connected (rig.device));
    g_clear_error (&error);
    g_assert_true (kiosk_device_open_sync (rig.device, NULL, &error));
    g_assert_no_error (error);
  }
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

/* ---- gate, cancellation, waiting ---------------------------------------------- */

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_busy (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GAsyncResult) read_result = NULL;
  g_autoptr (GAsyncResult) wait_result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  kiosk_id_reader_read_card_async (rig.reader, KIOSK_ID_READ_NONE, NULL, store_result_cb,
                                   &read_result);
  kiosk_id_reader_wait_for_card_async (rig.reader, 1000, NULL, store_result_cb, &wait_result);
  kiosk_device_wait_result (&wait_result);
  g_assert_false (kiosk_id_reader_wait_for_card_finish (rig.reader, wait_result, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_BUSY);
  g_clear_error (&error);

  kiosk_device_wait_result (&read_result);
  card = kiosk_id_reader_read_card_finish (rig.reader, read_result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card);
  g_assert_cmpuint (idr_counter (&rig, KIOSK_DEVICE_COUNTER_BUSY), ==, 1);
  idr_rig_stop (&rig);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
central_cancel_cb (gpointer user_data)
{
  kiosk_device_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) result2 = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;
  gint64 start;

  idr_rig_start (&rig, "idreader_sim_card=resident\nidreader_timeout_ms=2000\n");
  idr_sim_ok (&rig, "SLOW 400");
  start = g_get_monotonic_time ();
  kiosk_id_reader_read_card_async (rig.reader, KIOSK_ID_READ_NONE, cancellable, store_result_cb,
                                   &result);
  g_timeout_add (50, cancel_cb, cancellable);
  kiosk_device_wait_result (&result);
  card = kiosk_id_reader_read_card_finish (rig.reader, result, &error);
  g_assert_null (card);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled at once, not when the slow reply comes. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 300 * 1000);
  g_clear_error (&error);

  /* Central cancellation of a wait. */
  idr_sim_ok (&rig, "SLOW 0");
  idr_sim_ok (&rig, "REMOVE");
  kiosk_id_reader_wait_for_card_async (rig.reader, 0, NULL, store_result_cb, &result2);
  g_timeout_add (100, central_cancel_cb, rig.device);
  kiosk_device_wait_result (&result2);
  g_assert_false (kiosk_id_reader_wait_for_card_finish (rig.reader, result2, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The line stayed in step: the abandoned request's late reply did not
   * answer the next one. */
  idr_sim_drain (&rig);
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  g_assert_cmpuint (idr_counter (&rig, KIOSK_DEVICE_COUNTER_CANCELLED), ==, 2);
  idr_rig_stop (&rig);
}

static gboolean
place_cb (gpointer user_data)
{
  idr_sim_ok (user_data, "PLACE hkmotw");
  return G_SOURCE_REMOVE;
}

static void
count_cb (KioskDevice *device, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_wait_for_card (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  guint placed = 0;
  gint64 start;

  idr_rig_start (&rig, NULL);
  g_signal_connect (rig.device, "card-placed", G_CALLBACK (count_cb), &placed);

  /* Nobody places a card: the citizen is told to. */
  start = g_get_monotonic_time ();
  g_assert_false (kiosk_id_reader_wait_for_card_sync (rig.reader, 200, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_NO_CARD);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  g_clear_error (&error);

  /* A card placed while waiting. */
  g_timeout_add (120, place_cb, &rig);
  g_assert_true (kiosk_id_reader_wait_for_card_sync (rig.reader, 3000, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (placed, ==, 1);
  read_ok (&rig, KIOSK_ID_CARD_HKMOTW);

  /* Already there (and read, so "halted"): at once. */
  g_assert_true (kiosk_id_reader_wait_for_card_sync (rig.reader, 100, NULL, &error));
  g_assert_no_error (error);
  idr_rig_stop (&rig);
}

static void
flag_cb (KioskDevice *device, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_polling (void)
{
  IdrRig rig = { 0 };
  gboolean placed = FALSE, removed = FALSE;

  idr_rig_start (&rig, NULL);
  g_signal_connect (rig.device, "card-placed", G_CALLBACK (flag_cb), &placed);
  g_signal_connect (rig.device, "card-removed", G_CALLBACK (flag_cb), &removed);
  kiosk_id_reader_set_polling (rig.reader, TRUE);

  idr_sim_ok (&rig, "PLACE foreigner");
  g_assert_true (idr_spin_until (&placed, 2000));
  g_assert_true (kiosk_device_is_card_present (rig.device));

  /* Reading between polls works and does not look like a removal. */
  read_ok (&rig, KIOSK_ID_CARD_FOREIGNER);
  idr_spin (200);
  g_assert_false (removed);

  idr_sim_ok (&rig, "REMOVE");
  g_assert_true (idr_spin_until (&removed, 2000));
  g_assert_false (kiosk_device_is_card_present (rig.device));
  g_assert_cmpuint (idr_counter (&rig, "polls"), >, 2);

  kiosk_id_reader_set_polling (rig.reader, FALSE);
  idr_rig_stop (&rig);
}

/* ---- unplug and replug ---------------------------------------------------------- */

static void
test_unplug (void)
{
  IdrRig rig = { 0 };
  gboolean unplugged = FALSE, plugged = FALSE;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  g_signal_connect (rig.device, "unplugged", G_CALLBACK (flag_cb), &unplugged);
  g_signal_connect (rig.device, "plugged", G_CALLBACK (flag_cb), &plugged);
  kiosk_id_reader_set_polling (rig.reader, TRUE);

  idr_sim_ok (&rig, "UNPLUG");
  g_assert_true (idr_spin_until (&unplugged, 2000));
  g_assert_false (kiosk_device_is_connected (rig.device));
  card = read_card (&rig, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  idr_sim_ok (&rig, "PLUG");
  g_assert_true (idr_spin_until (&plugged, 3000));
  g_assert_true (kiosk_device_is_connected (rig.device));
  g_assert_cmpuint (idr_counter (&rig, "reconnects"), ==, 1);
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

static gboolean
unplug_cb (gpointer user_data)
{
  idr_sim_ok (user_data, "UNPLUG");
  return G_SOURCE_REMOVE;
}

static void
test_unplug_during_read (void)
{
  IdrRig rig = { 0 };
  gboolean plugged = FALSE;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;
  gint64 start = g_get_monotonic_time ();

  idr_rig_start (&rig, "idreader_sim_card=resident\nidreader_timeout_ms=3000\n");
  idr_sim_ok (&rig, "SLOW 500");
  g_timeout_add (60, unplug_cb, &rig);
  card = read_card (&rig, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2000 * 1000);

  g_signal_connect (rig.device, "plugged", G_CALLBACK (flag_cb), &plugged);
  idr_sim_ok (&rig, "SLOW 0");
  idr_sim_ok (&rig, "PLUG");
  g_assert_true (idr_spin_until (&plugged, 3000));
  idr_sim_ok (&rig, "PLACE");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_rig_stop (&rig);
}

/* ---- the simulator on a pty opened by someone else (--fd) -------------------- */

static void
test_sim_fd_mode (void)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess) sim = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDevice) device = NULL;
  g_autoptr (KioskIdCardData) card = NULL;
  g_autofree char *program
      = g_build_filename (g_getenv ("KIOSK_DEVICES_SIMDIR"), "kiosk-idreader-sim", NULL);
  g_autofree char *dir = kiosk_test_make_dir ("fd-mode");
  g_autofree char *line = NULL;
  IdrRig rig = { 0 };
  KioskSamSerialOptions options;
  struct termios tio;
  gboolean unplugged = FALSE;
  char name[128];
  int master, slave;

  /* The opener keeps the slave side; the simulator gets the master. */
  g_assert_cmpint (openpty (&master, &slave, name, NULL, NULL), ==, 0);
  tcgetattr (slave, &tio);
  cfmakeraw (&tio);
  tcsetattr (slave, TCSANOW, &tio);
  rig.control = g_build_filename (dir, "control", NULL);
  g_subprocess_launcher_take_fd (launcher, master, 3);
  sim = g_subprocess_launcher_spawn (launcher, &error, program, "--fd", "3", "--control",
                                     rig.control, "--card", "foreigner", NULL);
  g_assert_no_error (error);
  /* Only the simulator may hold the master now (the launcher closes ours). */
  g_clear_object (&launcher);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "READY"));

  kiosk_sam_serial_options_init (&options);
  options.timeout_ms = 200;
  options.reconnect_ms = 50;
  device = kiosk_sam_serial_new ("idreader", name, TRUE, &options);
  rig.device = device;
  rig.reader = KIOSK_ID_READER (device);
  g_assert_true (kiosk_device_open_sync (device, NULL, &error));
  g_assert_no_error (error);
  card = read_card (&rig, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->type, ==, KIOSK_ID_CARD_FOREIGNER);

  /* UNPLUG closes the master for good: the driver sees the line go. */
  g_signal_connect (device, "unplugged", G_CALLBACK (flag_cb), &unplugged);
  idr_sim_ok (&rig, "UNPLUG");
  g_assert_true (idr_spin_until (&unplugged, 2000));
  {
    g_autofree char *reply = idr_sim (&rig, "PLUG");

    g_assert_true (g_str_has_prefix (reply, "ERR"));
  }
  g_assert_true (kiosk_device_close_sync (device, NULL, &error));
  idr_sim_ok (&rig, "QUIT");
  g_subprocess_wait (sim, NULL, NULL);
  close (slave);
  rig.device = NULL;
  g_free (rig.control);
}

/* ---- configuration ---------------------------------------------------------------- */

static void
expect_config_error (const char *text, const char *fragment)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) manager = NULL;

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  kiosk_sam_serial_register_driver ();
  manager = kiosk_device_manager_new (keyfile, "devices", &error);
  g_assert_null (manager);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
}

static void
test_config (void)
{
  expect_config_error ("[devices]\nidreader_driver=sam-serial\n", "[devices] idreader_port");
  expect_config_error ("[devices]\nidreader_driver=sam-serial\nidreader_port=/dev/x\n"
                       "idreader_baud=12345\n",
                       "[devices] idreader_baud");
  expect_config_error ("[devices]\nidreader_driver=sam-serial\nidreader_port=/dev/x\n"
                       "idreader_retries=many\n",
                       "[devices] idreader_retries");
  expect_config_error ("[devices]\nidreader_driver=samserial\n", "known: sam-serial");
}

static void
test_missing_port (void)
{
  g_autoptr (KioskDevice) device
      = kiosk_sam_serial_new ("idreader", "/nonexistent/ttyUSB9", FALSE, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceStatus) status = NULL;
  g_autofree char *not_a_tty = g_build_filename (g_get_tmp_dir (), "kiosk-not-a-tty", NULL);
  g_autoptr (KioskDevice) file_device = NULL;

  g_assert_false (kiosk_device_open_sync (device, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ttyUSB9"));
  status = kiosk_device_get_status (device);
  g_assert_false (status->connected);
  g_assert_cmpstr (status->last_error_code, ==, "not-connected");
  g_clear_error (&error);

  /* A regular file is not a serial line. */
  g_assert_true (g_file_set_contents (not_a_tty, "x", 1, NULL));
  file_device = kiosk_sam_serial_new ("idreader", not_a_tty, FALSE, NULL);
  g_assert_false (kiosk_device_open_sync (file_device, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO);
  g_unlink (not_a_tty);
}

static void
test_status_has_no_personal_data (void)
{
  IdrRig rig = { 0 };
  g_autoptr (KioskDeviceStatus) status = NULL;
  g_autoptr (KioskIdCardData) card = kiosk_idreader_sim_builtin_card (KIOSK_ID_CARD_RESIDENT);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) nothing = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n");
  read_ok (&rig, KIOSK_ID_CARD_RESIDENT);
  idr_sim_ok (&rig, "FAIL 33 1 30");
  idr_sim_ok (&rig, "PLACE");
  nothing = read_card (&rig, &error);
  g_assert_nonnull (error);
  status = kiosk_device_get_status (rig.device);
  g_assert_nonnull (status->last_error);
  g_assert_null (strstr (status->last_error, card->id_number));
  g_assert_null (strstr (status->last_error, card->name));
  g_assert_null (strstr (status->model, card->name));
  g_assert_null (strstr (status->identity, card->id_number));
  idr_rig_stop (&rig);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  if (g_getenv ("KIOSK_DEVICES_SIMDIR") == NULL)
    {
      g_print ("1..0 # SKIP KIOSK_DEVICES_SIMDIR is not set (run through meson test)\n");
      return 77;
    }

  g_test_add_func ("/idreader/open", test_open);
  g_test_add_func ("/idreader/no-card", test_no_card);
  g_test_add_func ("/idreader/card-types", test_card_types);
  g_test_add_func ("/idreader/card-files", test_card_files);
  g_test_add_func ("/idreader/demo-people", test_demo_people);
  g_test_add_func ("/idreader/fingerprint", test_fingerprint);
  g_test_add_func ("/idreader/read-twice", test_read_twice);
  g_test_add_func ("/idreader/fault/garbage", test_garbage);
  g_test_add_func ("/idreader/fault/checksum", test_checksum);
  g_test_add_func ("/idreader/fault/bad-length", test_bad_length);
  g_test_add_func ("/idreader/fault/truncated", test_truncated);
  g_test_add_func ("/idreader/fault/slow", test_slow);
  g_test_add_func ("/idreader/fault/status-words", test_sw3);
  g_test_add_func ("/idreader/busy", test_busy);
  g_test_add_func ("/idreader/cancel", test_cancel);
  g_test_add_func ("/idreader/wait-for-card", test_wait_for_card);
  g_test_add_func ("/idreader/polling", test_polling);
  g_test_add_func ("/idreader/unplug", test_unplug);
  g_test_add_func ("/idreader/unplug-during-read", test_unplug_during_read);
  g_test_add_func ("/idreader/sim-fd-mode", test_sim_fd_mode);
  g_test_add_func ("/idreader/config", test_config);
  g_test_add_func ("/idreader/missing-port", test_missing_port);
  g_test_add_func ("/idreader/status-has-no-personal-data", test_status_has_no_personal_data);

  return kiosk_test_run ();
}
