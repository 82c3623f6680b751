#include "core/data/importer.h"

#include "core/data/format_detector.h"
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

#include <array>
#include <filesystem>
#include <utility>

namespace itool::data {

namespace {

constexpr std::array<std::pair<DataFormat, std::string_view>, 9> kFormats{
    {{DataFormat::Auto, "auto"},
     {DataFormat::Native, "native"},
     {DataFormat::Bfcl, "bfcl"},
     {DataFormat::Xlam, "xlam"},
     {DataFormat::ToolAce, "toolace"},
     {DataFormat::ShareGpt, "sharegpt"},
     {DataFormat::OpenAi, "openai"},
     {DataFormat::ApiBank, "apibank"},
     {DataFormat::SealTools, "sealtools"}}};

// What a line of each format looks like, for "this is not <format>" messages.
std::string expectedShape(DataFormat format)
{
    switch (format) {
    case DataFormat::Native:
        return "native records: one {\"id\",\"tools\",\"conversation\",\"gold\",...} object per "
               "line";
    case DataFormat::Bfcl:
        return "BFCL questions: "
               "{\"id\",\"question\":[[{\"role\",\"content\"}]],\"function\":[...]} "
               "per line, with the possible_answer file given by --answers";
    case DataFormat::Xlam:
        return "xLAM/APIGen: {\"id\",\"query\",\"tools\",\"answers\"} per item";
    case DataFormat::ToolAce:
        return "ToolACE: {\"system\" (with the tools as "
               "JSON),\"conversations\":[{\"from\",\"value\"}]} "
               "per item";
    case DataFormat::ShareGpt:
        return "ShareGPT/LLaMA-Factory: {\"conversations\":[{\"from\":\"human\"|\"gpt\"|"
               "\"function_call\"|\"observation\",\"value\"}],\"tools\"} per item";
    case DataFormat::OpenAi:
        return "OpenAI chat: {\"messages\":[{\"role\",\"content\",\"tool_calls\"}],\"tools\"} per "
               "item";
    case DataFormat::ApiBank:
        return "API-Bank level-1: a JSON array of {\"file\",\"id\",\"instruction\",\"input\","
               "\"expected_output\"}";
    case DataFormat::SealTools:
        return "Seal-Tools: "
               "{\"id\",\"query\",\"calling\":[{\"api\",\"parameters\",\"responses\"}]} "
               "per line, with tool.jsonl given by --tools";
    case DataFormat::Auto:
        break;
    }
    return "tool-use records";
}

} // namespace

std::string_view toString(DataFormat format)
{
    for (const auto &[f, name] : kFormats)
        if (f == format)
            return name;
    return {};
}

std::optional<DataFormat> dataFormatFromString(std::string_view text)
{
    for (const auto &[f, name] : kFormats)
        if (name == text)
            return f;
    return std::nullopt;
}

std::string dataFormatNames()
{
    std::string out;
    for (const auto &[f, name] : kFormats) {
        if (!out.empty())
            out += "|";
        out += name;
    }
    return out;
}

void ImportSink::skip(std::int64_t line, const std::string &reason)
{
    ++m_result.issueCount;
    if (m_result.issues.size() < ImportResult::kMaxIssuesKept)
        m_result.issues.push_back(InputIssue{m_result.file, line, reason});
    if (m_result.records.empty()) {
        ++m_badBeforeFirstGood;
        if (m_firstReason.empty())
            m_firstReason = "line " + std::to_string(line) + ": " + reason;
    }
}

void ImportSink::skipInCompanion(const std::string &file, std::int64_t line,
                                 const std::string &reason)
{
    ++m_result.issueCount;
    if (m_result.issues.size() < ImportResult::kMaxIssuesKept)
        m_result.issues.push_back(InputIssue{file, line, reason});
}

std::string ImportSink::defaultId(std::int64_t line) const
{
    return std::filesystem::path(m_result.file).stem().string() + ":" + std::to_string(line);
}

void ImportSink::note(std::int64_t line, const std::string &message)
{
    m_result.notes.push_back(InputIssue{m_result.file, line, message});
}

void ImportSink::checkGiveUp() const
{
    if (m_result.records.empty() && m_badBeforeFirstGood >= kGiveUpAfter)
        throw FileFormatError("not " + m_expectedShape + "; the first "
                              + std::to_string(kGiveUpAfter)
                              + " items all failed (first: " + m_firstReason + ")");
}

void forEachItem(InputReader &reader, ImportSink &sink,
                 const std::function<void(const Json &item, std::int64_t line)> &perItem)
{
    InputItem item;
    while (reader.next(item)) {
        if (!item.value) {
            sink.skip(item.line, item.error);
        } else {
            try {
                perItem(*item.value, item.line);
            } catch (const ItemError &e) {
                sink.skip(item.line, e.what());
            } catch (const ToolSchemaError &e) {
                sink.skip(item.line, e.what());
            } catch (const Json::exception &e) {
                // A value of an unexpected JSON type deep inside: still only this line.
                sink.skip(item.line, std::string("unexpected value: ") + e.what());
            }
        }
        sink.checkGiveUp();
    }
}

const Json &requireField(const Json &object, const char *key, const char *expected)
{
    if (!object.is_object())
        throw ItemError(std::string("expected a JSON object, got ") + object.type_name());
    auto it = object.find(key);
    if (it == object.end())
        throw ItemError(std::string("missing field \"") + key + "\" (expected " + expected + ")");
    return *it;
}

std::string requireString(const Json &object, const char *key)
{
    const Json &value = requireField(object, key, "a string");
    if (!value.is_string())
        throw ItemError(std::string("field \"") + key + "\" must be a string, got "
                        + value.type_name());
    return value.get<std::string>();
}

std::string idText(const Json &id)
{
    if (id.is_string())
        return id.get<std::string>();
    if (id.is_number_integer())
        return std::to_string(id.get<std::int64_t>());
    return id.dump();
}

std::vector<GoldParam> goldParamsFromArguments(const Json &arguments, const std::string &callName)
{
    if (!arguments.is_object())
        throw ItemError("call \"" + callName + "\": arguments must be an object, got "
                        + arguments.type_name());
    std::vector<GoldParam> params;
    for (const auto &[name, value] : arguments.items())
        params.push_back(GoldParam{name, {value}});
    return params;
}

ImportResult importFile(const std::string &path, const ImportOptions &options)
{
    ImportResult result;
    result.file = path;
    try {
        DataFormat format = options.format;
        if (format == DataFormat::Auto) {
            const Detection d = detectFormat(path, options.maxItemBytes);
            if (d.format == DataFormat::Auto)
                throw FileFormatError("could not recognise the format (" + d.reason
                                      + "); expected one of the formats " + dataFormatNames()
                                      + " (see --format)");
            format = d.format;
        }
        result.format = format;
        InputReader reader(path, options.maxItemBytes);
        ImportSink sink(result, expectedShape(format));
        switch (format) {
        case DataFormat::Native:
            importNative(reader, sink);
            break;
        case DataFormat::Bfcl:
            importBfcl(reader, sink, options);
            break;
        case DataFormat::Xlam:
            importXlam(reader, sink);
            break;
        case DataFormat::ToolAce:
            importToolAce(reader, sink);
            break;
        case DataFormat::ShareGpt:
            importShareGpt(reader, sink);
            break;
        case DataFormat::OpenAi:
            importOpenAi(reader, sink);
            break;
        case DataFormat::ApiBank:
            importApiBank(reader, sink);
            break;
        case DataFormat::SealTools:
            importSealTools(reader, sink, options);
            break;
        case DataFormat::Auto:
            break;
        }
        if (result.records.empty() && result.issueCount == 0)
            throw FileFormatError("the file holds no records (it is empty)");
        if (result.records.empty())
            throw FileFormatError("no line could be read as " + expectedShape(format)
                                  + " (first problem: " + result.issues.front().toString() + ")");
    } catch (const std::exception &e) {
        std::string message = e.what();
        // Messages from the reader already start with the path.
        if (message.rfind(path + ":", 0) != 0)
            message = path + ": " + message;
        result.error = message;
        result.records.clear();
    }
    return result;
}

} // namespace itool::data
