/* kiosk-number-label.c — a number people copy or compare, grouped in fours */
#define G_LOG_DOMAIN "kiosk-number-label"

#include "config.h"

#include "kiosk-number-label.h"

struct _KioskNumberLabel
{
  GtkWidget parent_instance;

  GtkLabel *label;
};

G_DEFINE_FINAL_TYPE (KioskNumberLabel, kiosk_number_label, GTK_TYPE_WIDGET)

char *
kiosk_number_label_group (const char *text)
{
  GString *out = g_string_new (NULL);
  guint in_group = 0;

  if (text == NULL)
    return g_string_free (out, FALSE);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c == '-' || g_unichar_isspace (c))
        continue;
      if (in_group == 4)
        {
          g_string_append_c (out, ' ');
          in_group = 0;
        }
      g_string_append_unichar (out, c);
      in_group++;
    }
  return g_string_free (out, FALSE);
}

GtkWidget *
kiosk_number_label_new (void)
{
  return g_object_new (KIOSK_TYPE_NUMBER_LABEL, NULL);
}

void
kiosk_number_label_set_text (KioskNumberLabel *self, const char *text)
{
  g_autofree char *grouped = NULL;

  g_return_if_fail (KIOSK_IS_NUMBER_LABEL (self));
  grouped = kiosk_number_label_group (text);
  gtk_label_set_text (self->label, grouped);
}

void
kiosk_number_label_set_masked (KioskNumberLabel *self, KioskMaskKind kind, const char *value)
{
  g_autofree char *masked = NULL;

  g_return_if_fail (KIOSK_IS_NUMBER_LABEL (self));
  masked = value != NULL ? kiosk_mask (kind, value) : NULL;
  kiosk_number_label_set_text (self, masked);
}

const char *
kiosk_number_label_get_text (KioskNumberLabel *self)
{
  g_return_val_if_fail (KIOSK_IS_NUMBER_LABEL (self), NULL);
  return gtk_label_get_text (self->label);
}

static void
kiosk_number_label_dispose (GObject *object)
{
  KioskNumberLabel *self = KIOSK_NUMBER_LABEL (object);

  if (self->label != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->label));
      self->label = NULL;
    }
  G_OBJECT_CLASS (kiosk_number_label_parent_class)->dispose (object);
}

static void
kiosk_number_label_class_init (KioskNumberLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_number_label_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "numberlabel");
}

static void
kiosk_number_label_init (KioskNumberLabel *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_selectable (self->label, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}
