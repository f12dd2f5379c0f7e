#pragma once
/// @file page.hpp
/// @brief Cursor paging, one shape for every list (seed 000's `first`/`after`, `nodes`,
/// `pageInfo { hasNextPage endCursor }`, as `tickets.holders` pages).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ticketcore {

/// @brief The page size when none is given (seed 000).
inline constexpr std::int64_t default_page_size = 20;
/// @brief The largest page a list returns (seed 000).
inline constexpr std::int64_t max_page_size = 50;

/// @brief Which page of a list: up to `first` items after the item whose id is `after` (the
/// `end_cursor` of the previous page), from the start when `after` is empty.
struct PageRequest {
    std::int64_t first = default_page_size;
    std::optional<std::string> after;
};

/// @brief One page of a list, in the list's order.
template <typename Node>
struct Page {
    std::vector<Node> nodes;
    /// @brief True when items follow this page.
    bool has_next_page = false;
    /// @brief The id of the page's last item: pass it as `after` for the next page (empty for an
    /// empty page).
    std::optional<std::string> end_cursor;
    friend bool operator==(const Page&, const Page&) = default;
};

}  // namespace ticketcore
