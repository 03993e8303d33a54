/* kiosk-tech-stock-page.c — the blank-card stock: load, spoil, confirm, reconcile */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include "kiosk-tech-stock-page.h"
#include "kiosk-tech-text-editor.h"
#include "kiosk-tech-util.h"

struct _KioskTechStockPage
{
  KioskPage parent_instance;

  GtkLabel *counts_label;
  GtkBox *batches;
  GtkBox *uncertain;
  GtkEntry *load_serial;
  GtkEntry *load_count;
  GtkEntry *card_serial;
  GtkEntry *card_reason;
  GtkLabel *message_label;
  GtkBox *reconciliation;
  KioskTechTextEditor *editor;
};

/* The fields a finger can type in, and what the keyboard calls them. */
static const struct
{
  const char *name;
  const char *title;
} fields[] = {
  { "load-serial", "首张卡号" },
  { "load-count", "张数" },
  { "card-serial", "卡号" },
  { "card-reason", "原因" },
};

static const char *const reasons[] = { "卡面污损", "芯片损坏", "卡角弯折", "打印不清", "其他" };

G_DEFINE_FINAL_TYPE (KioskTechStockPage, kiosk_tech_stock_page, KIOSK_TYPE_PAGE)

void
kiosk_tech_stock_page_set_counts (KioskTechStockPage *self,
                                  const gint64 counts[KIOSK_CARD_N_STATES])
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self));
  text = g_strdup_printf (
      "在库 %" G_GINT64_FORMAT " · 机内 %" G_GINT64_FORMAT " · 已发出 %" G_GINT64_FORMAT
      " · 已作废 %" G_GINT64_FORMAT " · 待确认 %" G_GINT64_FORMAT,
      counts[KIOSK_CARD_IN_STOCK], counts[KIOSK_CARD_IN_MACHINE], counts[KIOSK_CARD_ISSUED],
      counts[KIOSK_CARD_SPOILED], counts[KIOSK_CARD_UNCERTAIN]);
  gtk_label_set_text (self->counts_label, text);
}

void
kiosk_tech_stock_page_set_batches (KioskTechStockPage *self, GPtrArray *batches)
{
  g_return_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self));
  kiosk_tech_list_clear (self->batches);
  for (guint i = 0; batches != NULL && i < batches->len; i++)
    {
      const KioskStockBatch *batch = g_ptr_array_index (batches, i);
      g_autofree char *title
          = g_strdup_printf ("第 %" G_GINT64_FORMAT " 批 %s – %s（%" G_GINT64_FORMAT " 张）",
                             batch->id, batch->first_serial, batch->last_serial, batch->count);
      g_autofree char *detail = g_strdup_printf (
          "在库 %" G_GINT64_FORMAT " · 已发出 %" G_GINT64_FORMAT " · 已作废 %" G_GINT64_FORMAT,
          batch->counts[KIOSK_CARD_IN_STOCK], batch->counts[KIOSK_CARD_ISSUED],
          batch->counts[KIOSK_CARD_SPOILED]);
      kiosk_tech_list_add (self->batches, title, detail, KIOSK_TECH_MARK_NONE);
    }
}

void
kiosk_tech_stock_page_set_uncertain (KioskTechStockPage *self, GPtrArray *cards)
{
  g_return_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self));
  kiosk_tech_list_clear (self->uncertain);
  for (guint i = 0; cards != NULL && i < cards->len; i++)
    {
      const KioskStockCard *card = g_ptr_array_index (cards, i);
      g_autofree char *title = g_strdup_printf ("待确认 %s", card->serial);

      kiosk_tech_list_add (self->uncertain, title,
                           "出卡后去向不明：找到卡片则标记作废，市民已拿到则确认已发出",
                           KIOSK_TECH_MARK_WARN);
    }
}

void
kiosk_tech_stock_page_set_reconciliation (KioskTechStockPage *self,
                                          const KioskStockReconciliation *reconciliation,
                                          const char *message)
{
  g_return_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self));
  kiosk_tech_list_clear (self->reconciliation);
  if (reconciliation == NULL)
    {
      kiosk_tech_list_add (self->reconciliation, "对账没有完成", message, KIOSK_TECH_MARK_BAD);
      return;
    }
  kiosk_tech_list_add (self->reconciliation, reconciliation->balanced ? "对账一致" : "对账有差异",
                       reconciliation->balanced ? "库存与卡片传输的计数相符" : NULL,
                       reconciliation->balanced ? KIOSK_TECH_MARK_OK : KIOSK_TECH_MARK_BAD);
  for (guint i = 0; reconciliation->lines != NULL && i < reconciliation->lines->len; i++)
    {
      const KioskStockReconcileLine *line = g_ptr_array_index (reconciliation->lines, i);
      g_autofree char *title = NULL;

      if (line->transport >= 0)
        title = g_strdup_printf ("%s（%s）：库存 %" G_GINT64_FORMAT "，传输 %" G_GINT64_FORMAT,
                                 line->label, line->key, line->stock, line->transport);
      else
        title = g_strdup_printf ("%s（%s）：库存 %" G_GINT64_FORMAT, line->label, line->key,
                                 line->stock);
      kiosk_tech_list_add (self->reconciliation, title, line->note,
                           line->ok ? KIOSK_TECH_MARK_OK : KIOSK_TECH_MARK_BAD);
    }
}

