#pragma once
// Normalises the many ways tool definitions are written into one JSON-schema form:
//   {"name", "description", "parameters": {"type": "object", "properties": {...},
//    "required": [...]}, ...any other keys kept as given}
// Type names become JSON-schema names: BFCL's dict/float/tuple -> object/number/array, Python's
// str/int/float/bool/list/dict -> string/integer/number/boolean/array/object, xLAM's
// "List[int]" -> array of integer and "str, optional" -> string, not required. "any" is kept.
// What it is not: a schema validator (the checker decides what a value must be).
#include "core/common/json.h"

#include <stdexcept>
#include <string>

namespace itool::data {

class ToolSchemaError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct NormalisedType
{
    Json schema = Json::object(); // {"type": ...} and "items" for typed lists
    bool optional = false;        // the type name said so ("str, optional", Optional[x])
};

// Maps one type name ("float", "List[str]", "int, optional", "dict") to a JSON-schema
// fragment. Unknown names are kept as written.
NormalisedType normaliseTypeName(const std::string &typeName);

// Rewrites type names in a (nested) JSON schema in place: "type", "items", "properties",
// "additionalProperties", "anyOf"/"oneOf"/"allOf".
void normaliseSchemaTypes(Json &schema);

// One tool definition in any supported shape -> the normalised form. Accepts an OpenAI
// wrapper {"type":"function","function":{...}}, a JSON schema "parameters", an xLAM flat
// map {param: {type, description, default}}, and the keys "api_name"/"api_description"
// (Seal-Tools) and "input_parameters" (API-Bank). Throws ToolSchemaError when there is no
// usable name or the parameters are not an object.
Json normaliseTool(const Json &tool);

// A list of tools (JSON array, or a JSON string holding one as xLAM and LLaMA-Factory write it).
std::vector<Json> normaliseToolList(const Json &tools);

} // namespace itool::data
