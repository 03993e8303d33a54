#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-service.h"

typedef struct
{
  const char *key;
  const char *label;
  const char *english;
} ServiceName;

static const ServiceName service_names[] = {
  [KIOSK_SERVICE_APPLICATION] = { "application", "申领社保卡", "Card application" },
  [KIOSK_SERVICE_GREEN_CHANNEL]
  = { "green_channel", "绿色通道即时制卡", "Green channel (instant issuance)" },
  [KIOSK_SERVICE_TEMPORARY_LOSS] = { "temporary_loss", "临时挂失", "Temporary loss report" },
  [KIOSK_SERVICE_FORMAL_LOSS_SOCIAL]
  = { "formal_loss_social", "社保功能正式挂失", "Formal loss of the social-security function" },
  [KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL]
  = { "formal_loss_financial", "金融功能正式挂失", "Formal loss of the financial function" },
  [KIOSK_SERVICE_UNBLOCK] = { "unblock", "解挂", "Unblock" },
  [KIOSK_SERVICE_REPLACEMENT] = { "replacement", "补卡", "Replacement card" },
  [KIOSK_SERVICE_TEMPORARY_CARD] = { "temporary_card", "办理临时卡", "Temporary card" },
  [KIOSK_SERVICE_PROGRESS] = { "progress", "制卡进度查询", "Production progress query" },
  [KIOSK_SERVICE_PROXY] = { "proxy", "代办业务", "Business by a proxy" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (service_names) == KIOSK_SERVICE_LAST + 1);

static gboolean
service_valid (KioskService service)
{
  return (guint) service <= KIOSK_SERVICE_LAST;
}

const char *
kiosk_service_to_string (KioskService service)
{
  g_return_val_if_fail (service_valid (service), NULL);

  return service_names[service].key;
}

gboolean
kiosk_service_from_string (const char *text, KioskService *out_service)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (service_names); i++)
    {
      if (g_str_equal (text, service_names[i].key))
        {
          if (out_service != NULL)
            *out_service = (KioskService) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
kiosk_service_to_label (KioskService service)
{
  g_return_val_if_fail (service_valid (service), NULL);

  return service_names[service].label;
}

const char *
kiosk_service_to_english (KioskService service)
{
  g_return_val_if_fail (service_valid (service), NULL);

  return service_names[service].english;
}

KioskServiceVerdict *
kiosk_service_verdict_new (KioskService service, KioskRefusal *refusal)
{
  KioskServiceVerdict *verdict;

  g_return_val_if_fail (service_valid (service), NULL);

  verdict = g_new0 (KioskServiceVerdict, 1);
  verdict->service = service;
  verdict->refusal = refusal;
  return verdict;
}

void
kiosk_service_verdict_free (KioskServiceVerdict *verdict)
{
  if (verdict == NULL)
    return;
  kiosk_refusal_free (verdict->refusal);
  g_free (verdict);
}
