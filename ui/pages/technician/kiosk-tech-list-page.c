/* kiosk-tech-list-page.c — a technician page that is one list of lines */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include "kiosk-tech-list-page.h"
#include "kiosk-tech-util.h"

struct _KioskTechListPage
{
  KioskPage parent_instance;

  GtkLabel *message_label;
  GtkBox *list;
};

G_DEFINE_FINAL_TYPE (KioskTechListPage, kiosk_tech_list_page, KIOSK_TYPE_PAGE)

KioskTechListPage *
kiosk_tech_list_page_new (const char *page_id, const char *heading)
{
  return g_object_new (KIOSK_TYPE_TECH_LIST_PAGE, "page-id", page_id, "heading", heading, NULL);
}

GtkBox *
kiosk_tech_list_page_get_list (KioskTechListPage *self)
{
  g_return_val_if_fail (KIOSK_IS_TECH_LIST_PAGE (self), NULL);
  return self->list;
}

void
kiosk_tech_list_page_set_message (KioskTechListPage *self, const char *message)
{
  g_return_if_fail (KIOSK_IS_TECH_LIST_PAGE (self));
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

static void
kiosk_tech_list_page_wipe (KioskPage *page)
{
  KioskTechListPage *self = KIOSK_TECH_LIST_PAGE (page);

  kiosk_tech_list_clear (self->list);
  kiosk_tech_list_page_set_message (self, NULL);
}

static void
kiosk_tech_list_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TECH_LIST_PAGE);
  G_OBJECT_CLASS (kiosk_tech_list_page_parent_class)->dispose (object);
}

static void
kiosk_tech_list_page_class_init (KioskTechListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_tech_list_page_dispose;
  page_class->wipe = kiosk_tech_list_page_wipe;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/technician/kiosk-tech-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTechListPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechListPage, list);
}

static void
kiosk_tech_list_page_init (KioskTechListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
