/* kiosk-card-feeder-sim.c — the simulated card transport, its state on disk
 *
 * Every movement ends by rewriting the state file atomically (a temporary
 * file, fsync, rename: g_file_set_contents_full with DURABLE), so that what
 * the file says is what the "hardware" did, also after a SIGKILL of the
 * kiosk. The chip reader's virtual card follows the card: it is in the
 * reader exactly while the card is at the encoder station.
 */
#define G_LOG_DOMAIN "kiosk-cardfeed"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kiosk-card-feeder-sim.h"
#include "kiosk-device-driver.h"
#include "kiosk-device-manager.h"

#define GROUP "cardfeed"

struct _KioskCardFeederSim
{
  KioskCardFeeder parent_instance;

  char *state_path;
  char *chip_control;
  guint initial_hopper;
  guint motion_ms;
  guint take_ms;

  KioskCardFeederState state;
  gboolean loaded;

  KioskCardFeederFault fault;
  char *fault_op;    /* the operation it waits for, NULL: the next one */
  guint op_source;   /* the movement in flight */
  guint take_source; /* the citizen taking the card (take_ms) */
  guint wait_timeout_source;
  gboolean waiting_taken;
  KioskCardPosition target; /* of the movement in flight */
};

G_DEFINE_FINAL_TYPE (KioskCardFeederSim, kiosk_card_feeder_sim, KIOSK_TYPE_CARD_FEEDER)

/* ---- the state file ------------------------------------------------------- */

static gboolean
state_save (KioskCardFeederSim *self, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  g_autofree char *dir = g_path_get_dirname (self->state_path);
  gsize len;

  g_key_file_set_string (kf, GROUP, "position",
                         kiosk_card_position_to_string (self->state.position));
  g_key_file_set_boolean (kf, GROUP, "jammed", self->state.jammed);
  g_key_file_set_uint64 (kf, GROUP, "hopper", self->state.hopper_level);
  g_key_file_set_uint64 (kf, GROUP, "fed", self->state.fed);
  g_key_file_set_uint64 (kf, GROUP, "ejected", self->state.ejected);
  g_key_file_set_uint64 (kf, GROUP, "taken", self->state.taken);
  g_key_file_set_uint64 (kf, GROUP, "rejected", self->state.rejected);
  data = g_key_file_to_data (kf, &len, NULL);
  g_mkdir_with_parents (dir, 0700);
  return g_file_set_contents_full (self->state_path, data, (gssize) len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static gboolean
get_count (GKeyFile *kf, const char *key, guint64 max, guint64 *out, GError **error)
{
  g_autofree char *text = g_key_file_get_string (kf, GROUP, key, NULL);

  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "The card transport's state file has a bad “%s”", key);
      return FALSE;
    }
  return TRUE;
}

static gboolean
state_load (KioskCardFeederSim *self, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  g_autofree char *position = NULL;
  KioskCardFeederState st = { 0 };
  guint64 hopper = 0;

  if (!g_key_file_load_from_file (kf, self->state_path, G_KEY_FILE_NONE, &local))
    {
      if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                       "The card transport's state file %s cannot be read: %s", self->state_path,
                       local->message);
          return FALSE;
        }
      /* A new transport: a full hopper. */
      memset (&self->state, 0, sizeof self->state);
      self->state.hopper_level = self->initial_hopper;
      self->loaded = TRUE;
      return state_save (self, error);
    }

  position = g_key_file_get_string (kf, GROUP, "position", NULL);
  if (position == NULL || !kiosk_card_position_from_string (position, &st.position))
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "The card transport's state file has a bad “position”");
      return FALSE;
    }
  st.jammed = g_key_file_get_boolean (kf, GROUP, "jammed", NULL);
  if (!get_count (kf, "hopper", 100000, &hopper, error)
      || !get_count (kf, "fed", G_MAXUINT32, &st.fed, error)
      || !get_count (kf, "ejected", G_MAXUINT32, &st.ejected, error)
      || !get_count (kf, "taken", G_MAXUINT32, &st.taken, error)
      || !get_count (kf, "rejected", G_MAXUINT32, &st.rejected, error))
    return FALSE;
  st.hopper_level = (guint) hopper;
  self->state = st;
  self->loaded = TRUE;
  return TRUE;
}

