/* kiosk-printer-status.h — a printer's condition as typed flags
 *
 * Built by a pure function from what IPP reports: printer-state, the
 * printer-state-reasons keywords and the marker (ribbon) levels. A keyword
 * counts whatever its suffix (-report, -warning, -error, none): ippeveprinter
 * reports a jam as "media-jam-report", a CUPS queue as "media-jam-error".
 * The same flags serve card printers (MEDIA = the card hopper, MARKER = the
 * ribbon) and receipt printers (MEDIA = the paper roll).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_PRINTER_STATE_UNKNOWN = 0,
  KIOSK_PRINTER_STATE_IDLE = 3, /* the IPP printer-state enum values */
  KIOSK_PRINTER_STATE_PROCESSING = 4,
  KIOSK_PRINTER_STATE_STOPPED = 5,
} KioskPrinterState;

typedef enum
{
  KIOSK_PRINTER_CONDITION_NONE = 0,
  KIOSK_PRINTER_RIBBON_LOW = 1 << 0,    /* marker-supply-low, toner-low, or a level at/below low */
  KIOSK_PRINTER_RIBBON_EMPTY = 1 << 1,  /* marker-supply-empty, toner-empty, or a level of 0 */
  KIOSK_PRINTER_MEDIA_LOW = 1 << 2,     /* media-low: few cards / little paper left */
  KIOSK_PRINTER_MEDIA_EMPTY = 1 << 3,   /* media-empty, media-needed: hopper empty / paper out */
  KIOSK_PRINTER_MEDIA_JAM = 1 << 4,     /* media-jam */
  KIOSK_PRINTER_COVER_OPEN = 1 << 5,    /* cover-open, door-open, interlock-open */
  KIOSK_PRINTER_OFFLINE = 1 << 6,       /* offline, shutdown, not reachable */
  KIOSK_PRINTER_OUTPUT_FULL = 1 << 7,   /* output-area-full */
  KIOSK_PRINTER_INPUT_MISSING = 1 << 8, /* input-tray-missing */
  KIOSK_PRINTER_STOPPED = 1 << 9,       /* printer-state stopped, paused, or not accepting jobs */
  KIOSK_PRINTER_OTHER_ERROR = 1 << 10,  /* any other reason with the -error suffix */
} KioskPrinterCondition;

/* Conditions that make a new job pointless: it would wait or fail, and on a
 * card printer might spoil a blank card. RIBBON_LOW and MEDIA_LOW are only
 * warnings. */
#define KIOSK_PRINTER_BLOCKING_CONDITIONS                                                          \
  (KIOSK_PRINTER_RIBBON_EMPTY | KIOSK_PRINTER_MEDIA_EMPTY | KIOSK_PRINTER_MEDIA_JAM                \
   | KIOSK_PRINTER_COVER_OPEN | KIOSK_PRINTER_OFFLINE | KIOSK_PRINTER_OUTPUT_FULL                  \
   | KIOSK_PRINTER_INPUT_MISSING | KIOSK_PRINTER_STOPPED | KIOSK_PRINTER_OTHER_ERROR)

/* "ribbon-low", "media-empty", …: stable names for logs, counters, JSON. */
const char *kiosk_printer_condition_to_string (KioskPrinterCondition condition);
/* A short Chinese phrase for the technician pages ("卡箱无卡"). */
const char *kiosk_printer_condition_describe (KioskPrinterCondition condition);

/* One marker (ribbon panel, toner) as IPP reports it. Levels are percent;
 * IPP uses -1 (unavailable), -2 (unknown) and -3 (some remaining). */
typedef struct
{
  const char *name; /* marker-names, may be NULL */
  const char *type; /* marker-types ("ribbon-wax"), may be NULL */
  int level;        /* marker-levels */
  int low_level;    /* marker-low-levels, or -1 when not reported (then 10) */
} KioskPrinterMarker;

typedef struct
{
  KioskPrinterState state;
  guint conditions; /* KioskPrinterCondition flags */
  char **reasons;   /* the keywords as reported, "none" dropped; never NULL */
  char *message;    /* printer-state-message, or NULL */
  int ribbon_level; /* the lowest known marker level in percent, -1 if none */
} KioskPrinterStatus;

#define KIOSK_TYPE_PRINTER_STATUS (kiosk_printer_status_get_type ())
GType kiosk_printer_status_get_type (void);

/* The pure mapping. `reasons` may be NULL; `markers` has n_markers entries. */
KioskPrinterStatus *kiosk_printer_status_new_from_ipp (int printer_state,
                                                       const char *const *reasons,
                                                       const KioskPrinterMarker *markers,
                                                       guint n_markers,
                                                       const char *message);
/* The status of a printer that could not be reached: OFFLINE. */
KioskPrinterStatus *kiosk_printer_status_new_offline (const char *message);

KioskPrinterStatus *kiosk_printer_status_copy (const KioskPrinterStatus *status);
void kiosk_printer_status_free (KioskPrinterStatus *status);

gboolean kiosk_printer_status_has (const KioskPrinterStatus *status,
                                   KioskPrinterCondition condition);
/* No blocking condition: a job may be sent. */
gboolean kiosk_printer_status_is_ready (const KioskPrinterStatus *status);
/* "media-empty,ribbon-low", or "ok". */
char *kiosk_printer_status_to_string (const KioskPrinterStatus *status);
/* Only the blocking conditions, "media-jam,cover-open" ("" if none). */
char *kiosk_printer_status_blocking_to_string (const KioskPrinterStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPrinterStatus, kiosk_printer_status_free)

G_END_DECLS
