/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-client.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-client-private.h"

#define USER_AGENT "Cria/" CRIA_VERSION
#define ACCEPT_JSON "application/json"
#define ACCEPT_IMAGE "application/imagebytes, application/json"
/* One-off downloads keep little; a live loop brings a pool of its own. */
#define CLIENT_POOL_MAX_IDLE 2

struct _CriaClient
{
  GObject      parent_instance;

  char        *base_url;
  /* "host:port" for error messages. */
  char        *server;
  SoupSession *session;
  double       timeout;
  double       image_timeout;
  /* Made on first use unless set. */
  CriaFramePool *frame_pool;
  /* The last ClientTransactionID handed out; atomic. */
  int          transaction_id;
};

G_DEFINE_FINAL_TYPE (CriaClient, cria_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_TIMEOUT,
  PROP_IMAGE_TIMEOUT,
  PROP_FRAME_POOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
describe_server (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *host;
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (base_url);

  host = g_uri_get_host (uri);
  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);
  return g_strdup_printf ("%s:%d", host, port);
}

static void
cria_client_constructed (GObject *object)
{
  CriaClient *self = CRIA_CLIENT (object);
  gsize length;

  G_OBJECT_CLASS (cria_client_parent_class)->constructed (object);

  if (self->base_url == NULL)
    self->base_url = g_strdup ("");

  /* Paths are joined with a slash of their own. */
  length = strlen (self->base_url);
  while (length > 0 && self->base_url[length - 1] == '/')
    self->base_url[--length] = '\0';

  self->server = describe_server (self->base_url);
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT, NULL);
}

static void
cria_client_finalize (GObject *object)
{
  CriaClient *self = CRIA_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->frame_pool);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->server, g_free);

  G_OBJECT_CLASS (cria_client_parent_class)->finalize (object);
}

static void
cria_client_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CriaClient *self = CRIA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TIMEOUT:
      g_value_set_double (value, self->timeout);
      break;
    case PROP_IMAGE_TIMEOUT:
      g_value_set_double (value, self->image_timeout);
      break;
    case PROP_FRAME_POOL:
      g_value_set_object (value, cria_client_get_frame_pool (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_client_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CriaClient *self = CRIA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_TIMEOUT:
      cria_client_set_timeout (self, g_value_get_double (value));
      break;
    case PROP_IMAGE_TIMEOUT:
      cria_client_set_image_timeout (self, g_value_get_double (value));
      break;
    case PROP_FRAME_POOL:
      cria_client_set_frame_pool (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_client_class_init (CriaClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cria_client_constructed;
  object_class->finalize = cria_client_finalize;
  object_class->get_property = cria_client_get_property;
  object_class->set_property = cria_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Seconds a property call may take before it fails as timed out. */
  properties[PROP_TIMEOUT] =
    g_param_spec_double ("timeout", NULL, NULL, 0.001, G_MAXDOUBLE, CRIA_CLIENT_DEFAULT_TIMEOUT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* The same for imagearray, which may carry hundreds of megabytes. */
  properties[PROP_IMAGE_TIMEOUT] =
    g_param_spec_double ("image-timeout", NULL, NULL, 0.001, G_MAXDOUBLE,
                         CRIA_CLIENT_DEFAULT_IMAGE_TIMEOUT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Where ImageBytes replies get their buffers. */
  properties[PROP_FRAME_POOL] =
    g_param_spec_object ("frame-pool", NULL, NULL, CRIA_TYPE_FRAME_POOL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cria_client_init (CriaClient *self)
{
  self->timeout = CRIA_CLIENT_DEFAULT_TIMEOUT;
  self->image_timeout = CRIA_CLIENT_DEFAULT_IMAGE_TIMEOUT;
}

CriaClient *
cria_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (CRIA_TYPE_CLIENT, "base-url", base_url, NULL);
}

CriaClient *
cria_client_new_for_host (const char *host,
                          guint16     port)
{
  g_autofree char *base_url = NULL;

  g_return_val_if_fail (host != NULL, NULL);

  if (strchr (host, ':') != NULL && host[0] != '[')
    {
      /* A zone as in fe80::1%eth0 must be escaped inside a URL. */
      g_auto(GStrv) parts = g_strsplit (host, "%", 2);

      if (parts[1] != NULL)
        base_url = g_strdup_printf ("http://[%s%%25%s]:%u", parts[0], parts[1], port);
      else
        base_url = g_strdup_printf ("http://[%s]:%u", host, port);
    }
  else
    base_url = g_strdup_printf ("http://%s:%u", host, port);

  return cria_client_new (base_url);
}

const char *
cria_client_get_base_url (CriaClient *self)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), NULL);

  return self->base_url;
}

SoupSession *
cria_client_get_session (CriaClient *self)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), NULL);

  return self->session;
}