/* ---- the chip reader's virtual card --------------------------------------- */

/* One command to kiosk-vcard's control socket; its answer must be "OK …".
 * The socket is local and answers at once. */
static gboolean
chip_command (KioskCardFeederSim *self, const char *command)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  struct timeval tv = { .tv_sec = 2 };
  g_autofree char *line = NULL;
  char reply[128];
  gsize n = 0;
  int fd;

  if (self->chip_control == NULL)
    return TRUE;
  if (strlen (self->chip_control) >= sizeof addr.sun_path)
    return FALSE;
  strcpy (addr.sun_path, self->chip_control);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      g_debug ("card transport: the virtual card's control socket: %s", g_strerror (errno));
      close (fd);
      return FALSE;
    }
  line = g_strconcat (command, "\n", NULL);
  if (write (fd, line, strlen (line)) != (ssize_t) strlen (line))
    {
      close (fd);
      return FALSE;
    }
  while (n < sizeof reply - 1)
    {
      ssize_t r = read (fd, reply + n, 1);

      if (r <= 0 || reply[n] == '\n')
        break;
      n++;
    }
  reply[n] = '\0';
  close (fd);
  if (!g_str_has_prefix (reply, "OK"))
    {
      g_debug ("card transport: the virtual card refused %s: %s", command, reply);
      return FALSE;
    }
  return TRUE;
}

static void
chip_sync (KioskCardFeederSim *self)
{
  chip_command (self, self->state.position == KIOSK_CARD_POSITION_ENCODER ? "INSERT" : "REMOVE");
}

/* ---- movements ------------------------------------------------------------ */

typedef enum
{
  OP_FEED,
  OP_MOVE,
  OP_EJECT,
  OP_REJECT,
} Op;

static void
set_presence (KioskCardFeederSim *self)
{
  kiosk_device_set_card_present (KIOSK_DEVICE (self),
                                 kiosk_card_feeder_state_card_inside (&self->state));
}

static GError *
failed (const char *message)
{
  return g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED, message);
}

/* Checks whether `op` may start; NULL if it may. */
static GError *
check_op (KioskCardFeederSim *self, Op op)
{
  if (self->state.jammed)
    return failed ("The card transport is jammed (卡片卡住，请联系工作人员)");
  switch (op)
    {
      case OP_FEED:
        if (self->state.position != KIOSK_CARD_POSITION_NONE)
          return failed ("A card is already in the transport");
        if (self->state.hopper_level == 0)
          return failed ("The card hopper is empty (卡箱无卡)");
        return NULL;
      case OP_MOVE:
      case OP_EJECT:
        if (self->state.position != KIOSK_CARD_POSITION_ENCODER
            && self->state.position != KIOSK_CARD_POSITION_PRINTER)
          return failed ("There is no card in the transport to move");
        return NULL;
      case OP_REJECT:
        if (self->state.position == KIOSK_CARD_POSITION_NONE)
          return failed ("There is no card in the transport to reject");
        return NULL;
      default:
        g_assert_not_reached ();
    }
}

static void schedule_take (KioskCardFeederSim *self);

static const char *
op_name (KioskCardFeederSim *self, Op op)
{
  switch (op)
    {
      case OP_FEED:
        return "feed";
      case OP_MOVE:
        return self->target == KIOSK_CARD_POSITION_PRINTER ? "move-printer" : "move-encoder";
      case OP_EJECT:
        return "eject";
      case OP_REJECT:
      default:
        return "reject";
    }
}

