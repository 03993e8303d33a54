/* kiosk-idreader-sim.c — an ID-card reader (SAM module) on a pty
 *
 * Speaks the SAM serial protocol on the master side of a pty, paced at the
 * configured baud rate (10 bits a byte), so the real driver can open the
 * slave side like a USB serial adapter. Scripted over a unix control socket
 * with one-line text commands (docs/devices.md):
 *
 *   PLACE [card]  REMOVE | NOCARD  TYPE resident|hkmotw|foreigner|foreigner2023
 *   GARBAGE n  CORRUPT-CHECKSUM [n]  BAD-LENGTH [n]  TRUNCATE [n]
 *   FAIL sw3 [n [cmd [para]]]  SLOW ms  UNPLUG  PLUG  STATE  QUIT
 *
 * Each answer is one line: "OK …" or "ERR message".
 *
 *   kiosk-idreader-sim --link PATH | --fd N  [--control SOCKET] [--baud N]
 *                      [--card SPEC] [--people FILE]
 *
 * --link: the simulator makes its own pty and points PATH at the slave side;
 * UNPLUG closes the pty and removes PATH, PLUG makes a new one (the device
 * comes back, as a USB adapter does). --fd: the master side is given
 * (inherited); UNPLUG closes it for good. Prints "READY …" on stdout when
 * the line and the control socket are up.
 */
#define G_LOG_DOMAIN "kiosk-idreader-sim"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kiosk-id-text.h"
#include "kiosk-idreader-sim-cards.h"
#include "kiosk-sam-frame.h"
#include "kiosk-sam-status.h"

#define MAX_CLIENTS 8

typedef struct
{
  GBytes *bytes;
  gint64 ready_at; /* monotonic µs: not before */
} Reply;

typedef struct
{
  int fd;
  GString *in;
} Client;

typedef struct
{
  /* The line. */
  int master;
  int slave_keep; /* keeps the slave open so the master never sees a hangup */
  char *link;
  guint baud;
  KioskSamDecoder *decoder;

  /* Paced output. */
  GQueue replies; /* Reply, waiting */
  Reply *sending; /* on the wire */
  gsize sent;     /* bytes of `sending` written */
  gint64 started; /* when its first byte went out */

  /* The card. */
  KioskIdCardData *card; /* the card to place; never logged */
  gboolean placed;
  gboolean halted; /* read once: not "found" again until re-placed */
  GKeyFile *people;

  /* Faults. */
  guint garbage;
  guint corrupt_checksum;
  guint bad_length;
  guint truncate;
  int fail_sw3;
  guint fail_count;
  int fail_cmd;  /* -1: any */
  int fail_para; /* -1: any */
  guint slow_ms;

  /* Control. */
  int listen_fd;
  char *control_path;
  Client clients[MAX_CLIENTS];
  guint64 requests;
  guint64 replies_sent;
  guint32 rng;
  gboolean quit;
} Sim;

static volatile sig_atomic_t got_signal;

static void
on_signal (int signo)
{
  got_signal = signo;
}

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static guint8
next_random (Sim *sim)
{
  sim->rng = sim->rng * 1103515245u + 12345u;
  return (guint8) (sim->rng >> 16);
}

/* ---- the pty -------------------------------------------------------------- */

static gboolean
make_pty (Sim *sim, GError **error)
{
  struct termios tio;
  char name[128];
  int master, slave;

  if (openpty (&master, &slave, name, NULL, NULL) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "openpty: %s",
                   g_strerror (errno));
      return FALSE;
    }
  /* Raw before anyone opens it: no echo, no CR/LF translation. */
  tcgetattr (slave, &tio);
  cfmakeraw (&tio);
  tcsetattr (slave, TCSANOW, &tio);
  fcntl (master, F_SETFL, fcntl (master, F_GETFL) | O_NONBLOCK);
  fcntl (master, F_SETFD, FD_CLOEXEC);
  fcntl (slave, F_SETFD, FD_CLOEXEC);
  g_unlink (sim->link);
  if (symlink (name, sim->link) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "symlink %s: %s", sim->link,
                   g_strerror (errno));
      close (master);
      close (slave);
      return FALSE;
    }
  sim->master = master;
  sim->slave_keep = slave;
  return TRUE;
}

