// One hand-made wrong (or tricky right) output per BFCL rule and error type, the documented
// quirks, spans, the full error list, the graded score and the options.
#include "core/toolcall/checker.h"

#include <QtTest>

using namespace itool;
using namespace itool::toolcall;

namespace {

// JSON written with single quotes (kept out of raw strings, which moc misreads).
Json J(const char *text)
{
    std::string s(text);
    for (char &c : s)
        if (c == '\'')
            c = '"';
    return Json::parse(s);
}

std::vector<data::GoldCall> goldFrom(const Json &groundTruth)
{
    std::vector<data::GoldCall> gold;
    for (const Json &entry : groundTruth) {
        data::GoldCall call{entry.begin().key(), {}};
        for (auto it = entry.begin().value().begin(); it != entry.begin().value().end(); ++it)
            call.params.push_back(
                data::GoldParam{it.key(), std::vector<Json>(it.value().begin(), it.value().end())});
        gold.push_back(std::move(call));
    }
    return gold;
}

data::Record makeRecord(const Json &tools, const Json &groundTruth, data::Category category)
{
    data::Record r;
    r.id = "case";
    for (const Json &t : tools)
        r.tools.push_back(t);
    r.gold = goldFrom(groundTruth);
    r.category = category;
    return r;
}

// A function with one parameter of each kind, in BFCL's own type names.
const char *kToolF = "{'name': 'f', 'parameters': {'type': 'dict', 'properties': {"
                     "'city': {'type': 'string'}, 'n': {'type': 'integer'}, 'x': {'type': 'float'},"
                     "'flag': {'type': 'boolean'}, 'unit': {'type': 'string'},"
                     "'tags': {'type': 'array', 'items': {'type': 'string'}},"
                     "'nums': {'type': 'array', 'items': {'type': 'float'}},"
                     "'opts': {'type': 'dict'}, 'loose': {'type': 'dict'},"
                     "'people': {'type': 'array', 'items': {'type': 'dict'}},"
                     "'pair': {'type': 'tuple', 'items': {'type': 'integer'}},"
                     "'anything': {'type': 'any'}, 'count': {'type': 'integer'}},"
                     "'required': ['city', 'n']}}";
const char *kGoldF
    = "[{'f': {'city': ['Paris', 'paris, france'], 'n': [5], 'x': [2.0, ''], 'flag': [true, ''],"
      "'unit': ['km'], 'tags': [['a', 'b'], ''], 'nums': [[1.0, 3.0], ''], "
      "'opts': [{'k': ['v'], 'm': ['q', ''], 'z': [1, '']}, ''], 'loose': [''],"
      "'people': [[{'name': ['Ann']}], ''], 'pair': [[1, 2], ''], 'anything': ['x', ''],"
      "'count': ['num_people', '']}}]";

std::shared_ptr<const CompiledCase> simpleCase(const CheckOptions &options = {})
{
    static const data::Record record
        = makeRecord(Json::array({J(kToolF)}), J(kGoldF), data::Category::Simple);
    return compileCase(record, options);
}

std::shared_ptr<const CompiledCase> multipleCase()
{
    static const data::Record record
        = makeRecord(J("[{'name': 'f', 'parameters': {'type': 'dict', 'properties': {'a': {'type': "
                       "'integer'}}, 'required': ['a']}},"
                       "{'name': 'g', 'parameters': {'type': 'dict', 'properties': {'b': {'type': "
                       "'string'}}, 'required': ['b']}}]"),
                     J("[{'g': {'b': ['yes']}}]"), data::Category::Multiple);
    return compileCase(record);
}

// A float array the gold requires (no ""), so its item types are checked.
std::shared_ptr<const CompiledCase> nestedCase()
{
    static const data::Record record = makeRecord(
        J("[{'name': 'h', 'parameters': {'type': 'dict', 'properties': {"
          "'weights': {'type': 'array', 'items': {'type': 'float'}}}, 'required': ['weights']}}]"),
        J("[{'h': {'weights': [[0.5, 1.0], [1.0, 3.0]]}}]"), data::Category::Simple);
    return compileCase(record);
}

std::shared_ptr<const CompiledCase> parallelCase()
{
    static const data::Record record
        = makeRecord(J("[{'name': 'w', 'parameters': {'type': 'dict', 'properties': {'city': "
                       "{'type': 'string'}}, 'required': ['city']}}]"),
                     J("[{'w': {'city': ['Paris', 'Rome']}}, {'w': {'city': ['Paris']}}]"),
                     data::Category::Parallel);
    return compileCase(record);
}

const CompiledCase &caseNamed(const QString &name)
{
    static const auto simple = simpleCase();
    static const auto multiple = multipleCase();
    static const auto parallel = parallelCase();
    static const auto nested = nestedCase();
    if (name == "nested")
        return *nested;
    if (name == "multiple")
        return *multiple;
    if (name == "parallel")
        return *parallel;
    return *simple;
}

std::string spanText(const std::string &raw, Span s)
{
    return raw.substr(s.begin, s.end - s.begin);
}

} // namespace

