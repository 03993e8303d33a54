/* kiosk-ui-rig.c — the parts of the UI tests' rig that are not the program
 *
 *   kiosk-ui-rig stock CONFIG FIRST-SERIAL COUNT
 *       loads a batch of blank cards into the kiosk's store (what a
 *       technician does before the green channel can issue a card);
 *   kiosk-ui-rig printers DIR
 *       starts the card and the receipt printer (ippeveprinter with a
 *       private dbus-daemon, devices/printer's simulator), prints
 *       "card_uri=… card_spool=… receipt_uri=… receipt_spool=…" and
 *       "READY", and stops them when stdin closes or on SIGTERM.
 *
 * Everything else the UI tests need (the ID-card reader on a pty, pcscd +
 * vpcd + the virtual card, the card transport, the camera) the program
 * starts itself from its configuration (<device>_simulator=true).
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "kiosk-config.h"
#include "kiosk-printer-simulator.h"
#include "kiosk-store.h"

static int
load_stock (const char *config_path, const char *first, const char *count_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load_file (config_path, &error);
  g_autoptr (KioskStore) store = NULL;
  guint64 count = 0;
  gint64 loaded;

  if (config == NULL)
    {
      g_printerr ("kiosk-ui-rig: %s\n", error->message);
      return 1;
    }
  if (!g_ascii_string_to_unsigned (count_text, 10, 1, 10000, &count, &error))
    {
      g_printerr ("kiosk-ui-rig: COUNT: %s\n", error->message);
      return 2;
    }
  store = kiosk_store_open_config (config, KIOSK_DB_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_printerr ("kiosk-ui-rig: %s\n", error->message);
      return 1;
    }
  loaded = kiosk_store_stock_load_batch (store, first, (guint) count, "ui-test", &error);
  if (loaded <= 0)
    {
      g_printerr ("kiosk-ui-rig: stock: %s\n", error != NULL ? error->message : "nothing loaded");
      return 1;
    }
  printf ("loaded %" G_GINT64_FORMAT "\n", loaded);
  return 0;
}

static gboolean
on_quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_stdin (gint fd, GIOCondition condition, gpointer user_data)
{
  char buffer[256];

  if ((condition & (G_IO_HUP | G_IO_ERR)) || read (fd, buffer, sizeof buffer) <= 0)
    {
      g_main_loop_quit (user_data);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static int
run_printers (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *card_dir = g_build_filename (dir, "card-printer", NULL);
  g_autofree char *receipt_dir = g_build_filename (dir, "receipt-printer", NULL);
  g_autoptr (KioskPrinterSimulator) card = NULL;
  g_autoptr (KioskPrinterSimulator) receipt = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_mkdir_with_parents (card_dir, 0700);
  g_mkdir_with_parents (receipt_dir, 0700);
  card = kiosk_printer_simulator_start (card_dir, "card", &error);
  if (card != NULL)
    receipt = kiosk_printer_simulator_start (receipt_dir, "receipt", &error);
  if (receipt == NULL)
    {
      g_printerr ("kiosk-ui-rig: printers: %s\n", error->message);
      return 77;
    }
  printf ("card_uri=%s\ncard_spool=%s\ncard_control=%s\n", kiosk_printer_simulator_get_uri (card),
          kiosk_printer_simulator_get_spool_dir (card),
          kiosk_printer_simulator_get_control_path (card));
  printf ("receipt_uri=%s\nreceipt_spool=%s\n", kiosk_printer_simulator_get_uri (receipt),
          kiosk_printer_simulator_get_spool_dir (receipt));
  printf ("READY\n");
  fflush (stdout);

  g_unix_signal_add (SIGTERM, on_quit, loop);
  g_unix_signal_add (SIGINT, on_quit, loop);
  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, loop);
  g_main_loop_run (loop);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "stock"))
    return load_stock (argv[2], argv[3], argv[4]);
  if (argc == 3 && g_str_equal (argv[1], "printers"))
    return run_printers (argv[2]);
  g_printerr ("usage: kiosk-ui-rig stock CONFIG FIRST-SERIAL COUNT | printers DIR\n");
  return 2;
}
