/* kiosk-keypad.c — a large numeric keypad with its own display
 *
 * The display groups the digits ("139 1234 5678", "220102 19800101 123X")
 * so that a citizen can compare them with a paper at a glance.
 */
#define G_LOG_DOMAIN "kiosk-keypad"

#include "config.h"

#include "kiosk-widget-util.h"

#include "kiosk-keypad.h"

struct _KioskKeypad
{
  GtkWidget parent_instance;

  GtkLabel *display_label;
  GtkLabel *error_label;
  GtkButton *x_button;

  GString *text;
  guint max_length;
  gboolean allow_x;
  char *grouping;    /* "3,4,4": sizes of the display's groups */
  char *placeholder; /* shown while empty */
};

G_DEFINE_FINAL_TYPE (KioskKeypad, kiosk_keypad, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TEXT,
  PROP_MAX_LENGTH,
  PROP_ALLOW_X,
  PROP_GROUPING,
  PROP_PLACEHOLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
group_text (const char *text, const char *grouping)
{
  g_auto (GStrv) sizes = g_strsplit (grouping != NULL ? grouping : "4", ",", -1);
  GString *out = g_string_new (NULL);
  gsize len = strlen (text);
  gsize pos = 0;
  guint i = 0;

  while (pos < len)
    {
      guint64 size = 4;

      if (sizes[0] != NULL)
        {
          const char *s = sizes[MIN (i, g_strv_length (sizes) - 1)];
          if (!g_ascii_string_to_unsigned (s, 10, 1, 32, &size, NULL))
            size = 4;
        }
      if (pos > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, text + pos, MIN (size, len - pos));
      pos += MIN (size, len - pos);
      i++;
    }
  return g_string_free (out, FALSE);
}

static void
kiosk_keypad_update_display (KioskKeypad *self)
{
  if (self->text->len == 0)
    {
      gtk_label_set_text (self->display_label, self->placeholder ? self->placeholder : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->display_label), "placeholder");
    }
  else
    {
      g_autofree char *grouped = group_text (self->text->str, self->grouping);
      gtk_label_set_text (self->display_label, grouped);
      gtk_widget_remove_css_class (GTK_WIDGET (self->display_label), "placeholder");
    }
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->display_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
      self->text->len ? self->text->str : (self->placeholder ?: ""), -1);
}

const char *
kiosk_keypad_get_text (KioskKeypad *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYPAD (self), NULL);
  return self->text->str;
}

void
kiosk_keypad_set_text (KioskKeypad *self, const char *text)
{
  g_return_if_fail (KIOSK_IS_KEYPAD (self));

  if (g_strcmp0 (self->text->str, text != NULL ? text : "") == 0)
    return;
  /* What was there may be personal (a phone number): overwrite it. */
  memset (self->text->str, 0, self->text->len);
  g_string_assign (self->text, text != NULL ? text : "");
  kiosk_keypad_set_error (self, NULL);
  kiosk_keypad_update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

gboolean
kiosk_keypad_press (KioskKeypad *self, const char *key)
{
  g_return_val_if_fail (KIOSK_IS_KEYPAD (self), FALSE);

  if (key == NULL)
    return FALSE;
  if (g_str_equal (key, "back"))
    {
      if (self->text->len > 0)
        {
          self->text->str[self->text->len - 1] = '\0';
          g_string_truncate (self->text, self->text->len - 1);
        }
    }
  else if (g_str_equal (key, "clear"))
    {
      memset (self->text->str, 0, self->text->len);
      g_string_truncate (self->text, 0);
    }
  else if (strlen (key) == 1 && (g_ascii_isdigit (key[0]) || key[0] == 'X' || key[0] == 'x'))
    {
      if ((key[0] == 'X' || key[0] == 'x') && !self->allow_x)
        return FALSE;
      if (self->max_length > 0 && self->text->len >= self->max_length)
        return FALSE;
      g_string_append_c (self->text, g_ascii_toupper (key[0]));
    }
  else
    return FALSE;

  kiosk_keypad_set_error (self, NULL);
  kiosk_keypad_update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  return TRUE;
}

void
kiosk_keypad_set_error (KioskKeypad *self, const char *message)
{
  gboolean shown = message != NULL && *message != '\0';

  g_return_if_fail (KIOSK_IS_KEYPAD (self));
  gtk_label_set_text (self->error_label, shown ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  shown ? message : "", -1);
}

/* Without X the key is "清空" (clear): the grid never changes shape. */
static void
kiosk_keypad_update_x_key (KioskKeypad *self)
{
  gtk_button_set_label (self->x_button, self->allow_x ? "X" : "清空");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->x_button), "s",
                                    self->allow_x ? "X" : "clear");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->x_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->allow_x ? "X" : "清空", -1);
}

