/* kiosk-vcard.c — a virtual social security card behind pcscd's vpcd reader
 *
 * vpcd (the virtual reader driver of vsmartcard) listens on a TCP port; the
 * card is its client. Every message both ways is a 2-byte big-endian length
 * and a payload; a 1-byte message from vpcd is a control code (0 power off,
 * 1 power on, 2 reset, 4 "send your ATR"), a longer one a command APDU that
 * gets the response APDU back. Inserting the card is connecting, removing it
 * is closing the connection; pcscd notices within a second.
 *
 *   kiosk-vcard --port N [--host 127.0.0.1] [--control SOCKET] [--stdin]
 *               [--card FILE | --blank] [--state FILE] [--atr HEX]
 *               [--chain N] [--strict-le] [--removed]
 *
 * --card loads a card file (kiosk-vcard-card.h) or a built-in one ("demo",
 * "blank": cards/demo.ini and cards/blank.ini compiled in), --state
 * keeps the card in a file that every UPDATE RECORD rewrites, so that a
 * personalised card stays personalised across restarts (an existing state
 * file wins over --card). --removed starts with the card out of the reader.
 *
 * Control (a unix socket with --control, and/or stdin with --stdin): one
 * command a line, one answer a line, "OK …" or "ERR message":
 *
 *   INSERT · REMOVE · REMOVE-MID (drop the connection during the next APDU)
 *   MUTE · UNMUTE (stop answering APDUs; the held ones are answered on UNMUTE)
 *   SW hhhh [skip] (answer the APDU after `skip` more with this status word)
 *   CHAIN n (61xx mode, n bytes per GET RESPONSE; 0 off) · STRICT-LE on|off
 *   LOAD file · BLANK · PIN-TRIES n · STATE · QUIT
 *
 * Prints "READY port=N control=PATH" on stdout when it takes commands.
 * Card contents are personal data: never printed, only status words and
 * instruction bytes at debug level.
 */
#define G_LOG_DOMAIN "kiosk-vcard"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kiosk-apdu.h"
#include "kiosk-vcard-card.h"

#define MAX_CLIENTS     8
#define RECONNECT_MS    100
#define VPCD_CTRL_OFF   0
#define VPCD_CTRL_ON    1
#define VPCD_CTRL_RESET 2
#define VPCD_CTRL_ATR   4

typedef struct
{
  int in_fd;
  int out_fd;
  GString *in;
} Client;

typedef struct
{
  /* vpcd */
  char *host;
  guint port;
  int fd;
  GByteArray *in;
  gboolean want_inserted;
  gint64 next_connect;
  gboolean powered;
  GBytes *atr;

  /* faults */
  gboolean remove_mid;
  gboolean muted;
  GQueue held; /* GBytes: APDUs received while muted */
  gboolean inject;
  guint16 inject_sw;
  guint inject_skip;

  /* the card */
  KioskVcardCard *card;
  char *state_path;
  guint n_apdus;

  /* control */
  char *control_path;
  int control_fd;
  Client clients[MAX_CLIENTS];
  gboolean quit;
} Vcard;

static volatile sig_atomic_t got_signal;

static void
on_signal (int signo)
{
  got_signal = signo;
}

/* ---- vpcd ------------------------------------------------------------------- */

static GBytes *
default_atr (void)
{
  /* TS 3B · T0 8A (TD1, 10 historical bytes) · TD1 80 (TD2, T=0) · TD2 01
   * (T=1) · "SSKIOSK-VC" · TCK: the card offers T=0 and T=1. */
  static const char historical[] = "SSKIOSK-VC";
  guint8 atr[4 + 10 + 1] = { 0x3B, 0x8A, 0x80, 0x01 };
  guint8 tck = 0;

  memcpy (atr + 4, historical, 10);
  for (gsize i = 1; i < sizeof atr - 1; i++)
    tck ^= atr[i];
  atr[sizeof atr - 1] = tck;
  return g_bytes_new (atr, sizeof atr);
}

