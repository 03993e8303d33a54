/* kiosk-step-list.h — long work as named steps, a bar and the time left */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STEP_LIST (kiosk_step_list_get_type ())
G_DECLARE_FINAL_TYPE (KioskStepList, kiosk_step_list, KIOSK, STEP_LIST, GtkWidget)

/* Shows the production steps of `steps` (element-type KioskFlowStep) and
 * the seconds they typically still take. */
void kiosk_step_list_set_steps (KioskStepList *self, GPtrArray *steps, guint seconds_left);
/* 0 … 1, from the typical durations of the steps done. */
double kiosk_step_list_get_fraction (KioskStepList *self);

/* "约 1 分 20 秒", "约 40 秒", "马上就好" — for the time left. */
char *kiosk_step_list_format_seconds (guint seconds);

G_END_DECLS