guint32
cria_client_get_client_id (void)
{
  static gsize initialized = 0;
  static guint32 client_id;

  /* The reference asks for small numbers so that server logs stay readable. */
  if (g_once_init_enter (&initialized))
    {
      client_id = (guint32) g_random_int_range (1, 65536);
      g_once_init_leave (&initialized, 1);
    }

  return client_id;
}

guint32
cria_client_next_transaction_id (CriaClient *self)
{
  guint32 id;

  g_return_val_if_fail (CRIA_IS_CLIENT (self), 0);

  /* 0 means "none" to servers, so skip it when the counter wraps. */
  do
    id = (guint32) g_atomic_int_add (&self->transaction_id, 1) + 1;
  while (id == 0);

  return id;
}

double
cria_client_get_timeout (CriaClient *self)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), 0.0);

  return self->timeout;
}

void
cria_client_set_timeout (CriaClient *self,
                         double      seconds)
{
  g_return_if_fail (CRIA_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

double
cria_client_get_image_timeout (CriaClient *self)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), 0.0);

  return self->image_timeout;
}

void
cria_client_set_image_timeout (CriaClient *self,
                               double      seconds)
{
  g_return_if_fail (CRIA_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->image_timeout == seconds)
    return;

  self->image_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_TIMEOUT]);
}

CriaFramePool *
cria_client_get_frame_pool (CriaClient *self)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), NULL);

  if (self->frame_pool == NULL)
    self->frame_pool = cria_frame_pool_new (CLIENT_POOL_MAX_IDLE);
  return self->frame_pool;
}

void
cria_client_set_frame_pool (CriaClient    *self,
                            CriaFramePool *pool)
{
  g_return_if_fail (CRIA_IS_CLIENT (self));
  g_return_if_fail (pool == NULL || CRIA_IS_FRAME_POOL (pool));

  if (self->frame_pool == pool)
    return;

  g_set_object (&self->frame_pool, pool);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_POOL]);
}

static void
append_form_field (GString    *form,
                   const char *name,
                   const char *value)
{
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_uri_escaped (form, name, NULL, FALSE);
  g_string_append_c (form, '=');
  g_string_append_uri_escaped (form, value, NULL, FALSE);
}

