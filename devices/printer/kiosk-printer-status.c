/* kiosk-printer-status.c — printer-state-reasons and marker levels to typed flags */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include <string.h>

#include "kiosk-printer-status.h"

G_DEFINE_BOXED_TYPE (KioskPrinterStatus,
                     kiosk_printer_status,
                     kiosk_printer_status_copy,
                     kiosk_printer_status_free)

/* A marker below this many percent is low when the printer gives no
 * marker-low-levels. */
#define DEFAULT_LOW_LEVEL 10

static const struct
{
  const char *keyword; /* without its -report/-warning/-error suffix */
  KioskPrinterCondition condition;
} reason_table[] = {
  { "marker-supply-low", KIOSK_PRINTER_RIBBON_LOW },
  { "toner-low", KIOSK_PRINTER_RIBBON_LOW },
  { "marker-supply-empty", KIOSK_PRINTER_RIBBON_EMPTY },
  { "toner-empty", KIOSK_PRINTER_RIBBON_EMPTY },
  { "media-low", KIOSK_PRINTER_MEDIA_LOW },
  { "media-empty", KIOSK_PRINTER_MEDIA_EMPTY },
  { "media-needed", KIOSK_PRINTER_MEDIA_EMPTY },
  { "media-jam", KIOSK_PRINTER_MEDIA_JAM },
  { "cover-open", KIOSK_PRINTER_COVER_OPEN },
  { "door-open", KIOSK_PRINTER_COVER_OPEN },
  { "interlock-open", KIOSK_PRINTER_COVER_OPEN },
  { "offline", KIOSK_PRINTER_OFFLINE },
  { "shutdown", KIOSK_PRINTER_OFFLINE },
  { "timed-out", KIOSK_PRINTER_OFFLINE },
  { "output-area-full", KIOSK_PRINTER_OUTPUT_FULL },
  { "input-tray-missing", KIOSK_PRINTER_INPUT_MISSING },
  { "paused", KIOSK_PRINTER_STOPPED },
  { "moving-to-paused", KIOSK_PRINTER_STOPPED },
};

static const struct
{
  KioskPrinterCondition condition;
  const char *name;
  const char *description;
} condition_table[] = {
  { KIOSK_PRINTER_RIBBON_LOW, "ribbon-low", "色带将尽" },
  { KIOSK_PRINTER_RIBBON_EMPTY, "ribbon-empty", "色带用尽" },
  { KIOSK_PRINTER_MEDIA_LOW, "media-low", "卡片（纸张）将尽" },
  { KIOSK_PRINTER_MEDIA_EMPTY, "media-empty", "卡箱无卡（缺纸）" },
  { KIOSK_PRINTER_MEDIA_JAM, "media-jam", "卡片（纸张）卡住" },
  { KIOSK_PRINTER_COVER_OPEN, "cover-open", "机盖打开" },
  { KIOSK_PRINTER_OFFLINE, "offline", "打印机离线" },
  { KIOSK_PRINTER_OUTPUT_FULL, "output-full", "出卡槽已满" },
  { KIOSK_PRINTER_INPUT_MISSING, "input-missing", "卡箱（纸仓）未装好" },
  { KIOSK_PRINTER_STOPPED, "stopped", "打印机已暂停" },
  { KIOSK_PRINTER_OTHER_ERROR, "other-error", "打印机故障" },
};

const char *
kiosk_printer_condition_to_string (KioskPrinterCondition condition)
{
  for (guint i = 0; i < G_N_ELEMENTS (condition_table); i++)
    if (condition_table[i].condition == condition)
      return condition_table[i].name;
  return condition == KIOSK_PRINTER_CONDITION_NONE ? "ok" : "unknown";
}

const char *
kiosk_printer_condition_describe (KioskPrinterCondition condition)
{
  for (guint i = 0; i < G_N_ELEMENTS (condition_table); i++)
    if (condition_table[i].condition == condition)
      return condition_table[i].description;
  return condition == KIOSK_PRINTER_CONDITION_NONE ? "正常" : "未知状态";
}

/* Splits "media-jam-error" into "media-jam" and whether it carried -error. */
static char *
strip_suffix (const char *keyword, gboolean *is_error)
{
  static const char *const suffixes[] = { "-report", "-warning", "-error" };

  *is_error = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (keyword, suffixes[i]) && strlen (keyword) > strlen (suffixes[i]))
      {
        *is_error = i == 2;
        return g_strndup (keyword, strlen (keyword) - strlen (suffixes[i]));
      }
  return g_strdup (keyword);
}

