/* kiosk-text-keyboard.c — Latin letters, digits and a few signs typed by touch
 *
 * The keyboard keeps the text; the page that shows it copies the text into
 * its field on ::changed. The letter buttons are relabelled when the case
 * key is pressed (their place never moves under a finger).
 */
#define G_LOG_DOMAIN "kiosk-text-keyboard"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-text-keyboard.h"

#define SIGNS "-.:/_"

struct _KioskTextKeyboard
{
  GtkBox parent_instance;

  GtkLabel *title_label;
  GtkLabel *display_label;
  GPtrArray *letter_buttons; /* GtkButton, not owned */
  GtkWidget *case_button;
  GString *text;
  gboolean lower_case;
};

G_DEFINE_FINAL_TYPE (KioskTextKeyboard, kiosk_text_keyboard, GTK_TYPE_BOX)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const key_rows[] = {
  "1234567890",
  "QWERTYUIOP",
  "ASDFGHJKL-",
  "ZXCVBNM.:/",
};

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static GtkWidget *
key_button (const char *label, const char *key, const char *accessible_name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.technician-key");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  gtk_widget_add_css_class (button, "text-key");
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_hexpand (button, TRUE);
  if (accessible_name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible_name, -1);
  return button;
}

static void
update_display (KioskTextKeyboard *self)
{
  if (self->text->len == 0)
    {
      gtk_label_set_text (self->display_label, "（空）");
      gtk_widget_add_css_class (GTK_WIDGET (self->display_label), "placeholder");
    }
  else
    {
      gtk_label_set_text (self->display_label, self->text->str);
      gtk_widget_remove_css_class (GTK_WIDGET (self->display_label), "placeholder");
    }
}

static void
changed (KioskTextKeyboard *self)
{
  update_display (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
update_case (KioskTextKeyboard *self)
{
  for (guint i = 0; i < self->letter_buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (self->letter_buttons, i);
      char label[2] = { 0, 0 };
      GVariant *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
      const char *target = g_variant_get_string (value, NULL);

      label[0] = self->lower_case ? g_ascii_tolower (target[0]) : g_ascii_toupper (target[0]);
      gtk_button_set_label (button, label);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", label);
    }
  gtk_button_set_label (GTK_BUTTON (self->case_button), self->lower_case ? "ABC" : "abc");
}

gboolean
kiosk_text_keyboard_press (KioskTextKeyboard *self, const char *key, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_KEYBOARD (self), FALSE);

  if (key == NULL || !g_utf8_validate (key, -1, NULL))
    return invalid (error, "没有这个按键");
  if (strlen (key) == 1 && key[0] != '\0'
      && (g_ascii_isalnum (key[0]) || strchr (SIGNS, key[0]) != NULL))
    {
      if (self->text->len >= KIOSK_TEXT_KEYBOARD_MAX_CHARS)
        return invalid (error, "内容太长了");
      g_string_append_c (self->text, key[0]);
      changed (self);
      return TRUE;
    }
  if (g_str_equal (key, "back"))
    {
      if (self->text->len > 0)
        g_string_truncate (
            self->text, g_utf8_find_prev_char (self->text->str, self->text->str + self->text->len)
                            - self->text->str);
      changed (self);
      return TRUE;
    }
  if (g_str_equal (key, "clear"))
    {
      g_string_truncate (self->text, 0);
      changed (self);
      return TRUE;
    }
  if (g_str_equal (key, "case"))
    {
      self->lower_case = !self->lower_case;
      update_case (self);
      return TRUE;
    }
  if (g_str_equal (key, "done"))
    {
      g_signal_emit (self, signals[SIGNAL_DONE], 0);
      return TRUE;
    }
  return invalid (error, "没有这个按键");
}

const char *
kiosk_text_keyboard_get_text (KioskTextKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_KEYBOARD (self), NULL);
  return self->text->str;
}

void
kiosk_text_keyboard_set_text (KioskTextKeyboard *self, const char *text)
{
  const char *end = NULL;

  g_return_if_fail (KIOSK_IS_TEXT_KEYBOARD (self));
  g_string_truncate (self->text, 0);
  if (text != NULL && g_utf8_validate (text, -1, &end))
    {
      glong chars = g_utf8_strlen (text, -1);

      if (chars > KIOSK_TEXT_KEYBOARD_MAX_CHARS)
        g_string_append_len (self->text, text,
                             g_utf8_offset_to_pointer (text, KIOSK_TEXT_KEYBOARD_MAX_CHARS) - text);
      else
        g_string_append (self->text, text);
    }
  update_display (self);
}

void
kiosk_text_keyboard_set_title (KioskTextKeyboard *self, const char *title)
{
  g_return_if_fail (KIOSK_IS_TEXT_KEYBOARD (self));
  gtk_label_set_text (self->title_label, title != NULL ? title : "");
}

gboolean
kiosk_text_keyboard_get_lower_case (KioskTextKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_KEYBOARD (self), FALSE);
  return self->lower_case;
}

/* ---- object ----------------------------------------------------------------------- */

static void
kiosk_text_keyboard_finalize (GObject *object)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (object);

  g_string_free (self->text, TRUE);
  g_ptr_array_unref (self->letter_buttons);
  G_OBJECT_CLASS (kiosk_text_keyboard_parent_class)->finalize (object);
}

static void
kiosk_text_keyboard_class_init (KioskTextKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_text_keyboard_finalize;
  gtk_widget_class_set_css_name (widget_class, "textkeyboard");
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_text_keyboard_init (KioskTextKeyboard *self)
{
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *last = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *back = key_button ("⌫", "back", "删除");
  GtkWidget *clear = key_button ("清空", "clear", NULL);
  GtkWidget *done = key_button ("完成", "done", NULL);

  self->text = g_string_new (NULL);
  self->letter_buttons = g_ptr_array_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "text-keyboard-title");
  self->display_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->display_label, 0);
  gtk_label_set_ellipsize (self->display_label, PANGO_ELLIPSIZE_START);
  gtk_widget_set_hexpand (GTK_WIDGET (self->display_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->display_label), "text-keyboard-display");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "键盘输入内容", -1);
  gtk_box_append (GTK_BOX (head), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (head), GTK_WIDGET (self->display_label));
  gtk_box_append (GTK_BOX (self), head);

  for (guint r = 0; r < G_N_ELEMENTS (key_rows); r++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

      gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
      for (const char *c = key_rows[r]; *c; c++)
        {
          char key[2] = { *c, '\0' };
          GtkWidget *button = key_button (key, key, NULL);

          if (g_ascii_isalpha (*c))
            g_ptr_array_add (self->letter_buttons, button);
          gtk_box_append (GTK_BOX (row), button);
        }
      gtk_box_append (GTK_BOX (self), row);
    }
  self->case_button = key_button ("abc", "case", "大小写");
  gtk_box_set_homogeneous (GTK_BOX (last), TRUE);
  gtk_box_append (GTK_BOX (last), self->case_button);
  gtk_box_append (GTK_BOX (last), key_button ("_", "_", NULL));
  gtk_box_append (GTK_BOX (last), back);
  gtk_box_append (GTK_BOX (last), clear);
  gtk_widget_add_css_class (done, "done");
  gtk_box_append (GTK_BOX (last), done);
  gtk_box_append (GTK_BOX (self), last);
  update_display (self);
}

GtkWidget *
kiosk_text_keyboard_new (void)
{
  return g_object_new (KIOSK_TYPE_TEXT_KEYBOARD, NULL);
}
