/* test-catalog.c — the form's lists, loaded from the real data files and from broken copies */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "form-test-util.h"
#include "kiosk-catalog.h"
#include "kiosk-paths.h"

static const char *const data_files[] = {
  "banks.ini",         "windows.ini",  "occupations.ini",     "industries.ini",
  "ethnic-groups.ini", "id-types.ini", "household-types.ini", "regions.ini",
};

/* ---- the shipped data -------------------------------------------------- */

static void
test_banks (void)
{
  /* R5, in the order of the form. */
  static const char *const keys[] = { "icbc", "abc", "boc", "ccb", "bocom", "psbc", "jlbank" };
  static const char *const names[]
      = { "工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "邮储银行", "吉林银行" };
  g_autoptr (KioskCatalog) catalog = form_test_catalog ();
  GPtrArray *banks = kiosk_catalog_get_banks (catalog);
  guint i;

  g_assert_cmpuint (banks->len, ==, 7);
  for (i = 0; i < banks->len; i++)
    {
      const KioskBank *bank = g_ptr_array_index (banks, i);
      g_assert_cmpstr (bank->key, ==, keys[i]);
      g_assert_cmpstr (bank->name, ==, names[i]);
      g_assert_nonnull (bank->full_name);
      g_assert_true (kiosk_catalog_lookup_bank (catalog, keys[i]) == bank);
      g_assert_true (kiosk_catalog_lookup_bank (catalog, names[i]) == bank);
      g_assert_true (kiosk_catalog_lookup_bank (catalog, bank->full_name) == bank);
      /* Every bank has a window to pick the card up at (R16). */
      g_assert_nonnull (kiosk_catalog_window_for_bank (catalog, bank->key));
    }
  g_assert_cmpstr (kiosk_catalog_lookup_bank (catalog, "中国邮政储蓄银行")->key, ==, "psbc");
  g_assert_null (kiosk_catalog_lookup_bank (catalog, "hsbc"));
  g_assert_null (kiosk_catalog_lookup_bank (catalog, ""));
  g_assert_null (kiosk_catalog_lookup_bank (catalog, NULL));
}

static void
test_windows (void)
{
  /* 附件2, as restated in RULES.md. */
  static const struct
  {
    const char *bank, *name, *address_part, *phone;
  } expected[] = {
    { "bocom", "交通银行", "人民大街3515号", "0431-85570725" },
    { "jlbank", "吉林银行汇达支行", "西民主大街809号", "0431-88566669" },
    { "ccb", "建设银行人民广场支行", "人民大街2218号", "0431-80838242" },
    { "icbc", "工商银行南大街支行", "大马路1966号", "0431-88622067" },
    { "psbc", "邮储银行浦东路支行", "浦东路与深圳街交汇", "0431-84653430" },
    { "boc", "中国银行南部新城支行营业部", "幸福街1788号", "0431-81871999" },
    { "abc", "农业银行黄埔支行", "亚泰大街7499号", "0431-81959029" },
  };
  g_autoptr (KioskCatalog) catalog = form_test_catalog ();
  GPtrArray *windows = kiosk_catalog_get_windows (catalog);
  guint i;

  g_assert_cmpuint (windows->len, ==, G_N_ELEMENTS (expected));
  for (i = 0; i < windows->len; i++)
    {
      const KioskWindow *w = g_ptr_array_index (windows, i);
      g_assert_cmpstr (w->bank_key, ==, expected[i].bank);
      g_assert_cmpstr (w->name, ==, expected[i].name);
      g_assert_nonnull (strstr (w->address, expected[i].address_part));
      g_assert_cmpstr (w->phone, ==, expected[i].phone);
      g_assert_cmpstr (w->city, ==, "长春市");
      g_assert_true (kiosk_catalog_lookup_window (catalog, w->key) == w);
      g_assert_true (kiosk_catalog_window_for_bank (catalog, w->bank_key) == w);
    }
  g_assert_null (kiosk_catalog_lookup_window (catalog, "nowhere"));
  g_assert_null (kiosk_catalog_lookup_window (catalog, NULL));
  g_assert_null (kiosk_catalog_window_for_bank (catalog, "hsbc"));
}

static void
test_lists (void)
{
  g_autoptr (KioskCatalog) catalog = form_test_catalog ();
  GPtrArray *list;
  const KioskCatalogEntry *entry;
  guint i;

  /* 附件1: 13 occupations, the industries as printed on the form (28 boxes). */
  list = kiosk_catalog_get_list (catalog, KIOSK_CATALOG_OCCUPATIONS);
  g_assert_cmpuint (list->len, ==, 13);
  g_assert_cmpstr (((KioskCatalogEntry *) list->pdata[0])->name, ==, "公务员");
  g_assert_cmpstr (((KioskCatalogEntry *) list->pdata[12])->name, ==, "无职业");
  list = kiosk_catalog_get_list (catalog, KIOSK_CATALOG_INDUSTRIES);
  g_assert_cmpuint (list->len, ==, 28);
  g_assert_cmpstr (((KioskCatalogEntry *) list->pdata[0])->name, ==, "未知");
  g_assert_cmpstr (((KioskCatalogEntry *) list->pdata[27])->name, ==, "农林牧渔");
  list = kiosk_catalog_get_list (catalog, KIOSK_CATALOG_HOUSEHOLD_TYPES);
  g_assert_cmpuint (list->len, ==, 2);

  /* GB 3304: 01–56 without a gap, then 97 and 98. */
  list = kiosk_catalog_get_list (catalog, KIOSK_CATALOG_ETHNIC_GROUPS);
  g_assert_cmpuint (list->len, ==, 58);
  for (i = 0; i < 56; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i + 1);
      g_assert_cmpstr (((KioskCatalogEntry *) list->pdata[i])->key, ==, code);
      g_assert_true (g_str_has_suffix (((KioskCatalogEntry *) list->pdata[i])->name, "族"));
    }
  g_assert_cmpstr (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, "97")->name, ==,
                   "其他");
  g_assert_cmpstr (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, "98")->name, ==,
                   "外国血统");
  entry = kiosk_catalog_lookup_name (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, "朝鲜族");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->key, ==, "10");

  /* GB/T 2260: the 34 province-level prefixes, plus 83 of the Taiwan
   * residents' residence permits. */
  list = kiosk_catalog_get_list (catalog, KIOSK_CATALOG_REGIONS);
  g_assert_cmpuint (list->len, ==, 35);
  g_assert_cmpstr (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_REGIONS, "22")->name, ==, "吉林省");
  g_assert_nonnull (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_REGIONS, "83"));
  g_assert_null (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_REGIONS, "16"));
  g_assert_null (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_REGIONS, NULL));
  g_assert_null (kiosk_catalog_lookup_name (catalog, KIOSK_CATALOG_REGIONS, NULL));
}

