/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-alpaca.h"

G_BEGIN_DECLS

/* How the generic panel arranges a device type's members. Pure functions over the member
 * tables, so that dedicated panels and tests see the same arrangement. */

typedef enum
{
  CRIA_SECTION_NONE,          /* not shown: connection members, images, raw commands */
  CRIA_SECTION_INFORMATION,   /* Description, DriverInfo, ... */
  CRIA_SECTION_STATUS,        /* read-only state, polled */
  CRIA_SECTION_HARDWARE,      /* read-only characteristics that do not change */
  CRIA_SECTION_SETTINGS,      /* GET plus a one-parameter PUT of the same name */
  CRIA_SECTION_CAPABILITIES,  /* Can* and similar booleans */
  CRIA_SECTION_ACTIONS,       /* PUT methods */
  CRIA_SECTION_QUERIES,       /* GET members with parameters */
} CriaSectionKind;

/* Where a member goes; for a property with a setter, the GET decides and the PUT is NONE. */
CriaSectionKind   cria_panel_layout_classify      (CriaDeviceType     type,
                                                   const CriaMember  *member);
/* The members of one section in table order (static strings; free the array only). */
const char      **cria_panel_layout_members       (CriaDeviceType     type,
                                                   CriaSectionKind    kind);

/* The Can* (or similar) property that tells whether member can be used: "CanPark" for
 * Park, "CanSetTracking" for Tracking. NULL when nothing gates it. */
const char       *cria_panel_layout_capability    (CriaDeviceType     type,
                                                   const char        *member);

/* Limits of a number: a property (param NULL) or a method's parameter. The limits are the
 * given numbers until the named members (when not NULL) have been read; max_adjust is
 * added to the value of max_member (e.g. -1 for an index below MaxSwitch). */
typedef struct
{
  const char *min_member;
  const char *max_member;
  double      min;
  double      max;
  double      max_adjust;
} CriaValueRange;

gboolean          cria_panel_layout_range         (CriaDeviceType     type,
                                                   const char        *member,
                                                   const char        *param,
                                                   CriaValueRange    *range);

/* The list property that names the choices of a number: "TrackingRates" for TrackingRate
 * (its values), "ReadoutModes" for ReadoutMode (indices into it). NULL when none. */
const char       *cria_panel_layout_choices       (CriaDeviceType     type,
                                                   const char        *member,
                                                   const char        *param);
/* Whether the list of cria_panel_layout_choices() holds the values themselves (an
 * enumeration's values, like TrackingRates) rather than names indexed from 0. */
gboolean          cria_panel_layout_choices_are_values (CriaDeviceType type,
                                                        const char    *member);

G_END_DECLS
