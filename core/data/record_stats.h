#pragma once
// Counts over a set of records for `itool stats` and the GUI's overview: by category,
// difficulty, tool (gold calls per tool name) and domain. What it is not: a quality check.
#include "core/data/record.h"

#include <map>
#include <string>
#include <vector>

namespace itool::data {

struct RecordStats
{
    std::int64_t records = 0;
    std::int64_t goldCalls = 0;
    std::int64_t noCallRecords = 0;
    std::int64_t difficultyByPerson = 0;
    std::map<std::string, std::int64_t> byCategory;   // every category, also at zero
    std::map<std::string, std::int64_t> byDifficulty; // easy/medium/hard/unset
    std::map<std::string, std::int64_t> byTool;       // gold calls per tool name
    std::map<std::string, std::int64_t> byDomain;     // "(none)" when unknown
};

RecordStats computeStats(const std::vector<Record> &records);

Json statsToJson(const RecordStats &stats);

// A plain-text table, most frequent first; `maxTools` limits the tool rows.
std::string statsToTable(const RecordStats &stats, std::size_t maxTools = 20);

} // namespace itool::data
