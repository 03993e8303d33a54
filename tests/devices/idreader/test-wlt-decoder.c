/* test-wlt-decoder.c — the vendor WLT library through dlopen(): present
 * (a stand-in with the documented symbol), absent, without the symbol,
 * failing, producing garbage; and through the driver: configured → photo
 * decoded, absent → photo unavailable but the card still read */
#include "config.h"

#include "idreader-test-util.h"
#include "kiosk-test.h"
#include "kiosk-wlt-decoder.h"

static void
test_decode (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskWltDecoder) decoder = kiosk_wlt_decoder_open (FAKE_WLT_PATH, NULL, 1, &error);
  guint8 wlt[KIOSK_WLT_LEN];
  g_autofree guint8 *bmp = NULL;
  gsize bmp_len = 0;

  g_assert_no_error (error);
  memset (wlt, 0x11, sizeof wlt);
  bmp = kiosk_wlt_decoder_decode (decoder, wlt, sizeof wlt, &bmp_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bmp_len, ==, KIOSK_WLT_BMP_LEN);
  g_assert_cmpint (bmp[0], ==, 'B');
  g_assert_cmpint (bmp[1], ==, 'M');

  /* Wrong size in. */
  g_assert_null (kiosk_wlt_decoder_decode (decoder, wlt, 100, &bmp_len, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* The library reports failure. */
  wlt[0] = wlt[1] = 0xFF;
  g_assert_null (kiosk_wlt_decoder_decode (decoder, wlt, sizeof wlt, &bmp_len, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
}

static void
test_bad_libraries (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskWltDecoder) missing
      = kiosk_wlt_decoder_open ("/nonexistent/libwlt2bmp.so", NULL, 1, &error);
  g_autoptr (KioskWltDecoder) nosym = NULL;
  g_autoptr (KioskWltDecoder) broken = NULL;
  guint8 wlt[KIOSK_WLT_LEN] = { 0 };
  gsize len;

  g_assert_null (missing);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  nosym = kiosk_wlt_decoder_open (FAKE_WLT_PATH, "WltToBmp", 1, &error);
  g_assert_null (nosym);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "WltToBmp"));
  g_clear_error (&error);

  broken = kiosk_wlt_decoder_open (FAKE_WLT_PATH, "unpack_broken", 1, &error);
  g_assert_no_error (error);
  g_assert_null (kiosk_wlt_decoder_decode (broken, wlt, sizeof wlt, &len, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "BMP"));
}

static void
test_driver_with_decoder (void)
{
  IdrRig rig = { 0 };
  g_autofree char *extra = g_strdup_printf ("idreader_sim_card=resident\n"
                                            "idreader_wlt_library=%s\n",
                                            FAKE_WLT_PATH);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;

  idr_rig_start (&rig, extra);
  card = kiosk_id_reader_read_card_sync (rig.reader, KIOSK_ID_READ_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card->photo_bmp);
  g_assert_cmpuint (card->photo_bmp_len, ==, KIOSK_WLT_BMP_LEN);
  g_assert_cmpuint (card->photo_wlt_len, ==, KIOSK_WLT_LEN);
  idr_rig_stop (&rig);
}

static void
test_driver_without_decoder (void)
{
  IdrRig rig = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card = NULL;
  g_autoptr (KioskDeviceStatus) status = NULL;

  idr_rig_start (&rig, "idreader_sim_card=resident\n"
                       "idreader_wlt_library=/nonexistent/libwlt.so\n");
  card = kiosk_id_reader_read_card_sync (rig.reader, KIOSK_ID_READ_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card->name);
  g_assert_null (card->photo_bmp);
  g_assert_nonnull (card->photo_wlt);
  status = kiosk_device_get_status (rig.device);
  g_assert_cmpuint (kiosk_device_status_get_counter (status, "photo-decoder-unavailable"), ==, 1);
  g_assert_nonnull (strstr (status->last_error, "WLT"));
  idr_rig_stop (&rig);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/wlt/decode", test_decode);
  g_test_add_func ("/wlt/bad-libraries", test_bad_libraries);
  if (g_getenv ("KIOSK_DEVICES_SIMDIR") != NULL)
    {
      g_test_add_func ("/wlt/driver-with-decoder", test_driver_with_decoder);
      g_test_add_func ("/wlt/driver-without-decoder", test_driver_without_decoder);
    }

  return kiosk_test_run ();
}
