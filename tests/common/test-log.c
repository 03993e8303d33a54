/* test-log.c — the log writer masks ID and phone numbers in every message */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "kiosk-log.h"

/* Runs in a subprocess so the writer's output (stderr) can be inspected. */
static void
test_masks_messages (void)
{
  if (g_test_subprocess ())
    {
      kiosk_log_init ();
      g_message ("reading card of %s, phone %s", "22010219900307123X", "13912345678");
      g_warning ("lookup failed for 220102199003071234");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  /* fatal-warnings makes the g_warning abort: the masked line must still be out */
  g_test_trap_assert_stderr ("*2201**********123X*139****5678*");
  g_test_trap_assert_stderr ("*2201**********1234*");
  g_test_trap_assert_stderr_unmatched ("*22010219900307123X*");
  g_test_trap_assert_stderr_unmatched ("*13912345678*");
  g_test_trap_assert_stderr_unmatched ("*220102199003071234*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/log/masks-messages", test_masks_messages);
  return g_test_run ();
}
