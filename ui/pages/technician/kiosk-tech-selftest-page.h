/* kiosk-tech-selftest-page.h — a self-test per device, and the camera's calibration meter
 *
 * A button per device activates app.technician-selftest('<device>'); the
 * result (passed or not, the summary, the masked fields) shows below. The
 * camera's live preview is beside it with the calibration meter measured on
 * a preview frame every second while the page is shown
 * (kiosk_camera_meter_measure): background whiteness and exposure.
 */
#pragma once

#include "kiosk-device-selftest.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_SELFTEST_PAGE (kiosk_tech_selftest_page_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskTechSelftestPage, kiosk_tech_selftest_page, KIOSK, TECH_SELFTEST_PAGE, KioskPage)

/* The kiosk's KioskCamera (NULL: none; the preview says so). */
void kiosk_tech_selftest_page_set_camera (KioskTechSelftestPage *self, GObject *camera);
/* "正在自检…" for `device` while its test runs. */
void kiosk_tech_selftest_page_set_running (KioskTechSelftestPage *self, const char *device);
/* The outcome of a test (NULL with `message`: the call failed). */
void kiosk_tech_selftest_page_set_result (KioskTechSelftestPage *self,
                                          const KioskDeviceSelftest *selftest,
                                          const char *message);
/* The meter's last reading in one line ("" before the first frame). */
const char *kiosk_tech_selftest_page_get_meter_text (KioskTechSelftestPage *self);

G_END_DECLS
