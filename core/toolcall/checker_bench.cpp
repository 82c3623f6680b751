// Timed passes of the checker over gold-derived predictions.
#include "core/toolcall/checker_bench.h"

#include "core/common/usable_cores.h"
#include "core/toolcall/checker.h"
#include "core/toolcall/gold_predictions.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include <time.h>

namespace itool::toolcall {

namespace {

struct BenchItem
{
    std::size_t record;
    bool isRaw;
    std::string raw;
    Json decoded;
    bool wrong = false;
    bool converted = false;             // decoded list turned into calls at load
    std::vector<ParsedCall> calls = {}; // when converted
};

using Clock = std::chrono::steady_clock;

// CPU time of this thread: on a shared machine wall time also counts other processes' turns.
double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// What the timed passes do for one item: decode a raw string and check it, or check a decoded
// list already turned into calls (JSON only where it is not call-shaped).
CheckResult checkItem(const CompiledCase &c, const BenchItem &item)
{
    if (item.isRaw)
        return checkRaw(c, item.raw);
    return item.converted ? checkCalls(c, item.calls) : checkJson(c, item.decoded);
}

// The old way for decoded lists: JSON converted inside every check.
CheckResult checkItemFromJson(const CompiledCase &c, const BenchItem &item)
{
    return item.isRaw ? checkRaw(c, item.raw) : checkJson(c, item.decoded);
}

} // namespace

CheckerBenchResult runCheckerBench(const std::vector<data::Record> &records,
                                   const CheckerBenchOptions &options)
{
    CheckerBenchResult result;
    result.records = records.size();
    std::mt19937 rng(options.seed);
    std::vector<BenchItem> items;
    const auto &mutations = allMutations();
    for (std::size_t r = 0; r < records.size(); ++r) {
        const Json decoded
            = goldAsDecoded(records[r], GoldPredictionOptions{r % 2 == 0, r % 3 == 0});
        items.push_back(BenchItem{r, true, renderBracket(decoded), {}});
        items.push_back(BenchItem{r, false, {}, decoded});
        // two wrong predictions per record: one raw, one decoded
        for (int k = 0; k < 2; ++k) {
            Json wrong;
            for (int attempt = 0; attempt < 8; ++attempt)
                if (mutatePrediction(records[r], decoded, mutations[rng() % mutations.size()], rng,
                                     wrong))
                    break;
            if (wrong.is_null())
                continue;
            if (wrong.is_string())
                items.push_back(BenchItem{r, true, wrong.get<std::string>(), {}, true});
            else if (k == 0)
                items.push_back(BenchItem{r, true, renderBracket(wrong), {}, true});
            else
                items.push_back(BenchItem{r, false, {}, std::move(wrong), true});
            ++result.wrongChecks;
        }
    }
    result.checksPerPass = items.size();
    for (BenchItem &item : items) {
        (item.isRaw ? result.rawChecks : result.decodedChecks) += 1;
        if (!item.isRaw)
            item.converted = decodedAsCalls(item.decoded, item.calls);
    }

    std::vector<std::shared_ptr<const CompiledCase>> compiled;
    compiled.reserve(records.size());
    for (const data::Record &record : records)
        compiled.push_back(compileCase(record));

    std::vector<double> rates, cpuRates;
    double measured = 0.0;
    volatile double sink = 0.0; // keeps the results observable
    while (result.passes < options.minPasses || measured < options.minSeconds) {
        std::size_t valid = 0;
        const auto start = Clock::now();
        const double cpuStart = threadCpuSeconds();
        for (const BenchItem &item : items) {
            const CheckResult r = checkItem(*compiled[item.record], item);
            valid += r.valid;
            sink = sink + r.score;
        }
        const double s = std::chrono::duration<double>(Clock::now() - start).count();
        const double cpu = std::max(threadCpuSeconds() - cpuStart, 1e-9);
        measured += s;
        rates.push_back(static_cast<double>(items.size()) / s);
        cpuRates.push_back(static_cast<double>(items.size()) / cpu);
        result.validPerPass = valid;
        ++result.passes;
        if (result.passes > 100000)
            break;
    }
    std::sort(rates.begin(), rates.end());
    std::sort(cpuRates.begin(), cpuRates.end());
    result.seconds = measured;
    result.checksPerSecond = rates[rates.size() / 2];
    result.bestChecksPerSecond = rates.back();
    result.cpuChecksPerSecond = cpuRates[cpuRates.size() / 2];

    // Rates by kind of prediction (CPU time), to show where time goes.
    for (int kind = 0; kind < 4; ++kind) {
        std::vector<const BenchItem *> subset;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool wrong = items[i].wrong;
            const bool raw = items[i].isRaw;
            if ((kind == 0 && raw && !wrong) || (kind == 1 && !raw && !wrong)
                || (kind == 2 && raw && wrong) || (kind == 3 && !raw && wrong))
                subset.push_back(&items[i]);
        }
        if (subset.empty())
            continue;
        const double start = threadCpuSeconds();
        std::size_t done = 0;
        while (threadCpuSeconds() - start < 0.3) {
            for (const BenchItem *item : subset) {
                const CheckResult r = checkItem(*compiled[item->record], *item);
                sink = sink + r.score;
            }
            done += subset.size();
        }
        result.byKind[kind] = static_cast<double>(done) / (threadCpuSeconds() - start);
    }

