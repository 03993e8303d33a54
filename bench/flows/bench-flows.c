/* bench-flows.c — the flows with zero-latency simulators, in-process
 *
 *   bench-flows issuance [--runs N] [--json FILE]
 *   bench-flows soak [--sessions N] [--issue-every K] [--trace] [--settle-ms MS]
 *                    [--json FILE]
 *
 * The kiosk's flows (kiosk/flows) on the real parts of the flow tests
 * (tests/flows/flows-rig.h: SQLite files, the center simulator, the pty ID
 * reader simulator, pcscd + vpcd + the virtual card behind the simulated card
 * transport, two ippeveprinters, the GStreamer camera on a face picture),
 * with every simulated delay at its minimum: center latency 0, card motion
 * 0 ms, printer and reader polls at their shortest.
 *
 * issuance — a whole green-channel issuance, from the start of the flow to
 * DONE: the ID card read over the pty, the camera still and the photo check,
 * the face score, the form, the card preview, the signature, the chip written
 * through pcscd, the face printed over IPP, read back, ejected, taken,
 * reported, the receipt printed. Per run: the process's CPU time (every
 * thread), the simulators' CPU (the processes the rig started), the wall
 * time, and the longest main-loop stall — the longest time the default main
 * context spent between two polls (its poll function is wrapped), which is
 * how long a touch would have waited; the flow's own actions (confirm,
 * preview, signature), which the UI calls from its main loop, count in it.
 *
 * soak — N sessions back to back on one context, as a kiosk runs all day: a
 * cycle of services (every K-th an issuance; a green channel cancelled at
 * the review; progress queries typed and by ID card with their receipts;
 * refusals R17, R12, R7, R9/R8, R4). The camera streams on demand, as in the
 * program: held while a flow shows the camera page, in standby between
 * sessions. After every session, once the camera is in standby: VmRSS,
 * RssAnon, open fds and threads from /proc/self. Reports them after the
 * first 100 sessions and after N, and the largest after 100. A sample whose
 * count of fds differs from session 100's prints every descriptor that was
 * not open then, with what it is (stderr); --trace also lists session 100's.
 * --settle-ms (default 5): the main loop's time between a session's end and
 * its sample.
 *
 * Prints Markdown and JSON (docs/performance.md). Exit 77 when pcscd, vpcd
 * or ippeveprinter cannot run here.
 */
#define G_LOG_DOMAIN "bench-flows"

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "flows-rig.h"
#include "kiosk-card-feeder.h"
#ifdef KIOSK_HAVE_CAMERA
#include "kiosk-camera.h"
#endif
#include "kiosk-formal-loss-flow.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-mask.h"
#include "kiosk-progress-flow.h"
#include "kiosk-temporary-card-flow.h"
#include "kiosk-test.h"
#include "kiosk-unblock-flow.h"

/* Every simulated delay at its minimum (later keys win in a GKeyFile). */
#define ZERO_LATENCY                                                                               \
  "idreader_poll_ms=20\ncardfeed_motion_ms=0\ncard_printer_poll_ms=10\n"                           \
  "receipt_printer_poll_ms=10\n"

#define WAIT_MS 60000

/* ---- the main loop's stalls -------------------------------------------------- */

static struct
{
  GPollFunc real_poll;
  gboolean on;
  gint64 last_return;
  gint64 last_return_cpu; /* the main thread's CPU time, µs */
  gint64 longest;
  char longest_at[96];
  gint64 longest_cpu; /* the most main-thread CPU between two polls */
  char longest_cpu_at[96];
  guint over_16ms;
  GString *list;      /* every stall over 16 ms: "ms at; …" */
  KioskFlow *flow;    /* names the state a stall happened in */
  const char *action; /* a direct call of the flow since the last poll */
} stall;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint
measuring_poll (GPollFD *fds, guint n_fds, gint timeout)
{
  gint64 enter = g_get_monotonic_time ();
  gint64 enter_cpu = thread_cpu_us ();
  gint r;

  if (stall.on && stall.last_return > 0)
    {
      gint64 d = enter - stall.last_return;
      char at[96];

      if (stall.action != NULL)
        g_strlcpy (at, stall.action, sizeof at);
      else
        g_snprintf (at, sizeof at, "in %s",
                    stall.flow != NULL ? kiosk_flow_get_state_name (stall.flow) : "-");
      if (d > 16000)
        {
          stall.over_16ms++;
          g_string_append_printf (stall.list, "%s%.0f ms %s", stall.list->len ? "; " : "", d / 1e3,
                                  at);
        }
      if (d > stall.longest)
        {
          stall.longest = d;
          g_strlcpy (stall.longest_at, at, sizeof stall.longest_at);
        }
      if (enter_cpu - stall.last_return_cpu > stall.longest_cpu)
        {
          stall.longest_cpu = enter_cpu - stall.last_return_cpu;
          g_strlcpy (stall.longest_cpu_at, at, sizeof stall.longest_cpu_at);
        }
    }
  stall.action = NULL;
  r = stall.real_poll (fds, n_fds, timeout);
  stall.last_return = g_get_monotonic_time ();
  stall.last_return_cpu = thread_cpu_us ();
  return r;
}

static void
stall_reset (KioskFlow *flow)
{
  stall.on = TRUE;
  stall.last_return = g_get_monotonic_time ();
  stall.last_return_cpu = thread_cpu_us ();
  stall.longest = 0;
  stall.longest_at[0] = '\0';
  stall.longest_cpu = 0;
  stall.longest_cpu_at[0] = '\0';
  stall.over_16ms = 0;
  g_string_truncate (stall.list, 0);
  stall.flow = flow;
  stall.action = NULL;
}

/* ---- waiting, with a blocking main loop -------------------------------------- */

/* --trace: every session's memory on stderr (where a peak comes from). */
static gboolean soak_trace;
/* --settle-ms: the main loop's time between a session's end and its sample. */
static guint soak_settle_ms = 5;

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_state (KioskFlow *flow, int state)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (WAIT_MS, on_wait_timeout, &timed_out);

  while (kiosk_flow_get_state (flow) != state && !kiosk_flow_is_finished (flow) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (kiosk_flow_get_state (flow) != state)
    g_printerr ("bench-flows: waited for state %d, the flow is in %s (%s)\n", state,
                kiosk_flow_get_state_name (flow),
                kiosk_flow_get_error (flow) ? kiosk_flow_get_error (flow)->message
                                            : kiosk_flow_get_message (flow));
  return kiosk_flow_get_state (flow) == state;
}

static KioskFlowPage
wait_end (KioskFlow *flow)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (WAIT_MS, on_wait_timeout, &timed_out);

  while (!kiosk_flow_is_finished (flow) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return kiosk_flow_get_page (flow);
}