static void
drop_output (Sim *sim)
{
  Reply *reply;

  if (sim->sending != NULL)
    {
      g_bytes_unref (sim->sending->bytes);
      g_clear_pointer (&sim->sending, g_free);
    }
  while ((reply = g_queue_pop_head (&sim->replies)) != NULL)
    {
      g_bytes_unref (reply->bytes);
      g_free (reply);
    }
}

static void
unplug (Sim *sim)
{
  drop_output (sim);
  if (sim->master >= 0)
    close (sim->master);
  if (sim->slave_keep >= 0)
    close (sim->slave_keep);
  sim->master = sim->slave_keep = -1;
  if (sim->link != NULL)
    g_unlink (sim->link);
  kiosk_sam_decoder_reset (sim->decoder);
}

/* ---- the protocol ---------------------------------------------------------- */

static GBytes *
build_read_reply (Sim *sim, gboolean fingerprint)
{
  guint8 text[KIOSK_ID_TEXT_LEN];
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 photo[1024];
  guint8 lengths[6] = { 0x01, 0x00, 0x04, 0x00, 0x04, 0x00 };
  guint32 seed = 2166136261u;
  GBytes *reply;

  if (!kiosk_id_text_encode (sim->card, text, NULL))
    return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_READ_FAILED, NULL, 0);
  /* A stand-in for the WLT photo: only a vendor library could make a real
   * one. Derived from the text so that each card has its own. */
  for (gsize i = 0; i < sizeof text; i++)
    seed = (seed ^ text[i]) * 16777619u;
  for (gsize i = 0; i < sizeof photo; i++)
    {
      seed = seed * 1103515245u + 12345u;
      photo[i] = (guint8) (seed >> 16);
    }
  g_byte_array_append (data, lengths, fingerprint ? 6 : 4);
  g_byte_array_append (data, text, sizeof text);
  g_byte_array_append (data, photo, sizeof photo);
  if (fingerprint)
    for (gsize i = 0; i < 1024; i++)
      {
        guint8 b = (guint8) (i * 7);

        g_byte_array_append (data, &b, 1);
      }
  reply = kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_OK, data->data, data->len);
  explicit_bzero (text, sizeof text);
  explicit_bzero (data->data, data->len);
  return reply;
}

static GBytes *
answer (Sim *sim, guint8 cmd, guint8 para)
{
  static const guint8 sam_id[16] = { 0x05, 0x00, 0x01, 0x00, 0x5F, 0xB6, 0x32, 0x01,
                                     0x6E, 0x31, 0xF8, 0x04, 0x30, 0xD0, 0xAF, 0x8F };
  static const guint8 find_data[4] = { 0 };
  static const guint8 select_data[8] = { 0 };

  if (sim->fail_count > 0 && (sim->fail_cmd < 0 || sim->fail_cmd == cmd)
      && (sim->fail_para < 0 || sim->fail_para == para))
    {
      sim->fail_count--;
      return kiosk_sam_frame_encode_reply (0x00, 0x00, (guint8) sim->fail_sw3, NULL, 0);
    }
  switch ((cmd << 8) | para)
    {
      case 0x11FF:
        return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_OK, NULL, 0);
      case 0x12FF:
        return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_OK, sam_id, sizeof sam_id);
      case 0x2001:
        if (sim->placed && !sim->halted)
          return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_CARD_FOUND, find_data,
                                               sizeof find_data);
        return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_FIND_FAILED, NULL, 0);
      case 0x2002:
        if (sim->placed)
          return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_OK, select_data,
                                               sizeof select_data);
        return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_SELECT_FAILED, NULL, 0);
      case 0x3001:
      case 0x3010:
        if (!sim->placed)
          return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_READ_FAILED, NULL, 0);
        sim->halted = TRUE;
        return build_read_reply (sim, para == 0x10);
      default:
        return kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_COMMAND_ERROR, NULL, 0);
    }
}

