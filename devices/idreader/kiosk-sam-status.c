/* kiosk-sam-status.c — SW3 → message and error */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include "kiosk-device-error.h"
#include "kiosk-sam-status.h"

typedef enum
{
  MAP_SUCCESS,
  MAP_USER,
  MAP_PROTOCOL,
  MAP_NOT_SUPPORTED,
  MAP_FAILED,
} Mapping;

static const struct
{
  guint8 sw3;
  const char *message;
  Mapping mapping;
  KioskDeviceUserError user_code;
} table[] = {
  { 0x90, "0x90 success (操作成功)", MAP_SUCCESS, 0 },
  { 0x9F, "0x9F card found (寻找证卡成功)", MAP_SUCCESS, 0 },
  { 0x91, "0x91 no content (证/卡中此项无内容)", MAP_FAILED, 0 },
  { 0x10, "0x10 checksum error in the request (接收业务终端数据的校验和错)", MAP_PROTOCOL, 0 },
  { 0x11, "0x11 length error in the request (接收业务终端数据的长度错)", MAP_PROTOCOL, 0 },
  { 0x21, "0x21 command error (接收业务终端的命令错误)", MAP_NOT_SUPPORTED, 0 },
  { 0x23, "0x23 operation not authorised (越权操作)", MAP_FAILED, 0 },
  { 0x24, "0x24 unrecognised error (无法识别的错误)", MAP_FAILED, 0 },
  { 0x31, "0x31 card failed to authenticate the SAM (证/卡认证SAM失败)", MAP_USER,
    KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD },
  { 0x32, "0x32 SAM failed to authenticate the card (SAM认证证/卡失败)", MAP_USER,
    KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD },
  { 0x33, "0x33 information verification error (信息验证失败)", MAP_USER,
    KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD },
  { 0x40, "0x40 unknown card type (无法识别的卡类型)", MAP_USER,
    KIOSK_DEVICE_USER_ERROR_UNSUPPORTED_CARD },
  { 0x41, "0x41 reading the card failed (读证/卡操作失败)", MAP_USER,
    KIOSK_DEVICE_USER_ERROR_PLACE_FLAT },
  { 0x47, "0x47 random number failed (取随机数失败)", MAP_FAILED, 0 },
  { 0x60, "0x60 SAM self-test failed (SAM自检失败，不能接收命令)", MAP_FAILED, 0 },
  { 0x66, "0x66 SAM not authorised (SAM未经授权，无法使用)", MAP_FAILED, 0 },
  { 0x80, "0x80 finding the card failed (寻找证/卡失败)", MAP_USER,
    KIOSK_DEVICE_USER_ERROR_NO_CARD },
  { 0x81, "0x81 selecting the card failed (选取证/卡失败)", MAP_USER,
    KIOSK_DEVICE_USER_ERROR_PLACE_FLAT },
};

static int
lookup (guint8 sw3)
{
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].sw3 == sw3)
      return (int) i;
  return -1;
}

const char *
kiosk_sam_status_message (guint8 sw3)
{
  int i = lookup (sw3);
  g_autofree char *unknown = NULL;

  if (i >= 0)
    return table[i].message;
  unknown = g_strdup_printf ("0x%02X unknown status (未知状态)", sw3);
  return g_intern_string (unknown);
}

gboolean
kiosk_sam_status_is_success (guint8 sw3)
{
  return sw3 == KIOSK_SAM_SW3_OK || sw3 == KIOSK_SAM_SW3_CARD_FOUND;
}

gboolean
kiosk_sam_status_is_line_error (guint8 sw3)
{
  return sw3 == KIOSK_SAM_SW3_CHECKSUM_ERROR || sw3 == KIOSK_SAM_SW3_LENGTH_ERROR;
}

GError *
kiosk_sam_status_to_error (guint8 sw3)
{
  int i = lookup (sw3);

  if (i < 0)
    return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL, "SAM reply: %s",
                        kiosk_sam_status_message (sw3));
  switch (table[i].mapping)
    {
      case MAP_SUCCESS:
        return NULL;
      case MAP_USER:
        return kiosk_device_user_error_new (table[i].user_code);
      case MAP_PROTOCOL:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL, "SAM reply: %s",
                            table[i].message);
      case MAP_NOT_SUPPORTED:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED, "SAM reply: %s",
                            table[i].message);
      case MAP_FAILED:
      default:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED, "SAM reply: %s",
                            table[i].message);
    }
}