/* The injected fault, if it is meant for this operation (and then used up). */
static KioskCardFeederFault
take_fault (KioskCardFeederSim *self, const char *name)
{
  KioskCardFeederFault fault = self->fault;

  if (fault == KIOSK_CARD_FEEDER_FAULT_NONE
      || (self->fault_op != NULL && g_strcmp0 (self->fault_op, name) != 0))
    return KIOSK_CARD_FEEDER_FAULT_NONE;
  self->fault = KIOSK_CARD_FEEDER_FAULT_NONE;
  g_clear_pointer (&self->fault_op, g_free);
  return fault;
}

/* The movement arrived: the state changes, is saved, then the chip follows. */
static void
apply_op (KioskCardFeederSim *self, Op op, KioskCardFeederFault fault)
{
  KioskCardPosition before = self->state.position;
  g_autoptr (GError) error = NULL;

  switch (op)
    {
      case OP_FEED:
        if (fault == KIOSK_CARD_FEEDER_FAULT_MISFEED)
          {
            kiosk_device_complete_op_boolean (KIOSK_DEVICE (self),
                                              failed ("No card came from the hopper (进卡失败)"));
            return;
          }
        self->state.hopper_level--;
        self->state.fed++;
        self->state.position = KIOSK_CARD_POSITION_ENCODER;
        kiosk_device_count (KIOSK_DEVICE (self), KIOSK_CARD_FEEDER_COUNTER_FED, 1);
        break;
      case OP_MOVE:
        if (fault != KIOSK_CARD_FEEDER_FAULT_JAM)
          self->state.position = self->target;
        break;
      case OP_EJECT:
        if (fault != KIOSK_CARD_FEEDER_FAULT_JAM)
          {
            self->state.position = KIOSK_CARD_POSITION_EXIT;
            self->state.ejected++;
            kiosk_device_count (KIOSK_DEVICE (self), KIOSK_CARD_FEEDER_COUNTER_EJECTED, 1);
          }
        break;
      case OP_REJECT:
        if (fault != KIOSK_CARD_FEEDER_FAULT_JAM)
          {
            self->state.position = KIOSK_CARD_POSITION_NONE;
            self->state.rejected++;
            kiosk_device_count (KIOSK_DEVICE (self), KIOSK_CARD_FEEDER_COUNTER_REJECTED, 1);
          }
        break;
      default:
        g_assert_not_reached ();
    }
  if (fault == KIOSK_CARD_FEEDER_FAULT_JAM)
    self->state.jammed = TRUE;

  if (!state_save (self, &error))
    {
      kiosk_device_complete_op_boolean (
          KIOSK_DEVICE (self), g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                                            "The card transport's state: %s", error->message));
      return;
    }
  set_presence (self);

  if (op == OP_FEED && !self->state.jammed)
    {
      /* A new blank card is at the station. */
      chip_command (self, "BLANK");
      chip_command (self, "INSERT");
    }
  else if (before != self->state.position)
    {
      if (before == KIOSK_CARD_POSITION_ENCODER)
        chip_command (self, "REMOVE");
      else if (self->state.position == KIOSK_CARD_POSITION_ENCODER)
        chip_command (self, "INSERT");
    }

  if (self->state.jammed)
    {
      kiosk_device_complete_op_boolean (KIOSK_DEVICE (self),
                                        failed ("The card jammed in the transport (卡片卡住)"));
      return;
    }
  if (op == OP_EJECT)
    schedule_take (self);
  kiosk_device_complete_op_boolean (KIOSK_DEVICE (self), NULL);
}

typedef struct
{
  KioskCardFeederSim *self;
  Op op;
  KioskCardFeederFault fault;
} Motion;

static gboolean
motion_done_cb (gpointer user_data)
{
  Motion *motion = user_data;

  motion->self->op_source = 0;
  apply_op (motion->self, motion->op, motion->fault);
  return G_SOURCE_REMOVE;
}

