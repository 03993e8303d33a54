/* kiosk-ssc-card-data.c — the social security card's data, wiped when freed */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include "kiosk-ssc-card-data.h"

KioskSscCardData *
kiosk_ssc_card_data_new (void)
{
  return g_new0 (KioskSscCardData, 1);
}

KioskSscCardData *
kiosk_ssc_card_data_copy (const KioskSscCardData *data)
{
  KioskSscCardData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = kiosk_ssc_card_data_new ();
  copy->identification_code = g_strdup (data->identification_code);
  copy->card_type = g_strdup (data->card_type);
  copy->spec_version = g_strdup (data->spec_version);
  copy->issuer = g_strdup (data->issuer);
  copy->issue_date = g_strdup (data->issue_date);
  copy->expiry_date = g_strdup (data->expiry_date);
  copy->card_number = g_strdup (data->card_number);
  copy->ssn = g_strdup (data->ssn);
  copy->name = g_strdup (data->name);
  copy->sex = data->sex;
  copy->nation = g_strdup (data->nation);
  copy->birthplace = g_strdup (data->birthplace);
  copy->birth_date = g_strdup (data->birth_date);
  copy->present = data->present;
  return copy;
}

void
kiosk_ssc_wipe_string (char **string)
{
  g_return_if_fail (string != NULL);
  if (*string == NULL)
    return;
  explicit_bzero (*string, strlen (*string));
  g_clear_pointer (string, g_free);
}

void
kiosk_ssc_card_data_wipe (KioskSscCardData *data)
{
  g_return_if_fail (data != NULL);

  kiosk_ssc_wipe_string (&data->identification_code);
  kiosk_ssc_wipe_string (&data->card_type);
  kiosk_ssc_wipe_string (&data->spec_version);
  kiosk_ssc_wipe_string (&data->issuer);
  kiosk_ssc_wipe_string (&data->issue_date);
  kiosk_ssc_wipe_string (&data->expiry_date);
  kiosk_ssc_wipe_string (&data->card_number);
  kiosk_ssc_wipe_string (&data->ssn);
  kiosk_ssc_wipe_string (&data->name);
  kiosk_ssc_wipe_string (&data->nation);
  kiosk_ssc_wipe_string (&data->birthplace);
  kiosk_ssc_wipe_string (&data->birth_date);
  explicit_bzero (data, sizeof *data);
}

void
kiosk_ssc_card_data_free (KioskSscCardData *data)
{
  if (data == NULL)
    return;
  kiosk_ssc_card_data_wipe (data);
  g_free (data);
}

gboolean
kiosk_ssc_card_data_has (const KioskSscCardData *data, guint8 tag)
{
  g_return_val_if_fail (data != NULL, FALSE);
  return tag >= 0x01 && tag <= 0x0D && (data->present & (1u << tag)) != 0;
}

gboolean
kiosk_ssc_card_data_equal (const KioskSscCardData *a, const KioskSscCardData *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->present == b->present && g_strcmp0 (a->identification_code, b->identification_code) == 0
         && g_strcmp0 (a->card_type, b->card_type) == 0
         && g_strcmp0 (a->spec_version, b->spec_version) == 0
         && g_strcmp0 (a->issuer, b->issuer) == 0 && g_strcmp0 (a->issue_date, b->issue_date) == 0
         && g_strcmp0 (a->expiry_date, b->expiry_date) == 0
         && g_strcmp0 (a->card_number, b->card_number) == 0 && g_strcmp0 (a->ssn, b->ssn) == 0
         && g_strcmp0 (a->name, b->name) == 0 && a->sex == b->sex
         && g_strcmp0 (a->nation, b->nation) == 0 && g_strcmp0 (a->birthplace, b->birthplace) == 0
         && g_strcmp0 (a->birth_date, b->birth_date) == 0;
}

const char *
kiosk_ssc_sex_label (guint sex)
{
  switch (sex)
    {
      case 1:
        return "男";
      case 2:
        return "女";
      case 9:
        return "未说明";
      default:
        return "未知";
    }
}

const char *
kiosk_ssc_generation_label (const char *spec_version)
{
  if (g_strcmp0 (spec_version, "1.00") == 0)
    return "第一代社会保障卡";
  if (g_strcmp0 (spec_version, "2.00") == 0)
    return "第二代社会保障卡";
  if (g_strcmp0 (spec_version, "3.00") == 0)
    return "第三代社会保障卡";
  return "社会保障卡";
}
