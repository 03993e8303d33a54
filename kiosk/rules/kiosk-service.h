/* kiosk-service.h — the card services a citizen can ask for, and a verdict per service */
#pragma once

#include <glib-object.h>

#include "kiosk-refusal.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_SERVICE_APPLICATION,           /* 申领社保卡 (R1–R3) */
  KIOSK_SERVICE_GREEN_CHANNEL,         /* 绿色通道即时制卡 (R4) */
  KIOSK_SERVICE_TEMPORARY_LOSS,        /* 临时挂失 (R6) */
  KIOSK_SERVICE_FORMAL_LOSS_SOCIAL,    /* 社保功能正式挂失 (R8) */
  KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL, /* 金融功能正式挂失 (R8) */
  KIOSK_SERVICE_UNBLOCK,               /* 解挂 (R7, R9) */
  KIOSK_SERVICE_REPLACEMENT,           /* 补卡 (R10, R15) */
  KIOSK_SERVICE_TEMPORARY_CARD,        /* 办理临时卡 (R12, R13) */
  KIOSK_SERVICE_PROGRESS,              /* 制卡进度查询 (R16) */
  KIOSK_SERVICE_PROXY,                 /* 代办 (R11) */
} KioskService;

#define KIOSK_SERVICE_LAST KIOSK_SERVICE_PROXY

/* "green_channel" (stable key), "绿色通道即时制卡" (Chinese), "Green channel
 * (instant issuance)" (English). Static strings. */
const char *kiosk_service_to_string (KioskService service);
gboolean kiosk_service_from_string (const char *text, KioskService *out_service);
const char *kiosk_service_to_label (KioskService service);
const char *kiosk_service_to_english (KioskService service);

typedef struct
{
  KioskService service;
  KioskRefusal *refusal; /* owned; NULL = allowed */
} KioskServiceVerdict;

/* Takes ownership of refusal. */
KioskServiceVerdict *kiosk_service_verdict_new (KioskService service, KioskRefusal *refusal);
void kiosk_service_verdict_free (KioskServiceVerdict *verdict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskServiceVerdict, kiosk_service_verdict_free)

G_END_DECLS