static guint
condition_of_reason (const char *keyword)
{
  gboolean is_error;
  g_autofree char *base = strip_suffix (keyword, &is_error);

  for (guint i = 0; i < G_N_ELEMENTS (reason_table); i++)
    if (g_str_equal (base, reason_table[i].keyword))
      return reason_table[i].condition;
  /* An unknown keyword only counts when the printer calls it an error; an
   * unknown warning (cups-missing-filter-warning…) must not stop the kiosk. */
  return is_error ? KIOSK_PRINTER_OTHER_ERROR : KIOSK_PRINTER_CONDITION_NONE;
}

KioskPrinterStatus *
kiosk_printer_status_new_from_ipp (int printer_state,
                                   const char *const *reasons,
                                   const KioskPrinterMarker *markers,
                                   guint n_markers,
                                   const char *message)
{
  KioskPrinterStatus *status = g_new0 (KioskPrinterStatus, 1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();

  g_return_val_if_fail (markers != NULL || n_markers == 0, status);

  switch (printer_state)
    {
      case KIOSK_PRINTER_STATE_IDLE:
      case KIOSK_PRINTER_STATE_PROCESSING:
        status->state = (KioskPrinterState) printer_state;
        break;
      case KIOSK_PRINTER_STATE_STOPPED:
        status->state = KIOSK_PRINTER_STATE_STOPPED;
        status->conditions |= KIOSK_PRINTER_STOPPED;
        break;
      default:
        status->state = KIOSK_PRINTER_STATE_UNKNOWN;
        break;
    }

  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    {
      if (reasons[i][0] == '\0' || g_str_equal (reasons[i], "none"))
        continue;
      status->conditions |= condition_of_reason (reasons[i]);
      g_ptr_array_add (kept, g_strdup (reasons[i]));
    }
  g_ptr_array_add (kept, NULL);
  status->reasons = (char **) g_ptr_array_free (g_steal_pointer (&kept), FALSE);

  status->ribbon_level = -1;
  for (guint i = 0; i < n_markers; i++)
    {
      int level = markers[i].level;
      int low = markers[i].low_level >= 0 ? markers[i].low_level : DEFAULT_LOW_LEVEL;

      if (level < 0 || level > 100) /* -1, -2, -3: unknown */
        continue;
      if (status->ribbon_level < 0 || level < status->ribbon_level)
        status->ribbon_level = level;
      if (level == 0)
        status->conditions |= KIOSK_PRINTER_RIBBON_EMPTY;
      else if (level <= low)
        status->conditions |= KIOSK_PRINTER_RIBBON_LOW;
    }
  if (status->conditions & KIOSK_PRINTER_RIBBON_EMPTY)
    status->conditions &= ~(guint) KIOSK_PRINTER_RIBBON_LOW;
  if (status->conditions & KIOSK_PRINTER_MEDIA_EMPTY)
    status->conditions &= ~(guint) KIOSK_PRINTER_MEDIA_LOW;

  status->message = g_strdup (message);
  return status;
}

KioskPrinterStatus *
kiosk_printer_status_new_offline (const char *message)
{
  KioskPrinterStatus *status = kiosk_printer_status_new_from_ipp (0, NULL, NULL, 0, message);

  status->conditions |= KIOSK_PRINTER_OFFLINE;
  return status;
}

KioskPrinterStatus *
kiosk_printer_status_copy (const KioskPrinterStatus *status)
{
  KioskPrinterStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);
  copy = g_new0 (KioskPrinterStatus, 1);
  copy->state = status->state;
  copy->conditions = status->conditions;
  copy->reasons = g_strdupv (status->reasons);
  copy->message = g_strdup (status->message);
  copy->ribbon_level = status->ribbon_level;
  return copy;
}

void
kiosk_printer_status_free (KioskPrinterStatus *status)
{
  if (status == NULL)
    return;
  g_strfreev (status->reasons);
  g_free (status->message);
  g_free (status);
}

gboolean
kiosk_printer_status_has (const KioskPrinterStatus *status, KioskPrinterCondition condition)
{
  g_return_val_if_fail (status != NULL, FALSE);
  return (status->conditions & condition) != 0;
}

gboolean
kiosk_printer_status_is_ready (const KioskPrinterStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);
  return (status->conditions & KIOSK_PRINTER_BLOCKING_CONDITIONS) == 0;
}

static char *
conditions_to_string (guint conditions, const char *none)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (condition_table); i++)
    if (conditions & condition_table[i].condition)
      {
        if (out->len > 0)
          g_string_append_c (out, ',');
        g_string_append (out, condition_table[i].name);
      }
  if (out->len == 0)
    g_string_append (out, none);
  return g_string_free (out, FALSE);
}

char *
kiosk_printer_status_to_string (const KioskPrinterStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);
  return conditions_to_string (status->conditions, "ok");
}

char *
kiosk_printer_status_blocking_to_string (const KioskPrinterStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);
  return conditions_to_string (status->conditions & KIOSK_PRINTER_BLOCKING_CONDITIONS, "");
}
