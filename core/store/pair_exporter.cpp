// Preference pair exports; see pair_exporter.h. The prompt messages reuse the record
// exporters of core/data (OpenAI chat for TRL/OpenRLHF, ShareGPT for LLaMA-Factory) so that
// pairs and records agree on how a conversation is written for each trainer.
#include "core/store/pair_exporter.h"

#include "core/data/exporter.h"
#include "core/data/native_format.h"
#include "core/store/workspace_store.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_set>

namespace itool::store {

namespace {

// A stand-in answer: the record exporters append an answer turn, which we take off again.
const char *const kPlaceholder = "\x1f itool placeholder answer \x1f";

data::Record withPlaceholderAnswer(const data::Record &record)
{
    data::Record r = record;
    r.gold.clear();
    r.meta["answer_text"] = kPlaceholder;
    return r;
}

// OpenAI-style messages (without the answer) and tools of a record, or of the stored prompt.
void chatPrompt(const StoredPair &pair, const data::Record *record, Json &messages, Json &tools,
                std::vector<std::string> &notes)
{
    if (!record) {
        if (pair.pair.prompt.empty())
            throw data::ExportError(
                "record " + pair.pair.recordId
                + " is not in the workspace and the pair stores no prompt text");
        messages = Json::array({Json{{"role", "user"}, {"content", pair.pair.prompt}}});
        tools = Json::array();
        return;
    }
    Json chat = data::toOpenAiChat(withPlaceholderAnswer(*record), notes);
    messages = chat["messages"];
    if (messages.empty() || messages.back().value("content", std::string()) != kPlaceholder)
        throw data::ExportError("record " + record->id
                                + ": cannot separate the prompt from the answer");
    messages.erase(messages.end() - 1);
    tools = chat["tools"];
}

Json assistant(const std::string &content)
{
    return Json{{"role", "assistant"}, {"content", content}};
}

Json toTrl(const StoredPair &p, const data::Record *record, PrefixPlacement placement,
           std::vector<std::string> &notes)
{
    Json messages, tools;
    chatPrompt(p, record, messages, tools, notes);
    const std::string &prefix = p.pair.prefix;
    std::string chosen = p.trainingChosen(), rejected = p.trainingRejected();
    if (placement == PrefixPlacement::Prompt) {
        if (!prefix.empty())
            messages.push_back(assistant(prefix));
    } else {
        chosen = prefix + chosen;
        rejected = prefix + rejected;
    }
    return Json{{"prompt", std::move(messages)},
                {"chosen", Json::array({assistant(chosen)})},
                {"rejected", Json::array({assistant(rejected)})},
                {"tools", std::move(tools)}};
}

Json toOpenRlhf(const StoredPair &p, const data::Record *record, std::vector<std::string> &notes)
{
    Json messages, tools;
    chatPrompt(p, record, messages, tools, notes);
    Json chosen = messages, rejected = messages;
    chosen.push_back(assistant(p.pair.prefix + p.trainingChosen()));
    rejected.push_back(assistant(p.pair.prefix + p.trainingRejected()));
    return Json{{"chosen", std::move(chosen)},
                {"rejected", std::move(rejected)},
                {"tools", std::move(tools)}};
}

Json toLlamaFactory(const StoredPair &p, const data::Record *record,
                    std::vector<std::string> &notes)
{
    Json out;
    if (record) {
        Json share = data::toShareGpt(withPlaceholderAnswer(*record), notes);
        Json conversations = share["conversations"];
        if (conversations.empty()
            || conversations.back().value("value", std::string()) != kPlaceholder)
            throw data::ExportError(
                "record " + record->id
                + ": the conversation ends with an assistant turn, so a ranking pair "
                  "cannot follow it in LLaMA-Factory's order");
        conversations.erase(conversations.end() - 1);
        out["conversations"] = std::move(conversations);
        out["chosen"] = Json{{"from", "gpt"}, {"value", p.pair.prefix + p.trainingChosen()}};
        out["rejected"] = Json{{"from", "gpt"}, {"value", p.pair.prefix + p.trainingRejected()}};
        out["system"] = share.value("system", std::string());
        out["tools"] = share["tools"];
    } else {
        if (p.pair.prompt.empty())
            throw data::ExportError(
                "record " + p.pair.recordId
                + " is not in the workspace and the pair stores no prompt text");
        out["conversations"] = Json::array({Json{{"from", "human"}, {"value", p.pair.prompt}}});
        out["chosen"] = Json{{"from", "gpt"}, {"value", p.pair.prefix + p.trainingChosen()}};
        out["rejected"] = Json{{"from", "gpt"}, {"value", p.pair.prefix + p.trainingRejected()}};
        out["system"] = "";
        out["tools"] = "[]";
    }
    return out;
}

Json toNative(const StoredPair &p)
{
    Json j{{"id", p.id}, {"run", p.run}};
    const Json fields = search::pairToJson(p.pair); // a named object: items() of a temporary dangles
    for (auto &[key, value] : fields.items())
        j[key] = value;
    if (p.pair.status == "edited") {
        j["original_chosen"] = p.pair.chosen;
        j["original_rejected"] = p.pair.rejected;
        j["chosen"] = p.editedChosen;
        j["rejected"] = p.editedRejected;
    }
    j["updated_at"] = p.updatedAt;
    return j;
}

} // namespace

std::optional<PairFormat> pairFormatFromString(std::string_view text)
{
    if (text == "trl")
        return PairFormat::Trl;
    if (text == "llamafactory" || text == "llama-factory")
        return PairFormat::LlamaFactory;
    if (text == "openrlhf")
        return PairFormat::OpenRlhf;
    if (text == "native")
        return PairFormat::Native;
    return std::nullopt;
}

std::string_view toString(PairFormat format)
{
    switch (format) {
    case PairFormat::Trl:
        return "trl";
    case PairFormat::LlamaFactory:
        return "llamafactory";
    case PairFormat::OpenRlhf:
        return "openrlhf";
    case PairFormat::Native:
        return "native";
    }
    return "?";
}

Json exportPair(const StoredPair &pair, const data::Record *record,
                const PairExportOptions &options, std::vector<std::string> &notes)
{
    switch (options.format) {
    case PairFormat::Trl:
        return toTrl(pair, record, options.prefix, notes);
    case PairFormat::LlamaFactory:
        return toLlamaFactory(pair, record, notes);
    case PairFormat::OpenRlhf:
        return toOpenRlhf(pair, record, notes);
    case PairFormat::Native:
        return toNative(pair);
    }
    throw data::ExportError("unknown pair format");
}

Json llamaFactoryDatasetInfo(const std::string &fileName)
{
    return Json{{"file_name", fileName},
                {"formatting", "sharegpt"},
                {"ranking", true},
                {"columns", Json{{"messages", "conversations"},
                                 {"chosen", "chosen"},
                                 {"rejected", "rejected"},
                                 {"system", "system"},
                                 {"tools", "tools"}}}};
}

namespace {

void writeWhole(const std::string &path, const std::string &text)
{
    const std::string temporary = path + ".partial";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw UserError(path + ": cannot write (" + std::strerror(errno) + ")");
        out << text;
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            throw UserError(path + ": writing failed (disk full?)");
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(temporary.c_str());
        throw UserError(path + ": cannot move the written file into place (" + reason + ")");
    }
}

} // namespace

