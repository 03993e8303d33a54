/* test-flow-units.c — the parts of the flows without devices: the session and
 * its wipe, the [flows] settings, page names, and the card transport's
 * simulator with its state file (garbage, faults, cancellation, persistence) */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "flows-rig.h"
#include "kiosk-card-feeder-sim.h"
#include "kiosk-card-layout.h"
#include "kiosk-card.h"
#include "kiosk-context.h"
#include "kiosk-device-manager.h"
#include "kiosk-flow-private.h"
#include "kiosk-flow.h"
#include "kiosk-session.h"
#include "kiosk-test.h"

/* ---- the session ------------------------------------------------------------ */

typedef struct
{
  guint n;
  guint nonzero;
  gsize bytes;
} Seen;

static void
hook (const char *what, gconstpointer data, gsize len, gpointer user_data)
{
  Seen *seen = user_data;
  const guint8 *p = data;

  seen->n++;
  seen->bytes += len;
  for (gsize i = 0; i < len; i++)
    if (p[i] != 0)
      {
        seen->nonzero++;
        break;
      }
}

static void
test_session_wipe (void)
{
  g_autoptr (KioskSession) session = kiosk_session_new (KIOSK_SERVICE_GREEN_CHANNEL, "uuid-1");
  KioskIdCardData *id = kiosk_id_card_data_new ();
  KioskPerson *person = kiosk_person_new ();
  KioskSscCardData *chip = kiosk_ssc_card_data_new ();
  KioskCard *card = kiosk_card_new (KIOSK_CARD_KIND_FORMAL);
  g_autoptr (GBytes) photo = g_bytes_new ("JPEG-BYTES-OF-A-FACE", 20);
  g_autoptr (GBytes) held = NULL;
  KioskApplicationForm *form;
  Seen seen = { 0 };
  const guint8 *data;
  gsize len;

  id->name = g_strdup ("张三");
  id->id_number = g_strdup ("220102198503120019");
  id->address = g_strdup ("吉林省长春市");
  id->photo_wlt = g_malloc0 (1024);
  memset (id->photo_wlt, 0x5a, 1024);
  id->photo_wlt_len = 1024;
  kiosk_session_set_id_card (session, id);
  kiosk_session_set_id_number (session, "220102198503120019");
  person->name = g_strdup ("张三");
  person->id_number = g_strdup ("220102198503120019");
  card->card_number = g_strdup ("S00000019");
  kiosk_person_add_card (person, card);
  kiosk_session_set_person (session, person);
  kiosk_session_set_photo (session, photo);
  form = kiosk_session_get_form (session);
  form->phone = g_strdup ("13912345678");
  form->address = g_strdup ("长春市人民大街1号");
  form->banks = g_strdupv ((char *[]){ (char *) "ccb", NULL });
  kiosk_session_set_signature (session, photo);
  chip->ssn = g_strdup ("220102198503120019");
  chip->card_number = g_strdup ("S00000019");
  kiosk_session_set_chip_data (session, chip);

  /* The UI holds the photo while the session ends. */
  held = g_bytes_ref (kiosk_session_get_photo (session));
  g_assert_true (g_bytes_equal (held, photo));
  g_assert_false (kiosk_session_is_wiped (session));

  kiosk_session_set_wipe_hook (hook, &seen);
  kiosk_session_wipe (session);
  kiosk_session_set_wipe_hook (NULL, NULL);
  g_assert_true (kiosk_session_is_wiped (session));
  g_assert_cmpuint (seen.n, >=, 12);
  g_assert_cmpuint (seen.nonzero, ==, 0);
  g_assert_cmpuint (seen.bytes, >=, 1024 + 20 + 20);
  g_assert_null (kiosk_session_get_id_card (session));
  g_assert_null (kiosk_session_get_person (session));
  g_assert_null (kiosk_session_get_photo (session));
  g_assert_null (kiosk_session_get_chip_data (session));
  g_assert_null (kiosk_session_get_id_number (session));
  g_assert_cmpstr (kiosk_session_get_uuid (session), ==, "uuid-1");
  /* What the UI still holds was zeroed too. */
  data = g_bytes_get_data (held, &len);
  for (gsize i = 0; i < len; i++)
    g_assert_cmpuint (data[i], ==, 0);
  /* A card the flow got from the center: its number is wiped too. */
  {
    KioskCard *result = kiosk_card_new (KIOSK_CARD_KIND_TEMPORARY);
    Seen card_seen = { 0 };

    result->card_number = g_strdup ("T0000001C");
    kiosk_session_set_wipe_hook (hook, &card_seen);
    kiosk_session_wipe_card (&result);
    kiosk_session_wipe_card (&result); /* NULL: harmless */
    kiosk_session_set_wipe_hook (NULL, NULL);
    g_assert_null (result);
    g_assert_cmpuint (card_seen.n, ==, 1);
    g_assert_cmpuint (card_seen.bytes, ==, 9);
    g_assert_cmpuint (card_seen.nonzero, ==, 0);
  }
  /* Wiping again is harmless. */
  kiosk_session_wipe (session);
}

