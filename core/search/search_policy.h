#pragma once
// What tree search needs from a model, and nothing more: given a record's prompt (known to the
// policy by problem index) and a response prefix, sample K continuations with the model's
// log-prob of every token. Requests from several trees arrive together so that a policy can
// decode them in one batch. Tests drive the search with a scripted policy; decoder_policy.h
// adapts the KV-cache decoder. No torch here.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace itool::search {

struct ExpansionRequest
{
    std::size_t problem = 0; // index of the tree (record) in the current search batch
    std::string prefix;      // the response so far (concatenated fragments from the root)
    int samples = 3;
    std::uint64_t seed = 0; // derived from the search seed, the record id and the node id
};

struct Continuation
{
    std::string text;                   // what follows the prefix, without the end marker
    std::vector<std::uint32_t> tokenEnds; // byte offset in text where each token ends
    std::vector<double> logProbs;       // one per token (an end-of-turn token ends at text.size())
    bool finished = true;               // ended on the end marker, not on the token budget
};

class SearchPolicy
{
public:
    virtual ~SearchPolicy() = default;
    // One vector of continuations per request, in request order, each of size request.samples.
    virtual std::vector<std::vector<Continuation>> expand(const std::vector<ExpansionRequest> &requests) = 0;
};

} // namespace itool::search
