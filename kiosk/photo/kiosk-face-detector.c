/* kiosk-face-detector.c — the face detector's API, over its loadable module
 *
 * The first kiosk_face_detector_new() opens the module (a GModule, symbols
 * bound locally so nothing of OpenCV's clashes with the program), checks its
 * ABI and keeps it resident; every call after that goes through its table.
 * A module that is missing, unloadable or of another build is a
 * KIOSK_PHOTO_ERROR_DETECTOR naming the file, like a missing cascade: the
 * photo check then refuses with its message, and the next check tries again.
 */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <gmodule.h>

#include "kiosk-face-detector-module.h"
#include "kiosk-face-detector.h"
#include "kiosk-photo-error.h"

static GMutex module_lock;
static const KioskFaceDetectorModule *module_table; /* set once, under the lock */

char *
kiosk_face_detector_get_module_path (void)
{
  const char *dir = g_getenv (KIOSK_FACE_DETECTOR_MODULE_ENV);

  if (dir == NULL || *dir == '\0')
    dir = KIOSK_PHOTO_MODULE_DIR;
  return g_build_filename (dir, KIOSK_FACE_DETECTOR_MODULE_FILE, NULL);
}

gboolean
kiosk_face_detector_is_module_loaded (void)
{
  return g_atomic_pointer_get (&module_table) != NULL;
}

static const KioskFaceDetectorModule *
open_module (GError **error)
{
  g_autofree char *path = kiosk_face_detector_get_module_path ();
  KioskFaceDetectorModuleGet get = NULL;
  const KioskFaceDetectorModule *table;
  GModule *module;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR,
                   "找不到人脸检测模块 %s (face detector module missing; install the kiosk whole "
                   "or set " KIOSK_FACE_DETECTOR_MODULE_ENV ")",
                   path);
      return NULL;
    }
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR,
                   "人脸检测模块 %s 无法加载 (cannot be loaded): %s", path, g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, KIOSK_FACE_DETECTOR_MODULE_ENTRY, (gpointer *) &get) || get == NULL)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR,
                   "人脸检测模块 %s 无法加载 (not the face detector module: no %s)", path,
                   KIOSK_FACE_DETECTOR_MODULE_ENTRY);
      g_module_close (module);
      return NULL;
    }
  table = get (KIOSK_FACE_DETECTOR_MODULE_ABI, KIOSK_PHOTO_ERROR);
  if (table == NULL || table->abi != KIOSK_FACE_DETECTOR_MODULE_ABI)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR,
                   "人脸检测模块 %s 与程序版本不符 (from another build: ABI %u wanted)", path,
                   (guint) KIOSK_FACE_DETECTOR_MODULE_ABI);
      g_module_close (module);
      return NULL;
    }
  /* OpenCV keeps global state (its allocator, its thread pool's setting):
   * the module is never unloaded. */
  g_module_make_resident (module);
  g_debug ("face detector module loaded from %s", path);
  return table;
}

static const KioskFaceDetectorModule *
get_module (GError **error)
{
  const KioskFaceDetectorModule *table = g_atomic_pointer_get (&module_table);

  if (table != NULL)
    return table;
  g_mutex_lock (&module_lock);
  table = module_table;
  if (table == NULL)
    {
      table = open_module (error);
      if (table != NULL)
        g_atomic_pointer_set (&module_table, table);
    }
  g_mutex_unlock (&module_lock);
  return table;
}

KioskFaceDetector *
kiosk_face_detector_new (const char *cascade_dir, GError **error)
{
  const KioskFaceDetectorModule *table = get_module (error);

  return table != NULL ? table->detector_new (cascade_dir, error) : NULL;
}

/* A detector exists only once the module is loaded, so the functions below
 * find the table set. */
static const KioskFaceDetectorModule *
loaded_module (void)
{
  return g_atomic_pointer_get (&module_table);
}

void
kiosk_face_detector_free (KioskFaceDetector *detector)
{
  if (detector != NULL && loaded_module () != NULL)
    loaded_module ()->detector_free (detector);
}

int
kiosk_face_detector_find_faces (KioskFaceDetector *detector,
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
  g_return_val_if_fail (detector != NULL && loaded_module () != NULL, -1);
  return loaded_module ()->find_faces (detector, grey, width, height, stride, min_size, scale_step,
                                       faces, n_max, error);
}

int
kiosk_face_detector_find_faces_in (KioskFaceDetector *detector,
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
  g_return_val_if_fail (detector != NULL && loaded_module () != NULL, -1);
  return loaded_module ()->find_faces_in (detector, grey, width, height, stride, region, min_size,
                                          max_size, faces, n_max, error);
}

int
kiosk_face_detector_find_eyes (KioskFaceDetector *detector,
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
  g_return_val_if_fail (detector != NULL && loaded_module () != NULL, -1);
  return loaded_module ()->find_eyes (detector, grey, width, height, stride, region, min_size,
                                      max_size, eyes, n_max, error);
}
