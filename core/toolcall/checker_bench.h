#pragma once
// The checker benchmark behind `itool bench checker`: predictions derived from the gold of a
// record set (raw bracket strings, decoded lists, and mutated wrong ones), checked in repeated
// timed passes. File loading is outside the timing; decoding raw strings and checking are in.
// Decoded lists are turned from JSON into calls once, with the loading (decodedAsCalls), as a
// caller holding decoded predictions would; the rate with that conversion inside the timing
// is reported too (jsonChecksPerSecond).
// What it is not: a test (it asserts nothing) or a model evaluation.
#include "core/data/record.h"

#include <string>
#include <vector>

namespace itool::toolcall {

struct CheckerBenchOptions
{
    double minSeconds = 3.0; // keep making passes until this much time was measured
    int minPasses = 5;
    unsigned seed = 7;
    int threads = 0; // for the multi-thread figure; 0: one per hardware thread, 1: skip it
};

struct CheckerBenchResult
{
    std::size_t records = 0;
    std::size_t checksPerPass = 0; // predictions checked in one pass over the set
    std::size_t rawChecks = 0, decodedChecks = 0, wrongChecks = 0; // per pass, by kind
    std::size_t validPerPass = 0;
    int passes = 0;
    double seconds = 0.0;
    // One thread. Compiled cases prepared beforehand.
    double checksPerSecond = 0.0;      // median pass by wall clock
    double bestChecksPerSecond = 0.0;  // fastest pass by wall clock
    double cpuChecksPerSecond = 0.0;   // median pass by this thread's CPU time
    double jsonChecksPerSecond = 0.0;  // by CPU time, decoded lists converted from JSON each check
    double withCompilePerSecond = 0.0; // by CPU time, recompiling each record every pass
    // Several threads checking at once, each its own passes over the whole set.
    int threads = 0;                         // 0 when not measured
    double threadedChecksPerSecond = 0.0;    // all threads' checks / wall clock
    double threadedCpuChecksPerSecond = 0.0; // all threads' checks / their summed CPU time
    // by CPU time: right raw strings, right decoded lists, wrong raw strings, wrong decoded lists
    double byKind[4] = {0, 0, 0, 0};
};

CheckerBenchResult runCheckerBench(const std::vector<data::Record> &records,
                                   const CheckerBenchOptions &options);

} // namespace itool::toolcall
