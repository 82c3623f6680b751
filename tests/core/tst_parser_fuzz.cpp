// Random and mutated call strings into the parser and the checker: no crash, no hang, every
// failure a clean error with an offset inside the text, every span inside the text.
// Fixed seed and bounded counts, so the test is repeatable and quick.
#include "core/toolcall/call_parser.h"
#include "core/toolcall/checker.h"

#include <QtTest>

#include <chrono>
#include <random>

using namespace itool;
using namespace itool::toolcall;

namespace {

const char *const kSeeds[] = {
    "[f(a=1, b=\"x\")]",
    "[geo.find(city='Paris', limit=10, tags=['a', \"b\"]), g(x=-2.5, y=(1, 2))]",
    "[calc(expr=20 / 2 + 3 * -1, d={'k': [1, {'z': None}], 2: True}, s='''tri\nple''')]",
    "```\nf(a=r'\\d+', b=b'raw', c=1e-3, d=0x1F, e=1_000, f=...)\n```",
    "[f(a=g(1, 'x'), b=x[0], c=not True, d=~5, e=+7)]",
    "{\"name\": \"f\", \"arguments\": {\"a\": [1, 2.0, \"x\\u00e9\"], \"b\": {\"c\": null}}}",
    "[{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": 1}\"}]",
};

const char *const kTokens[] = {"f", "g.h", "(", ")", "[", "]", "{", "}", ",", "=", ":", "'", "\"", "'''", "\\",
                               "1", "-", "+", "~", "*", "**", "/", "//", "%", "1.5", "1e9", "0x", "True", "None",
                               "not", "lambda", "if", "#", "\n", " ", "\t", "a", "b=", "x'", "\\n", "\\x4", "\\u12",
                               "é", "\xff", "...", "@", "<", "==", "`", "```", "json", "{\"", "\":", "null", "r'"};

void checkResultShape(const std::string &text, const ParseResult &r)
{
    const auto size = static_cast<std::uint32_t>(text.size());
    if (!r.ok) {
        QVERIFY2(!r.error.empty(), text.c_str());
        QVERIFY2(r.errorOffset <= size, text.c_str());
        QVERIFY(r.status != ParseStatus::Ok);
        return;
    }
    QVERIFY(r.status == ParseStatus::Ok);
    for (const ParsedCall &call : r.calls) {
        QVERIFY2(call.span.begin <= call.span.end && call.span.end <= size, text.c_str());
        QVERIFY(call.nameSpan.end <= size);
        for (const ParsedArgument &arg : call.arguments) {
            QVERIFY2(arg.value.span.begin <= arg.value.span.end && arg.value.span.end <= size, text.c_str());
            QVERIFY(arg.nameSpan.end <= size);
            (void)toJson(arg.value); // every value converts
        }
    }
}

std::string mutate(std::string s, std::mt19937 &rng)
{
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
        const std::size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
        switch (rng() % 5) {
        case 0: // delete a run
            if (!s.empty() && pos < s.size())
                s.erase(pos, 1 + rng() % 4);
            break;
        case 1: // insert a token
            s.insert(pos, kTokens[rng() % std::size(kTokens)]);
            break;
        case 2: // replace a byte with any byte
            if (pos < s.size())
                s[pos] = static_cast<char>(rng() % 256);
            break;
        case 3: // duplicate a slice
            if (!s.empty() && pos < s.size())
                s.insert(pos, s.substr(pos, 1 + rng() % 12));
            break;
        default: // truncate
            s.resize(pos);
        }
    }
    return s;
}

} // namespace

