/* test-stock.c — blank cards: load, take, issued/spoiled/uncertain, derived counts, never gone */
#include "config.h"

#include "kiosk-db.h"
#include "kiosk-store.h"
#include "store-test-util.h"

static void
assert_counts (KioskStore *store,
               gint64 in_stock,
               gint64 in_machine,
               gint64 issued,
               gint64 spoiled,
               gint64 uncertain)
{
  g_autoptr (GError) error = NULL;
  gint64 counts[KIOSK_CARD_N_STATES];

  g_assert_true (kiosk_store_stock_counts (store, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, in_stock);
  g_assert_cmpint (counts[KIOSK_CARD_IN_MACHINE], ==, in_machine);
  g_assert_cmpint (counts[KIOSK_CARD_ISSUED], ==, issued);
  g_assert_cmpint (counts[KIOSK_CARD_SPOILED], ==, spoiled);
  g_assert_cmpint (counts[KIOSK_CARD_UNCERTAIN], ==, uncertain);
}

static void
test_load_and_take (void)
{
  StoreTestClock clock = { 1700000000 };
  g_autoptr (KioskStore) store = store_test_open (NULL, &clock);
  g_autoptr (GError) error = NULL;
  g_autofree char *session = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr (GPtrArray) cards = NULL;
  g_autoptr (KioskStockCard) card = NULL;
  gint64 batch1, batch2;

  batch1 = kiosk_store_stock_load_batch (store, "JL24A000098", 3, "tech-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch1, >, 0);
  batch2 = kiosk_store_stock_load_batch (store, "JL24B0001", 2, "tech-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch2, >, batch1);
  assert_counts (store, 5, 0, 0, 0, 0);

  cards = kiosk_store_stock_list (store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 5);
  /* The numeric suffix counts up at its width, across a carry. */
  g_assert_cmpstr (((KioskStockCard *) cards->pdata[0])->serial, ==, "JL24A000098");
  g_assert_cmpstr (((KioskStockCard *) cards->pdata[1])->serial, ==, "JL24A000099");
  g_assert_cmpstr (((KioskStockCard *) cards->pdata[2])->serial, ==, "JL24A000100");
  g_assert_cmpstr (((KioskStockCard *) cards->pdata[3])->serial, ==, "JL24B0001");
  g_assert_cmpstr (((KioskStockCard *) cards->pdata[4])->serial, ==, "JL24B0002");
  g_assert_cmpint (((KioskStockCard *) cards->pdata[3])->batch, ==, batch2);

  /* Oldest batch first, lowest serial first. */
  first = kiosk_store_stock_take (store, session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "JL24A000098");
  second = kiosk_store_stock_take (store, session, &error);
  g_assert_cmpstr (second, ==, "JL24A000099");
  assert_counts (store, 3, 2, 0, 0, 0);

  card = kiosk_store_stock_get (store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->state, ==, KIOSK_CARD_IN_MACHINE);
  g_assert_cmpstr (card->session, ==, session);
  g_assert_cmpint (card->updated, ==, 1700000000);
  g_clear_pointer (&card, kiosk_stock_card_free);

  clock.now += 100;
  g_assert_true (kiosk_store_stock_mark_issued (store, first, &error));
  g_assert_true (kiosk_store_stock_mark_spoiled (store, second, "personalise: 6A82", &error));
  g_assert_no_error (error);
  assert_counts (store, 3, 0, 1, 1, 0);

  card = kiosk_store_stock_get (store, second, &error);
  g_assert_cmpint (card->state, ==, KIOSK_CARD_SPOILED);
  g_assert_cmpstr (card->reason, ==, "personalise: 6A82");
  g_assert_cmpint (card->updated, ==, 1700000100);

  g_clear_pointer (&cards, g_ptr_array_unref);
  cards = kiosk_store_stock_list (store, KIOSK_CARD_IN_STOCK, &error);
  g_assert_cmpuint (cards->len, ==, 3);

  /* Every change is in the card's history, which nobody can edit. */
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM card_events"), ==, 5 + 2 + 2);
  g_assert_cmpint (
      store_test_query_int (store, "SELECT count(*) FROM card_events WHERE serial = 'JL24A000099'"),
      ==, 3);

  /* The load was audited. */
  g_assert_cmpint (
      store_test_query_int (store, "SELECT count(*) FROM audit WHERE action = 'stock.load'"), ==,
      2);
}

static void
test_uncertain_and_confirm (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *session = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *serial = NULL;
  g_autoptr (KioskStockCard) card = NULL;

  g_assert_cmpint (kiosk_store_stock_load_batch (store, "C1", 2, "tech", &error), >, 0);
  serial = kiosk_store_stock_take (store, session, &error);
  g_assert_true (
      kiosk_store_stock_mark_uncertain (store, serial, "ejected, not confirmed", &error));
  assert_counts (store, 1, 0, 0, 0, 1);

  /* Only a technician's confirmation resolves it, with a name and a reason. */
  g_assert_false (kiosk_store_stock_mark_issued (store, serial, &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (kiosk_store_stock_confirm (store, serial, KIOSK_CARD_ISSUED, "", "x", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      kiosk_store_stock_confirm (store, serial, KIOSK_CARD_IN_STOCK, "tech", "x", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kiosk_store_stock_confirm (store, serial, KIOSK_CARD_ISSUED, "tech-07",
                                            "citizen holds the card", &error));
  g_assert_no_error (error);
  assert_counts (store, 1, 0, 1, 0, 0);
  card = kiosk_store_stock_get (store, serial, &error);
  g_assert_cmpstr (card->reason, ==, "confirmed by tech-07: citizen holds the card");
  g_assert_cmpint (store_test_query_int (store,
                                         "SELECT count(*) FROM audit WHERE action = 'stock.confirm'"
                                         " AND actor = 'tech-07'"),
                   ==, 1);

  /* Confirming twice is refused: the card is no longer uncertain. */
  g_assert_false (
      kiosk_store_stock_confirm (store, serial, KIOSK_CARD_SPOILED, "tech-07", "oops", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
}

static void
test_refusals (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *session = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *closed = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *serial = NULL;
  const char *bad_serials[] = { "",
                                "ABC",
                                "JL 0001",
                                "JL/0001",
                                "卡0001",
                                "123456789012345678901234567890123",
                                "X1234567890123456789" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad_serials); i++)
    {
      g_assert_cmpint (kiosk_store_stock_load_batch (store, bad_serials[i], 1, "tech", &error), ==,
                       0);
      g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "A1", 0, "tech", &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "A1", 10001, "tech", &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "A98", 3, "tech", &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID); /* past two digits */
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "A01", 1, NULL, &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* No stock yet. */
  g_assert_null (kiosk_store_stock_take (store, session, &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NO_STOCK);
  g_clear_error (&error);

  /* An overlapping batch is refused whole. */
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "B005", 5, "tech", &error), >, 0);
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "B001", 5, "tech", &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "B005"));
  g_clear_error (&error);
  assert_counts (store, 5, 0, 0, 0, 0);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM stock_batches"), ==, 1);

  /* Taking needs an open session. */
  g_assert_true (kiosk_store_session_close (store, closed, "cancelled", &error));
  g_assert_null (kiosk_store_stock_take (store, closed, &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_null (kiosk_store_stock_take (store, "nope", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* State changes from the wrong state, unknown cards, missing reasons. */
  g_assert_false (kiosk_store_stock_mark_issued (store, "B005", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "in_stock"));
  g_clear_error (&error);
  g_assert_false (kiosk_store_stock_mark_issued (store, "Z999", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  serial = kiosk_store_stock_take (store, session, &error);
  g_assert_false (kiosk_store_stock_mark_spoiled (store, serial, NULL, &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kiosk_store_stock_mark_spoiled (store, serial, "", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kiosk_store_stock_mark_issued (store, serial, &error));
  g_assert_false (kiosk_store_stock_mark_spoiled (store, serial, "after the fact", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE);
  g_clear_error (&error);
  assert_counts (store, 4, 0, 1, 0, 0);
}

/* Whoever writes SQL by hand cannot make a card disappear or jump states. */
static void
test_never_gone (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  KioskDb *db = kiosk_store_get_db (store);
  const char *forbidden[] = {
    "DELETE FROM cards",
    "DELETE FROM cards WHERE serial = 'S01'",
    "UPDATE cards SET serial = 'S99' WHERE serial = 'S01'",
    "UPDATE cards SET state = 'issued' WHERE serial = 'S03'",   /* skips the machine */
    "UPDATE cards SET state = 'in_stock' WHERE serial = 'S02'", /* back from the machine */
    "UPDATE cards SET state = 'lost' WHERE serial = 'S03'",
    "UPDATE cards SET state = 'spoiled' WHERE serial = 'S01'", /* without a reason */
    "DELETE FROM card_events",
    "UPDATE card_events SET to_state = 'in_stock'",
    "DROP TABLE nope", /* and garbage SQL is an error, not a crash */
  };
  g_autofree char *session = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *taken = NULL;
  gsize i;

  g_assert_cmpint (kiosk_store_stock_load_batch (store, "S01", 3, "tech", &error), >, 0);
  taken = kiosk_store_stock_take (store, session, &error);
  g_assert_cmpstr (taken, ==, "S01");
  g_assert_true (kiosk_db_exec (db,
                                "UPDATE cards SET state = 'in_machine', session_id = 1 "
                                "WHERE serial = 'S02'",
                                &error));
  for (i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_assert_false (kiosk_db_exec (db, forbidden[i], &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", forbidden[i], error->message);
      g_clear_error (&error);
    }
  assert_counts (store, 1, 2, 0, 0, 0);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM cards"), ==, 3);
}

/* Counts are derived: they equal the states of the cards, whatever path led there. */
static void
test_counts_derived (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *session = kiosk_store_session_begin (store, "green-channel", &error);
  int i;

  g_assert_cmpint (kiosk_store_stock_load_batch (store, "D0000", 50, "tech", &error), >, 0);
  for (i = 0; i < 20; i++)
    {
      g_autofree char *serial = kiosk_store_stock_take (store, session, &error);
      g_assert_no_error (error);
      if (i % 4 == 0)
        g_assert_true (kiosk_store_stock_mark_spoiled (store, serial, "print: jam", &error));
      else if (i % 4 == 1)
        g_assert_true (kiosk_store_stock_mark_uncertain (store, serial, "power cut", &error));
      else if (i % 4 == 2)
        g_assert_true (kiosk_store_stock_mark_issued (store, serial, &error));
    }
  assert_counts (store, 30, 5, 5, 5, 5);
  g_assert_cmpint (store_test_query_int (store, "SELECT sum(count) FROM stock_batches"), ==,
                   store_test_query_int (store, "SELECT count(*) FROM cards"));
  g_assert_cmpint (kiosk_card_state_from_string ("uncertain"), ==, KIOSK_CARD_UNCERTAIN);
  g_assert_cmpint (kiosk_card_state_from_string ("lost"), ==, -1);
  g_assert_cmpint (kiosk_card_state_from_string (NULL), ==, -1);
  g_assert_cmpstr (kiosk_card_state_to_string (KIOSK_CARD_IN_MACHINE), ==, "in_machine");
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/stock/load-and-take", test_load_and_take);
  g_test_add_func ("/stock/uncertain-and-confirm", test_uncertain_and_confirm);
  g_test_add_func ("/stock/refusals", test_refusals);
  g_test_add_func ("/stock/never-gone", test_never_gone);
  g_test_add_func ("/stock/counts-derived", test_counts_derived);

  return kiosk_test_run ();
}
