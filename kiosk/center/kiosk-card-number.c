/* kiosk-card-number.c — ISO/IEC 7064 MOD 37,36 over 0-9A-Z */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-card-number.h"

#include <string.h>

#define MOD 36

static int
char_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

static char
value_char (int v)
{
  return v < 10 ? (char) ('0' + v) : (char) ('A' + v - 10);
}

/* Runs the hybrid system over `len` characters; returns the last product
 * (before the check character is added), or -1 for a bad character. */
static int
hybrid_product (const char *s, gsize len)
{
  int p = MOD;

  for (gsize i = 0; i < len; i++)
    {
      int v = char_value (s[i]);
      int sum;

      if (v < 0)
        return -1;
      sum = (p + v) % MOD;
      if (sum == 0)
        sum = MOD;
      p = (sum * 2) % (MOD + 1);
    }
  return p;
}

char
kiosk_card_number_check_char (const char *body)
{
  int p;

  if (body == NULL || strlen (body) != KIOSK_CARD_NUMBER_BODY_LEN)
    return '\0';
  p = hybrid_product (body, KIOSK_CARD_NUMBER_BODY_LEN);
  if (p < 0)
    return '\0';
  /* The check value c makes (p + c) mod 36 == 1. */
  return value_char ((MOD + 1 - p) % MOD);
}

gboolean
kiosk_card_number_is_valid (const char *number)
{
  int p;
  int c;

  if (number == NULL || strlen (number) != KIOSK_CARD_NUMBER_LEN)
    return FALSE;
  p = hybrid_product (number, KIOSK_CARD_NUMBER_BODY_LEN);
  c = char_value (number[KIOSK_CARD_NUMBER_BODY_LEN]);
  if (p < 0 || c < 0)
    return FALSE;
  return (p + c) % MOD == 1;
}
