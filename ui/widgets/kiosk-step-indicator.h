/* kiosk-step-indicator.h — ① 读取身份证 ② 拍照 ③ 填写信息 ④ 确认 ⑤ 制卡 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STEP_INDICATOR (kiosk_step_indicator_get_type ())
G_DECLARE_FINAL_TYPE (KioskStepIndicator, kiosk_step_indicator, KIOSK, STEP_INDICATOR, GtkWidget)

/* The steps' labels (NULL or empty: no indicator) and the current one,
 * 1-based (0: none is current; those before `current` are done). */
void
kiosk_step_indicator_set_steps (KioskStepIndicator *self, const char *const *labels, guint current);

G_END_DECLS
