#pragma once
// Preference pairs written for external trainers (shapes in docs/curation.md and
// ../shared/docs/formats.md): TRL conversational {"prompt","chosen","rejected","tools"},
// LLaMA-Factory sharegpt ranking {"conversations","chosen","rejected","system","tools"} plus
// its dataset_info.json entry, OpenRLHF {"chosen","rejected"} as full message lists, and the
// native form (every stored field). The prompt messages come from the pair's record; a pair
// whose record is not in the workspace falls back to its stored prompt text as one user turn.
// Edited pairs are written with their edited texts.
// What it is not: the storage (pair_curation_store.h) or the record exports (data/exporter.h).
#include "core/common/user_error.h"
#include "core/data/record.h"
#include "core/store/preference_store.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace itool::store {

enum class PairFormat { Trl, LlamaFactory, OpenRlhf, Native };
std::optional<PairFormat> pairFormatFromString(std::string_view text);
std::string_view toString(PairFormat format);

// Where the shared prefix (the response up to the differing fragment) goes.
// Prompt: TRL gets a final assistant message holding it (TRL continues that message);
// Responses: both responses start with it. LLaMA-Factory and OpenRLHF cannot end a prompt
// with a partial assistant turn, so they always put it in the responses.
enum class PrefixPlacement { Prompt, Responses };

struct PairExportOptions
{
    PairFormat format = PairFormat::Trl;
    PrefixPlacement prefix = PrefixPlacement::Prompt;
    std::string datasetName = "itool_pairs"; // the dataset_info.json key (LLaMA-Factory)
};

struct PairExportResult
{
    std::int64_t written = 0;
    std::int64_t withoutRecord = 0; // prompt taken from the stored text
    std::vector<InputIssue> skipped;
    std::vector<std::string> notes;
    std::string datasetInfoPath; // LLaMA-Factory only
};

// One pair as one JSON object of the target format; throws data::ExportError when the
// record cannot be put in the target's shape. record may be null (see the top comment).
Json exportPair(const StoredPair &pair, const data::Record *record,
                const PairExportOptions &options, std::vector<std::string> &notes);

// The dataset_info.json entry for a file written in LLaMA-Factory's ranking shape.
Json llamaFactoryDatasetInfo(const std::string &fileName);

// Writes JSON Lines whole or not at all (temporary file renamed into place); for LLaMA-Factory
// also adds/replaces options.datasetName in dataset_info.json beside the file.
PairExportResult exportPairsToFile(const std::vector<StoredPair> &pairs,
                                   const std::unordered_map<std::string, data::Record> &records,
                                   const PairExportOptions &options, const std::string &path);

// The records the pairs refer to, read from the workspace's datasets (data/*.jsonl listed in
// its database). Records not found are simply absent.
std::unordered_map<std::string, data::Record>
workspaceRecords(const std::string &workspaceDir, const std::vector<StoredPair> &pairs);

std::string workspaceDatabasePath(const std::string &workspaceDir); // <dir>/workspace.sqlite

} // namespace itool::store
