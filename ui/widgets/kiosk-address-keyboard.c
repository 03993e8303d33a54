/* kiosk-address-keyboard.c — the correspondence address typed by touch
 *
 * The keyboard keeps the text and the pinyin typed; the candidates come from
 * a KioskPinyinTable, the quick buttons from KioskDivisions. Buttons are
 * built once the data is loaded; the candidate buttons are relabelled as
 * the pinyin changes (their place never moves under a finger).
 */
#define G_LOG_DOMAIN "kiosk-address-keyboard"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-address-keyboard.h"
#include "kiosk-divisions.h"
#include "kiosk-paths.h"
#include "kiosk-pinyin-table.h"

#define MAX_LETTERS 24

struct _KioskAddressKeyboard
{
  GtkBox parent_instance;

  GtkLabel *display_label;
  GtkLabel *pinyin_label;
  GtkBox *body;
  GtkFlowBox *cities_box;
  GtkFlowBox *districts_box;
  GtkWidget *candidate_buttons[KIOSK_ADDRESS_CANDIDATES];
  GtkWidget *prev_button;
  GtkWidget *next_button;
  GtkLabel *no_data_label;

  KioskPinyinTable *table;
  KioskDivisions *divisions;
  GString *text;
  GString *pinyin;
  GPtrArray *candidates; /* KioskPinyinCandidate, all pages */
  guint page;
  char *shown[KIOSK_ADDRESS_CANDIDATES + 1]; /* the current page's texts */
  char *city;                                /* whose districts are offered */
};