static void
vpcd_close (Vcard *vc)
{
  if (vc->fd >= 0)
    {
      close (vc->fd);
      vc->fd = -1;
      g_debug ("disconnected from vpcd");
    }
  g_byte_array_set_size (vc->in, 0);
  g_queue_clear_full (&vc->held, (GDestroyNotify) g_bytes_unref);
  vc->powered = FALSE;
  kiosk_vcard_card_reset (vc->card);
}

static void
vpcd_connect (Vcard *vc)
{
  struct sockaddr_in addr = { 0 };
  int fd, one = 1;

  vc->next_connect = g_get_monotonic_time () + RECONNECT_MS * 1000;
  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return;
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((guint16) vc->port);
  if (inet_pton (AF_INET, vc->host, &addr.sin_addr) != 1
      || connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return;
    }
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  vc->fd = fd;
  kiosk_vcard_card_reset (vc->card);
  g_debug ("connected to vpcd on %s:%u", vc->host, vc->port);
}

static void
vpcd_send (Vcard *vc, GBytes *payload)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (payload, &len);
  guint8 *frame = g_malloc (len + 2);
  gsize sent = 0;

  frame[0] = (guint8) (len >> 8);
  frame[1] = (guint8) (len & 0xFF);
  memcpy (frame + 2, data, len);
  while (vc->fd >= 0 && sent < len + 2)
    {
      ssize_t r = send (vc->fd, frame + sent, len + 2 - sent, MSG_NOSIGNAL);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        {
          vpcd_close (vc);
          break;
        }
      sent += (gsize) r;
    }
  explicit_bzero (frame, len + 2);
  g_free (frame);
}

static void
save_state (Vcard *vc)
{
  g_autoptr (GError) error = NULL;

  if (vc->state_path != NULL && !kiosk_vcard_card_save (vc->card, vc->state_path, &error))
    g_printerr ("kiosk-vcard: cannot save the card to %s: %s\n", vc->state_path, error->message);
}

static void
answer_apdu (Vcard *vc, GBytes *apdu)
{
  g_autoptr (GBytes) reply = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (apdu, &len);

  vc->n_apdus++;
  if (vc->inject && vc->inject_skip == 0)
    {
      guint8 sw[2] = { (guint8) (vc->inject_sw >> 8), (guint8) (vc->inject_sw & 0xFF) };

      vc->inject = FALSE;
      g_debug ("INS %02X: injected %04X", len > 1 ? data[1] : 0, vc->inject_sw);
      reply = g_bytes_new (sw, 2);
    }
  else
    {
      if (vc->inject)
        vc->inject_skip--;
      reply = kiosk_vcard_card_process (vc->card, data, len);
      if (kiosk_vcard_card_take_dirty (vc->card))
        save_state (vc);
      if (g_bytes_get_size (reply) >= 2)
        {
          const guint8 *r = g_bytes_get_data (reply, NULL);
          gsize rl = g_bytes_get_size (reply);

          g_debug ("INS %02X: %02X%02X", len > 1 ? data[1] : 0, r[rl - 2], r[rl - 1]);
        }
    }
  vpcd_send (vc, reply);
}

static void
handle_frame (Vcard *vc, const guint8 *payload, gsize len)
{
  if (len == 1)
    {
      switch (payload[0])
        {
          case VPCD_CTRL_OFF:
            vc->powered = FALSE;
            kiosk_vcard_card_reset (vc->card);
            g_debug ("power off");
            break;
          case VPCD_CTRL_ON:
          case VPCD_CTRL_RESET:
            vc->powered = TRUE;
            kiosk_vcard_card_reset (vc->card);
            g_debug ("%s", payload[0] == VPCD_CTRL_ON ? "power on" : "reset");
            break;
          case VPCD_CTRL_ATR:
            vpcd_send (vc, vc->atr);
            break;
          default:
            break;
        }
      return;
    }
  if (len == 0)
    return;
  if (vc->remove_mid)
    {
      /* The card leaves the reader while the command is on its way. */
      vc->remove_mid = FALSE;
      vc->want_inserted = FALSE;
      vpcd_close (vc);
      g_debug ("removed during a command");
      return;
    }
  if (vc->muted)
    {
      g_queue_push_tail (&vc->held, g_bytes_new (payload, len));
      return;
    }
  {
    g_autoptr (GBytes) apdu = g_bytes_new (payload, len);

    answer_apdu (vc, apdu);
  }
}

