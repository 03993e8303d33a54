/* kiosk-widget-util.h — small helpers the widgets share */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Unparents every child left (a plain GtkWidget does not do it itself, and
 * gtk_widget_dispose_template() drops only the children it bound). */
static inline void
kiosk_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

G_END_DECLS
