/* kiosk-device-error.c — the two error domains of every device */
#define G_LOG_DOMAIN "kiosk-device"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-device-error.h"

/* clang-format off */
G_DEFINE_QUARK (kiosk-device-error-quark, kiosk_device_error)
G_DEFINE_QUARK (kiosk-device-user-error-quark, kiosk_device_user_error)
/* clang-format on */

static const struct
{
  KioskDeviceUserError code;
  const char *name;
  const char *message;
} user_errors[] = {
  { KIOSK_DEVICE_USER_ERROR_NO_CARD, "no-card", "请将证件放在读卡区" },
  { KIOSK_DEVICE_USER_ERROR_PLACE_FLAT, "place-flat", "请将证件平放在读卡区，读卡完成前不要移动" },
  { KIOSK_DEVICE_USER_ERROR_CARD_REMOVED, "card-removed", "证件已被取走，请重新放置后再试" },
  { KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD, "unreadable-card",
    "无法读取此证件，证件可能已损坏，请到人工窗口办理" },
  { KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD, "unsupported-card",
    "无法识别此卡，请放置本人有效身份证件" },
  { KIOSK_DEVICE_USER_ERROR_INSERT_CORRECTLY, "insert-correctly",
    "请按图示方向插入社会保障卡，芯片朝上" },
  { KIOSK_DEVICE_USER_ERROR_WRONG_PIN, "wrong-pin", "密码错误，请重新输入" },
  { KIOSK_DEVICE_USER_ERROR_PIN_LOCKED, "pin-locked", "密码已锁定，请办理解锁或到人工窗口办理" },
};

static const char *const hard_error_names[] = {
  [KIOSK_DEVICE_ERROR_BUSY] = "busy",       [KIOSK_DEVICE_ERROR_NOT_CONNECTED] = "not-connected",
  [KIOSK_DEVICE_ERROR_TIMEOUT] = "timeout", [KIOSK_DEVICE_ERROR_PROTOCOL] = "protocol",
  [KIOSK_DEVICE_ERROR_IO] = "io",           [KIOSK_DEVICE_ERROR_NOT_SUPPORTED] = "not-supported",
  [KIOSK_DEVICE_ERROR_FAILED] = "failed",   [KIOSK_DEVICE_ERROR_CONFIG] = "config",
};

const char *
kiosk_device_user_error_message (KioskDeviceUserError code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (user_errors); i++)
    if (user_errors[i].code == code)
      return user_errors[i].message;
  return "证件读取未成功，请重试";
}

GError *
kiosk_device_user_error_new (KioskDeviceUserError code)
{
  return g_error_new_literal (KIOSK_DEVICE_USER_ERROR, code,
                              kiosk_device_user_error_message (code));
}

const char *
kiosk_device_error_code_name (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == KIOSK_DEVICE_ERROR)
    {
      if (error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (hard_error_names))
        return hard_error_names[error->code];
      return "device-error";
    }
  if (error->domain == KIOSK_DEVICE_USER_ERROR)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (user_errors); i++)
        if ((int) user_errors[i].code == error->code)
          return user_errors[i].name;
      return "user-error";
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return "timeout";
  return "error";
}

gboolean
kiosk_device_error_is_user (const GError *error)
{
  return error != NULL && error->domain == KIOSK_DEVICE_USER_ERROR;
}
