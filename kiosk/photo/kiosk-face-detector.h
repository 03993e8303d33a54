/* kiosk-face-detector.h — faces and eyes in a grey image (OpenCV cascades)
 *
 * A small C interface over OpenCV's cascade classifier. The classifier lives
 * in a module of its own, loaded on the first kiosk_face_detector_new() and
 * kept from then on (kiosk-face-detector-module.h): the program does not map
 * OpenCV until a photo is checked. The models are the Haar cascades Debian
 * ships in opencv-data (/usr/share/opencv4/haarcascades), trained and kept by
 * the OpenCV project; the directory is configurable ([photo] cascade_dir).
 *
 * The detector works on a caller-owned 8-bit grey buffer and returns plain
 * rectangles in that buffer's pixel coordinates. It keeps scratch state, so
 * one detector must not be used from two threads at once.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_FACE_DETECTOR_DEFAULT_DIR "/usr/share/opencv4/haarcascades"
#define KIOSK_FACE_DETECTOR_FACE_MODEL  "haarcascade_frontalface_alt2.xml"
#define KIOSK_FACE_DETECTOR_EYE_MODEL   "haarcascade_eye.xml"

typedef struct
{
  int x;
  int y;
  int width;
  int height;
} KioskFaceRect;

typedef struct _KioskFaceDetector KioskFaceDetector;

/* Loads the detector's module (the first time) and the face and eye cascades
 * from `cascade_dir` (NULL: the default directory). Fails with
 * KIOSK_PHOTO_ERROR_DETECTOR naming the missing or unusable file (module or
 * cascade). Safe to call from any thread. */
KioskFaceDetector *kiosk_face_detector_new (const char *cascade_dir, GError **error);
void kiosk_face_detector_free (KioskFaceDetector *detector);

/* Where the detector's module is looked for ($KIOSK_PHOTO_MODULE_DIR, else
 * the installed directory), and whether it is loaded in this process yet:
 * for diagnostics. */
char *kiosk_face_detector_get_module_path (void);
gboolean kiosk_face_detector_is_module_loaded (void);

/* Frontal faces at least `min_size` pixels wide, the detection window grown
 * by `scale_step` (1.1 is thorough; 1.2 about twice as fast and enough for
 * a first, coarse look). Returns how many were found (which may exceed
 * `n_max`; the first `n_max`, largest first, are written to `faces`), or -1
 * with `error` set. */
int kiosk_face_detector_find_faces (KioskFaceDetector *detector,
                                    const guint8 *grey,
                                    int width,
                                    int height,
                                    int stride,
                                    int min_size,
                                    double scale_step,
                                    KioskFaceRect *faces,
                                    int n_max,
                                    GError **error);

/* Faces inside `region` (clipped to the image), between `min_size` and
 * `max_size` pixels wide: the refinement of a face found on a coarser copy.
 * Same return convention. */
int kiosk_face_detector_find_faces_in (KioskFaceDetector *detector,
                                       const guint8 *grey,
                                       int width,
                                       int height,
                                       int stride,
                                       const KioskFaceRect *region,
                                       int min_size,
                                       int max_size,
                                       KioskFaceRect *faces,
                                       int n_max,
                                       GError **error);

/* Eyes inside `region` (clipped to the image), between `min_size` and
 * `max_size` pixels wide. Coordinates are of the whole image. Same return
 * convention as kiosk_face_detector_find_faces(). */
int kiosk_face_detector_find_eyes (KioskFaceDetector *detector,
                                   const guint8 *grey,
                                   int width,
                                   int height,
                                   int stride,
                                   const KioskFaceRect *region,
                                   int min_size,
                                   int max_size,
                                   KioskFaceRect *eyes,
                                   int n_max,
                                   GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskFaceDetector, kiosk_face_detector_free)

G_END_DECLS
