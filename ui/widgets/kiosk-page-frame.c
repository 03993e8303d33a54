/* kiosk-page-frame.c — the same frame around every page */
#define G_LOG_DOMAIN "kiosk-page-frame"

#include "config.h"

#include "kiosk-widget-util.h"

#include "kiosk-page-frame.h"
#include "kiosk-step-indicator.h"

struct _KioskPageFrame
{
  GtkWidget parent_instance;

  GtkWidget *top_bar;
  GtkLabel *title_label;
  KioskStepIndicator *steps;
  KioskCountdown *countdown;
  GtkLabel *error_label;
  GtkWidget *error_box;
  GtkStack *stack;
  GtkWidget *warning_shade;
  GtkLabel *warning_label;
  GtkWidget *bottom_bar;
  GtkButton *back_button;
  GtkButton *primary_button;
  GtkButton *cancel_button;

  KioskPage *visible_page; /* weak: the stack owns the pages */
  gulong notify_id;

  GHashTable *lazy; /* page id → LazyPage, until built */
};

typedef struct
{
  KioskPageFrameFactory factory;
  gpointer user_data;
} LazyPage;

static void kiosk_page_frame_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskPageFrame,
                               kiosk_page_frame,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      kiosk_page_frame_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

/* Pages written as <child> of the frame in a template join the stack. */
static void
kiosk_page_frame_buildable_add_child (GtkBuildable *buildable,
                                      GtkBuilder *builder,
                                      GObject *child,
                                      const char *type)
{
  if (KIOSK_IS_PAGE (child))
    kiosk_page_frame_add_page (KIOSK_PAGE_FRAME (buildable), KIOSK_PAGE (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
kiosk_page_frame_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = kiosk_page_frame_buildable_add_child;
}

/* A button that does not apply keeps its place (the bottom bar never
 * shifts under a finger) but is invisible, untouchable and hidden from
 * assistive technologies. */
/* A page may give its main action a target ("app.address-key::done"): the
 * target is set while the button has no action, then the name, so that the
 * button never holds a name with the other action's target (GTK warns). */
static void
set_primary_action (KioskPageFrame *self, const char *detailed)
{
  GtkActionable *button = GTK_ACTIONABLE (self->primary_button);
  g_autofree char *name = NULL;
  g_autoptr (GVariant) target = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (gtk_actionable_get_action_name (button), detailed) == 0
      && gtk_actionable_get_action_target_value (button) == NULL)
    return;
  if (!g_action_parse_detailed_name (detailed, &name, &target, &error))
    {
      g_warning ("page frame: main action %s: %s", detailed, error->message);
      return;
    }
  gtk_actionable_set_action_name (button, NULL);
  gtk_actionable_set_action_target_value (button, target);
  gtk_actionable_set_action_name (button, name);
}

static void
set_slot_vacant (GtkWidget *button, gboolean vacant)
{
  if (vacant)
    gtk_widget_add_css_class (button, "vacant");
  else
    gtk_widget_remove_css_class (button, "vacant");
  gtk_widget_set_can_target (button, !vacant);
  gtk_widget_set_can_focus (button, !vacant);
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_HIDDEN, vacant, -1);
}

static void
kiosk_page_frame_sync_page (KioskPageFrame *self)
{
  KioskPage *page = self->visible_page;
  const char *label;
  const char *action;

  if (page == NULL)
    return;

  label = kiosk_page_get_primary_label (page);
  action = kiosk_page_get_primary_action (page);
  set_slot_vacant (GTK_WIDGET (self->back_button), !kiosk_page_get_can_back (page));
  set_slot_vacant (GTK_WIDGET (self->cancel_button), !kiosk_page_get_can_cancel (page));
  set_slot_vacant (GTK_WIDGET (self->primary_button), label == NULL || *label == '\0');
  gtk_button_set_label (self->primary_button, label != NULL ? label : "");
  set_primary_action (self, action != NULL && *action ? action : "app.next");
  /* The action's enabled state decides too; this is the page's own say. */
  if (kiosk_page_get_primary_sensitive (page))
    gtk_widget_remove_css_class (GTK_WIDGET (self->primary_button), "waiting");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->primary_button), "waiting");
}