/* Lets the callbacks that follow the end of a flow run (ms of main loop). */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_wait_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* ---- CPU and memory ----------------------------------------------------------- */

static double
cpu_self_ms (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3
         + ru.ru_stime.tv_usec / 1e3;
}

/* CPU of every process below this one (the rig's simulators), in ms. */
static double
cpu_children_ms (void)
{
  g_autoptr (GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) ticks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr (GHashTable) below = g_hash_table_new (NULL, NULL);
  GDir *dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  double total = 0;
  gboolean grew = TRUE;
  long hz = sysconf (_SC_CLK_TCK);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int pid = atoi (name);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_auto (GStrv) fields = NULL;
      const char *rest;

      if (pid <= 0)
        continue;
      path = g_strdup_printf ("/proc/%d/stat", pid);
      if (!g_file_get_contents (path, &text, NULL, NULL) || (rest = strrchr (text, ')')) == NULL)
        continue;
      /* after ")": state ppid pgrp session tty tpgid flags minflt cminflt
       * majflt cmajflt utime stime */
      fields = g_strsplit (rest + 2, " ", 14);
      if (g_strv_length (fields) < 13)
        continue;
      g_hash_table_insert (parents, GINT_TO_POINTER (pid), GINT_TO_POINTER (atoi (fields[1])));
      g_hash_table_insert (ticks, GINT_TO_POINTER (pid),
                           g_memdup2 (&(double){ g_ascii_strtod (fields[11], NULL)
                                                 + g_ascii_strtod (fields[12], NULL) },
                                      sizeof (double)));
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_hash_table_add (below, GINT_TO_POINTER (getpid ()));
  while (grew)
    {
      GHashTableIter iter;
      gpointer pid, parent;

      grew = FALSE;
      g_hash_table_iter_init (&iter, parents);
      while (g_hash_table_iter_next (&iter, &pid, &parent))
        if (!g_hash_table_contains (below, pid) && g_hash_table_contains (below, parent))
          {
            g_hash_table_add (below, pid);
            total += *(double *) g_hash_table_lookup (ticks, pid) * 1000.0 / hz;
            grew = TRUE;
          }
    }
  return total;
}

typedef struct
{
  gint64 rss_kb, anon_kb, fds, threads;
} Usage;

static gint64
status_field (const char *text, const char *key)
{
  const char *at = strstr (text, key);

  return at != NULL ? g_ascii_strtoll (at + strlen (key), NULL, 10) : -1;
}

static GHashTable *fd_table (void);

/* The open fds are counted in the table of them taken then (in `fds_out`,
 * when not NULL): what is reported about them is what was counted. */
static Usage
usage_now (GHashTable **fds_out)
{
  Usage u = { 0 };
  g_autofree char *text = NULL;
  g_autoptr (GHashTable) fds = NULL;

  if (g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    {
      u.rss_kb = status_field (text, "\nVmRSS:");
      u.anon_kb = status_field (text, "\nRssAnon:");
      u.threads = status_field (text, "\nThreads:");
    }
  fds = fd_table ();
  u.fds = g_hash_table_size (fds);
  if (fds_out != NULL)
    *fds_out = g_steal_pointer (&fds);
  return u;
}

/* ---- open descriptors beyond the reference's ---------------------------------- */

/* When a sample's count of open fds differs from the reference session's,
 * every descriptor not open (as the same thing) at the reference is printed
 * on stderr with what it is: a file's path (digit runs that look like an ID
 * or phone number masked), a pipe, an eventfd, a TCP socket with its ports,
 * state and the process at its other end, a Unix socket with its path and
 * its peer's process (NETLINK_SOCK_DIAG). How the 32nd descriptor of issue 9
 * was found (docs/performance.md). */

/* fd number → readlink of /proc/self/fd/N */
static GHashTable *
fd_table (void)
{
  GHashTable *table = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autofree char *self_dir = g_strdup_printf ("/proc/%d/fd", (int) getpid ());
  GDir *dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      char *target = g_file_read_link (path, NULL);

      /* the directory being read */
      if (target == NULL || strcmp (target, self_dir) == 0)
        g_free (target);
      else
        g_hash_table_insert (table, GINT_TO_POINTER (atoi (name)), target);
    }
  if (dir != NULL)
    g_dir_close (dir);
  return table;
}

/* "pid N (comm)" of every process holding `target` ("socket:[N]",
 * "pipe:[N]"), or "nobody visible". */
static char *
fd_holders (const char *target)
{
  g_autoptr (GString) out = g_string_new ("");
  GDir *proc = g_dir_open ("/proc", 0, NULL);
  const char *pid;

  while (proc != NULL && (pid = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *fd_dir = NULL;
      GDir *fds;
      const char *fd;
      gboolean holds = FALSE;

      if (atoi (pid) <= 0)
        continue;
      fd_dir = g_strdup_printf ("/proc/%s/fd", pid);
      fds = g_dir_open (fd_dir, 0, NULL);
      while (!holds && fds != NULL && (fd = g_dir_read_name (fds)) != NULL)
        {
          g_autofree char *path = g_build_filename (fd_dir, fd, NULL);
          g_autofree char *link = g_file_read_link (path, NULL);

          holds = link != NULL && strcmp (link, target) == 0;
        }
      if (fds != NULL)
        g_dir_close (fds);
      if (holds)
        {
          g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", pid);
          g_autofree char *comm = NULL;

          g_file_get_contents (comm_path, &comm, NULL, NULL);
          g_string_append_printf (out, "%spid %s%s (%s)", out->len ? ", " : "", pid,
                                  atoi (pid) == getpid () ? " = this process" : "",
                                  comm ? g_strstrip (comm) : "?");
        }
    }
  if (proc != NULL)
    g_dir_close (proc);
  return out->len ? g_strdup (out->str) : g_strdup ("nobody visible");
}

static const char *
tcp_state_name (guint state)
{
  static const char *const names[]
      = { "?",         "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
          "TIME_WAIT", "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",    "CLOSING" };

  return state < G_N_ELEMENTS (names) ? names[state] : "?";
}

/* The port of "0100007F:1F90" (hex, after the colon). */
static guint
hex_port (const char *address)
{
  const char *colon = strrchr (address, ':');

  return colon != NULL ? (guint) g_ascii_strtoull (colon + 1, NULL, 16) : 0;
}

/* An INET socket of /proc/self/net/{tcp,tcp6,udp,udp6}, or NULL. */
static char *
inet_socket_describe (guint64 inode)
{
  static const char *const tables[] = { "tcp", "tcp6", "udp", "udp6" };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/net/%s", tables[t]);
      g_autofree char *text = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 1; lines[i] != NULL; i++)
        {
          char local[64], remote[64];
          guint state;
          guint64 ino;

          if (sscanf (lines[i], "%*s %63s %63s %x %*s %*s %*s %*s %*s %" G_GUINT64_FORMAT, local,
                      remote, &state, &ino)
                  != 4
              || ino != inode)
            continue;
          /* the other end: the row with the two addresses swapped */
          for (guint j = 1; lines[j] != NULL; j++)
            {
              char l2[64], r2[64];
              guint64 ino2;

              if (sscanf (lines[j], "%*s %63s %63s %*x %*s %*s %*s %*s %*s %" G_GUINT64_FORMAT, l2,
                          r2, &ino2)
                      == 3
                  && strcmp (l2, remote) == 0 && strcmp (r2, local) == 0)
                {
                  g_autofree char *target
                      = g_strdup_printf ("socket:[%" G_GUINT64_FORMAT "]", ino2);
                  g_autofree char *holders = ino2 != 0 ? fd_holders (target) : NULL;

                  return g_strdup_printf (
                      "%s :%u → :%u %s, other end %s", tables[t], hex_port (local),
                      hex_port (remote), tcp_state_name (state),
                      holders ? holders : "without a descriptor (not accepted yet, or closed)");
                }
            }
          return g_strdup_printf ("%s :%u → :%u %s, other end not found", tables[t],
                                  hex_port (local), hex_port (remote), tcp_state_name (state));
        }
    }
  return NULL;
}