G_DEFINE_FINAL_TYPE (KioskAddressKeyboard, kiosk_address_keyboard, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_TEXT,
  PROP_LAYOUT_ORIENTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const key_rows[] = {
  "1234567890-",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
};

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static GtkWidget *
key_button (const char *label, const char *key, const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.address-key");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  gtk_widget_add_css_class (button, css_class);
  gtk_widget_set_focusable (button, FALSE);
  return button;
}

/* ---- showing ---------------------------------------------------------------- */

static void
update_candidates (KioskAddressKeyboard *self)
{
  guint first = self->page * KIOSK_ADDRESS_CANDIDATES;

  for (guint i = 0; i < KIOSK_ADDRESS_CANDIDATES; i++)
    {
      guint index = first + i;
      const KioskPinyinCandidate *candidate
          = self->candidates != NULL && index < self->candidates->len
                ? g_ptr_array_index (self->candidates, index)
                : NULL;

      g_clear_pointer (&self->shown[i], g_free);
      if (candidate != NULL)
        self->shown[i] = g_strdup (candidate->text);
      gtk_button_set_label (GTK_BUTTON (self->candidate_buttons[i]),
                            candidate != NULL ? candidate->text : "");
      /* A slot without a candidate keeps its place, untouchable. */
      gtk_widget_set_sensitive (self->candidate_buttons[i], candidate != NULL);
      gtk_widget_set_opacity (self->candidate_buttons[i], candidate != NULL ? 1.0 : 0.0);
    }
  gtk_widget_set_sensitive (self->prev_button, self->page > 0);
  gtk_widget_set_sensitive (self->next_button,
                            self->candidates != NULL
                                && first + KIOSK_ADDRESS_CANDIDATES < self->candidates->len);
}

static void
update_display (KioskAddressKeyboard *self)
{
  if (self->text->len == 0)
    {
      gtk_label_set_text (self->display_label, "（请输入地址）");
      gtk_widget_add_css_class (GTK_WIDGET (self->display_label), "placeholder");
    }
  else
    {
      gtk_label_set_text (self->display_label, self->text->str);
      gtk_widget_remove_css_class (GTK_WIDGET (self->display_label), "placeholder");
    }
  if (self->pinyin->len > 0)
    {
      g_autofree char *line = g_strdup_printf ("拼音：%s", self->pinyin->str);
      gtk_label_set_text (self->pinyin_label, line);
    }
  else
    gtk_label_set_text (self->pinyin_label, "拼音：请按字母键，再选字");
}

static void
lookup (KioskAddressKeyboard *self)
{
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  self->page = 0;
  if (self->table != NULL && self->pinyin->len > 0)
    self->candidates = kiosk_pinyin_table_lookup (self->table, self->pinyin->str, 64);
  update_candidates (self);
  update_display (self);
}

static void
show_districts (KioskAddressKeyboard *self, const char *city)
{
  const char *const *districts;
  GtkWidget *child;

  if (self->divisions == NULL || g_strcmp0 (self->city, city) == 0)
    return;
  g_free (self->city);
  self->city = g_strdup (city);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->districts_box))) != NULL)
    gtk_flow_box_remove (self->districts_box, child);
  districts = kiosk_divisions_get_districts (self->divisions, city);
  for (guint i = 0; districts != NULL && districts[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat ("division:", districts[i], NULL);
      gtk_flow_box_append (self->districts_box, key_button (districts[i], key, "division"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->districts_box), districts != NULL);
}

static void
build_divisions (KioskAddressKeyboard *self)
{
  const char *const *cities = kiosk_divisions_get_cities (self->divisions);
  const char *province = kiosk_divisions_get_province (self->divisions);
  g_autofree char *key = g_strconcat ("division:", province, NULL);

  gtk_flow_box_append (self->cities_box, key_button (province, key, "division"));
  for (guint i = 0; cities[i] != NULL; i++)
    {
      g_autofree char *city_key = g_strconcat ("division:", cities[i], NULL);
      gtk_flow_box_append (self->cities_box, key_button (cities[i], city_key, "division"));
    }
  /* Changchun's districts to begin with: most addresses here are there. */
  show_districts (self, cities[0]);
}

/* ---- the keys ------------------------------------------------------------------- */

static gboolean
insert (KioskAddressKeyboard *self, const char *text, GError **error)
{
  if (g_utf8_strlen (self->text->str, -1) + g_utf8_strlen (text, -1) > KIOSK_ADDRESS_MAX_CHARS)
    return invalid (error, "通信地址最多100个字");
  g_string_append (self->text, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  return TRUE;
}

static gboolean
pick (KioskAddressKeyboard *self, const char *number, GError **error)
{
  guint64 n = 0;
  guint index;
  const KioskPinyinCandidate *candidate;

  if (!g_ascii_string_to_unsigned (number, 10, 0, KIOSK_ADDRESS_CANDIDATES - 1, &n, NULL))
    return invalid (error, "没有这个候选字");
  index = self->page * KIOSK_ADDRESS_CANDIDATES + (guint) n;
  if (self->candidates == NULL || index >= self->candidates->len)
    return invalid (error, "没有这个候选字");
  candidate = g_ptr_array_index (self->candidates, index);
  if (!insert (self, candidate->text, error))
    return FALSE;
  g_string_erase (self->pinyin, 0, MIN (candidate->consumed, self->pinyin->len));
  lookup (self);
  return TRUE;
}

static gboolean
division (KioskAddressKeyboard *self, const char *name, GError **error)
{
  if (self->divisions == NULL || !kiosk_divisions_contains (self->divisions, name))
    return invalid (error, "没有这个行政区");
  if (!insert (self, name, error))
    return FALSE;
  if (kiosk_divisions_get_districts (self->divisions, name) != NULL)
    show_districts (self, name);
  update_display (self);
  return TRUE;
}

static void
delete_last (KioskAddressKeyboard *self)
{
  const char *end = self->text->str + self->text->len;
  const char *last = g_utf8_find_prev_char (self->text->str, end);

  if (last == NULL)
    return;
  g_string_truncate (self->text, last - self->text->str);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

gboolean
kiosk_address_keyboard_press (KioskAddressKeyboard *self, const char *key, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_ADDRESS_KEYBOARD (self), FALSE);

  if (key == NULL || !g_utf8_validate (key, -1, NULL))
    return invalid (error, "没有这个按键");
  if (strlen (key) == 1 && key[0] >= 'a' && key[0] <= 'z')
    {
      if (self->table == NULL)
        return invalid (error, "拼音输入暂时不能使用，请用快捷按钮和数字键");
      if (self->pinyin->len >= MAX_LETTERS)
        return invalid (error, "拼音太长了，请先选字");
      g_string_append_c (self->pinyin, key[0]);
      lookup (self);
      return TRUE;
    }
  if (strlen (key) == 1 && (g_ascii_isdigit (key[0]) || key[0] == '-'))
    {
      if (!insert (self, key, error))
        return FALSE;
      update_display (self);
      return TRUE;
    }
  if (g_str_equal (key, "back"))
    {
      if (self->pinyin->len > 0)
        {
          g_string_truncate (self->pinyin, self->pinyin->len - 1);
          lookup (self);
        }
      else
        {
          delete_last (self);
          update_display (self);
        }
      return TRUE;
    }
  if (g_str_equal (key, "clear"))
    {
      kiosk_address_keyboard_set_text (self, "");
      return TRUE;
    }
  if (g_str_equal (key, "next") || g_str_equal (key, "prev"))
    {
      gboolean next = g_str_equal (key, "next");

      if (self->candidates == NULL
          || (next && (self->page + 1) * KIOSK_ADDRESS_CANDIDATES >= self->candidates->len)
          || (!next && self->page == 0))
        return invalid (error, "没有更多候选字了");
      self->page += next ? 1 : -1;
      update_candidates (self);
      return TRUE;
    }
  if (g_str_has_prefix (key, "pick:"))
    return pick (self, key + strlen ("pick:"), error);
  if (g_str_has_prefix (key, "division:"))
    return division (self, key + strlen ("division:"), error);
  return invalid (error, "没有这个按键");
}

/* ---- state ---------------------------------------------------------------------- */

const char *
kiosk_address_keyboard_get_text (KioskAddressKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_ADDRESS_KEYBOARD (self), NULL);
  return self->text->str;
}

void
kiosk_address_keyboard_set_text (KioskAddressKeyboard *self, const char *text)
{
  g_return_if_fail (KIOSK_IS_ADDRESS_KEYBOARD (self));
  /* Personal data: what is replaced is overwritten first. */
  if (self->text->len > 0)
    memset (self->text->str, 0, self->text->len);
  g_string_truncate (self->text, 0);
  if (text != NULL && g_utf8_validate (text, -1, NULL))
    {
      const char *end = g_utf8_offset_to_pointer (
          text, MIN (g_utf8_strlen (text, -1), KIOSK_ADDRESS_MAX_CHARS));
      g_string_append_len (self->text, text, end - text);
    }
  g_string_truncate (self->pinyin, 0);
  lookup (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
kiosk_address_keyboard_get_pinyin (KioskAddressKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_ADDRESS_KEYBOARD (self), NULL);
  return self->pinyin->str;
}

const char *const *
kiosk_address_keyboard_get_candidates (KioskAddressKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_ADDRESS_KEYBOARD (self), NULL);
  return (const char *const *) self->shown;
}

gboolean
kiosk_address_keyboard_load_data (KioskAddressKeyboard *self,
                                  const char *pinyin_path,
                                  const char *divisions_path,
                                  GError **error)
{
  g_autofree char *default_pinyin = NULL;
  g_autofree char *default_divisions = NULL;
  g_autoptr (KioskPinyinTable) table = NULL;
  g_autoptr (KioskDivisions) divisions = NULL;

  g_return_val_if_fail (KIOSK_IS_ADDRESS_KEYBOARD (self), FALSE);
  if (self->table != NULL)
    return TRUE;
  if (pinyin_path == NULL)
    pinyin_path = default_pinyin = kiosk_paths_data_file ("address-pinyin.ini");
  if (divisions_path == NULL)
    divisions_path = default_divisions = kiosk_paths_data_file ("jilin-divisions.ini");
  table = kiosk_pinyin_table_new_from_file (pinyin_path, error);
  if (table == NULL)
    return FALSE;
  divisions = kiosk_divisions_new_from_file (divisions_path, error);
  if (divisions == NULL)
    return FALSE;
  self->table = g_steal_pointer (&table);
  self->divisions = g_steal_pointer (&divisions);
  build_divisions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->no_data_label), FALSE);
  return TRUE;
}

