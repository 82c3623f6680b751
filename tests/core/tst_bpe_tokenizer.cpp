// The byte-level BPE tokenizer: exact round trips on every text of the shared datasets and on
// random bytes, the pre-tokeniser's cuts, merges in rank order, the trainer's known result,
// save/load identity, special tokens, and clear errors for broken tokenizer files.
#include "core/model/bpe_tokenizer.h"
#include "core/model/bpe_trainer.h"
#include "core/model/pre_tokenizer.h"

#include "shared_datasets.h"

#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

using namespace itool;
using namespace itool::model;
using namespace std::string_literals;

namespace {

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void collectStrings(const Json &value, std::vector<std::string> &out)
{
    if (value.is_string()) {
        out.push_back(value.get<std::string>());
    } else if (value.is_array()) {
        for (const Json &e : value)
            collectStrings(e, out);
    } else if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            out.push_back(it.key());
            collectStrings(it.value(), out);
        }
    }
}

// Every raw line of every dataset file, and every JSON string (keys included) in them.
std::vector<std::string> datasetTexts()
{
    std::vector<std::string> texts;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(ITOOL_SHARED_DATASETS)) {
        if (!entry.is_regular_file())
            continue;
        const std::string content = readFile(entry.path());
        std::istringstream lines(content);
        std::string line;
        std::vector<std::string> fileLines;
        while (std::getline(lines, line))
            fileLines.push_back(line);
        texts.insert(texts.end(), fileLines.begin(), fileLines.end());
        const auto ext = entry.path().extension();
        if (ext != ".json" && ext != ".jsonl")
            continue;
        try {
            collectStrings(Json::parse(content), texts); // one document (API-Bank)
        } catch (const Json::parse_error &) {
            for (const std::string &l : fileLines) // JSON Lines (BFCL, Seal-Tools)
                if (!l.empty())
                    collectStrings(Json::parse(l), texts);
        }
    }
    return texts;
}

std::vector<std::string> toStrings(const std::vector<std::string_view> &views)
{
    return {views.begin(), views.end()};
}

// A tokenizer.json written by hand: all 256 bytes at id = byte value, then extra tokens.
Json handMadeTokenizer(const std::vector<std::string> &extraTokens,
                       const std::vector<std::string> &merges)
{
    Json vocab = Json::object();
    for (int b = 0; b < 256; ++b)
        vocab[bytesToByteLevel(std::string(1, char(b)))] = b;
    int id = 256;
    for (const std::string &t : extraTokens)
        vocab[t] = id++;
    Json byteLevel{{"type", "ByteLevel"}};
    return Json{{"added_tokens",
                 Json::array({Json{{"id", id}, {"content", "<|end|>"}, {"special", true}}})},
                {"pre_tokenizer", byteLevel},
                {"decoder", byteLevel},
                {"model", Json{{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}}}};
}

} // namespace

class TestBpeTokenizer : public QObject
{
    Q_OBJECT

    std::vector<std::string> m_texts;
    std::optional<BpeTokenizer> m_tokenizer;

    // The current row's text (column "text") cut by kind gives its "pieces".
    static void compareCuts(PreTokenizer kind)
    {
        QFETCH(QString, text);
        QFETCH(QStringList, pieces);
        std::vector<std::string> expected;
        for (const QString &p : pieces)
            expected.push_back(p.toStdString());
        QCOMPARE(toStrings(preTokenize(text.toStdString(), kind)), expected);
    }

private slots:
    void initTestCase()
    {
        ITOOL_SKIP_WITHOUT_SHARED_DATASETS();
        m_texts = datasetTexts();
        QVERIFY2(m_texts.size() > 40000, "the shared datasets were not found or are incomplete");
        BpeTrainingOptions options;
        options.vocabSize = 2048;
        BpeTrainer trainer(options);
        for (std::size_t i = 0; i < m_texts.size(); i += 2) // train on half, test on all
            trainer.addText(m_texts[i]);
        m_tokenizer = trainer.train();
        QCOMPARE(m_tokenizer->vocabSize(), 2048);
    }

