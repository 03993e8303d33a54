/* kiosk-audit-head.h — the head of the audit chain as a witness, "seq:hash"
 *
 * The store's audit log is a hash chain (kiosk/store/kiosk-store.h): entry
 * n carries the SHA-256 of entry n-1, and the store records the last entry's
 * seq and hash. A chain verified only against itself cannot show that the
 * whole of it was rewritten (every hash recomputed). So the kiosk sends its
 * head to the center with every production result (issue 7 §6): the center
 * keeps what it was told, and `kioskctl audit verify --center` later checks
 * that the local entry at each witnessed seq still has the witnessed hash.
 *
 * The text form is the decimal seq (≥ 1, no sign, no leading zero), a colon
 * and 64 lower-case hex digits: "17:9f86d0…". It is what the journal keeps
 * in the result step's payload and what goes on the wire.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_AUDIT_HASH_LEN 64

/* "seq:hash"; `hash` must be 64 lower-case hex digits and `seq` ≥ 1. */
char *kiosk_audit_head_format (gint64 seq, const char *hash);
/* TRUE when `text` is a well-formed head; the parts go to `seq` and `hash`
 * (either may be NULL; *hash is a new string). */
gboolean kiosk_audit_head_parse (const char *text, gint64 *seq, char **hash);
/* TRUE when `hash` is 64 lower-case hex digits. */
gboolean kiosk_audit_hash_is_valid (const char *hash);

G_END_DECLS
