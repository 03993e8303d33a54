/* kiosk-face-detector-module.cpp — faces and eyes with OpenCV's cascade classifier
 *
 * The only C++ file of the kiosk, built as a module of its own and loaded on
 * the first photo check (kiosk-face-detector-module.h says why). It wraps the
 * caller's grey buffer in a cv::Mat header (no copy), equalises its histogram
 * so a dark or flat photo still finds its face (the exposure is judged later,
 * on the real pixels), and runs the cascades. No exception crosses into C.
 * Only the entry point at the end is exported.
 */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gmodule.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "kiosk-face-detector-module.h"
#include "kiosk-photo-error.h"

/* The program's KIOSK_PHOTO_ERROR, passed in by the entry point: the module
 * links only GLib and OpenCV, nothing of the program. */
static GQuark error_domain;

struct _KioskFaceDetector
{
  cv::CascadeClassifier face;
  cv::CascadeClassifier eye;
};

static bool
load_cascade (cv::CascadeClassifier &cascade, const char *dir, const char *file, GError **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, error_domain, KIOSK_PHOTO_ERROR_DETECTOR,
                   "找不到人脸检测模型 %s (cascade file missing; install opencv-data or set "
                   "[photo] cascade_dir)",
                   path);
      return false;
    }
  try
    {
      if (cascade.load (path) && !cascade.empty ())
        return true;
    }
  catch (const cv::Exception &e)
    {
      g_set_error (error, error_domain, KIOSK_PHOTO_ERROR_DETECTOR,
                   "人脸检测模型 %s 无法读取 (cascade cannot be loaded): %s", path, e.what ());
      return false;
    }
  g_set_error (error, error_domain, KIOSK_PHOTO_ERROR_DETECTOR,
               "人脸检测模型 %s 无法读取 (not a cascade classifier)", path);
  return false;
}

static KioskFaceDetector *
detector_new (const char *cascade_dir, GError **error)
{
  KioskFaceDetector *detector;
  const char *dir = cascade_dir != NULL ? cascade_dir : KIOSK_FACE_DETECTOR_DEFAULT_DIR;

  /* The images are small (a 320 px preview, a 160 px eye band): OpenCV's
   * thread pool costs more than it gives, and on a busy two-core kiosk it
   * turns milliseconds of work into tens of milliseconds of waiting. */
  cv::setNumThreads (1);
  detector = new KioskFaceDetector ();
  if (!load_cascade (detector->face, dir, KIOSK_FACE_DETECTOR_FACE_MODEL, error)
      || !load_cascade (detector->eye, dir, KIOSK_FACE_DETECTOR_EYE_MODEL, error))
    {
      delete detector;
      return NULL;
    }
  return detector;
}

static void
detector_free (KioskFaceDetector *detector)
{
  delete detector;
}

static bool
valid_buffer (const guint8 *grey, int width, int height, int stride, GError **error)
{
  if (grey == NULL || width < 1 || height < 1 || stride < width)
    {
      g_set_error (error, error_domain, KIOSK_PHOTO_ERROR_DETECTOR,
                   "invalid grey buffer %d×%d (stride %d)", width, height, stride);
      return false;
    }
  return true;
}

static int
copy_out (std::vector<cv::Rect> &found, int dx, int dy, KioskFaceRect *out, int n_max)
{
  std::sort (found.begin (), found.end (),
             [] (const cv::Rect &a, const cv::Rect &b) { return a.area () > b.area (); });
  for (int i = 0; i < n_max && i < (int) found.size (); i++)
    {
      out[i].x = found[i].x + dx;
      out[i].y = found[i].y + dy;
      out[i].width = found[i].width;
      out[i].height = found[i].height;
    }
  return (int) found.size ();
}

/* One cascade inside a region of the image (NULL: all of it), coordinates of
 * the whole image; `max_size` 0: no maximum. */