    void roundTripsEveryDatasetText()
    {
        std::size_t tokens = 0, bytes = 0;
        for (const std::string &text : m_texts) {
            const auto ids = m_tokenizer->encode(text);
            for (std::int32_t id : ids)
                QVERIFY2(!m_tokenizer->isSpecial(id), text.c_str());
            QVERIFY2(m_tokenizer->decode(ids) == text, text.c_str());
            QVERIFY2(m_tokenizer->decode(m_tokenizer->encode(text, SpecialTokens::Parse)) == text,
                     text.c_str());
            tokens += ids.size();
            bytes += text.size();
        }
        qInfo("%zu texts, %zu bytes, %zu tokens", m_texts.size(), bytes, tokens);
        // Merges learned on half the texts compress all of them (bytes alone would give 1.0).
        QVERIFY2(double(bytes) / double(tokens) > 3.0,
                 std::to_string(double(bytes) / tokens).c_str());
    }

    void roundTripsRandomBytes()
    {
        std::mt19937 rng(1234);
        std::vector<std::string> inputs = {"",
                                           std::string(1, '\0'),
                                           std::string(10000, ' '),
                                           std::string(5000, '!') + "\n\n",
                                           "\xff\xfe\x80\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80",
                                           "a\0b<|user|>c<|end|"s,
                                           std::string(3000, 'a')};
        for (int i = 0; i < 3000; ++i) {
            std::string s(rng() % 200, '\0');
            const bool ascii = i % 3 == 0;
            for (char &c : s)
                c = char(ascii ? rng() % 128 : rng() % 256);
            inputs.push_back(std::move(s));
        }
        for (const std::string &s : inputs) {
            const auto ids = m_tokenizer->encode(s);
            QCOMPARE(m_tokenizer->decode(ids), s);
            for (std::int32_t id : ids)
                QVERIFY(!m_tokenizer->isSpecial(id));
            for (PreTokenizer kind : {PreTokenizer::Gpt2, PreTokenizer::SeparateSpaces}) {
                std::string joined;
                for (std::string_view piece : preTokenize(s, kind))
                    joined += piece;
                QCOMPARE(joined, s);
            }
        }
    }

