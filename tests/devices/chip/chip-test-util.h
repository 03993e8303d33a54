/* chip-test-util.h — card data and personalisation scripts for the chip tests */
#pragma once

#include "kiosk-chip-script.h"
#include "kiosk-ssc-card-data.h"

G_BEGIN_DECLS

/* The fields of devices/chip/vcard/cards/demo.ini, as the card holds them. */
KioskSscCardData *chip_test_demo_data (void);

/* A script like the simulator center's: SELECT the DDF, GET CHALLENGE,
 * EXTERNAL AUTHENTICATE (8 bytes of 0x5A, or zeros to be refused), then
 * UPDATE RECORD of every field of `data` at its record number through its
 * SFI. 3 + 13 steps. */
KioskChipScript *chip_test_script (const KioskSscCardData *data, gboolean zero_cryptogram);

/* Asserts that the two hold the same card. */
void chip_test_assert_same_card (const KioskSscCardData *a, const KioskSscCardData *b);

G_END_DECLS
