#pragma once
// BFCL's standardize_string: drop spaces and , . / - _ * ^, lowercase with Python's full
// Unicode rules, then ' -> ". Strings are compared only after this, on both sides.
// What it is not: a general text normaliser (no Unicode normal forms, tabs and newlines stay).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace itool::toolcall {

// Appends the standardised form of `text` to `out`.
void appendStandardized(std::string &out, std::string_view text);
std::string standardized(std::string_view text);

namespace detail {
struct LowerRun
{
    std::uint32_t first, last;
    std::int32_t step, delta;
};
extern const LowerRun kLowerRuns[];
extern const std::size_t kLowerRunCount;
} // namespace detail

} // namespace itool::toolcall
