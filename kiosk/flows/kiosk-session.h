/* kiosk-session.h — one citizen's visit and the personal data it collects
 *
 * A KioskSession belongs to one KioskFlow. It holds what the service needs of
 * the citizen — the ID card's data, the person as the center knows them, the
 * card photo, the application form, the signature, a typed ID number, the
 * chip card's data — and nothing else. kiosk_session_wipe() overwrites every
 * string and buffer with explicit_bzero() and frees it; the flow calls it
 * when the session ends for ANY reason (done, cancel, timeout, error), and
 * finalize calls it again (harmless).
 *
 * Byte buffers handed out (photo, signature) are GBytes over the session's
 * own memory: wiping zeroes that memory at once, even while someone else
 * still holds a reference, and the memory is zeroed again when the last
 * reference drops.
 *
 * Never log a field; mask it (kiosk_mask()) before any display.
 */
#pragma once

#include <glib-object.h>

#include "kiosk-application-form.h"
#include "kiosk-id-card-data.h"
#include "kiosk-person.h"
#include "kiosk-service.h"
#include "kiosk-ssc-card-data.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SESSION (kiosk_session_get_type ())
G_DECLARE_FINAL_TYPE (KioskSession, kiosk_session, KIOSK, SESSION, GObject)

/* `uuid` is the journal's session UUID. */
KioskSession *kiosk_session_new (KioskService service, const char *uuid);

const char *kiosk_session_get_uuid (KioskSession *self);
KioskService kiosk_session_get_service (KioskSession *self);

/* Takes `data`. */
void kiosk_session_set_id_card (KioskSession *self, KioskIdCardData *data);
const KioskIdCardData *kiosk_session_get_id_card (KioskSession *self);

/* The ID number the session acts on: the ID card's, or a typed one. */
void kiosk_session_set_id_number (KioskSession *self, const char *id_number);
const char *kiosk_session_get_id_number (KioskSession *self);

/* Takes `person`. */
void kiosk_session_set_person (KioskSession *self, KioskPerson *person);
KioskPerson *kiosk_session_get_person (KioskSession *self);

/* The accepted card photo (JPEG), copied into the session. */
void kiosk_session_set_photo (KioskSession *self, GBytes *jpeg);
GBytes *kiosk_session_get_photo (KioskSession *self);

/* The application form, created empty on first use (owned by the session). */
KioskApplicationForm *kiosk_session_get_form (KioskSession *self);

/* The signature (PNG), copied into the session. */
void kiosk_session_set_signature (KioskSession *self, GBytes *png);
GBytes *kiosk_session_get_signature (KioskSession *self);

/* The chip card's data (unblock). Takes `data`. */
void kiosk_session_set_chip_data (KioskSession *self, KioskSscCardData *data);
const KioskSscCardData *kiosk_session_get_chip_data (KioskSession *self);

/* A card the flow got from the center (its number is personal): overwrites
 * the number (shown to the wipe hook as "card.card-number") and frees the
 * card; sets *card to NULL. NULL is fine. */
void kiosk_session_wipe_card (KioskCard **card);

/* Overwrites and frees every piece of personal data. The UUID and service
 * stay (they are not personal). */
void kiosk_session_wipe (KioskSession *self);
gboolean kiosk_session_is_wiped (KioskSession *self);

/* Test hook: called for every buffer the wipe overwrote, after the
 * overwrite and before the memory is freed, with a short name of what it
 * was ("id-card.name", "photo", "form.phone"). Process-wide; NULL removes
 * it. Tests assert that every byte they are shown is zero. */
typedef void (*KioskSessionWipeHook) (const char *what,
                                      gconstpointer data,
                                      gsize len,
                                      gpointer user_data);
void kiosk_session_set_wipe_hook (KioskSessionWipeHook hook, gpointer user_data);

G_END_DECLS