/* ---- settings --------------------------------------------------------------- */

static void
test_settings (void)
{
  static const char *const garbage[] = {
    "[flows]\nface_threshold=high\n",  "[flows]\nface_threshold=1.5\n",
    "[flows]\nface_threshold=\n",      "[flows]\nid_timeout_s=0\n",
    "[flows]\npage_timeout_s=-1\n",    "[flows]\nform_timeout_s=9999999\n",
    "[flows]\ncenter_timeout_s=abc\n", "[flows]\nno_such_key=1\n",
  };
  KioskFlowSettings settings;
  g_autoptr (GError) error = NULL;

  kiosk_flow_settings_init (&settings);
  g_assert_cmpfloat (settings.face_threshold, ==, 0.60);
  g_assert_cmpuint (settings.id_timeout_s, ==, 30);
  g_assert_cmpuint (settings.form_timeout_s, ==, 120);
  g_assert_true (kiosk_flow_settings_load (&settings, NULL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr (GKeyFile) kf = g_key_file_new ();

      g_assert_true (g_key_file_load_from_data (kf, garbage[i], -1, G_KEY_FILE_NONE, NULL));
      g_assert_false (kiosk_flow_settings_load (&settings, kf, &error));
      g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, "[flows]"));
      g_clear_error (&error);
      /* Unchanged by a refusal. */
      g_assert_cmpuint (settings.id_timeout_s, ==, 30);
    }
  {
    g_autoptr (GKeyFile) kf = g_key_file_new ();

    g_assert_true (g_key_file_load_from_data (
        kf, "[flows]\nface_threshold=0.75\nid_timeout_s=45\nwarning_s=0\n", -1, G_KEY_FILE_NONE,
        NULL));
    g_assert_true (kiosk_flow_settings_load (&settings, kf, &error));
    g_assert_cmpfloat (settings.face_threshold, ==, 0.75);
    g_assert_cmpuint (settings.id_timeout_s, ==, 45);
    g_assert_cmpuint (settings.warning_s, ==, 0);
    g_assert_cmpuint (settings.page_timeout_s, ==, 60);
  }
}

static void
test_context_refuses_garbage (void)
{
  g_autofree char *dir = kiosk_test_make_dir ("context");
  g_autofree char *text = g_strdup_printf ("[store]\nstate_dir=%s\n[flows]\nwarning_s=lots\n", dir);
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  config = kiosk_config_load_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_null (kiosk_context_new (config, &error));
  g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
}

static void
test_pages (void)
{
  for (int page = KIOSK_FLOW_PAGE_NONE; page <= KIOSK_FLOW_PAGE_TIMED_OUT; page++)
    {
      g_assert_cmpstr (kiosk_flow_page_to_string (page), !=, "unknown");
      g_assert_cmpint (kiosk_flow_page_is_final (page), ==, page >= KIOSK_FLOW_PAGE_DONE);
    }
  g_assert_cmpstr (kiosk_flow_page_to_string (999), ==, "unknown");
}

