/* kiosk-details-page.c — household type, occupation, industry, address
 *
 * Every choice activates the application's action (app.set-household-type,
 * app.set-occupation, app.set-industry, app.set-address) and the page then
 * shows what the flow holds, so a remote helper and a finger are the same.
 * The address is changed on the page's address keyboard (修改地址): its keys
 * are app.address-key, and 确定地址 sets what was typed (app.address-key
 * 'done' → the form's check, as app.set-address).
 */
#define G_LOG_DOMAIN "kiosk-details-page"

#include "config.h"

#include "kiosk-address-keyboard.h"
#include "kiosk-details-page.h"
#include "kiosk-green-channel-flow.h"

#include <string.h>

struct _KioskDetailsPage
{
  KioskPage parent_instance;

  GtkBox *household_box;
  GtkDropDown *occupation_dropdown;
  GtkDropDown *industry_dropdown;
  GtkLabel *address_label;
  GtkWidget *form_grid;
  GtkWidget *note_label;
  GtkWidget *heading_label;
  GtkWidget *editor_box;
  KioskAddressKeyboard *keyboard;
  char *id_address; /* the ID card's, for 用身份证地址 (personal: wiped) */
  gboolean editing;

  GPtrArray *occupation_keys; /* index 0: "" (not given) */
  GPtrArray *industry_keys;
  gboolean syncing; /* showing the flow's values: no actions */
  gboolean catalog_set;
};

G_DEFINE_FINAL_TYPE (KioskDetailsPage, kiosk_details_page, KIOSK_TYPE_PAGE)

const char *
kiosk_details_page_get_address (KioskDetailsPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DETAILS_PAGE (self), NULL);
  if (self->editing)
    return kiosk_address_keyboard_get_text (self->keyboard);
  return gtk_label_get_text (self->address_label);
}

gboolean
kiosk_details_page_is_editing (KioskDetailsPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DETAILS_PAGE (self), FALSE);
  return self->editing;
}

static void
show_editor (KioskDetailsPage *self, gboolean editing)
{
  KioskPage *page = KIOSK_PAGE (self);

  self->editing = editing;
  gtk_widget_set_visible (self->form_grid, !editing);
  gtk_widget_set_visible (self->note_label, !editing);
  gtk_widget_set_visible (self->heading_label, !editing);
  gtk_widget_set_visible (self->editor_box, editing);
  /* While typing, the main action sets the address; 返回 would lose it, so
   * its place stays empty (取消修改 is on the page). */
  kiosk_page_set_primary_label (page, editing ? "确定地址" : "下一步");
  kiosk_page_set_primary_action (page, editing ? "app.address-key::done" : "app.next");
  kiosk_page_set_can_back (page, !editing);
}

void
kiosk_details_page_close_editor (KioskDetailsPage *self)
{
  g_return_if_fail (KIOSK_IS_DETAILS_PAGE (self));
  if (!self->editing)
    return;
  kiosk_address_keyboard_set_text (self->keyboard, "");
  show_editor (self, FALSE);
}

static gboolean
wrong_state (GError **error, const char *message)
{
  g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, message);
  return FALSE;
}

gboolean
kiosk_details_page_address_key (KioskDetailsPage *self, const char *key, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (KIOSK_IS_DETAILS_PAGE (self), FALSE);
  if (g_strcmp0 (key, "edit") == 0)
    {
      if (self->editing)
        return TRUE;
      kiosk_address_keyboard_set_text (self->keyboard, gtk_label_get_text (self->address_label));
      show_editor (self, TRUE);
      /* Without its data the keyboard still has digits and says so. */
      if (!kiosk_address_keyboard_load_data (self->keyboard, NULL, NULL, &local))
        {
          g_warning ("address keyboard: %s", local->message);
          return wrong_state (error, "拼音输入暂时不能使用，请联系工作人员");
        }
      return TRUE;
    }
  if (!self->editing)
    return wrong_state (error, "请先按“修改地址”");
  if (g_strcmp0 (key, "cancel") == 0)
    {
      kiosk_details_page_close_editor (self);
      return TRUE;
    }
  if (g_strcmp0 (key, "reset") == 0)
    {
      kiosk_address_keyboard_set_text (self->keyboard, self->id_address);
      return TRUE;
    }
  if (!kiosk_address_keyboard_press (self->keyboard, key, &local))
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, local->message);
      return FALSE;
    }
  return TRUE;
}

static void
fill_dropdown (GtkDropDown *dropdown, GPtrArray *keys, GPtrArray *entries)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (keys, 0);
  g_ptr_array_add (keys, g_strdup (""));
  gtk_string_list_append (names, "（不填）");
  for (guint i = 0; i < entries->len; i++)
    {
      const KioskCatalogEntry *entry = g_ptr_array_index (entries, i);
      g_ptr_array_add (keys, g_strdup (entry->key));
      gtk_string_list_append (names, entry->name);
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  g_object_unref (names);
}

static guint
key_index (GPtrArray *keys, const char *key)
{
  for (guint i = 1; key != NULL && i < keys->len; i++)
    if (g_str_equal (g_ptr_array_index (keys, i), key))
      return i;
  return 0;
}

