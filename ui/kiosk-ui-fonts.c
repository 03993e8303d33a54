/* kiosk-ui-fonts.c — the UI's own characters in a small font of their own */
#define G_LOG_DOMAIN "kiosk-ui-fonts"

#include "config.h"

#include "kiosk-ui-fonts.h"

#include <fontconfig/fontconfig.h>
#include <gio/gio.h>

static const char *const faces[] = { "KioskUISansSC-Regular.otf", "KioskUISansSC-Bold.otf" };

/* Wherever Noto Sans CJK SC is asked for (style.css, the card face), the
 * subset first; the full face stays next in line for what it lacks. */
static const char prepend_rule[]
    = "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
      "<fontconfig>\n"
      "  <match target=\"pattern\">\n"
      "    <test name=\"family\"><string>Noto Sans CJK SC</string></test>\n"
      "    <edit name=\"family\" mode=\"prepend\" binding=\"strong\">\n"
      "      <string>" KIOSK_UI_FONT_FAMILY "</string>\n"
      "    </edit>\n"
      "  </match>\n"
      "</fontconfig>\n";

/* TRUE when `path` is a font file whose first face is of our family. */
static gboolean
check_face (const char *path, GError **error)
{
  FcPattern *pattern;
  FcChar8 *family = NULL;
  gboolean ok;
  int count = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no UI font %s", path);
      return FALSE;
    }
  pattern = FcFreeTypeQuery ((const FcChar8 *) path, 0, NULL, &count);
  ok = pattern != NULL && FcPatternGetString (pattern, FC_FAMILY, 0, &family) == FcResultMatch
       && g_strcmp0 ((const char *) family, KIOSK_UI_FONT_FAMILY) == 0;
  if (pattern != NULL)
    FcPatternDestroy (pattern);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a face of %s", path,
                 KIOSK_UI_FONT_FAMILY);
  return ok;
}

gboolean
kiosk_ui_fonts_use (const char *dir, GError **error)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  FcConfig *config;

  g_return_val_if_fail (dir != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      char *path = g_build_filename (dir, faces[i], NULL);

      g_ptr_array_add (paths, path);
      if (!check_face (path, error))
        return FALSE;
    }
  config = FcConfigGetCurrent ();
  for (guint i = 0; i < paths->len; i++)
    if (config == NULL
        || !FcConfigAppFontAddFile (config, (const FcChar8 *) g_ptr_array_index (paths, i)))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fontconfig did not take %s",
                     (const char *) g_ptr_array_index (paths, i));
        return FALSE;
      }
  if (!FcConfigParseAndLoadFromMemory (config, (const FcChar8 *) prepend_rule, FcTrue))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "fontconfig did not take the UI font's rule");
      return FALSE;
    }
  return TRUE;
}