static int
detect_in (cv::CascadeClassifier &cascade,
           const guint8 *grey,
           int width,
           int height,
           int stride,
           const KioskFaceRect *region,
           int min_size,
           int max_size,
           double scale_step,
           KioskFaceRect *out,
           int n_max,
           const char *what,
           GError **error)
{
  if (!valid_buffer (grey, width, height, stride, error))
    return -1;
  try
    {
      cv::Mat view (height, width, CV_8UC1, const_cast<guint8 *> (grey), (size_t) stride);
      cv::Rect all (0, 0, width, height);
      cv::Rect roi
          = region ? cv::Rect (region->x, region->y, region->width, region->height) & all : all;
      cv::Mat equalised;
      std::vector<cv::Rect> found;
      int min = std::max (min_size, 8);

      if (roi.width < min || roi.height < min)
        return 0;
      cv::equalizeHist (view (roi), equalised);
      cascade.detectMultiScale (equalised, found, scale_step, 3, 0, cv::Size (min, min),
                                max_size > 0 ? cv::Size (max_size, max_size) : cv::Size ());
      return copy_out (found, roi.x, roi.y, out, n_max);
    }
  catch (const cv::Exception &e)
    {
      g_set_error (error, error_domain, KIOSK_PHOTO_ERROR_DETECTOR, "%s detection failed: %s", what,
                   e.what ());
      return -1;
    }
}

static int
find_faces (KioskFaceDetector *detector,
            const guint8 *grey,
            int width,
            int height,
            int stride,
            int min_size,
            double scale_step,
            KioskFaceRect *faces,
            int n_max,
            GError **error)
{
  g_return_val_if_fail (detector != NULL, -1);
  g_return_val_if_fail (n_max == 0 || faces != NULL, -1);
  g_return_val_if_fail (scale_step > 1.0 && scale_step < 2.0, -1);

  return detect_in (detector->face, grey, width, height, stride, NULL, std::max (min_size, 24), 0,
                    scale_step, faces, n_max, "face", error);
}

static int
find_faces_in (KioskFaceDetector *detector,
               const guint8 *grey,
               int width,
               int height,
               int stride,
               const KioskFaceRect *region,
               int min_size,
               int max_size,
               KioskFaceRect *faces,
               int n_max,
               GError **error)
{
  g_return_val_if_fail (detector != NULL, -1);
  g_return_val_if_fail (region != NULL, -1);
  g_return_val_if_fail (n_max == 0 || faces != NULL, -1);

  return detect_in (detector->face, grey, width, height, stride, region, std::max (min_size, 24),
                    max_size, 1.1, faces, n_max, "face", error);
}

static int
find_eyes (KioskFaceDetector *detector,
           const guint8 *grey,
           int width,
           int height,
           int stride,
           const KioskFaceRect *region,
           int min_size,
           int max_size,
           KioskFaceRect *eyes,
           int n_max,
           GError **error)
{
  g_return_val_if_fail (detector != NULL, -1);
  g_return_val_if_fail (region != NULL, -1);
  g_return_val_if_fail (n_max == 0 || eyes != NULL, -1);

  /* A coarser scale step for the eyes: their size is known within 2×. */
  return detect_in (detector->eye, grey, width, height, stride, region, min_size, max_size, 1.15,
                    eyes, n_max, "eye", error);
}

static const KioskFaceDetectorModule module_table = {
  KIOSK_FACE_DETECTOR_MODULE_ABI, detector_new, detector_free, find_faces, find_faces_in, find_eyes,
};

/* The module's one exported symbol (KIOSK_FACE_DETECTOR_MODULE_ENTRY). */
extern "C" G_MODULE_EXPORT const KioskFaceDetectorModule *
kiosk_face_detector_module_get (guint abi, GQuark domain)
{
  if (abi != KIOSK_FACE_DETECTOR_MODULE_ABI || domain == 0)
    return NULL;
  error_domain = domain;
  return &module_table;
}