/* The inode of a Unix socket's peer (NETLINK_SOCK_DIAG), 0 when unknown. */
static guint64
unix_peer_inode (guint64 inode)
{
  struct
  {
    struct nlmsghdr header;
    struct unix_diag_req request;
  } message = { 0 };
  union
  {
    struct nlmsghdr header;
    char bytes[8192];
  } reply;
  int s = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  ssize_t n;
  guint64 peer = 0;

  if (s < 0)
    return 0;
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST;
  message.request.sdiag_family = AF_UNIX;
  message.request.udiag_states = G_MAXUINT32;
  message.request.udiag_ino = (guint32) inode;
  message.request.udiag_show = UDIAG_SHOW_PEER;
  message.request.udiag_cookie[0] = message.request.udiag_cookie[1] = G_MAXUINT32;
  if (send (s, &message, sizeof message, 0) == (ssize_t) sizeof message
      && (n = recv (s, &reply, sizeof reply, 0)) > 0 && NLMSG_OK (&reply.header, (size_t) n)
      && reply.header.nlmsg_type == SOCK_DIAG_BY_FAMILY)
    {
      struct unix_diag_msg *msg = NLMSG_DATA (&reply.header);
      struct rtattr *attr = (struct rtattr *) (msg + 1);
      int len = reply.header.nlmsg_len - NLMSG_LENGTH (sizeof *msg);

      for (; RTA_OK (attr, len); attr = RTA_NEXT (attr, len))
        if (attr->rta_type == UNIX_DIAG_PEER)
          peer = *(guint32 *) RTA_DATA (attr);
    }
  close (s);
  return peer;
}

/* The path of a Unix socket of /proc/self/net/unix ("(unbound)"), or NULL. */
static char *
unix_socket_path (guint64 inode)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/net/unix", &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char path[512] = "";
      guint64 ino;

      if (sscanf (lines[i], "%*s %*s %*s %*s %*s %*s %" G_GUINT64_FORMAT " %511s", &ino, path) >= 1
          && ino == inode)
        return g_strdup (path[0] ? path : "(unbound)");
    }
  return NULL;
}

static char *
unix_socket_describe (guint64 inode)
{
  g_autofree char *path = unix_socket_path (inode);
  guint64 peer;
  g_autofree char *peer_path = NULL;
  g_autofree char *peer_target = NULL;
  g_autofree char *holders = NULL;

  if (path == NULL)
    return NULL;
  peer = unix_peer_inode (inode);
  if (peer == 0)
    return g_strdup_printf ("unix %s, no peer", path);
  peer_path = unix_socket_path (peer);
  peer_target = g_strdup_printf ("socket:[%" G_GUINT64_FORMAT "]", peer);
  holders = fd_holders (peer_target);
  return g_strdup_printf ("unix %s, peer %s %s held by %s", path, peer_target,
                          peer_path ? peer_path : "", holders);
}

/* What the descriptor `target` (its readlink) is, masked (a path with an
 * ID-like digit run in it would be a bug elsewhere; it is not printed). */
static char *
fd_describe (const char *target)
{
  guint64 inode;
  g_autofree char *more = NULL;
  g_autofree char *text = NULL;

  if (sscanf (target, "socket:[%" G_GUINT64_FORMAT "]", &inode) == 1)
    {
      more = inet_socket_describe (inode);
      if (more == NULL)
        more = unix_socket_describe (inode);
      text = g_strdup_printf ("%s: %s", target, more ? more : "not TCP, UDP or Unix");
    }
  else if (g_str_has_prefix (target, "pipe:"))
    {
      more = fd_holders (target);
      text = g_strdup_printf ("%s: held by %s", target, more);
    }
  else
    text = g_strdup (target);
  return kiosk_mask_text (text);
}

static GHashTable *fd_reference; /* at the reference session */

static int
cmp_pointer_int (gconstpointer a, gconstpointer b)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

/* --trace: every descriptor of the reference, described. */
static void
fd_print_reference (guint session)
{
  g_autoptr (GList) fds = g_hash_table_get_keys (fd_reference);

  g_printerr ("fds after session %u (the reference): %u\n", session,
              g_hash_table_size (fd_reference));
  fds = g_list_sort (fds, cmp_pointer_int);
  for (GList *l = fds; l != NULL; l = l->next)
    {
      g_autofree char *what = fd_describe (g_hash_table_lookup (fd_reference, l->data));

      g_printerr ("  fd %d: %s\n", GPOINTER_TO_INT (l->data), what);
    }
}

/* The descriptors of the sample `now` not open at the reference, and the
 * other way. */
static void
fd_report (guint session, GHashTable *now)
{
  GHashTableIter iter;
  gpointer key, value;
  GDir *tasks;
  const char *task;
  g_autoptr (GString) threads = g_string_new ("");

  g_printerr ("fds after session %u: %u, %u at the reference\n", session, g_hash_table_size (now),
              g_hash_table_size (fd_reference));
  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *then = g_hash_table_lookup (fd_reference, key);

      if (then == NULL || strcmp (then, value) != 0)
        {
          g_autofree char *what = fd_describe (value);

          g_printerr ("  fd %d new: %s\n", GPOINTER_TO_INT (key), what);
        }
    }
  g_hash_table_iter_init (&iter, fd_reference);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *later = g_hash_table_lookup (now, key);

      if (later == NULL || strcmp (later, value) != 0)
        {
          g_autofree char *what = kiosk_mask_text (value);

          g_printerr ("  fd %d gone: %s\n", GPOINTER_TO_INT (key), what);
        }
    }
  /* the threads alive, by name (a GTask's pool thread, GStreamer's) */
  tasks = g_dir_open ("/proc/self/task", 0, NULL);
  while (tasks != NULL && (task = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", task);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL))
        g_string_append_printf (threads, " %s", g_strstrip (comm));
    }
  if (tasks != NULL)
    g_dir_close (tasks);
  g_printerr ("  threads:%s\n", threads->str);
}

