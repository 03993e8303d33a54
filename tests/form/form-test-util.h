/* form-test-util.h — helpers shared by the form tests */
#pragma once

#include <glib.h>
#include <string.h>

#include "kiosk-catalog.h"

/* The catalog of the source tree's data/ ($KIOSK_DATA_DIR, set by
 * tests/meson.build). */
static inline KioskCatalog *
form_test_catalog (void)
{
  g_autoptr (GError) error = NULL;
  KioskCatalog *catalog = kiosk_catalog_load (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

/* 17 digits + their GB 11643 check character, written independently of the
 * code under test: ISO 7064 MOD 11-2 as the standard states it, with the
 * weights computed as 2^(i) mod 11 from the right. */
static inline char *
form_test_id_number (const char *digits17)
{
  int sum = 0;
  int i;

  g_assert_cmpuint (strlen (digits17), ==, 17);
  for (i = 0; i < 17; i++)
    {
      int weight = 1;
      int k;

      for (k = 0; k < 17 - i; k++)
        weight = (weight * 2) % 11;
      sum += (digits17[i] - '0') * weight;
    }
  /* The check character c satisfies (sum + c) mod 11 == 1. */
  {
    int c = (12 - (sum % 11)) % 11;
    return g_strdup_printf ("%s%c", digits17, c == 10 ? 'X' : '0' + c);
  }
}

static inline void
form_test_date (GDate *date, int year, int month, int day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* `s` made safe for a TAP comment line: valid UTF-8 without control
 * characters. Free with g_free. */
static inline char *
form_test_printable (const char *s)
{
  GString *out;
  const char *p;

  if (s == NULL)
    return g_strdup ("(null)");
  if (!g_utf8_validate (s, -1, NULL))
    return g_strescape (s, NULL);
  out = g_string_new (NULL);
  for (p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
