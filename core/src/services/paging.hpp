#pragma once
// Private to the core (layer 5, services): the one way every list pages (model/page.hpp):
// `first` checked before any I/O, `after` resolved to a place in the list's order, one row more
// than the page read to know whether another page follows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/page.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::paging {

/// @brief Refuses a page size outside 1..50 (the same check and message as tickets.holders).
inline void check(const PageRequest& request) {
    if (request.first < 1 || request.first > max_page_size) {
        throw fail::invalid_page_size(max_page_size);
    }
}

/// @brief Where the page starts: after the cursor's place, or 0 from the first item. A cursor
/// that is no item of this list (`position` empty) is a ValidationError `invalid_cursor`.
inline std::int64_t start(const PageRequest& request, const std::optional<std::int64_t>& position,
                          std::string_view item_of_list) {
    if (!request.after) return 0;
    if (!position) {
        throw fail::invalid_cursor(*request.after, item_of_list);
    }
    return *position;
}

/// @brief The page made of up to `first + 1` rows read in the list's order.
template <typename Node>
Page<Node> finish(std::vector<Node> rows, std::int64_t first) {
    Page<Node> page;
    page.has_next_page = static_cast<std::int64_t>(rows.size()) > first;
    if (page.has_next_page) rows.resize(static_cast<std::size_t>(first));
    page.nodes = std::move(rows);
    if (!page.nodes.empty()) page.end_cursor = page.nodes.back().id;
    return page;
}

}  // namespace ticketcore::paging