    // The same work with every record compiled afresh each pass (no reuse of compiled gold).
    double compileSeconds = 0.0;
    std::size_t compileChecks = 0;
    for (int pass = 0; pass < std::max(3, options.minPasses / 2); ++pass) {
        const double start = threadCpuSeconds();
        std::size_t i = 0;
        for (std::size_t r = 0; r < records.size(); ++r) {
            const auto c = compileCase(records[r]);
            for (; i < items.size() && items[i].record == r; ++i) {
                const CheckResult res = checkItem(*c, items[i]);
                sink = sink + res.score;
            }
        }
        compileSeconds += threadCpuSeconds() - start;
        compileChecks += items.size();
    }
    result.withCompilePerSecond = static_cast<double>(compileChecks) / compileSeconds;

    // Decoded lists converted from JSON inside the timing (checkJson), median of a few passes.
    {
        std::vector<double> jsonRates;
        const double until = threadCpuSeconds() + std::min(1.0, options.minSeconds);
        while (jsonRates.size() < 3 || threadCpuSeconds() < until) {
            const double start = threadCpuSeconds();
            for (const BenchItem &item : items)
                sink = sink + checkItemFromJson(*compiled[item.record], item).score;
            jsonRates.push_back(static_cast<double>(items.size())
                                / std::max(threadCpuSeconds() - start, 1e-9));
            if (jsonRates.size() > 100000)
                break;
        }
        std::sort(jsonRates.begin(), jsonRates.end());
        result.jsonChecksPerSecond = jsonRates[jsonRates.size() / 2];
    }

    // Several threads at once over the same compiled cases (they are read-only).
    const int threads = options.threads > 0
                            ? options.threads
                            : static_cast<int>(usableCores());
    if (threads > 1) {
        const double seconds = std::min(2.0, options.minSeconds);
        std::atomic<bool> go{false};
        std::vector<std::size_t> done(static_cast<std::size_t>(threads), 0);
        std::vector<double> cpu(static_cast<std::size_t>(threads), 0.0);
        std::vector<double> sums(static_cast<std::size_t>(threads), 0.0);
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                while (!go.load())
                    std::this_thread::yield();
                const auto startWall = Clock::now();
                const double startCpu = threadCpuSeconds();
                double local = 0.0;
                std::size_t n = 0;
                // every thread starts at a different place, so they do not walk in step
                const std::size_t offset = items.size() * static_cast<std::size_t>(t)
                                           / static_cast<std::size_t>(threads);
                while (std::chrono::duration<double>(Clock::now() - startWall).count() < seconds) {
                    for (std::size_t k = 0; k < items.size(); ++k) {
                        const BenchItem &item = items[(k + offset) % items.size()];
                        local += checkItem(*compiled[item.record], item).score;
                    }
                    n += items.size();
                }
                done[static_cast<std::size_t>(t)] = n;
                cpu[static_cast<std::size_t>(t)] = threadCpuSeconds() - startCpu;
                sums[static_cast<std::size_t>(t)] = local;
            });
        const auto start = Clock::now();
        go = true;
        for (std::thread &th : pool)
            th.join();
        const double wall = std::chrono::duration<double>(Clock::now() - start).count();
        std::size_t total = 0;
        double cpuTotal = 0.0;
        for (int t = 0; t < threads; ++t) {
            total += done[static_cast<std::size_t>(t)];
            cpuTotal += cpu[static_cast<std::size_t>(t)];
            sink = sink + sums[static_cast<std::size_t>(t)];
        }
        result.threads = threads;
        result.threadedChecksPerSecond = static_cast<double>(total) / wall;
        result.threadedCpuChecksPerSecond = static_cast<double>(total) / std::max(cpuTotal, 1e-9);
    }
    return result;
}

} // namespace itool::toolcall