static void
start_op (KioskCardFeederSim *self, Op op)
{
  GError *error = check_op (self, op);
  KioskCardFeederFault fault;
  Motion *motion;

  if (error != NULL)
    {
      kiosk_device_complete_op_boolean (KIOSK_DEVICE (self), error);
      return;
    }
  fault = take_fault (self, op_name (self, op));
  if (fault == KIOSK_CARD_FEEDER_FAULT_NO_ANSWER)
    return; /* nothing happens until the operation is cancelled */
  motion = g_new0 (Motion, 1);
  motion->self = self;
  motion->op = op;
  motion->fault = fault;
  self->op_source
      = g_timeout_add_full (G_PRIORITY_DEFAULT, self->motion_ms, motion_done_cb, motion, g_free);
}

static void
sim_feed (KioskCardFeeder *feeder)
{
  start_op (KIOSK_CARD_FEEDER_SIM (feeder), OP_FEED);
}

static void
sim_move (KioskCardFeeder *feeder, KioskCardPosition position)
{
  KioskCardFeederSim *self = KIOSK_CARD_FEEDER_SIM (feeder);

  self->target = position;
  start_op (self, OP_MOVE);
}

static void
sim_eject (KioskCardFeeder *feeder)
{
  start_op (KIOSK_CARD_FEEDER_SIM (feeder), OP_EJECT);
}

static void
sim_reject (KioskCardFeeder *feeder)
{
  start_op (KIOSK_CARD_FEEDER_SIM (feeder), OP_REJECT);
}

static gboolean
query_done_cb (gpointer user_data)
{
  KioskCardFeederSim *self = user_data;

  self->op_source = 0;
  kiosk_device_complete_op (KIOSK_DEVICE (self), kiosk_card_feeder_state_copy (&self->state),
                            (GDestroyNotify) kiosk_card_feeder_state_free, NULL);
  return G_SOURCE_REMOVE;
}

static void
sim_query_state (KioskCardFeeder *feeder)
{
  KioskCardFeederSim *self = KIOSK_CARD_FEEDER_SIM (feeder);

  /* Only silence concerns a query; the other faults wait for a movement. */
  if (self->fault == KIOSK_CARD_FEEDER_FAULT_NO_ANSWER
      && take_fault (self, "query-state") == KIOSK_CARD_FEEDER_FAULT_NO_ANSWER)
    return;
  self->op_source = g_idle_add (query_done_cb, self);
}

/* ---- the citizen's hand --------------------------------------------------- */

static void
finish_wait_taken (KioskCardFeederSim *self, GError *error)
{
  if (!self->waiting_taken)
    {
      g_clear_error (&error);
      return;
    }
  self->waiting_taken = FALSE;
  g_clear_handle_id (&self->wait_timeout_source, g_source_remove);
  kiosk_device_complete_op_boolean (KIOSK_DEVICE (self), error);
}

gboolean
kiosk_card_feeder_sim_take (KioskCardFeederSim *self)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (KIOSK_IS_CARD_FEEDER_SIM (self), FALSE);

  g_clear_handle_id (&self->take_source, g_source_remove);
  if (self->state.position != KIOSK_CARD_POSITION_EXIT)
    return FALSE;
  self->state.position = KIOSK_CARD_POSITION_NONE;
  self->state.taken++;
  if (!state_save (self, &error))
    g_warning ("card transport: the state file: %s", error->message);
  set_presence (self);
  finish_wait_taken (self, NULL);
  return TRUE;
}

