/* kiosk-camera-options.c — the camera's settings from the [devices] group,
 * and the simulator's source */
#define G_LOG_DOMAIN "kiosk-camera"

#include "config.h"

#include <string.h>

#include "kiosk-camera-options.h"
#include "kiosk-device-error.h"

void
kiosk_camera_options_init (KioskCameraOptions *options)
{
  g_return_if_fail (options != NULL);
  *options = (KioskCameraOptions){
    .pipeline = NULL,
    .preview_width = 1280,
    .preview_height = 720,
    .start_timeout_ms = 10000,
    .stall_timeout_ms = 3000,
    .still_timeout_ms = 5000,
    .backoff_min_ms = 500,
    .backoff_max_ms = 8000,
  };
}

/* A value for a gst-launch description: quoted, with " and \ escaped. */
static char *
quote_value (const char *value)
{
  GString *out = g_string_new ("\"");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* multifilesrc formats its location with the frame index: allow one "%d"
 * (optionally "%05d") and no other '%'. */
static gboolean
check_sequence_pattern (const char *path, gboolean *is_sequence)
{
  const char *p = strchr (path, '%');

  *is_sequence = p != NULL;
  if (p == NULL)
    return TRUE;
  p++;
  if (*p == '0')
    p++;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == 'd' && strchr (p, '%') == NULL;
}

char *
kiosk_camera_options_simulator_source (KioskDeviceConfig *config, GError **error)
{
  g_autofree char *file = kiosk_device_config_get_string (config, "source_file", NULL);
  g_autofree char *pattern = kiosk_device_config_get_string (config, "sim_pattern", "smpte");
  guint width, height, fps;

  if (!kiosk_device_config_get_uint (config, "sim_fps", 30, 1, 120, &fps, error))
    return NULL;

  if (file != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (file, -1);
      g_autofree char *key = kiosk_device_config_describe_key (config, "source_file");
      g_autofree char *quoted = NULL;
      const char *caps, *decoder;
      gboolean sequence;

      if (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg"))
        {
          caps = "image/jpeg";
          decoder = "jpegdec";
        }
      else if (g_str_has_suffix (lower, ".png"))
        {
          caps = "image/png";
          decoder = "pngdec";
        }
      else
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                       "%s: “%s” is not a .jpg, .jpeg or .png file", key, file);
          return NULL;
        }
      if (!check_sequence_pattern (file, &sequence))
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                       "%s: “%s” may contain one %%d (a numbered sequence) and no other %%", key,
                       file);
          return NULL;
        }
      if (!sequence && !g_file_test (file, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                       "%s: no such file “%s”", key, file);
          return NULL;
        }
      quoted = quote_value (file);
      return g_strdup_printf ("multifilesrc location=%s loop=true caps=%s,framerate=%u/1 ! %s",
                              quoted, caps, fps, decoder);
    }

  if (!kiosk_device_config_get_uint (config, "sim_width", 1280, 16, 7680, &width, error)
      || !kiosk_device_config_get_uint (config, "sim_height", 720, 16, 4320, &height, error))
    return NULL;
  for (const char *p = pattern; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      {
        g_autofree char *key = kiosk_device_config_describe_key (config, "sim_pattern");

        g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                     "%s: “%s” is not a videotestsrc pattern name (smpte, ball, white…)", key,
                     pattern);
        return NULL;
      }
  return g_strdup_printf (
      "videotestsrc is-live=true pattern=%s ! video/x-raw,width=%u,height=%u,framerate=%u/1",
      pattern, width, height, fps);
}

gboolean
kiosk_camera_options_load (KioskCameraOptions *options,
                           KioskDeviceConfig *config,
                           char **pipeline,
                           GError **error)
{
  static const struct
  {
    const char *key;
    gsize offset;
    guint min, max;
  } keys[] = {
    { "preview_width", G_STRUCT_OFFSET (KioskCameraOptions, preview_width), 16, 7680 },
    { "preview_height", G_STRUCT_OFFSET (KioskCameraOptions, preview_height), 16, 4320 },
    { "start_timeout_ms", G_STRUCT_OFFSET (KioskCameraOptions, start_timeout_ms), 100, 600000 },
    { "stall_timeout_ms", G_STRUCT_OFFSET (KioskCameraOptions, stall_timeout_ms), 0, 600000 },
    { "still_timeout_ms", G_STRUCT_OFFSET (KioskCameraOptions, still_timeout_ms), 100, 600000 },
    { "backoff_min_ms", G_STRUCT_OFFSET (KioskCameraOptions, backoff_min_ms), 10, 600000 },
    { "backoff_max_ms", G_STRUCT_OFFSET (KioskCameraOptions, backoff_max_ms), 10, 3600000 },
  };
  g_autofree char *value = NULL;

  g_return_val_if_fail (options != NULL && config != NULL && pipeline != NULL, FALSE);

  kiosk_camera_options_init (options);
  *pipeline = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      guint *field = G_STRUCT_MEMBER_P (options, keys[i].offset);

      if (!kiosk_device_config_get_uint (config, keys[i].key, *field, keys[i].min, keys[i].max,
                                         field, error))
        return FALSE;
    }
  if (options->backoff_min_ms > options->backoff_max_ms)
    {
      g_autofree char *key = kiosk_device_config_describe_key (config, "backoff_min_ms");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: %u ms is more than %s_backoff_max_ms (%u ms)", key, options->backoff_min_ms,
                   kiosk_device_config_get_name (config), options->backoff_max_ms);
      return FALSE;
    }
  value = kiosk_device_config_get_string (config, "pipeline", NULL);
  if (value == NULL)
    {
      g_autofree char *key = kiosk_device_config_describe_key (config, "pipeline");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: required (a v4l2src pipeline), or set %s_simulator=true", key,
                   kiosk_device_config_get_name (config));
      return FALSE;
    }
  *pipeline = g_steal_pointer (&value);
  options->pipeline = *pipeline;
  return TRUE;
}
