#pragma once
// Internal to core/toolcall: BFCL's per-parameter rules (type_checker, string_checker,
// list_checker, dict_checker, list_dict_checker and the final `in` test), each returning the
// error type it raises or nullptr when the value passes.
// What it is not: the call-level order of checks (checker.cpp).
#include "core/toolcall/compiled_case.h"

namespace itool::toolcall::detail {

struct ParamVerdict
{
    const char *kind = nullptr; // nullptr: passes
    Span span;                  // the offending fragment (a nested item where known)
    std::string detail;         // e.g. the dict key concerned
};

// Checks one model argument against its schema and gold alternatives, in BFCL's order.
ParamVerdict checkParam(const CompiledParamSchema &schema, const CompiledGoldParam &gold, const Value &value);

} // namespace itool::toolcall::detail
