/* kiosk-wipe.h — overwriting personal data before its memory is let go
 *
 * A freed buffer keeps its bytes until the allocator reuses them: a name or
 * an ID number would sit in the heap of a kiosk that runs for months. Every
 * string, buffer or GString that held personal data is wiped with these
 * before it is freed (explicit_bzero, which the compiler may not drop).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Overwrites the characters of `string` (up to its terminator) with zeros. */
void kiosk_wipe_string (char *string);

/* Wipes and frees `*string`, and sets it to NULL. NULL is fine. */
void kiosk_clear_string (char **string);

/* Wipes the whole allocation of `string` (not only its length) and frees
 * it, returning NULL so it can be used as `s = kiosk_wipe_gstring_free (s)`. */
GString *kiosk_wipe_gstring_free (GString *string);

/* Wipes the whole allocation of `string`, leaving it empty but usable. */
void kiosk_wipe_gstring (GString *string);

/* A string wiped and freed when it goes out of scope:
 *   g_auto (KioskWipedString) copy = g_strdup (id_number); */
typedef char *KioskWipedString;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskWipedString, kiosk_clear_string)

G_END_DECLS
