#pragma once
// What the perplexity split needs from a model: the perplexity of a record's gold response
// given its prompt (exp of the mean negative log-likelihood over the response tokens). The
// model arrives in core/model; until then openResponseScorer fails with a clear message and
// the split logic is tested with stand-in scorers. What it is not: a model or a tokenizer.
#include "core/data/record.h"

#include <memory>
#include <string>

namespace itool::data {

class ResponseScorer
{
public:
    virtual ~ResponseScorer() = default;
    // Perplexity of the record's gold response; NaN or infinity when it cannot be scored.
    virtual double perplexity(const Record &record) = 0;
};

// Opens a model checkpoint folder as a scorer. Throws UserError with what is missing: no
// folder given, no such folder, or (in this build) that model loading is not available.
std::unique_ptr<ResponseScorer> openResponseScorer(const std::string &modelDir);

} // namespace itool::data