static void
on_page_notify (KioskPage *page, GParamSpec *pspec, KioskPageFrame *self)
{
  kiosk_page_frame_sync_page (self);
}

void
kiosk_page_frame_add_page (KioskPageFrame *self, KioskPage *page)
{
  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));
  g_return_if_fail (KIOSK_IS_PAGE (page));

  gtk_stack_add_named (self->stack, GTK_WIDGET (page), kiosk_page_get_page_id (page));
  g_hash_table_remove (self->lazy, kiosk_page_get_page_id (page));
}

void
kiosk_page_frame_add_lazy_page (KioskPageFrame *self,
                                const char *page_id,
                                KioskPageFrameFactory factory,
                                gpointer user_data)
{
  LazyPage *lazy;

  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));
  g_return_if_fail (page_id != NULL && *page_id != '\0');
  g_return_if_fail (factory != NULL);

  if (kiosk_page_frame_peek_page (self, page_id) != NULL)
    return;
  lazy = g_new0 (LazyPage, 1);
  lazy->factory = factory;
  lazy->user_data = user_data;
  g_hash_table_replace (self->lazy, g_strdup (page_id), lazy);
}

KioskPage *
kiosk_page_frame_peek_page (KioskPageFrame *self, const char *page_id)
{
  GtkWidget *child;

  g_return_val_if_fail (KIOSK_IS_PAGE_FRAME (self), NULL);

  if (page_id == NULL)
    return NULL;
  child = gtk_stack_get_child_by_name (self->stack, page_id);
  return child != NULL && KIOSK_IS_PAGE (child) ? KIOSK_PAGE (child) : NULL;
}

/* The factory's page, checked: a page of another id would be found under
 * that id, and this one asked for again and again. */
static KioskPage *
build_lazy_page (KioskPageFrame *self, const char *page_id, const LazyPage *lazy)
{
  g_autoptr (KioskPage) page = NULL;

  page = lazy->factory (self, page_id, lazy->user_data);
  if (page == NULL)
    return NULL;
  /* Ours either way: a full reference, or a floating one sunk. */
  if (g_object_is_floating (page))
    g_object_ref_sink (page);
  if (g_strcmp0 (kiosk_page_get_page_id (page), page_id) != 0)
    {
      g_warning ("page frame: the page built for “%s” is “%s”", page_id,
                 kiosk_page_get_page_id (page));
      return NULL;
    }
  kiosk_page_frame_add_page (self, page);
  return page;
}

KioskPage *
kiosk_page_frame_get_page (KioskPageFrame *self, const char *page_id)
{
  KioskPage *page;
  LazyPage *lazy;
  gpointer key = NULL;

  g_return_val_if_fail (KIOSK_IS_PAGE_FRAME (self), NULL);

  page = kiosk_page_frame_peek_page (self, page_id);
  if (page != NULL || page_id == NULL)
    return page;
  /* Taken out first: a factory that asks for its own page gets NULL. */
  if (!g_hash_table_steal_extended (self->lazy, page_id, &key, (gpointer *) &lazy))
    return NULL;
  page = build_lazy_page (self, page_id, lazy);
  if (page == NULL)
    g_hash_table_insert (self->lazy, key, lazy); /* asked again, tried again */
  else
    {
      g_free (key);
      g_free (lazy);
    }
  return page;
}

GPtrArray *
kiosk_page_frame_list_pages (KioskPageFrame *self)
{
  GPtrArray *pages = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (KIOSK_IS_PAGE (child))
      g_ptr_array_add (pages, child);
  return pages;
}

void
kiosk_page_frame_set_visible_page (KioskPageFrame *self, KioskPage *page)
{
  KioskPage *old;

  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));
  g_return_if_fail (KIOSK_IS_PAGE (page));

  old = self->visible_page;
  kiosk_page_frame_set_error (self, NULL);
  kiosk_page_frame_hide_warning (self);
  if (old == page)
    {
      kiosk_page_frame_sync_page (self);
      return;
    }
  if (old != NULL)
    {
      g_clear_signal_handler (&self->notify_id, old);
      kiosk_page_hidden (old);
    }
  self->visible_page = page;
  self->notify_id = g_signal_connect (page, "notify", G_CALLBACK (on_page_notify), self);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  kiosk_page_frame_sync_page (self);
  kiosk_page_shown (page);
}

