// itool bench load: how fast a big records file opens, indexes, filters and searches in
// core/data/record_index (the index the workbench's dataset table is a view over).
// What it is not: a GUI timing. "First rows" is the moment the first chunk of rows is
// published by the index, which is what the table model shows; painting is not included.
#include "app/cli/command_registry.h"
#include "core/common/usable_cores.h"
#include "core/common/user_error.h"
#include "core/data/difficulty_splitter.h"
#include "core/data/native_format.h"
#include "core/data/request_generator.h"
#include "core/data/record_index.h"
#include "core/toolcall/checker.h"
#include "core/toolcall/gold_predictions.h"

#include <chrono>
#include <ctime>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace {

using Clock = std::chrono::steady_clock;
using namespace itool;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Reads a "VmXXX:   1234 kB" line of /proc/self/status, in bytes.
std::uint64_t procStatusBytes(const std::string &key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stoull(line.substr(key.size() + 1)) * 1024;
    return 0;
}

// N records from the synthetic request generator (the one behind `itool generate`), each
// given its structural difficulty, written as native JSONL.
void writeSyntheticRecords(const std::string &path, std::size_t count, unsigned seed)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw UserError(path + ": cannot write");
    const data::RequestGenerator generator(seed);
    for (std::size_t i = 0; i < count; ++i) {
        data::Record r = generator.generate(i);
        r.difficulty = data::structuralDifficulty(data::structuralFeatures(r).score);
        out << data::recordToJson(r).dump() << '\n';
    }
    if (!out)
        throw UserError(path + ": write failed");
}