static void
kiosk_keypad_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  switch (prop_id)
    {
      case PROP_TEXT:
        g_value_set_string (value, self->text->str);
        break;
      case PROP_MAX_LENGTH:
        g_value_set_uint (value, self->max_length);
        break;
      case PROP_ALLOW_X:
        g_value_set_boolean (value, self->allow_x);
        break;
      case PROP_GROUPING:
        g_value_set_string (value, self->grouping);
        break;
      case PROP_PLACEHOLDER:
        g_value_set_string (value, self->placeholder);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keypad_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  switch (prop_id)
    {
      case PROP_TEXT:
        kiosk_keypad_set_text (self, g_value_get_string (value));
        break;
      case PROP_MAX_LENGTH:
        self->max_length = g_value_get_uint (value);
        break;
      case PROP_ALLOW_X:
        self->allow_x = g_value_get_boolean (value);
        kiosk_keypad_update_x_key (self);
        break;
      case PROP_GROUPING:
        g_free (self->grouping);
        self->grouping = g_value_dup_string (value);
        kiosk_keypad_update_display (self);
        break;
      case PROP_PLACEHOLDER:
        g_free (self->placeholder);
        self->placeholder = g_value_dup_string (value);
        kiosk_keypad_update_display (self);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keypad_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_KEYPAD);
  /* The template's children without an id are not the template's to drop. */
  kiosk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (kiosk_keypad_parent_class)->dispose (object);
}

static void
kiosk_keypad_finalize (GObject *object)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  memset (self->text->str, 0, self->text->len);
  g_string_free (self->text, TRUE);
  g_free (self->grouping);
  g_free (self->placeholder);
  G_OBJECT_CLASS (kiosk_keypad_parent_class)->finalize (object);
}

static void
kiosk_keypad_class_init (KioskKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kiosk_keypad_get_property;
  object_class->set_property = kiosk_keypad_set_property;
  object_class->dispose = kiosk_keypad_dispose;
  object_class->finalize = kiosk_keypad_finalize;

  properties[PROP_TEXT]
      = g_param_spec_string ("text", NULL, NULL, "", rw | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_LENGTH] = g_param_spec_uint ("max-length", NULL, NULL, 0, 64, 18, rw);
  properties[PROP_ALLOW_X] = g_param_spec_boolean ("allow-x", NULL, NULL, FALSE, rw);
  properties[PROP_GROUPING] = g_param_spec_string ("grouping", NULL, NULL, "4", rw);
  properties[PROP_PLACEHOLDER] = g_param_spec_string ("placeholder", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/widgets/kiosk-keypad.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskKeypad, display_label);
  gtk_widget_class_bind_template_child (widget_class, KioskKeypad, error_label);
  gtk_widget_class_bind_template_child (widget_class, KioskKeypad, x_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keypad");
}

static void
kiosk_keypad_init (KioskKeypad *self)
{
  GtkLayoutManager *layout;

  self->text = g_string_new (NULL);
  self->max_length = 18;
  self->grouping = g_strdup ("4");
  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 20);
  kiosk_keypad_update_display (self);
  kiosk_keypad_update_x_key (self);
}