static void
test_id_types (void)
{
  g_autoptr (KioskCatalog) catalog = form_test_catalog ();
  GPtrArray *types = kiosk_catalog_get_id_types (catalog);
  const KioskIdType *type;

  g_assert_cmpuint (types->len, ==, 10);
  type = kiosk_catalog_lookup_id_type (catalog, "身份证");
  g_assert_nonnull (type);
  g_assert_cmpstr (type->key, ==, "resident-id");
  g_assert_cmpint (type->number, ==, KIOSK_ID_NUMBER_GB11643);
  g_assert_false (type->latin_name);
  type = kiosk_catalog_lookup_id_type (catalog, "foreign-permanent-residence");
  g_assert_nonnull (type);
  g_assert_cmpstr (type->name, ==, "外国人永久居留证");
  g_assert_cmpint (type->number, ==, KIOSK_ID_NUMBER_OTHER);
  g_assert_true (type->latin_name);
  g_assert_null (kiosk_catalog_lookup_id_type (catalog, "驾驶证"));
}

static void
test_default_and_refcount (void)
{
  g_autoptr (GError) error = NULL;
  KioskCatalog *a = kiosk_catalog_get_default (&error);
  KioskCatalog *b;

  g_assert_no_error (error);
  g_assert_nonnull (a);
  b = kiosk_catalog_get_default (&error);
  g_assert_true (a == b);
  g_assert_cmpstr (kiosk_catalog_get_data_dir (a), ==, kiosk_paths_data_dir ());
  g_assert_true (kiosk_catalog_ref (a) == a);
  kiosk_catalog_unref (a);
  kiosk_catalog_unref (a);
  kiosk_catalog_unref (b);
}

/* ---- broken copies ----------------------------------------------------- */

typedef struct
{
  char *dir;
} Fixture;

static void
copy_data (Fixture *fx, gconstpointer user_data)
{
  guint i;

  fx->dir = g_dir_make_tmp ("form-catalog-XXXXXX", NULL);
  g_assert_nonnull (fx->dir);
  for (i = 0; i < G_N_ELEMENTS (data_files); i++)
    {
      g_autofree char *src = kiosk_paths_data_file (data_files[i]);
      g_autofree char *dst = g_build_filename (fx->dir, data_files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, len, NULL));
    }
}