/* ---- statistics --------------------------------------------------------------- */

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (const double *values, guint n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  if (n == 0)
    return 0;
  qsort (sorted, n, sizeof (double), cmp_double);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static double
maximum (const double *values, guint n)
{
  double m = 0;

  for (guint i = 0; i < n; i++)
    m = MAX (m, values[i]);
  return m;
}

/* ---- people ------------------------------------------------------------------- */

/* GB 11643 check character of the first 17 digits. */
static char
id_check (const char *first17)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

/* A fictitious green-channel person: born 1970-01-01 + `n` days in 长春市南关区. */
static char *
bench_id_number (guint n)
{
  g_autoptr (GDate) date = g_date_new_dmy (1, 1, 1970);
  char digits[19];

  g_date_add_days (date, n);
  g_snprintf (digits, sizeof digits, "220102%04u%02u%02u%03u", g_date_get_year (date),
              g_date_get_month (date), g_date_get_day (date), 900 + n % 97);
  digits[17] = id_check (digits);
  digits[18] = '\0';
  return g_strdup (digits);
}

/* KIOSK_DATA_DIR for the run: the source data/ (linked), and a
 * demo-people.ini with `n` more green-channel people (bench-NNNN) appended. */
static char *
make_data_dir (guint n)
{
  const char *source = g_getenv ("KIOSK_DATA_DIR");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-flows-data-XXXXXX", &error);
  g_autofree char *people_path = NULL;
  g_autofree char *people = NULL;
  g_autoptr (GString) text = NULL;
  GDir *d;
  const char *name;

  if (source == NULL || dir == NULL)
    g_error ("KIOSK_DATA_DIR must name the source data/ (%s)", error ? error->message : "");
  d = g_dir_open (source, 0, &error);
  if (d == NULL)
    g_error ("%s", error->message);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *absolute = g_canonicalize_filename (from, NULL);

      if (strcmp (name, "demo-people.ini") != 0 && symlink (absolute, to) != 0)
        g_error ("cannot link %s", to);
    }
  g_dir_close (d);
  people_path = g_build_filename (source, "demo-people.ini", NULL);
  if (!g_file_get_contents (people_path, &people, NULL, &error))
    g_error ("%s", error->message);
  text = g_string_new (people);
  g_string_append (text, "\n# bench-flows: generated green-channel people\n");
  for (guint i = 0; i <= n; i++)
    {
      g_autofree char *id = bench_id_number (i);

      g_string_append_printf (text,
                              "\n[person:bench-%04u]\nid_number=%s\nname=郑测试\n"
                              "cross_province_registered=true\n"
                              "scenario=基准测试 (benchmark, generated)\nrules=R4\n",
                              i, id);
    }
  g_free (people_path);
  people_path = g_build_filename (dir, "demo-people.ini", NULL);
  if (!g_file_set_contents (people_path, text->str, text->len, &error))
    g_error ("%s", error->message);
  return g_steal_pointer (&dir);
}

static char *home_dir;