static void
vpcd_read (Vcard *vc)
{
  guint8 buf[4096];
  ssize_t r = recv (vc->fd, buf, sizeof buf, 0);

  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (r <= 0)
    {
      /* pcscd went away: the card stays "inserted" and comes back with it. */
      vpcd_close (vc);
      return;
    }
  g_byte_array_append (vc->in, buf, (guint) r);
  explicit_bzero (buf, sizeof buf);
  while (vc->fd >= 0 && vc->in->len >= 2)
    {
      gsize len = (gsize) vc->in->data[0] << 8 | vc->in->data[1];
      g_autofree guint8 *payload = NULL;

      if (vc->in->len < len + 2)
        break;
      payload = g_memdup2 (vc->in->data + 2, len);
      g_byte_array_remove_range (vc->in, 0, (guint) (len + 2));
      handle_frame (vc, payload, len);
      if (payload != NULL)
        explicit_bzero (payload, len);
    }
}

/* A card file, or the name of a built-in one ("demo", "blank"). */
static gboolean
load_card (KioskVcardCard *card, const char *name, GError **error)
{
  g_autofree char *resource = NULL;
  g_autoptr (GBytes) data = NULL;

  if (strchr (name, '/') != NULL || g_file_test (name, G_FILE_TEST_EXISTS))
    return kiosk_vcard_card_load (card, name, error);
  resource = g_strdup_printf ("/cn/jl/hrss/Kiosk/vcard/%s.ini", name);
  data = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (data == NULL)
    return kiosk_vcard_card_load (card, name, error);
  return kiosk_vcard_card_load_data (card, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                     error);
}

/* ---- control ----------------------------------------------------------------- */

static void client_reply (Client *client, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
client_reply (Client *client, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  gsize off = 0, len;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  line = g_strconcat (text, "\n", NULL);
  len = strlen (line);
  while (off < len)
    {
      ssize_t r = write (client->out_fd, line + off, len - off);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      off += (gsize) r;
    }
}

static gboolean
parse_uint (const char *text, guint base, guint64 max, guint64 *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, base, 0, max, out, NULL);
}

