/* kiosk-wlt-decoder.c — dlopen() of the vendor's WLT decoder */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include "kiosk-device-error.h"
#include "kiosk-wlt-decoder.h"

typedef int (*UnpackFunc) (char *wlt, char *bmp, int arg);

struct _KioskWltDecoder
{
  void *handle;
  UnpackFunc unpack;
  int arg;
};

KioskWltDecoder *
kiosk_wlt_decoder_open (const char *library, const char *symbol, int arg, GError **error)
{
  g_autoptr (KioskWltDecoder) decoder = g_new0 (KioskWltDecoder, 1);

  g_return_val_if_fail (library != NULL, NULL);
  if (symbol == NULL)
    symbol = KIOSK_WLT_DEFAULT_SYMBOL;

  decoder->handle = dlopen (library, RTLD_NOW | RTLD_LOCAL);
  if (decoder->handle == NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED,
                   "Cannot load the WLT photo decoder %s: %s", library, dlerror ());
      return NULL;
    }
  dlerror ();
  decoder->unpack = (UnpackFunc) dlsym (decoder->handle, symbol);
  if (decoder->unpack == NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED,
                   "The WLT photo decoder %s has no symbol %s", library, symbol);
      return NULL;
    }
  decoder->arg = arg;
  return g_steal_pointer (&decoder);
}

void
kiosk_wlt_decoder_free (KioskWltDecoder *decoder)
{
  if (decoder == NULL)
    return;
  if (decoder->handle != NULL)
    dlclose (decoder->handle);
  g_free (decoder);
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

guint8 *
kiosk_wlt_decoder_decode (
    KioskWltDecoder *decoder, const guint8 *wlt, gsize wlt_len, gsize *bmp_len, GError **error)
{
  /* Slack after the BMP: a vendor library that writes a few bytes too many
   * must not corrupt the heap. */
  gsize capacity = KIOSK_WLT_BMP_LEN + 4096;
  g_autofree guint8 *bmp = g_malloc0 (capacity);
  guint8 input[KIOSK_WLT_LEN];
  int rc;

  g_return_val_if_fail (decoder != NULL, NULL);

  if (wlt == NULL || wlt_len != KIOSK_WLT_LEN)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL,
                   "The photo has %" G_GSIZE_FORMAT " bytes, not %d", wlt ? wlt_len : 0,
                   KIOSK_WLT_LEN);
      return NULL;
    }
  memcpy (input, wlt, sizeof input);
  rc = decoder->unpack ((char *) input, (char *) bmp, decoder->arg);
  explicit_bzero (input, sizeof input);
  if (rc != 1)
    {
      explicit_bzero (bmp, capacity);
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                   "The WLT photo decoder failed (returned %d)", rc);
      return NULL;
    }
  if (bmp[0] != 'B' || bmp[1] != 'M' || le32 (bmp + 2) != KIOSK_WLT_BMP_LEN
      || le32 (bmp + 18) != KIOSK_WLT_BMP_WIDTH || le32 (bmp + 22) != KIOSK_WLT_BMP_HEIGHT)
    {
      explicit_bzero (bmp, capacity);
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                           "The WLT photo decoder did not produce a 102×126 BMP");
      return NULL;
    }
  *bmp_len = KIOSK_WLT_BMP_LEN;
  return g_realloc (g_steal_pointer (&bmp), KIOSK_WLT_BMP_LEN);
}
