#pragma once
// The checker benchmark behind `itool bench checker`: predictions derived from the gold of a
// record set (raw bracket strings, decoded lists, and mutated wrong ones), checked in repeated
// timed passes. File loading is outside the timing; decoding raw strings and checking are in.
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
};

struct CheckerBenchResult
{
    std::size_t records = 0;
    std::size_t checksPerPass = 0; // predictions checked in one pass over the set
    std::size_t rawChecks = 0, decodedChecks = 0, wrongChecks = 0; // per pass, by kind
    std::size_t validPerPass = 0;
    int passes = 0;
    double seconds = 0.0;
    double checksPerSecond = 0.0;      // median pass by wall clock, compiled cases prepared beforehand
    double bestChecksPerSecond = 0.0;  // fastest pass by wall clock
    double cpuChecksPerSecond = 0.0;   // median pass by this thread's CPU time
    double withCompilePerSecond = 0.0; // by CPU time, recompiling each record every pass
    // by CPU time: right raw strings, right decoded lists, wrong raw strings, wrong decoded lists
    double byKind[4] = {0, 0, 0, 0};
};

CheckerBenchResult runCheckerBench(const std::vector<data::Record> &records, const CheckerBenchOptions &options);

} // namespace itool::toolcall
