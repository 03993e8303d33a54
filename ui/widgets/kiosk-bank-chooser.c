/* kiosk-bank-chooser.c — the seven co-branded banks as large buttons (R5)
 *
 * The chosen bank is inverted and carries a ✓ (never colour alone); the
 * others stay plain, so "exactly one" is visible at a glance.
 */
#define G_LOG_DOMAIN "kiosk-bank-chooser"

#include "config.h"

#include "kiosk-bank-chooser.h"

struct _KioskBankChooser
{
  GtkWidget parent_instance;

  GtkGrid *grid;
  GPtrArray *buttons; /* GtkButton, key in "bank-key" data */
  char *selected;
  guint columns;
};

G_DEFINE_FINAL_TYPE (KioskBankChooser, kiosk_bank_chooser, GTK_TYPE_WIDGET)

static void
kiosk_bank_chooser_layout (KioskBankChooser *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->grid));
      GtkGridLayoutChild *child
          = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, button));

      gtk_grid_layout_child_set_column (child, i % self->columns);
      gtk_grid_layout_child_set_row (child, i / self->columns);
    }
}

static void
kiosk_bank_chooser_mark (KioskBankChooser *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      const char *key = g_object_get_data (G_OBJECT (button), "bank-key");
      const char *name = g_object_get_data (G_OBJECT (button), "bank-name");
      gboolean chosen = g_strcmp0 (key, self->selected) == 0;
      g_autofree char *label = chosen ? g_strdup_printf ("✓ %s", name) : g_strdup (name);

      gtk_button_set_label (GTK_BUTTON (button), label);
      if (chosen)
        gtk_widget_add_css_class (button, "chosen");
      else
        gtk_widget_remove_css_class (button, "chosen");
      gtk_accessible_update_state (
          GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
          chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
}

void
kiosk_bank_chooser_set_catalog (KioskBankChooser *self, const KioskCatalog *catalog)
{
  GPtrArray *banks;

  g_return_if_fail (KIOSK_IS_BANK_CHOOSER (self));

  for (guint i = 0; i < self->buttons->len; i++)
    gtk_grid_remove (self->grid, g_ptr_array_index (self->buttons, i));
  g_ptr_array_set_size (self->buttons, 0);
  if (catalog == NULL)
    return;

  banks = kiosk_catalog_get_banks (catalog);
  for (guint i = 0; i < banks->len; i++)
    {
      const KioskBank *bank = g_ptr_array_index (banks, i);
      GtkWidget *button = gtk_button_new_with_label (bank->name);

      g_object_set_data_full (G_OBJECT (button), "bank-key", g_strdup (bank->key), g_free);
      g_object_set_data_full (G_OBJECT (button), "bank-name", g_strdup (bank->name), g_free);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.choose-bank");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bank->key);
      gtk_widget_add_css_class (button, "bank");
      gtk_widget_set_hexpand (button, TRUE);
      gtk_grid_attach (self->grid, button, 0, 0, 1, 1);
      g_ptr_array_add (self->buttons, button);
    }
  kiosk_bank_chooser_layout (self);
  kiosk_bank_chooser_mark (self);
}

void
kiosk_bank_chooser_set_selected (KioskBankChooser *self, const char *bank_key)
{
  g_return_if_fail (KIOSK_IS_BANK_CHOOSER (self));
  g_free (self->selected);
  self->selected = g_strdup (bank_key);
  kiosk_bank_chooser_mark (self);
}

const char *
kiosk_bank_chooser_get_selected (KioskBankChooser *self)
{
  g_return_val_if_fail (KIOSK_IS_BANK_CHOOSER (self), NULL);
  return self->selected;
}

void
kiosk_bank_chooser_set_columns (KioskBankChooser *self, guint columns)
{
  g_return_if_fail (KIOSK_IS_BANK_CHOOSER (self));
  self->columns = MAX (columns, 1);
  kiosk_bank_chooser_layout (self);
}

static void
kiosk_bank_chooser_dispose (GObject *object)
{
  KioskBankChooser *self = KIOSK_BANK_CHOOSER (object);

  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  if (self->grid != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->grid));
      self->grid = NULL;
    }
  G_OBJECT_CLASS (kiosk_bank_chooser_parent_class)->dispose (object);
}

static void
kiosk_bank_chooser_finalize (GObject *object)
{
  g_free (KIOSK_BANK_CHOOSER (object)->selected);
  G_OBJECT_CLASS (kiosk_bank_chooser_parent_class)->finalize (object);
}

static void
kiosk_bank_chooser_class_init (KioskBankChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_bank_chooser_dispose;
  object_class->finalize = kiosk_bank_chooser_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bankchooser");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_bank_chooser_init (KioskBankChooser *self)
{
  self->buttons = g_ptr_array_new ();
  self->columns = 2;
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 20);
  gtk_grid_set_column_spacing (self->grid, 20);
  gtk_grid_set_row_homogeneous (self->grid, TRUE);
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "联名银行（只能选一家）", -1);
}