static void
remove_data (Fixture *fx, gconstpointer user_data)
{
  g_autoptr (GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static void
write_file (Fixture *fx, const char *name, const char *contents, gssize len)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static void
append_file (Fixture *fx, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *joined = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  joined = g_strconcat (contents, text, NULL);
  write_file (fx, name, joined, -1);
}

/* Loads the copy and expects `code` with `file` and `detail` in the message. */
static void
expect_failure (Fixture *fx, int code, const char *file, const char *detail)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCatalog) catalog = kiosk_catalog_load (fx->dir, &error);

  g_assert_null (catalog);
  g_assert_error (error, KIOSK_CATALOG_ERROR, code);
  {
    g_autofree char *shown = form_test_printable (error->message);
    g_test_message ("%s", shown);
  }
  g_assert_nonnull (strstr (error->message, file));
  if (detail != NULL)
    g_assert_nonnull (strstr (error->message, detail));
}

static void
test_copy_loads (Fixture *fx, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCatalog) catalog = kiosk_catalog_load (fx->dir, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_catalog_get_data_dir (catalog), ==, fx->dir);
}

static void
test_technician_adds_window (Fixture *fx, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCatalog) catalog = NULL;
  const KioskWindow *w;

  /* A technician's edit: a new window with its phone typed carelessly. */
  append_file (fx, "windows.ini",
               "\n[jlbank-test]\nbank=jlbank\nname=吉林银行测试支行\naddress=测试路1号\n"
               "phone=(0431) 8123 4567\n");
  catalog = kiosk_catalog_load (fx->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_catalog_get_windows (catalog)->len, ==, 8);
  w = kiosk_catalog_lookup_window (catalog, "jlbank-test");
  g_assert_nonnull (w);
  g_assert_cmpstr (w->phone, ==, "0431-81234567");
  g_assert_cmpstr (w->city, ==, "");
  /* The first window of a bank stays its pickup window. */
  g_assert_cmpstr (kiosk_catalog_window_for_bank (catalog, "jlbank")->key, ==, "jlbank-huida");
}

static void
test_missing_file (Fixture *fx, gconstpointer user_data)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (data_files); i++)
    {
      g_autofree char *path = g_build_filename (fx->dir, data_files[i], NULL);
      g_autofree char *saved = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &saved, &len, NULL));
      g_assert_cmpint (g_unlink (path), ==, 0);
      expect_failure (fx, KIOSK_CATALOG_ERROR_NOT_FOUND, data_files[i], NULL);
      /* A directory where the file should be. */
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      expect_failure (fx, KIOSK_CATALOG_ERROR_NOT_FOUND, data_files[i], NULL);
      g_assert_cmpint (g_rmdir (path), ==, 0);
      write_file (fx, data_files[i], saved, len);
    }
}

static void
test_missing_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCatalog) catalog = kiosk_catalog_load ("/nonexistent/sskiosk", &error);

  g_assert_null (catalog);
  g_assert_error (error, KIOSK_CATALOG_ERROR, KIOSK_CATALOG_ERROR_NOT_FOUND);
}

static void
test_garbage_files (Fixture *fx, gconstpointer user_data)
{
  static const char binary[] = "\x7f"
                               "ELF\x02\x01\x01\0\0\0[\xff\xfe]";
  guint i;

  for (i = 0; i < G_N_ELEMENTS (data_files); i++)
    {
      g_autofree char *path = g_build_filename (fx->dir, data_files[i], NULL);
      g_autofree char *saved = NULL;
      g_autofree char *huge = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &saved, &len, NULL));

      write_file (fx, data_files[i], "this is not a key file\n[[[\n", -1);
      expect_failure (fx, KIOSK_CATALOG_ERROR_PARSE, data_files[i], NULL);

      write_file (fx, data_files[i], binary, sizeof binary - 1);
      expect_failure (fx, KIOSK_CATALOG_ERROR_INVALID, data_files[i], "UTF-8");

      write_file (fx, data_files[i], "\xc3\x28=\xff\n", -1);
      expect_failure (fx, KIOSK_CATALOG_ERROR_INVALID, data_files[i], "UTF-8");

      write_file (fx, data_files[i], "", 0);
      expect_failure (fx, KIOSK_CATALOG_ERROR_INVALID, data_files[i], NULL);

      write_file (fx, data_files[i], "# only a comment\n", -1);
      expect_failure (fx, KIOSK_CATALOG_ERROR_INVALID, data_files[i], NULL);

      huge = g_strnfill (2 * 1024 * 1024, '#');
      write_file (fx, data_files[i], huge, -1);
      expect_failure (fx, KIOSK_CATALOG_ERROR_INVALID, data_files[i], "larger");

      write_file (fx, data_files[i], saved, len);
    }
}

