#pragma once
// Cuts a response into the steps of tree search at the call grammar's boundaries: the function
// name with its `(` (and the `[` or the previous call's `), ` before it), each `name=value`,
// the closing `)]`. Offsets come from the call parser's spans when the text parses; partial or
// broken text (a continuation cut by the token budget, a syntax error) falls back to a
// lexical scan that follows strings and bracket depth, so every text gets steps.
// What it is not: a judge of the text (checker.h) or a tokenizer.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace itool::search {

// Byte offsets where a new fragment starts, ascending, always beginning with 0 (for a
// non-empty text); the last fragment runs to the end.
std::vector<std::size_t> fragmentStarts(std::string_view text);

// Fragments of `continuation` as it extends `prefix` (which ends at a fragment boundary):
// the cut points of prefix + continuation that fall inside the continuation.
std::vector<std::string> cutContinuation(std::string_view prefix, std::string_view continuation);

} // namespace itool::search
