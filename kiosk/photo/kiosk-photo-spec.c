/* kiosk-photo-spec.c — the national card-photo specification, and its knobs */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <stdlib.h>
#include <errno.h>

#include "kiosk-face-detector.h"
#include "kiosk-photo-error.h"
#include "kiosk-photo-spec.h"

#define GROUP "photo"

static void
set_size (KioskPhotoSpec *spec, guint min_kb, guint max_kb)
{
  spec->min_kb = min_kb;
  spec->max_kb = max_kb;
  spec->min_bytes = (gsize) min_kb * 1024;
  spec->max_bytes = (gsize) max_kb * 1000;
}

KioskPhotoSpec *
kiosk_photo_spec_new_default (void)
{
  KioskPhotoSpec *spec = g_new0 (KioskPhotoSpec, 1);

  spec->width = 358;
  spec->height = 441;
  spec->density_dpi = 350;
  spec->face_width_min = 179;
  spec->face_width_max = 255;
  spec->hair_top_min = 7;
  spec->hair_top_max = 21;
  spec->eye_x_min = 162;
  spec->eye_x_max = 196;
  spec->eye_line_min_to_bottom = 207;

  set_size (spec, 14, 40);
  spec->quality_min = 30;
  spec->quality_max = 90;

  spec->cascade_dir = g_strdup (KIOSK_FACE_DETECTOR_DEFAULT_DIR);

  spec->max_upscale = 2.2;
  spec->max_tilt_degrees = 6.0;
  spec->face_luma_min = 70.0;
  spec->face_luma_max = 215.0;
  spec->clipped_max = 0.25;
  spec->background_luma_min = 200.0;
  spec->background_chroma_max = 18.0;
  spec->background_spread_max = 20.0;
  spec->sharpness_min = 1.5;
  return spec;
}

static gboolean
get_kb (GKeyFile *keyfile, const char *key, guint lo, guint hi, guint *out, GError **error)
{
  g_autofree char *value = g_key_file_get_string (keyfile, GROUP, key, NULL);
  g_autofree char *stripped = NULL;
  char *end = NULL;
  guint64 v;

  if (value == NULL)
    return TRUE;
  stripped = g_strstrip (g_strdup (value));
  errno = 0;
  v = g_ascii_strtoull (stripped, &end, 10);
  if (stripped[0] == '\0' || !g_ascii_isdigit (stripped[0]) || *end != '\0' || errno != 0 || v < lo
      || v > hi)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_CONFIG,
                   "[%s] %s = “%s”: 需要 %u 到 %u 之间的整数 (an integer from %u to %u is "
                   "required)",
                   GROUP, key, value, lo, hi, lo, hi);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

KioskPhotoSpec *
kiosk_photo_spec_new_from_keyfile (GKeyFile *keyfile, GError **error)
{
  g_autoptr (KioskPhotoSpec) spec = kiosk_photo_spec_new_default ();
  g_autofree char *dir = NULL;
  guint min_kb = spec->min_kb, max_kb = spec->max_kb;

  g_return_val_if_fail (keyfile != NULL, NULL);

  if (!g_key_file_has_group (keyfile, GROUP))
    return g_steal_pointer (&spec);

  if (!get_kb (keyfile, "min_kb", 1, 500, &min_kb, error)
      || !get_kb (keyfile, "max_kb", 2, 500, &max_kb, error))
    return NULL;
  /* The maximum counts 1000-byte KB and the minimum 1024-byte KB: leave room. */
  if ((gsize) max_kb * 1000 < (gsize) min_kb * 1024 + 2048)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_CONFIG,
                   "[%s] max_kb = %u 与 min_kb = %u 太接近 (too close: max_kb × 1000 must be "
                   "at least min_kb × 1024 + 2048)",
                   GROUP, max_kb, min_kb);
      return NULL;
    }
  set_size (spec, min_kb, max_kb);

  dir = g_key_file_get_string (keyfile, GROUP, "cascade_dir", NULL);
  if (dir != NULL)
    {
      g_strstrip (dir);
      if (!g_path_is_absolute (dir) || !g_utf8_validate (dir, -1, NULL))
        {
          g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_CONFIG,
                       "[%s] cascade_dir = “%s”: 需要绝对路径 (an absolute path is required)",
                       GROUP, dir);
          return NULL;
        }
      g_free (spec->cascade_dir);
      spec->cascade_dir = g_steal_pointer (&dir);
    }
  return g_steal_pointer (&spec);
}

KioskPhotoSpec *
kiosk_photo_spec_copy (const KioskPhotoSpec *spec)
{
  KioskPhotoSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_memdup2 (spec, sizeof *spec);
  copy->cascade_dir = g_strdup (spec->cascade_dir);
  return copy;
}

void
kiosk_photo_spec_free (KioskPhotoSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->cascade_dir);
  g_free (spec);
}
