/* kiosk-signature-pad.c — the citizen signs with a finger */
#define G_LOG_DOMAIN "kiosk-signature-pad"

#include "config.h"

#include "kiosk-signature-pad.h"

typedef struct
{
  double x, y;
} Point;

struct _KioskSignaturePad
{
  GtkDrawingArea parent_instance;

  GPtrArray *strokes; /* GArray of Point, relative coordinates */
  GArray *drawing;    /* the stroke under the finger, not yet added */
  double start_x, start_y;
};

G_DEFINE_FINAL_TYPE (KioskSignaturePad, kiosk_signature_pad, GTK_TYPE_DRAWING_AREA)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
draw_stroke (cairo_t *cr, GArray *stroke, int width, int height)
{
  if (stroke == NULL || stroke->len == 0)
    return;
  for (guint i = 0; i < stroke->len; i++)
    {
      Point *p = &g_array_index (stroke, Point, i);
      if (i == 0)
        cairo_move_to (cr, p->x * width, p->y * height);
      else
        cairo_line_to (cr, p->x * width, p->y * height);
    }
  if (stroke->len == 1)
    cairo_rel_line_to (cr, 0.5, 0.5);
  cairo_stroke (cr);
}

static void
draw_strokes (KioskSignaturePad *self, cairo_t *cr, int width, int height, double line_width)
{
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.1);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->strokes->len; i++)
    draw_stroke (cr, g_ptr_array_index (self->strokes, i), width, height);
  draw_stroke (cr, self->drawing, width, height);
}

static void
kiosk_signature_pad_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  KioskSignaturePad *self = KIOSK_SIGNATURE_PAD (area);

  /* The base line to sign on. */
  cairo_set_source_rgb (cr, 0.55, 0.6, 0.68);
  cairo_set_line_width (cr, 3);
  cairo_move_to (cr, width * 0.06, height * 0.78);
  cairo_line_to (cr, width * 0.94, height * 0.78);
  cairo_stroke (cr);
  draw_strokes (self, cr, width, height, 6);
}

static void
append_point (GArray *stroke, double x, double y, int width, int height)
{
  Point p = { CLAMP (x / MAX (width, 1), 0.0, 1.0), CLAMP (y / MAX (height, 1), 0.0, 1.0) };
  g_array_append_val (stroke, p);
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, KioskSignaturePad *self)
{
  g_clear_pointer (&self->drawing, g_array_unref);
  self->drawing = g_array_new (FALSE, FALSE, sizeof (Point));
  self->start_x = x;
  self->start_y = y;
  append_point (self->drawing, x, y, gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, KioskSignaturePad *self)
{
  if (self->drawing == NULL)
    return;
  append_point (self->drawing, self->start_x + dx, self->start_y + dy,
                gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, KioskSignaturePad *self)
{
  g_autoptr (GArray) stroke = g_steal_pointer (&self->drawing);
  GVariantBuilder builder;

  if (stroke == NULL)
    return;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(dd)"));
  for (guint i = 0; i < stroke->len; i++)
    {
      Point *p = &g_array_index (stroke, Point, i);
      g_variant_builder_add (&builder, "(dd)", p->x, p->y);
    }
  /* The same path as a remote helper's stroke: through the action. */
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "app.add-stroke",
                                      g_variant_builder_end (&builder));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
kiosk_signature_pad_add_stroke (KioskSignaturePad *self, GVariant *points)
{
  GArray *stroke;
  GVariantIter iter;
  double x, y;

  g_return_val_if_fail (KIOSK_IS_SIGNATURE_PAD (self), FALSE);
  g_return_val_if_fail (points != NULL, FALSE);

  if (!g_variant_is_of_type (points, G_VARIANT_TYPE ("a(dd)"))
      || g_variant_n_children (points) == 0)
    return FALSE;
  stroke = g_array_new (FALSE, FALSE, sizeof (Point));
  g_variant_iter_init (&iter, points);
  while (g_variant_iter_next (&iter, "(dd)", &x, &y))
    {
      /* NaN fails both comparisons and becomes 0. */
      Point p = { x >= 0.0 ? MIN (x, 1.0) : 0.0, y >= 0.0 ? MIN (y, 1.0) : 0.0 };
      g_array_append_val (stroke, p);
    }
  g_ptr_array_add (self->strokes, stroke);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

void
kiosk_signature_pad_clear (KioskSignaturePad *self)
{
  g_return_if_fail (KIOSK_IS_SIGNATURE_PAD (self));

  g_clear_pointer (&self->drawing, g_array_unref);
  if (self->strokes->len == 0)
    return;
  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
kiosk_signature_pad_is_empty (KioskSignaturePad *self)
{
  g_return_val_if_fail (KIOSK_IS_SIGNATURE_PAD (self), TRUE);
  return self->strokes->len == 0;
}

guint
kiosk_signature_pad_get_n_strokes (KioskSignaturePad *self)
{
  g_return_val_if_fail (KIOSK_IS_SIGNATURE_PAD (self), 0);
  return self->strokes->len;
}

static cairo_status_t
write_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
kiosk_signature_pad_to_png (KioskSignaturePad *self, int width, int height, GError **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr (GByteArray) png = NULL;

  g_return_val_if_fail (KIOSK_IS_SIGNATURE_PAD (self), NULL);

  if (self->strokes->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "请先签名");
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (width, 1), MAX (height, 1));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw_strokes (self, cr, width, height, MAX (2.0, height / 60.0));
  cairo_destroy (cr);

  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, write_png, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "签名图片生成失败：%s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

static void
kiosk_signature_pad_finalize (GObject *object)
{
  KioskSignaturePad *self = KIOSK_SIGNATURE_PAD (object);

  g_ptr_array_unref (self->strokes);
  g_clear_pointer (&self->drawing, g_array_unref);
  G_OBJECT_CLASS (kiosk_signature_pad_parent_class)->finalize (object);
}

static void
kiosk_signature_pad_class_init (KioskSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_signature_pad_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kiosk_signature_pad_init (KioskSignaturePad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), kiosk_signature_pad_draw, NULL, NULL);
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, "签名区",
                                  -1);
}