itool::cli::CommandRegistrar reg{
    {"bench load",
     "Time opening, indexing, filtering and searching a large records file",
     "[RECORDS.jsonl]",
     "Without a file, writes N records from the synthetic request generator (default 100000,\n"
     "split structurally) to a temporary file and measures that. Prints milliseconds for the first rows, the full index, filters and\n"
     "a text search, and the peak memory (VmHWM) against the file size. The error-type filter\n"
     "runs on gold-derived predictions (a third deliberately broken) judged by the BFCL checker.\n"
     "Targets: first rows\n"
     "< 1000 ms, full index < 5000 ms, each filter < 200 ms, memory < 4x the file size.",
     {{"records", "N", "how many synthetic records to write (default 100000)"},
      {"keep", "FILE", "write the synthetic records here and keep them"},
      {"seed", "N", "random seed for the synthetic records (default 7)"},
      {"threads", "N", "threads scanning the file (default: cores, at most 4)"},
      {"predictions-out", "FILE", "also write the gold-derived predictions used for the error filter"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        std::string path;
        bool generated = false;
        double generateMs = 0;
        if (!cl.positionals().empty()) {
            path = cl.positionals().front();
        } else {
            const auto count = static_cast<std::size_t>(cl.intValue("records", 100000));
            path = cl.valueOr("keep", (std::filesystem::temp_directory_path()
                                       / ("itool-bench-load-" + std::to_string(::getpid()) + ".jsonl"))
                                          .string());
            generated = !cl.has("keep");
            const auto start = Clock::now();
            writeSyntheticRecords(path, count, static_cast<unsigned>(cl.intValue("seed", 7)));
            generateMs = msSince(start);
            // Forget the generator's peak so VmHWM below belongs to the index alone.
            std::ofstream("/proc/self/clear_refs") << "5";
        }
        const std::uint64_t rssBefore = procStatusBytes("VmRSS");

        const unsigned threads = static_cast<unsigned>(cl.intValue("threads", std::min(4u, itool::usableCores())));
        const std::clock_t cpuStart = std::clock();
        const auto start = Clock::now();
        data::RecordIndex index(path);
        // A small first chunk so the table can show rows at once, then bigger ones.
        index.appendChunk(index.scanChunk(0, 256u << 10));
        const double firstRowsMs = msSince(start);
        const std::size_t firstRows = index.size();
        index.indexAll({}, data::RecordIndex::kDefaultChunkBytes, threads);
        const double fullIndexMs = msSince(start);
        const double fullIndexCpuMs = 1000.0 * double(std::clock() - cpuStart) / CLOCKS_PER_SEC;

        // Check results for the error-type filter: gold-derived predictions for every other
        // record, a third of them deliberately broken, judged by the real BFCL checker.
        std::unordered_map<std::string, std::string> errors;
        std::ofstream predictionsOut;
        if (cl.has("predictions-out")) {
            predictionsOut.open(cl.required("predictions-out"), std::ios::binary | std::ios::trunc);
            if (!predictionsOut)
                throw UserError(cl.required("predictions-out") + ": cannot write");
        }
        const auto checkStart = Clock::now();
        std::mt19937 mutationRng(11);
        const auto &mutations = toolcall::allMutations();
        std::size_t checked = 0;
        for (std::size_t row = 0; row < index.size(); row += 2) {
            const auto record = index.record(row);
            if (record->gold.empty())
                continue; // "no call" records are outside BFCL's AST checking
            const Json decoded = toolcall::goldAsDecoded(*record);
            Json prediction = decoded;
            if (mutationRng() % 3 == 0) {
                Json mutated;
                if (toolcall::mutatePrediction(*record, decoded, mutations[mutationRng() % mutations.size()], mutationRng,
                                               mutated))
                    prediction = std::move(mutated);
            }
            const Json raw = prediction.is_string() ? prediction : Json(toolcall::renderBracket(prediction));
            const auto verdict = toolcall::checkJson(*toolcall::compileCase(*record), raw);
            errors.emplace(record->id, verdict.valid ? std::string() : verdict.errorType);
            if (predictionsOut.is_open())
                predictionsOut << Json{{"id", record->id}, {"result", raw}}.dump() << '\n';
            ++checked;
        }
        const double checkMs = msSince(checkStart);
        auto attachStart = Clock::now();
        index.setErrorTypes(errors);
        const double attachMs = msSince(attachStart);
        std::string someError = "type_error:simple";
        for (const std::string &e : index.errorTypeNames())
            if (e.find(':') != std::string::npos) {
                someError = e;
                break;
            }

        const auto tools = index.toolNames();
        const auto domains = index.domainNames();
        struct Case
        {
            std::string name;
            data::RecordFilter filter;
        };
        std::vector<Case> cases;
        cases.push_back({"difficulty=hard", {}});
        cases.back().filter.difficulty = data::Difficulty::Hard;
        cases.push_back({"category=parallel", {}});
        cases.back().filter.category = data::Category::Parallel;
        if (!tools.empty()) {
            cases.push_back({"tool=" + tools[tools.size() / 2], {}});
            cases.back().filter.tool = tools[tools.size() / 2];
        }
        if (!domains.empty()) {
            cases.push_back({"domain=" + domains.front(), {}});
            cases.back().filter.domain = domains.front();
        }
        cases.push_back({"error=" + someError, {}});
        cases.back().filter.errorType = someError;
        cases.push_back({"hard+domain+error", {}});
        cases.back().filter.difficulty = data::Difficulty::Hard;
        if (!domains.empty())
            cases.back().filter.domain = domains.back();
        cases.back().filter.errorType = data::RecordFilter::kCorrect;

        Json filterJson = Json::object();
        double worstFilterMs = 0;
        std::cout << "file: " << path << " (" << index.fileSize() / (1024.0 * 1024.0) << " MiB, "
                  << index.size() << " records, " << index.issues().size() << " bad lines)\n";
        if (generated)
            std::cout << "generated in " << generateMs << " ms\n";
        std::cout << "first rows visible (index, first chunk): " << firstRowsMs << " ms (" << firstRows
                  << " rows)   target < 1000 ms\n";
        std::cout << "full index: " << fullIndexMs << " ms wall, " << fullIndexCpuMs << " ms CPU on " << threads
                  << " thread(s)   target < 5000 ms\n";
        std::cout << "check " << checked << " gold-derived predictions (BFCL checker, incl. lazy parse): " << checkMs
                  << " ms; attach results: " << attachMs << " ms\n";
        for (const Case &c : cases) {
            const auto s = Clock::now();
            const auto rows = index.filter(c.filter);
            const double ms = msSince(s);
            worstFilterMs = std::max(worstFilterMs, ms);
            filterJson[c.name] = Json{{"ms", ms}, {"rows", rows.size()}};
            std::cout << "filter " << c.name << ": " << ms << " ms (" << rows.size() << " rows)   target < 200 ms\n";
        }
        Json searchJson = Json::object();
        for (const std::string needle : {"tokyo", "synth-7-99999", "flight to", "zzzz-not-there"}) {
            data::RecordFilter f;
            f.text = needle;
            const auto s = Clock::now();
            const auto rows = index.filter(f);
            const double ms = msSince(s);
            worstFilterMs = std::max(worstFilterMs, ms);
            searchJson[needle] = Json{{"ms", ms}, {"rows", rows.size()}};
            std::cout << "text search \"" << needle << "\": " << ms << " ms (" << rows.size() << " rows)\n";
        }
        auto all = index.filter({});
        auto sortStart = Clock::now();
        index.sortRows(all, data::RecordColumn::Id, true);
        const double sortMs = msSince(sortStart);
        std::cout << "sort all rows by id: " << sortMs << " ms\n";
        auto parseStart = Clock::now();
        std::mt19937 rng(1);
        for (int i = 0; i < 1000 && index.size() > 0; ++i)
            index.record(rng() % index.size());
        const double parseMs = msSince(parseStart) / 1000.0;
        std::cout << "lazy record parse: " << parseMs << " ms per record\n";

        const std::uint64_t peak = procStatusBytes("VmHWM");
        const double ratio = index.fileSize() ? static_cast<double>(peak) / index.fileSize() : 0.0;
        std::cout << "peak memory (VmHWM): " << peak / (1024.0 * 1024.0) << " MiB = " << ratio
                  << "x the file size (RSS before opening " << rssBefore / (1024.0 * 1024.0)
                  << " MiB, so the index itself added " << (peak - std::min(peak, rssBefore)) / (1024.0 * 1024.0)
                  << " MiB; includes the mapped file pages)   target < 4x\n";
        const bool ok = firstRowsMs < 1000 && fullIndexMs < 5000 && worstFilterMs < 200 && ratio < 4;
        std::cout << (ok ? "all targets met" : "SOME TARGETS MISSED") << "\n";

        if (cl.wantsJson()) {
            Json summary{{"file", path},
                         {"file_bytes", index.fileSize()},
                         {"records", index.size()},
                         {"first_rows_ms", firstRowsMs},
                         {"first_rows", firstRows},
                         {"full_index_ms", fullIndexMs},
                         {"full_index_cpu_ms", fullIndexCpuMs},
                         {"index_threads", threads},
                         {"filters", filterJson},
                         {"text_search", searchJson},
                         {"sort_ms", sortMs},
                         {"checked_predictions", checked},
                         {"check_ms", checkMs},
                         {"record_parse_ms", parseMs},
                         {"peak_memory_bytes", peak},
                         {"rss_before_open_bytes", rssBefore},
                         {"memory_ratio", ratio},
                         {"targets_met", ok},
                         {"measures", "core index (no GUI painting)"}};
            itool::cli::printJsonSummary(summary.dump());
        }
        if (generated)
            std::filesystem::remove(path);
        return 0;
    }};

} // namespace