/* ---- object ----------------------------------------------------------------------- */

static GtkWidget *
build_keys (KioskAddressKeyboard *self)
{
  GtkWidget *keys = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *candidates = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_add_css_class (candidates, "candidates");
  gtk_accessible_update_property (GTK_ACCESSIBLE (candidates), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "候选字", -1);
  self->prev_button = key_button ("◀", "prev", "key");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prev_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "上一页候选字", -1);
  gtk_box_append (GTK_BOX (candidates), self->prev_button);
  for (guint i = 0; i < KIOSK_ADDRESS_CANDIDATES; i++)
    {
      g_autofree char *key = g_strdup_printf ("pick:%u", i);

      self->candidate_buttons[i] = key_button ("", key, "candidate");
      gtk_widget_set_hexpand (self->candidate_buttons[i], TRUE);
      gtk_box_append (GTK_BOX (candidates), self->candidate_buttons[i]);
    }
  self->next_button = key_button ("▶", "next", "key");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "下一页候选字", -1);
  gtk_box_append (GTK_BOX (candidates), self->next_button);
  gtk_box_append (GTK_BOX (keys), candidates);

  for (guint r = 0; r < G_N_ELEMENTS (key_rows); r++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
      for (const char *c = key_rows[r]; *c; c++)
        {
          char key[2] = { *c, '\0' };
          gtk_box_append (GTK_BOX (row), key_button (key, key, "key"));
        }
      if (r == G_N_ELEMENTS (key_rows) - 1)
        {
          GtkWidget *back = key_button ("⌫", "back", "key");
          GtkWidget *clear = key_button ("清空", "clear", "key");

          gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          "删除", -1);
          gtk_widget_add_css_class (back, "wide");
          gtk_widget_add_css_class (clear, "wide");
          gtk_box_append (GTK_BOX (row), back);
          gtk_box_append (GTK_BOX (row), clear);
        }
      gtk_box_append (GTK_BOX (keys), row);
    }
  return keys;
}

