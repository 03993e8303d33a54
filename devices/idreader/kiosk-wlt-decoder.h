/* kiosk-wlt-decoder.h — the card photo's WLT decoder, a vendor library
 *
 * The 1024-byte photo on the ID card is WLT-compressed; only closed vendor
 * libraries decode it. The kiosk loads one with dlopen() when the
 * configuration names it ([devices] idreader_wlt_library) and otherwise
 * marks the photo unavailable — nothing else depends on the photo.
 *
 * Expected symbol (the common Linux variant, libwlt2bmp.so / libwlt.so):
 *
 *   int unpack (char *wlt, char *bmp, int arg);
 *
 *   wlt  in:  the 1024 bytes read from the card
 *   bmp  out: a buffer of at least 38862 bytes; receives a complete BMP file
 *             (102×126, 24 bits, bottom-up, with its 54-byte header)
 *   arg  in:  a variant-specific flag, 1 by default ([devices] idreader_wlt_arg)
 *   returns 1 on success
 *
 * The symbol name can be changed with [devices] idreader_wlt_symbol. The
 * output is checked ("BM" header, size, dimensions) before it is used.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_WLT_LEN            1024
#define KIOSK_WLT_BMP_LEN        38862
#define KIOSK_WLT_BMP_WIDTH      102
#define KIOSK_WLT_BMP_HEIGHT     126
#define KIOSK_WLT_DEFAULT_SYMBOL "unpack"

typedef struct _KioskWltDecoder KioskWltDecoder;

/* Loads `library` (a path) and resolves `symbol` (NULL: "unpack"). */
KioskWltDecoder *
kiosk_wlt_decoder_open (const char *library, const char *symbol, int arg, GError **error);
void kiosk_wlt_decoder_free (KioskWltDecoder *decoder);

/* Decodes one photo; returns the BMP file (KIOSK_WLT_BMP_LEN bytes). */
guint8 *kiosk_wlt_decoder_decode (
    KioskWltDecoder *decoder, const guint8 *wlt, gsize wlt_len, gsize *bmp_len, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskWltDecoder, kiosk_wlt_decoder_free)

G_END_DECLS
