/* kiosk-paths.c — where the kiosk finds its data files */
#define G_LOG_DOMAIN "kiosk-paths"

#include "config.h"

#include "kiosk-paths.h"

const char *
kiosk_paths_data_dir (void)
{
  const char *dir = g_getenv ("KIOSK_DATA_DIR");

  return (dir != NULL && *dir != '\0') ? dir : KIOSK_DATADIR;
}

char *
kiosk_paths_data_file (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_build_filename (kiosk_paths_data_dir (), name, NULL);
}
