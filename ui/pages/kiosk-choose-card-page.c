/* kiosk-choose-card-page.c — which card is lost? (temporary loss)
 *
 * One large button per card the person has (masked number, kind, stage);
 * a card that cannot be reported here shows why, with its rule, and cannot
 * be touched. A touch activates app.choose-card(index).
 */
#define G_LOG_DOMAIN "kiosk-choose-card-page"

#include "config.h"

#include "kiosk-choose-card-page.h"
#include "kiosk-number-label.h"
#include "kiosk-temporary-loss-flow.h"

struct _KioskChooseCardPage
{
  KioskPage parent_instance;

  GtkBox *cards_box;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (KioskChooseCardPage, kiosk_choose_card_page, KIOSK_TYPE_PAGE)

static void
clear_cards (KioskChooseCardPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_box_remove (self->cards_box, child);
}

static GtkWidget *
make_card_button (const KioskCardChoice *choice, guint index)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *number = kiosk_number_label_new ();
  GtkWidget *kind = gtk_label_new (choice->kind);
  GtkWidget *stage = gtk_label_new (choice->stage);
  g_autofree char *accessible
      = g_strdup_printf ("%s %s %s", choice->kind, choice->masked_number, choice->stage);

  kiosk_number_label_set_text (KIOSK_NUMBER_LABEL (number), choice->masked_number);
  gtk_widget_add_css_class (number, "card-number");
  gtk_widget_add_css_class (kind, "tile-title");
  gtk_widget_set_hexpand (number, TRUE);
  gtk_box_append (GTK_BOX (top), kind);
  gtk_box_append (GTK_BOX (top), number);
  gtk_box_append (GTK_BOX (top), stage);
  gtk_box_append (GTK_BOX (box), top);

  if (!choice->allowed && choice->refusal != NULL)
    {
      g_autofree char *rule = kiosk_refusal_rule_label (choice->refusal);
      g_autofree char *why
          = g_strdup_printf ("不能在这里挂失：%s（依据 %s）", choice->refusal->message, rule);
      GtkWidget *reason = gtk_label_new (why);

      gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
      gtk_label_set_xalign (GTK_LABEL (reason), 0);
      gtk_widget_add_css_class (reason, "refused-reason");
      gtk_box_append (GTK_BOX (box), reason);
      gtk_widget_add_css_class (button, "refused");
      gtk_widget_set_can_target (button, FALSE);
      gtk_widget_set_sensitive (button, FALSE);
    }
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.choose-card");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card-choice");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return button;
}

static void
kiosk_choose_card_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskChooseCardPage *self = KIOSK_CHOOSE_CARD_PAGE (page);
  GPtrArray *cards;
  const char *message = kiosk_flow_get_message (flow);

  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->message_label, message);
  clear_cards (self);
  if (!KIOSK_IS_TEMPORARY_LOSS_FLOW (flow))
    return;
  cards = kiosk_temporary_loss_flow_get_cards (KIOSK_TEMPORARY_LOSS_FLOW (flow));
  for (guint i = 0; cards != NULL && i < cards->len; i++)
    gtk_box_append (self->cards_box, make_card_button (g_ptr_array_index (cards, i), i));
}

static void
kiosk_choose_card_page_wipe (KioskPage *page)
{
  clear_cards (KIOSK_CHOOSE_CARD_PAGE (page));
}

static void
kiosk_choose_card_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_CHOOSE_CARD_PAGE);
  G_OBJECT_CLASS (kiosk_choose_card_page_parent_class)->dispose (object);
}

static void
kiosk_choose_card_page_class_init (KioskChooseCardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_choose_card_page_dispose;
  page_class->update = kiosk_choose_card_page_update;
  page_class->wipe = kiosk_choose_card_page_wipe;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-choose-card-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskChooseCardPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, KioskChooseCardPage, message_label);
}

static void
kiosk_choose_card_page_init (KioskChooseCardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
