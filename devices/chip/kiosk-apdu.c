/* kiosk-apdu.c — command APDUs: build and parse (pure) */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include "kiosk-apdu.h"

G_DEFINE_QUARK (kiosk - apdu - error - quark, kiosk_apdu_error)

gboolean
kiosk_apdu_parse (const guint8 *raw, gsize len, KioskApdu *apdu, GError **error)
{
  g_return_val_if_fail (apdu != NULL, FALSE);
  g_return_val_if_fail (raw != NULL || len == 0, FALSE);

  memset (apdu, 0, sizeof *apdu);
  if (len < 4)
    {
      g_set_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_MALFORMED,
                   "A command APDU has at least 4 bytes, this one %" G_GSIZE_FORMAT, len);
      return FALSE;
    }
  if (len > KIOSK_APDU_MAX_COMMAND)
    {
      g_set_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_EXTENDED,
                   "A command APDU of %" G_GSIZE_FORMAT " bytes is longer than a short APDU", len);
      return FALSE;
    }

  apdu->cla = raw[0];
  apdu->ins = raw[1];
  apdu->p1 = raw[2];
  apdu->p2 = raw[3];
  if (len == 4)
    return TRUE; /* case 1 */
  if (len == 5)
    {
      /* case 2: Le only */
      apdu->has_le = TRUE;
      apdu->le = raw[4] == 0 ? 256 : raw[4];
      return TRUE;
    }
  if (raw[4] == 0)
    {
      g_set_error_literal (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_EXTENDED,
                           "Extended-length APDUs are not supported");
      return FALSE;
    }
  apdu->lc = raw[4];
  apdu->data = raw + 5;
  if (len == 5 + apdu->lc)
    return TRUE; /* case 3 */
  if (len == 5 + apdu->lc + 1)
    {
      /* case 4 */
      apdu->has_le = TRUE;
      apdu->le = raw[len - 1] == 0 ? 256 : raw[len - 1];
      return TRUE;
    }
  g_set_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_MALFORMED,
               "Lc says %" G_GSIZE_FORMAT " data bytes but the APDU has %" G_GSIZE_FORMAT
               " bytes after the header",
               apdu->lc, len - 5);
  memset (apdu, 0, sizeof *apdu);
  return FALSE;
}

GBytes *
kiosk_apdu_build (
    guint8 cla, guint8 ins, guint8 p1, guint8 p2, const guint8 *data, gsize lc, gint le)
{
  guint8 buf[KIOSK_APDU_MAX_COMMAND];
  gsize n = 0;

  g_return_val_if_fail (lc <= 255, NULL);
  g_return_val_if_fail (data != NULL || lc == 0, NULL);
  g_return_val_if_fail (le >= -1 && le <= 256 && le != 0, NULL);

  buf[n++] = cla;
  buf[n++] = ins;
  buf[n++] = p1;
  buf[n++] = p2;
  if (lc > 0)
    {
      buf[n++] = (guint8) lc;
      memcpy (buf + n, data, lc);
      n += lc;
    }
  if (le > 0)
    buf[n++] = (guint8) (le == 256 ? 0 : le);
  return g_bytes_new (buf, n);
}

GBytes *
kiosk_apdu_with_le (GBytes *command, guint le)
{
  KioskApdu apdu;
  gsize len = 0;
  const guint8 *raw;

  g_return_val_if_fail (command != NULL, NULL);
  g_return_val_if_fail (le >= 1 && le <= 256, NULL);

  raw = g_bytes_get_data (command, &len);
  if (!kiosk_apdu_parse (raw, len, &apdu, NULL))
    return NULL;
  return kiosk_apdu_build (apdu.cla, apdu.ins, apdu.p1, apdu.p2, apdu.data, apdu.lc, (gint) le);
}

GBytes *
kiosk_apdu_select_by_name (const guint8 *name, gsize len)
{
  g_return_val_if_fail (name != NULL && len >= 1 && len <= 16, NULL);
  return kiosk_apdu_build (0x00, KIOSK_APDU_INS_SELECT, 0x04, 0x00, name, len, -1);
}

GBytes *
kiosk_apdu_select_file (guint16 fid)
{
  guint8 data[2] = { (guint8) (fid >> 8), (guint8) (fid & 0xFF) };

  return kiosk_apdu_build (0x00, KIOSK_APDU_INS_SELECT, 0x02, 0x00, data, sizeof data, -1);
}

GBytes *
kiosk_apdu_read_record (guint8 p1, guint8 sfi, guint8 how, guint le)
{
  g_return_val_if_fail (sfi <= 30, NULL);
  g_return_val_if_fail (how <= 7, NULL);
  g_return_val_if_fail (le >= 1 && le <= 256, NULL);
  return kiosk_apdu_build (0x00, KIOSK_APDU_INS_READ_RECORD, p1, (guint8) (sfi << 3 | how), NULL, 0,
                           (gint) le);
}

