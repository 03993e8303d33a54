/* kiosk-store-private.h — what the parts of KioskStore share */
#pragma once

#include "kiosk-store.h"

G_BEGIN_DECLS

struct _KioskStore
{
  GObject parent_instance;

  KioskDb *db;
  char *photo_dir;
  char *kiosk_id;
  KioskStoreClock clock;
  gpointer clock_data;
};

/* Text arguments: non-NULL, valid UTF-8, 1…max_len bytes. */
gboolean
kiosk_store_check_text (const char *what, const char *value, gsize max_len, GError **error);
/* Names (services, steps, setting keys): [A-Za-z0-9_.:-], 1…max_len. */
gboolean
kiosk_store_check_name (const char *what, const char *value, gsize max_len, GError **error);

/* The row id of a session, and whether it is still open; 0 with
 * KIOSK_STORE_ERROR_NOT_FOUND. */
gint64
kiosk_store_lookup_session (KioskStore *store, const char *uuid, gboolean *open, GError **error);

/* The one way a session's subject is shown: "2201**********123X 张*". NULL
 * when both are NULL or empty. */
char *kiosk_store_format_subject (const char *id_number, const char *name);

G_END_DECLS
