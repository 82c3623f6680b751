// Reads Seal-Tools query files ({"id","query","calling":[{"api","parameters","responses"}]})
// with the tool definitions of tool.jsonl (--tools). A record offers the tools its calls use,
// in order of first use. A value "API_call_k" names the output of an earlier call (Seal-Tools'
// nested calls): it is kept as the string it is, and meta.sealtools.references lists where.
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

#include <filesystem>
#include <unordered_map>

namespace itool::data {

namespace {

std::string toolsFileFor(const std::string &queries, const ImportOptions &options)
{
    if (!options.toolsFile.empty())
        return options.toolsFile;
    namespace fs = std::filesystem;
    const fs::path sibling = fs::path(queries).parent_path() / "tool.jsonl";
    std::error_code ec;
    if (fs::is_regular_file(sibling, ec))
        return sibling.string();
    throw FileFormatError("Seal-Tools queries need their tool definitions: give tool.jsonl with "
                          "--tools FILE");
}

bool isCallReference(const Json &value)
{
    return value.is_string() && value.get_ref<const std::string &>().rfind("API_call_", 0) == 0;
}

} // namespace

void importSealTools(InputReader &reader, ImportSink &sink, const ImportOptions &options)
{
    const std::string toolsFile = toolsFileFor(sink.file(), options);
    std::unordered_map<std::string, Json> tools;
    {
        InputReader toolReader(toolsFile, options.maxItemBytes);
        InputItem item;
        while (toolReader.next(item)) {
            if (!item.value) {
                sink.skipInCompanion(toolsFile, item.line, item.error);
                continue;
            }
            try {
                Json tool = normaliseTool(*item.value);
                const std::string name = tool["name"].get<std::string>();
                tools[name] = std::move(tool);
            } catch (const std::exception &e) {
                sink.skipInCompanion(toolsFile, item.line, e.what());
            }
        }
        if (tools.empty())
            throw FileFormatError("the --tools file " + toolsFile
                                  + " holds no Seal-Tools tool definitions {\"api_name\",...}");
    }

    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Record record;
        record.id = idText(requireField(item, "id", "the query id"));
        record.conversation.push_back(Message{Role::User, requireString(item, "query"), {}, {}});
        const Json &calling = requireField(item, "calling", "a list of calls");
        if (!calling.is_array())
            throw ItemError(
                "field \"calling\" must be a list of {\"api\",\"parameters\",\"responses\"}");
        Json responses = Json::array();
        Json references = Json::array();
        for (std::size_t i = 0; i < calling.size(); ++i) {
            const Json &call = calling[i];
            const std::string api = requireString(call, "api");
            auto tool = tools.find(api);
            if (tool == tools.end())
                throw ItemError("call " + std::to_string(i + 1) + " uses API \"" + api
                                + "\", which is not in the tools file " + toolsFile);
            const Json arguments = call.value("parameters", Json::object());
            record.gold.push_back(GoldCall{api, goldParamsFromArguments(arguments, api)});
            for (const auto &[param, value] : arguments.items())
                if (isCallReference(value))
                    references.push_back(Json{{"call", i}, {"param", param}, {"refers_to", value}});
            responses.push_back(call.value("responses", Json::array()));
            bool offered = false;
            for (const Json &t : record.tools)
                offered = offered || t["name"] == api;
            if (!offered)
                record.tools.push_back(tool->second);
        }
        if (!record.tools.empty()) {
            const std::string field = record.tools.front().value("field", std::string());
            record.domain = field.substr(0, field.find('/'));
        }
        Json seal{{"responses", std::move(responses)}};
        if (!references.empty())
            seal["references"] = std::move(references);
        for (const char *level : {"easy", "difficult"})
            if (record.id.find(std::string("-") + level + "-") != std::string::npos)
                seal["level"] = level;
        record.meta["sealtools"] = std::move(seal);
        record.category = inferCategory(record);
        record.source = {sink.file(), line};
        sink.add(std::move(record));
    });
}

} // namespace itool::data
