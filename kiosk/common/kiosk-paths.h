/* kiosk-paths.h — where the kiosk finds its data files */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $KIOSK_DATA_DIR if set (tests and the developer script point it at the
 * source tree's data/), else the installed data directory. */
const char *kiosk_paths_data_dir (void);

/* kiosk_paths_data_dir() / name; free with g_free. */
char *kiosk_paths_data_file (const char *name);

G_END_DECLS
