#pragma once
// The easy / medium / hard split: the structural rule (docs/split.md), perplexity terciles
// under a ResponseScorer, and a person's overrides. Every strategy leaves alone a record
// whose difficulty a person set (difficultyByPerson). What it is not: file I/O (the
// overrides reader aside) or the model that scores perplexity.
#include "core/common/user_error.h"
#include "core/data/record.h"
#include "core/data/response_scorer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::data {

struct StructuralFeatures
{
    int calls = 0;         // gold calls
    int candidates = 0;    // tools offered
    int nonVerbatim = 0;   // required values not written as such in the user turns
    int extraTurns = 0;    // messages before the final request (system prompt not counted)
    int score = 0;         // see structuralScore
};

// Points: 2 per gold call beyond the first, 1 per candidate tool beyond the first,
// 2 per non-verbatim value, 1 per earlier turn (at most 4).
StructuralFeatures structuralFeatures(const Record &record);
// easy <= kEasyMax < medium <= kMediumMax < hard
inline constexpr int kEasyMax = 2;
inline constexpr int kMediumMax = 6;
Difficulty structuralDifficulty(int score);

// Is the value written, case-insensitively, in the text? Strings as they are; numbers in
// their shortest form (5.0 -> "5"); lists and objects when every element is.
bool isVerbatim(const Json &value, const std::string &lowerText);

struct SplitSummary
{
    std::uint64_t easy = 0, medium = 0, hard = 0, unset = 0;
    std::uint64_t keptByPerson = 0; // person-set difficulties left as they were
    std::uint64_t changed = 0;      // records whose difficulty this step changed
    std::uint64_t unscored = 0;     // perplexity: records the scorer could not score
    void count(const std::vector<Record> &records);
};

SplitSummary splitStructural(std::vector<Record> &records);
// Lowest third of perplexities easy, middle third medium, top third hard (ties keep input
// order). Records the scorer cannot score (NaN, infinite) stay unset.
SplitSummary splitByPerplexity(std::vector<Record> &records, ResponseScorer &scorer);

struct DifficultyOverride
{
    std::string id;
    Difficulty difficulty = Difficulty::Unset;
    std::int64_t line = 0;
};

// JSON Lines {"id": "...", "difficulty": "easy|medium|hard"}; bad lines become issues and
// are skipped. Throws UserError when the file cannot be read.
std::vector<DifficultyOverride> readDifficultyOverrides(const std::string &path, std::vector<InputIssue> &issues);

// Sets each override as a person's decision; ids that match no record become issues.
SplitSummary applyOverrides(std::vector<Record> &records, const std::vector<DifficultyOverride> &overrides,
                            const std::string &overridesPath, std::vector<InputIssue> &issues);

} // namespace itool::data