PairExportResult exportPairsToFile(const std::vector<StoredPair> &pairs,
                                   const std::unordered_map<std::string, data::Record> &records,
                                   const PairExportOptions &options, const std::string &path)
{
    PairExportResult result;
    std::string text;
    std::unordered_set<std::string> seenNotes;
    for (const StoredPair &p : pairs) {
        const auto it = records.find(p.pair.recordId);
        const data::Record *record = it == records.end() ? nullptr : &it->second;
        std::vector<std::string> notes;
        try {
            Json line = exportPair(p, record, options, notes);
            // Sampled text can hold invalid UTF-8 (a token cut inside a character): replaced, not fatal.
            text += line.dump(-1, ' ', false, Json::error_handler_t::replace);
            text += '\n';
            ++result.written;
            if (!record && options.format != PairFormat::Native)
                ++result.withoutRecord;
        } catch (const data::ExportError &e) {
            result.skipped.push_back(
                InputIssue{path, 0, "pair " + std::to_string(p.id) + ": " + e.what()});
            continue;
        }
        for (std::string &n : notes)
            if (seenNotes.insert(n).second)
                result.notes.push_back(std::move(n));
    }
    writeWhole(path, text);
    if (options.format == PairFormat::LlamaFactory) {
        const std::filesystem::path out(path);
        const std::filesystem::path info = out.parent_path() / "dataset_info.json";
        Json all = Json::object();
        if (std::filesystem::exists(info)) {
            std::ifstream in(info);
            all = Json::parse(in, nullptr, false);
            if (all.is_discarded() || !all.is_object())
                throw UserError(info.string()
                                + ": exists but is not a JSON object; not overwriting it");
        }
        all[options.datasetName] = llamaFactoryDatasetInfo(out.filename().string());
        writeWhole(info.string(), all.dump(2) + "\n");
        result.datasetInfoPath = info.string();
    }
    return result;
}

std::string workspaceDatabasePath(const std::string &workspaceDir)
{
    return (std::filesystem::path(workspaceDir) / "workspace.sqlite").string();
}

std::unordered_map<std::string, data::Record> workspaceRecords(const std::string &workspaceDir,
                                                               const std::vector<StoredPair> &pairs)
{
    std::unordered_set<std::string> wanted;
    for (const StoredPair &p : pairs)
        wanted.insert(p.pair.recordId);
    std::unordered_map<std::string, data::Record> out;
    if (wanted.empty())
        return out;
    WorkspaceStore ws(workspaceDatabasePath(workspaceDir));
    for (const DatasetEntry &d : ws.datasets()) {
        std::ifstream in(std::filesystem::path(workspaceDir) / d.path, std::ios::binary);
        std::string line;
        while (std::getline(in, line) && out.size() < wanted.size()) {
            const Json j = Json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.is_object())
                continue;
            const auto id = j.find("id");
            if (id == j.end() || !id->is_string() || !wanted.count(id->get<std::string>())
                || out.count(id->get<std::string>()))
                continue;
            try {
                data::Record r = data::recordFromJson(j);
                out.emplace(r.id, std::move(r));
            } catch (const std::exception &) {
                // a bad line is the importer's business; the pair falls back to its prompt text
            }
        }
    }
    return out;
}

} // namespace itool::store
