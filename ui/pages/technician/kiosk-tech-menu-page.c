/* kiosk-tech-menu-page.c — technician mode's first page
 *
 * One button per task; each activates app.technician-show or a technician
 * action (kiosk-application-technician-actions.c). 退出维护 is the page's
 * main action; 取消·回到首页 leaves too.
 */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include "kiosk-tech-menu-page.h"

struct _KioskTechMenuPage
{
  KioskPage parent_instance;

  GtkLabel *summary_label;
};

G_DEFINE_FINAL_TYPE (KioskTechMenuPage, kiosk_tech_menu_page, KIOSK_TYPE_PAGE)

void
kiosk_tech_menu_page_set_summary (KioskTechMenuPage *self, const char *summary)
{
  g_return_if_fail (KIOSK_IS_TECH_MENU_PAGE (self));
  gtk_label_set_text (self->summary_label, summary != NULL ? summary : "");
}

static void
kiosk_tech_menu_page_wipe (KioskPage *page)
{
  kiosk_tech_menu_page_set_summary (KIOSK_TECH_MENU_PAGE (page), NULL);
}

static void
kiosk_tech_menu_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TECH_MENU_PAGE);
  G_OBJECT_CLASS (kiosk_tech_menu_page_parent_class)->dispose (object);
}

static void
kiosk_tech_menu_page_class_init (KioskTechMenuPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_tech_menu_page_dispose;
  page_class->wipe = kiosk_tech_menu_page_wipe;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/technician/kiosk-tech-menu-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTechMenuPage, summary_label);
}

static void
kiosk_tech_menu_page_init (KioskTechMenuPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
