/* test-face-detector-module.c — the face detector is loaded on first use
 *
 * OpenCV is not in the process until the first detector is made, and then
 * it is (read in /proc/self/maps, not from our own flag alone). A module
 * that is missing, not a library, not the detector, or of another build
 * gives KIOSK_PHOTO_ERROR_DETECTOR naming the file, leaves nothing loaded,
 * and the next attempt with the real module works. Each case runs in a
 * process of its own (the module, once loaded, stays).
 */
#include "config.h"

#include <string.h>

#include "kiosk-face-detector-module.h"
#include "kiosk-test.h"
#include "photo-test-util.h"

/* The real module's directory, from the tests' environment. */
static char *module_dir;

static gboolean
maps_contain (const char *needle)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

/* The path of a shared library this process has mapped (`name` in it). */
static char *
mapped_library (const char *name)
{
  g_autofree char *maps = NULL;
  g_auto (GStrv) lines = NULL;
  char **line;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (line = lines; *line != NULL; line++)
    {
      const char *path = strchr (*line, '/');

      if (path != NULL && strstr (path, name) != NULL)
        return g_strdup (path);
    }
  return NULL;
}

/* Makes a detector with the module looked for in `dir`: it must fail with a
 * message naming the module's file and `expected` (a part of the message),
 * load nothing, and a detector with the real module must then work. */
static void
assert_refused_then_recovers (const char *dir, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhoto) photo = NULL;
  g_autoptr (KioskPhoto) again = NULL;

  g_setenv (KIOSK_FACE_DETECTOR_MODULE_ENV, dir, TRUE);
  photo = kiosk_photo_new (NULL, &error);
  g_assert_null (photo);
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR);
  g_assert_nonnull (strstr (error->message, KIOSK_FACE_DETECTOR_MODULE_FILE));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_false (kiosk_face_detector_is_module_loaded ());
  g_assert_false (maps_contain ("libopencv_objdetect"));
  g_clear_error (&error);

  /* The next photo check tries again (a technician put the file back). */
  g_setenv (KIOSK_FACE_DETECTOR_MODULE_ENV, module_dir, TRUE);
  again = kiosk_photo_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_true (kiosk_face_detector_is_module_loaded ());
}

/* In the test's parent: runs the case in a fresh process (FALSE), or says
 * why it cannot run. In that process: TRUE, go on. */
static gboolean
in_own_process (void)
{
  if (g_test_subprocess ())
    return TRUE;
  /* The tests' environment points at the build tree's module. */
  g_assert_nonnull (module_dir);
  if (!photo_test_have_cascades ())
    {
      g_test_skip ("opencv-data's cascades are not installed");
      return FALSE;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_loaded_on_first_use (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhoto) photo = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (module_dir, KIOSK_FACE_DETECTOR_MODULE_FILE, NULL);

  if (!in_own_process ())
    return;
  path = kiosk_face_detector_get_module_path ();
  g_assert_cmpstr (path, ==, expected);
  g_assert_false (kiosk_face_detector_is_module_loaded ());
  g_assert_false (maps_contain ("libopencv_"));
  g_assert_false (maps_contain (KIOSK_FACE_DETECTOR_MODULE_FILE));

  photo = kiosk_photo_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (photo);
  g_assert_true (kiosk_face_detector_is_module_loaded ());
  g_assert_true (maps_contain (KIOSK_FACE_DETECTOR_MODULE_FILE));
  g_assert_true (maps_contain ("libopencv_objdetect"));
}

static void
test_without_environment_installed_dir (void)
{
  g_autofree char *path = NULL;
  g_autofree char *expected
      = g_build_filename (KIOSK_PHOTO_MODULE_DIR, KIOSK_FACE_DETECTOR_MODULE_FILE, NULL);

  if (!in_own_process ())
    return;
  g_unsetenv (KIOSK_FACE_DETECTOR_MODULE_ENV);
  path = kiosk_face_detector_get_module_path ();
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_str_has_suffix (KIOSK_PHOTO_MODULE_DIR, "/sskiosk/modules"));
  /* An empty value is no value. */
  g_setenv (KIOSK_FACE_DETECTOR_MODULE_ENV, "", TRUE);
  g_free (path);
  path = kiosk_face_detector_get_module_path ();
  g_assert_cmpstr (path, ==, expected);
}

static void
test_missing (void)
{
  g_autofree char *dir = NULL;

  if (!in_own_process ())
    return;
  dir = kiosk_test_make_dir ("no-module-here");
  assert_refused_then_recovers (dir, "找不到人脸检测模块");
}

static void
test_not_a_library (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;

  if (!in_own_process ())
    return;
  dir = kiosk_test_make_dir ("garbage-module");
  file = g_build_filename (dir, KIOSK_FACE_DETECTOR_MODULE_FILE, NULL);
  g_assert_true (g_file_set_contents (file, "\177ELF but not really", -1, NULL));
  assert_refused_then_recovers (dir, "无法加载");
}

static void
test_not_the_detector (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *link = NULL;
  g_autofree char *glib = NULL;

  if (!in_own_process ())
    return;
  /* A real shared library without the entry point: GLib itself. */
  glib = mapped_library ("libglib-2.0.so");
  g_assert_nonnull (glib);
  dir = kiosk_test_make_dir ("other-library");
  link = g_build_filename (dir, KIOSK_FACE_DETECTOR_MODULE_FILE, NULL);
  g_assert_cmpint (symlink (glib, link), ==, 0);
  assert_refused_then_recovers (dir, KIOSK_FACE_DETECTOR_MODULE_ENTRY);
}

static void
test_other_abi (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *link = NULL;

  if (!in_own_process ())
    return;
  dir = kiosk_test_make_dir ("other-abi");
  link = g_build_filename (dir, KIOSK_FACE_DETECTOR_MODULE_FILE, NULL);
  g_assert_cmpint (symlink (FACE_DETECTOR_OTHER_ABI, link), ==, 0);
  assert_refused_then_recovers (dir, "与程序版本不符");
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  module_dir = g_strdup (g_getenv (KIOSK_FACE_DETECTOR_MODULE_ENV));
  g_test_add_func ("/photo/module/loaded-on-first-use", test_loaded_on_first_use);
  g_test_add_func ("/photo/module/installed-dir", test_without_environment_installed_dir);
  g_test_add_func ("/photo/module/missing", test_missing);
  g_test_add_func ("/photo/module/not-a-library", test_not_a_library);
  g_test_add_func ("/photo/module/not-the-detector", test_not_the_detector);
  g_test_add_func ("/photo/module/other-abi", test_other_abi);
  {
    int rc = kiosk_test_run ();

    g_free (module_dir);
    return rc;
  }
}
