/* test-settings.c — settings: get with a default, set, unset, audited, garbage refused */
#include "config.h"

#include "kiosk-db.h"
#include "kiosk-store.h"
#include "store-test-util.h"

static void
test_get_set (void)
{
  g_autofree char *dir = NULL;
  g_autoptr (KioskStore) store = store_test_open (&dir, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *value = NULL;
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);

  value = kiosk_store_setting_get (store, "retention_days", "30", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "30");
  g_clear_pointer (&value, g_free);
  value = kiosk_store_setting_get (store, "absent", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (value);

  g_assert_true (kiosk_store_setting_set (store, "retention_days", "14", "tech-01", &error));
  g_assert_true (kiosk_store_setting_set (store, "operator.pin_hash", "secret", "tech-01", &error));
  g_assert_true (kiosk_store_setting_set (store, "retention_days", "7", "tech-02", &error));
  g_assert_no_error (error);
  value = kiosk_store_setting_get (store, "retention_days", "30", &error);
  g_assert_cmpstr (value, ==, "7");
  g_clear_pointer (&value, g_free);

  /* Survives a reopen. */
  g_clear_object (&store);
  store = kiosk_store_open (path, NULL, NULL, &error);
  g_assert_no_error (error);
  value = kiosk_store_setting_get (store, "retention_days", "30", &error);
  g_assert_cmpstr (value, ==, "7");
  g_clear_pointer (&value, g_free);

  /* Unset: back to the default. */
  g_assert_true (kiosk_store_setting_set (store, "retention_days", NULL, "tech-02", &error));
  value = kiosk_store_setting_get (store, "retention_days", "30", &error);
  g_assert_cmpstr (value, ==, "30");

  /* Audited: who changed which key — never the value. */
  entries = kiosk_store_audit_list (store, 10, &error);
  g_assert_cmpuint (entries->len, ==, 4);
  g_assert_cmpstr (((KioskAuditEntry *) entries->pdata[0])->action, ==, "setting.unset");
  g_assert_cmpstr (((KioskAuditEntry *) entries->pdata[1])->actor, ==, "tech-02");
  g_assert_cmpstr (((KioskAuditEntry *) entries->pdata[2])->detail, ==, "operator.pin_hash");
  g_assert_cmpint (
      store_test_query_int (store, "SELECT count(*) FROM audit WHERE detail LIKE '%secret%'"), ==,
      0);
}

static void
test_garbage (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  const char *bad_keys[] = { "", "has space", "bad\xff", "semi;colon" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_autofree char *value = kiosk_store_setting_get (store, bad_keys[i], "d", &error);
      g_assert_null (value);
      g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (kiosk_store_setting_set (store, bad_keys[i], "v", "tech", &error));
      g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (kiosk_store_setting_set (store, "k", "\xff\xfe", "tech", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kiosk_store_setting_set (store, "k", "v", NULL, &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM settings"), ==, 0);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM audit"), ==, 0);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/settings/get-set", test_get_set);
  g_test_add_func ("/settings/garbage", test_garbage);

  return kiosk_test_run ();
}
