// itool bench checker: checker throughput over the BFCL v4 set (core/toolcall/checker_bench.h),
// printed beside the reference figure of BFCL's own Python checker on the same machine.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/toolcall/check_report.h"
#include "core/toolcall/checker_bench.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace {

constexpr double kReferenceRecordsPerSecond = 56000.0; // BFCL's Python AST checker, this machine

int runBenchChecker(const itool::cli::CommandLine &cl)
{
    namespace fs = std::filesystem;
    const std::string dir = cl.valueOr("dataset", std::string(ITOOL_SHARED_DATASETS) + "/bfcl-v4");
    const char *files[] = {"BFCL_v4_simple_python.json", "BFCL_v4_multiple.json",
                           "BFCL_v4_parallel.json", "BFCL_v4_parallel_multiple.json"};
    std::vector<itool::data::Record> records;
    for (const char *name : files) {
        const fs::path questions = fs::path(dir) / name;
        const fs::path answers = fs::path(dir) / "possible_answer" / name;
        if (!fs::exists(questions) || !fs::exists(answers))
            throw itool::UserError("itool bench checker: " + questions.string()
                                   + " or its possible_answer file is "
                                     "missing (give the BFCL v4 folder with --dataset DIR)");
        auto part = itool::toolcall::loadBfclRecords(questions.string(), {answers.string()});
        records.insert(records.end(), std::make_move_iterator(part.begin()),
                       std::make_move_iterator(part.end()));
    }
    itool::toolcall::CheckerBenchOptions options;
    options.minSeconds = cl.doubleValue("seconds", 3.0);
    if (options.minSeconds <= 0)
        throw itool::UserError("itool bench checker: --seconds must be positive");
    options.threads = static_cast<int>(cl.intValue("threads", 0));
    if (options.threads < 0)
        throw itool::UserError("itool bench checker: --threads must be 0 (all) or more");
    const auto r = itool::toolcall::runCheckerBench(records, options);
    const double ratio = r.checksPerSecond / kReferenceRecordsPerSecond;
    const double cpuRatio = r.cpuChecksPerSecond / kReferenceRecordsPerSecond;
    std::printf("records: %zu; checks per pass: %zu (%zu raw strings decoded, %zu decoded lists; "
                "%zu wrong, "
                "%zu valid)\n",
                r.records, r.checksPerPass, r.rawChecks, r.decodedChecks, r.wrongChecks,
                r.validPerPass);
    std::printf("passes: %d over %.2f s\n", r.passes, r.seconds);
    std::printf("reference (BFCL Python checker, one thread): %.0f rec/s; target 20x, aim 50x\n",
                kReferenceRecordsPerSecond);
    std::printf("one thread, records checked per CPU-second: %.0f (median pass) -> %.1fx  "
                "[headline]\n",
                r.cpuChecksPerSecond, cpuRatio);
    std::printf("one thread, records checked per second of wall clock: %.0f (median pass; best "
                "%.0f) -> %.1fx\n",
                r.checksPerSecond, r.bestChecksPerSecond, ratio);
    std::printf("one thread, decoded lists converted from JSON inside each check: %.0f rec per "
                "CPU-second (%.1fx)\n",
                r.jsonChecksPerSecond, r.jsonChecksPerSecond / kReferenceRecordsPerSecond);
    std::printf("one thread, gold compiled afresh for every record each pass: %.0f rec per "
                "CPU-second (%.1fx)\n",
                r.withCompilePerSecond, r.withCompilePerSecond / kReferenceRecordsPerSecond);
    std::printf("one thread, by kind, per CPU-second: right raw %.0f, right decoded %.0f, wrong "
                "raw %.0f, wrong decoded %.0f\n",
                r.byKind[0], r.byKind[1], r.byKind[2], r.byKind[3]);
    if (r.threads > 1)
        std::printf("%d threads together: %.0f rec/s wall clock (%.1fx one Python thread), %.0f "
                    "rec per CPU-second\n",
                    r.threads, r.threadedChecksPerSecond,
                    r.threadedChecksPerSecond / kReferenceRecordsPerSecond,
                    r.threadedCpuChecksPerSecond);
    std::printf("(timed: decoding raw strings and checking; decoded lists are turned into calls "
                "at load, like file\n reading; CPU-second figures count only this process's own "
                "time, wall-clock ones also\n other processes' turns on shared cores)\n");
    if (cl.wantsJson())
        itool::cli::printJsonSummary(itool::Json{
            {"records", r.records},
            {"checks_per_pass", r.checksPerPass},
            {"raw_checks", r.rawChecks},
            {"decoded_checks", r.decodedChecks},
            {"wrong_checks", r.wrongChecks},
            {"valid_per_pass", r.validPerPass},
            {"passes", r.passes},
            {"seconds", r.seconds},
            {"records_per_second", r.checksPerSecond},
            {"best_records_per_second", r.bestChecksPerSecond},
            {"cpu_records_per_second", r.cpuChecksPerSecond},
            {"cpu_ratio", cpuRatio},
            {"json_cpu_records_per_second", r.jsonChecksPerSecond},
            {"threads", r.threads},
            {"threaded_records_per_second", r.threadedChecksPerSecond},
            {"threaded_cpu_records_per_second", r.threadedCpuChecksPerSecond},
            {"by_kind_cpu", itool::Json{{"right_raw", r.byKind[0]},
                                        {"right_decoded", r.byKind[1]},
                                        {"wrong_raw", r.byKind[2]},
                                        {"wrong_decoded", r.byKind[3]}}},
            {"with_compile_records_per_second", r.withCompilePerSecond},
            {"reference_records_per_second", kReferenceRecordsPerSecond},
            {"ratio", ratio}}.dump());
    return 0;
}

itool::cli::CommandRegistrar reg{
    {"bench checker",
     "Measure checker throughput on BFCL v4 against BFCL's Python checker",
     "",
     "Loads the BFCL v4 python categories (1000 records), derives predictions from the gold (a "
     "raw\n"
     "bracket string and a decoded list per record, plus two mutated wrong ones), then checks "
     "them\n"
     "in repeated timed passes: decoding of raw strings and checking are timed, loading (and\n"
     "turning decoded JSON lists into calls) is not. Prints the median one-thread rate beside\n"
     "BFCL's own Python checker (56,000 records/s on this machine), then a figure for several\n"
     "threads at once, labelled with the thread count.",
     {{"dataset", "DIR", "BFCL v4 folder (default: the shared datasets)"},
      {"seconds", "S", "measure at least this long (default 3)"},
      {"threads", "N", "threads for the multi-thread figure (default: all; 1 skips it)"}}},
    runBenchChecker};

} // namespace
