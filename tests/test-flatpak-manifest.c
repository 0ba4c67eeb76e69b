/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-flatpak-manifest"

#include <check.h>
#include <json-glib/json-glib.h>
#include <string.h>

static const char *manifest_path;

static JsonObject *
load_manifest (JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (json_parser_load_from_file (parser, manifest_path, &error),
                 "%s does not parse: %s", manifest_path, error ? error->message : "");
  ck_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *wanted)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), wanted) == 0)
      return TRUE;
  return FALSE;
}

START_TEST (test_identity_and_runtime)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = load_manifest (parser);

  ck_assert_str_eq (json_object_get_string_member (root, "id"), "io.github.cria.Cria");
  ck_assert_str_eq (json_object_get_string_member (root, "runtime"), "org.gnome.Platform");
  ck_assert_str_eq (json_object_get_string_member (root, "sdk"), "org.gnome.Sdk");
  ck_assert_str_eq (json_object_get_string_member (root, "command"), "cria");
  ck_assert_int_ge (g_ascii_strtoll (json_object_get_string_member (root, "runtime-version"), NULL, 10), 47);
}
END_TEST

START_TEST (test_finish_args)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *args = json_object_get_array_member (load_manifest (parser), "finish-args");

  ck_assert (array_has_string (args, "--share=network"));
  ck_assert (array_has_string (args, "--socket=wayland"));
  ck_assert (array_has_string (args, "--socket=fallback-x11"));
  ck_assert (array_has_string (args, "--device=dri"));
}
END_TEST

/* libraw and cfitsio come from upstream tarballs pinned by sha256; the app itself is last. */
START_TEST (test_modules)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *modules = json_object_get_array_member (load_manifest (parser), "modules");
  guint n = json_array_get_length (modules);
  gboolean have_libraw = FALSE, have_cfitsio = FALSE;

  ck_assert_uint_ge (n, 3);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      const char *name = json_object_get_string_member (module, "name");
      JsonArray *sources = json_object_get_array_member (module, "sources");
      JsonObject *source = json_array_get_object_element (sources, 0);

      if (g_str_equal (name, "libraw") || g_str_equal (name, "cfitsio"))
        {
          const char *sha = json_object_get_string_member (source, "sha256");
          const char *url = json_object_get_string_member (source, "url");

          ck_assert_str_eq (json_object_get_string_member (source, "type"), "archive");
          ck_assert (g_str_has_prefix (url, "https://"));
          ck_assert_uint_eq (strlen (sha), 64);
          for (const char *c = sha; *c; c++)
            ck_assert (g_ascii_isxdigit (*c) && !g_ascii_isupper (*c));
          have_libraw |= g_str_equal (name, "libraw");
          have_cfitsio |= g_str_equal (name, "cfitsio");
        }
    }
  ck_assert (have_libraw && have_cfitsio);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (modules, n - 1), "name"), "cria");
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("flatpak-manifest");
  TCase *tc = tcase_create ("manifest");
  SRunner *runner;
  int failed;

  g_assert (argc == 2);
  manifest_path = argv[1];

  tcase_add_test (tc, test_identity_and_runtime);
  tcase_add_test (tc, test_finish_args);
  tcase_add_test (tc, test_modules);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