GBytes *
kiosk_apdu_get_response (guint le)
{
  g_return_val_if_fail (le >= 1 && le <= 256, NULL);
  return kiosk_apdu_build (0x00, KIOSK_APDU_INS_GET_RESPONSE, 0x00, 0x00, NULL, 0, (gint) le);
}

GBytes *
kiosk_apdu_get_challenge (guint len)
{
  g_return_val_if_fail (len >= 1 && len <= 256, NULL);
  return kiosk_apdu_build (0x00, KIOSK_APDU_INS_GET_CHALLENGE, 0x00, 0x00, NULL, 0, (gint) len);
}

GBytes *
kiosk_apdu_verify (const guint8 *pin, gsize len)
{
  g_return_val_if_fail (pin != NULL && len >= 1 && len <= 8, NULL);
  return kiosk_apdu_build (0x00, KIOSK_APDU_INS_VERIFY, 0x00, 0x00, pin, len, -1);
}

gboolean
kiosk_apdu_pack_bcd (const char *digits, guint8 *out, gsize out_size, gsize *out_len)
{
  gsize n;

  g_return_val_if_fail (out != NULL, FALSE);

  if (digits == NULL)
    return FALSE;
  n = strlen (digits);
  if (n < 2 || n > 16 || n % 2 != 0 || n / 2 > out_size)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  for (gsize i = 0; i < n; i += 2)
    out[i / 2] = (guint8) ((digits[i] - '0') << 4 | (digits[i + 1] - '0'));
  if (out_len != NULL)
    *out_len = n / 2;
  return TRUE;
}

char *
kiosk_apdu_to_hex (const guint8 *data, gsize len)
{
  static const char digits[] = "0123456789ABCDEF";
  char *hex = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      hex[2 * i] = digits[data[i] >> 4];
      hex[2 * i + 1] = digits[data[i] & 0x0F];
    }
  hex[len * 2] = '\0';
  return hex;
}

GBytes *
kiosk_apdu_from_hex (const char *hex)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  const char *p = hex;

  g_return_val_if_fail (hex != NULL, NULL);

  while (*p != '\0')
    {
      int hi, lo;
      guint8 byte;

      if (*p == ' ' || *p == ':')
        {
          p++;
          continue;
        }
      hi = g_ascii_xdigit_value (p[0]);
      lo = p[1] != '\0' ? g_ascii_xdigit_value (p[1]) : -1;
      if (hi < 0 || lo < 0)
        return NULL;
      byte = (guint8) (hi << 4 | lo);
      g_byte_array_append (out, &byte, 1);
      p += 2;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

const char *
kiosk_apdu_sw_describe (guint16 sw)
{
  switch (sw)
    {
      case 0x9000:
        return "success";
      case 0x6281:
        return "part of the returned data may be corrupted";
      case 0x6282:
        return "end of file or record reached before Le bytes";
      case 0x6283:
        return "selected file invalidated";
      case 0x6300:
        return "authentication failed";
      case 0x6581:
        return "memory failure";
      case 0x6700:
        return "wrong length";
      case 0x6882:
        return "secure messaging not supported";
      case 0x6981:
        return "command incompatible with file structure";
      case 0x6982:
        return "security status not satisfied";
      case 0x6983:
        return "authentication method blocked";
      case 0x6984:
        return "reference data not usable";
      case 0x6985:
        return "conditions of use not satisfied";
      case 0x6986:
        return "command not allowed (no current EF)";
      case 0x6A80:
        return "incorrect parameters in the data field";
      case 0x6A81:
        return "function not supported";
      case 0x6A82:
        return "file or application not found";
      case 0x6A83:
        return "record not found";
      case 0x6A84:
        return "not enough memory space in the file";
      case 0x6A86:
        return "incorrect parameters P1-P2";
      case 0x6A88:
        return "referenced data not found";
      case 0x6B00:
        return "wrong parameters P1-P2";
      case 0x6D00:
        return "instruction code not supported";
      case 0x6E00:
        return "class not supported";
      case 0x6F00:
        return "no precise diagnosis";
      default:
        break;
    }
  switch (sw >> 8)
    {
      case 0x61:
        return "more response data available";
      case 0x63:
        return (sw & 0xF0) == 0xC0 ? "verification failed, tries left in the low nibble"
                                   : "warning: state of non-volatile memory changed";
      case 0x64:
        return "execution error: memory unchanged";
      case 0x65:
        return "execution error: memory changed";
      case 0x6C:
        return "wrong Le, the exact length is in SW2";
      default:
        return "unknown status";
    }
}
