#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-person.h"

#include "kiosk-wipe.h"

G_DEFINE_BOXED_TYPE (KioskPerson, kiosk_person, kiosk_person_copy, kiosk_person_free)

KioskPerson *
kiosk_person_new (void)
{
  KioskPerson *person = g_new0 (KioskPerson, 1);

  person->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_card_free);
  return person;
}

KioskPerson *
kiosk_person_copy (const KioskPerson *person)
{
  KioskPerson *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = kiosk_person_new ();
  copy->id_number = g_strdup (person->id_number);
  copy->name = g_strdup (person->name);
  copy->insured = person->insured;
  copy->newly_insured = person->newly_insured;
  copy->deceased = person->deceased;
  copy->cross_province_registered = person->cross_province_registered;
  copy->has_usable_old_medical_card = person->has_usable_old_medical_card;
  copy->hospitalised_on_old_card = person->hospitalised_on_old_card;
  for (guint i = 0; person->cards != NULL && i < person->cards->len; i++)
    g_ptr_array_add (copy->cards, kiosk_card_copy (g_ptr_array_index (person->cards, i)));
  return copy;
}

void
kiosk_person_free (KioskPerson *person)
{
  if (person == NULL)
    return;
  kiosk_clear_string (&person->id_number);
  kiosk_clear_string (&person->name);
  g_clear_pointer (&person->cards, g_ptr_array_unref);
  g_free (person);
}

void
kiosk_person_add_card (KioskPerson *person, KioskCard *card)
{
  g_return_if_fail (person != NULL);
  g_return_if_fail (card != NULL);

  if (person->cards == NULL)
    person->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_card_free);
  g_ptr_array_add (person->cards, card);
}

static KioskCard *
newest_card (const KioskPerson *person, KioskCardKind kind)
{
  g_return_val_if_fail (person != NULL, NULL);

  if (person->cards == NULL)
    return NULL;
  for (guint i = person->cards->len; i > 0; i--)
    {
      KioskCard *card = g_ptr_array_index (person->cards, i - 1);

      if (card->kind != kind || card->replaced)
        continue;
      if (kind == KIOSK_CARD_KIND_TEMPORARY && card->handed_back)
        continue;
      return card;
    }
  return NULL;
}

KioskCard *
kiosk_person_current_card (const KioskPerson *person)
{
  return newest_card (person, KIOSK_CARD_KIND_FORMAL);
}

KioskCard *
kiosk_person_temporary_card (const KioskPerson *person)
{
  return newest_card (person, KIOSK_CARD_KIND_TEMPORARY);
}