static gboolean
check_params (const char * const  *params,
              GError             **error)
{
  gsize i;

  for (i = 0; params != NULL && params[i] != NULL; i += 2)
    {
      if (params[i + 1] == NULL)
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST,
                       _("Parameter %s has no value"), params[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* Builds the message with our IDs and headers, and hands it to the request plumbing.
 * params are name/value pairs, already in the form they go on the wire. */
static void
client_send (CriaClient          *self,
             CriaHttpMethod       method,
             const char          *path,
             const char * const  *params,
             CriaReplyKind        kind,
             CriaValueType        expected,
             double               timeout,
             const CriaImageOptions *image,
             GTask               *task)
{
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *transaction_text = NULL;
  SoupMessageHeaders *headers;
  guint32 transaction_id;
  gsize i;

  for (i = 0; params != NULL && params[i] != NULL; i += 2)
    append_form_field (form, params[i], params[i + 1]);

  transaction_id = cria_client_next_transaction_id (self);
  id_text = g_strdup_printf ("%u", cria_client_get_client_id ());
  transaction_text = g_strdup_printf ("%u", transaction_id);
  append_form_field (form, "ClientID", id_text);
  append_form_field (form, "ClientTransactionID", transaction_text);

  while (*path == '/')
    path++;

  if (method == CRIA_HTTP_GET)
    {
      url = g_strconcat (self->base_url, "/", path, "?", form->str, NULL);
      message = soup_message_new (SOUP_METHOD_GET, url);
    }
  else
    {
      url = g_strconcat (self->base_url, "/", path, NULL);
      message = soup_message_new (SOUP_METHOD_PUT, url);
    }

  if (message == NULL)
    {
      g_task_return_new_error (task, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST,
                               _("Cannot build a request for %s"), url);
      g_object_unref (task);
      return;
    }

  if (method == CRIA_HTTP_PUT)
    {
      g_autoptr(GBytes) body = g_string_free_to_bytes (g_steal_pointer (&form));

      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
    }

  /* Alpaca answers with 200 or an error; a redirect would only hide the real status. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (message);
  if (kind == CRIA_REPLY_IMAGE)
    {
      soup_message_headers_replace (headers, "Accept", ACCEPT_IMAGE);
      /* Pixels compress poorly and the buffer is sized by Content-Length. */
      soup_message_disable_feature (message, SOUP_TYPE_CONTENT_DECODER);
    }
  else
    soup_message_headers_replace (headers, "Accept", ACCEPT_JSON);

  if (timeout <= 0)
    timeout = kind == CRIA_REPLY_IMAGE ? self->image_timeout : self->timeout;

  cria_request_send (self->session, message, self->server, transaction_id, kind, expected,
                     timeout, image, task);
}

void
cria_client_call_async (CriaClient          *self,
                        CriaHttpMethod       method,
                        const char          *path,
                        const char * const  *params,
                        CriaValueType        expected,
                        double               timeout,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (CRIA_IS_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_client_call_async);

  if (!check_params (params, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  client_send (self, method, path, params, CRIA_REPLY_JSON, expected, timeout, NULL,
               g_steal_pointer (&task));
}

JsonNode *
cria_client_call_finish (CriaClient    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_client_call_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Doubles go out in the shortest form that reads back exactly, so 1.5 stays "1.5". */
static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  static const char * const formats[] = { "%.15g", "%.16g" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return g_strdup (buffer);
    }

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

/* Parses a caller's value by the parameter's type and returns its wire form. */
static char *
format_param (const CriaMember     *member,
              const CriaParamSpec  *spec,
              const char           *value,
              GError              **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  char *end = NULL;

  switch (spec->type)
    {
    case CRIA_VALUE_BOOL:
      /* The reference spells booleans true and false; servers accept any casing. */
      if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
        return g_strdup ("true");
      if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
        return g_strdup ("false");
      break;

    case CRIA_VALUE_INT:
      {
        gint64 number;

        errno = 0;
        number = g_ascii_strtoll (text, &end, 10);
        if (*text != '\0' && *end == '\0' && errno == 0
            && number >= G_MININT32 && number <= G_MAXINT32)
          return g_strdup_printf ("%" G_GINT64_FORMAT, number);
      }
      break;

    case CRIA_VALUE_DOUBLE:
      {
        double number;

        number = g_ascii_strtod (text, &end);
        if (*text != '\0' && *end == '\0' && isfinite (number))
          return format_double (number);
      }
      break;

    case CRIA_VALUE_NONE:
    case CRIA_VALUE_STRING:
    case CRIA_VALUE_STRING_LIST:
    case CRIA_VALUE_INT_LIST:
    case CRIA_VALUE_AXIS_RATES:
    case CRIA_VALUE_DEVICE_STATE:
    case CRIA_VALUE_IMAGE:
    case CRIA_VALUE_OBJECT:
    case CRIA_VALUE_OBJECT_LIST:
    default:
      /* Strings go out exactly as given, spaces included. */
      return g_strdup (value);
    }

  g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST,
               spec->type == CRIA_VALUE_BOOL ? _("%s: “%s” is not a valid boolean for %s")
               : spec->type == CRIA_VALUE_INT ? _("%s: “%s” is not a valid integer for %s")
               : _("%s: “%s” is not a valid number for %s"),
               member->name, value, spec->name);
  return NULL;
}

/* Checks params against the member's parameters and returns them in the spec's casing and
 * order, as name/value pairs ready for the wire. */
static GStrv
prepare_member_params (const CriaMember    *member,
                       const char * const  *params,
                       GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char **values = g_new0 (char *, member->n_params + 1);
  gboolean ok = TRUE;
  gsize i, j;

  if (!check_params (params, error))
    return NULL;

  for (i = 0; ok && params != NULL && params[i] != NULL; i += 2)
    {
      const CriaParamSpec *spec = cria_member_find_param (member, params[i]);

      if (spec == NULL)
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST,
                       _("%s has no parameter %s"), member->name, params[i]);
          ok = FALSE;
          break;
        }

      j = spec - member->params;
      if (values[j] != NULL)
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST,
                       _("%s: parameter %s is given twice"), member->name, member->params[j].name);
          ok = FALSE;
        }
      else
        {
          values[j] = format_param (member, &member->params[j], params[i + 1], error);
          ok = values[j] != NULL;
        }
    }

  for (j = 0; ok && j < member->n_params; j++)
    {
      if (values[j] == NULL)
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST,
                       _("%s needs the parameter %s"), member->name, member->params[j].name);
          ok = FALSE;
        }
    }

  for (j = 0; j < member->n_params; j++)
    {
      if (ok)
        {
          g_strv_builder_add (builder, member->params[j].name);
          g_strv_builder_add (builder, values[j]);
        }
      g_free (values[j]);
    }

  if (!ok)
    return NULL;

  return g_strv_builder_end (builder);
}

