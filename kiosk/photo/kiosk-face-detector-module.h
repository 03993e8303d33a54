/* kiosk-face-detector-module.h — the face detector's loadable module
 *
 * OpenCV (with protobuf, LAPACK and gfortran behind it) costs the program
 * about 6 MB of relocated pages from its start, while the detector is needed
 * only from the first photo check. So the detector is a module of its own
 * (kiosk-face-detector-module.cpp, the only C++ of the kiosk), loaded by
 * kiosk-face-detector.c on the first kiosk_face_detector_new() and kept for
 * the life of the process (docs/photo.md, "The detector module").
 *
 * The module exports one C function, KIOSK_FACE_DETECTOR_MODULE_ENTRY, that
 * returns a table of the detector's functions. It needs nothing of the
 * program: the error domain it reports in is passed in. The table carries
 * its ABI version, so a module left from another build is refused with a
 * clear message instead of being called wrongly.
 */
#pragma once

#include <glib.h>

#include "kiosk-face-detector.h"

G_BEGIN_DECLS

/* Raise when the table or a function's signature changes. */
#define KIOSK_FACE_DETECTOR_MODULE_ABI 1

/* The module's file name in its directory: $KIOSK_PHOTO_MODULE_DIR when set
 * (a build tree: the tests, `kiosk.sh run`, the benchmarks, `meson devenv`),
 * else the installed directory ($libdir/sskiosk/modules). */
#define KIOSK_FACE_DETECTOR_MODULE_FILE  "kiosk-face-detector.so"
#define KIOSK_FACE_DETECTOR_MODULE_ENV   "KIOSK_PHOTO_MODULE_DIR"
#define KIOSK_FACE_DETECTOR_MODULE_ENTRY "kiosk_face_detector_module_get"

/* Each entry has the type of the function of kiosk-face-detector.h it
 * serves, so the table cannot drift from the API. */
typedef struct
{
  guint abi;
  __typeof__ (kiosk_face_detector_new) *detector_new;
  __typeof__ (kiosk_face_detector_free) *detector_free;
  __typeof__ (kiosk_face_detector_find_faces) *find_faces;
  __typeof__ (kiosk_face_detector_find_faces_in) *find_faces_in;
  __typeof__ (kiosk_face_detector_find_eyes) *find_eyes;
} KioskFaceDetectorModule;

/* The entry point's type: the table when `abi` is the module's own (NULL
 * otherwise); the module reports its errors in `error_domain` from then on. */
typedef const KioskFaceDetectorModule *(*KioskFaceDetectorModuleGet) (guint abi,
                                                                      GQuark error_domain);

G_END_DECLS