static void
private_home (void)
{
  const char *vars[] = { "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                         "XDG_RUNTIME_DIR" };

  home_dir = g_dir_make_tmp ("bench-flows-XXXXXX", NULL);
  g_setenv ("HOME", home_dir, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *sub = g_build_filename (home_dir, vars[i], NULL);

      g_mkdir_with_parents (sub, 0700);
      g_setenv (vars[i], sub, TRUE);
    }
}

/* ---- the camera, as the program uses it ---------------------------------------- */

/* The program's camera streams on demand (ui/kiosk-main-window.c): held
 * only while a flow shows the camera page (ui/kiosk-camera-paintable.c), in
 * standby — its pipeline stopped, its streaming threads joined — between
 * two citizens. The soak does the same, and samples in standby: the
 * simulator's source (multifilesrc) opens its picture file for every frame
 * in its streaming thread, on the pipeline's clock, whatever the sessions
 * do — a streaming camera adds a descriptor to a sample now and then
 * (docs/performance.md). NULL: the camera streams from its open to its
 * close (the issuance benchmark, as the flow tests). */
static GObject *soak_camera;

#ifdef KIOSK_HAVE_CAMERA
typedef struct
{
  KioskCamera *camera;
  gboolean holding;
} CameraHold;

static void
camera_hold_update (KioskFlow *flow, CameraHold *hold)
{
  gboolean want = kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_CAMERA;

  if (want == hold->holding)
    return;
  hold->holding = want;
  if (want)
    kiosk_camera_hold (hold->camera);
  else
    kiosk_camera_release (hold->camera);
}

static void
on_flow_state_changed (KioskFlow *flow, int old_state, int new_state, gpointer user_data)
{
  camera_hold_update (flow, user_data);
}

static void
camera_hold_free (gpointer data, GClosure *closure)
{
  CameraHold *hold = data;

  if (hold->holding)
    kiosk_camera_release (hold->camera);
  g_object_unref (hold->camera);
  g_free (hold);
}
#endif

/* A flow of `service`, started; in the soak, holding the camera while it
 * shows the camera page. */
static KioskFlow *
start_flow (FlowsRig *rig, KioskService service)
{
  KioskFlow *flow = flows_rig_start (rig, service);

#ifdef KIOSK_HAVE_CAMERA
  if (soak_camera != NULL)
    {
      CameraHold *hold = g_new0 (CameraHold, 1);

      hold->camera = KIOSK_CAMERA (g_object_ref (soak_camera));
      g_signal_connect_data (flow, "state-changed", G_CALLBACK (on_flow_state_changed), hold,
                             camera_hold_free, 0);
      camera_hold_update (flow, hold);
    }
#endif
  return flow;
}

/* Runs the main loop until the camera is in standby (the point between two
 * citizens the camera itself defines); FALSE when it did not get there. */
static gboolean
camera_wait_standby (void)
{
#ifdef KIOSK_HAVE_CAMERA
  gboolean timed_out = FALSE;
  guint id;

  if (soak_camera == NULL)
    return TRUE;
  id = g_timeout_add (WAIT_MS, on_wait_timeout, &timed_out);
  while (kiosk_camera_get_state (KIOSK_CAMERA (soak_camera)) != KIOSK_CAMERA_STATE_STANDBY
         && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (timed_out)
    g_printerr ("bench-flows: the camera is %s, not in standby\n",
                kiosk_camera_state_to_string (kiosk_camera_get_state (KIOSK_CAMERA (soak_camera))));
  return !timed_out;
#else
  return TRUE;
#endif
}

/* ---- sessions ----------------------------------------------------------------- */

#define S(x) KIOSK_GREEN_CHANNEL_STATE_##x

/* A touch reaches the program through its main loop: the loop polls between
 * two of them. The benchmark's direct calls do the same (one turn that does
 * not wait), so one action's work is not counted with the next one's. */
static void
next_action (const char *action)
{
  g_main_context_iteration (NULL, FALSE);
  stall.action = action;
}

static gboolean
act (gboolean ok, const char *what, GError *error)
{
  if (!ok)
    g_printerr ("bench-flows: %s: %s\n", what, error ? error->message : "refused");
  return ok;
}

/* The green channel up to the review (ID card read, photo, form). */
static gboolean
green_to_review (FlowsRig *rig, KioskFlow *flow, const char *id_number)
{
  KioskGreenChannelFlow *green = KIOSK_GREEN_CHANNEL_FLOW (flow);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (!wait_state (flow, S (READ_ID)))
    return FALSE;
  flows_rig_place_id (rig, id_number);
  ok = wait_state (flow, S (PHOTO));
  flows_rig_remove_id (rig);
  if (!ok)
    return FALSE;
  next_action ("capture_photo");
  if (!act (kiosk_flow_capture_photo (flow, &error), "capture", error)
      || !wait_state (flow, S (FORM)))
    return FALSE;
  next_action ("form: set_field ×4 + confirm");
  ok = kiosk_green_channel_flow_set_field (green, "phone", "139 1234 5678", &error)
       && kiosk_green_channel_flow_set_field (green, "bank", "建设银行", &error)
       && kiosk_green_channel_flow_set_field (green, "postal-code", "130000", &error)
       && kiosk_green_channel_flow_set_field (green, "occupation", "公司员工", &error)
       && kiosk_flow_confirm (flow, &error);
  if (!act (ok, "form", error) || !wait_state (flow, S (REVIEW)))
    return FALSE;
  /* As the UI does: the preview is rendered off the main loop, and the page
   * shows it once the flow says it is ready. */
  next_action ("review: card preview");
  while (kiosk_flow_get_state (flow) == S (REVIEW)
         && !kiosk_green_channel_flow_is_preview_ready (green))
    g_main_context_iteration (NULL, TRUE);
  return kiosk_green_channel_flow_get_card_preview (green) != NULL;
}

/* An issuance: ISSUED; SPOILED when the card failed in production (the flow
 * ends FAILED, the card in the reject bin: a real outcome, reported); or
 * STUCK when the flow did not get through at all. */
typedef enum
{
  ISSUE_STUCK = -1,
  ISSUE_SPOILED = 0,
  ISSUE_ISSUED = 1,
} IssueOutcome;

static IssueOutcome
issue_steps (FlowsRig *rig, KioskFlow *flow, const char *id_number)
{
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autoptr (GError) error = NULL;

  if (!green_to_review (rig, flow, id_number))
    return ISSUE_STUCK;
  next_action ("review: confirm");
  if (!act (kiosk_flow_confirm (flow, &error), "review", error)
      || !wait_state (flow, S (SIGNATURE)))
    return ISSUE_STUCK;
  next_action ("signature: submit");
  if (!act (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow), signature,
                                                       &error),
            "signature", error))
    return ISSUE_STUCK;
  if (!wait_state (flow, S (TAKE_CARD)))
    return kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_FAILED ? ISSUE_SPOILED : ISSUE_STUCK;
  next_action ("take the card");
  if (!kiosk_card_feeder_sim_take (flows_rig_feeder (rig)))
    return ISSUE_STUCK;
  if (wait_end (flow) != KIOSK_FLOW_PAGE_DONE)
    {
      g_printerr ("bench-flows: the issuance ended on %s\n", kiosk_flow_get_state_name (flow));
      return ISSUE_STUCK;
    }
  return ISSUE_ISSUED;
}

static IssueOutcome
session_issue (FlowsRig *rig, const char *id_number)
{
  g_autoptr (KioskFlow) flow = start_flow (rig, KIOSK_SERVICE_GREEN_CHANNEL);
  IssueOutcome outcome;

  stall.flow = flow;
  outcome = issue_steps (rig, flow, id_number);
  stall.flow = NULL;
  return outcome;
}

static gboolean
session_green_cancelled (FlowsRig *rig, const char *id_number)
{
  g_autoptr (KioskFlow) flow = start_flow (rig, KIOSK_SERVICE_GREEN_CHANNEL);
  g_autoptr (GError) error = NULL;

  if (!green_to_review (rig, flow, id_number))
    return FALSE;
  return act (kiosk_flow_cancel (flow, &error), "cancel", error)
         && wait_end (flow) == KIOSK_FLOW_PAGE_CANCELLED;
}

/* A service that the person is refused by the center's answer. */
static gboolean
session_refused (FlowsRig *rig, KioskService service, const char *id_number)
{
  g_autoptr (KioskFlow) flow = start_flow (rig, service);
  KioskFlowPage page;

  flows_rig_place_id (rig, id_number);
  page = wait_end (flow);
  flows_rig_remove_id (rig);
  if (page != KIOSK_FLOW_PAGE_REFUSED)
    g_printerr ("bench-flows: service %d for a refused person ended on %s\n", service,
                kiosk_flow_page_to_string (page));
  return page == KIOSK_FLOW_PAGE_REFUSED;
}

/* The progress query, typed or by the ID card, with its receipt. */
static gboolean
session_progress (FlowsRig *rig, const char *id_number, gboolean typed)
{
  g_autoptr (KioskFlow) flow = start_flow (rig, KIOSK_SERVICE_PROGRESS);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (!wait_state (flow, KIOSK_PROGRESS_STATE_READ_ID))
    return FALSE;
  if (typed)
    {
      if (!act (
              kiosk_progress_flow_submit_id_number (KIOSK_PROGRESS_FLOW (flow), id_number, &error),
              "submit id number", error))
        return FALSE;
      ok = wait_state (flow, KIOSK_PROGRESS_STATE_RESULT);
    }
  else
    {
      flows_rig_place_id (rig, id_number);
      ok = wait_state (flow, KIOSK_PROGRESS_STATE_RESULT);
      flows_rig_remove_id (rig);
    }
  return ok && act (kiosk_flow_confirm (flow, &error), "progress receipt", error)
         && wait_end (flow) == KIOSK_FLOW_PAGE_DONE;
}

/* ---- issuance ----------------------------------------------------------------- */

