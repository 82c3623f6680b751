#include "core/data/format_detector.h"

#include "core/data/input_reader.h"

namespace itool::data {

namespace {

constexpr int kItemsToLookAt = 20;

bool has(const Json &item, const char *key)
{
    return item.contains(key);
}

// ShareGPT/LLaMA-Factory speak of human/gpt/function_call/observation; ToolACE of
// user/assistant/tool with the tools inside the system text.
DataFormat classifyConversations(const Json &item)
{
    if (has(item, "tools"))
        return DataFormat::ShareGpt;
    const Json &turns = item["conversations"];
    if (turns.is_array()) {
        for (const Json &turn : turns) {
            const std::string from = turn.is_object() ? turn.value("from", std::string()) : "";
            if (from == "human" || from == "gpt" || from == "function_call"
                || from == "observation")
                return DataFormat::ShareGpt;
        }
    }
    if (item.contains("system") && item["system"].is_string()
        && item["system"].get_ref<const std::string &>().find('[') != std::string::npos)
        return DataFormat::ToolAce;
    return DataFormat::ShareGpt;
}

} // namespace

Detection detectFormatOfItem(const Json &item)
{
    if (!item.is_object())
        return {DataFormat::Auto,
                std::string("items are JSON ") + item.type_name() + ", not objects"};
    if (has(item, "conversation") && has(item, "gold"))
        return {DataFormat::Native, "keys \"conversation\" and \"gold\""};
    if (has(item, "question") && has(item, "function"))
        return {DataFormat::Bfcl, "keys \"question\" and \"function\""};
    if (has(item, "ground_truth"))
        return {DataFormat::Auto, "this is a BFCL possible_answer (gold) file: import the "
                                  "questions file and give this one with --answers"};
    if (has(item, "api_name") && has(item, "api_description"))
        return {DataFormat::Auto, "this is a Seal-Tools tool definition file: import the "
                                  "query file and give this one with --tools"};
    if (has(item, "query") && has(item, "calling"))
        return {DataFormat::SealTools, "keys \"query\" and \"calling\""};
    if (has(item, "query") && has(item, "answers"))
        return {DataFormat::Xlam, "keys \"query\" and \"answers\""};
    if (has(item, "instruction") && has(item, "expected_output"))
        return {DataFormat::ApiBank, "keys \"instruction\" and \"expected_output\""};
    if (has(item, "messages"))
        return {DataFormat::OpenAi, "key \"messages\""};
    if (has(item, "conversations")) {
        const DataFormat f = classifyConversations(item);
        return {f, f == DataFormat::ToolAce ? "key \"conversations\" with user/assistant turns and "
                                              "tools inside \"system\""
                                            : "key \"conversations\" with human/gpt turns"};
    }
    std::string keys;
    for (const auto &[key, value] : item.items()) {
        if (!keys.empty())
            keys += ", ";
        keys += "\"" + key + "\"";
        if (keys.size() > 120)
            break;
    }
    return {DataFormat::Auto, "no known format has the keys " + keys};
}

Detection detectFormat(const std::string &path, std::size_t maxItemBytes)
{
    try {
        InputReader reader(path, maxItemBytes);
        InputItem item;
        std::string firstProblem;
        int looked = 0;
        while (looked < kItemsToLookAt && reader.next(item)) {
            ++looked;
            if (!item.value) {
                if (firstProblem.empty())
                    firstProblem = "line " + std::to_string(item.line) + ": " + item.error;
                continue;
            }
            Detection d = detectFormatOfItem(*item.value);
            if (d.format != DataFormat::Auto)
                return d;
            if (firstProblem.empty())
                firstProblem = "line " + std::to_string(item.line) + ": " + d.reason;
        }
        if (looked == 0)
            return {DataFormat::Auto, "the file holds no records (it is empty)"};
        return {DataFormat::Auto, firstProblem};
    } catch (const std::exception &e) {
        return {DataFormat::Auto, e.what()};
    }
}

} // namespace itool::data
