#pragma once
// The one JSON type of the engine. Ordered, so that parameters, tools and exported files keep
// the order people wrote them in; nlohmann keeps integers and floats apart (5 vs 5.0), which
// the checker relies on.
#include <nlohmann/json.hpp>

namespace itool {
using Json = nlohmann::ordered_json;
}
