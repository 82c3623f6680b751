// Reads BFCL question files with their possible_answer gold. Questions and answers are matched
// by id, so several question files can share several --answers files. Gold is kept exactly as
// BFCL lists it (allowed values per parameter, "" = may be omitted; inside a dict value each
// key again lists alternatives), and the record says so in meta.gold_style = "bfcl".
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

#include <filesystem>
#include <unordered_map>

namespace itool::data {

namespace {

struct Answer
{
    Json groundTruth;
    std::string file;
    std::int64_t line = 0;
};

// BFCL's category is in the id ("parallel_multiple_12", "simple_python_3", "live_multiple_7").
std::optional<Category> categoryFromId(const std::string &id)
{
    if (id.find("irrelevance") != std::string::npos)
        return Category::None;
    if (id.find("parallel_multiple") != std::string::npos)
        return Category::ParallelMultiple;
    if (id.find("parallel") != std::string::npos)
        return Category::Parallel;
    if (id.find("multiple") != std::string::npos)
        return Category::Multiple;
    if (id.find("simple") != std::string::npos)
        return Category::Simple;
    return std::nullopt;
}

std::vector<std::string> answerFilesFor(const std::string &questions, const ImportOptions &options)
{
    if (!options.answerFiles.empty())
        return options.answerFiles;
    // BFCL's own layout keeps the gold beside the questions; use it when no file is named.
    namespace fs = std::filesystem;
    const fs::path sibling
        = fs::path(questions).parent_path() / "possible_answer" / fs::path(questions).filename();
    std::error_code ec;
    if (fs::is_regular_file(sibling, ec))
        return {sibling.string()};
    throw FileFormatError("BFCL questions need their gold: give the possible_answer file with "
                          "--answers FILE");
}

std::vector<GoldCall> goldFromGroundTruth(const Json &groundTruth)
{
    if (!groundTruth.is_array())
        throw ItemError(
            "gold \"ground_truth\" must be a list of {function: {param: [allowed...]}}");
    std::vector<GoldCall> gold;
    for (const Json &entry : groundTruth) {
        if (!entry.is_object() || entry.size() != 1)
            throw ItemError("each gold call must be an object with exactly one function name, got "
                            + entry.dump().substr(0, 80));
        const std::string name = entry.begin().key();
        const Json &arguments = entry.begin().value();
        if (!arguments.is_object())
            throw ItemError("gold call \"" + name + "\": arguments must be an object");
        GoldCall call{name, {}};
        for (const auto &[param, allowed] : arguments.items()) {
            if (!allowed.is_array() || allowed.empty())
                throw ItemError("gold call \"" + name + "\", parameter \"" + param
                                + "\": expected a non-empty list of allowed values, got "
                                + allowed.dump().substr(0, 80));
            call.params.push_back(
                GoldParam{param, std::vector<Json>(allowed.begin(), allowed.end())});
        }
        gold.push_back(std::move(call));
    }
    return gold;
}

} // namespace

void importBfcl(InputReader &reader, ImportSink &sink, const ImportOptions &options)
{
    std::unordered_map<std::string, Answer> answers;
    for (const std::string &file : answerFilesFor(sink.file(), options)) {
        InputReader answerReader(file, options.maxItemBytes);
        InputItem item;
        int read = 0;
        while (answerReader.next(item)) {
            if (!item.value) {
                sink.skipInCompanion(file, item.line, item.error);
                continue;
            }
            const Json &v = *item.value;
            if (!v.is_object() || !v.contains("id") || !v.contains("ground_truth")) {
                sink.skipInCompanion(file, item.line,
                                     "expected a gold line {\"id\",\"ground_truth\":[...]}");
                continue;
            }
            ++read;
            answers[idText(v["id"])] = Answer{v["ground_truth"], file, item.line};
        }
        if (read == 0)
            throw FileFormatError("the --answers file " + file
                                  + " holds no BFCL gold lines {\"id\",\"ground_truth\"}");
    }

    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Record record;
        record.id = idText(requireField(item, "id", "the question id"));
        const Json &question = requireField(item, "question", "a list of turns of messages");
        if (!question.is_array())
            throw ItemError("field \"question\" must be a list of turns");
        // Each turn is a list of messages; a flat list of messages is accepted too.
        std::vector<const Json *> messages;
        for (const Json &turn : question) {
            if (turn.is_array())
                for (const Json &m : turn)
                    messages.push_back(&m);
            else
                messages.push_back(&turn);
        }
        for (const Json *m : messages) {
            const std::string role = requireString(*m, "role");
            auto parsed = roleFromString(role);
            if (!parsed)
                throw ItemError("unknown role \"" + role + "\" in \"question\"");
            const Json &content = requireField(*m, "content", "the message text");
            record.conversation.push_back(
                Message{*parsed,
                        content.is_string() ? content.get<std::string>() : content.dump(),
                        {},
                        {}});
        }
        const Json &functions = requireField(item, "function", "a list of function schemas");
        record.tools = normaliseToolList(functions);

        auto answer = answers.find(record.id);
        if (answer == answers.end())
            throw ItemError("no gold answer with id \"" + record.id
                            + "\" in the --answers file(s)");
        try {
            record.gold = goldFromGroundTruth(answer->second.groundTruth);
        } catch (const ItemError &e) {
            throw ItemError(std::string(e.what()) + " (" + answer->second.file + ":"
                            + std::to_string(answer->second.line) + ")");
        }
        record.category = categoryFromId(record.id).value_or(inferCategory(record));
        record.source = {sink.file(), line};
        record.meta["gold_style"] = "bfcl";
        sink.add(std::move(record));
    });
}

} // namespace itool::data
