// The preference examples a round trains on: a pair as the search found it is trained on
// exactly the token ids the policy sampled, which can differ from encoding the prefix and the
// fragment again (jointly or separately); an edited pair is encoded from its new text; a
// rejected pair is left out; a fragment that ends the answer keeps its end marker.
#include "core/model/byte_tokenizer.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/pipeline/round_pairs.h"

#include <QtTest>

using namespace itool;

namespace {

// Bytes, the chat markers, and merges "[" + "f" -> "[f", "(" + "b" -> "(b", ")" + "]" -> ")]"
// (ids 263, 264, 265): the encoder writes "[f(b=1)]" as "[f" "(b" "=" "1" ")]". A policy may
// sample other splits of the same text (here "[" "f" "(" then "b" "=" "1" ")" "]"), and then
// neither encoding the whole text nor encoding prefix and fragment apart gives its ids back.
model::BpeTokenizer tokenizer() { return model::byteTokenizer({{'[', 'f'}, {'(', 'b'}, {')', ']'}}); }

search::PreferencePair pairOf(const search::SearchTree &t, int parent, int chosen, int rejected)
{
    search::PreferencePair p;
    p.recordId = "r1";
    p.round = 1;
    p.parentNode = parent;
    p.chosenNode = chosen;
    p.rejectedNode = rejected;
    p.prefix = t.text(parent);
    p.chosen = t.node(chosen).fragment;
    p.rejected = t.node(rejected).fragment;
    return p;
}

} // namespace

class TestRoundPairs : public QObject
{
    Q_OBJECT

private slots:
    void sampledTokensAreTrainedOn()
    {
        const auto tok = tokenizer();
        const std::int32_t end = tok.requireSpecial(model::kEnd);
        const std::int32_t close = 265;
        // The tree: "[f(" sampled as "[" "f" "(", then two siblings: "b=1)]" sampled as "b" "="
        // "1" ")" "]" and the end marker, and "b=2)]" sampled as "b" "=" "2" ")]" and the end.
        search::SearchTree t;
        const int prefix = t.addNode(0, "[f(", 1.0, false, {'[', 'f', '('});
        const int good = t.addNode(prefix, "b=1)]", 1.0, true, {'b', '=', '1', ')', ']', end});
        const int bad = t.addNode(prefix, "b=2)]", 1.0, true, {'b', '=', '2', close, end});
        // Encoding again gives other ids, whether prefix and fragment go in together or apart.
        const auto path = t.tokens(good);
        const std::vector<std::int32_t> sampled(path.begin(), path.end() - 1); // without the end marker
        const auto joint = tok.encode("[f(b=1)]");
        QCOMPARE(joint, (std::vector<std::int32_t>{263, 264, '=', '1', close}));
        std::vector<std::int32_t> separate = tok.encode("[f(");
        tok.encodeAppend("b=1)]", separate);
        QCOMPARE(separate, (std::vector<std::int32_t>{263, '(', 'b', '=', '1', close}));
        QVERIFY(joint != sampled);
        QVERIFY(separate != sampled);
        QCOMPARE(tok.decode(sampled), std::string("[f(b=1)]")); // the same text all three ways

        store::StoredPair stored;
        stored.id = 7;
        stored.pair = pairOf(t, prefix, good, bad);
        const std::map<std::string, search::TokenIds> prompts{{"r1", {1, 2, 3}}};
        const std::map<std::string, search::SearchTree> trees{{"r1", t}};
        const auto out = pipeline::preferenceExamples({stored}, prompts, trees, tok);
        QCOMPARE(int(out.examples.size()), 1);
        QCOMPARE(out.encoded, 0);
        const auto &ex = out.examples[0];
        // prompt + prefix + chosen is exactly what the policy sampled, end marker included.
        QCOMPARE(ex.prompt, (std::vector<std::int32_t>{1, 2, 3, '[', 'f', '('}));
        QCOMPARE(ex.chosen, (std::vector<std::int32_t>{'b', '=', '1', ')', ']', end}));
        QCOMPARE(ex.rejected, (std::vector<std::int32_t>{'b', '=', '2', close, end}));
        std::vector<std::int32_t> whole(ex.prompt.begin() + 3, ex.prompt.end());
        whole.insert(whole.end(), ex.chosen.begin(), ex.chosen.end());
        QCOMPARE(whole, t.tokens(good));
        QCOMPARE(out.trained[0]["tokens"].get<std::string>(), std::string("sampled"));
    }

    void editedAndRejectedPairs()
    {
        const auto tok = tokenizer();
        const std::int32_t end = tok.requireSpecial(model::kEnd);
        search::SearchTree t;
        const int prefix = t.addNode(0, "[f(", 1.0, false, {'[', 'f', '('});
        const int good = t.addNode(prefix, "b=1)]", 1.0, true, {'b', '=', '1', 265, end});
        const int bad = t.addNode(prefix, "b=2)]", 1.0, true, {'b', '=', '2', 265, end});
        store::StoredPair edited;
        edited.id = 1;
        edited.pair = pairOf(t, prefix, good, bad);
        edited.pair.status = "edited";
        edited.editedChosen = "b=1 )]";
        edited.editedRejected = "b=2)]";
        store::StoredPair rejected = edited;
        rejected.id = 2;
        rejected.pair.status = "rejected";
        const std::map<std::string, search::TokenIds> prompts{{"r1", {9}}};
        const std::map<std::string, search::SearchTree> trees{{"r1", t}};
        const auto out = pipeline::preferenceExamples({edited, rejected}, prompts, trees, tok);
        QCOMPARE(int(out.examples.size()), 1);
        QCOMPARE(out.pairIds, (std::vector<std::int64_t>{1}));
        QCOMPARE(out.encoded, 1);
        // A person's text is encoded; the answer still ends where the node ends the answer.
        auto expected = tok.encode("b=1 )]");
        expected.push_back(end);
        QCOMPARE(out.examples[0].chosen, expected);
        QCOMPARE(out.trained[0]["tokens"].get<std::string>(), std::string("encoded"));
    }
};

QTEST_APPLESS_MAIN(TestRoundPairs)
#include "tst_round_pairs.moc"
