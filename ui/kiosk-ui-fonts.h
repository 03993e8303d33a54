/* kiosk-ui-fonts.h — the UI's own characters in a small font of their own
 *
 * data/fonts/make-ui-fonts.py cuts every character of the UI's text out of
 * Noto Sans CJK SC (Regular, Bold) at build time, as "Kiosk UI Sans SC".
 * Put in front of Noto Sans CJK SC, it saves the kiosk the full faces'
 * pages and tables (≈ 10 MB, docs/performance.md); pango draws any other
 * character (a rare one in a citizen's name) from the full face as before.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The family's name, and the files make-ui-fonts.py writes. */
#define KIOSK_UI_FONT_FAMILY "Kiosk UI Sans SC"

/* Adds KioskUISansSC-Regular.otf and -Bold.otf of `dir` to fontconfig's
 * current configuration, and "Kiosk UI Sans SC" in front of every request
 * for "Noto Sans CJK SC". Call it before GTK starts (pango reads the
 * configuration when it makes its font map). FALSE with `error` when a file
 * is missing or is not that family's face (nothing is changed then), or
 * when fontconfig refuses it: the full faces are used, as without it. */
gboolean kiosk_ui_fonts_use (const char *dir, GError **error);

G_END_DECLS