/* ---- the card transport ------------------------------------------------------ */

static KioskDeviceManager *
feeder_manager (const char *state, const char *extra, GError **error)
{
  g_autofree char *text = g_strdup_printf (
      "[devices]\ncardfeed_driver=simulator\ncardfeed_state=%s\ncardfeed_hopper=3\n"
      "cardfeed_motion_ms=1\n%s",
      state, extra ? extra : "");
  g_autoptr (GKeyFile) kf = g_key_file_new ();

  g_assert_true (g_key_file_load_from_data (kf, text, -1, G_KEY_FILE_NONE, NULL));
  kiosk_card_feeder_sim_register_driver ();
  return kiosk_device_manager_new (kf, "devices", error);
}

static KioskCardFeeder *
open_feeder (KioskDeviceManager *manager)
{
  KioskDevice *device = kiosk_device_manager_get_device (manager, "cardfeed");
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (device);
  g_assert_cmpint (kiosk_device_get_kind (device), ==, KIOSK_DEVICE_KIND_CARD_FEEDER);
  g_assert_cmpstr (kiosk_device_kind_to_string (kiosk_device_get_kind (device)), ==, "card-feeder");
  g_assert_true (kiosk_device_open_sync (device, NULL, &error));
  g_assert_no_error (error);
  return KIOSK_CARD_FEEDER (device);
}