static void
fill_household (KioskDetailsPage *self, const KioskCatalog *catalog)
{
  GPtrArray *types = kiosk_catalog_get_list (catalog, KIOSK_CATALOG_HOUSEHOLD_TYPES);

  for (guint i = 0; i < types->len; i++)
    {
      const KioskCatalogEntry *entry = g_ptr_array_index (types, i);
      GtkWidget *button = gtk_button_new_with_label (entry->name);

      g_object_set_data_full (G_OBJECT (button), "key", g_strdup (entry->key), g_free);
      g_object_set_data_full (G_OBJECT (button), "name", g_strdup (entry->name), g_free);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.set-household-type");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", entry->key);
      gtk_widget_add_css_class (button, "choice");
      gtk_widget_set_hexpand (button, TRUE);
      gtk_box_append (self->household_box, button);
    }
}

static void
mark_household (KioskDetailsPage *self, const char *key)
{
  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->household_box)); b != NULL;
       b = gtk_widget_get_next_sibling (b))
    {
      gboolean chosen = g_strcmp0 (g_object_get_data (G_OBJECT (b), "key"), key) == 0;
      const char *name = g_object_get_data (G_OBJECT (b), "name");
      g_autofree char *label = chosen ? g_strdup_printf ("✓ %s", name) : g_strdup (name);

      gtk_button_set_label (GTK_BUTTON (b), label);
      if (chosen)
        gtk_widget_add_css_class (b, "chosen");
      else
        gtk_widget_remove_css_class (b, "chosen");
    }
}

static void
kiosk_details_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskDetailsPage *self = KIOSK_DETAILS_PAGE (page);
  KioskCatalog *catalog = kiosk_context_get_catalog (kiosk_flow_get_context (flow));
  const KioskApplicationForm *form;

  if (!KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
    return;
  self->syncing = TRUE;
  if (!self->catalog_set)
    {
      fill_dropdown (self->occupation_dropdown, self->occupation_keys,
                     kiosk_catalog_get_list (catalog, KIOSK_CATALOG_OCCUPATIONS));
      fill_dropdown (self->industry_dropdown, self->industry_keys,
                     kiosk_catalog_get_list (catalog, KIOSK_CATALOG_INDUSTRIES));
      fill_household (self, catalog);
      self->catalog_set = TRUE;
    }
  form = kiosk_green_channel_flow_get_form (KIOSK_GREEN_CHANNEL_FLOW (flow));
  if (self->id_address == NULL && kiosk_flow_get_session (flow) != NULL
      && kiosk_session_get_id_card (kiosk_flow_get_session (flow)) != NULL)
    self->id_address
        = g_strdup (kiosk_session_get_id_card (kiosk_flow_get_session (flow))->address);
  if (form != NULL)
    {

      gtk_drop_down_set_selected (self->occupation_dropdown,
                                  key_index (self->occupation_keys, form->occupation));
      gtk_drop_down_set_selected (self->industry_dropdown,
                                  key_index (self->industry_keys, form->industry));
      mark_household (self, form->household_type);
      gtk_label_set_text (self->address_label, form->address != NULL ? form->address : "");
    }
  self->syncing = FALSE;
}

static void
on_dropdown_selected (GtkDropDown *dropdown, GParamSpec *pspec, KioskDetailsPage *self)
{
  gboolean occupation = dropdown == self->occupation_dropdown;
  GPtrArray *keys = occupation ? self->occupation_keys : self->industry_keys;
  guint index = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || index == GTK_INVALID_LIST_POSITION || index >= keys->len)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self),
                              occupation ? "app.set-occupation" : "app.set-industry", "s",
                              (const char *) g_ptr_array_index (keys, index));
}

static void
forget_id_address (KioskDetailsPage *self)
{
  if (self->id_address != NULL)
    explicit_bzero (self->id_address, strlen (self->id_address));
  g_clear_pointer (&self->id_address, g_free);
}

static void
kiosk_details_page_hidden (KioskPage *page)
{
  kiosk_details_page_close_editor (KIOSK_DETAILS_PAGE (page));
}

static void
kiosk_details_page_wipe (KioskPage *page)
{
  KioskDetailsPage *self = KIOSK_DETAILS_PAGE (page);

  self->syncing = TRUE;
  kiosk_details_page_close_editor (self);
  kiosk_address_keyboard_set_text (self->keyboard, "");
  gtk_label_set_text (self->address_label, "");
  forget_id_address (self);
  gtk_drop_down_set_selected (self->occupation_dropdown, 0);
  gtk_drop_down_set_selected (self->industry_dropdown, 0);
  mark_household (self, NULL);
  self->syncing = FALSE;
}

static void
kiosk_details_page_dispose (GObject *object)
{
  KioskDetailsPage *self = KIOSK_DETAILS_PAGE (object);

  forget_id_address (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_DETAILS_PAGE);
  g_clear_pointer (&self->occupation_keys, g_ptr_array_unref);
  g_clear_pointer (&self->industry_keys, g_ptr_array_unref);
  G_OBJECT_CLASS (kiosk_details_page_parent_class)->dispose (object);
}

static void
kiosk_details_page_class_init (KioskDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_details_page_dispose;
  g_type_ensure (KIOSK_TYPE_ADDRESS_KEYBOARD);
  page_class->update = kiosk_details_page_update;
  page_class->wipe = kiosk_details_page_wipe;
  page_class->hidden = kiosk_details_page_hidden;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-details-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, household_box);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, occupation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, industry_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, form_grid);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, editor_box);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, keyboard);
  gtk_widget_class_bind_template_callback (widget_class, on_dropdown_selected);
}

static void
kiosk_details_page_init (KioskDetailsPage *self)
{
  self->occupation_keys = g_ptr_array_new_with_free_func (g_free);
  self->industry_keys = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