static int
run_issuance (int runs, const char *json_path)
{
  g_autofree double *cpu = g_new0 (double, runs);
  g_autofree double *sim_cpu = g_new0 (double, runs);
  g_autofree double *wall = g_new0 (double, runs);
  g_autofree double *stalls = g_new0 (double, runs);
  g_autofree double *cpu_stalls = g_new0 (double, runs);
  g_autofree char **stall_at = g_new0 (char *, runs + 1);
  g_autofree char *worst_cpu_at = NULL;
  double worst_cpu_stall = 0;
  g_autoptr (GString) md = g_string_new ("");
  g_autoptr (GString) json = g_string_new ("");
  double worst_stall = 0;
  const char *worst_at = "";
  g_autofree char *worst_list = NULL;
  int r, spoiled = 0;

  for (r = 0; r < runs; r++)
    {
      FlowsRig rig;
      double cpu0, sim0;
      gint64 t0;
      IssueOutcome outcome;

      flows_rig_setup (&rig, ZERO_LATENCY);
      settle (100);
      cpu0 = cpu_self_ms ();
      sim0 = cpu_children_ms ();
      t0 = g_get_monotonic_time ();
      stall_reset (NULL);
      outcome = session_issue (&rig, PERSON_GREEN);
      stall.on = FALSE;
      wall[r] = (g_get_monotonic_time () - t0) / 1e3;
      cpu[r] = cpu_self_ms () - cpu0;
      sim_cpu[r] = cpu_children_ms () - sim0;
      flows_rig_teardown (&rig);
      if (outcome == ISSUE_STUCK)
        {
          g_printerr ("bench-flows: issuance run %d did not get through\n", r + 1);
          return 1;
        }
      if (outcome == ISSUE_SPOILED)
        {
          /* Measured again: a spoiled card is other work. */
          g_printerr ("bench-flows: issuance run %d: the card was spoiled; run again\n", r + 1);
          if (++spoiled > runs)
            return 1;
          r--;
          continue;
        }
      stalls[r] = stall.longest / 1e3;
      stall_at[r] = g_strdup (stall.longest_at);
      cpu_stalls[r] = stall.longest_cpu / 1e3;
      if (cpu_stalls[r] >= worst_cpu_stall)
        {
          worst_cpu_stall = cpu_stalls[r];
          g_free (worst_cpu_at);
          worst_cpu_at = g_strdup (stall.longest_cpu_at);
        }
      g_printerr ("issuance %d: wall %.0f ms, CPU %.0f ms (simulators %.0f ms), longest stall "
                  "%.1f ms (%s), of CPU %.1f ms (%s), %u over 16 ms: %s\n",
                  r + 1, wall[r], cpu[r], sim_cpu[r], stalls[r], stall_at[r], cpu_stalls[r],
                  stall.longest_cpu_at, stall.over_16ms, stall.list->str);
      if (stalls[r] >= worst_stall)
        {
          worst_stall = stalls[r];
          worst_at = stall_at[r];
          g_free (worst_list);
          worst_list = g_strdup (stall.list->str);
        }
    }

  g_string_append_printf (
      md,
      "| green-channel issuance, zero-latency simulators (%d runs) | median | max |\n"
      "|---|---:|---:|\n"
      "| CPU of the kiosk process, ms (goal ≤ 1000) | %.0f | %.0f |\n"
      "| CPU of the simulators (pcscd, vcard, printers, reader), ms | %.0f | %.0f |\n"
      "| wall time, ms | %.0f | %.0f |\n"
      "| longest main-loop stall, wall ms (goal ≤ 16) | %.1f | %.1f |\n"
      "| longest main-loop stall, main thread's CPU ms | %.1f | %.1f |\n\n"
      "Longest stall: %.1f ms, %s; the most CPU between two polls: %.1f ms, %s. Every stall over "
      "16 ms in the run with the longest: %s.\n",
      runs, median (cpu, runs), maximum (cpu, runs), median (sim_cpu, runs),
      maximum (sim_cpu, runs), median (wall, runs), maximum (wall, runs), median (stalls, runs),
      maximum (stalls, runs), median (cpu_stalls, runs), maximum (cpu_stalls, runs), worst_stall,
      worst_at, worst_cpu_stall, worst_cpu_at ? worst_cpu_at : "-",
      worst_list != NULL && *worst_list ? worst_list : "none");
  g_string_append_printf (
      json,
      "{\"runs\":%d,\"cpu_ms_median\":%.1f,\"cpu_ms_max\":%.1f,\"cpu_ms_first\":%.1f,"
      "\"simulators_cpu_ms_median\":%.1f,\"wall_ms_median\":%.1f,\"wall_ms_max\":%.1f,"
      "\"stall_ms_median\":%.2f,\"stall_ms_max\":%.2f,\"stall_max_at\":\"%s\","
      "\"stalls_over_16ms_worst_run\":\"%s\",\"stall_cpu_ms_median\":%.2f,"
      "\"stall_cpu_ms_max\":%.2f,\"stall_cpu_max_at\":\"%s\","
      "\"goal_cpu_ms\":1000,\"goal_stall_ms\":16,\"cpu_ms\":[",
      runs, median (cpu, runs), maximum (cpu, runs), cpu[0], median (sim_cpu, runs),
      median (wall, runs), maximum (wall, runs), median (stalls, runs), maximum (stalls, runs),
      worst_at, worst_list != NULL ? worst_list : "", median (cpu_stalls, runs),
      maximum (cpu_stalls, runs), worst_cpu_at ? worst_cpu_at : "");
  for (r = 0; r < runs; r++)
    g_string_append_printf (json, "%s%.1f", r ? "," : "", cpu[r]);
  g_string_append (json, "],\"stall_ms\":[");
  for (r = 0; r < runs; r++)
    g_string_append_printf (json, "%s%.2f", r ? "," : "", stalls[r]);
  g_string_append (json, "]}\n");
  fputs (md->str, stdout);
  fputs ("\n", stdout);
  fputs (json->str, stdout);
  if (json_path != NULL)
    g_file_set_contents (json_path, json->str, -1, NULL);
  for (r = 0; r < runs; r++)
    g_free (stall_at[r]);
  return 0;
}

/* ---- soak --------------------------------------------------------------------- */

