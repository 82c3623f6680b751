#pragma once
// Checking a predictions file against a set of records, as `itool check` does: reading the
// predictions (JSON Lines {"id", "result"}), one output line per prediction in input order,
// and a per-category summary (accuracy, counts, error types, mean score).
// What it is not: the rules (checker.h) or the record importers (core/data).
#include "core/data/record.h"
#include "core/toolcall/checker.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace itool::toolcall {

struct Prediction
{
    std::string id;
    Json result; // a raw string or a decoded list
    std::int64_t line = 0;
};

// Throws UserError "file:line: reason" at the first unreadable line.
std::vector<Prediction> readPredictions(const std::string &path);

struct CategorySummary
{
    std::int64_t total = 0, valid = 0;
    double scoreSum = 0.0;
    std::map<std::string, std::int64_t> errorTypes;
};

class CheckSummary
{
public:
    void add(const std::string &category, const CheckResult &result);
    Json toJson() const;
    std::string toText() const;

private:
    std::map<std::string, CategorySummary> m_categories;
    CategorySummary m_all;
};

// {"id","valid","error_type","errors":[...],"score"}
Json checkLineJson(const std::string &id, const CheckResult &result);

// Checks every prediction against the record with its id, in input order; `emit` receives each
// output line. Throws UserError naming the predictions file and line for an unknown id.
CheckSummary checkPredictions(const std::vector<data::Record> &records, const std::vector<Prediction> &predictions,
                              const std::string &predictionsPath, const CheckOptions &options,
                              const std::function<void(const Json &)> &emit);

// Reads BFCL question + possible_answer files, or native records, into Records. Throws
// UserError with the first problem ("file:line: reason").
std::vector<data::Record> loadBfclRecords(const std::string &questions, const std::vector<std::string> &answers);
std::vector<data::Record> loadNativeRecords(const std::string &path);

} // namespace itool::toolcall