static gboolean
take_cb (gpointer user_data)
{
  KioskCardFeederSim *self = user_data;

  self->take_source = 0;
  kiosk_card_feeder_sim_take (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_take (KioskCardFeederSim *self)
{
  g_clear_handle_id (&self->take_source, g_source_remove);
  if (self->take_ms > 0)
    self->take_source = g_timeout_add (self->take_ms, take_cb, self);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  KioskCardFeederSim *self = user_data;

  self->wait_timeout_source = 0;
  finish_wait_taken (self, g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                                                "The card was not taken from the slot"));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_now_cb (gpointer user_data)
{
  KioskCardFeederSim *self = user_data;

  self->op_source = 0;
  finish_wait_taken (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
sim_wait_taken (KioskCardFeeder *feeder, guint timeout_ms)
{
  KioskCardFeederSim *self = KIOSK_CARD_FEEDER_SIM (feeder);

  self->waiting_taken = TRUE;
  if (self->state.position != KIOSK_CARD_POSITION_EXIT)
    {
      self->op_source = g_idle_add (wait_now_cb, self);
      return;
    }
  if (timeout_ms > 0)
    self->wait_timeout_source = g_timeout_add (timeout_ms, wait_timeout_cb, self);
}

/* ---- open, close, cancel -------------------------------------------------- */

static void
sim_open (KioskDevice *device)
{
  KioskCardFeederSim *self = KIOSK_CARD_FEEDER_SIM (device);
  g_autoptr (GError) error = NULL;

  if (!state_load (self, &error))
    {
      kiosk_device_complete_op_boolean (device, g_steal_pointer (&error));
      return;
    }
  kiosk_device_set_model (device, "simulated card transport");
  kiosk_device_set_connected (device, TRUE);
  set_presence (self);
  chip_sync (self);
  if (self->state.position == KIOSK_CARD_POSITION_EXIT)
    schedule_take (self);
  kiosk_device_complete_op_boolean (device, NULL);
}

static void
sim_close (KioskDevice *device)
{
  KioskCardFeederSim *self = KIOSK_CARD_FEEDER_SIM (device);

  g_clear_handle_id (&self->take_source, g_source_remove);
  kiosk_device_set_connected (device, FALSE);
  kiosk_device_complete_op_boolean (device, NULL);
}

static void
sim_cancel (KioskDevice *device)
{
  KioskCardFeederSim *self = KIOSK_CARD_FEEDER_SIM (device);

  /* A movement not yet arrived did not happen. */
  g_clear_handle_id (&self->op_source, g_source_remove);
  g_clear_handle_id (&self->wait_timeout_source, g_source_remove);
  self->waiting_taken = FALSE;
  kiosk_device_complete_op_boolean (
      device, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
}

/* ---- public --------------------------------------------------------------- */

const char *
kiosk_card_feeder_sim_get_state_path (KioskCardFeederSim *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_FEEDER_SIM (self), NULL);
  return self->state_path;
}

void
kiosk_card_feeder_sim_set_chip_control (KioskCardFeederSim *self, const char *socket_path)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER_SIM (self));

  g_free (self->chip_control);
  self->chip_control = g_strdup (socket_path);
  if (self->loaded)
    chip_sync (self);
}

void
kiosk_card_feeder_sim_inject (KioskCardFeederSim *self, KioskCardFeederFault fault)
{
  kiosk_card_feeder_sim_inject_on (self, NULL, fault);
}

void
kiosk_card_feeder_sim_inject_on (KioskCardFeederSim *self,
                                 const char *operation,
                                 KioskCardFeederFault fault)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER_SIM (self));
  self->fault = fault;
  g_free (self->fault_op);
  self->fault_op = g_strdup (operation);
}

void
kiosk_card_feeder_sim_clear_jam (KioskCardFeederSim *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KIOSK_IS_CARD_FEEDER_SIM (self));
  self->state.jammed = FALSE;
  if (self->loaded && !state_save (self, &error))
    g_warning ("card transport: the state file: %s", error->message);
}

void
kiosk_card_feeder_sim_refill (KioskCardFeederSim *self, guint count)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KIOSK_IS_CARD_FEEDER_SIM (self));
  self->state.hopper_level = MIN ((guint64) self->state.hopper_level + count, 100000);
  if (self->loaded && !state_save (self, &error))
    g_warning ("card transport: the state file: %s", error->message);
}

