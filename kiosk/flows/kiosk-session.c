/* kiosk-session.c — one visit's personal data, and its wipe */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-session.h"

#include <string.h>

struct _KioskSession
{
  GObject parent_instance;

  char *uuid;
  KioskService service;
  gboolean wiped;

  KioskIdCardData *id_card;
  char *id_number;
  KioskPerson *person;
  GBytes *photo;
  KioskApplicationForm *form;
  GBytes *signature;
  KioskSscCardData *chip;
};

G_DEFINE_FINAL_TYPE (KioskSession, kiosk_session, G_TYPE_OBJECT)

static KioskSessionWipeHook wipe_hook;
static gpointer wipe_hook_data;

void
kiosk_session_set_wipe_hook (KioskSessionWipeHook hook, gpointer user_data)
{
  wipe_hook = hook;
  wipe_hook_data = user_data;
}

/* Overwrites `len` bytes, shows them to the test hook, and leaves freeing to
 * the caller. */
static void
wipe_bytes (const char *what, gpointer data, gsize len)
{
  if (data == NULL)
    return;
  explicit_bzero (data, len);
  if (wipe_hook != NULL)
    wipe_hook (what, data, len, wipe_hook_data);
}

static void
wipe_string (const char *what, char **string)
{
  if (*string == NULL)
    return;
  wipe_bytes (what, *string, strlen (*string));
  g_clear_pointer (string, g_free);
}

/* ---- buffers: GBytes over memory the session can zero --------------------- */

typedef struct
{
  guint8 *data;
  gsize len;
} Buffer;

static void
buffer_free (gpointer user_data)
{
  Buffer *buffer = user_data;

  explicit_bzero (buffer->data, buffer->len);
  g_free (buffer->data);
  g_free (buffer);
}

static GBytes *
bytes_copy_wipeable (GBytes *bytes)
{
  Buffer *buffer;
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  buffer = g_new0 (Buffer, 1);
  buffer->data = g_malloc (MAX (len, 1));
  buffer->len = len;
  if (len > 0)
    memcpy (buffer->data, data, len);
  return g_bytes_new_with_free_func (buffer->data, len, buffer_free, buffer);
}

static void
wipe_gbytes (const char *what, GBytes **bytes)
{
  gsize len = 0;
  gpointer data;

  if (*bytes == NULL)
    return;
  /* Our own memory (bytes_copy_wipeable): zero it now, whoever else holds it. */
  data = (gpointer) g_bytes_get_data (*bytes, &len);
  wipe_bytes (what, data, len);
  g_clear_pointer (bytes, g_bytes_unref);
}

/* ---- the parts ------------------------------------------------------------ */

static void
wipe_id_card (KioskIdCardData **data)
{
  KioskIdCardData *d = *data;

  if (d == NULL)
    return;
  wipe_string ("id-card.name", &d->name);
  wipe_string ("id-card.english-name", &d->english_name);
  wipe_string ("id-card.nation", &d->nation);
  wipe_string ("id-card.birth-date", &d->birth_date);
  wipe_string ("id-card.address", &d->address);
  wipe_string ("id-card.id-number", &d->id_number);
  wipe_string ("id-card.authority", &d->authority);
  wipe_string ("id-card.valid-from", &d->valid_from);
  wipe_string ("id-card.valid-to", &d->valid_to);
  wipe_string ("id-card.pass-number", &d->pass_number);
  wipe_string ("id-card.nationality", &d->nationality);
  wipe_string ("id-card.previous-number", &d->previous_number);
  wipe_bytes ("id-card.photo-wlt", d->photo_wlt, d->photo_wlt_len);
  wipe_bytes ("id-card.photo-bmp", d->photo_bmp, d->photo_bmp_len);
  wipe_bytes ("id-card.fingerprint", d->fingerprint, d->fingerprint_len);
  d->sex = 0;
  /* kiosk_id_card_data_free() overwrites and frees what is left. */
  g_clear_pointer (data, kiosk_id_card_data_free);
}

static void
wipe_person (KioskPerson **person)
{
  KioskPerson *p = *person;

  if (p == NULL)
    return;
  wipe_string ("person.id-number", &p->id_number);
  wipe_string ("person.name", &p->name);
  for (guint i = 0; p->cards != NULL && i < p->cards->len; i++)
    {
      KioskCard *card = g_ptr_array_index (p->cards, i);

      wipe_string ("person.card-number", &card->card_number);
    }
  g_clear_pointer (person, kiosk_person_free);
}

void
kiosk_session_wipe_card (KioskCard **card)
{
  if (*card == NULL)
    return;
  wipe_string ("card.card-number", &(*card)->card_number);
  g_clear_pointer (card, kiosk_card_free);
}

