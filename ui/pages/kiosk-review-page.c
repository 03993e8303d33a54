/* kiosk-review-page.c — the card face as it will be printed and the form's summary
 *
 * The citizen must check their own name and photo, so those are shown as
 * they are (design/UI.md); the ID number, phone and address are masked.
 */
#define G_LOG_DOMAIN "kiosk-review-page"

#include "config.h"

#include "kiosk-green-channel-flow.h"
#include "kiosk-mask.h"
#include "kiosk-number-label.h"
#include "kiosk-review-page.h"

struct _KioskReviewPage
{
  KioskPage parent_instance;

  GtkPicture *card_picture;
  GtkGrid *summary;
  GtkLabel *no_preview_label;
};

G_DEFINE_FINAL_TYPE (KioskReviewPage, kiosk_review_page, KIOSK_TYPE_PAGE)

static void
clear_summary (KioskReviewPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary))) != NULL)
    gtk_grid_remove (self->summary, child);
}

static void
add_row (KioskReviewPage *self, int row, const char *name, GtkWidget *value)
{
  GtkWidget *label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "field-name");
  gtk_widget_add_css_class (value, "field-value");
  gtk_widget_set_hexpand (value, TRUE);
  gtk_grid_attach (self->summary, label, 0, row, 1, 1);
  gtk_grid_attach (self->summary, value, 1, row, 1, 1);
}

static void
add_text_row (KioskReviewPage *self, int *row, const char *name, const char *value)
{
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return;
  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  add_row (self, (*row)++, name, label);
}

static const char *
catalog_name (KioskCatalog *catalog, KioskCatalogList list, const char *key)
{
  const KioskCatalogEntry *entry = key != NULL ? kiosk_catalog_lookup (catalog, list, key) : NULL;
  return entry != NULL ? entry->name : key;
}

static void
kiosk_review_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskReviewPage *self = KIOSK_REVIEW_PAGE (page);
  KioskGreenChannelFlow *green;
  KioskCatalog *catalog = kiosk_context_get_catalog (kiosk_flow_get_context (flow));
  const KioskApplicationForm *form;
  GBytes *preview;
  gboolean ready;
  GtkWidget *number;
  int row = 0;

  if (!KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
    return;
  green = KIOSK_GREEN_CHANNEL_FLOW (flow);
  form = kiosk_green_channel_flow_get_form (green);

  /* The preview is rendered off the main loop as the review begins: the
   * flow says when it is ready, and the page is updated again then. */
  ready = kiosk_green_channel_flow_is_preview_ready (green);
  preview = ready ? kiosk_green_channel_flow_get_card_preview (green) : NULL;
  if (preview != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GdkTexture) texture = gdk_texture_new_from_bytes (preview, &error);

      gtk_picture_set_paintable (self->card_picture, GDK_PAINTABLE (texture));
      if (texture == NULL)
        g_warning ("card preview: %s", error->message);
    }
  else
    gtk_picture_set_paintable (self->card_picture, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->no_preview_label), ready && preview == NULL);

  clear_summary (self);
  if (form == NULL)
    return;
  add_text_row (self, &row, "姓名", form->name);
  number = kiosk_number_label_new ();
  kiosk_number_label_set_masked (KIOSK_NUMBER_LABEL (number), KIOSK_MASK_ID_NUMBER,
                                 form->id_number);
  add_row (self, row++, "身份证号", number);
  if (form->phone != NULL && *form->phone)
    {
      g_autofree char *phone = kiosk_mask (KIOSK_MASK_PHONE, form->phone);
      add_text_row (self, &row, "联系电话", phone);
    }
  if (form->banks != NULL && form->banks[0] != NULL)
    {
      const KioskBank *bank = kiosk_catalog_lookup_bank (catalog, form->banks[0]);
      add_text_row (self, &row, "联名银行", bank != NULL ? bank->full_name : form->banks[0]);
    }
  add_text_row (self, &row, "邮政编码", form->postal_code);
  if (form->address != NULL && *form->address)
    {
      g_autofree char *address = kiosk_mask (KIOSK_MASK_ADDRESS, form->address);
      add_text_row (self, &row, "通信地址", address);
    }
  add_text_row (self, &row, "户籍性质",
                catalog_name (catalog, KIOSK_CATALOG_HOUSEHOLD_TYPES, form->household_type));
  add_text_row (self, &row, "职业",
                catalog_name (catalog, KIOSK_CATALOG_OCCUPATIONS, form->occupation));
  add_text_row (self, &row, "行业",
                catalog_name (catalog, KIOSK_CATALOG_INDUSTRIES, form->industry));
}

static void
kiosk_review_page_wipe (KioskPage *page)
{
  KioskReviewPage *self = KIOSK_REVIEW_PAGE (page);

  gtk_picture_set_paintable (self->card_picture, NULL);
  clear_summary (self);
}

static void
kiosk_review_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_REVIEW_PAGE);
  G_OBJECT_CLASS (kiosk_review_page_parent_class)->dispose (object);
}

static void
kiosk_review_page_class_init (KioskReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_review_page_dispose;
  page_class->update = kiosk_review_page_update;
  page_class->wipe = kiosk_review_page_wipe;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, card_picture);
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, summary);
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, no_preview_label);
}

static void
kiosk_review_page_init (KioskReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
