/* kiosk-tech-text-editor.c — the keyboard of a technician page's text fields
 *
 * The address keyboard's buttons activate app.address-key, which the
 * application keeps for the citizen's form: here a private "app" action
 * group on the editor answers them first and hands the key on as
 * app.technician-key, so the one path for keys stays the application's.
 */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-address-keyboard.h"
#include "kiosk-tech-text-editor.h"
#include "kiosk-text-keyboard.h"

#define FIELD_KEY "kiosk-tech-field"

struct _KioskTechTextEditor
{
  GtkBox parent_instance;

  KioskTextKeyboard *latin;
  GtkWidget *chinese_box;
  GtkWidget *chinese_head;
  GtkOverlay *chinese_overlay;
  GtkWidget *corner; /* landscape: the name and 完成 over the keyboard's display */
  GtkLabel *corner_title;
  KioskAddressKeyboard *chinese; /* made when first needed */
  GtkLabel *chinese_title;
  GtkWidget *target; /* weak */
  char *field;
  KioskTechTextKind kind;
  GtkOrientation layout_orientation;
};

G_DEFINE_FINAL_TYPE (KioskTechTextEditor, kiosk_tech_text_editor, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_LAYOUT_ORIENTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- the fields ------------------------------------------------------------------- */

static void
on_entry_pressed (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_activate_action (entry, "app.technician-field", "s",
                              g_object_get_data (G_OBJECT (entry), FIELD_KEY));
}

void
kiosk_tech_text_editor_attach (GtkWidget *entry, const char *name)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  g_return_if_fail (GTK_IS_WIDGET (entry) && name != NULL);
  g_object_set_data_full (G_OBJECT (entry), FIELD_KEY, g_strdup (name), g_free);
  /* Before the entry's own text handles the press; the press is not claimed. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_entry_pressed), NULL);
  gtk_widget_add_controller (entry, GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
kiosk_tech_text_editor_find (GtkWidget *root, const char *name)
{
  if (root == NULL || name == NULL)
    return NULL;
  if (g_strcmp0 (g_object_get_data (G_OBJECT (root), FIELD_KEY), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_tech_text_editor_find (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- opening, keys, closing ------------------------------------------------------- */

static void
forward_address_key (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "technician-key", parameter);
  else
    kiosk_tech_text_editor_key (user_data, g_variant_get_string (parameter, NULL), NULL);
}

static void
ensure_chinese (KioskTechTextEditor *self)
{
  g_autoptr (GError) error = NULL;

  static const GActionEntry entries[] = {
    { "address-key", forward_address_key, "s" },
  };
  GSimpleActionGroup *group;

  if (self->chinese != NULL)
    return;
  self->chinese = KIOSK_ADDRESS_KEYBOARD (kiosk_address_keyboard_new ());
  group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self->chinese), "app", G_ACTION_GROUP (group));
  g_object_unref (group);
  /* Without its data it says so itself and offers digits only. */
  if (!kiosk_address_keyboard_load_data (self->chinese, NULL, NULL, &error))
    g_warning ("the pinyin keyboard has no data: %s", error->message);
  g_object_set (self->chinese, "layout-orientation", self->layout_orientation, NULL);
  gtk_overlay_set_child (self->chinese_overlay, GTK_WIDGET (self->chinese));
}

