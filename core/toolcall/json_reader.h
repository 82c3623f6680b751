#pragma once
// Internal to core/toolcall: a strict JSON reader into Value that keeps byte spans and keeps
// 5 and 5.0 apart, for JSON-form tool calls. What it is not: the project's JSON library
// (itool::Json); it exists because calls need spans and must be read fast.
#include "core/toolcall/value.h"

#include <string>
#include <string_view>

namespace itool::toolcall::detail {

// Reads one JSON value filling all of `text` (surrounding whitespace allowed). Offsets in
// spans and errorOffset are `base` + position in `text`.
bool readJson(std::string_view text, std::uint32_t base, Value &out, std::string &error,
              std::uint32_t &errorOffset);

} // namespace itool::toolcall::detail
