/* kiosk-application-private.h — the application's state, shared by its files
 *
 * kiosk-application.c: start (configuration, context, recovery) and the
 * observable state; kiosk-application-actions.c: the GActions.
 */
#pragma once

#include "kiosk-application.h"
#include "kiosk-config.h"
#include "kiosk-context.h"
#include "kiosk-main-window.h"

G_BEGIN_DECLS

struct _KioskApplication
{
  GtkApplication parent_instance;

  char *config_path;
  gboolean windowed;
  KioskConfig *config;
  guint auto_capture_s; /* [ui] auto_capture_s */

  KioskContext *context; /* NULL until built, or when it could not be */
  GCancellable *cancellable;
  gboolean ready;        /* recovery done: services may start */
  guint retention_timer; /* the daily purge of personal data, after recovery */

  KioskMainWindow *window;
};

/* kiosk-application-actions.c */
void kiosk_application_install_actions (KioskApplication *self);
/* kiosk-application-technician-actions.c: technician mode's actions and pages */
void kiosk_application_install_technician_actions (KioskApplication *self);

/* The observable state (stateful actions app.current-page, app.last-error). */
void kiosk_application_set_current_page (KioskApplication *self, const char *page_id);
/* "" clears; otherwise "<code>: <message for the citizen>". */
void
kiosk_application_set_last_error (KioskApplication *self, const char *code, const char *message);
/* Shows `error` on the page and records it as the last error. */
void kiosk_application_report_error (KioskApplication *self, const GError *error);

/* The flow the window presents, or NULL (transfer none). */
KioskFlow *kiosk_application_get_flow (KioskApplication *self);

G_END_DECLS