void
kiosk_tech_text_editor_open (KioskTechTextEditor *self,
                             GtkWidget *entry,
                             const char *title,
                             KioskTechTextKind kind)
{
  const char *text;

  g_return_if_fail (KIOSK_IS_TECH_TEXT_EDITOR (self));
  g_return_if_fail (GTK_IS_EDITABLE (entry));

  g_set_weak_pointer (&self->target, entry);
  g_free (self->field);
  self->field = g_strdup (g_object_get_data (G_OBJECT (entry), FIELD_KEY));
  self->kind = kind;
  text = gtk_editable_get_text (GTK_EDITABLE (entry));
  if (kind == KIOSK_TECH_TEXT_CHINESE)
    {
      ensure_chinese (self);
      gtk_label_set_text (self->chinese_title, title != NULL ? title : "");
      gtk_label_set_text (self->corner_title, title != NULL ? title : "");
      kiosk_address_keyboard_set_text (self->chinese, text);
    }
  else
    {
      kiosk_text_keyboard_set_title (self->latin, title);
      kiosk_text_keyboard_set_text (self->latin, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->latin), kind == KIOSK_TECH_TEXT_LATIN);
  gtk_widget_set_visible (self->chinese_box, kind == KIOSK_TECH_TEXT_CHINESE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

KioskTechTextKind
kiosk_tech_text_editor_get_kind (KioskTechTextEditor *self)
{
  g_return_val_if_fail (KIOSK_IS_TECH_TEXT_EDITOR (self), KIOSK_TECH_TEXT_LATIN);
  return self->kind;
}

const char *
kiosk_tech_text_editor_get_field (KioskTechTextEditor *self)
{
  g_return_val_if_fail (KIOSK_IS_TECH_TEXT_EDITOR (self), "");
  return self->target != NULL && self->field != NULL ? self->field : "";
}

void
kiosk_tech_text_editor_close (KioskTechTextEditor *self)
{
  g_return_if_fail (KIOSK_IS_TECH_TEXT_EDITOR (self));
  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->field, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

gboolean
kiosk_tech_text_editor_key (KioskTechTextEditor *self, const char *key, GError **error)
{
  const char *text;

  g_return_val_if_fail (KIOSK_IS_TECH_TEXT_EDITOR (self), FALSE);

  if (self->target == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "请先点一下要填写的输入框");
      return FALSE;
    }
  if (g_strcmp0 (key, "done") == 0)
    {
      kiosk_tech_text_editor_close (self);
      return TRUE;
    }
  if (self->kind == KIOSK_TECH_TEXT_CHINESE)
    {
      if (!kiosk_address_keyboard_press (self->chinese, key, error))
        return FALSE;
      text = kiosk_address_keyboard_get_text (self->chinese);
    }
  else
    {
      /* What a USB keyboard typed meanwhile is where the keys go on. */
      kiosk_text_keyboard_set_text (self->latin,
                                    gtk_editable_get_text (GTK_EDITABLE (self->target)));
      if (!kiosk_text_keyboard_press (self->latin, key, error))
        return FALSE;
      text = kiosk_text_keyboard_get_text (self->latin);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->target), text);
  gtk_editable_set_position (GTK_EDITABLE (self->target), -1);
  return TRUE;
}

/* ---- object ----------------------------------------------------------------------- */

static void
kiosk_tech_text_editor_finalize (GObject *object)
{
  KioskTechTextEditor *self = KIOSK_TECH_TEXT_EDITOR (object);

  g_clear_weak_pointer (&self->target);
  g_free (self->field);
  G_OBJECT_CLASS (kiosk_tech_text_editor_parent_class)->finalize (object);
}

/* Portrait: the field's name and 完成 in a row over the pinyin keyboard;
 * landscape (1080 px hold no more): at the right end of its display. */
static void
lay_out (KioskTechTextEditor *self)
{
  gboolean landscape = self->layout_orientation == GTK_ORIENTATION_HORIZONTAL;

  gtk_widget_set_visible (self->chinese_head, !landscape);
  gtk_widget_set_visible (self->corner, landscape);
}

static void
kiosk_tech_text_editor_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  KioskTechTextEditor *self = KIOSK_TECH_TEXT_EDITOR (object);

  switch (prop_id)
    {
      case PROP_LAYOUT_ORIENTATION:
        g_value_set_enum (value, self->layout_orientation);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_tech_text_editor_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  KioskTechTextEditor *self = KIOSK_TECH_TEXT_EDITOR (object);

  switch (prop_id)
    {
      case PROP_LAYOUT_ORIENTATION:
        self->layout_orientation = g_value_get_enum (value);
        lay_out (self);
        if (self->chinese != NULL)
          g_object_set (self->chinese, "layout-orientation", self->layout_orientation, NULL);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_tech_text_editor_class_init (KioskTechTextEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_tech_text_editor_finalize;
  object_class->get_property = kiosk_tech_text_editor_get_property;
  object_class->set_property = kiosk_tech_text_editor_set_property;
  /* The page's: in landscape the pinyin keyboard's quick buttons stand beside its keys. */
  properties[PROP_LAYOUT_ORIENTATION] = g_param_spec_enum (
      "layout-orientation", NULL, NULL, GTK_TYPE_ORIENTATION, GTK_ORIENTATION_VERTICAL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_tech_text_editor_init (KioskTechTextEditor *self)
{
  GtkWidget *done = gtk_button_new_with_label ("完成");
  GtkWidget *head;
  GtkWidget *corner_done = gtk_button_new_with_label ("完成");

  self->layout_orientation = GTK_ORIENTATION_VERTICAL;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "tech-text-editor");
  self->latin = KIOSK_TEXT_KEYBOARD (kiosk_text_keyboard_new ());
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->latin));

  /* The pinyin keyboard: the field's name and 完成 in one row over it. */
  self->chinese_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  head = self->chinese_head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->chinese_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->chinese_title, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->chinese_title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->chinese_title), "text-keyboard-title");
  gtk_box_append (GTK_BOX (head), GTK_WIDGET (self->chinese_title));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "app.technician-key");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (done), "s", "done");
  gtk_widget_set_focusable (done, FALSE);
  gtk_widget_add_css_class (done, "tech-button");
  gtk_widget_add_css_class (done, "tech-text-done");
  gtk_box_append (GTK_BOX (head), done);
  gtk_box_append (GTK_BOX (self->chinese_box), head);
  self->chinese_overlay = GTK_OVERLAY (gtk_overlay_new ());
  gtk_box_append (GTK_BOX (self->chinese_box), GTK_WIDGET (self->chinese_overlay));
  self->corner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (self->corner, GTK_ALIGN_END);
  gtk_widget_set_valign (self->corner, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->corner, 20);
  gtk_widget_set_margin_end (self->corner, 20);
  self->corner_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->corner_title), "text-keyboard-title");
  gtk_box_append (GTK_BOX (self->corner), GTK_WIDGET (self->corner_title));
  gtk_box_append (GTK_BOX (self->corner), corner_done);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (corner_done), "app.technician-key");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (corner_done), "s", "done");
  gtk_widget_set_focusable (corner_done, FALSE);
  gtk_widget_add_css_class (corner_done, "tech-button");
  gtk_widget_add_css_class (corner_done, "tech-text-done");
  gtk_overlay_add_overlay (self->chinese_overlay, self->corner);
  gtk_box_append (GTK_BOX (self), self->chinese_box);
  lay_out (self);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kiosk_tech_text_editor_new (void)
{
  return g_object_new (KIOSK_TYPE_TECH_TEXT_EDITOR, NULL);
}
