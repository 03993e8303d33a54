/* kiosk-tech-export-page.c — logs, journal and audit to a USB stick */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include "kiosk-tech-export-page.h"
#include "kiosk-tech-util.h"

struct _KioskTechExportPage
{
  KioskPage parent_instance;

  GtkLabel *dir_label;
  GtkLabel *status_label;
  GtkBox *files;
};

G_DEFINE_FINAL_TYPE (KioskTechExportPage, kiosk_tech_export_page, KIOSK_TYPE_PAGE)

void
kiosk_tech_export_page_set_dir (KioskTechExportPage *self, const char *dir)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_TECH_EXPORT_PAGE (self));
  text = g_strdup_printf ("U 盘目录：%s（插入 U 盘，等它挂载后再导出）", dir);
  gtk_label_set_text (self->dir_label, text);
}

void
kiosk_tech_export_page_set_running (KioskTechExportPage *self)
{
  g_return_if_fail (KIOSK_IS_TECH_EXPORT_PAGE (self));
  kiosk_tech_list_clear (self->files);
  gtk_label_set_text (self->status_label, "正在导出，请不要拔出 U 盘…");
}

void
kiosk_tech_export_page_set_result (KioskTechExportPage *self,
                                   const KioskExportResult *result,
                                   const char *message)
{
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (KIOSK_IS_TECH_EXPORT_PAGE (self));
  kiosk_tech_list_clear (self->files);
  if (result == NULL)
    {
      text = g_strdup_printf ("✗ 导出失败：%s", message != NULL ? message : "");
      gtk_label_set_text (self->status_label, text);
      return;
    }
  name = g_path_get_basename (result->archive_path);
  text = g_strdup_printf ("✓ 已导出 %s（%" G_GUINT64_FORMAT " 字节，%" G_GINT64_FORMAT
                          " 次业务，%" G_GINT64_FORMAT " 条审计%s）\nSHA-256 %s",
                          name, result->size, result->n_sessions, result->n_audit_entries,
                          result->audit_ok ? "，审计链完整" : "，审计链损坏！", result->sha256);
  gtk_label_set_text (self->status_label, text);
  for (guint i = 0; result->files != NULL && i < result->files->len; i++)
    {
      const KioskExportFile *file = g_ptr_array_index (result->files, i);
      g_autofree char *title
          = g_strdup_printf ("%s（%" G_GUINT64_FORMAT " 字节）", file->path, file->size);

      kiosk_tech_list_add (self->files, title, file->sha256, KIOSK_TECH_MARK_OK);
    }
}

static void
kiosk_tech_export_page_wipe (KioskPage *page)
{
  KioskTechExportPage *self = KIOSK_TECH_EXPORT_PAGE (page);

  kiosk_tech_list_clear (self->files);
  gtk_label_set_text (self->status_label, "");
}

static void
kiosk_tech_export_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TECH_EXPORT_PAGE);
  G_OBJECT_CLASS (kiosk_tech_export_page_parent_class)->dispose (object);
}

static void
kiosk_tech_export_page_class_init (KioskTechExportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_tech_export_page_dispose;
  page_class->wipe = kiosk_tech_export_page_wipe;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/technician/kiosk-tech-export-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTechExportPage, dir_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechExportPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechExportPage, files);
}

static void
kiosk_tech_export_page_init (KioskTechExportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