class TestBfclChecker : public QObject
{
    Q_OBJECT

private slots:
    void rules_data()
    {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("prediction");
        QTest::addColumn<QString>("errorType");
        auto row = [](const char *name, const char *rec, const char *pred, const char *type) {
            QTest::newRow(name) << rec << QString::fromUtf8(pred) << type;
        };
        const char *ok = "";
        // the baseline and what normalisation forgives
        row("minimal right answer", "simple", "[f(city='Paris', n=5, unit='km')]", ok);
        row("string case and punctuation", "simple", "[f(city='PARIS', n=5, unit='KM')]", ok);
        row("string spaces and commas", "simple", "[f(city='Paris France', n=5, unit='km')]", ok);
        row("kelvin sign lowercases to k", "simple", "[f(city='Paris', n=5, unit='\u212Am')]", ok);
        // rule 1: count
        row("simple wrong count", "simple",
            "[f(city='Paris', n=5, unit='km'), f(city='Paris', n=5, unit='km')]",
            "simple_function_checker:wrong_count");
        row("multiple wrong count", "multiple", "[g(b='yes'), g(b='yes')]",
            "multiple_function_checker:wrong_count");
        row("parallel wrong count", "parallel", "[w(city='Paris')]",
            "parallel_function_checker_no_order:wrong_count");
        // rule 2: name
        row("wrong function name", "simple", "[g(city='Paris', n=5, unit='km')]",
            "simple_function_checker:wrong_func_name");
        row("name is case sensitive", "simple", "[F(city='Paris', n=5, unit='km')]",
            "simple_function_checker:wrong_func_name");
        row("multiple compares with the gold function", "multiple", "[f(a=1)]",
            "simple_function_checker:wrong_func_name");
        row("multiple right", "multiple", "[g(b='Yes')]", ok);
        // rule 3: required first, before any value
        row("missing required", "simple", "[f(city='Paris', unit='km')]",
            "simple_function_checker:missing_required");
        row("missing required beats wrong value", "simple", "[f(city='Rome', unit='km')]",
            "simple_function_checker:missing_required");
        // rule 4: unexpected
        row("undeclared parameter", "simple", "[f(city='Paris', n=5, unit='km', zzz=1)]",
            "simple_function_checker:unexpected_param");
        // rule 5: omitted gold parameter without ""
        row("missing optional", "simple", "[f(city='Paris', n=5)]",
            "simple_function_checker:missing_optional");
        // rule 6: types
        row("string for int", "simple", "[f(city='Paris', n='5', unit='km')]", "type_error:simple");
        row("float for int", "simple", "[f(city='Paris', n=5.0, unit='km')]", "type_error:simple");
        row("bool is not int", "simple", "[f(city='Paris', n=True, unit='km')]",
            "type_error:simple");
        row("int is not bool", "simple", "[f(city='Paris', n=5, unit='km', flag=1)]",
            "type_error:simple");
        row("bare true is a string", "simple", "[f(city='Paris', n=5, unit='km', flag=true)]",
            "type_error:simple");
        row("int for float at top level", "simple", "[f(city='Paris', n=5, unit='km', x=2)]", ok);
        row("int for float nested", "nested", "[h(weights=[1, 3])]", "type_error:nested");
        row("floats nested", "nested", "[h(weights=[1.0, 3.0])]", ok);
        row("string items for float array", "nested", "[h(weights=['1.0', '3.0'])]",
            "type_error:nested");
        row("tuple for tuple parameter", "simple", "[f(city='Paris', n=5, unit='km', pair=(1, 2))]",
            ok);
        row("tuple for array parameter", "simple",
            "[f(city='Paris', n=5, unit='km', tags=('a', 'b'))]", "type_error:simple");
        row("any means string", "simple", "[f(city='Paris', n=5, unit='km', anything=5)]",
            "type_error:simple");
        row("any string", "simple", "[f(city='Paris', n=5, unit='km', anything='X')]", ok);
        row("gold type differs: gold-typed value", "simple",
            "[f(city='Paris', n=5, unit='km', count='num_people')]", ok);
        row("gold type differs: compared exactly", "simple",
            "[f(city='Paris', n=5, unit='km', count='Num_People')]", "value_error:others");
        row("gold type differs: declared type", "simple",
            "[f(city='Paris', n=5, unit='km', count=5)]", "value_error:others");
        // rule 7: strings
        row("wrong string", "simple", "[f(city='Rome', n=5, unit='km')]", "value_error:string");
        // rule 8: lists
        row("list in order", "simple", "[f(city='Paris', n=5, unit='km', tags=['A', 'b'])]", ok);
        row("list out of order", "simple", "[f(city='Paris', n=5, unit='km', tags=['b', 'a'])]",
            "value_error:list/tuple");
        // rule 9: dicts
        row("dict right", "simple", "[f(city='Paris', n=5, unit='km', opts={'k': 'V'})]", ok);
        row("dict unexpected key", "simple",
            "[f(city='Paris', n=5, unit='km', opts={'k': 'v', 'y': 1})]", "value_error:dict_key");
        row("dict missing key", "simple", "[f(city='Paris', n=5, unit='km', opts={'z': 1})]",
            "value_error:dict_key");
        row("dict wrong value", "simple",
            "[f(city='Paris', n=5, unit='km', opts={'k': 'w', 'm': 'q'})]",
            "value_error:dict_value");
        row("list of dicts right", "simple",
            "[f(city='Paris', n=5, unit='km', people=[{'name': 'ann'}])]", ok);
        row("list of dicts count", "simple",
            "[f(city='Paris', n=5, unit='km', people=[{'name': 'Ann'}, {'name': 'Bo'}])]",
            "value_error:list_dict_count");
        // the later "" alternative (length 0) overwrites the dict_value failure with a count error
        row("list of dicts wrong value", "simple",
            "[f(city='Paris', n=5, unit='km', people=[{'name': 'Bo'}])]",
            "value_error:list_dict_count");
        // rule 10: numbers
        row("wrong int", "simple", "[f(city='Paris', n=6, unit='km')]", "value_error:others");
        row("float equals int value", "simple", "[f(city='Paris', n=5, unit='km', x=2.0)]", ok);
        row("no tolerance", "simple", "[f(city='Paris', n=5, unit='km', x=2.0000001)]",
            "value_error:others");
        // rule 11: parallel, order free
        row("parallel any order", "parallel", "[w(city='Rome'), w(city='Paris')]", ok);
        row("parallel wrong value", "parallel", "[w(city='Rome'), w(city='Oslo')]",
            "parallel_function_checker_no_order:cannot_find_match");
        // decoder
        row("decoder failed", "simple", "[f(city='Paris', n=5", "ast_decoder:decoder_failed");
        row("newline between calls", "simple",
            "[f(city='Paris', n=5, unit='km'),\nf(city='Paris', n=5, unit='km')]",
            "ast_decoder:decoder_failed");
        row("tagged fence", "simple", "```python\n[f(city='Paris', n=5, unit='km')]\n```",
            "ast_decoder:decoder_failed");
        row("plain fence and no brackets", "simple", "```\nf(city='Paris', n=5, unit='km')\n```",
            ok);
        row("json calls fail by default", "simple",
            "[{\"name\": \"f\", \"arguments\": {\"city\": \"Paris\", \"n\": 5, \"unit\": \"km\"}}]",
            "ast_decoder:decoder_failed");
        // the surprises
        row("optional array: empty list passes", "simple",
            "[f(city='Paris', n=5, unit='km', tags=[])]", ok);
        row("optional string: blank passes", "simple",
            "[f(city='Paris', n=5, unit='km', anything=' _ ')]", ok);
        row("optional array: nested types unchecked", "simple",
            "[f(city='Paris', n=5, unit='km', nums=[1, 3])]", ok);
        row("greedy parallel rejects a valid set", "parallel", "[w(city='Paris'), w(city='rome')]",
            "parallel_function_checker_no_order:cannot_find_match");
        row("dict missing key overrides wrong value", "simple",
            "[f(city='Paris', n=5, unit='km', opts={'m': 'x'})]", "value_error:dict_key");
        row("dict with only '' alternatives", "simple",
            "[f(city='Paris', n=5, unit='km', loose={'a': 1})]", "dict_checker:unclear");
    }

