#pragma once
// The preference examples a round trains on, from its pairs as stored in the workspace
// database (so that reviews apply: rejected pairs are left out, edited ones use their edited
// texts). A pair as the search found it is trained on exactly the token ids the policy
// sampled (the record's search prompt, then the prefix's and each fragment's tokens, a
// fragment that ends the answer with the end marker); only a text a person typed (an edit,
// or a pair made by hand that no tree node holds) is encoded by the tokenizer.
// Torch header (through preference_trainer.h): core/pipeline .cpp files only.
#include "core/common/json.h"
#include "core/model/bpe_tokenizer.h"
#include "core/search/search_tree.h"
#include "core/store/preference_store.h"
#include "core/train/preference_trainer.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace itool::pipeline {

struct RoundPairs
{
    std::vector<train::PreferenceExample> examples;
    std::vector<std::int64_t> pairIds; // the database ids trained on
    Json trained = Json::array();      // [{"id", "record", "status", "tokens": "sampled"|"encoded"}]
    int encoded = 0;                   // examples whose texts were encoded (edits, hand-made pairs)
};

// prompts: each record's search prompt by id; trees: the round's trees by record id.
RoundPairs preferenceExamples(const std::vector<store::StoredPair> &stored,
                              const std::map<std::string, search::TokenIds> &prompts,
                              const std::map<std::string, search::SearchTree> &trees,
                              const model::BpeTokenizer &tokenizer);

} // namespace itool::pipeline
