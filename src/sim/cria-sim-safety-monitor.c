/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include "cria-sim-safety-monitor.h"

#define SET_SAFE_ACTION  "SafetyMonitor:SetSafe"
#define TOGGLE_ACTION    "SafetyMonitor:Toggle"

/* Conditions start safe. A disconnected monitor vouches for nothing, so IsSafe then reads
 * false instead of failing, as clients (and ConformU) expect of ISafetyMonitor. Both
 * actions answer the new verdict, "true" or "false". */
struct _CriaSimSafetyMonitor
{
  CriaSimDevice parent_instance;

  gboolean      safe;
};

G_DEFINE_FINAL_TYPE (CriaSimSafetyMonitor, cria_sim_safety_monitor, CRIA_TYPE_SIM_DEVICE)

static const char * const supported_actions[] = { SET_SAFE_ACTION, TOGGLE_ACTION, NULL };
static const char * const disconnected_members[] = { "IsSafe", NULL };

/* Lock held. */
static gboolean
is_safe (CriaSimSafetyMonitor *self)
{
  return self->safe && cria_sim_device_get_connected (CRIA_SIM_DEVICE (self));
}

static gboolean
cria_sim_safety_monitor_handle (CriaSimDevice   *device,
                                CriaHttpMethod   method,
                                const char      *member,
                                CriaSimRequest  *request,
                                CriaSimReply    *reply,
                                GError         **error)
{
  CriaSimSafetyMonitor *self = CRIA_SIM_SAFETY_MONITOR (device);

  /* FALSE without an error: the base class answers NotImplemented. */
  if (method != CRIA_HTTP_GET || !g_str_equal (member, "issafe"))
    return FALSE;

  reply->value = cria_sim_value_bool (is_safe (self));
  return TRUE;
}

static void
cria_sim_safety_monitor_add_device_state (CriaSimDevice *device,
                                          JsonBuilder   *builder)
{
  CriaSimSafetyMonitor *self = CRIA_SIM_SAFETY_MONITOR (device);

  cria_sim_device_state_add (builder, "IsSafe", cria_sim_value_bool (is_safe (self)));
}

static gboolean
cria_sim_safety_monitor_action (CriaSimDevice  *device,
                                const char     *action,
                                const char     *parameters,
                                char          **result,
                                GError        **error)
{
  CriaSimSafetyMonitor *self = CRIA_SIM_SAFETY_MONITOR (device);
  g_autofree char *verdict = g_strstrip (g_strdup (parameters));

  if (g_str_equal (action, TOGGLE_ACTION))
    {
      self->safe = !self->safe;
    }
  else if (g_str_equal (action, SET_SAFE_ACTION))
    {
      if (g_ascii_strcasecmp (verdict, "true") == 0)
        self->safe = TRUE;
      else if (g_ascii_strcasecmp (verdict, "false") == 0)
        self->safe = FALSE;
      else
        {
          g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                       "%s takes the parameters “true” or “false”, not “%s”",
                       SET_SAFE_ACTION, parameters);
          return FALSE;
        }
    }
  else
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_ACTION_NOT_IMPLEMENTED,
                   "Action “%s” is not supported by this device", action);
      return FALSE;
    }

  g_debug ("Simulated conditions are now %s", self->safe ? "safe" : "unsafe");
  *result = g_strdup (self->safe ? "true" : "false");
  return TRUE;
}

static void
cria_sim_safety_monitor_class_init (CriaSimSafetyMonitorClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_safety_monitor_handle;
  device_class->add_device_state = cria_sim_safety_monitor_add_device_state;
  device_class->supported_actions = supported_actions;
  device_class->action = cria_sim_safety_monitor_action;
  device_class->disconnected_members = disconnected_members;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_SAFETY_MONITOR);
}

static void
cria_sim_safety_monitor_init (CriaSimSafetyMonitor *self)
{
  self->safe = TRUE;
}