static GtkFlowBox *
flow_box (const char *label)
{
  GtkWidget *box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (box), FALSE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 8);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 8);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (box), 4);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 6);
  gtk_widget_set_can_focus (box, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return GTK_FLOW_BOX (box);
}

static void
kiosk_address_keyboard_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  KioskAddressKeyboard *self = KIOSK_ADDRESS_KEYBOARD (object);

  switch (prop_id)
    {
      case PROP_TEXT:
        g_value_set_string (value, self->text->str);
        break;
      case PROP_LAYOUT_ORIENTATION:
        g_value_set_enum (value, gtk_orientable_get_orientation (GTK_ORIENTABLE (self->body)));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_address_keyboard_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  KioskAddressKeyboard *self = KIOSK_ADDRESS_KEYBOARD (object);

  switch (prop_id)
    {
      case PROP_TEXT:
        kiosk_address_keyboard_set_text (self, g_value_get_string (value));
        break;
      case PROP_LAYOUT_ORIENTATION:
        gtk_orientable_set_orientation (GTK_ORIENTABLE (self->body), g_value_get_enum (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_address_keyboard_finalize (GObject *object)
{
  KioskAddressKeyboard *self = KIOSK_ADDRESS_KEYBOARD (object);

  if (self->text->len > 0)
    memset (self->text->str, 0, self->text->len);
  g_string_free (self->text, TRUE);
  g_string_free (self->pinyin, TRUE);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  for (guint i = 0; i < KIOSK_ADDRESS_CANDIDATES; i++)
    g_free (self->shown[i]);
  g_free (self->city);
  kiosk_pinyin_table_free (self->table);
  kiosk_divisions_free (self->divisions);
  G_OBJECT_CLASS (kiosk_address_keyboard_parent_class)->finalize (object);
}

static void
kiosk_address_keyboard_class_init (KioskAddressKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_address_keyboard_get_property;
  object_class->set_property = kiosk_address_keyboard_set_property;
  object_class->finalize = kiosk_address_keyboard_finalize;

  properties[PROP_TEXT] = g_param_spec_string (
      "text", NULL, NULL, "", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAYOUT_ORIENTATION]
      = g_param_spec_enum ("layout-orientation", NULL, NULL, GTK_TYPE_ORIENTATION,
                           GTK_ORIENTATION_VERTICAL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "addresskeyboard");
}

static void
kiosk_address_keyboard_init (KioskAddressKeyboard *self)
{
  GtkWidget *display = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *divisions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *quick = gtk_label_new ("快捷输入：省、市、区县");
  GtkWidget *keys;

  self->text = g_string_new (NULL);
  self->pinyin = g_string_new (NULL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 16);

  gtk_widget_add_css_class (display, "address-display-box");
  self->display_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->display_label, TRUE);
  gtk_label_set_wrap_mode (self->display_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->display_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->display_label), "address-display");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "通信地址", -1);
  self->pinyin_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->pinyin_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->pinyin_label), "pinyin");
  gtk_box_append (GTK_BOX (display), GTK_WIDGET (self->display_label));
  gtk_box_append (GTK_BOX (display), GTK_WIDGET (self->pinyin_label));
  gtk_box_append (GTK_BOX (self), display);

  self->no_data_label = GTK_LABEL (gtk_label_new ("拼音输入暂时不能使用，请用数字键"));
  gtk_widget_add_css_class (GTK_WIDGET (self->no_data_label), "hint");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->no_data_label));

  self->body = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  gtk_label_set_xalign (GTK_LABEL (quick), 0);
  gtk_widget_add_css_class (quick, "dim");
  gtk_box_append (GTK_BOX (divisions), quick);
  self->cities_box = flow_box ("省和市");
  self->districts_box = flow_box ("区县");
  gtk_box_append (GTK_BOX (divisions), GTK_WIDGET (self->cities_box));
  gtk_box_append (GTK_BOX (divisions), GTK_WIDGET (self->districts_box));
  gtk_widget_set_hexpand (divisions, TRUE);
  gtk_box_append (self->body, divisions);
  keys = build_keys (self);
  /* The quick buttons take the width the keys leave (landscape). */
  gtk_widget_set_hexpand (keys, FALSE);
  gtk_widget_set_valign (keys, GTK_ALIGN_START);
  gtk_box_append (self->body, keys);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->body));
  lookup (self);
}

GtkWidget *
kiosk_address_keyboard_new (void)
{
  return g_object_new (KIOSK_TYPE_ADDRESS_KEYBOARD, NULL);
}
