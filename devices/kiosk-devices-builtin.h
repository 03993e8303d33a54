/* kiosk-devices-builtin.h — every driver this build has, registered in one call
 *
 * The device manager builds devices by driver name from the configuration;
 * the program, kioskctl and the technician's self-tests all need the same
 * set of names, so the list lives here, beside the drivers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the ID-card reader, chip reader, card feeder and — when the
 * build has them — camera and IPP printer drivers with the device manager.
 * Safe to call more than once. */
void kiosk_devices_register_builtin (void);

G_END_DECLS