    void rules()
    {
        QFETCH(QString, record);
        QFETCH(QString, prediction);
        QFETCH(QString, errorType);
        const CheckResult r = checkRaw(caseNamed(record), prediction.toStdString());
        QCOMPARE(QString::fromStdString(r.errorType), errorType);
        QCOMPARE(r.valid, errorType.isEmpty());
        if (r.valid) {
            QCOMPARE(r.score, 1.0);
            QVERIFY(r.errors.empty());
        } else {
            QVERIFY(!r.errors.empty());
            QCOMPARE(QString::fromStdString(r.errors.front().kind), errorType);
            QVERIFY(r.score < 1.0 && r.score >= -1.0);
        }
    }

    // Records whose right answer calls no tool: BFCL's irrelevance rule (right exactly when the
    // output does not decode to calls), for raw strings and decoded lists alike.
    void noCallRecordsFollowTheIrrelevanceRule()
    {
        const data::Record record = makeRecord(Json::array({J(kToolF)}), Json::array(), data::Category::None);
        const auto compiled = compileCase(record);
        QVERIFY(checkRaw(*compiled, "No tool fits this request.").valid);
        QVERIFY(checkRaw(*compiled, "[]").valid);
        QVERIFY(checkJson(*compiled, Json::array()).valid);
        const std::string text = "[f(a=1), f(a=2)]";
        const auto called = checkRaw(*compiled, text);
        QVERIFY(!called.valid);
        QCOMPARE(called.errorType, std::string("irrelevance_error:decoder_success"));
        QCOMPARE(called.errors.size(), std::size_t(2));
        QCOMPARE(text.substr(called.errors[1].span.begin, called.errors[1].span.end - called.errors[1].span.begin),
                 std::string("f(a=2)"));
        QCOMPARE(called.score, -1.0);
        QVERIFY(!checkJson(*compiled, J("[{'f': {'a': 1}}]")).valid);
    }