static void
run_command (Vcard *vc, Client *client, char *line)
{
  g_auto (GStrv) words = NULL;
  const char *cmd;
  guint64 value = 0, skip = 0;

  g_strstrip (line);
  words = g_strsplit_set (line, " \t", -1);
  cmd = words[0];
  if (cmd == NULL || cmd[0] == '\0')
    return;

  if (g_ascii_strcasecmp (cmd, "INSERT") == 0)
    {
      vc->want_inserted = TRUE;
      if (vc->fd < 0)
        vpcd_connect (vc);
      client_reply (client, "OK inserted connected=%d", vc->fd >= 0);
    }
  else if (g_ascii_strcasecmp (cmd, "REMOVE") == 0)
    {
      vc->want_inserted = FALSE;
      vc->remove_mid = FALSE;
      vpcd_close (vc);
      client_reply (client, "OK removed");
    }
  else if (g_ascii_strcasecmp (cmd, "REMOVE-MID") == 0)
    {
      vc->remove_mid = TRUE;
      client_reply (client, "OK the card leaves during the next command");
    }
  else if (g_ascii_strcasecmp (cmd, "MUTE") == 0)
    {
      vc->muted = TRUE;
      client_reply (client, "OK muted");
    }
  else if (g_ascii_strcasecmp (cmd, "UNMUTE") == 0)
    {
      GBytes *apdu;

      vc->muted = FALSE;
      while (vc->fd >= 0 && (apdu = g_queue_pop_head (&vc->held)) != NULL)
        {
          answer_apdu (vc, apdu);
          g_bytes_unref (apdu);
        }
      client_reply (client, "OK unmuted");
    }
  else if (g_ascii_strcasecmp (cmd, "SW") == 0)
    {
      if (!parse_uint (words[1], 16, 0xFFFF, &value) || strlen (words[1]) != 4
          || (words[2] != NULL && !parse_uint (words[2], 10, 1000, &skip)))
        {
          client_reply (client, "ERR usage: SW hhhh [skip]");
          return;
        }
      vc->inject = TRUE;
      vc->inject_sw = (guint16) value;
      vc->inject_skip = (guint) skip;
      client_reply (client, "OK the APDU after %u more answers %04X", vc->inject_skip,
                    vc->inject_sw);
    }
  else if (g_ascii_strcasecmp (cmd, "CHAIN") == 0)
    {
      if (!parse_uint (words[1], 10, 256, &value))
        {
          client_reply (client, "ERR usage: CHAIN n (0…256, 0 is off)");
          return;
        }
      kiosk_vcard_card_set_chain (vc->card, (guint) value);
      client_reply (client, "OK chain=%u", (guint) value);
    }
  else if (g_ascii_strcasecmp (cmd, "STRICT-LE") == 0)
    {
      gboolean on = g_strcmp0 (words[1], "on") == 0;

      if (!on && g_strcmp0 (words[1], "off") != 0)
        {
          client_reply (client, "ERR usage: STRICT-LE on|off");
          return;
        }
      kiosk_vcard_card_set_strict_le (vc->card, on);
      client_reply (client, "OK strict_le=%d", on);
    }
  else if (g_ascii_strcasecmp (cmd, "LOAD") == 0)
    {
      g_autoptr (GError) error = NULL;
      const char *path = line + strlen (cmd);

      while (*path == ' ' || *path == '\t')
        path++;
      if (*path == '\0')
        client_reply (client, "ERR usage: LOAD file");
      else if (!load_card (vc->card, path, &error))
        client_reply (client, "ERR %s", error->message);
      else
        {
          save_state (vc);
          client_reply (client, "OK loaded personalised=%d",
                        kiosk_vcard_card_is_personalised (vc->card));
        }
    }
  else if (g_ascii_strcasecmp (cmd, "BLANK") == 0)
    {
      kiosk_vcard_card_blank (vc->card);
      save_state (vc);
      client_reply (client, "OK blank");
    }
  else if (g_ascii_strcasecmp (cmd, "PIN-TRIES") == 0)
    {
      if (!parse_uint (words[1], 10, 15, &value))
        {
          client_reply (client, "ERR usage: PIN-TRIES n");
          return;
        }
      kiosk_vcard_card_set_pin_tries (vc->card, (guint) value);
      save_state (vc);
      client_reply (client, "OK pin_tries=%u", kiosk_vcard_card_get_pin_tries (vc->card));
    }
  else if (g_ascii_strcasecmp (cmd, "STATE") == 0)
    {
      client_reply (client,
                    "OK inserted=%d connected=%d powered=%d muted=%d held=%u personalised=%d "
                    "pin_tries=%u apdus=%u updates=%u",
                    vc->want_inserted, vc->fd >= 0, vc->powered, vc->muted,
                    g_queue_get_length (&vc->held), kiosk_vcard_card_is_personalised (vc->card),
                    kiosk_vcard_card_get_pin_tries (vc->card), vc->n_apdus,
                    kiosk_vcard_card_get_n_updates (vc->card));
    }
  else if (g_ascii_strcasecmp (cmd, "QUIT") == 0)
    {
      vc->quit = TRUE;
      client_reply (client, "OK bye");
    }
  else
    client_reply (client, "ERR unknown command %s", cmd);
}

static void
client_close (Client *client)
{
  if (client->in_fd > 0)
    close (client->in_fd);
  if (client->out_fd > 1 && client->out_fd != client->in_fd)
    close (client->out_fd);
  client->in_fd = client->out_fd = -1;
  if (client->in != NULL)
    g_string_free (client->in, TRUE);
  client->in = NULL;
}

static void
client_add (Vcard *vc, int in_fd, int out_fd)
{
  for (guint i = 0; i < MAX_CLIENTS; i++)
    if (vc->clients[i].in_fd < 0)
      {
        vc->clients[i].in_fd = in_fd;
        vc->clients[i].out_fd = out_fd;
        vc->clients[i].in = g_string_new (NULL);
        return;
      }
  close (in_fd);
}

