/* kiosk-tech-util.h — small helpers the technician pages share
 *
 * The technician pages show lists of lines (a device, a supply, a session,
 * an error, a line of a reconciliation): a title, a detail under it and a
 * mark that says at a glance whether the line is in order.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_TECH_MARK_NONE,
  KIOSK_TECH_MARK_OK,
  KIOSK_TECH_MARK_WARN,
  KIOSK_TECH_MARK_BAD,
} KioskTechMark;

/* Removes every line of `list` (a vertical GtkBox). */
static inline void
kiosk_tech_list_clear (GtkBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_box_remove (list, child);
}

/* Appends one line: the mark (✓, !, ✗ — also said in words for screen
 * readers), the title and the detail (either may be NULL). */
static inline void
kiosk_tech_list_add (GtkBox *list, const char *title, const char *detail, KioskTechMark mark)
{
  static const char *const marks[] = { "", "✓", "!", "✗" };
  static const char *const words[] = { "", "正常", "注意", "故障" };
  static const char *const classes[] = { "tech-none", "tech-ok", "tech-warn", "tech-bad" };
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *mark_label = gtk_label_new (marks[mark]);
  g_autofree char *name = g_strdup_printf ("%s%s%s", words[mark], *words[mark] ? " " : "",
                                           title != NULL ? title : "");

  gtk_widget_add_css_class (row, "tech-row");
  gtk_widget_add_css_class (mark_label, "tech-mark");
  gtk_widget_add_css_class (mark_label, classes[mark]);
  gtk_widget_set_valign (mark_label, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  words[mark], -1);
  gtk_box_append (GTK_BOX (row), mark_label);
  if (title != NULL)
    {
      GtkWidget *label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "tech-row-title");
      gtk_box_append (GTK_BOX (texts), label);
    }
  if (detail != NULL && *detail != '\0')
    {
      GtkWidget *label = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "tech-row-detail");
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_box_append (list, row);
}

G_END_DECLS
