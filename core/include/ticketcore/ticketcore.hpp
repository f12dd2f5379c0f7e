#pragma once
/// @file ticketcore.hpp
/// @brief Everything a program of ticketcore's uses: the Store and every area of it, with the
/// values and snapshots they take and return.

#include "ticketcore/services/door.hpp"
#include "ticketcore/services/events.hpp"
#include "ticketcore/services/orders.hpp"
#include "ticketcore/services/organizations.hpp"
#include "ticketcore/services/outbox.hpp"
#include "ticketcore/services/pools.hpp"
#include "ticketcore/services/products.hpp"
#include "ticketcore/services/promo_codes.hpp"
#include "ticketcore/services/refunds.hpp"
#include "ticketcore/services/reports.hpp"
#include "ticketcore/services/sales.hpp"
#include "ticketcore/services/seatmaps.hpp"
#include "ticketcore/services/specifications.hpp"
#include "ticketcore/services/staff.hpp"
#include "ticketcore/services/store.hpp"
#include "ticketcore/services/tickets.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/money.hpp"
