#pragma once
// Checks tool-call arguments against a normalised tool schema (see record.h): types string,
// integer, number, boolean, array, object; "enum" lists; "required"; no unknown parameters.
// Also checks that a schema itself is well formed. What it is not: a full JSON-Schema
// validator (no $ref, patterns or combinators: the normalised form has none).
#include "core/common/json.h"

#include <optional>
#include <string>
#include <vector>

namespace itool::data {

// The first problem with the arguments, e.g. "parameter \"days\" must be an integer, got
// string"; nullopt when they fit.
std::optional<std::string> checkArguments(const Json &toolSchema, const Json &arguments);

// Every problem with a tool schema ("name" missing, unknown type, required parameter not
// declared, default of the wrong type, ...); empty when the schema is well formed.
std::vector<std::string> checkToolSchema(const Json &toolSchema);

// The arguments with every declared default filled in for parameters the call left out.
Json withDefaults(const Json &toolSchema, const Json &arguments);

// Does the JSON value have the schema's type (integers count as numbers)?
bool valueMatchesType(const Json &value, const Json &propertySchema);

} // namespace itool::data
