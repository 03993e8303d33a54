/* kiosk-number-label.h — a number people copy or compare, grouped in fours
 *
 * A card number, an ID number or a window's phone in a tabular font, in
 * groups of four ("0431 8557 0725", "2201 **** **** **12 3X"). Personal
 * numbers are masked with kiosk_mask() before they are shown.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-mask.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_NUMBER_LABEL (kiosk_number_label_get_type ())
G_DECLARE_FINAL_TYPE (KioskNumberLabel, kiosk_number_label, KIOSK, NUMBER_LABEL, GtkWidget)

GtkWidget *kiosk_number_label_new (void);
/* Shows `text` as it is (already masked, or not personal), grouped;
 * separators ('-', spaces) are dropped first. */
void kiosk_number_label_set_text (KioskNumberLabel *self, const char *text);
/* Masks `value` as `kind`, then shows it grouped. */
void kiosk_number_label_set_masked (KioskNumberLabel *self, KioskMaskKind kind, const char *value);
const char *kiosk_number_label_get_text (KioskNumberLabel *self);

/* "043185570725" → "0431 8557 0725" (separators dropped), for other widgets. */
char *kiosk_number_label_group (const char *text);

G_END_DECLS