void
cria_client_member_async (CriaClient          *self,
                          CriaDeviceType       type,
                          guint                number,
                          CriaHttpMethod       method,
                          const char          *member,
                          const char * const  *params,
                          double               timeout,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) wire_params = NULL;
  g_autofree char *command = NULL;
  g_autofree char *path = NULL;
  const CriaMember *spec = NULL;
  GError *error = NULL;

  g_return_if_fail (CRIA_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_client_member_async);

  if (type < CRIA_N_DEVICE_TYPES && member != NULL)
    spec = cria_member_lookup (type, member, method);
  if (spec == NULL)
    {
      g_task_return_new_error (task, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST,
                               /* TRANSLATORS: a device type, GET or PUT, a member name. */
                               _("%s has no %s member %s"),
                               type < CRIA_N_DEVICE_TYPES ? cria_device_type_to_string (type)
                                                          : _("This device type"),
                               method == CRIA_HTTP_PUT ? "PUT" : "GET",
                               member != NULL ? member : "(none)");
      return;
    }

  wire_params = prepare_member_params (spec, params, &error);
  if (wire_params == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The path's command is the member name in lower case, whatever the caller typed. */
  command = g_ascii_strdown (spec->name, -1);
  path = g_strdup_printf ("api/v1/%s/%u/%s", cria_device_type_to_path (type), number, command);

  client_send (self, method, path, (const char * const *) wire_params, CRIA_REPLY_JSON,
               spec->value_type, timeout, NULL, g_steal_pointer (&task));
}

JsonNode *
cria_client_member_finish (CriaClient    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_client_member_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cria_client_get_image_full_async (CriaClient            *self,
                                  guint                  number,
                                  CriaFramePool         *pool,
                                  CriaImageReceivedFunc  received,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_autofree char *path = NULL;
  CriaImageOptions image = { 0 };
  GTask *task;

  g_return_if_fail (CRIA_IS_CLIENT (self));
  g_return_if_fail (pool == NULL || CRIA_IS_FRAME_POOL (pool));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  /* One tag for both variants, so that either finish function takes either. */
  g_task_set_source_tag (task, cria_client_get_image_async);

  image.pool = pool != NULL ? pool : cria_client_get_frame_pool (self);
  image.received = received;
  image.received_data = user_data;

  path = g_strdup_printf ("api/v1/camera/%u/imagearray", number);
  client_send (self, CRIA_HTTP_GET, path, NULL, CRIA_REPLY_IMAGE, CRIA_VALUE_IMAGE,
               self->image_timeout, &image, task);
}

void
cria_client_get_image_async (CriaClient          *self,
                             guint                number,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  cria_client_get_image_full_async (self, number, NULL, NULL, cancellable, callback, user_data);
}

CriaFrame *
cria_client_get_image_finish (CriaClient    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return cria_client_get_image_full_finish (self, result, NULL, error);
}

CriaFrame *
cria_client_get_image_full_finish (CriaClient         *self,
                                   GAsyncResult       *result,
                                   CriaImageTransfer  *transfer,
                                   GError            **error)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_client_get_image_async,
                        NULL);

  if (transfer != NULL && !cria_request_get_transfer (G_TASK (result), transfer))
    memset (transfer, 0, sizeof *transfer);
  return g_task_propagate_pointer (G_TASK (result), error);
}
