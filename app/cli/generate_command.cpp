// itool generate: writes synthetic tool-use records from the bundled catalog.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/common/atomic_file.h"
#include "core/data/difficulty_splitter.h"
#include "core/data/native_format.h"
#include "core/data/request_generator.h"
#include "core/pipeline/record_files.h"
#include "core/pipeline/synthetic_training_data.h"

#include <unordered_set>

#include <chrono>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace {

itool::Json counts(const std::map<std::string, std::uint64_t> &m)
{
    itool::Json out = itool::Json::object();
    for (const auto &[k, v] : m)
        out[k] = v;
    return out;
}

// --difficulty / --exclude / --unique: an evaluation set. The records are split
// structurally, kept when their difficulty is listed, dropped when their user turns equal
// those of a record in an --exclude file (or, with --unique, of an earlier kept record).
int writeEvaluationSet(const itool::cli::CommandLine &cl, std::uint64_t count, std::uint64_t seed,
                       const std::string &path)
{
    std::vector<std::string> difficulties;
    if (auto list = cl.value("difficulty")) {
        std::size_t from = 0;
        while (from <= list->size()) {
            const auto comma = list->find(',', from);
            const std::string d = list->substr(from, comma == std::string::npos ? std::string::npos : comma - from);
            if (d != "easy" && d != "medium" && d != "hard")
                throw itool::UserError("itool generate: --difficulty takes easy, medium, hard separated by commas; got '" +
                                       d + "'");
            difficulties.push_back(d);
            if (comma == std::string::npos)
                break;
            from = comma + 1;
        }
    }
    std::unordered_set<std::string> seen;
    for (const auto &r : itool::pipeline::readRecordFiles(cl.values("exclude")))
        seen.insert(itool::pipeline::userTurnsKey(r));
    const itool::data::RequestGenerator generator(seed);
    std::vector<itool::data::Record> records;
    for (std::uint64_t i = 0; i < count; ++i)
        records.push_back(generator.generate(i));
    itool::data::splitStructural(records);
    std::string text;
    std::size_t kept = 0, excluded = 0, repeated = 0, otherDifficulty = 0;
    std::unordered_set<std::string> keptKeys;
    for (const auto &r : records) {
        const std::string difficulty(itool::data::toString(r.difficulty));
        if (!difficulties.empty() &&
            std::find(difficulties.begin(), difficulties.end(), difficulty) == difficulties.end()) {
            ++otherDifficulty;
            continue;
        }
        const std::string key = itool::pipeline::userTurnsKey(r);
        if (seen.count(key)) {
            ++excluded;
            continue;
        }
        if (cl.has("unique") && !keptKeys.insert(key).second) {
            ++repeated;
            continue;
        }
        text += itool::data::recordToJson(r).dump() + "\n";
        ++kept;
    }
    itool::writeFileAtomically(path, text);
    std::cout << "wrote " << kept << " of " << count << " generated records to " << path << " (" << otherDifficulty
              << " of another difficulty, " << excluded << " repeating an excluded request, " << repeated
              << " repeating a kept one)\n";
    if (cl.wantsJson())
        itool::cli::printJsonSummary(itool::Json{{"command", "generate"},
                                                 {"out", path},
                                                 {"records", kept},
                                                 {"other_difficulty", otherDifficulty},
                                                 {"excluded", excluded},
                                                 {"repeated", repeated},
                                                 {"seed", seed}}
                                         .dump());
    return 0;
}

itool::cli::CommandRegistrar reg{
    {"generate",
     "Generate synthetic tool-use records over the bundled tool catalog",
     "--count N --seed S --out FILE",
     "Writes N records as native JSON Lines. The same seed always gives a byte-identical file.\n"
     "Records cover the categories simple, multiple, parallel, parallel_multiple and none, and\n"
     "list in meta.reasoning what their values need (number words, unit conversions, relative\n"
     "dates, earlier turns, look-alike tools, ...). See docs/synthetic-data.md.\n"
     "With --difficulty, --exclude or --unique it writes an evaluation set instead: the records\n"
     "split easy/medium/hard by the structural rule, only the listed difficulties, none that\n"
     "repeats the request (user turns) of a record in an --exclude file, and with --unique none\n"
     "that repeats an earlier one (datasets/README.md: how datasets/heldout.jsonl was made).",
     {{"count", "N", "number of records (required)"},
      {"seed", "S", "random seed, a non-negative integer (default 1)"},
      {"out", "FILE", "output file, native JSON Lines (required)"},
      {"catalog", "FILE", "also write the tool catalog (schemas, domains, look-alikes) as JSON"},
      {"difficulty", "LIST", "keep these difficulties (easy,medium,hard) after a structural split"},
      {"exclude", "FILE", "drop records whose request occurs in this records file", true},
      {"unique", "", "drop records whose request repeats an earlier record's"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        const long long count = cl.intValue("count", -1);
        if (!cl.has("count"))
            throw itool::UserError(
                "itool generate: --count is required (see itool generate --help)");
        if (count < 0)
            throw itool::UserError("itool generate: --count must be 0 or more, got "
                                   + std::to_string(count));
        const long long seed = cl.intValue("seed", 1);
        if (seed < 0)
            throw itool::UserError("itool generate: --seed must be 0 or more, got "
                                   + std::to_string(seed));
        const std::string path = cl.required("out");
        if (cl.has("difficulty") || cl.has("exclude") || cl.has("unique"))
            return writeEvaluationSet(cl, std::uint64_t(count), std::uint64_t(seed), path);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out)
            throw itool::UserError("itool generate: cannot write " + path);
        if (auto catalogPath = cl.value("catalog")) {
            std::ofstream catalog(*catalogPath, std::ios::binary | std::ios::trunc);
            catalog << itool::data::ToolCatalog::builtin().toJson().dump(1, '\t') << "\n";
            if (!catalog)
                throw itool::UserError("itool generate: cannot write " + *catalogPath);
        }
        const auto start = std::chrono::steady_clock::now();
        std::function<void(std::uint64_t)> progress;
        if (isatty(STDERR_FILENO))
            progress = [](std::uint64_t done) {
                std::cerr << "generated " << done << " records\r" << std::flush;
            };
        const auto summary = itool::data::writeGeneratedRecords(
            out, static_cast<std::uint64_t>(count), static_cast<std::uint64_t>(seed), progress);
        out.close();
        if (!out)
            throw itool::UserError("itool generate: writing " + path + " failed (disk full?)");
        const double seconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << "wrote " << summary.records << " records (" << summary.bytes << " bytes) to "
                  << path << " in " << seconds << " s\n";
        for (const auto &[category, n] : summary.byCategory)
            std::cout << "  " << category << ": " << n << "\n";
        if (cl.wantsJson()) {
            itool::Json json{{"command", "generate"},
                             {"out", path},
                             {"records", summary.records},
                             {"bytes", summary.bytes},
                             {"seed", seed},
                             {"seconds", seconds},
                             {"by_category", counts(summary.byCategory)},
                             {"by_reasoning", counts(summary.byReasoning)},
                             {"by_domain", counts(summary.byDomain)}};
            itool::cli::printJsonSummary(json.dump());
        }
        return 0;
    }};

} // namespace