static void
test_feeder (void)
{
  g_autofree char *dir = kiosk_test_make_dir ("feeder");
  g_autofree char *state = g_build_filename (dir, "sub", "feeder.ini", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) manager = feeder_manager (state, NULL, &error);
  KioskCardFeeder *feeder;
  KioskCardFeederState *st;

  g_assert_no_error (error);
  feeder = open_feeder (manager);
  g_assert_true (g_file_test (state, G_FILE_TEST_EXISTS));
  st = kiosk_card_feeder_query_state_sync (feeder, NULL, &error);
  g_assert_cmpuint (st->hopper_level, ==, 3);
  g_assert_false (kiosk_card_feeder_state_card_inside (st));
  kiosk_card_feeder_state_free (st);

  /* Nothing to move, eject or reject. */
  g_assert_false (kiosk_card_feeder_move_sync (feeder, KIOSK_CARD_POSITION_PRINTER, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (kiosk_card_feeder_eject_sync (feeder, NULL, &error));
  g_clear_error (&error);
  g_assert_false (kiosk_card_feeder_reject_sync (feeder, NULL, &error));
  g_clear_error (&error);
  /* Moving to the slot is eject's job. */
  g_assert_false (kiosk_card_feeder_move_sync (feeder, KIOSK_CARD_POSITION_EXIT, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* One card the whole way. */
  g_assert_true (kiosk_card_feeder_feed_sync (feeder, NULL, &error));
  g_assert_true (kiosk_device_is_card_present (KIOSK_DEVICE (feeder)));
  g_assert_false (kiosk_card_feeder_feed_sync (feeder, NULL, &error)); /* one at a time */
  g_clear_error (&error);
  g_assert_true (kiosk_card_feeder_move_sync (feeder, KIOSK_CARD_POSITION_PRINTER, NULL, &error));
  g_assert_true (kiosk_card_feeder_move_sync (feeder, KIOSK_CARD_POSITION_ENCODER, NULL, &error));
  g_assert_true (kiosk_card_feeder_eject_sync (feeder, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_card_feeder_sim_take (KIOSK_CARD_FEEDER_SIM (feeder)));
  g_assert_false (kiosk_card_feeder_sim_take (KIOSK_CARD_FEEDER_SIM (feeder)));

  /* One to the bin. */
  g_assert_true (kiosk_card_feeder_feed_sync (feeder, NULL, &error));
  g_assert_true (kiosk_card_feeder_reject_sync (feeder, NULL, &error));

  /* A jam stops everything until cleared; the card stays where it was. */
  g_assert_true (kiosk_card_feeder_feed_sync (feeder, NULL, &error));
  kiosk_card_feeder_sim_inject_on (KIOSK_CARD_FEEDER_SIM (feeder), "eject",
                                   KIOSK_CARD_FEEDER_FAULT_JAM);
  g_assert_true (kiosk_card_feeder_move_sync (feeder, KIOSK_CARD_POSITION_PRINTER, NULL, &error));
  g_assert_false (kiosk_card_feeder_eject_sync (feeder, NULL, &error));
  g_clear_error (&error);
  g_assert_false (kiosk_card_feeder_reject_sync (feeder, NULL, &error));
  g_clear_error (&error);
  st = kiosk_card_feeder_query_state_sync (feeder, NULL, &error);
  g_assert_true (st->jammed);
  g_assert_cmpint (st->position, ==, KIOSK_CARD_POSITION_PRINTER);
  kiosk_card_feeder_state_free (st);
  kiosk_card_feeder_sim_clear_jam (KIOSK_CARD_FEEDER_SIM (feeder));
  g_assert_true (kiosk_card_feeder_reject_sync (feeder, NULL, &error));

  /* The hopper runs empty. */
  g_assert_false (kiosk_card_feeder_feed_sync (feeder, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_clear_error (&error);
  kiosk_card_feeder_sim_refill (KIOSK_CARD_FEEDER_SIM (feeder), 2);

  /* A misfeed takes nothing from the hopper. */
  kiosk_card_feeder_sim_inject (KIOSK_CARD_FEEDER_SIM (feeder), KIOSK_CARD_FEEDER_FAULT_MISFEED);
  g_assert_false (kiosk_card_feeder_feed_sync (feeder, NULL, &error));
  g_clear_error (&error);

  /* A transport that never answers: cancelling ends the wait, nothing moved. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();

    kiosk_card_feeder_sim_inject (KIOSK_CARD_FEEDER_SIM (feeder),
                                  KIOSK_CARD_FEEDER_FAULT_NO_ANSWER);
    g_timeout_add_once (50, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
    g_assert_false (kiosk_card_feeder_feed_sync (feeder, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  st = kiosk_card_feeder_query_state_sync (feeder, NULL, &error);
  g_assert_cmpuint (st->fed, ==, 3);
  g_assert_cmpuint (st->ejected, ==, 1);
  g_assert_cmpuint (st->taken, ==, 1);
  g_assert_cmpuint (st->rejected, ==, 2);
  g_assert_cmpuint (st->hopper_level, ==, 2);
  g_assert_false (st->jammed);
  kiosk_card_feeder_state_free (st);
  g_assert_true (kiosk_card_feeder_feed_sync (feeder, NULL, &error));
  g_clear_object (&manager);

  /* The physical state survives the program: a new device over the file. */
  manager = feeder_manager (state, NULL, &error);
  feeder = open_feeder (manager);
  st = kiosk_card_feeder_query_state_sync (feeder, NULL, &error);
  g_assert_cmpint (st->position, ==, KIOSK_CARD_POSITION_ENCODER);
  g_assert_cmpuint (st->fed, ==, 4);
  g_assert_cmpuint (st->hopper_level, ==, 1);
  kiosk_card_feeder_state_free (st);
}

static void
test_feeder_garbage (void)
{
  static const char *const files[] = {
    "not a key file\n\x01",
    "[cardfeed]\nposition=sideways\n",
    "[cardfeed]\nposition=none\nfed=-3\n",
    "[cardfeed]\nposition=none\nhopper=100001\n",
    "[cardfeed]\nhopper=1\n",
  };
  g_autofree char *dir = kiosk_test_make_dir ("feeder-garbage");
  g_autofree char *state = g_build_filename (dir, "feeder.ini", NULL);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (KioskDeviceManager) manager = NULL;
      KioskDevice *device;

      g_assert_true (g_file_set_contents (state, files[i], -1, NULL));
      manager = feeder_manager (state, NULL, &error);
      g_assert_no_error (error);
      device = kiosk_device_manager_get_device (manager, "cardfeed");
      g_assert_false (kiosk_device_open_sync (device, NULL, &error));
      g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
      g_clear_error (&error);
    }
  /* Configuration garbage names the key. */
  {
    g_autoptr (KioskDeviceManager) manager
        = feeder_manager (state, "cardfeed_hopper=many\n", &error);

    g_assert_null (manager);
    g_assert_nonnull (strstr (error->message, "cardfeed_hopper"));
    g_clear_error (&error);
  }
  {
    KioskCardPosition position;

    g_assert_true (kiosk_card_position_from_string ("printer", &position));
    g_assert_cmpint (position, ==, KIOSK_CARD_POSITION_PRINTER);
    g_assert_false (kiosk_card_position_from_string ("bin", &position));
    g_assert_false (kiosk_card_position_from_string (NULL, &position));
    g_assert_cmpstr (kiosk_card_position_to_string (42), ==, "unknown");
  }
}

/* ---- the card face ---------------------------------------------------------- */

static void
png_size (GBytes *png, guint *width, guint *height)
{
  gsize len = 0;
  const guint8 *p = g_bytes_get_data (png, &len);

  g_assert_cmpuint (len, >, 24);
  g_assert_cmpmem (p, 8, "\x89PNG\r\n\x1a\n", 8);
  *width = (guint) p[16] << 24 | (guint) p[17] << 16 | (guint) p[18] << 8 | p[19];
  *height = (guint) p[20] << 24 | (guint) p[21] << 16 | (guint) p[22] << 8 | p[23];
}

/* The flows render card faces in the same files that know the rules' cards:
 * kiosk/rules' KioskCardKind and the layout's KioskCardFaceKind are
 * distinct types (this file includes both), and a card of each kind gets
 * the layout of its kind. */
static void
test_card_face (void)
{
  const KioskCardKind kinds[] = { KIOSK_CARD_KIND_FORMAL, KIOSK_CARD_KIND_TEMPORARY };
  g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");
  g_autoptr (GError) error = NULL;
  GDate today, until;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_MARCH, 2025);
  until = today;
  g_date_add_days (&until, 60);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gboolean temporary = kinds[i] == KIOSK_CARD_KIND_TEMPORARY;
      g_autoptr (KioskCardLayout) layout
          = kiosk_card_layout_load (temporary ? "temporary" : "standard", &error);
      g_autoptr (GBytes) png = NULL;
      KioskCardFaceKind face_kind;
      int width, height;
      guint png_w, png_h;

      g_assert_no_error (error);
      face_kind = layout->kind;
      g_assert_cmpint (face_kind, ==,
                       temporary ? KIOSK_CARD_FACE_KIND_TEMPORARY : KIOSK_CARD_FACE_KIND_FORMAL);
      png = kiosk_flow_render_card_face ("张三", "220102198503120019",
                                         temporary ? "T0000001C" : "D0000003Y", &today, photo,
                                         temporary, temporary ? &until : NULL, FALSE, 300, &error);
      g_assert_no_error (error);
      kiosk_card_layout_get_raster_size (layout, 300, &width, &height);
      png_size (png, &png_w, &png_h);
      g_assert_cmpuint (png_w, ==, (guint) width);
      g_assert_cmpuint (png_h, ==, (guint) height);
    }
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/flows/units/session-wipe", test_session_wipe);
  g_test_add_func ("/flows/units/settings", test_settings);
  g_test_add_func ("/flows/units/context-refuses-garbage", test_context_refuses_garbage);
  g_test_add_func ("/flows/units/pages", test_pages);
  g_test_add_func ("/flows/units/feeder", test_feeder);
  g_test_add_func ("/flows/units/feeder-garbage", test_feeder_garbage);
  g_test_add_func ("/flows/units/card-face", test_card_face);
  rc = kiosk_test_run ();
  flows_release_font_caches ();
  return rc;
}