/* Applies the scripted faults to a reply and queues it. */
static void
queue_reply (Sim *sim, GBytes *frame, gsize request_len)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (frame, &len);
  Reply *reply = g_new0 (Reply, 1);

  for (; sim->garbage > 0; sim->garbage--)
    {
      /* Mostly noise, with partial preambles to test resynchronisation. */
      guint8 b = (sim->garbage % 7 == 0) ? 0xAA : next_random (sim);

      g_byte_array_append (out, &b, 1);
    }
  g_byte_array_append (out, data, (guint) len);
  if (sim->corrupt_checksum > 0)
    {
      sim->corrupt_checksum--;
      out->data[out->len - 1] ^= 0x5A;
    }
  else if (sim->bad_length > 0)
    {
      gsize start = out->len - len;

      sim->bad_length--;
      out->data[start + 5] = 0x7F;
      out->data[start + 6] = 0xFF;
    }
  else if (sim->truncate > 0)
    {
      sim->truncate--;
      g_byte_array_set_size (out, out->len - len / 2);
    }
  reply->bytes = g_bytes_new (out->data, out->len);
  explicit_bzero (out->data, out->len);
  /* The reply cannot start before the request has crossed the wire. */
  reply->ready_at = now_us () + (gint64) request_len * 10 * G_USEC_PER_SEC / sim->baud
                    + (gint64) sim->slow_ms * 1000;
  g_queue_push_tail (&sim->replies, reply);
  g_bytes_unref (frame);
}

static void
handle_input (Sim *sim)
{
  guint8 buf[4096];
  ssize_t n = read (sim->master, buf, sizeof buf);

  if (n <= 0)
    return;
  kiosk_sam_decoder_push (sim->decoder, buf, (gsize) n);
  for (;;)
    {
      g_autoptr (KioskSamFrame) frame = NULL;
      g_autoptr (GError) error = NULL;
      KioskSamDecodeResult result = kiosk_sam_decoder_next (sim->decoder, &frame, &error);
      guint8 cmd, para;

      if (result == KIOSK_SAM_DECODE_NEED_MORE)
        break;
      sim->requests++;
      if (result == KIOSK_SAM_DECODE_ERROR)
        {
          guint8 sw3
              = g_error_matches (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_BAD_CHECKSUM)
                    ? KIOSK_SAM_SW3_CHECKSUM_ERROR
                    : KIOSK_SAM_SW3_LENGTH_ERROR;

          queue_reply (sim, kiosk_sam_frame_encode_reply (0x00, 0x00, sw3, NULL, 0), 0);
          continue;
        }
      if (!kiosk_sam_frame_get_command (frame, &cmd, &para, NULL))
        {
          queue_reply (
              sim, kiosk_sam_frame_encode_reply (0x00, 0x00, KIOSK_SAM_SW3_LENGTH_ERROR, NULL, 0),
              KIOSK_SAM_HEADER_LEN + frame->payload_len + 1);
          continue;
        }
      queue_reply (sim, answer (sim, cmd, para), KIOSK_SAM_HEADER_LEN + frame->payload_len + 1);
    }
}

/* Writes what the wire would have carried by now; returns the µs until the
 * next byte is due, or -1 when nothing is waiting. */
static gint64
pump_output (Sim *sim)
{
  for (;;)
    {
      gint64 now = now_us ();
      gsize len, due;
      const guint8 *data;
      ssize_t n;

      if (sim->master < 0)
        return -1;
      if (sim->sending == NULL)
        {
          Reply *next = g_queue_peek_head (&sim->replies);

          if (next == NULL)
            return -1;
          if (next->ready_at > now)
            return next->ready_at - now;
          sim->sending = g_queue_pop_head (&sim->replies);
          sim->sent = 0;
          sim->started = now;
        }
      data = g_bytes_get_data (sim->sending->bytes, &len);
      /* A byte has arrived once all of its 10 bits have crossed the wire. */
      due = MIN (len, (gsize) ((now - sim->started) * sim->baud / (10 * G_USEC_PER_SEC)));
      if (due > sim->sent)
        {
          n = write (sim->master, data + sim->sent, due - sim->sent);
          if (n < 0 && errno != EAGAIN && errno != EINTR)
            {
              /* Nobody holds the slave side: drop this reply. */
              g_bytes_unref (sim->sending->bytes);
              g_clear_pointer (&sim->sending, g_free);
              continue;
            }
          if (n > 0)
            sim->sent += (gsize) n;
        }
      if (sim->sent >= len)
        {
          sim->replies_sent++;
          g_bytes_unref (sim->sending->bytes);
          g_clear_pointer (&sim->sending, g_free);
          continue;
        }
      /* Wake when the next byte has crossed (rounded up to the µs). */
      return MAX (sim->started
                      + ((gint64) (sim->sent + 1) * 10 * G_USEC_PER_SEC + sim->baud - 1) / sim->baud
                      - now_us (),
                  50);
    }
}

/* ---- control ---------------------------------------------------------------- */

static guint
count_arg (char **words, guint index, guint fallback)
{
  guint64 value;

  if (words[index] == NULL
      || !g_ascii_string_to_unsigned (words[index], 10, 0, 1000000, &value, NULL))
    return fallback;
  return (guint) value;
}

