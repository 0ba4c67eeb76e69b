/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-alpaca-error.h"
#include "cria-capture.h"
#include "cria-client.h"
#include "cria-device-type.h"
#include "cria-device.h"
#include "cria-discovery.h"
#include "cria-frame.h"
#include "cria-frame-pool.h"
#include "cria-imagebytes.h"
#include "cria-member.h"
#include "cria-response.h"
#include "cria-server.h"
