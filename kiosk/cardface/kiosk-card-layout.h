/* kiosk-card-layout.h — where the personal data goes on the card face
 *
 * A layout is a data file (data/cardface/NAME.ini, docs/printers.md) in
 * millimetres from the top-left corner of the card as the citizen reads it:
 * one [card] group (size, raster, rotation, font), an optional [photo] box
 * and one [text <id>] group per line of text. Parsing is a pure function
 * from bytes to a KioskCardLayout or a GError naming the group and key.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CARD_LAYOUT_ERROR (kiosk_card_layout_error_quark ())
GQuark kiosk_card_layout_error_quark (void);

typedef enum
{
  KIOSK_CARD_LAYOUT_ERROR_SYNTAX,        /* not a key file, not UTF-8, too big */
  KIOSK_CARD_LAYOUT_ERROR_MISSING,       /* a required group or key is absent */
  KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, /* garbage, out of range, off the card */
  KIOSK_CARD_LAYOUT_ERROR_UNKNOWN_KEY,   /* a key or group this format does not have (a typo) */
} KioskCardLayoutError;

/* Which card a layout is for ([card] kind=). Not kiosk/rules' KioskCardKind
 * (a card's kind in the center's data); both headers may be included
 * together. */
typedef enum
{
  KIOSK_CARD_FACE_KIND_FORMAL,    /* the social security card */
  KIOSK_CARD_FACE_KIND_TEMPORARY, /* 临时卡 (R12–R13): shows the validity end date */
} KioskCardFaceKind;

/* What a text line shows. */
typedef enum
{
  KIOSK_CARD_FIELD_TEXT, /* the literal `text=` of the layout ("临时卡") */
  KIOSK_CARD_FIELD_NAME,
  KIOSK_CARD_FIELD_SOCIAL_SECURITY_NUMBER, /* 社会保障号码 */
  KIOSK_CARD_FIELD_CARD_NUMBER,            /* 社会保障卡号 */
  KIOSK_CARD_FIELD_ISSUE_DATE,             /* 发卡日期 */
  KIOSK_CARD_FIELD_VALID_UNTIL,            /* 有效期至 (temporary cards) */
} KioskCardField;

/* The value of `field=` ("name", "social_security_number", …). */
const char *kiosk_card_field_to_string (KioskCardField field);

typedef struct
{
  char *id;             /* the <id> of [text <id>] */
  KioskCardField field; /* field= */
  char *text;           /* text= (FIELD_TEXT only), else NULL */
  char *prefix;         /* prefix= printed before the value, or NULL */
  char *preprinted;     /* preprinted= label already on the card stock: previews only */
  double x_mm, y_mm;    /* top-left of the text's line box */
  double font_pt;       /* font_pt= */
  double min_font_pt;   /* min_font_pt= (default font_pt): shrink down to this to fit */
  double max_width_mm;  /* max_width_mm= (default: up to the card's right edge) */
  char *font;           /* font= family, or NULL for the card's font */
  gboolean bold;        /* bold= */
  char *date_format;    /* date_format= (date fields; strftime), default "%Y年%m月" */
} KioskCardText;

typedef struct
{
  char *name; /* [card] name= */
  KioskCardFaceKind kind;
  double width_mm, height_mm; /* ID-1: 85.60 × 53.98 */
  double corner_radius_mm;    /* 3.18; previews only */
  /* The raster the printer wants at raster_dpi (1016×648 at 300); at
   * another resolution it scales. The card is centred in it. */
  guint raster_width_px, raster_height_px;
  double raster_dpi;
  guint rotate; /* 0 or 180: the printed raster is turned (previews never are) */
  char *font;   /* font family for every text */

  gboolean has_photo;
  double photo_x_mm, photo_y_mm, photo_width_mm, photo_height_mm;

  GPtrArray *texts; /* of KioskCardText, in file order */
} KioskCardLayout;

/* Parses a layout file's bytes. Every error names "[group] key". */
KioskCardLayout *kiosk_card_layout_new_from_data (const char *data, gsize length, GError **error);
KioskCardLayout *kiosk_card_layout_new_from_file (const char *path, GError **error);
/* data/cardface/<name>.ini under kiosk_paths_data_dir() ("standard", "temporary"). */
KioskCardLayout *kiosk_card_layout_load (const char *name, GError **error);
void kiosk_card_layout_free (KioskCardLayout *layout);

/* The text line with this id, or NULL. */
const KioskCardText *kiosk_card_layout_get_text (const KioskCardLayout *layout, const char *id);

/* The size in pixels of the card face rendered at `dpi`. */
void kiosk_card_layout_get_raster_size (const KioskCardLayout *layout,
                                        double dpi,
                                        int *width_px,
                                        int *height_px);

/* Where a rectangle given in card millimetres lands in the raster rendered
 * at `dpi`; `printed` applies the layout's rotation (the spooled image),
 * otherwise it is the preview. The result is rounded outwards. */
void kiosk_card_layout_map_rect (const KioskCardLayout *layout,
                                 double dpi,
                                 gboolean printed,
                                 double x_mm,
                                 double y_mm,
                                 double width_mm,
                                 double height_mm,
                                 int *x_px,
                                 int *y_px,
                                 int *width_px,
                                 int *height_px);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCardLayout, kiosk_card_layout_free)

G_END_DECLS
