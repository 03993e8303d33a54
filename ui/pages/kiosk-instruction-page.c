/* kiosk-instruction-page.c — a picture of what to do, the instruction and
 * the live hint */
#define G_LOG_DOMAIN "kiosk-instruction-page"

#include "config.h"

#include "kiosk-instruction-page.h"

struct _KioskInstructionPage
{
  KioskPage parent_instance;

  GtkPicture *picture;
  GtkLabel *message_label;
  GtkLabel *hint_label;
  GtkLabel *detail_label;
  char *picture_resource;
};

G_DEFINE_FINAL_TYPE (KioskInstructionPage, kiosk_instruction_page, KIOSK_TYPE_PAGE)

enum
{
  PROP_0,
  PROP_PICTURE,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
kiosk_instruction_page_set_message (KioskInstructionPage *self, const char *message)
{
  g_return_if_fail (KIOSK_IS_INSTRUCTION_PAGE (self));
  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->message_label, message);
}

void
kiosk_instruction_page_set_hint (KioskInstructionPage *self, const char *hint)
{
  gboolean shown = hint != NULL && *hint != '\0';

  g_return_if_fail (KIOSK_IS_INSTRUCTION_PAGE (self));
  gtk_label_set_text (self->hint_label, shown ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), shown);
}

static void
kiosk_instruction_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskInstructionPage *self = KIOSK_INSTRUCTION_PAGE (page);

  kiosk_instruction_page_set_message (self, kiosk_flow_get_message (flow));
  kiosk_instruction_page_set_hint (self, kiosk_flow_get_hint (flow));
}

static void
kiosk_instruction_page_wipe (KioskPage *page)
{
  kiosk_instruction_page_set_hint (KIOSK_INSTRUCTION_PAGE (page), NULL);
}

static void
kiosk_instruction_page_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  KioskInstructionPage *self = KIOSK_INSTRUCTION_PAGE (object);

  switch (prop_id)
    {
      case PROP_PICTURE:
        g_value_set_string (value, self->picture_resource);
        break;
      case PROP_DETAIL:
        g_value_set_string (value, gtk_label_get_text (self->detail_label));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_instruction_page_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  KioskInstructionPage *self = KIOSK_INSTRUCTION_PAGE (object);
  const char *text;

  switch (prop_id)
    {
      case PROP_PICTURE:
        g_free (self->picture_resource);
        self->picture_resource = g_value_dup_string (value);
        gtk_picture_set_resource (self->picture, self->picture_resource);
        break;
      case PROP_DETAIL:
        text = g_value_get_string (value);
        gtk_label_set_text (self->detail_label, text != NULL ? text : "");
        gtk_widget_set_visible (GTK_WIDGET (self->detail_label), text != NULL && *text != '\0');
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_instruction_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_INSTRUCTION_PAGE);
  G_OBJECT_CLASS (kiosk_instruction_page_parent_class)->dispose (object);
}

static void
kiosk_instruction_page_finalize (GObject *object)
{
  g_free (KIOSK_INSTRUCTION_PAGE (object)->picture_resource);
  G_OBJECT_CLASS (kiosk_instruction_page_parent_class)->finalize (object);
}

static void
kiosk_instruction_page_class_init (KioskInstructionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->get_property = kiosk_instruction_page_get_property;
  object_class->set_property = kiosk_instruction_page_set_property;
  object_class->dispose = kiosk_instruction_page_dispose;
  object_class->finalize = kiosk_instruction_page_finalize;
  page_class->update = kiosk_instruction_page_update;
  page_class->wipe = kiosk_instruction_page_wipe;

  properties[PROP_PICTURE] = g_param_spec_string ("picture", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-instruction-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskInstructionPage, picture);
  gtk_widget_class_bind_template_child (widget_class, KioskInstructionPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskInstructionPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KioskInstructionPage, detail_label);
}

static void
kiosk_instruction_page_init (KioskInstructionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
