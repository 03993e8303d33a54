/* kiosk-bank-page.c — choose exactly one co-branded bank (R5) */
#define G_LOG_DOMAIN "kiosk-bank-page"

#include "config.h"

#include "kiosk-bank-page.h"
#include "kiosk-green-channel-flow.h"

struct _KioskBankPage
{
  KioskPage parent_instance;

  KioskBankChooser *chooser;
  gboolean catalog_set;
};

G_DEFINE_FINAL_TYPE (KioskBankPage, kiosk_bank_page, KIOSK_TYPE_PAGE)

KioskBankChooser *
kiosk_bank_page_get_chooser (KioskBankPage *self)
{
  g_return_val_if_fail (KIOSK_IS_BANK_PAGE (self), NULL);
  return self->chooser;
}

static void
kiosk_bank_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskBankPage *self = KIOSK_BANK_PAGE (page);
  const KioskApplicationForm *form;
  const char *bank = NULL;

  if (!self->catalog_set)
    {
      kiosk_bank_chooser_set_catalog (self->chooser,
                                      kiosk_context_get_catalog (kiosk_flow_get_context (flow)));
      self->catalog_set = TRUE;
    }
  if (!KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
    return;
  form = kiosk_green_channel_flow_get_form (KIOSK_GREEN_CHANNEL_FLOW (flow));
  if (form != NULL && form->banks != NULL && form->banks[0] != NULL)
    {
      const KioskBank *known = kiosk_catalog_lookup_bank (
          kiosk_context_get_catalog (kiosk_flow_get_context (flow)), form->banks[0]);
      bank = known != NULL ? known->key : NULL;
    }
  kiosk_bank_chooser_set_selected (self->chooser, bank);
  kiosk_page_set_primary_sensitive (page, bank != NULL);
}

static void
kiosk_bank_page_wipe (KioskPage *page)
{
  kiosk_bank_chooser_set_selected (KIOSK_BANK_PAGE (page)->chooser, NULL);
}

static void
on_orientation (KioskBankPage *self)
{
  gboolean landscape
      = kiosk_page_get_layout_orientation (KIOSK_PAGE (self)) == GTK_ORIENTATION_HORIZONTAL;
  kiosk_bank_chooser_set_columns (self->chooser, landscape ? 4 : 2);
}

static void
kiosk_bank_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_BANK_PAGE);
  G_OBJECT_CLASS (kiosk_bank_page_parent_class)->dispose (object);
}

static void
kiosk_bank_page_class_init (KioskBankPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_bank_page_dispose;
  page_class->update = kiosk_bank_page_update;
  page_class->wipe = kiosk_bank_page_wipe;

  g_type_ensure (KIOSK_TYPE_BANK_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-bank-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskBankPage, chooser);
}

static void
kiosk_bank_page_init (KioskBankPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self, "notify::layout-orientation", G_CALLBACK (on_orientation), self);
  on_orientation (self);
}
