#pragma once
// What tree search needs from a model, and nothing more: given a record's prompt (known to the
// policy by problem index) and a response prefix as the token ids sampled so far, sample K
// continuations with every token's id, text and log-prob. The prefix is never re-encoded
// from its text, so the tree and the pairs built from it hold exactly the token sequences the
// policy emitted. Requests from several trees arrive together so that a policy can decode
// them in one batch. Tests drive the search with a scripted policy; decoder_policy.h adapts
// the KV-cache decoder. No torch here.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace itool::search {

using TokenIds = std::vector<std::int32_t>;

struct ExpansionRequest
{
    std::size_t problem = 0; // index of the tree (record) in the current search batch
    TokenIds prefixTokens;   // the response so far: the tokens of the fragments from the root
    std::string prefix;      // their text (what the fragment cutter reads)
    int samples = 3;
    int greedy = 0;          // how many of the samples are the greedy continuation (0 or 1)
    std::int64_t maxNewTokens = 64; // the response's token budget left after the prefix
    std::uint64_t seed = 0;  // derived from the search seed, the record id and the node id
};

struct Continuation
{
    std::string text;                     // what follows the prefix, without the end marker
    TokenIds tokens;                      // the sampled ids, the end marker included when finished
    std::vector<std::uint32_t> tokenEnds; // byte offset in text where each token ends
    std::vector<double> logProbs;         // one per token (the end marker ends at text.size())
    bool finished = true;                 // ended on the end marker, not on the token budget
};

class SearchPolicy
{
public:
    virtual ~SearchPolicy() = default;
    // One vector of continuations per request, in request order, each of size request.samples.
    virtual std::vector<std::vector<Continuation>> expand(const std::vector<ExpansionRequest> &requests) = 0;
};

} // namespace itool::search
