/* test-wipe.c — personal data is overwritten before its memory is freed */
#include "config.h"

#include "kiosk-test.h"
#include "kiosk-wipe.h"

static gboolean
all_zero (const char *buffer, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (buffer[i] != '\0')
      return FALSE;
  return TRUE;
}

static void
test_string (void)
{
  char id[] = "22010219900307123X";
  g_autofree char *name = g_strdup ("张三");

  kiosk_wipe_string (id);
  g_assert_true (all_zero (id, sizeof id));
  kiosk_wipe_string (name);
  g_assert_cmpuint (name[0], ==, 0);
  g_assert_true (all_zero (name, 6)); /* the two characters' six bytes */
  kiosk_wipe_string (NULL);           /* nothing to do */
}

static void
test_clear_string (void)
{
  char *phone = g_strdup ("13912345678");
  char *nothing = NULL;

  kiosk_clear_string (&phone);
  g_assert_null (phone);
  kiosk_clear_string (&nothing);
  g_assert_null (nothing);
}

static void
test_gstring_tail (void)
{
  GString *s = g_string_new ("吉林省长春市朝阳区前进大街 2699 号");
  const char *buffer;
  gsize allocated;

  /* Truncated to a prefix: the rest of the address is still in the buffer
   * beyond its length. The wipe covers the whole allocation. */
  g_string_truncate (s, 9);
  buffer = s->str;
  allocated = s->allocated_len;
  g_assert_cmpuint (allocated, >, 40);
  g_assert_cmpint (buffer[20], !=, 0);
  kiosk_wipe_gstring (s);
  g_assert_true (s->str == buffer);
  g_assert_cmpuint (s->len, ==, 0);
  g_assert_true (all_zero (buffer, allocated));
  /* Still usable afterwards. */
  g_string_append (s, "x");
  g_assert_cmpstr (s->str, ==, "x");
  g_assert_null (kiosk_wipe_gstring_free (s));
  g_assert_null (kiosk_wipe_gstring_free (NULL));
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/wipe/string", test_string);
  g_test_add_func ("/wipe/clear-string", test_clear_string);
  g_test_add_func ("/wipe/gstring-tail", test_gstring_tail);
  return kiosk_test_run ();
}