    void greedyRejectsUnluckyOrder()
    {
        static const data::Record record
            = makeRecord(J("[{'name': 'w', 'parameters': {'type': 'dict', 'properties': {'city': "
                           "{'type': 'string'}}, 'required': ['city']}}]"),
                         J("[{'w': {'city': ['Paris', 'Rome']}}, {'w': {'city': ['Paris']}}]"),
                         data::Category::Parallel);
        const auto c = compileCase(record);
        // call 0 (Paris) is taken by gold 0, leaving Rome for gold 1, which needs Paris
        const CheckResult unlucky = checkRaw(*c, "[w(city='Paris'), w(city='Rome')]");
        QCOMPARE(QString::fromStdString(unlucky.errorType),
                 QString("parallel_function_checker_no_order:cannot_find_match"));
        // the same calls in the other order pass
        QVERIFY(checkRaw(*c, "[w(city='Rome'), w(city='Paris')]").valid);
    }

    void spansPointAtFragments()
    {
        const auto c = simpleCase();
        struct Case
        {
            std::string raw, kind, fragment;
        };
        const Case cases[] = {
            {"[g(city='Paris', n=5, unit='km')]", "simple_function_checker:wrong_func_name", "g"},
            {"[f(city='Rome', n=5, unit='km')]", "value_error:string", "'Rome'"},
            {"[f(city='Paris', n=5, unit='km', zzz=[1, 2])]",
             "simple_function_checker:unexpected_param", "zzz=[1, 2]"},
            {"[f(city='Paris', n=5, unit='km', tags=['a', 7])]", "value_error:list/tuple",
             "['a', 7]"},
            {"[f(city='Paris', n=5, unit='km', opts={'k': 'w', 'm': 'q'})]",
             "value_error:dict_value", "'w'"},
            {"[f(city='Paris', n=5, unit='km', opts={'k': 'v', 'yy': 1})]", "value_error:dict_key",
             "'yy'"},
            {"[f(city='Paris', n=  -6, unit='km')]", "value_error:others", "-6"},
            {"[f(city='Paris', n=5, unit='km') junk]", "ast_decoder:decoder_failed", "j"},
        };
        for (const Case &k : cases) {
            const CheckResult r = checkRaw(*c, k.raw);
            QCOMPARE(r.errorType, k.kind);
            QVERIFY(!r.errors.empty());
            QCOMPARE(spanText(k.raw, r.errors.front().span), k.fragment);
        }
        // missing parameters point at the call
        const std::string raw = "[f(city='Paris', n=5)]";
        const CheckResult r = checkRaw(*c, raw);
        QCOMPARE(spanText(raw, r.errors.front().span), std::string("f(city='Paris', n=5)"));
        QCOMPARE(r.errors.front().parameter, std::string("unit"));
    }

