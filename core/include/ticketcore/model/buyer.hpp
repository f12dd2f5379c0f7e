#pragma once
/// @file buyer.hpp
/// @brief Buyers: who an order, a comp or a door sale is for, as given (BuyerInput) and as stored
/// for an organization (Buyer).

#include <optional>
#include <string>

namespace ticketcore {

/// @brief Who buys: a platform user (user_id set) or a guest known by e-mail and name.
struct BuyerInput {
    std::optional<std::string> user_id;
    std::string name;
    std::string email;
    std::string phone;
    std::string avatar_url;
};

/// @brief A buyer of an organization (seed 002's User: name, email, phone, avatar URL).
struct Buyer {
    std::string id;
    std::optional<std::string> user_id;
    std::string name;
    std::string email;
    std::string phone;
    std::string avatar_url;
    [[nodiscard]] bool is_guest() const noexcept { return !user_id.has_value(); }
    friend bool operator==(const Buyer&, const Buyer&) = default;
};

}  // namespace ticketcore
