/* fake-wlt.c — a stand-in for the closed vendor WLT library, with the
 * documented symbol, so that the dlopen() path is tested for real. It does
 * not decode WLT (nobody outside the vendors can): it draws a grey BMP of
 * the right size whose shade depends on the input. */
#include <stdint.h>
#include <string.h>

int unpack (char *wlt, char *bmp, int arg);
int unpack_broken (char *wlt, char *bmp, int arg);

static void
le32 (char *p, uint32_t v)
{
  p[0] = (char) (v & 0xFF);
  p[1] = (char) ((v >> 8) & 0xFF);
  p[2] = (char) ((v >> 16) & 0xFF);
  p[3] = (char) ((v >> 24) & 0xFF);
}

int
unpack (char *wlt, char *bmp, int arg)
{
  unsigned char shade = 0;

  if (arg != 1)
    return -1;
  /* A photo starting with FF FF is "corrupt": the vendor library fails. */
  if ((unsigned char) wlt[0] == 0xFF && (unsigned char) wlt[1] == 0xFF)
    return 0;
  for (int i = 0; i < 1024; i++)
    shade ^= (unsigned char) wlt[i];
  memset (bmp, 0, 54);
  bmp[0] = 'B';
  bmp[1] = 'M';
  le32 (bmp + 2, 38862);
  le32 (bmp + 10, 54);
  le32 (bmp + 14, 40);
  le32 (bmp + 18, 102);
  le32 (bmp + 22, 126);
  bmp[26] = 1;
  bmp[28] = 24;
  le32 (bmp + 34, 38862 - 54);
  memset (bmp + 54, shade, 38862 - 54);
  return 1;
}

/* Claims success but writes no bitmap. */
int
unpack_broken (char *wlt, char *bmp, int arg)
{
  memset (bmp, 'x', 100);
  return 1;
}
