/* kiosk-refusal-view.c — why the kiosk cannot do it, and what to do instead */
#define G_LOG_DOMAIN "kiosk-refusal-view"

#include "config.h"

#include "kiosk-widget-util.h"

#include "kiosk-number-label.h"
#include "kiosk-refusal-view.h"

struct _KioskRefusalView
{
  GtkWidget parent_instance;

  GtkLabel *message_label;
  GtkLabel *remedy_label;
  GtkWidget *remedy_box;
  GtkWidget *window_box;
  GtkLabel *window_name_label;
  GtkLabel *window_address_label;
  KioskNumberLabel *window_phone_label;
  GtkLabel *general_label;
  GtkLabel *rule_label;
};

G_DEFINE_FINAL_TYPE (KioskRefusalView, kiosk_refusal_view, GTK_TYPE_WIDGET)

void
kiosk_refusal_view_set_window (KioskRefusalView *self, const KioskWindow *window)
{
  g_return_if_fail (KIOSK_IS_REFUSAL_VIEW (self));

  gtk_widget_set_visible (self->window_box, window != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_label), window == NULL);
  if (window == NULL)
    return;

  gtk_label_set_text (self->window_name_label, window->name);
  if (window->city != NULL && *window->city != '\0'
      && !g_str_has_prefix (window->address, window->city))
    {
      g_autofree char *address = g_strconcat (window->city, window->address, NULL);
      gtk_label_set_text (self->window_address_label, address);
    }
  else
    gtk_label_set_text (self->window_address_label, window->address);
  kiosk_number_label_set_text (self->window_phone_label, window->phone);
}

void
kiosk_refusal_view_set_refusal (KioskRefusalView *self,
                                const KioskRefusal *refusal,
                                const KioskCatalog *catalog)
{
  const KioskWindow *window = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *rule_text = NULL;

  g_return_if_fail (KIOSK_IS_REFUSAL_VIEW (self));

  /* Without a refusal the view shows only a window (the progress query's
   * pickup window). */
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), refusal != NULL);
  gtk_widget_set_visible (self->remedy_box, refusal != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->rule_label), refusal != NULL);
  if (refusal == NULL)
    {
      gtk_label_set_text (self->message_label, "");
      gtk_label_set_text (self->remedy_label, "");
      gtk_label_set_text (self->rule_label, "");
      kiosk_refusal_view_set_window (self, NULL);
      return;
    }
  rule = kiosk_refusal_rule_label (refusal);
  rule_text = g_strdup_printf ("依据 %s", rule);
  gtk_label_set_text (self->message_label, refusal->message);
  gtk_label_set_text (self->remedy_label, refusal->remedy);
  gtk_label_set_text (self->rule_label, rule_text);
  if (refusal->window != NULL && catalog != NULL)
    window = kiosk_catalog_lookup_window (catalog, refusal->window);
  kiosk_refusal_view_set_window (self, window);
}

const char *
kiosk_refusal_view_get_rule_text (KioskRefusalView *self)
{
  g_return_val_if_fail (KIOSK_IS_REFUSAL_VIEW (self), NULL);
  return gtk_label_get_text (self->rule_label);
}

static void
kiosk_refusal_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_REFUSAL_VIEW);
  /* The template's children without an id are not the template's to drop. */
  kiosk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (kiosk_refusal_view_parent_class)->dispose (object);
}

static void
kiosk_refusal_view_class_init (KioskRefusalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_refusal_view_dispose;

  g_type_ensure (KIOSK_TYPE_NUMBER_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/widgets/kiosk-refusal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, remedy_label);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, remedy_box);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, window_box);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, window_name_label);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, window_address_label);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, window_phone_label);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, general_label);
  gtk_widget_class_bind_template_child (widget_class, KioskRefusalView, rule_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "refusal");
}

static void
kiosk_refusal_view_init (KioskRefusalView *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 28);
}
