/* kiosk-attract-page.c — the home page: the services, one touch each
 *
 * The green channel is the headline (an urgent patient must find it at
 * once); the other services are equal tiles, two columns in portrait and
 * three in landscape. 老年模式 (large text) is one touch away.
 *
 * Technician mode's hidden entry: five taps on the logo within three
 * seconds activate app.technician-gesture (the PIN page follows).
 */
#define G_LOG_DOMAIN "kiosk-attract-page"

#include "config.h"

#include "kiosk-attract-page.h"

struct _KioskAttractPage
{
  KioskPage parent_instance;

  GtkLabel *site_label;
  GtkLabel *notice_label;
  GtkGrid *services;
  GtkToggleButton *large_text_button;
  guint notice_id;
  GtkLabel *large_text_state;
  GtkWidget *green_channel_button;
  GtkBox *green_channel_box;
  GtkWidget *green_channel_arrow;
  GtkWidget *tile_temporary_loss;
  GtkWidget *tile_formal_loss;
  GtkWidget *tile_unblock;
  GtkWidget *tile_progress;
  GtkWidget *tile_temporary_card;
  GtkWidget *logo;
  gint64 taps[5]; /* the last taps on the logo (monotonic µs), newest last */
};

G_DEFINE_FINAL_TYPE (KioskAttractPage, kiosk_attract_page, KIOSK_TYPE_PAGE)

void
kiosk_attract_page_set_site (KioskAttractPage *self, const char *site)
{
  g_return_if_fail (KIOSK_IS_ATTRACT_PAGE (self));
  gtk_label_set_text (self->site_label, site != NULL ? site : "");
  gtk_widget_set_visible (GTK_WIDGET (self->site_label), site != NULL && *site != '\0');
}

static gboolean
notice_expired (gpointer user_data)
{
  KioskAttractPage *self = user_data;

  self->notice_id = 0;
  kiosk_attract_page_set_notice (self, NULL);
  return G_SOURCE_REMOVE;
}

void
kiosk_attract_page_set_notice (KioskAttractPage *self, const char *notice)
{
  gboolean shown = notice != NULL && *notice != '\0';

  g_return_if_fail (KIOSK_IS_ATTRACT_PAGE (self));
  gtk_label_set_text (self->notice_label, shown ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), shown);
  /* It was said to the citizen who left; the next one need not read it. */
  g_clear_handle_id (&self->notice_id, g_source_remove);
  if (shown)
    self->notice_id = g_timeout_add_seconds (30, notice_expired, self);
}

static void
place (GtkWidget *tile, int column, int row, int width)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (gtk_widget_get_parent (tile));
  GtkGridLayoutChild *child
      = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, tile));

  gtk_grid_layout_child_set_column (child, column);
  gtk_grid_layout_child_set_row (child, row);
  gtk_grid_layout_child_set_column_span (child, width);
}

/* Portrait: the green channel across the top, the five others in two
 * columns (the last one across). Landscape: six equal tiles, three by two,
 * the green channel first. */
static void
on_orientation (KioskAttractPage *self)
{
  gboolean landscape
      = kiosk_page_get_layout_orientation (KIOSK_PAGE (self)) == GTK_ORIENTATION_HORIZONTAL;
  GtkWidget *tiles[] = { self->tile_temporary_loss, self->tile_formal_loss, self->tile_unblock,
                         self->tile_progress, self->tile_temporary_card };

  if (landscape)
    {
      place (self->green_channel_button, 0, 0, 1);
      for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
        place (tiles[i], (i + 1) % 3, (i + 1) / 3, 1);
    }
  else
    {
      place (self->green_channel_button, 0, 0, 2);
      for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
        place (tiles[i], i % 2, 1 + i / 2, i == G_N_ELEMENTS (tiles) - 1 ? 2 : 1);
    }
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->green_channel_box),
                                  landscape ? GTK_ORIENTATION_VERTICAL
                                            : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_visible (self->green_channel_arrow, !landscape);
}

/* The toggle says what a touch will do, not only its colour. */
static void
on_large_text_toggled (KioskAttractPage *self)
{
  gtk_label_set_text (self->large_text_state, gtk_toggle_button_get_active (self->large_text_button)
                                                  ? "已放大 · 点一下恢复"
                                                  : "大字 · 点一下");
}

static void
on_logo_pressed (GtkGestureClick *gesture, int n_press, double x, double y, KioskAttractPage *self)
{
  gint64 now = g_get_monotonic_time ();
  guint n = G_N_ELEMENTS (self->taps);

  memmove (self->taps, self->taps + 1, (n - 1) * sizeof self->taps[0]);
  self->taps[n - 1] = now;
  if (self->taps[0] != 0 && now - self->taps[0] <= 3 * G_USEC_PER_SEC)
    {
      memset (self->taps, 0, sizeof self->taps);
      gtk_widget_activate_action (GTK_WIDGET (self), "app.technician-gesture", NULL);
    }
}

static void
kiosk_attract_page_wipe (KioskPage *page)
{
  kiosk_attract_page_set_notice (KIOSK_ATTRACT_PAGE (page), NULL);
}

static void
kiosk_attract_page_dispose (GObject *object)
{
  g_clear_handle_id (&KIOSK_ATTRACT_PAGE (object)->notice_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_ATTRACT_PAGE);
  G_OBJECT_CLASS (kiosk_attract_page_parent_class)->dispose (object);
}

static void
kiosk_attract_page_class_init (KioskAttractPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_attract_page_dispose;
  page_class->wipe = kiosk_attract_page_wipe;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-attract-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, site_label);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, services);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, large_text_button);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, large_text_state);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, green_channel_button);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, green_channel_box);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, green_channel_arrow);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, tile_temporary_loss);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, tile_formal_loss);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, tile_unblock);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, tile_progress);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, tile_temporary_card);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, logo);
}

static void
kiosk_attract_page_init (KioskAttractPage *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self, "notify::layout-orientation", G_CALLBACK (on_orientation), self);
  g_signal_connect_swapped (self->large_text_button, "notify::active",
                            G_CALLBACK (on_large_text_toggled), self);
  on_orientation (self);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_logo_pressed), self);
  gtk_widget_add_controller (self->logo, GTK_EVENT_CONTROLLER (gesture));
}