class TestParserFuzz : public QObject
{
    Q_OBJECT

private slots:
    void mutatedAndRandomStrings()
    {
        std::mt19937 rng(20261129);
        data::Record record;
        record.id = "fuzz";
        record.tools.push_back(Json::parse("{\"name\": \"f\", \"parameters\": {\"type\": \"object\", \"properties\": "
                                           "{\"a\": {\"type\": \"integer\"}, \"b\": {\"type\": \"string\"}}, "
                                           "\"required\": [\"a\"]}}"));
        record.gold.push_back(data::GoldCall{"f", {data::GoldParam{"a", {Json(1)}}, data::GoldParam{"b", {Json("x"), Json("")}}}});
        record.category = data::Category::Simple;
        const auto compiled = compileCase(record);

        int parsedOk = 0, failed = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 20000; ++i) {
            std::string text;
            if (i % 4 == 3) { // random token soup
                const int n = static_cast<int>(rng() % 40);
                for (int k = 0; k < n; ++k)
                    text += kTokens[rng() % std::size(kTokens)];
            } else {
                text = mutate(kSeeds[rng() % std::size(kSeeds)], rng);
            }
            ParseOptions options;
            options.allowJson = i % 2 == 0;
            options.strict = i % 7 == 0;
            const ParseResult r = parseCalls(text, options);
            checkResultShape(text, r);
            if (QTest::currentTestFailed())
                return;
            (r.ok ? parsedOk : failed) += 1;
            const CheckResult c = checkRaw(*compiled, text);
            QVERIFY(c.valid == c.errorType.empty());
            QVERIFY(c.score >= -1.0 && c.score <= 1.0);
            for (const FragmentError &e : c.errors)
                QVERIFY2(e.span.end <= text.size() && e.span.begin <= e.span.end, text.c_str());
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("fuzz: %d parsed, %d clean failures in %.2f s", parsedOk, failed, seconds);
        QVERIFY(parsedOk > 100); // the mutations keep some inputs readable
        QVERIFY(failed > 100);
    }

    void pathologicalInputsStayBounded()
    {
        const std::string deep(100000, '(');
        const std::string deepList = "[f(a=" + std::string(50000, '[') + std::string(50000, ']') + ")]";
        const std::string minus = "[f(a=" + std::string(100000, '-') + "1)]";
        std::string nots = "[f(a=";
        for (int i = 0; i < 20000; ++i)
            nots += "not ";
        nots += "1)]";
        std::string power = "[f(a=2";
        for (int i = 0; i < 20000; ++i)
            power += "**2";
        power += ")]";
        std::string manyKeys = "[f(";
        std::string bigDict = "[f(a={";
        for (int i = 0; i < 50000; ++i) {
            manyKeys += "k" + std::to_string(i) + "=1, ";
            bigDict += "'k" + std::to_string(i) + "': 1, ";
        }
        manyKeys += "k0=2)]";
        bigDict += "'k0': 2})]";
        std::string bigJson = "{\"name\": \"f\", \"arguments\": {";
        for (int i = 0; i < 50000; ++i)
            bigJson += "\"k" + std::to_string(i) + "\": 1, ";
        bigJson += "\"k0\": 2}}";
        const std::string deepJson = std::string(100000, '[') + std::string(100000, ']');

        const auto start = std::chrono::steady_clock::now();
        for (const std::string *text : std::vector<const std::string *>{&deep, &deepList, &minus, &nots, &power, &deepJson})
            QVERIFY(!parseCalls(*text).ok);
        const ParseResult keys = parseCalls(manyKeys);
        QVERIFY(keys.ok);
        QCOMPARE(keys.calls[0].arguments.size(), std::size_t(50000));
        QCOMPARE(keys.calls[0].arguments[0].value.integer, std::int64_t(2)); // first place, last value
        const ParseResult dict = parseCalls(bigDict);
        QVERIFY(dict.ok);
        QCOMPARE(dict.calls[0].arguments[0].value.entries.size(), std::size_t(50000));
        QVERIFY(parseCalls(bigJson).ok);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(seconds < 20.0, "pathological inputs took too long");
    }
};

QTEST_APPLESS_MAIN(TestParserFuzz)
#include "tst_parser_fuzz.moc"