static void
client_read (Vcard *vc, Client *client)
{
  char buf[1024];
  ssize_t r = read (client->in_fd, buf, sizeof buf);
  char *nl;

  if (r < 0 && errno == EINTR)
    return;
  if (r <= 0)
    {
      gboolean was_stdin = client->in_fd == STDIN_FILENO;

      client_close (client);
      if (was_stdin)
        vc->quit = TRUE; /* stdin closed: the controlling program is gone */
      return;
    }
  g_string_append_len (client->in, buf, r);
  while (client->in != NULL && (nl = strchr (client->in->str, '\n')) != NULL)
    {
      g_autofree char *line = g_strndup (client->in->str, (gsize) (nl - client->in->str));

      g_string_erase (client->in, 0, nl - client->in->str + 1);
      run_command (vc, client, line);
    }
  if (client->in != NULL && client->in->len > 4096)
    client_close (client);
}

static int
control_listen (const char *path, GError **error)
{
  struct sockaddr_un addr = { 0 };
  int fd;

  if (strlen (path) >= sizeof addr.sun_path)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
                   "The control socket path %s is too long", path);
      return -1;
    }
  addr.sun_family = AF_UNIX;
  strcpy (addr.sun_path, path);
  g_unlink (path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (fd, 4) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot listen on %s: %s",
                   path, g_strerror (saved));
      return -1;
    }
  return fd;
}

/* ---- main -------------------------------------------------------------------------- */