gboolean
kiosk_card_feeder_sim_remove (KioskCardFeederSim *self, guint count)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (KIOSK_IS_CARD_FEEDER_SIM (self), FALSE);
  if (count > self->state.hopper_level)
    return FALSE;
  self->state.hopper_level -= count;
  if (self->loaded && !state_save (self, &error))
    g_warning ("card transport: the state file: %s", error->message);
  return TRUE;
}

static void
kiosk_card_feeder_sim_finalize (GObject *object)
{
  KioskCardFeederSim *self = KIOSK_CARD_FEEDER_SIM (object);

  g_clear_handle_id (&self->op_source, g_source_remove);
  g_clear_handle_id (&self->take_source, g_source_remove);
  g_clear_handle_id (&self->wait_timeout_source, g_source_remove);
  g_free (self->state_path);
  g_free (self->chip_control);
  g_free (self->fault_op);

  G_OBJECT_CLASS (kiosk_card_feeder_sim_parent_class)->finalize (object);
}

static void
kiosk_card_feeder_sim_class_init (KioskCardFeederSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);
  KioskCardFeederClass *feeder_class = KIOSK_CARD_FEEDER_CLASS (klass);

  object_class->finalize = kiosk_card_feeder_sim_finalize;
  device_class->driver = "simulator";
  device_class->full_name = "Simulated card transport (state file, virtual chip card)";
  device_class->open = sim_open;
  device_class->close = sim_close;
  device_class->cancel = sim_cancel;
  feeder_class->feed = sim_feed;
  feeder_class->move = sim_move;
  feeder_class->eject = sim_eject;
  feeder_class->reject = sim_reject;
  feeder_class->query_state = sim_query_state;
  feeder_class->wait_taken = sim_wait_taken;
}

static void
kiosk_card_feeder_sim_init (KioskCardFeederSim *self)
{
}

KioskDevice *
kiosk_card_feeder_sim_new_from_config (KioskDeviceConfig *config, GError **error)
{
  g_autoptr (KioskCardFeederSim) self = NULL;
  g_autofree char *state = kiosk_device_config_get_string (config, "state", NULL);
  g_autofree char *chip = kiosk_device_config_get_string (config, "chip_control", NULL);
  guint hopper, motion, take;

  if (!kiosk_device_config_get_uint (config, "hopper", 100, 0, 100000, &hopper, error)
      || !kiosk_device_config_get_uint (config, "motion_ms", 50, 0, 10000, &motion, error)
      || !kiosk_device_config_get_uint (config, "take_ms", 0, 0, 600000, &take, error))
    return NULL;
  if (state != NULL && state[0] == '\0')
    {
      g_autofree char *key = kiosk_device_config_describe_key (config, "state");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: an empty path is not a state file", key);
      return NULL;
    }

  if (state == NULL)
    state = g_build_filename (g_get_user_state_dir (), "sskiosk", "cardfeed-sim.ini", NULL);
  self = g_object_new (KIOSK_TYPE_CARD_FEEDER_SIM, "name", kiosk_device_config_get_name (config),
                       "port", state, "simulated", TRUE, NULL);
  self->state_path = g_steal_pointer (&state);
  self->chip_control = g_steal_pointer (&chip);
  self->initial_hopper = hopper;
  self->motion_ms = motion;
  self->take_ms = take;
  return KIOSK_DEVICE (g_steal_pointer (&self));
}

/* The driver is itself the simulator: "cardfeed_simulator=true" needs nothing started. */
static gboolean
start_simulator (KioskDeviceConfig *config, GError **error)
{
  return TRUE;
}

void
kiosk_card_feeder_sim_register_driver (void)
{
  static const KioskDeviceDriverInfo info = {
    .name = "cardfeed",
    .driver = "simulator",
    .kind = KIOSK_DEVICE_KIND_CARD_FEEDER,
    .create = kiosk_card_feeder_sim_new_from_config,
    .start_simulator = start_simulator,
    .description
    = "simulated card transport: hopper, chip encoder, print station, slot, reject bin",
  };

  kiosk_device_manager_register_driver (&info);
}