static void
wipe_form (KioskApplicationForm **form)
{
  KioskApplicationForm *f = *form;

  if (f == NULL)
    return;
  wipe_string ("form.name", &f->name);
  wipe_string ("form.sex", &f->sex);
  wipe_string ("form.id-type", &f->id_type);
  wipe_string ("form.id-number", &f->id_number);
  wipe_string ("form.id-valid-from", &f->id_valid_from);
  wipe_string ("form.id-valid-to", &f->id_valid_to);
  wipe_string ("form.birth-date", &f->birth_date);
  wipe_string ("form.ethnic-group", &f->ethnic_group);
  wipe_string ("form.phone", &f->phone);
  wipe_string ("form.household-type", &f->household_type);
  wipe_string ("form.postal-code", &f->postal_code);
  wipe_string ("form.address", &f->address);
  wipe_string ("form.occupation", &f->occupation);
  wipe_string ("form.industry", &f->industry);
  for (guint i = 0; f->banks != NULL && f->banks[i] != NULL; i++)
    wipe_bytes ("form.bank", f->banks[i], strlen (f->banks[i]));
  wipe_string ("form.proxy-name", &f->proxy_name);
  wipe_string ("form.proxy-sex", &f->proxy_sex);
  wipe_string ("form.proxy-id-number", &f->proxy_id_number);
  wipe_string ("form.proxy-phone", &f->proxy_phone);
  wipe_string ("form.mail-address", &f->mail_address);
  wipe_string ("form.unit-insurance-number", &f->unit_insurance_number);
  wipe_string ("form.unit-name", &f->unit_name);
  g_clear_pointer (form, kiosk_application_form_free);
}

static void
wipe_chip (KioskSscCardData **data)
{
  KioskSscCardData *d = *data;

  if (d == NULL)
    return;
  wipe_string ("chip.card-number", &d->card_number);
  wipe_string ("chip.ssn", &d->ssn);
  wipe_string ("chip.name", &d->name);
  wipe_string ("chip.birth-date", &d->birth_date);
  wipe_string ("chip.birthplace", &d->birthplace);
  g_clear_pointer (data, kiosk_ssc_card_data_free);
}

void
kiosk_session_wipe (KioskSession *self)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_id_card (&self->id_card);
  wipe_string ("id-number", &self->id_number);
  wipe_person (&self->person);
  wipe_gbytes ("photo", &self->photo);
  wipe_form (&self->form);
  wipe_gbytes ("signature", &self->signature);
  wipe_chip (&self->chip);
  self->wiped = TRUE;
}

gboolean
kiosk_session_is_wiped (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  return self->wiped;
}

/* ---- object --------------------------------------------------------------- */

static void
kiosk_session_finalize (GObject *object)
{
  KioskSession *self = KIOSK_SESSION (object);

  kiosk_session_wipe (self);
  g_free (self->uuid);

  G_OBJECT_CLASS (kiosk_session_parent_class)->finalize (object);
}

static void
kiosk_session_class_init (KioskSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_session_finalize;
}

static void
kiosk_session_init (KioskSession *self)
{
}

KioskSession *
kiosk_session_new (KioskService service, const char *uuid)
{
  KioskSession *self = g_object_new (KIOSK_TYPE_SESSION, NULL);

  self->service = service;
  self->uuid = g_strdup (uuid);
  return self;
}

const char *
kiosk_session_get_uuid (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->uuid;
}

KioskService
kiosk_session_get_service (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), 0);
  return self->service;
}

void
kiosk_session_set_id_card (KioskSession *self, KioskIdCardData *data)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_id_card (&self->id_card);
  self->id_card = data;
  self->wiped = FALSE;
}

const KioskIdCardData *
kiosk_session_get_id_card (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->id_card;
}

void
kiosk_session_set_id_number (KioskSession *self, const char *id_number)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_string ("id-number", &self->id_number);
  self->id_number = g_strdup (id_number);
  self->wiped = FALSE;
}

const char *
kiosk_session_get_id_number (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->id_number;
}

void
kiosk_session_set_person (KioskSession *self, KioskPerson *person)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_person (&self->person);
  self->person = person;
  self->wiped = FALSE;
}

KioskPerson *
kiosk_session_get_person (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->person;
}

void
kiosk_session_set_photo (KioskSession *self, GBytes *jpeg)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_gbytes ("photo", &self->photo);
  self->photo = jpeg != NULL ? bytes_copy_wipeable (jpeg) : NULL;
  self->wiped = FALSE;
}

GBytes *
kiosk_session_get_photo (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->photo;
}

KioskApplicationForm *
kiosk_session_get_form (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);

  if (self->form == NULL)
    {
      self->form = kiosk_application_form_new ();
      self->wiped = FALSE;
    }
  return self->form;
}

void
kiosk_session_set_signature (KioskSession *self, GBytes *png)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_gbytes ("signature", &self->signature);
  self->signature = png != NULL ? bytes_copy_wipeable (png) : NULL;
  self->wiped = FALSE;
}

GBytes *
kiosk_session_get_signature (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->signature;
}

void
kiosk_session_set_chip_data (KioskSession *self, KioskSscCardData *data)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_chip (&self->chip);
  self->chip = data;
  self->wiped = FALSE;
}

const KioskSscCardData *
kiosk_session_get_chip_data (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->chip;
}
