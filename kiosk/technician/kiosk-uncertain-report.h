/* kiosk-uncertain-report.h — an uncertain card settled by a technician, told to the center
 *
 * Recovery marks a card **uncertain** when its eject was intended and the
 * card is gone (in the citizen's hand, or not) and tells the center nothing
 * (ISSUANCE.md). Once a technician settles it — issued (the citizen has it,
 * kiosk_card_stock_confirm_issued) or spoiled (found, kiosk_card_stock_spoil)
 * — the center must hear the fact, as the card's own session would have
 * told it:
 *
 *   green channel   report_result (application, ISSUED | SPOILED at "eject")
 *   temporary card  the card's number learnt again with the session's own key, then
 *                   report_temporary_card (ISSUED | SPOILED at "eject")
 *
 * The card's session is closed ("uncertain"), so the report is a journal
 * session of its own, service "technician-report": intent "result" with the
 * key the card's session would have used ("<card's session>:result": the
 * center answers a repeat with the same fact, so a report can be tried
 * again), the call, its outcome; closed "reported" or "report-failed". Every
 * report is audited ("stock.report", actor given). A card that is not a
 * settled uncertain one (its session did not end "uncertain", or it is
 * still uncertain) is refused with KIOSK_STORE_ERROR_STATE; nothing is
 * written then.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-center.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_UNCERTAIN_REPORT_SERVICE "technician-report"

void kiosk_uncertain_report_async (KioskStore *store,
                                   KioskCenter *center,
                                   const char *serial,
                                   const char *actor,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
/* `reported` (may be NULL): the fact told. */
gboolean kiosk_uncertain_report_finish (KioskStore *store,
                                        GAsyncResult *result,
                                        KioskCenterResult *reported,
                                        GError **error);

G_END_DECLS