static int
run_soak (guint sessions, guint issue_every, const char *json_path)
{
  FlowsRig rig;
  guint issues = sessions / issue_every + 1, issued = 0;
  g_autofree Usage *usage = g_new0 (Usage, sessions + 1);
  g_autoptr (GString) md = g_string_new ("");
  g_autoptr (GString) json = g_string_new ("");
  g_autoptr (GError) error = NULL;
  g_autofree char *cancel_id = bench_id_number (issues + 1);
  guint reference = MIN (100, sessions);
  Usage max_after = { 0 }, min_after = { G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64 };
  gint64 t0 = g_get_monotonic_time ();
  double cpu0 = cpu_self_ms ();
  /* Wall time per kind of session: the cycle's ten, and [10] the issuances. */
  static const char *const kind_names[11] = { "green channel cancelled at the review",
                                              "green channel cancelled at the review",
                                              "progress query, typed, receipt",
                                              "temporary loss refused (R17)",
                                              "progress query by ID card, receipt",
                                              "temporary card refused (R12)",
                                              "unblock refused (R7)",
                                              "formal loss refused",
                                              "green channel refused (R4)",
                                              "progress query, typed, receipt",
                                              "green-channel issuance" };
  double kind_ms[11] = { 0 };
  guint kind_n[11] = { 0 };
  guint n_spoiled = 0;

  flows_rig_setup (&rig, ZERO_LATENCY);
  /* Blank cards for every issuance: in the stock and in the hopper alike. */
  if (kiosk_store_stock_load_batch (flows_rig_store (&rig), "JL24B000001", issues, "bench", &error)
      <= 0)
    g_error ("stock: %s", error->message);
  kiosk_card_feeder_sim_refill (flows_rig_feeder (&rig), issues);
#ifdef KIOSK_HAVE_CAMERA
  if (KIOSK_IS_CAMERA (kiosk_context_get_camera (rig.context)))
    {
      soak_camera = G_OBJECT (kiosk_context_get_camera (rig.context));
      kiosk_camera_set_on_demand (KIOSK_CAMERA (soak_camera), TRUE);
    }
#endif
  settle (100);
  if (!camera_wait_standby ())
    g_error ("the camera did not go to standby");
  usage[0] = usage_now (NULL);

  for (guint i = 1; i <= sessions; i++)
    {
      gboolean ok;
      int kind = (i - 1) % 10;
      gint64 started = g_get_monotonic_time ();
      g_autoptr (GHashTable) fds = NULL;

      switch (kind)
        {
          case 0:
            if ((i - 1) % issue_every == 0)
              {
                g_autofree char *id = bench_id_number (issued++);
                IssueOutcome outcome = session_issue (&rig, id);

                ok = outcome != ISSUE_STUCK;
                n_spoiled += outcome == ISSUE_SPOILED;
                kind = 10;
                break;
              }
            G_GNUC_FALLTHROUGH;
          case 1:
            ok = session_green_cancelled (&rig, cancel_id);
            break;
          case 2:
          case 9:
            ok = session_progress (&rig, PERSON_PRODUCTION, TRUE);
            break;
          case 3:
            ok = session_refused (&rig, KIOSK_SERVICE_TEMPORARY_LOSS, PERSON_DECEASED);
            break;
          case 4:
            ok = session_progress (&rig, PERSON_AT_WINDOW, FALSE);
            break;
          case 5:
            ok = session_refused (&rig, KIOSK_SERVICE_TEMPORARY_CARD, PERSON_AT_WINDOW);
            break;
          case 6:
            ok = session_refused (&rig, KIOSK_SERVICE_UNBLOCK, PERSON_ACTIVE);
            break;
          case 7:
            ok = session_refused (&rig, KIOSK_SERVICE_FORMAL_LOSS_SOCIAL, PERSON_BOTH_LOST);
            break;
          default:
            ok = session_refused (&rig, KIOSK_SERVICE_GREEN_CHANNEL, PERSON_ACTIVE);
            break;
        }
      if (!ok)
        {
          g_printerr ("bench-flows: session %u failed\n", i);
          soak_camera = NULL;
          flows_rig_teardown (&rig);
          return 1;
        }
      kind_ms[kind] += (g_get_monotonic_time () - started) / 1e3;
      kind_n[kind]++;
      settle (soak_settle_ms);
      if (!camera_wait_standby ())
        {
          soak_camera = NULL;
          flows_rig_teardown (&rig);
          return 1;
        }
      usage[i] = usage_now (&fds);
      if (i == reference)
        {
          fd_reference = g_steal_pointer (&fds);
          if (soak_trace)
            fd_print_reference (reference);
        }
      else if (i > reference && usage[i].fds != usage[reference].fds)
        fd_report (i, fds);
      if (i > reference)
        {
          max_after.rss_kb = MAX (max_after.rss_kb, usage[i].rss_kb);
          max_after.anon_kb = MAX (max_after.anon_kb, usage[i].anon_kb);
          max_after.fds = MAX (max_after.fds, usage[i].fds);
          max_after.threads = MAX (max_after.threads, usage[i].threads);
          min_after.fds = MIN (min_after.fds, usage[i].fds);
          min_after.threads = MIN (min_after.threads, usage[i].threads);
        }
      if (soak_trace)
        g_printerr ("trace %u %s: RSS %" G_GINT64_FORMAT " kB, anon %" G_GINT64_FORMAT
                    " kB, %" G_GINT64_FORMAT " fds\n",
                    i, kind_names[kind], usage[i].rss_kb, usage[i].anon_kb, usage[i].fds);
      if (i % 100 == 0)
        g_printerr ("session %u: RSS %" G_GINT64_FORMAT " kB (anon %" G_GINT64_FORMAT
                    " kB), %" G_GINT64_FORMAT " fds, %" G_GINT64_FORMAT " threads, %.0f s\n",
                    i, usage[i].rss_kb, usage[i].anon_kb, usage[i].fds, usage[i].threads,
                    (g_get_monotonic_time () - t0) / 1e6);
    }
  flows_assert_stock_matches (&rig);
  g_clear_pointer (&fd_reference, g_hash_table_unref);
  soak_camera = NULL;
  if (sessions <= reference)
    max_after = min_after = usage[sessions];

  {
    Usage a, b;
    double growth_mb;
    double peak_mb;
    gboolean fds_constant;
    double seconds = (g_get_monotonic_time () - t0) / 1e6;

    a = usage[reference];
    b = usage[sessions];
    growth_mb = (b.rss_kb - a.rss_kb) / 1024.0;
    peak_mb = (max_after.rss_kb - a.rss_kb) / 1024.0;
    fds_constant = min_after.fds == a.fds && max_after.fds == a.fds;

    g_string_append_printf (
        md,
        "| %u sessions back to back (%u issuances, %u of them spoiled) | after %u | after %u "
        "| change |\n"
        "|---|---:|---:|---:|\n"
        "| VmRSS, kB | %" G_GINT64_FORMAT " | %" G_GINT64_FORMAT " | %+.2f MB (peak after %u: "
        "%+.2f MB; goal within 2 MB) |\n"
        "| RssAnon, kB | %" G_GINT64_FORMAT " | %" G_GINT64_FORMAT " | %+.2f MB |\n"
        "| open fds | %" G_GINT64_FORMAT " | %" G_GINT64_FORMAT " | %s (%" G_GINT64_FORMAT
        "–%" G_GINT64_FORMAT " after %u) |\n"
        "| threads | %" G_GINT64_FORMAT " | %" G_GINT64_FORMAT " | (%" G_GINT64_FORMAT
        "–%" G_GINT64_FORMAT ") |\n\n"
        "%.0f s in all, %.0f ms CPU per session.\n",
        sessions, issued, n_spoiled, reference, sessions, a.rss_kb, b.rss_kb, growth_mb, reference,
        peak_mb, a.anon_kb, b.anon_kb, (b.anon_kb - a.anon_kb) / 1024.0, a.fds, b.fds,
        fds_constant ? "constant" : "CHANGED", min_after.fds, max_after.fds, reference, a.threads,
        b.threads, min_after.threads, max_after.threads, seconds,
        (cpu_self_ms () - cpu0) / sessions);
    g_string_append_printf (
        json,
        "{\"sessions\":%u,\"issuances\":%u,\"spoiled\":%u,\"reference_session\":%u,"
        "\"rss_kb_reference\":"
        "%" G_GINT64_FORMAT ",\"rss_kb_end\":%" G_GINT64_FORMAT
        ",\"rss_kb_max_after_reference\":%" G_GINT64_FORMAT
        ",\"rss_growth_mb\":%.3f,\"rss_peak_growth_mb\":%.3f,"
        "\"anon_kb_reference\":%" G_GINT64_FORMAT ",\"anon_kb_end\":%" G_GINT64_FORMAT
        ",\"fds_reference\":%" G_GINT64_FORMAT ",\"fds_end\":%" G_GINT64_FORMAT
        ",\"fds_min_after_reference\":%" G_GINT64_FORMAT
        ",\"fds_max_after_reference\":%" G_GINT64_FORMAT
        ",\"fds_constant\":%s,\"threads_reference\":%" G_GINT64_FORMAT
        ",\"threads_end\":%" G_GINT64_FORMAT ",\"seconds\":%.1f,\"goal_growth_mb\":2,"
        "\"rss_kb_every_100\":[",
        sessions, issued, n_spoiled, reference, a.rss_kb, b.rss_kb, max_after.rss_kb, growth_mb,
        peak_mb, a.anon_kb, b.anon_kb, a.fds, b.fds, min_after.fds, max_after.fds,
        fds_constant ? "true" : "false", a.threads, b.threads, seconds);
    for (guint i = 0; i <= sessions; i += 100)
      g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", usage[i].rss_kb);
    g_string_append (json, "],\"fds_every_100\":[");
    for (guint i = 0; i <= sessions; i += 100)
      g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", usage[i].fds);
    g_string_append (json, "],\"wall_ms_per_kind\":{");
    g_string_append (md, "\nWall time per session (mean): ");
    for (int k = 2; k <= 10; k++)
      {
        /* kinds 1 and 9 are counted with 0 and 2 */
        double ms = kind_ms[k] + (k == 2 ? kind_ms[9] : 0);
        guint n = kind_n[k] + (k == 2 ? kind_n[9] : 0);

        if (k == 9 || n == 0)
          continue;
        g_string_append_printf (json, "%s\"%s\":%.0f", json->str[json->len - 1] == '{' ? "" : ",",
                                kind_names[k], ms / n);
        g_string_append_printf (md, "%s %.0f ms; ", kind_names[k], ms / n);
      }
    if (kind_n[0] + kind_n[1] > 0)
      {
        double ms = (kind_ms[0] + kind_ms[1]) / (kind_n[0] + kind_n[1]);

        g_string_append_printf (json, ",\"%s\":%.0f", kind_names[1], ms);
        g_string_append_printf (md, "%s %.0f ms.\n", kind_names[1], ms);
      }
    g_string_append (json, "}}\n");
  }
  fputs (md->str, stdout);
  fputs ("\n", stdout);
  fputs (json->str, stdout);
  if (json_path != NULL)
    g_file_set_contents (json_path, json->str, -1, NULL);
  flows_rig_teardown (&rig);
  return 0;
}