static int
run (Vcard *vc)
{
  while (!vc->quit && !got_signal)
    {
      struct pollfd fds[2 + MAX_CLIENTS];
      Client *owners[2 + MAX_CLIENTS];
      nfds_t n = 0;
      int timeout = -1;
      int vpcd_index = -1, control_index = -1;

      if (vc->want_inserted && vc->fd < 0)
        {
          gint64 wait = vc->next_connect - g_get_monotonic_time ();

          if (wait <= 0)
            {
              vpcd_connect (vc);
              wait = RECONNECT_MS * 1000;
            }
          if (vc->fd < 0)
            timeout = (int) MAX (1, wait / 1000);
        }
      if (vc->fd >= 0)
        {
          vpcd_index = (int) n;
          fds[n++] = (struct pollfd){ .fd = vc->fd, .events = POLLIN };
        }
      if (vc->control_fd >= 0)
        {
          control_index = (int) n;
          fds[n++] = (struct pollfd){ .fd = vc->control_fd, .events = POLLIN };
        }
      for (guint i = 0; i < MAX_CLIENTS; i++)
        if (vc->clients[i].in_fd >= 0)
          {
            owners[n] = &vc->clients[i];
            fds[n++] = (struct pollfd){ .fd = vc->clients[i].in_fd, .events = POLLIN };
          }

      if (poll (fds, n, timeout) < 0)
        {
          if (errno == EINTR)
            continue;
          g_printerr ("kiosk-vcard: poll: %s\n", g_strerror (errno));
          return 1;
        }
      for (nfds_t i = 0; i < n; i++)
        {
          if (fds[i].revents == 0)
            continue;
          if ((int) i == vpcd_index)
            {
              if (vc->fd >= 0)
                vpcd_read (vc);
            }
          else if ((int) i == control_index)
            {
              int fd = accept4 (vc->control_fd, NULL, NULL, SOCK_CLOEXEC);

              if (fd >= 0)
                client_add (vc, fd, fd);
            }
          else if (owners[i]->in_fd >= 0)
            client_read (vc, owners[i]);
        }
    }
  return 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *host = NULL;
  g_autofree char *card_path = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *control_path = NULL;
  g_autofree char *atr_hex = NULL;
  gint port = 0, chain = 0;
  gboolean blank = FALSE, removed = FALSE, use_stdin = FALSE, strict_le = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "vpcd's TCP port (CHANNELID)", "N" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "vpcd's address (127.0.0.1)", "IPV4" },
    { "control", 'c', 0, G_OPTION_ARG_FILENAME, &control_path, "Control socket", "PATH" },
    { "stdin", 0, 0, G_OPTION_ARG_NONE, &use_stdin, "Read control commands from stdin", NULL },
    { "card", 0, 0, G_OPTION_ARG_FILENAME, &card_path, "Card file to load", "FILE" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_path, "Keep the card in this file", "FILE" },
    { "blank", 0, 0, G_OPTION_ARG_NONE, &blank, "Start with a blank card", NULL },
    { "atr", 0, 0, G_OPTION_ARG_STRING, &atr_hex, "ATR in hex", "HEX" },
    { "chain", 0, 0, G_OPTION_ARG_INT, &chain, "61xx mode: bytes per GET RESPONSE", "N" },
    { "strict-le", 0, 0, G_OPTION_ARG_NONE, &strict_le, "Answer a wrong Le with 6Cxx", NULL },
    { "removed", 0, 0, G_OPTION_ARG_NONE, &removed, "Start with the card removed", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— virtual social security card");
  g_autoptr (GError) error = NULL;
  struct sigaction sa = { 0 };
  Vcard vc = { 0 };
  int rc;

  /* stdout carries READY (and --stdin answers): logs go to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kiosk-vcard: %s\n", error->message);
      return 2;
    }
  if (port <= 0 || port > 65535 || chain < 0 || chain > 256)
    {
      g_printerr ("kiosk-vcard: --port 1…65535 is required (and --chain 0…256)\n");
      return 2;
    }

  vc.host = g_strdup (host != NULL ? host : "127.0.0.1");
  vc.port = (guint) port;
  vc.fd = -1;
  vc.control_fd = -1;
  vc.in = g_byte_array_new ();
  g_queue_init (&vc.held);
  for (guint i = 0; i < MAX_CLIENTS; i++)
    vc.clients[i].in_fd = vc.clients[i].out_fd = -1;
  vc.card = kiosk_vcard_card_new ();
  vc.state_path = g_strdup (state_path);
  vc.want_inserted = !removed;

  if (atr_hex != NULL)
    {
      vc.atr = kiosk_apdu_from_hex (atr_hex);
      if (vc.atr == NULL || g_bytes_get_size (vc.atr) < 2 || g_bytes_get_size (vc.atr) > 33)
        {
          g_printerr ("kiosk-vcard: --atr: 2…33 bytes of hex expected\n");
          return 2;
        }
    }
  else
    vc.atr = default_atr ();

  if (state_path != NULL && g_file_test (state_path, G_FILE_TEST_EXISTS))
    {
      if (!kiosk_vcard_card_load (vc.card, state_path, &error))
        {
          g_printerr ("kiosk-vcard: %s: %s\n", state_path, error->message);
          return 1;
        }
    }
  else if (card_path != NULL && !blank)
    {
      if (!load_card (vc.card, card_path, &error))
        {
          g_printerr ("kiosk-vcard: %s: %s\n", card_path, error->message);
          return 1;
        }
      save_state (&vc);
    }
  else
    save_state (&vc);
  kiosk_vcard_card_set_chain (vc.card, (guint) chain);
  kiosk_vcard_card_set_strict_le (vc.card, strict_le);

  if (control_path != NULL)
    {
      vc.control_fd = control_listen (control_path, &error);
      if (vc.control_fd < 0)
        {
          g_printerr ("kiosk-vcard: %s\n", error->message);
          return 1;
        }
      vc.control_path = g_strdup (control_path);
    }
  if (use_stdin)
    client_add (&vc, STDIN_FILENO, STDOUT_FILENO);

  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);

  if (vc.want_inserted)
    vpcd_connect (&vc);
  printf ("READY port=%u control=%s\n", vc.port, control_path != NULL ? control_path : "-");
  fflush (stdout);

  rc = run (&vc);

  vpcd_close (&vc);
  for (guint i = 0; i < MAX_CLIENTS; i++)
    if (vc.clients[i].in_fd >= 0)
      client_close (&vc.clients[i]);
  if (vc.control_fd >= 0)
    {
      close (vc.control_fd);
      g_unlink (vc.control_path);
    }
  g_free (vc.control_path);
  g_free (vc.host);
  g_free (vc.state_path);
  g_bytes_unref (vc.atr);
  g_byte_array_unref (vc.in);
  kiosk_vcard_card_free (vc.card);
  return rc;
}
