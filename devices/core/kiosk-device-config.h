/* kiosk-device-config.h — one device's slice of the [devices] group
 *
 * The kiosk configuration names each device by a prefix ("idreader",
 * "chip", "camera") and gives its keys as <prefix>_<key>:
 *
 *   [devices]
 *   idreader_driver=sam-serial
 *   idreader_port=/dev/ttyUSB0
 *   idreader_baud=115200
 *   idreader_simulator=false
 *   chip_driver=pcsc
 *   chip_reader=ACS
 *
 * A driver's create function reads its keys through this object
 * (kiosk_device_config_get_string (cfg, "port", …) reads idreader_port), so
 * every error names the exact key. A simulator start function may override
 * a key (the port becomes the simulator's pty) and hands its processes and
 * temporary files to the config, which stops and removes them when the
 * manager is disposed.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KioskDeviceConfig KioskDeviceConfig;

#define KIOSK_TYPE_DEVICE_CONFIG (kiosk_device_config_get_type ())
GType kiosk_device_config_get_type (void);

/* `keyfile` is referenced; `group` is normally "devices". */
KioskDeviceConfig *kiosk_device_config_new (GKeyFile *keyfile, const char *group, const char *name);
KioskDeviceConfig *kiosk_device_config_ref (KioskDeviceConfig *config);
/* The last unref stops the simulator processes and removes the runtime dir. */
void kiosk_device_config_unref (KioskDeviceConfig *config);

const char *kiosk_device_config_get_name (KioskDeviceConfig *config);  /* "idreader" */
const char *kiosk_device_config_get_group (KioskDeviceConfig *config); /* "devices" */
/* The value of <name>_driver, or NULL. */
const char *kiosk_device_config_get_driver (KioskDeviceConfig *config);
/* <name>_simulator (default false). */
gboolean kiosk_device_config_get_simulator (KioskDeviceConfig *config);

/* "[devices] idreader_port" — for error messages. */
char *kiosk_device_config_describe_key (KioskDeviceConfig *config, const char *key);

/* <name>_<key> as a string (overrides first), or a copy of `fallback`. */
char *
kiosk_device_config_get_string (KioskDeviceConfig *config, const char *key, const char *fallback);
/* <name>_<key> as an unsigned integer in [min, max]; `fallback` if absent.
 * A garbage or out-of-range value is a KIOSK_DEVICE_ERROR_CONFIG naming
 * the key and the allowed range. */
gboolean kiosk_device_config_get_uint (KioskDeviceConfig *config,
                                       const char *key,
                                       guint fallback,
                                       guint min,
                                       guint max,
                                       guint *out,
                                       GError **error);
gboolean kiosk_device_config_get_boolean (
    KioskDeviceConfig *config, const char *key, gboolean fallback, gboolean *out, GError **error);

/* Makes <name>_<key> read as `value` (the simulator's pty, its reader name). */
void
kiosk_device_config_set_override (KioskDeviceConfig *config, const char *key, const char *value);

/* A private directory (mode 0700) for this device's simulator: ptys links,
 * control sockets, daemon configuration. Created on first call, removed
 * recursively at the last unref. */
const char *kiosk_device_config_get_runtime_dir (KioskDeviceConfig *config, GError **error);

/* The simulator program `program` ("kiosk-idreader-sim"): <name>_simulator_program
 * if set, else $KIOSK_DEVICES_SIMDIR/<program> if that variable is set (the
 * build tree, in tests), else $libexecdir/sskiosk/<program>. */
char *kiosk_device_config_find_program (KioskDeviceConfig *config, const char *program);

/* Spawns a simulator (argv[0] is a path), waits until it prints a line
 * starting with "READY" on stdout (up to `timeout_ms`), and keeps the process:
 * it is sent SIGTERM and reaped at the last unref. Its stderr is inherited. */
gboolean kiosk_device_config_spawn_simulator (KioskDeviceConfig *config,
                                              const char *const *argv,
                                              guint timeout_ms,
                                              GError **error);
/* Keeps an already started process the same way. */
void kiosk_device_config_take_process (KioskDeviceConfig *config, GSubprocess *process);

/* Stops the kept processes now (SIGTERM, then SIGKILL after 2 s), reaping them. */
void kiosk_device_config_stop_simulators (KioskDeviceConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDeviceConfig, kiosk_device_config_unref)

G_END_DECLS
