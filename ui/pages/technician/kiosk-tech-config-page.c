/* kiosk-tech-config-page.c — the configuration: every key shown, the safe fields editable */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include "kiosk-config-editor.h"
#include "kiosk-tech-config-page.h"
#include "kiosk-tech-text-editor.h"
#include "kiosk-tech-util.h"

struct _KioskTechConfigPage
{
  KioskPage parent_instance;

  GtkLabel *message_label;
  GtkBox *editable;
  GtkBox *fields;
  KioskTechTextEditor *editor;
  GtkWidget *heading_label;
  GtkWidget *intro_label;
  GtkWidget *scroller;
};

/* The fields typed with the pinyin keyboard; the others take Latin text. */
static const char *const chinese_fields[] = { "kiosk.site", NULL };

G_DEFINE_FINAL_TYPE (KioskTechConfigPage, kiosk_tech_config_page, KIOSK_TYPE_PAGE)

void
kiosk_tech_config_page_set_message (KioskTechConfigPage *self, const char *message, gboolean alert)
{
  g_return_if_fail (KIOSK_IS_TECH_CONFIG_PAGE (self));
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  if (alert)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "field-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "field-error");
}

static void
on_save (GtkButton *button, KioskTechConfigPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (button), "entry");

  gtk_widget_activate_action (GTK_WIDGET (self), "app.technician-config-set", "(sss)",
                              g_object_get_data (G_OBJECT (button), "group"),
                              g_object_get_data (G_OBJECT (button), "key"),
                              gtk_editable_get_text (entry));
}

static void
add_editable (KioskTechConfigPage *self, const KioskConfigField *field)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *title = g_strdup_printf ("%s [%s] %s", field->label != NULL ? field->label : "",
                                            field->group, field->key);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *button = gtk_button_new_with_label ("保存");
  g_autofree char *save_name = g_strdup_printf ("保存 %s.%s", field->group, field->key);
  g_autofree char *name = g_strdup_printf ("%s.%s", field->group, field->key);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_size_request (label, 320, -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), field->value != NULL ? field->value : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "（默认）");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_add_css_class (entry, "tech-entry");
  kiosk_tech_text_editor_attach (entry, name);
  g_object_set_data_full (G_OBJECT (entry), "title", g_strdup (field->label), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_add_css_class (button, "tech-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, save_name,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "group", g_strdup (field->group), g_free);
  g_object_set_data_full (G_OBJECT (button), "key", g_strdup (field->key), g_free);
  g_object_set_data (G_OBJECT (button), "entry", entry);
  g_signal_connect (button, "clicked", G_CALLBACK (on_save), self);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (self->editable, row);
}

void
kiosk_tech_config_page_set_fields (KioskTechConfigPage *self, GPtrArray *fields)
{
  g_return_if_fail (KIOSK_IS_TECH_CONFIG_PAGE (self));

  kiosk_tech_text_editor_close (self->editor);
  kiosk_tech_list_clear (self->editable);
  kiosk_tech_list_clear (self->fields);
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const KioskConfigField *field = g_ptr_array_index (fields, i);
      g_autofree char *title = NULL;

      if (field->editable)
        {
          add_editable (self, field);
          continue;
        }
      title = g_strdup_printf ("[%s] %s = %s", field->group, field->key,
                               field->value != NULL ? field->value : "（默认）");
      kiosk_tech_list_add (self->fields, title, field->label, KIOSK_TECH_MARK_NONE);
    }
}

/* While a keyboard is open the page makes room for it (1080 px in
 * landscape): no heading, no introduction; the pinyin keyboard is tall (its
 * quick buttons) and names the field itself: the page shows it alone. */
static void
on_editor_visible (KioskTechConfigPage *self)
{
  gboolean open = gtk_widget_get_visible (GTK_WIDGET (self->editor));
  gboolean alone
      = open && kiosk_tech_text_editor_get_kind (self->editor) == KIOSK_TECH_TEXT_CHINESE;

  gtk_widget_set_visible (self->heading_label, !open);
  gtk_widget_set_visible (self->intro_label, !open);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), !alone);
  gtk_widget_set_visible (self->scroller, !alone);
}

/* ---- typing by touch --------------------------------------------------------- */

gboolean
kiosk_tech_config_page_edit_field (KioskTechConfigPage *self, const char *name, GError **error)
{
  GtkWidget *entry;

  g_return_val_if_fail (KIOSK_IS_TECH_CONFIG_PAGE (self), FALSE);

  entry = kiosk_tech_text_editor_find (GTK_WIDGET (self->editable), name);
  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "这一项不能在这里修改 (no editable field '%s')", name != NULL ? name : "");
      return FALSE;
    }
  kiosk_tech_text_editor_open (self->editor, entry, g_object_get_data (G_OBJECT (entry), "title"),
                               g_strv_contains (chinese_fields, name) ? KIOSK_TECH_TEXT_CHINESE
                                                                      : KIOSK_TECH_TEXT_LATIN);
  on_editor_visible (self);
  return TRUE;
}

gboolean
kiosk_tech_config_page_key (KioskTechConfigPage *self, const char *key, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECH_CONFIG_PAGE (self), FALSE);
  return kiosk_tech_text_editor_key (self->editor, key, error);
}

const char *
kiosk_tech_config_page_get_field (KioskTechConfigPage *self, const char *name)
{
  GtkWidget *entry;

  g_return_val_if_fail (KIOSK_IS_TECH_CONFIG_PAGE (self), NULL);
  entry = kiosk_tech_text_editor_find (GTK_WIDGET (self->editable), name);
  return entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL;
}

const char *
kiosk_tech_config_page_get_editing (KioskTechConfigPage *self)
{
  g_return_val_if_fail (KIOSK_IS_TECH_CONFIG_PAGE (self), "");
  return kiosk_tech_text_editor_get_field (self->editor);
}

static void
kiosk_tech_config_page_wipe (KioskPage *page)
{
  KioskTechConfigPage *self = KIOSK_TECH_CONFIG_PAGE (page);

  kiosk_tech_text_editor_close (self->editor);
  kiosk_tech_list_clear (self->editable);
  kiosk_tech_list_clear (self->fields);
  kiosk_tech_config_page_set_message (self, NULL, FALSE);
}

static void
kiosk_tech_config_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TECH_CONFIG_PAGE);
  G_OBJECT_CLASS (kiosk_tech_config_page_parent_class)->dispose (object);
}

static void
kiosk_tech_config_page_class_init (KioskTechConfigPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_tech_config_page_dispose;
  page_class->wipe = kiosk_tech_config_page_wipe;

  g_type_ensure (KIOSK_TYPE_TECH_TEXT_EDITOR);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/technician/kiosk-tech-config-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTechConfigPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechConfigPage, editable);
  gtk_widget_class_bind_template_child (widget_class, KioskTechConfigPage, fields);
  gtk_widget_class_bind_template_child (widget_class, KioskTechConfigPage, editor);
  gtk_widget_class_bind_template_child (widget_class, KioskTechConfigPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechConfigPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechConfigPage, scroller);
}

static void
kiosk_tech_config_page_init (KioskTechConfigPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->editor, "notify::visible", G_CALLBACK (on_editor_visible), self,
                           G_CONNECT_SWAPPED);
}
