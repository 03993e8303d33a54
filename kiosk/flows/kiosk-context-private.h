/* kiosk-context-private.h — the parts of KioskContext only the flows use */
#pragma once

#include "kiosk-context.h"

G_BEGIN_DECLS

/* The card-photo checker (kiosk/photo), loaded on first use; NULL with an
 * error when the kiosk was built without kiosk/photo. Use it from one
 * thread at a time: hold the lock around every use. The result is a
 * `KioskPhoto *`, typed as gpointer so that this header needs no photo
 * headers. */
gpointer kiosk_context_get_photo (KioskContext *self, GError **error);
GMutex *kiosk_context_get_photo_lock (KioskContext *self);

G_END_DECLS
