/* kiosk-step-indicator.c — the steps of a service in the top bar
 *
 * A done step shows ✓, the current one is inverted and bold, so the state
 * never depends on colour alone.
 */
#define G_LOG_DOMAIN "kiosk-step-indicator"

#include "config.h"

#include "kiosk-step-indicator.h"

struct _KioskStepIndicator
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskStepIndicator, kiosk_step_indicator, GTK_TYPE_WIDGET)

static void
kiosk_step_indicator_clear (KioskStepIndicator *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

void
kiosk_step_indicator_set_steps (KioskStepIndicator *self, const char *const *labels, guint current)
{
  guint n;
  g_autoptr (GString) accessible = g_string_new (NULL);

  g_return_if_fail (KIOSK_IS_STEP_INDICATOR (self));

  kiosk_step_indicator_clear (self);
  n = labels != NULL ? g_strv_length ((char **) labels) : 0;
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);

  for (guint i = 0; i < n; i++)
    {
      guint number = i + 1;
      /* ① is U+2460; past ⑳ plain digits would do, but no flow has that many. */
      g_autofree char *mark = number <= 20
                                  ? g_ucs4_to_utf8 (&(gunichar){ 0x2460 + i }, 1, NULL, NULL, NULL)
                                  : g_strdup_printf ("%u.", number);
      gboolean done = current > 0 && number < current;
      g_autofree char *text = g_strdup_printf ("%s %s", done ? "✓" : mark, labels[i]);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "step");
      if (done)
        gtk_widget_add_css_class (label, "done");
      else if (number == current)
        gtk_widget_add_css_class (label, "current");
      else
        gtk_widget_add_css_class (label, "pending");
      gtk_widget_set_parent (label, GTK_WIDGET (self));

      g_string_append_printf (accessible, "%s%s%s", i > 0 ? "，" : "", labels[i],
                              number == current ? "（当前）"
                              : done            ? "（已完成）"
                                                : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible->str, -1);
}

static void
kiosk_step_indicator_dispose (GObject *object)
{
  kiosk_step_indicator_clear (KIOSK_STEP_INDICATOR (object));
  G_OBJECT_CLASS (kiosk_step_indicator_parent_class)->dispose (object);
}

static void
kiosk_step_indicator_class_init (KioskStepIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_step_indicator_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "steps");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
kiosk_step_indicator_init (KioskStepIndicator *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