    void encodesFromSeveralThreads()
    {
        // A copy with an empty word cache, filled by four threads at once.
        const BpeTokenizer fresh = BpeTokenizer::fromJson(m_tokenizer->toJson(), "copy");
        const std::size_t count = std::min<std::size_t>(m_texts.size(), 20000);
        std::vector<std::vector<std::vector<std::int32_t>>> results(4);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < results.size(); ++t)
            threads.emplace_back([&, t] {
                for (std::size_t i = 0; i < count; ++i)
                    results[t].push_back(fresh.encode(m_texts[(i + t * 997) % count]));
            });
        for (std::thread &thread : threads)
            thread.join();
        for (std::size_t t = 0; t < results.size(); ++t)
            for (std::size_t i = 0; i < count; i += 7)
                QCOMPARE(results[t][i], m_tokenizer->encode(m_texts[(i + t * 997) % count]));
    }

    void preTokenizerCuts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("pieces");
        // Expected pieces are what the Llama-3 split pattern gives (checked with Python's regex).
        QTest::newRow("words") << "Hello world" << QStringList{"Hello", " world"};
        QTest::newRow("contractions") << "I'm HERE'LL" << QStringList{"I", "'m", " HERE", "'LL"};
        QTest::newRow("digits by three") << "12345 67" << QStringList{"123", "45", " ", "67"};
        QTest::newRow("double space") << "a  b" << QStringList{"a", " ", " b"};
        QTest::newRow("newlines") << "x\n\n  y" << QStringList{"x", "\n\n", " ", " y"};
        QTest::newRow("call") << "f(a=1, b=\"x\")"
                              << QStringList{"f", "(a", "=", "1", ",", " b", "=\"", "x", "\")"};
        QTest::newRow("trailing") << "end.  \n" << QStringList{"end", ".", "  \n"};
        QTest::newRow("tab word") << "\tfoo   " << QStringList{"\tfoo", "   "};
        QTest::newRow("unicode") << QString::fromUtf8("caf\u00e9 \u4f60\u597d!!\n\n")
                                 << QStringList{QString::fromUtf8("caf\u00e9"),
                                                QString::fromUtf8(" \u4f60\u597d"), "!!\n\n"};
        QTest::newRow("json") << "[{\"k\": 2.5}]"
                              << QStringList{"[{\"", "k", "\":", " ", "2", ".", "5", "}]"};
    }
    void preTokenizerCuts() { compareCuts(PreTokenizer::Gpt2); }

    void separateSpacesCuts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("pieces");
        // What kSeparateSpacesPattern gives: no piece starts with a space or punctuation and
        // then continues with letters.
        QTest::newRow("words") << "Hello world" << QStringList{"Hello", " ", "world"};
        QTest::newRow("contractions") << "I'm HERE'LL" << QStringList{"I", "'m", " ", "HERE", "'LL"};
        QTest::newRow("digits by three") << "12345 67" << QStringList{"123", "45", " ", "67"};
        QTest::newRow("double space") << "a  b" << QStringList{"a", "  ", "b"};
        QTest::newRow("newlines") << "x\n\n  y" << QStringList{"x", "\n\n", "  ", "y"};
        QTest::newRow("call") << "f(a=1, b=\"x\")"
                              << QStringList{"f", "(", "a", "=", "1", ",", " ", "b", "=\"", "x", "\")"};
        QTest::newRow("trailing") << "end.  \n" << QStringList{"end", ".", "  \n"};
        QTest::newRow("tab word") << "\tfoo   " << QStringList{"\t", "foo", "   "};
        QTest::newRow("unicode") << QString::fromUtf8("caf\u00e9 \u4f60\u597d!!\n\n")
                                 << QStringList{QString::fromUtf8("caf\u00e9"), " ",
                                                QString::fromUtf8("\u4f60\u597d"), "!!\n\n"};
    }
    void separateSpacesCuts() { compareCuts(PreTokenizer::SeparateSpaces); }

    // A value copied from a request into a call is the same ids with SeparateSpaces, and the
    // choice survives tokenizer.json; the default tokenizer gives the word other ids after a space.
    void separateSpacesKeepsWordsAlikeAndIsSaved()
    {
        BpeTrainingOptions options;
        options.vocabSize = 1024;
        options.preTokenizer = PreTokenizer::SeparateSpaces;
        BpeTrainer trainer(options);
        for (std::size_t i = 0; i < std::min<std::size_t>(m_texts.size(), 8000); ++i)
            trainer.addText(m_texts[i]);
        const BpeTokenizer separate = trainer.train();
        QCOMPARE(separate.preTokenizer(), PreTokenizer::SeparateSpaces);

        const std::string request = "What is the weather in Tokyo today?";
        const std::string call = "[get_weather(city=\"Tokyo\")]";
        auto contains = [](const std::vector<std::int32_t> &hay, const std::vector<std::int32_t> &needle) {
            return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
        };
        const auto tokyo = separate.encode("Tokyo");
        QVERIFY(contains(separate.encode(request), tokyo));
        QVERIFY(contains(separate.encode(call), tokyo));
        const auto gpt2Tokyo = m_tokenizer->encode("Tokyo");
        QVERIFY2(!contains(m_tokenizer->encode(request), gpt2Tokyo),
                 "the default tokenizer should cut \" Tokyo\" apart from \"Tokyo\"");

        const Json file = separate.toJson();
        QCOMPARE(file["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"].get<std::string>(),
                 std::string(kSeparateSpacesPattern));
        const BpeTokenizer loaded = BpeTokenizer::fromJson(file, "saved");
        QCOMPARE(loaded.preTokenizer(), PreTokenizer::SeparateSpaces);
        for (std::size_t i = 0; i < std::min<std::size_t>(m_texts.size(), 2000); i += 3)
            QCOMPARE(loaded.encode(m_texts[i]), separate.encode(m_texts[i]));
        QCOMPARE(BpeTokenizer::fromJson(m_tokenizer->toJson(), "default").preTokenizer(), PreTokenizer::Gpt2);
        // A file with another pattern (or none) is read as before: the GPT-2 style splitter.
        Json other = file;
        other["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\s+";
        QCOMPARE(BpeTokenizer::fromJson(other, "other").preTokenizer(), PreTokenizer::Gpt2);
    }

    void mergesApplyInRankOrder()
    {
        // Rank 0 "b c", rank 1 "a b", rank 2 "a bc". In rank order "abc" -> a|bc -> abc; in
        // any other order it would stop at ab|c, for which no merge exists.
        const BpeTokenizer t = BpeTokenizer::fromJson(
            handMadeTokenizer({"bc", "ab", "abc", "aa"}, {"b c", "a b", "a bc", "a a"}), "hand");
        QCOMPARE(t.vocabSize(), 261);
        QCOMPARE(t.encode("abc"), (std::vector<std::int32_t>{258}));
        QCOMPARE(t.encode("abab"), (std::vector<std::int32_t>{257, 257}));
        QCOMPARE(t.encode("abcab"), (std::vector<std::int32_t>{258, 257}));
        // Equal ranks merge leftmost first: aaa -> aa|a, never a|aa.
        QCOMPARE(t.encode("aaa"), (std::vector<std::int32_t>{259, 'a'}));
        QCOMPARE(t.encode("aaaa"), (std::vector<std::int32_t>{259, 259}));
        // The leading space belongs to the word, but no merge joins it: it stays a byte token.
        QCOMPARE(t.encode(" abc"), (std::vector<std::int32_t>{' ', 258}));
        QCOMPARE(t.encode("<|end|>", SpecialTokens::Parse), (std::vector<std::int32_t>{260}));
    }

    void trainerLearnsKnownMerges()
    {
        // The textbook example: aa (4 times) first, then ab and aaab tie-broken by ids.
        BpeTrainingOptions options;
        options.vocabSize = 9 + 256 + 3;
        BpeTrainer trainer(options);
        trainer.addText("aaabdaaabac");
        const BpeTokenizer t = trainer.train();
        QCOMPARE(t.vocabSize(), 268);
        QCOMPARE(t.tokenBytes(265), std::string("aa"));
        QCOMPARE(t.tokenBytes(266), std::string("ab"));
        QCOMPARE(t.tokenBytes(267), std::string("aaab"));
        QCOMPARE(t.encode("aaabdaaabac"),
                 (std::vector<std::int32_t>{267, 9 + 'd', 267, 9 + 'a', 9 + 'c'}));
        // Nothing occurs twice any more: training stops below the asked size.
        options.vocabSize = 400;
        BpeTrainer more(options);
        more.addText("aaabdaaabac");
        QCOMPARE(more.train().vocabSize(), 268);
    }

    void specialTokens()
    {
        const BpeTokenizer &t = *m_tokenizer;
        const auto names = defaultSpecialTokens();
        QCOMPARE(t.specialTokens(), names);
        for (std::size_t i = 0; i < names.size(); ++i) {
            QCOMPARE(t.specialId(names[i]), std::optional<std::int32_t>(std::int32_t(i)));
            QVERIFY(t.isSpecial(std::int32_t(i)));
        }
        QVERIFY(!t.isSpecial(std::int32_t(names.size())));
        const std::string text = "<|user|>Hi<|end|>\n<|assistant|>";
        const auto plain = t.encode(text);
        QVERIFY(std::none_of(plain.begin(), plain.end(),
                             [&](std::int32_t id) { return t.isSpecial(id); }));
        const auto parsed = t.encode(text, SpecialTokens::Parse);
        QCOMPARE(parsed.front(), *t.specialId("<|user|>"));
        QCOMPARE(parsed.back(), *t.specialId("<|assistant|>"));
        QCOMPARE(std::count_if(parsed.begin(), parsed.end(),
                               [&](std::int32_t id) { return t.isSpecial(id); }),
                 3);
        QCOMPARE(t.decode(parsed), text);
        QCOMPARE(t.decode(parsed, /*skipSpecials=*/true), std::string("Hi\n"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range,
                                 t.decode(std::vector<std::int32_t>{t.vocabSize()}));
        QVERIFY_THROWS_EXCEPTION(UserError, t.requireSpecial("<|nope|>"));
    }

    void saveLoadIdentity()
    {
        const std::string path = ITOOL_BINARY_DIR "/tst_bpe_tokenizer.json";
        m_tokenizer->save(path);
        const BpeTokenizer loaded = BpeTokenizer::load(path);
        QVERIFY(loaded.sameModel(*m_tokenizer));
        QCOMPARE(loaded.toJson().dump(), m_tokenizer->toJson().dump());
        for (std::size_t i = 0; i < m_texts.size(); i += 97)
            QCOMPARE(loaded.encode(m_texts[i]), m_tokenizer->encode(m_texts[i]));
        const Json json = Json::parse(readFile(path));
        QCOMPARE(json["model"]["type"], Json("BPE"));
        QCOMPARE(json["added_tokens"].size(), std::size_t(9));
        QCOMPARE(json["model"]["vocab"].size() + 9, std::size_t(2048));
        QCOMPARE(json["model"]["merges"].size(), m_tokenizer->mergeCount());
        // The space byte is written as "Ġ" (U+0120), as in GPT-2's files.
        QCOMPARE(json["model"]["vocab"]["\xc4\xa0"], Json(9 + ' '));
        std::filesystem::remove(path);
    }

    void brokenFilesFail_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no model") << "no model"
                                  << "model: missing";
        QTest::newRow("wrong type") << "wrong type"
                                    << "model.type: expected \"BPE\"";
        QTest::newRow("no merges") << "no merges"
                                   << "model.merges: missing";
        QTest::newRow("unknown token") << "unknown token"
                                       << "model.merges[1]: names unknown token \"zz\"";
        QTest::newRow("merge without space") << "merge without space"
                                             << "model.merges[0]: \"bc\" is not two tokens";
        QTest::newRow("merged not in vocab") << "merged not in vocab"
                                             << "the merged token \"cb\" is not in model.vocab";
        QTest::newRow("id gap") << "id gap"
                                << "no token has id 258";
        QTest::newRow("duplicate id") << "duplicate id"
                                      << "id 257 is given to both";
        QTest::newRow("not byte level") << "not byte level"
                                        << "not written in the byte-level alphabet";
        QTest::newRow("no pre_tokenizer") << "no pre_tokenizer"
                                          << "pre_tokenizer: missing";
        QTest::newRow("missing byte") << "missing byte"
                                      << "no token for byte 97";
        QTest::newRow("truncated file") << "truncated file"
                                        << "not valid JSON";
        QTest::newRow("no file") << "no file"
                                 << "cannot read";
    }
    void brokenFilesFail()
    {
        QFETCH(QString, change);
        QFETCH(QString, expected);
        Json json = handMadeTokenizer({"bc", "ab", "abc"}, {"b c", "a b", "a bc"});
        std::string text;
        const std::string c = change.toStdString();
        if (c == "no model")
            json.erase("model");
        else if (c == "wrong type")
            json["model"]["type"] = "WordPiece";
        else if (c == "no merges")
            json["model"].erase("merges");
        else if (c == "unknown token")
            json["model"]["merges"][1] = "a zz";
        else if (c == "merge without space")
            json["model"]["merges"][0] = "bc";
        else if (c == "merged not in vocab")
            json["model"]["merges"][0] = "c b";
        else if (c == "id gap")
            json["model"]["vocab"]["abc"] = 300;
        else if (c == "duplicate id")
            json["model"]["vocab"]["abc"] = 257;
        else if (c == "not byte level")
            json["model"]["vocab"]["a c"] = 259;
        else if (c == "no pre_tokenizer")
            json.erase("pre_tokenizer");
        else if (c == "missing byte") { // "a" becomes a multi-byte token: no token for byte 'a'
            json["model"]["vocab"].erase("a");
            json["model"]["vocab"]["aaa"] = int('a');
            json["model"]["merges"] = Json::array();
        }
        text = json.dump(1);
        if (c == "truncated file")
            text.resize(text.size() / 2);
        const std::string path = ITOOL_BINARY_DIR "/tst_bpe_broken.json";
        {
            std::ofstream out(path, std::ios::binary);
            out << text;
        }
        const std::string opened = c == "no file" ? path + ".absent" : path;
        try {
            BpeTokenizer::load(opened);
            QFAIL("a broken tokenizer file was accepted");
        } catch (const TokenizerFileError &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(opened + ": ")), e.what());
            QVERIFY2(message.contains(expected), e.what());
        }
        std::filesystem::remove(path);
    }
};

QTEST_APPLESS_MAIN(TestBpeTokenizer)
#include "tst_bpe_tokenizer.moc"