    void nestedSpan()
    {
        const std::string raw = "[h(weights=[0.5, 7])]";
        const CheckResult r = checkRaw(*nestedCase(), raw);
        QCOMPARE(r.errorType, std::string("type_error:nested"));
        QCOMPARE(spanText(raw, r.errors.front().span), std::string("7"));
    }

    void listsEveryError()
    {
        const std::string raw = "[f(city='Rome', n=6, unit='km', tags=['b', 'a'], zzz=1)]";
        const CheckResult r = checkRaw(*simpleCase(), raw);
        QCOMPARE(r.errorType, std::string("value_error:string"));
        std::vector<std::string> kinds;
        for (const FragmentError &e : r.errors)
            kinds.push_back(e.kind + "@" + e.parameter);
        const std::vector<std::string> expected{"value_error:string@city", "value_error:others@n",
                                                "value_error:list/tuple@tags",
                                                "simple_function_checker:unexpected_param@zzz"};
        QCOMPARE(kinds, expected);
        QCOMPARE(r.errors[1].got, std::string("6"));
        QCOMPARE(r.errors[1].expected, std::string("[5]"));
        for (const FragmentError &e : r.errors)
            QCOMPARE(e.call, 0);
    }

    void parallelErrorsNameTheGoldCall()
    {
        const CheckResult r = checkRaw(*parallelCase(), "[w(city='Oslo'), w(city='Paris')]");
        QCOMPARE(r.errorType, std::string("parallel_function_checker_no_order:cannot_find_match"));
        bool sawValue = false;
        for (const FragmentError &e : r.errors)
            sawValue |= e.kind == "value_error:string" && e.call == 0 && e.goldCall == 1;
        QVERIFY(sawValue);
    }

    void gradedScore()
    {
        const auto c = simpleCase();
        const double right = checkRaw(*c, "[f(city='Paris', n=5, unit='km')]").score;
        const double oneValue = checkRaw(*c, "[f(city='Paris', n=6, unit='km')]").score;
        const double twoValues = checkRaw(*c, "[f(city='Rome', n=6, unit='km')]").score;
        const double extraParam = checkRaw(*c, "[f(city='Paris', n=5, unit='km', zzz=1)]").score;
        const double wrongName = checkRaw(*c, "[g(city='Paris', n=5, unit='km')]").score;
        const double noCalls = checkJson(*c, Json::array()).score;
        const double format = checkJson(*c, J("[{'f': 1}]")).score;
        const double broken = checkRaw(*c, "[f(").score;
        QCOMPARE(right, 1.0);
        QVERIFY(oneValue < right);
        QVERIFY(twoValues < oneValue);
        QVERIFY(extraParam < right && extraParam > twoValues);
        QVERIFY(wrongName < twoValues);
        QVERIFY(noCalls <= wrongName);
        QVERIFY(format < noCalls);
        QCOMPARE(broken, -1.0);
        QCOMPARE(format, -0.9);
        // exact values from docs/checker.md: one wrong value of three: names 1, values 2/3
        QVERIFY(qAbs(oneValue - (-0.8 + 1.6 * (0.2 + 0.3 + 0.5 * 2.0 / 3.0))) < 1e-12);
        QVERIFY(qAbs(wrongName - (-0.8)) < 1e-12);
    }

