/* kiosk-key-file.h — reading a string from a key file that may be garbage
 *
 * GLib 2.74's g_key_file_get_string() sets its internal GError twice for a
 * value with an invalid escape sequence followed by a backslash at the end
 * of the line (a GLib-WARNING "GError set over the top of a previous
 * GError", fatal under G_DEBUG=fatal-warnings; found by fuzz-card-layout).
 * The escapes are checked here first, so GLib never parses a bad one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The value of `key` with its escapes (\s \n \t \r \\) resolved, or NULL
 * with a G_KEY_FILE_ERROR: KEY_NOT_FOUND / GROUP_NOT_FOUND, or
 * INVALID_VALUE for an unknown escape or a backslash at the end. */
char *
kiosk_key_file_get_string (GKeyFile *keyfile, const char *group, const char *key, GError **error);

G_END_DECLS
