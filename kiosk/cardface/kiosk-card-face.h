/* kiosk-card-face.h — render the personalised side of a card
 *
 * Draws a KioskCardFaceData onto a cairo image surface following a
 * KioskCardLayout, at the printer's resolution (300 dpi → 1016×648 px), with
 * pango for the CJK text (fonts-noto-cjk). KIOSK_CARD_FACE_PRINT is what the
 * printer gets: white, only the personal data, turned by the layout's
 * rotation. KIOSK_CARD_FACE_PREVIEW is what the citizen sees on screen: the
 * card's rounded outline and the labels of the card stock, never turned.
 *
 * Nothing here logs; error messages name fields, never their values.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kiosk-card-layout.h"

G_BEGIN_DECLS

#define KIOSK_CARD_FACE_ERROR (kiosk_card_face_error_quark ())
GQuark kiosk_card_face_error_quark (void);

typedef enum
{
  KIOSK_CARD_FACE_ERROR_INVALID_DATA,  /* a field is missing, not UTF-8, or more than one line */
  KIOSK_CARD_FACE_ERROR_WRONG_LAYOUT,  /* a temporary card on a formal layout or the reverse */
  KIOSK_CARD_FACE_ERROR_TEXT_TOO_LONG, /* does not fit even at the layout's min_font_pt */
  KIOSK_CARD_FACE_ERROR_PHOTO,         /* the photo cannot be decoded */
  KIOSK_CARD_FACE_ERROR_RENDER,        /* cairo failed (out of memory, bad size) */
} KioskCardFaceError;

typedef enum
{
  KIOSK_CARD_FACE_PRINT,
  KIOSK_CARD_FACE_PREVIEW,
} KioskCardFaceMode;

typedef enum
{
  KIOSK_PHOTO_FORMAT_NONE,
  KIOSK_PHOTO_FORMAT_JPEG, /* the card photo as the center stores it (358×441, 350 dpi) */
  KIOSK_PHOTO_FORMAT_PNG,
  KIOSK_PHOTO_FORMAT_RGB, /* packed 8-bit R,G,B rows of photo_width × 3 bytes */
} KioskPhotoFormat;

/* What goes on the card. The caller fills it (usually on the stack); the
 * renderer only borrows it. */
typedef struct
{
  const char *name;
  const char *social_security_number; /* 社会保障号码 */
  const char *card_number;            /* 社会保障卡号; may be NULL on a temporary card */
  GDate issue_date;                   /* 发卡日期 */
  GBytes *photo;
  KioskPhotoFormat photo_format;
  guint photo_width, photo_height; /* KIOSK_PHOTO_FORMAT_RGB only */
  gboolean temporary;              /* 临时卡: needs a temporary layout */
  GDate valid_until;               /* temporary cards: the last day (R13) */
} KioskCardFaceData;

/* Renders onto a new CAIRO_FORMAT_RGB24 (print) or ARGB32 (preview) surface
 * of kiosk_card_layout_get_raster_size (layout, dpi). */
cairo_surface_t *kiosk_card_face_render (const KioskCardLayout *layout,
                                         const KioskCardFaceData *data,
                                         double dpi,
                                         KioskCardFaceMode mode,
                                         GError **error);

/* The same, encoded as PNG (what the printer is sent; what the UI shows). */
GBytes *kiosk_card_face_render_png (const KioskCardLayout *layout,
                                    const KioskCardFaceData *data,
                                    double dpi,
                                    KioskCardFaceMode mode,
                                    GError **error);

/* Encodes any cairo image surface as PNG bytes. */
GBytes *kiosk_card_face_surface_to_png (cairo_surface_t *surface, GError **error);

G_END_DECLS
