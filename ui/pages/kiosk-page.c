/* kiosk-page.c — the base of every page */
#define G_LOG_DOMAIN "kiosk-page"

#include "config.h"

#include "kiosk-page.h"

typedef struct
{
  char *page_id;
  char *heading;
  guint step;
  guint timeout;
  gboolean can_back;
  gboolean can_cancel;
  char *primary_label;
  char *primary_action;
  gboolean primary_sensitive;
  GtkOrientation layout_orientation;
} KioskPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KioskPage, kiosk_page, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_PAGE_ID,
  PROP_HEADING,
  PROP_STEP,
  PROP_TIMEOUT,
  PROP_CAN_BACK,
  PROP_CAN_CANCEL,
  PROP_PRIMARY_LABEL,
  PROP_PRIMARY_ACTION,
  PROP_PRIMARY_SENSITIVE,
  PROP_LAYOUT_ORIENTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_page_update_accessible (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_autofree char *description = g_strdup_printf ("page:%s", priv->page_id ? priv->page_id : "");

  /* Tests and screen readers find a page by its heading; its id is in the
   * description ("page:attract"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  priv->heading ? priv->heading : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
kiosk_page_get_page_id (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), NULL);
  return priv->page_id;
}

const char *
kiosk_page_get_heading (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), NULL);
  return priv->heading;
}

void
kiosk_page_set_heading (KioskPage *self, const char *heading)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_if_fail (KIOSK_IS_PAGE (self));
  if (set_string (&priv->heading, heading))
    {
      kiosk_page_update_accessible (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADING]);
    }
}

guint
kiosk_page_get_step (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), 0);
  return priv->step;
}

guint
kiosk_page_get_timeout (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), 0);
  return priv->timeout;
}

gboolean
kiosk_page_get_can_back (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), FALSE);
  return priv->can_back;
}

void
kiosk_page_set_can_back (KioskPage *self, gboolean can_back)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_if_fail (KIOSK_IS_PAGE (self));
  can_back = !!can_back;
  if (priv->can_back != can_back)
    {
      priv->can_back = can_back;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_BACK]);
    }
}

gboolean
kiosk_page_get_can_cancel (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), FALSE);
  return priv->can_cancel;
}

void
kiosk_page_set_can_cancel (KioskPage *self, gboolean can_cancel)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_if_fail (KIOSK_IS_PAGE (self));
  can_cancel = !!can_cancel;
  if (priv->can_cancel != can_cancel)
    {
      priv->can_cancel = can_cancel;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CANCEL]);
    }
}

const char *
kiosk_page_get_primary_label (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), NULL);
  return priv->primary_label;
}

void
kiosk_page_set_primary_label (KioskPage *self, const char *label)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_if_fail (KIOSK_IS_PAGE (self));
  if (set_string (&priv->primary_label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_LABEL]);
}

const char *
kiosk_page_get_primary_action (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), NULL);
  return priv->primary_action;
}

void
kiosk_page_set_primary_action (KioskPage *self, const char *detailed_action)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_if_fail (KIOSK_IS_PAGE (self));
  if (set_string (&priv->primary_action, detailed_action))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_ACTION]);
}

gboolean
kiosk_page_get_primary_sensitive (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), FALSE);
  return priv->primary_sensitive;
}

void
kiosk_page_set_primary_sensitive (KioskPage *self, gboolean sensitive)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_if_fail (KIOSK_IS_PAGE (self));
  sensitive = !!sensitive;
  if (priv->primary_sensitive != sensitive)
    {
      priv->primary_sensitive = sensitive;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_SENSITIVE]);
    }
}

GtkOrientation
kiosk_page_get_layout_orientation (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_val_if_fail (KIOSK_IS_PAGE (self), GTK_ORIENTATION_VERTICAL);
  return priv->layout_orientation;
}

void
kiosk_page_set_layout_orientation (KioskPage *self, GtkOrientation orientation)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);
  g_return_if_fail (KIOSK_IS_PAGE (self));
  if (priv->layout_orientation != orientation)
    {
      priv->layout_orientation = orientation;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT_ORIENTATION]);
    }
}

void
kiosk_page_shown (KioskPage *self)
{
  g_return_if_fail (KIOSK_IS_PAGE (self));
  if (KIOSK_PAGE_GET_CLASS (self)->shown)
    KIOSK_PAGE_GET_CLASS (self)->shown (self);
}

void
kiosk_page_hidden (KioskPage *self)
{
  g_return_if_fail (KIOSK_IS_PAGE (self));
  if (KIOSK_PAGE_GET_CLASS (self)->hidden)
    KIOSK_PAGE_GET_CLASS (self)->hidden (self);
}

void
kiosk_page_update (KioskPage *self, KioskFlow *flow)
{
  g_return_if_fail (KIOSK_IS_PAGE (self));
  g_return_if_fail (flow == NULL || KIOSK_IS_FLOW (flow));
  if (KIOSK_PAGE_GET_CLASS (self)->update)
    KIOSK_PAGE_GET_CLASS (self)->update (self, flow);
}

void
kiosk_page_wipe (KioskPage *self)
{
  g_return_if_fail (KIOSK_IS_PAGE (self));
  if (KIOSK_PAGE_GET_CLASS (self)->wipe)
    KIOSK_PAGE_GET_CLASS (self)->wipe (self);
}

static void
kiosk_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskPage *self = KIOSK_PAGE (object);
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);

  switch (prop_id)
    {
      case PROP_PAGE_ID:
        g_value_set_string (value, priv->page_id);
        break;
      case PROP_HEADING:
        g_value_set_string (value, priv->heading);
        break;
      case PROP_STEP:
        g_value_set_uint (value, priv->step);
        break;
      case PROP_TIMEOUT:
        g_value_set_uint (value, priv->timeout);
        break;
      case PROP_CAN_BACK:
        g_value_set_boolean (value, priv->can_back);
        break;
      case PROP_CAN_CANCEL:
        g_value_set_boolean (value, priv->can_cancel);
        break;
      case PROP_PRIMARY_LABEL:
        g_value_set_string (value, priv->primary_label);
        break;
      case PROP_PRIMARY_ACTION:
        g_value_set_string (value, priv->primary_action);
        break;
      case PROP_PRIMARY_SENSITIVE:
        g_value_set_boolean (value, priv->primary_sensitive);
        break;
      case PROP_LAYOUT_ORIENTATION:
        g_value_set_enum (value, priv->layout_orientation);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskPage *self = KIOSK_PAGE (object);
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);

  switch (prop_id)
    {
      case PROP_PAGE_ID:
        set_string (&priv->page_id, g_value_get_string (value));
        kiosk_page_update_accessible (self);
        break;
      case PROP_HEADING:
        kiosk_page_set_heading (self, g_value_get_string (value));
        break;
      case PROP_STEP:
        priv->step = g_value_get_uint (value);
        break;
      case PROP_TIMEOUT:
        priv->timeout = g_value_get_uint (value);
        break;
      case PROP_CAN_BACK:
        kiosk_page_set_can_back (self, g_value_get_boolean (value));
        break;
      case PROP_CAN_CANCEL:
        kiosk_page_set_can_cancel (self, g_value_get_boolean (value));
        break;
      case PROP_PRIMARY_LABEL:
        kiosk_page_set_primary_label (self, g_value_get_string (value));
        break;
      case PROP_PRIMARY_ACTION:
        kiosk_page_set_primary_action (self, g_value_get_string (value));
        break;
      case PROP_PRIMARY_SENSITIVE:
        kiosk_page_set_primary_sensitive (self, g_value_get_boolean (value));
        break;
      case PROP_LAYOUT_ORIENTATION:
        kiosk_page_set_layout_orientation (self, g_value_get_enum (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_page_finalize (GObject *object)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (KIOSK_PAGE (object));

  g_free (priv->page_id);
  g_free (priv->heading);
  g_free (priv->primary_label);
  g_free (priv->primary_action);
  G_OBJECT_CLASS (kiosk_page_parent_class)->finalize (object);
}

static void
kiosk_page_class_init (KioskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = kiosk_page_get_property;
  object_class->set_property = kiosk_page_set_property;
  object_class->finalize = kiosk_page_finalize;

  /* Set once, by the page's template. */
  properties[PROP_PAGE_ID] = g_param_spec_string ("page-id", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADING] = g_param_spec_string ("heading", NULL, NULL, NULL, rw);
  properties[PROP_STEP] = g_param_spec_uint ("step", NULL, NULL, 0, KIOSK_PAGE_N_STEPS, 0,
                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, 600, 60,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_BACK] = g_param_spec_boolean ("can-back", NULL, NULL, TRUE, rw);
  properties[PROP_CAN_CANCEL] = g_param_spec_boolean ("can-cancel", NULL, NULL, TRUE, rw);
  properties[PROP_PRIMARY_LABEL] = g_param_spec_string ("primary-label", NULL, NULL, "", rw);
  properties[PROP_PRIMARY_ACTION]
      = g_param_spec_string ("primary-action", NULL, NULL, "app.next", rw);
  properties[PROP_PRIMARY_SENSITIVE]
      = g_param_spec_boolean ("primary-sensitive", NULL, NULL, TRUE, rw);
  properties[PROP_LAYOUT_ORIENTATION] = g_param_spec_enum (
      "layout-orientation", NULL, NULL, GTK_TYPE_ORIENTATION, GTK_ORIENTATION_VERTICAL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "page");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_page_init (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);

  priv->timeout = 60;
  priv->can_back = TRUE;
  priv->can_cancel = TRUE;
  priv->primary_label = g_strdup ("");
  priv->primary_action = g_strdup ("app.next");
  priv->primary_sensitive = TRUE;
  priv->layout_orientation = GTK_ORIENTATION_VERTICAL;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 32);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}
