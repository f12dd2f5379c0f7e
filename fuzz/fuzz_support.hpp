#pragma once
// Shared by the libFuzzer targets in this folder (not part of the library).
//
// A target may catch only the errors the public API documents (ticketcore::TicketcoreError and,
// for JSON, nlohmann::json::exception). Anything else escapes to libFuzzer, which reports it as a
// crash ("deadly signal" after std::terminate) with the input that caused it. A broken property
// is reported the same way through FUZZ_CHECK.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(condition, ...)                                                                    \
    do {                                                                                              \
        if (!(condition)) {                                                                           \
            std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #condition); \
            std::fprintf(stderr, __VA_ARGS__);                                                        \
            std::fprintf(stderr, "\n");                                                               \
            std::abort();                                                                             \
        }                                                                                             \
    } while (false)

namespace fuzz {

/// Printable form of arbitrary bytes for failure messages.
inline std::string escaped(std::string_view bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else {
            char buffer[5];
            std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
            out += buffer;
        }
    }
    return out;
}

}  // namespace fuzz
