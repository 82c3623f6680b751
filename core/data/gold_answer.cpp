#include "core/data/gold_answer.h"

namespace itool::data {

namespace {

bool isOmitMarker(const Json &value)
{
    return value.is_string() && value.get_ref<const std::string &>().empty();
}

Json resolveNested(const Json &value)
{
    if (value.is_object()) {
        Json out = Json::object();
        for (const auto &[key, alternatives] : value.items()) {
            if (!alternatives.is_array() || alternatives.empty()) {
                out[key] = alternatives; // not in BFCL's nested form: keep as written
                continue;
            }
            if (auto chosen = chooseGoldValue(
                    std::vector<Json>(alternatives.begin(), alternatives.end()), true))
                out[key] = std::move(*chosen);
        }
        return out;
    }
    if (value.is_array()) {
        Json out = Json::array();
        for (const Json &element : value)
            out.push_back(element.is_object() ? resolveNested(element) : element);
        return out;
    }
    return value;
}

} // namespace

std::optional<Json> chooseGoldValue(const std::vector<Json> &allowed, bool nestedAlternatives)
{
    for (const Json &value : allowed)
        if (!isOmitMarker(value))
            return nestedAlternatives ? resolveNested(value) : value;
    return std::nullopt;
}

bool hasNestedAlternatives(const Record &record)
{
    auto it = record.meta.find("gold_style");
    return it != record.meta.end() && *it == "bfcl";
}

std::vector<ConversationCall> goldAnswer(const Record &record)
{
    const bool nested = hasNestedAlternatives(record);
    std::vector<ConversationCall> calls;
    for (const GoldCall &gold : record.gold) {
        ConversationCall call{gold.name, Json::object()};
        for (const GoldParam &param : gold.params)
            if (auto value = chooseGoldValue(param.allowed, nested))
                call.arguments[param.name] = std::move(*value);
        calls.push_back(std::move(call));
    }
    return calls;
}

} // namespace itool::data
