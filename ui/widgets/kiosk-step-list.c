/* kiosk-step-list.c — long work as named steps, a bar and the time left
 *
 * Each step's state is a mark and a word (✓ 完成, ▶ 正在进行, ✗ 未成功),
 * never only a colour.
 */
#define G_LOG_DOMAIN "kiosk-step-list"

#include "config.h"

#include "kiosk-widget-util.h"

#include "kiosk-step-list.h"

struct _KioskStepList
{
  GtkWidget parent_instance;

  GtkBox *rows;
  GtkProgressBar *bar;
  GtkLabel *time_label;
  double fraction;
};

G_DEFINE_FINAL_TYPE (KioskStepList, kiosk_step_list, GTK_TYPE_WIDGET)

char *
kiosk_step_list_format_seconds (guint seconds)
{
  if (seconds == 0)
    return g_strdup ("马上就好");
  if (seconds < 60)
    return g_strdup_printf ("约 %u 秒", seconds);
  if (seconds % 60 == 0)
    return g_strdup_printf ("约 %u 分钟", seconds / 60);
  return g_strdup_printf ("约 %u 分 %u 秒", seconds / 60, seconds % 60);
}

static GtkWidget *
make_row (const KioskFlowStep *step)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 20);
  const char *mark = "○";
  const char *word = "等待";
  const char *css = "pending";
  GtkWidget *mark_label;
  GtkWidget *name_label;
  GtkWidget *word_label;
  g_autofree char *accessible = NULL;

  switch (step->status)
    {
      case KIOSK_FLOW_STEP_DONE:
        mark = "✓", word = "完成", css = "done";
        break;
      case KIOSK_FLOW_STEP_CURRENT:
        mark = "▶", word = "正在进行", css = "current";
        break;
      case KIOSK_FLOW_STEP_FAILED:
        mark = "✗", word = "未成功", css = "failed";
        break;
      case KIOSK_FLOW_STEP_PENDING:
      default:
        break;
    }
  mark_label = gtk_label_new (mark);
  name_label = gtk_label_new (step->label);
  word_label = gtk_label_new (word);
  gtk_widget_add_css_class (mark_label, "step-mark");
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_add_css_class (word_label, "step-word");
  gtk_box_append (GTK_BOX (row), mark_label);
  gtk_box_append (GTK_BOX (row), name_label);
  gtk_box_append (GTK_BOX (row), word_label);
  gtk_widget_add_css_class (row, "step-row");
  gtk_widget_add_css_class (row, css);
  accessible = g_strdup_printf ("%s：%s", step->label, word);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

void
kiosk_step_list_set_steps (KioskStepList *self, GPtrArray *steps, guint seconds_left)
{
  GtkWidget *child;
  guint total = 0, done = 0;
  g_autofree char *left = NULL;
  g_autofree char *time_text = NULL;

  g_return_if_fail (KIOSK_IS_STEP_LIST (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows))) != NULL)
    gtk_box_remove (self->rows, child);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const KioskFlowStep *step = g_ptr_array_index (steps, i);
      guint weight = MAX (step->estimated_seconds, 1);

      if (!step->production)
        continue;
      gtk_box_append (self->rows, make_row (step));
      total += weight;
      if (step->status == KIOSK_FLOW_STEP_DONE)
        done += weight;
    }
  self->fraction = total > 0 ? (double) done / total : 0.0;
  gtk_progress_bar_set_fraction (self->bar, self->fraction);
  left = kiosk_step_list_format_seconds (seconds_left);
  time_text = g_strdup_printf ("预计还需 %s", left);
  gtk_label_set_text (self->time_label, time_text);
}

double
kiosk_step_list_get_fraction (KioskStepList *self)
{
  g_return_val_if_fail (KIOSK_IS_STEP_LIST (self), 0.0);
  return self->fraction;
}

static void
kiosk_step_list_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_STEP_LIST);
  /* The template's children without an id are not the template's to drop. */
  kiosk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (kiosk_step_list_parent_class)->dispose (object);
}

static void
kiosk_step_list_class_init (KioskStepListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_step_list_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/widgets/kiosk-step-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskStepList, rows);
  gtk_widget_class_bind_template_child (widget_class, KioskStepList, bar);
  gtk_widget_class_bind_template_child (widget_class, KioskStepList, time_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "steplist");
}

static void
kiosk_step_list_init (KioskStepList *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 28);
}
