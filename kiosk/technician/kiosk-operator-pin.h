/* kiosk-operator-pin.h — the technician's operator PIN: strength, slow hash, lockout
 *
 * The PIN is stored only as a yescrypt hash (crypt(3) of libxcrypt, a fresh
 * random salt per PIN) in the store's settings, key "technician.pin_hash".
 * Every verification, right or wrong, and every change writes an entry in
 * the store's hash-chained audit log; the count of wrong PINs and the
 * lockout are derived from those entries (the last "technician.enter" or
 * "technician.pin.set" starts a new count), so there is no counter that
 * could disagree with the log:
 *
 *   technician.pin.set      the PIN was set or changed
 *   technician.enter        a right PIN: technician mode entered
 *   technician.pin.fail     a wrong PIN ("wrong PIN 3 of 5")
 *   technician.pin.lockout  the 5th wrong PIN in a row: locked for the configured time
 *
 * After KIOSK_OPERATOR_PIN_MAX_FAILURES wrong PINs in a row the PIN is
 * refused without being checked until `lockout_s` seconds after the last
 * one; then five more attempts are allowed. Attempts while locked are not
 * checked and not logged (they would let anyone fill the log).
 *
 * Times come from the store's clock (kiosk_store_set_clock), so tests pin it.
 * Hashing takes tens of milliseconds on purpose: the UI uses the _async
 * calls, which hash in a worker thread and touch the store only in the
 * caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_OPERATOR_PIN_ERROR (kiosk_operator_pin_error_quark ())
GQuark kiosk_operator_pin_error_quark (void);

typedef enum
{
  KIOSK_OPERATOR_PIN_ERROR_WEAK,    /* refused by the strength rules (message says which) */
  KIOSK_OPERATOR_PIN_ERROR_NOT_SET, /* no PIN has been set on this kiosk */
  KIOSK_OPERATOR_PIN_ERROR_WRONG,   /* wrong PIN; the message says how many attempts are left */
  KIOSK_OPERATOR_PIN_ERROR_LOCKED,  /* too many wrong PINs; the message says until when */
  KIOSK_OPERATOR_PIN_ERROR_FAILED,  /* crypt(3) could not hash (no yescrypt, no randomness) */
} KioskOperatorPinError;

#define KIOSK_OPERATOR_PIN_MIN_LENGTH   6
#define KIOSK_OPERATOR_PIN_MAX_LENGTH   12
#define KIOSK_OPERATOR_PIN_MAX_FAILURES 5
#define KIOSK_OPERATOR_PIN_SETTING      "technician.pin_hash"

/* Refuses, with a message in Chinese and English: anything but 6–12 ASCII
 * digits, one digit repeated (111111), a run up or down (123456, 987654,
 * also across 9→0: 890123), and a short block repeated (121212, 123123). */
gboolean kiosk_operator_pin_check_strength (const char *pin, GError **error);

/* A yescrypt hash ("$y$…") of `pin` with a fresh salt. Slow on purpose. */
char *kiosk_operator_pin_hash (const char *pin, GError **error);
/* Whether `pin` hashes to `hash` (compared in constant time). */
gboolean kiosk_operator_pin_hash_matches (const char *hash, const char *pin);

typedef struct
{
  gboolean is_set;     /* a PIN has been set */
  guint failures;      /* wrong PINs since the last entry or change */
  guint attempts_left; /* before the next lockout (0 while locked) */
  gint64 locked_until; /* store time (Unix seconds) the lockout ends; 0: not locked */
} KioskOperatorPinState;

/* Reads the PIN's state: the setting and the recent audit entries. */
gboolean kiosk_operator_pin_get_state (KioskStore *store,
                                       guint lockout_s,
                                       KioskOperatorPinState *state,
                                       GError **error);

/* Checks the strength, hashes, stores the hash and audits
 * "technician.pin.set" by `actor`, in one transaction. A new PIN also ends
 * a lockout. Nothing is written when the PIN is refused. */
gboolean
kiosk_operator_pin_set (KioskStore *store, const char *pin, const char *actor, GError **error);

/* Verifies `pin`: LOCKED (nothing checked, nothing written), NOT_SET, or
 * the check, audited as "technician.enter" (returns TRUE) or
 * "technician.pin.fail" (WRONG; the fifth in a row also writes
 * "technician.pin.lockout" and fails with LOCKED). A verification that
 * cannot be audited fails: no entry without a trace. */
gboolean kiosk_operator_pin_verify (
    KioskStore *store, const char *pin, guint lockout_s, const char *actor, GError **error);

/* The same with the hashing in a worker thread; the store is used only from
 * the thread-default main context of the caller. `pin` is copied and the
 * copy wiped when done. */
void kiosk_operator_pin_verify_async (KioskStore *store,
                                      const char *pin,
                                      guint lockout_s,
                                      const char *actor,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean kiosk_operator_pin_verify_finish (KioskStore *store, GAsyncResult *result, GError **error);
void kiosk_operator_pin_set_async (KioskStore *store,
                                   const char *pin,
                                   const char *actor,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean kiosk_operator_pin_set_finish (KioskStore *store, GAsyncResult *result, GError **error);

G_END_DECLS