static void
test_bad_entries (Fixture *fx, gconstpointer user_data)
{
  static const struct
  {
    const char *file;
    const char *contents;
    const char *detail;
  } cases[] = {
    /* windows.ini: what a technician may get wrong */
    { "windows.ini", "[w]\nbank=hsbc\nname=某银行\naddress=某路1号\nphone=0431-85570725\n",
      "hsbc" },
    { "windows.ini", "[w]\nbank=工商银行\nname=某银行\naddress=某路1号\nphone=0431-85570725\n",
      "工商银行" },
    { "windows.ini", "[w]\nbank=icbc\nname=某银行\naddress=某路1号\nphone=85570725\n", "phone" },
    { "windows.ini", "[w]\nbank=icbc\nname=某银行\naddress=某路1号\n", "phone" },
    { "windows.ini", "[w]\nbank=icbc\nname=某银行\nadress=某路1号\nphone=0431-85570725\n",
      "adress" },
    { "windows.ini", "[w]\nbank=icbc\nname=\naddress=某路1号\nphone=0431-85570725\n", "name" },
    { "windows.ini", "[Window One]\nbank=icbc\nname=某\naddress=某路1号\nphone=0431-85570725\n",
      "Window One" },
    /* banks.ini */
    { "banks.ini", "[icbc]\nfull_name=中国工商银行\n", "name" },
    { "banks.ini", "[icbc]\nname=工商银行\n[abc]\nname=工商银行\n", "工商银行" },
    { "banks.ini", "[icbc]\nname=工商银行\nlogo=icbc.png\n", "logo" },
    /* id-types.ini */
    { "id-types.ini", "[resident-id]\nname=身份证\nnumber=luhn\n", "number" },
    { "id-types.ini", "[resident-id]\nname=身份证\nnumber=gb11643\nlatin_name=perhaps\n",
      "latin_name" },
    { "id-types.ini", "[passport]\nname=护照\nnumber=other\n", "resident-id" },
    /* simple lists */
    { "ethnic-groups.ini", "[ethnic-groups]\n1=汉族\n", "'1'" },
    { "ethnic-groups.ini", "[ethnic-groups]\n01=汉族\n02=汉族\n", "汉族" },
    { "ethnic-groups.ini", "[ethnic-groups]\n01=\n", "empty" },
    { "ethnic-groups.ini", "[ethnic]\n01=汉族\n", "[ethnic]" },
    { "regions.ini", "[regions]\n", "empty" },
    { "regions.ini", "[regions]\n22=吉林省\n[extra]\n99=火星\n", "[extra]" },
    { "occupations.ini", "[occupations]\nCivil Servant=公务员\n", "Civil Servant" },
    { "industries.ini", "[industries]\nunknown=未知\nmining=采矿\\\n", "mining" },
    { "industries.ini", "[industries]\nunknown=未知\nmining=\\xq\n", "mining" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (fx->dir, cases[i].file, NULL);
      g_autofree char *saved = NULL;
      gsize len;

      g_autofree char *shown = form_test_printable (cases[i].contents);

      g_test_message ("%s: %s", cases[i].file, shown);
      g_assert_true (g_file_get_contents (path, &saved, &len, NULL));
      write_file (fx, cases[i].file, cases[i].contents, -1);
      expect_failure (fx, KIOSK_CATALOG_ERROR_INVALID, cases[i].file, cases[i].detail);
      write_file (fx, cases[i].file, saved, len);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/banks", test_banks);
  g_test_add_func ("/catalog/windows", test_windows);
  g_test_add_func ("/catalog/lists", test_lists);
  g_test_add_func ("/catalog/id-types", test_id_types);
  g_test_add_func ("/catalog/default-and-refcount", test_default_and_refcount);
  g_test_add_func ("/catalog/missing-dir", test_missing_dir);
  g_test_add ("/catalog/copy-loads", Fixture, NULL, copy_data, test_copy_loads, remove_data);
  g_test_add ("/catalog/technician-adds-window", Fixture, NULL, copy_data,
              test_technician_adds_window, remove_data);
  g_test_add ("/catalog/missing-file", Fixture, NULL, copy_data, test_missing_file, remove_data);
  g_test_add ("/catalog/garbage-files", Fixture, NULL, copy_data, test_garbage_files, remove_data);
  g_test_add ("/catalog/bad-entries", Fixture, NULL, copy_data, test_bad_entries, remove_data);

  return g_test_run ();
}