KioskPage *
kiosk_page_frame_get_visible_page (KioskPageFrame *self)
{
  g_return_val_if_fail (KIOSK_IS_PAGE_FRAME (self), NULL);
  return self->visible_page;
}

void
kiosk_page_frame_set_title (KioskPageFrame *self, const char *title)
{
  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));
  gtk_label_set_text (self->title_label, title != NULL ? title : "吉林省社会保障卡自助服务");
}

void
kiosk_page_frame_set_steps (KioskPageFrame *self, const char *const *labels, guint current)
{
  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));
  kiosk_step_indicator_set_steps (self->steps, labels, current);
}

void
kiosk_page_frame_set_bars_visible (KioskPageFrame *self, gboolean visible)
{
  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));
  gtk_widget_set_visible (self->top_bar, visible);
  gtk_widget_set_visible (self->bottom_bar, visible);
}

KioskCountdown *
kiosk_page_frame_get_countdown (KioskPageFrame *self)
{
  g_return_val_if_fail (KIOSK_IS_PAGE_FRAME (self), NULL);
  return self->countdown;
}

void
kiosk_page_frame_show_warning (KioskPageFrame *self, guint seconds_left)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));

  text = g_strdup_printf ("%u 秒后将回到首页，\n您的信息会被清除。", seconds_left);
  gtk_label_set_text (self->warning_label, text);
  gtk_widget_set_visible (self->warning_shade, TRUE);
}

void
kiosk_page_frame_hide_warning (KioskPageFrame *self)
{
  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));
  gtk_widget_set_visible (self->warning_shade, FALSE);
}

gboolean
kiosk_page_frame_get_warning_visible (KioskPageFrame *self)
{
  g_return_val_if_fail (KIOSK_IS_PAGE_FRAME (self), FALSE);
  return gtk_widget_get_visible (self->warning_shade);
}

void
kiosk_page_frame_set_error (KioskPageFrame *self, const char *message)
{
  gboolean shown = message != NULL && *message != '\0';

  g_return_if_fail (KIOSK_IS_PAGE_FRAME (self));

  gtk_label_set_text (self->error_label, shown ? message : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  shown ? message : "", -1);
  gtk_widget_set_visible (self->error_box, shown);
}

static void
kiosk_page_frame_dispose (GObject *object)
{
  KioskPageFrame *self = KIOSK_PAGE_FRAME (object);

  if (self->visible_page != NULL)
    g_clear_signal_handler (&self->notify_id, self->visible_page);
  self->visible_page = NULL;
  g_hash_table_remove_all (self->lazy);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_PAGE_FRAME);
  /* The template's children without an id are not the template's to drop. */
  kiosk_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (kiosk_page_frame_parent_class)->dispose (object);
}

static void
kiosk_page_frame_finalize (GObject *object)
{
  g_hash_table_unref (KIOSK_PAGE_FRAME (object)->lazy);
  G_OBJECT_CLASS (kiosk_page_frame_parent_class)->finalize (object);
}

static void
kiosk_page_frame_class_init (KioskPageFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_page_frame_dispose;
  object_class->finalize = kiosk_page_frame_finalize;

  g_type_ensure (KIOSK_TYPE_COUNTDOWN);
  g_type_ensure (KIOSK_TYPE_STEP_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/widgets/kiosk-page-frame.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, top_bar);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, steps);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, countdown);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, error_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, error_box);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, stack);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, warning_shade);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, warning_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, bottom_bar);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, back_button);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, primary_button);
  gtk_widget_class_bind_template_child (widget_class, KioskPageFrame, cancel_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pageframe");
}

static void
kiosk_page_frame_init (KioskPageFrame *self)
{
  GtkLayoutManager *layout;

  self->lazy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  kiosk_page_frame_set_title (self, NULL);
}
