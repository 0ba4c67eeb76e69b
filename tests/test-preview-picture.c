/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-preview-picture"

#include <check.h>
#include <gtk/gtk.h>

#include "cria-paintable.h"
#include "cria-preview.h"

/* An RGGB frame of one colour: red sites at full scale, green at half, blue at zero. */
static CriaFrame *
red_frame (guint width,
           guint height)
{
  g_autoptr(GError) error = NULL;
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, width, height, 1, &error);
  guint x, y;

  ck_assert (frame != NULL);
  for (y = 0; y < height; y++)
    {
      guint16 *row = (guint16 *) (frame->data + y * frame->stride);

      for (x = 0; x < width; x++)
        row[x] = (x & 1) == 0 && (y & 1) == 0 ? 65535
                 : (x & 1) == 1 && (y & 1) == 1 ? 0 : 32896;
    }
  frame->info.fields = CRIA_FRAME_INFO_SENSOR;
  frame->info.sensor_type = CRIA_SENSOR_RGGB;
  return frame;
}

static gboolean
shown (CriaPaintable *paintable)
{
  return cria_paintable_get_texture (paintable) != NULL;
}

/* The preview's paintable in a GtkPicture: the picture takes the frame's size, and
 * GTK's renderer draws the pooled RGB8 texture with the frame's colour. */
START_TEST (test_picture_shows_frame)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autoptr(CriaFrame) frame = red_frame (160, 120);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) rendered = NULL;
  CriaPaintable *paintable = CRIA_PAINTABLE (cria_preview_get_paintable (preview));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (paintable));
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GskRenderer *renderer;
  guint8 pixel[80 * 60 * 4];
  int natural;

  /* A linear stretch, so the colour on screen is the frame's. */
  cria_preview_set_stretch_mode (preview, CRIA_STRETCH_MODE_MANUAL);
  gtk_window_set_child (GTK_WINDOW (window), picture);
  gtk_window_present (GTK_WINDOW (window));
  ck_assert (cria_preview_push_frame (preview, frame));
  while (!shown (paintable) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ck_assert (shown (paintable));

  gtk_widget_measure (picture, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  ck_assert_int_eq (natural, 80);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (GDK_PAINTABLE (paintable), snapshot, 80, 60);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  ck_assert (node != NULL);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  ck_assert (renderer != NULL);
  rendered = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 80, 60));
  gdk_texture_download (rendered, pixel, 80 * 4);
  /* B, G, R, A in memory. */
  ck_assert_int_le (pixel[0], 2);
  ck_assert_int_le (ABS (pixel[1] - 128), 2);
  ck_assert_int_ge (pixel[2], 253);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("preview-picture");
  TCase *tc = tcase_create ("picture");
  SRunner *runner;
  int failed;

  gtk_init ();
  tcase_add_test (tc, test_picture_shows_frame);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  /* GTK keeps its display connection: no fork after gtk_init (). */
  srunner_set_fork_status (runner, CK_NOFORK);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