static char *
run_command (Sim *sim, const char *line)
{
  g_auto (GStrv) words = g_strsplit_set (line, " \t", -1);
  const char *cmd = words[0];
  g_autoptr (GError) error = NULL;

  if (cmd == NULL || *cmd == '\0')
    return g_strdup ("ERR empty command");

  if (g_ascii_strcasecmp (cmd, "PLACE") == 0 || g_ascii_strcasecmp (cmd, "TYPE") == 0)
    {
      if (words[1] != NULL && *words[1] != '\0')
        {
          KioskIdCardData *card = kiosk_idreader_sim_find_card (words[1], sim->people, &error);

          if (card == NULL)
            return g_strdup_printf ("ERR %s", error->message);
          kiosk_id_card_data_free (sim->card);
          sim->card = card;
        }
      else if (g_ascii_strcasecmp (cmd, "TYPE") == 0)
        return g_strdup ("ERR TYPE needs resident, hkmotw, foreigner or foreigner2023");
      sim->placed = TRUE;
      sim->halted = FALSE;
      return g_strdup_printf ("OK placed %s", kiosk_id_card_type_to_string (sim->card->type));
    }
  if (g_ascii_strcasecmp (cmd, "REMOVE") == 0 || g_ascii_strcasecmp (cmd, "NOCARD") == 0)
    {
      sim->placed = FALSE;
      sim->halted = FALSE;
      return g_strdup ("OK removed");
    }
  if (g_ascii_strcasecmp (cmd, "GARBAGE") == 0)
    {
      sim->garbage = count_arg (words, 1, 16);
      return g_strdup_printf ("OK garbage %u", sim->garbage);
    }
  if (g_ascii_strcasecmp (cmd, "CORRUPT-CHECKSUM") == 0)
    {
      sim->corrupt_checksum = count_arg (words, 1, 1);
      return g_strdup_printf ("OK corrupt-checksum %u", sim->corrupt_checksum);
    }
  if (g_ascii_strcasecmp (cmd, "BAD-LENGTH") == 0)
    {
      sim->bad_length = count_arg (words, 1, 1);
      return g_strdup_printf ("OK bad-length %u", sim->bad_length);
    }
  if (g_ascii_strcasecmp (cmd, "TRUNCATE") == 0)
    {
      sim->truncate = count_arg (words, 1, 1);
      return g_strdup_printf ("OK truncate %u", sim->truncate);
    }
  if (g_ascii_strcasecmp (cmd, "FAIL") == 0)
    {
      guint64 sw3, fail_cmd, fail_para;

      if (words[1] == NULL || !g_ascii_string_to_unsigned (words[1], 16, 0, 255, &sw3, NULL))
        return g_strdup ("ERR FAIL needs a hex SW3 value");
      sim->fail_sw3 = (int) sw3;
      sim->fail_count = count_arg (words, 2, 1);
      sim->fail_cmd = -1;
      sim->fail_para = -1;
      if (words[2] != NULL && words[3] != NULL
          && g_ascii_string_to_unsigned (words[3], 16, 0, 255, &fail_cmd, NULL))
        {
          sim->fail_cmd = (int) fail_cmd;
          if (words[4] != NULL
              && g_ascii_string_to_unsigned (words[4], 16, 0, 255, &fail_para, NULL))
            sim->fail_para = (int) fail_para;
        }
      return g_strdup_printf ("OK fail %02X x%u (%s)", sim->fail_sw3, sim->fail_count,
                              kiosk_sam_status_message ((guint8) sim->fail_sw3));
    }
  if (g_ascii_strcasecmp (cmd, "SLOW") == 0)
    {
      sim->slow_ms = count_arg (words, 1, 0);
      return g_strdup_printf ("OK slow %u", sim->slow_ms);
    }
  if (g_ascii_strcasecmp (cmd, "UNPLUG") == 0)
    {
      unplug (sim);
      return g_strdup ("OK unplugged");
    }
  if (g_ascii_strcasecmp (cmd, "PLUG") == 0)
    {
      if (sim->master >= 0)
        return g_strdup ("OK already plugged");
      if (sim->link == NULL)
        return g_strdup ("ERR started with --fd: cannot plug again");
      if (!make_pty (sim, &error))
        return g_strdup_printf ("ERR %s", error->message);
      return g_strdup ("OK plugged");
    }
  if (g_ascii_strcasecmp (cmd, "STATE") == 0)
    return g_strdup_printf (
        "OK plugged=%d placed=%d halted=%d type=%s requests=%" G_GUINT64_FORMAT
        " replies=%" G_GUINT64_FORMAT " pending=%u slow=%u",
        sim->master >= 0, sim->placed, sim->halted, kiosk_id_card_type_to_string (sim->card->type),
        sim->requests, sim->replies_sent,
        g_queue_get_length (&sim->replies) + (sim->sending ? 1 : 0), sim->slow_ms);
  if (g_ascii_strcasecmp (cmd, "QUIT") == 0)
    {
      sim->quit = TRUE;
      return g_strdup ("OK bye");
    }
  return g_strdup ("ERR unknown command (PLACE, REMOVE, NOCARD, TYPE, GARBAGE, CORRUPT-CHECKSUM, "
                   "BAD-LENGTH, TRUNCATE, FAIL, SLOW, UNPLUG, PLUG, STATE, QUIT)");
}