    void decodedPredictions()
    {
        const auto c = simpleCase();
        QVERIFY(checkJson(*c, J("[{'f': {'city': 'Paris', 'n': 5, 'unit': 'km'}}]")).valid);
        QCOMPARE(checkJson(*c, J("[{'f': {'city': 'Paris', 'n': 5.0, 'unit': 'km'}}]")).errorType,
                 std::string("type_error:simple"));
        QCOMPARE(checkJson(*c, J("[{'f': {'city': 'Paris'}, 'g': {}}]")).errorType,
                 std::string("ast_decoder:decoder_wrong_output_format"));
        QCOMPARE(checkJson(*c, J("{'f': {}}")).errorType,
                 std::string("ast_decoder:decoder_wrong_output_format"));
        QCOMPARE(checkJson(*c, Json("[f(city='Paris', n=5, unit='km')]")).valid, true);
        const CheckResult r = checkJson(*c, J("[{'f': {'city': 'Rome', 'n': 5, 'unit': 'km'}}]"));
        QVERIFY(r.errors.front().span.empty());
    }

    void options()
    {
        static const data::Record record = makeRecord(
            J("[{'name': 'math.factorial', 'parameters': {'type': 'dict', 'properties': {'number': "
              "{'type': 'integer'}}, 'required': ['number']}}]"),
            J("[{'math.factorial': {'number': [5]}}]"), data::Category::Simple);
        QVERIFY(checkRaw(*compileCase(record), "[math.factorial(number=5)]").valid);
        QCOMPARE(checkRaw(*compileCase(record), "[math_factorial(number=5)]").errorType,
                 std::string("simple_function_checker:wrong_func_name"));
        CheckOptions underscore;
        underscore.underscoreToDot = true;
        QVERIFY(checkRaw(*compileCase(record, underscore), "[math_factorial(number=5)]").valid);

        CheckOptions strict;
        strict.strict = true;
        QVERIFY(checkRaw(*compileCase(record), "math.factorial(number=5)").valid);
        QCOMPARE(checkRaw(*compileCase(record, strict), "math.factorial(number=5)").errorType,
                 std::string("ast_decoder:decoder_failed"));
        QVERIFY(checkRaw(*compileCase(record, strict), "[math.factorial(number=5)]").valid);

        CheckOptions json;
        json.acceptJsonCalls = true;
        QVERIFY(checkRaw(*compileCase(record, json),
                         "{\"name\": \"math.factorial\", \"arguments\": {\"number\": 5}}")
                    .valid);
    }

    void normalisedSchemaNames()
    {
        // the importers' JSON-schema names behave like BFCL's
        static const data::Record record
            = makeRecord(J("[{'name': 'h', 'parameters': {'type': 'object', 'properties': {'x': "
                           "{'type': 'number'},"
                           "'v': {'type': 'array', 'items': {'type': 'number'}}, 'o': {'type': "
                           "'object'}}, 'required': ['x']}}]"),
                         J("[{'h': {'x': [1.5], 'v': [[1.0], ''], 'o': [{'a': [1]}, '']}}]"),
                         data::Category::Simple);
        const auto c = compileCase(record);
        QVERIFY(checkRaw(*c, "[h(x=1.5, v=[1.0], o={'a': 1})]").valid);
        QCOMPARE(checkRaw(*c, "[h(x=1)]").errorType, std::string("value_error:others"));
        QCOMPARE(checkRaw(*c, "[h(x='1.5')]").errorType, std::string("type_error:simple"));
    }
};

QTEST_APPLESS_MAIN(TestBfclChecker)
#include "tst_bfcl_checker.moc"
