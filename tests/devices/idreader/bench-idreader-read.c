/* bench-idreader-read.c — one full ID read (find, select, read text and
 * photo) through the pty at 115200 baud, against the wire time of the bytes
 * exchanged. The simulator paces its replies at the baud rate, so the wire
 * time is the floor; the goal is a measured time within 1.2× of it.
 *
 * Prints one line per run and a summary; exits 1 if the median misses the
 * goal (run with `meson test --benchmark`). */
#include "config.h"

#include <stdio.h>

#include "idreader-test-util.h"
#include "kiosk-sam-line.h"

#define RUNS 15
#define GOAL 1.2

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  IdrRig rig = { 0 };
  /* find 10 + 15, select 10 + 19, read 10 + 1295 */
  const gsize wire_bytes = 10 + 15 + 10 + 19 + 10 + 1295;
  double wire_ms = kiosk_sam_line_wire_time_us (wire_bytes, 115200) / 1000.0;
  double ratios[RUNS];
  double times[RUNS];
  double median;

  if (g_getenv ("KIOSK_DEVICES_SIMDIR") == NULL)
    {
      printf ("skipped: KIOSK_DEVICES_SIMDIR is not set\n");
      return 77;
    }
  idr_rig_start (&rig, "idreader_baud=115200\nidreader_timeout_ms=1000\n");

  for (int i = -1; i < RUNS; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskIdCardData) card = NULL;
      gint64 start;
      double ms;

      idr_sim_ok (&rig, "PLACE resident"); /* a fresh card: find answers 9F */
      start = g_get_monotonic_time ();
      card = kiosk_id_reader_read_card_sync (rig.reader, KIOSK_ID_READ_NONE, NULL, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (card == NULL)
        {
          fprintf (stderr, "read failed: %s\n", error->message);
          return 1;
        }
      if (i < 0)
        continue; /* warm-up */
      times[i] = ms;
      ratios[i] = ms / wire_ms;
      printf ("run %2d: %.1f ms (wire %.1f ms, ratio %.3f)\n", i + 1, ms, wire_ms, ratios[i]);
    }
  idr_rig_stop (&rig);

  qsort (times, RUNS, sizeof times[0], compare);
  qsort (ratios, RUNS, sizeof ratios[0], compare);
  median = ratios[RUNS / 2];
  printf ("idreader-read: %zu bytes exchanged at 115200 baud: wire %.1f ms, measured median "
          "%.1f ms (min %.1f, max %.1f), ratio %.3f (goal <= %.1f): %s\n",
          wire_bytes, wire_ms, times[RUNS / 2], times[0], times[RUNS - 1], median, GOAL,
          median <= GOAL ? "met" : "MISSED");
  return median <= GOAL ? 0 : 1;
}
