/* kiosk-countdown.c — the seconds left on a page
 *
 * The seconds in a tabular font; near the end it turns to the warning
 * colour and says so in words too (never colour alone).
 */
#define G_LOG_DOMAIN "kiosk-countdown"

#include "config.h"

#include "kiosk-widget-util.h"

#include "kiosk-countdown.h"

struct _KioskCountdown
{
  GtkWidget parent_instance;

  GtkLabel *seconds_label;
  GtkLabel *caption_label;

  guint seconds;
  gboolean warning;
};

G_DEFINE_FINAL_TYPE (KioskCountdown, kiosk_countdown, GTK_TYPE_WIDGET)

void
kiosk_countdown_set_seconds (KioskCountdown *self, guint seconds, gboolean warning)
{
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (KIOSK_IS_COUNTDOWN (self));

  gtk_widget_set_visible (GTK_WIDGET (self), seconds > 0);
  if (seconds == self->seconds && warning == self->warning)
    return;
  self->seconds = seconds;
  self->warning = warning;

  text = g_strdup_printf ("%u", seconds);
  accessible = g_strdup_printf ("剩余 %u 秒", seconds);
  gtk_label_set_text (self->seconds_label, text);
  gtk_label_set_text (self->caption_label, warning ? "秒后\n回首页" : "秒");
  if (warning)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

guint
kiosk_countdown_get_seconds (KioskCountdown *self)
{
  g_return_val_if_fail (KIOSK_IS_COUNTDOWN (self), 0);
  return self->seconds;
}

static void
kiosk_countdown_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_COUNTDOWN);
  /* The template's children without an id are not the template's to drop. */
  kiosk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (kiosk_countdown_parent_class)->dispose (object);
}

static void
kiosk_countdown_class_init (KioskCountdownClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_countdown_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/widgets/kiosk-countdown.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskCountdown, seconds_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCountdown, caption_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "countdown");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TIMER);
}

static void
kiosk_countdown_init (KioskCountdown *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
