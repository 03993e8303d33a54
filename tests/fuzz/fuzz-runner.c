/* fuzz-runner.c — runs a fuzz target's seed corpus without libFuzzer, so
 * that CI builds without clang still put every seed through the parser
 * (and ASan/UBSan builds check them). Arguments: files or directories. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
run_path (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  guint count = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          count += run_path (child);
        }
      return count;
    }
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  /* Every prefix too: truncated input is the commonest damage on a line. */
  for (gsize cut = 0; cut < len; cut += 1 + len / 64)
    LLVMFuzzerTestOneInput ((const uint8_t *) contents, cut);
  return 1;
}

int
main (int argc, char **argv)
{
  guint count = 0;
  g_autofree char *self = g_path_get_basename (argv[0]);

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS-DIR-OR-FILE…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    count += run_path (argv[i]);
  printf ("%u inputs ran through %s without a crash\n", count, self);
  return count > 0 ? 0 : 1;
}
