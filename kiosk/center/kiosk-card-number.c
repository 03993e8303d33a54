/* kiosk-card-number.c — ISO/IEC 7064 MOD 37-2 over 0-9A-Z */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-card-number.h"

#include <string.h>

#define MOD 37

static const char check_chars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

/* 0…35 for [0-9A-Z]; -1 for anything else. */
static int
char_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

/* The pure system with radix 2: p = ((p + a) · 2) mod 37 over the body;
 * -1 for a bad character. */
static int
body_product (const char *body)
{
  int p = 0;

  for (gsize i = 0; i < KIOSK_CARD_NUMBER_BODY_LEN; i++)
    {
      int v = char_value (body[i]);

      if (v < 0)
        return -1;
      p = ((p + v) * 2) % MOD;
    }
  return p;
}

char
kiosk_card_number_check_char (const char *body)
{
  int p;

  if (body == NULL || strlen (body) != KIOSK_CARD_NUMBER_BODY_LEN)
    return '\0';
  p = body_product (body);
  if (p < 0)
    return '\0';
  /* The check value c makes (p + c) mod 37 == 1. */
  return check_chars[(MOD + 1 - p) % MOD];
}

gboolean
kiosk_card_number_is_valid (const char *number)
{
  int p;
  int c;

  if (number == NULL || strlen (number) != KIOSK_CARD_NUMBER_LEN)
    return FALSE;
  p = body_product (number);
  c = char_value (number[KIOSK_CARD_NUMBER_BODY_LEN]);
  if (p < 0 || c < 0)
    return FALSE;
  return (p + c) % MOD == 1;
}
