// Preference examples of a round; see round_pairs.h.
#include "core/pipeline/round_pairs.h"

#include "core/model/chat_template.h"

namespace itool::pipeline {

namespace {

bool validNode(const search::SearchTree &tree, int id) { return id >= 0 && id < tree.size(); }

} // namespace

RoundPairs preferenceExamples(const std::vector<store::StoredPair> &stored,
                              const std::map<std::string, search::TokenIds> &prompts,
                              const std::map<std::string, search::SearchTree> &trees,
                              const model::BpeTokenizer &tokenizer)
{
    const auto endId = tokenizer.requireSpecial(model::kEnd);
    RoundPairs out;
    for (const auto &sp : stored) {
        if (sp.pair.status == "rejected")
            continue;
        const auto prompt = prompts.find(sp.pair.recordId);
        if (prompt == prompts.end())
            continue; // a record no longer in the train files
        const auto tree = trees.find(sp.pair.recordId);
        const search::SearchTree *t = tree == trees.end() ? nullptr : &tree->second;
        const auto &p = sp.pair;
        train::PreferenceExample ex;
        ex.prompt = prompt->second;
        const bool nodesKnown =
            t && validNode(*t, p.parentNode) && validNode(*t, p.chosenNode) && validNode(*t, p.rejectedNode);
        // The sampled tokens, when the texts are still the tree's (not edited by a person).
        const bool sampled = nodesKnown && sp.pair.status != "edited" && t->text(p.parentNode) == p.prefix &&
                             t->node(p.chosenNode).fragment == p.chosen &&
                             t->node(p.rejectedNode).fragment == p.rejected && !t->node(p.chosenNode).tokens.empty() &&
                             !t->node(p.rejectedNode).tokens.empty();
        if (sampled) {
            const auto prefix = t->tokens(p.parentNode);
            ex.prompt.insert(ex.prompt.end(), prefix.begin(), prefix.end());
            ex.chosen = t->node(p.chosenNode).tokens;
            ex.rejected = t->node(p.rejectedNode).tokens;
        } else {
            tokenizer.encodeAppend(p.prefix, ex.prompt);
            ex.chosen = tokenizer.encode(sp.trainingChosen());
            ex.rejected = tokenizer.encode(sp.trainingRejected());
            // A side that ends the response also learns (or unlearns) the end of turn.
            if (nodesKnown && t->node(p.chosenNode).terminal)
                ex.chosen.push_back(endId);
            if (nodesKnown && t->node(p.rejectedNode).terminal)
                ex.rejected.push_back(endId);
            ++out.encoded;
        }
        if (ex.chosen.empty() || ex.rejected.empty())
            continue;
        out.examples.push_back(std::move(ex));
        out.pairIds.push_back(sp.id);
        out.trained.push_back(
            Json{{"id", sp.id}, {"record", p.recordId}, {"status", p.status}, {"tokens", sampled ? "sampled" : "encoded"}});
    }
    return out;
}

} // namespace itool::pipeline