void
kiosk_tech_stock_page_set_message (KioskTechStockPage *self, const char *message)
{
  g_return_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self));
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
}

/* ---- typing by touch --------------------------------------------------------- */

gboolean
kiosk_tech_stock_page_edit_field (KioskTechStockPage *self, const char *name, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self), FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (name, fields[i].name))
      {
        GtkWidget *entry = kiosk_tech_text_editor_find (GTK_WIDGET (self), name);

        kiosk_tech_text_editor_open (self->editor, entry, fields[i].title, KIOSK_TECH_TEXT_LATIN);
        return TRUE;
      }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "这一页没有这个输入框 (no field '%s' here)", name != NULL ? name : "");
  return FALSE;
}

gboolean
kiosk_tech_stock_page_key (KioskTechStockPage *self, const char *key, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self), FALSE);
  return kiosk_tech_text_editor_key (self->editor, key, error);
}

const char *
kiosk_tech_stock_page_get_field (KioskTechStockPage *self, const char *name)
{
  GtkWidget *entry;

  g_return_val_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self), NULL);
  entry = kiosk_tech_text_editor_find (GTK_WIDGET (self), name);
  return entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL;
}

const char *
kiosk_tech_stock_page_get_editing (KioskTechStockPage *self)
{
  g_return_val_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self), "");
  return kiosk_tech_text_editor_get_field (self->editor);
}

gboolean
kiosk_tech_stock_page_set_reason (KioskTechStockPage *self, const char *reason, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TECH_STOCK_PAGE (self), FALSE);

  if (reason == NULL || !g_strv_contains (reasons, reason))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "没有这个常用原因，请用键盘填写 (not a preset reason)");
      return FALSE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->card_reason), reason);
  return TRUE;
}

/* ---- the forms: a touch activates the application's action ---------------- */

static void
on_load (KioskTechStockPage *self)
{
  const char *serial = gtk_editable_get_text (GTK_EDITABLE (self->load_serial));
  const char *count_text = gtk_editable_get_text (GTK_EDITABLE (self->load_count));
  guint64 count = 0;

  if (!g_ascii_string_to_unsigned (count_text, 10, 1, 10000, &count, NULL))
    {
      kiosk_tech_stock_page_set_message (self, "数量需要是 1 到 10000 之间的整数");
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "app.technician-stock-load", "(su)", serial,
                              (guint32) count);
}

static void
on_card (KioskTechStockPage *self, const char *action)
{
  gtk_widget_activate_action (GTK_WIDGET (self), action, "(ss)",
                              gtk_editable_get_text (GTK_EDITABLE (self->card_serial)),
                              gtk_editable_get_text (GTK_EDITABLE (self->card_reason)));
}

static void
on_spoil (KioskTechStockPage *self)
{
  on_card (self, "app.technician-stock-spoil");
}

static void
on_confirm (KioskTechStockPage *self)
{
  on_card (self, "app.technician-stock-confirm");
}

static void
kiosk_tech_stock_page_wipe (KioskPage *page)
{
  KioskTechStockPage *self = KIOSK_TECH_STOCK_PAGE (page);

  gtk_editable_set_text (GTK_EDITABLE (self->load_serial), "");
  gtk_editable_set_text (GTK_EDITABLE (self->load_count), "");
  gtk_editable_set_text (GTK_EDITABLE (self->card_serial), "");
  gtk_editable_set_text (GTK_EDITABLE (self->card_reason), "");
  kiosk_tech_text_editor_close (self->editor);
  kiosk_tech_stock_page_set_message (self, NULL);
  kiosk_tech_list_clear (self->reconciliation);
}

static void
kiosk_tech_stock_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TECH_STOCK_PAGE);
  G_OBJECT_CLASS (kiosk_tech_stock_page_parent_class)->dispose (object);
}

static void
kiosk_tech_stock_page_class_init (KioskTechStockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_tech_stock_page_dispose;
  page_class->wipe = kiosk_tech_stock_page_wipe;

  g_type_ensure (KIOSK_TYPE_TECH_TEXT_EDITOR);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/technician/kiosk-tech-stock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, batches);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, uncertain);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, load_serial);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, load_count);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, card_serial);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, card_reason);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, reconciliation);
  gtk_widget_class_bind_template_child (widget_class, KioskTechStockPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_load);
  gtk_widget_class_bind_template_callback (widget_class, on_spoil);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm);
}

static void
kiosk_tech_stock_page_init (KioskTechStockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_tech_text_editor_attach (GTK_WIDGET (self->load_serial), "load-serial");
  kiosk_tech_text_editor_attach (GTK_WIDGET (self->load_count), "load-count");
  kiosk_tech_text_editor_attach (GTK_WIDGET (self->card_serial), "card-serial");
  kiosk_tech_text_editor_attach (GTK_WIDGET (self->card_reason), "card-reason");
}