static void
client_close (Client *client)
{
  close (client->fd);
  client->fd = -1;
  g_string_free (client->in, TRUE);
  client->in = NULL;
}

static void
handle_client (Sim *sim, Client *client)
{
  char buf[512];
  ssize_t n = read (client->fd, buf, sizeof buf);
  char *nl;

  if (n <= 0)
    {
      client_close (client);
      return;
    }
  g_string_append_len (client->in, buf, n);
  while ((nl = memchr (client->in->str, '\n', client->in->len)) != NULL)
    {
      g_autofree char *line = g_strndup (client->in->str, (gsize) (nl - client->in->str));
      g_autofree char *reply = NULL;
      g_autofree char *out = NULL;

      g_string_erase (client->in, 0, (gssize) (nl - client->in->str) + 1);
      reply = run_command (sim, g_strstrip (line));
      out = g_strconcat (reply, "\n", NULL);
      if (write (client->fd, out, strlen (out)) < 0)
        {
          client_close (client);
          return;
        }
    }
  if (client->in->len > 4096)
    client_close (client);
}

static int
listen_control (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof addr.sun_path)
    return -1;
  strcpy (addr.sun_path, path);
  g_unlink (path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (fd, 4) < 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

/* ---- main ------------------------------------------------------------------- */

static void
run (Sim *sim)
{
  while (!sim->quit && !got_signal)
    {
      struct pollfd fds[2 + MAX_CLIENTS];
      int map[2 + MAX_CLIENTS];
      nfds_t nfds = 0;
      gint64 wait_us = pump_output (sim);
      struct timespec timeout;
      int r;

      if (sim->master >= 0)
        {
          fds[nfds] = (struct pollfd){ .fd = sim->master, .events = POLLIN };
          map[nfds++] = -1;
        }
      if (sim->listen_fd >= 0)
        {
          fds[nfds] = (struct pollfd){ .fd = sim->listen_fd, .events = POLLIN };
          map[nfds++] = -2;
        }
      for (int i = 0; i < MAX_CLIENTS; i++)
        if (sim->clients[i].fd >= 0)
          {
            fds[nfds] = (struct pollfd){ .fd = sim->clients[i].fd, .events = POLLIN };
            map[nfds++] = i;
          }
      if (wait_us < 0)
        wait_us = 1000 * 1000;
      timeout.tv_sec = wait_us / G_USEC_PER_SEC;
      timeout.tv_nsec = (wait_us % G_USEC_PER_SEC) * 1000;
      r = ppoll (fds, nfds, &timeout, NULL);
      if (r < 0)
        continue;
      for (nfds_t i = 0; i < nfds; i++)
        {
          if (fds[i].revents == 0)
            continue;
          if (map[i] == -1)
            handle_input (sim);
          else if (map[i] == -2)
            {
              int fd = accept4 (sim->listen_fd, NULL, NULL, SOCK_CLOEXEC);

              for (int j = 0; fd >= 0 && j < MAX_CLIENTS; j++)
                if (sim->clients[j].fd < 0)
                  {
                    sim->clients[j].fd = fd;
                    sim->clients[j].in = g_string_new (NULL);
                    fd = -1;
                  }
              if (fd >= 0)
                close (fd);
            }
          else if (sim->clients[map[i]].fd >= 0)
            handle_client (sim, &sim->clients[map[i]]);
        }
    }
}

static char *
default_people (void)
{
  const char *data_dir = g_getenv ("KIOSK_DATA_DIR");
  g_autofree char *path = g_build_filename (data_dir && *data_dir ? data_dir : KIOSK_DATADIR,
                                            "demo-people.ini", NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path) : NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *link = NULL;
  g_autofree char *control = NULL;
  g_autofree char *card_spec = NULL;
  g_autofree char *people_path = NULL;
  int fd = -1;
  int baud = 115200;
  GOptionEntry entries[] = {
    { "link", 0, 0, G_OPTION_ARG_FILENAME, &link, "Make a pty; link PATH to its slave side",
      "PATH" },
    { "fd", 0, 0, G_OPTION_ARG_INT, &fd, "Use inherited pty master N", "N" },
    { "control", 0, 0, G_OPTION_ARG_FILENAME, &control, "Control socket", "PATH" },
    { "baud", 0, 0, G_OPTION_ARG_INT, &baud, "Line speed (default 115200)", "N" },
    { "card", 0, 0, G_OPTION_ARG_STRING, &card_spec, "Card to place at start", "SPEC" },
    { "people", 0, 0, G_OPTION_ARG_FILENAME, &people_path, "Demo people (ini)", "FILE" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— ID-card reader simulator");
  g_autoptr (GError) error = NULL;
  struct sigaction sa = { .sa_handler = on_signal };
  Sim sim = {
    .master = -1, .slave_keep = -1, .listen_fd = -1, .fail_cmd = -1, .fail_para = -1, .rng = 12345
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kiosk-idreader-sim: %s\n", error->message);
      return 2;
    }
  if ((link == NULL) == (fd < 0) || baud < 1200 || baud > 4000000)
    {
      g_printerr (
          "kiosk-idreader-sim: give exactly one of --link PATH and --fd N, and a sane --baud\n");
      return 2;
    }
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  /* A simulator never outlives the kiosk or test that started it (PID 1
   * may not reap orphans here). */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  signal (SIGPIPE, SIG_IGN);

  sim.baud = (guint) baud;
  sim.link = g_steal_pointer (&link);
  sim.decoder = kiosk_sam_decoder_new ();
  g_queue_init (&sim.replies);
  for (int i = 0; i < MAX_CLIENTS; i++)
    sim.clients[i].fd = -1;

  if (people_path == NULL)
    people_path = default_people ();
  if (people_path != NULL)
    {
      sim.people = g_key_file_new ();
      if (!g_key_file_load_from_file (sim.people, people_path, G_KEY_FILE_NONE, &error))
        {
          g_printerr ("kiosk-idreader-sim: %s: %s\n", people_path, error->message);
          return 1;
        }
    }
  if (card_spec != NULL)
    {
      sim.card = kiosk_idreader_sim_find_card (card_spec, sim.people, &error);
      if (sim.card == NULL)
        {
          g_printerr ("kiosk-idreader-sim: --card: %s\n", error->message);
          return 1;
        }
      sim.placed = TRUE;
    }
  else
    sim.card = kiosk_idreader_sim_builtin_card (KIOSK_ID_CARD_RESIDENT);

  if (sim.link != NULL)
    {
      if (!make_pty (&sim, &error))
        {
          g_printerr ("kiosk-idreader-sim: %s\n", error->message);
          return 1;
        }
    }
  else
    {
      sim.master = fd;
      fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
    }
  if (control != NULL)
    {
      sim.listen_fd = listen_control (control);
      if (sim.listen_fd < 0)
        {
          g_printerr ("kiosk-idreader-sim: cannot listen on %s\n", control);
          unplug (&sim);
          return 1;
        }
      sim.control_path = g_strdup (control);
    }

  printf ("READY link=%s control=%s baud=%u\n", sim.link ? sim.link : "-", control ? control : "-",
          sim.baud);
  fflush (stdout);

  run (&sim);

  unplug (&sim);
  for (int i = 0; i < MAX_CLIENTS; i++)
    if (sim.clients[i].fd >= 0)
      client_close (&sim.clients[i]);
  if (sim.listen_fd >= 0)
    {
      close (sim.listen_fd);
      g_unlink (sim.control_path);
    }
  g_free (sim.control_path);
  g_free (sim.link);
  kiosk_id_card_data_free (sim.card);
  kiosk_sam_decoder_free (sim.decoder);
  g_clear_pointer (&sim.people, g_key_file_unref);
  return 0;
}
