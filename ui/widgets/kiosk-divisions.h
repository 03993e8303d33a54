/* kiosk-divisions.h — Jilin's administrative divisions for the address keyboard
 *
 * data/jilin-divisions.ini: the province, its prefecture-level divisions and
 * their districts, counties and county-level cities, in the order of the
 * quick buttons. Pure GLib, tested without a display.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskDivisions KioskDivisions;

/* NULL with G_KEY_FILE_ERROR or G_IO_ERROR_INVALID_DATA naming the group:
 * a missing or empty name, a name longer than 16 characters or with a space
 * or ';', a code that is not six digits, a city listed but not described. */
KioskDivisions *kiosk_divisions_new_from_data (const char *data, gsize length, GError **error);
KioskDivisions *kiosk_divisions_new_from_file (const char *path, GError **error);
void kiosk_divisions_free (KioskDivisions *self);

const char *kiosk_divisions_get_province (const KioskDivisions *self);
/* The cities' names, in order (NULL-terminated, owned by `self`). */
const char *const *kiosk_divisions_get_cities (const KioskDivisions *self);
/* The districts of a city by its name, or NULL for an unknown city. */
const char *const *kiosk_divisions_get_districts (const KioskDivisions *self, const char *city);
/* The city whose district `name` is, or NULL. */
const char *kiosk_divisions_city_of (const KioskDivisions *self, const char *district);
/* TRUE for the province, a city or a district. */
gboolean kiosk_divisions_contains (const KioskDivisions *self, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDivisions, kiosk_divisions_free)

G_END_DECLS
