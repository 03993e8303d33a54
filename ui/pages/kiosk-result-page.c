/* kiosk-result-page.c — the answer of a progress query (R16)
 *
 * The stage in large words, the masked card number, the pickup window
 * (name, address, phone grouped in fours) and, when the bank pre-account
 * failed for a reason the kiosk can fix (R3), a button to fix it here.
 */
#define G_LOG_DOMAIN "kiosk-result-page"

#include "config.h"

#include "kiosk-number-label.h"
#include "kiosk-progress-flow.h"
#include "kiosk-refusal-view.h"
#include "kiosk-result-page.h"

struct _KioskResultPage
{
  KioskPage parent_instance;

  GtkLabel *stage_label;
  GtkLabel *text_label;
  GtkWidget *card_box;
  KioskNumberLabel *card_number_label;
  KioskRefusalView *window_view;
  GtkButton *fix_button;
};

G_DEFINE_FINAL_TYPE (KioskResultPage, kiosk_result_page, KIOSK_TYPE_PAGE)

static void
kiosk_result_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskResultPage *self = KIOSK_RESULT_PAGE (page);
  KioskProgressFlow *progress_flow;
  const KioskProgress *progress;
  const char *masked;
  KioskProgressFix fix;

  if (!KIOSK_IS_PROGRESS_FLOW (flow))
    return;
  progress_flow = KIOSK_PROGRESS_FLOW (flow);
  progress = kiosk_progress_flow_get_progress (progress_flow);
  masked = kiosk_progress_flow_get_card_number_masked (progress_flow);
  fix = kiosk_progress_flow_get_fix (progress_flow);

  gtk_label_set_text (self->stage_label, progress != NULL
                                             ? kiosk_card_stage_to_label (progress->stage)
                                             : kiosk_flow_get_message (flow));
  gtk_label_set_text (self->text_label,
                      progress != NULL && progress->text != NULL ? progress->text : "");
  gtk_widget_set_visible (self->card_box, masked != NULL);
  kiosk_number_label_set_text (self->card_number_label, masked);
  kiosk_refusal_view_set_refusal (self->window_view, NULL, NULL);
  kiosk_refusal_view_set_window (self->window_view, kiosk_progress_flow_get_window (progress_flow));
  gtk_widget_set_visible (GTK_WIDGET (self->window_view),
                          kiosk_progress_flow_get_window (progress_flow) != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->fix_button), fix != KIOSK_PROGRESS_FIX_NONE);
  gtk_button_set_label (self->fix_button,
                        fix == KIOSK_PROGRESS_FIX_PHOTO ? "现在重新拍照" : "现在更正手机号码");
}

static void
kiosk_result_page_wipe (KioskPage *page)
{
  KioskResultPage *self = KIOSK_RESULT_PAGE (page);

  gtk_label_set_text (self->stage_label, "");
  gtk_label_set_text (self->text_label, "");
  kiosk_number_label_set_text (self->card_number_label, NULL);
  kiosk_refusal_view_set_window (self->window_view, NULL);
}

static void
kiosk_result_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_RESULT_PAGE);
  G_OBJECT_CLASS (kiosk_result_page_parent_class)->dispose (object);
}

static void
kiosk_result_page_class_init (KioskResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_result_page_dispose;
  page_class->update = kiosk_result_page_update;
  page_class->wipe = kiosk_result_page_wipe;

  g_type_ensure (KIOSK_TYPE_NUMBER_LABEL);
  g_type_ensure (KIOSK_TYPE_REFUSAL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskResultPage, stage_label);
  gtk_widget_class_bind_template_child (widget_class, KioskResultPage, text_label);
  gtk_widget_class_bind_template_child (widget_class, KioskResultPage, card_box);
  gtk_widget_class_bind_template_child (widget_class, KioskResultPage, card_number_label);
  gtk_widget_class_bind_template_child (widget_class, KioskResultPage, window_view);
  gtk_widget_class_bind_template_child (widget_class, KioskResultPage, fix_button);
}

static void
kiosk_result_page_init (KioskResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
