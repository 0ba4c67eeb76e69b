/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-member.h"

G_BEGIN_DECLS

typedef struct
{
  const CriaMember *members;
  gsize             n_members;
} CriaMemberTable;

/* Generated from the Alpaca Device API definition by tools/gen-members.py. */
extern const CriaMemberTable cria_member_tables[CRIA_N_DEVICE_TYPES];

G_END_DECLS
