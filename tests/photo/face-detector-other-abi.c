/* face-detector-other-abi.c — a face detector module of another build
 *
 * A test fixture for test-face-detector-module: it has the entry point but
 * answers no table for the program's ABI, as a module left from an older or
 * newer build would. The program must refuse it with a clear message.
 */
#include <gmodule.h>

#include "kiosk-face-detector-module.h"

G_MODULE_EXPORT const KioskFaceDetectorModule *kiosk_face_detector_module_get (guint abi,
                                                                               GQuark error_domain);

G_MODULE_EXPORT const KioskFaceDetectorModule *
kiosk_face_detector_module_get (guint abi, GQuark error_domain)
{
  (void) abi;
  (void) error_domain;
  return NULL;
}
