#pragma once
// Synthetic training records for a job: generated from the bundled tool catalog (a seed
// always gives the same records), split easy / medium / hard by the structural rule, and
// decontaminated: a generated record whose user turns equal those of any record in the
// exclusion set (the evaluation records) is dropped, so a held-out score never rewards a
// memorised request. What it is not: the generator itself (data/request_generator.h).
#include "core/data/record.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::pipeline {

struct SyntheticDataSpec
{
    std::uint64_t count = 0; // 0: none
    std::uint64_t seed = 1;
    std::vector<std::string> excludeFiles; // native JSON Lines records to keep out
};

struct SyntheticData
{
    std::vector<data::Record> records; // generated, split, minus the excluded ones
    std::size_t excluded = 0;          // generated records dropped as duplicates of excluded ones
};

// The text of a record's user turns, the key two records are "the same request" by.
std::string userTurnsKey(const data::Record &record);

SyntheticData makeSyntheticTrainingData(const SyntheticDataSpec &spec);

struct SyntheticCounts
{
    std::size_t kept = 0, excluded = 0;
};
// Generates spec.count records (none when 0) and appends the kept ones to records.
SyntheticCounts appendSyntheticRecords(std::vector<data::Record> &records, const SyntheticDataSpec &spec);

} // namespace itool::pipeline