/* ------------------------------------------------------------------------------ */

static int
bench_arg_int (const char *text, int low, int high)
{
  int value = atoi (text);

  return CLAMP (value, low, high);
}

int
main (int argc, char **argv)
{
  int runs = 5;
  guint sessions = 1000, issue_every = 50;
  const char *json_path = NULL;
  const char *mode = argc > 1 ? argv[1] : "";
  g_autofree char *data_dir = NULL;
  int status;

  /* As the program does (ui/main.c): two malloc arenas, not one per thread,
   * large blocks always mapped. */
  mallopt (M_ARENA_MAX, 2);
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
  mallopt (M_TRIM_THRESHOLD, 512 * 1024);
  setlocale (LC_ALL, "");
  for (int i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = bench_arg_int (argv[++i], 1, 100);
      else if (strcmp (argv[i], "--sessions") == 0 && i + 1 < argc)
        sessions = bench_arg_int (argv[++i], 1, 100000);
      else if (strcmp (argv[i], "--issue-every") == 0 && i + 1 < argc)
        issue_every = bench_arg_int (argv[++i], 10, 100000) / 10 * 10;
      else if (strcmp (argv[i], "--json") == 0 && i + 1 < argc)
        json_path = argv[++i];
      else if (strcmp (argv[i], "--trace") == 0)
        soak_trace = TRUE;
      else if (strcmp (argv[i], "--settle-ms") == 0 && i + 1 < argc)
        soak_settle_ms = bench_arg_int (argv[++i], 0, 10000);
      else
        mode = "";
    }
  if (strcmp (mode, "issuance") != 0 && strcmp (mode, "soak") != 0)
    {
      g_printerr (
          "usage: bench-flows issuance [--runs N] [--json FILE]\n"
          "       bench-flows soak [--sessions N] [--issue-every K] [--trace] [--settle-ms MS]\n"
          "                        [--json FILE]\n");
      return 2;
    }

  /* A private HOME and XDG tree, as the tests have (not g_test_init: a
   * benchmark prints no test output); the people first. */
  private_home ();
  stall.list = g_string_new ("");
  data_dir = make_data_dir (strcmp (mode, "soak") == 0 ? sessions / issue_every + 2 : 1);
  g_setenv ("KIOSK_DATA_DIR", data_dir, TRUE);
  flows_rig_init ();
  if (flows_rig_skip_if_down ())
    {
      flows_rig_shutdown ();
      kiosk_test_rm_rf (data_dir);
      return 77;
    }
  stall.real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, measuring_poll);

  status = strcmp (mode, "issuance") == 0 ? run_issuance (runs, json_path)
                                          : run_soak (sessions, issue_every, json_path);
  flows_rig_shutdown ();
  kiosk_test_rm_rf (data_dir);
  kiosk_test_rm_rf (home_dir);
  g_string_free (stall.list, TRUE);
  return status;
}
