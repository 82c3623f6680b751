// Reads xLAM / APIGen items: {"id","query","tools","answers"}, where "tools" and "answers" are
// usually JSON strings. Tool parameters may be a flat map {param: {type, description,
// default}}; tool_schema.h turns them into JSON schemas (a parameter is required unless its
// type says optional). Each answer argument becomes a gold parameter with that one value.
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

namespace itool::data {

namespace {

Json parseMaybeString(const Json &value, const char *field)
{
    if (!value.is_string())
        return value;
    try {
        return Json::parse(value.get<std::string>());
    } catch (const std::exception &) {
        throw ItemError(std::string("field \"") + field
                        + "\" is a string that does not hold valid JSON");
    }
}

} // namespace

void importXlam(InputReader &reader, ImportSink &sink)
{
    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Record record;
        record.id = item.contains("id") ? idText(item["id"]) : sink.defaultId(line);
        record.conversation.push_back(Message{Role::User, requireString(item, "query"), {}, {}});
        record.tools = normaliseToolList(
            parseMaybeString(requireField(item, "tools", "a list of tools"), "tools"));
        const Json answers
            = parseMaybeString(requireField(item, "answers", "a list of calls"), "answers");
        if (!answers.is_array())
            throw ItemError("field \"answers\" must be a list of {\"name\",\"arguments\"}");
        for (const Json &answer : answers) {
            const std::string name = requireString(answer, "name");
            Json arguments = answer.value("arguments", Json::object());
            arguments = parseMaybeString(arguments, "arguments");
            record.gold.push_back(GoldCall{name, goldParamsFromArguments(arguments, name)});
        }
        record.category = inferCategory(record);
        record.source = {sink.file(), line};
        sink.add(std::move(record));
    });
}

} // namespace itool::data
