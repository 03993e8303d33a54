/* kiosk-flow-card-face.c — the card face for the flows
 *
 * Its own file: kiosk/cardface/kiosk-card-layout.h and kiosk/rules/kiosk-card.h
 * both declare an enum named KioskCardKind, so no file may include both.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include <glib.h>

#include "kiosk-card-face.h"

/* Declared in kiosk-flow-private.h, which this file cannot include. */
GBytes *kiosk_flow_render_card_face (const char *name,
                                     const char *social_security_number,
                                     const char *card_number,
                                     const GDate *issue_date,
                                     GBytes *photo_jpeg,
                                     gboolean temporary,
                                     const GDate *valid_until,
                                     gboolean preview,
                                     double dpi,
                                     GError **error);

GBytes *
kiosk_flow_render_card_face (const char *name,
                             const char *social_security_number,
                             const char *card_number,
                             const GDate *issue_date,
                             GBytes *photo_jpeg,
                             gboolean temporary,
                             const GDate *valid_until,
                             gboolean preview,
                             double dpi,
                             GError **error)
{
  g_autoptr (KioskCardLayout) layout
      = kiosk_card_layout_load (temporary ? "temporary" : "standard", error);
  KioskCardFaceData data = { 0 };

  if (layout == NULL)
    return NULL;
  data.name = name;
  data.social_security_number = social_security_number;
  data.card_number = card_number;
  data.issue_date = *issue_date;
  data.photo = photo_jpeg;
  data.photo_format = photo_jpeg != NULL ? KIOSK_PHOTO_FORMAT_JPEG : KIOSK_PHOTO_FORMAT_NONE;
  data.temporary = temporary;
  if (valid_until != NULL)
    data.valid_until = *valid_until;
  else
    g_date_clear (&data.valid_until, 1);
  return kiosk_card_face_render_png (
      layout, &data, dpi, preview ? KIOSK_CARD_FACE_PREVIEW : KIOSK_CARD_FACE_PRINT, error);
}
