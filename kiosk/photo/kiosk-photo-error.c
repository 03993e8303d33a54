/* kiosk-photo-error.c — the error domain of the card-photo code */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include "kiosk-photo-error.h"

G_DEFINE_QUARK (kiosk - photo - error - quark, kiosk_photo_error)
