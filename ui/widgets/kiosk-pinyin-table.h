/* kiosk-pinyin-table.h — pinyin → the characters and words of an address
 *
 * The candidates of the address keyboard (data/address-pinyin.ini): one
 * line per pinyin, letters a–z (ü typed as v), candidates ';'-separated,
 * most likely first. Not a general input method: what people in Jilin write
 * in an address. Pure GLib, so it is tested without a display.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskPinyinTable KioskPinyinTable;

typedef struct
{
  char *text;     /* what is inserted: "路", "长春市" */
  guint consumed; /* how many of the typed letters it stands for */
} KioskPinyinCandidate;

/* Parses the file's text; FALSE-like NULL with G_KEY_FILE_ERROR or
 * G_IO_ERROR_INVALID_DATA naming the line's key (letters other than a–z, an
 * empty candidate, invalid UTF-8, a candidate longer than 16 characters, or
 * no [pinyin] group at all). */
KioskPinyinTable *kiosk_pinyin_table_new_from_data (const char *data, gsize length, GError **error);
KioskPinyinTable *kiosk_pinyin_table_new_from_file (const char *path, GError **error);
void kiosk_pinyin_table_free (KioskPinyinTable *self);

/* The candidates for `letters` (a–z, at most 24), best first, no duplicate:
 * those of the letters as a whole, then of the words that begin with them,
 * then of the longest pinyin the letters begin with (which consume only its
 * letters: "lushi" offers 路 for "lu"). At most `max` (0: all). An empty
 * array for letters that match nothing or are not a–z. Element type
 * KioskPinyinCandidate (freed with the array). */
GPtrArray *kiosk_pinyin_table_lookup (const KioskPinyinTable *self, const char *letters, guint max);

/* TRUE when every character of `text` is a candidate of some pinyin (or an
 * ASCII digit or '-'): the text can be typed on the keyboard. */
gboolean kiosk_pinyin_table_can_type (const KioskPinyinTable *self, const char *text);

guint kiosk_pinyin_table_get_size (const KioskPinyinTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPinyinTable, kiosk_pinyin_table_free)

G_END_DECLS
