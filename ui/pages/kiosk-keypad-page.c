/* kiosk-keypad-page.c — one field of the form typed on the keypad */
#define G_LOG_DOMAIN "kiosk-keypad-page"

#include "config.h"

#include "kiosk-green-channel-flow.h"
#include "kiosk-keypad-page.h"
#include "kiosk-number-label.h"

struct _KioskKeypadPage
{
  KioskPage parent_instance;

  GtkLabel *question_label;
  GtkLabel *explanation_label;
  GtkWidget *identity_box;
  GtkLabel *identity_name_label;
  KioskNumberLabel *identity_number_label;
  KioskKeypad *keypad;
  char *field;
};

G_DEFINE_FINAL_TYPE (KioskKeypadPage, kiosk_keypad_page, KIOSK_TYPE_PAGE)

enum
{
  PROP_0,
  PROP_FIELD,
  PROP_EXPLANATION,
  PROP_MAX_LENGTH,
  PROP_GROUPING,
  PROP_PLACEHOLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KioskKeypad *
kiosk_keypad_page_get_keypad (KioskKeypadPage *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYPAD_PAGE (self), NULL);
  return self->keypad;
}

const char *
kiosk_keypad_page_get_field (KioskKeypadPage *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYPAD_PAGE (self), NULL);
  return self->field;
}

void
kiosk_keypad_page_set_identity (KioskKeypadPage *self,
                                const char *masked_name,
                                const char *id_number)
{
  g_return_if_fail (KIOSK_IS_KEYPAD_PAGE (self));

  gtk_widget_set_visible (self->identity_box, masked_name != NULL || id_number != NULL);
  gtk_label_set_text (self->identity_name_label, masked_name != NULL ? masked_name : "");
  kiosk_number_label_set_masked (self->identity_number_label, KIOSK_MASK_ID_NUMBER, id_number);
}

static const char *
form_value (const KioskApplicationForm *form, const char *field)
{
  if (form == NULL)
    return NULL;
  if (g_str_equal (field, "phone"))
    return form->phone;
  if (g_str_equal (field, "postal-code"))
    return form->postal_code;
  return NULL;
}

static void
kiosk_keypad_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskKeypadPage *self = KIOSK_KEYPAD_PAGE (page);

  if (KIOSK_IS_GREEN_CHANNEL_FLOW (flow))
    {
      const KioskApplicationForm *form
          = kiosk_green_channel_flow_get_form (KIOSK_GREEN_CHANNEL_FLOW (flow));
      const char *value = form_value (form, self->field);
      g_autofree char *name
          = form != NULL && form->name != NULL ? kiosk_mask (KIOSK_MASK_NAME, form->name) : NULL;

      /* What the flow holds is what the citizen typed before (返回). */
      if (value != NULL && *kiosk_keypad_get_text (self->keypad) == '\0')
        kiosk_keypad_set_text (self->keypad, value);
      if (g_str_equal (self->field, "phone"))
        kiosk_keypad_page_set_identity (self, name, form != NULL ? form->id_number : NULL);
    }
}

static void
kiosk_keypad_page_wipe (KioskPage *page)
{
  KioskKeypadPage *self = KIOSK_KEYPAD_PAGE (page);

  kiosk_keypad_set_text (self->keypad, NULL);
  kiosk_keypad_page_set_identity (self, NULL, NULL);
}

static void
kiosk_keypad_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskKeypadPage *self = KIOSK_KEYPAD_PAGE (object);

  switch (prop_id)
    {
      case PROP_FIELD:
        g_value_set_string (value, self->field);
        break;
      case PROP_EXPLANATION:
        g_value_set_string (value, gtk_label_get_text (self->explanation_label));
        break;
      case PROP_MAX_LENGTH:
      case PROP_GROUPING:
      case PROP_PLACEHOLDER:
        g_object_get_property (G_OBJECT (self->keypad), pspec->name, value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keypad_page_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  KioskKeypadPage *self = KIOSK_KEYPAD_PAGE (object);

  switch (prop_id)
    {
      case PROP_FIELD:
        g_free (self->field);
        self->field = g_value_dup_string (value);
        break;
      case PROP_EXPLANATION:
        gtk_label_set_text (self->explanation_label, g_value_get_string (value));
        break;
      case PROP_MAX_LENGTH:
      case PROP_GROUPING:
      case PROP_PLACEHOLDER:
        g_object_set_property (G_OBJECT (self->keypad), pspec->name, value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keypad_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_KEYPAD_PAGE);
  G_OBJECT_CLASS (kiosk_keypad_page_parent_class)->dispose (object);
}

static void
kiosk_keypad_page_finalize (GObject *object)
{
  g_free (KIOSK_KEYPAD_PAGE (object)->field);
  G_OBJECT_CLASS (kiosk_keypad_page_parent_class)->finalize (object);
}

static void
kiosk_keypad_page_class_init (KioskKeypadPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kiosk_keypad_page_get_property;
  object_class->set_property = kiosk_keypad_page_set_property;
  object_class->dispose = kiosk_keypad_page_dispose;
  object_class->finalize = kiosk_keypad_page_finalize;
  page_class->update = kiosk_keypad_page_update;
  page_class->wipe = kiosk_keypad_page_wipe;

  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, "phone", rw);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, rw);
  properties[PROP_MAX_LENGTH] = g_param_spec_uint ("max-length", NULL, NULL, 0, 64, 18, rw);
  properties[PROP_GROUPING] = g_param_spec_string ("grouping", NULL, NULL, "4", rw);
  properties[PROP_PLACEHOLDER] = g_param_spec_string ("placeholder", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_KEYPAD);
  g_type_ensure (KIOSK_TYPE_NUMBER_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-keypad-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskKeypadPage, question_label);
  gtk_widget_class_bind_template_child (widget_class, KioskKeypadPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, KioskKeypadPage, identity_box);
  gtk_widget_class_bind_template_child (widget_class, KioskKeypadPage, identity_name_label);
  gtk_widget_class_bind_template_child (widget_class, KioskKeypadPage, identity_number_label);
  gtk_widget_class_bind_template_child (widget_class, KioskKeypadPage, keypad);
}

static void
kiosk_keypad_page_init (KioskKeypadPage *self)
{
  self->field = g_strdup ("phone");
  gtk_widget_init_template (GTK_WIDGET (self));
}
