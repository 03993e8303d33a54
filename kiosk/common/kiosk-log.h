/* kiosk-log.h — the program-wide log writer that masks personal data */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs a GLogWriterFunc that passes every message through
 * kiosk_mask_text() before GLib's default writer (journald when present,
 * stderr otherwise). Call once, first thing in main(). */
void kiosk_log_init (void);

/* The writer itself, exposed for tests. */
GLogWriterOutput kiosk_log_writer (GLogLevelFlags log_level,
                                   const GLogField *fields,
                                   gsize n_fields,
                                   gpointer user_data);

G_END_DECLS
