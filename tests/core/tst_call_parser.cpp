// The call parser: BFCL decoder quirks, JSON calls, value types and spans.
#include "core/toolcall/call_parser.h"

#include <QtTest>

using namespace itool;
using namespace itool::toolcall;

namespace {

std::string decoded(const ParseResult &r) { return decodedJson(r.calls).dump(); }

std::string textAt(std::string_view raw, Span s) { return std::string(raw.substr(s.begin, s.end - s.begin)); }

} // namespace

class TestCallParser : public QObject
{
    Q_OBJECT

private slots:
    void decodes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // decoded JSON, or "FAIL" / "FORMAT"

        auto row = [](const char *name, const char *in, const char *out) {
            QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
        };
        row("simple", "[f(a=1, b=\"x\")]", "[{\"f\":{\"a\":1,\"b\":\"x\"}}]");
        row("two calls", "[f(a=1), g(c=[1, 2.0], d={\"k\": True})]",
            "[{\"f\":{\"a\":1}},{\"g\":{\"c\":[1,2.0],\"d\":{\"k\":true}}}]");
        row("int vs float", "[f(a=5, b=5.0, c=1e3, d=.5, e=1_000)]", "[{\"f\":{\"a\":5,\"b\":5.0,\"c\":1000.0,\"d\":0.5,\"e\":1000}}]");
        row("negative", "[f(a=-3, b=-2.5)]", "[{\"f\":{\"a\":-3,\"b\":-2.5}}]");
        row("unary plus negates", "[f(a=+5)]", "[{\"f\":{\"a\":-5}}]");
        row("invert negates", "[f(a=~5)]", "[{\"f\":{\"a\":-5}}]");
        row("not negates bool", "[f(a=not True)]", "[{\"f\":{\"a\":-1}}]");
        row("double negation fails", "[f(a=-(-5))]", "FAIL");
        row("arithmetic", "[f(a=20 / 2, b=2 ** 10, c=7 // 2, d=-7 % 3, e=\"ab\" + \"c\")]",
            "[{\"f\":{\"a\":10.0,\"b\":1024,\"c\":3,\"d\":2,\"e\":\"abc\"}}]");
        row("arithmetic inside binop is real", "[f(a=-5 + 1)]", "[{\"f\":{\"a\":-4}}]");
        row("name with arithmetic fails", "[f(a=x + 1)]", "FAIL");
        row("bare name is a string", "[f(a=true, b=null, c=hello)]", "[{\"f\":{\"a\":\"true\",\"b\":\"null\",\"c\":\"hello\"}}]");
        row("python constants", "[f(a=True, b=False, c=None)]", "[{\"f\":{\"a\":true,\"b\":false,\"c\":null}}]");
        row("dotted name", "[math.factorial(number=5)]", "[{\"math.factorial\":{\"number\":5}}]");
        row("deep dotted", "[a.b.c(x=1)]", "[{\"a.b.c\":{\"x\":1}}]");
        row("positional dropped", "[f(1, 2, a=3)]", "[{\"f\":{\"a\":3}}]");
        row("repeated keyword keeps last", "[f(a=1, b=2, a=3)]", "[{\"f\":{\"a\":3,\"b\":2}}]");
        row("missing brackets", "f(a=1)", "[{\"f\":{\"a\":1}}]");
        row("missing brackets two", "f(a=1), g(b=2)", "[{\"f\":{\"a\":1}},{\"g\":{\"b\":2}}]");
        row("plain fence", "```\n[f(a=1)]\n```", "[{\"f\":{\"a\":1}}]");
        row("tagged fence fails", "```python\n[f(a=1)]\n```", "FAIL");
        row("surrounding spaces", "  \n [f(a=1)] \n ", "[{\"f\":{\"a\":1}}]");
        row("space inside bracket fails", "[ f(a=1)]", "FAIL");
        row("newline between calls fails", "[f(a=1),\ng(b=2)]", "FAIL");
        row("newline inside call ok", "[f(a=1,\n  b=2)]", "[{\"f\":{\"a\":1,\"b\":2}}]");
        row("tuple value", "[f(a=(1, 2))]", "[{\"f\":{\"a\":[1,2]}}]");
        row("single quotes and escapes", "[f(a='it\\'s', b=\"line\\nnext\", c='\\x41\\u00e9')]",
            "[{\"f\":{\"a\":\"it's\",\"b\":\"line\\nnext\",\"c\":\"Aé\"}}]");
        row("raw string", "[f(a=r'\\d+')]", "[{\"f\":{\"a\":\"\\\\d+\"}}]");
        row("implicit concatenation", "[f(a='ab' \"cd\")]", "[{\"f\":{\"a\":\"abcd\"}}]");
        row("triple quoted", "[f(a='''x\ny''')]", "[{\"f\":{\"a\":\"x\\ny\"}}]");
        row("call without keywords is text", "[f(a=g( 1,'x'))]", "[{\"f\":{\"a\":\"g(1, 'x')\"}}]");
        row("call with keywords is a dict", "[f(a=g(x=1))]", "[{\"f\":{\"a\":{\"g\":{\"x\":1}}}}]");
        row("subscript is text", "[f(a=x[0])]", "[{\"f\":{\"a\":\"x[0]\"}}]");
        row("attribute value fails", "[f(a=math.pi)]", "FAIL");
        row("lambda fails", "[f(a=lambda x: x)]", "FAIL");
        row("set fails", "[f(a={1, 2})]", "FAIL");
        row("ellipsis", "[f(a=...)]", "[{\"f\":{\"a\":\"...\"}}]");
        row("nested dict", "[f(d={'k': [1, {'z': None}]})]", "[{\"f\":{\"d\":{\"k\":[1,{\"z\":null}]}}}]");
        row("empty args", "[f()]", "[{\"f\":{}}]");
        row("empty", "", "FAIL");
        row("empty list", "[]", "FAIL");
        row("non-call element", "[f(a=1), 2]", "FAIL");
        row("not a call", "[1]", "FAIL");
        row("unterminated", "[f(a='x)]", "FAIL");
        row("leading zero", "[f(a=012)]", "FAIL");
        row("keyword as name", "[f(a=class)]", "FAIL");
        row("positional after keyword", "[f(a=1, 2)]", "FAIL");
        row("trailing comma", "[f(a=1,),]", "[{\"f\":{\"a\":1}}]");
        row("comment inside", "[f(a=1) # done\n]", "[{\"f\":{\"a\":1}}]");
        row("text after the list fails", "[f(a=1)] # done", "FAIL");
        row("json object", "{\"name\": \"f\", \"arguments\": {\"a\": 1, \"b\": 2.0}}", "[{\"f\":{\"a\":1,\"b\":2.0}}]");
        row("json list", "[{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": [1, 2]}\"}, {\"name\": \"g\", \"arguments\": {}}]",
            "[{\"f\":{\"a\":[1,2]}},{\"g\":{}}]");
        row("json decoded form", "[{\"f\": {\"a\": true}}]", "[{\"f\":{\"a\":true}}]");
        row("json broken", "{\"name\": \"f\", \"arguments\": {\"a\": 1}", "FAIL");
        row("json wrong shape", "{\"name\": 3}", "FORMAT");
        row("json arguments not object", "{\"name\": \"f\", \"arguments\": [1]}", "FORMAT");
    }

    void decodes()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const std::string raw = input.toStdString();
        const ParseResult r = parseCalls(raw);
        if (expected == "FAIL") {
            QVERIFY2(!r.ok, decoded(r).c_str());
            QVERIFY(r.status == ParseStatus::DecoderFailed);
            QVERIFY(!r.error.empty());
            QVERIFY(r.errorOffset <= raw.size());
        } else if (expected == "FORMAT") {
            QVERIFY(!r.ok);
            QVERIFY(r.status == ParseStatus::WrongOutputFormat);
            QVERIFY(!r.error.empty());
        } else {
            QVERIFY2(r.ok, (r.error + " at " + std::to_string(r.errorOffset)).c_str());
            QCOMPARE(QString::fromStdString(decoded(r)), expected);
        }
    }

    void bfclModeRejectsJson()
    {
        ParseOptions bfcl;
        bfcl.allowJson = false;
        const ParseResult r = parseCalls("[{\"name\": \"f\", \"arguments\": {}}]", bfcl);
        QVERIFY(!r.ok);
        QVERIFY(r.status == ParseStatus::DecoderFailed);
    }

    void strictMode()
    {
        ParseOptions strict;
        strict.strict = true;
        QVERIFY(parseCalls("[f(a=1)]", strict).ok);
        QVERIFY(!parseCalls("f(a=1)", strict).ok);
        QVERIFY(!parseCalls("```\n[f(a=1)]\n```", strict).ok);
        QVERIFY(!parseCalls("[f(1, a=1)]", strict).ok);
        QVERIFY(!parseCalls("[f(a=1, a=2)]", strict).ok);
    }

    void valueKinds()
    {
        const ParseResult r = parseCalls("[f(i=5, x=5.0, b=True, s='5', l=[5], t=(5,), d={5: 5}, n=None)]");
        QVERIFY(r.ok);
        const auto &args = r.calls[0].arguments;
        QCOMPARE(args.size(), std::size_t(8));
        QVERIFY(args[0].value.kind == Value::Kind::Int);
        QVERIFY(args[1].value.kind == Value::Kind::Float);
        QVERIFY(args[2].value.kind == Value::Kind::Bool);
        QVERIFY(args[3].value.kind == Value::Kind::String);
        QVERIFY(args[4].value.kind == Value::Kind::List);
        QVERIFY(args[5].value.kind == Value::Kind::Tuple);
        QVERIFY(args[6].value.kind == Value::Kind::Dict);
        QVERIFY(args[7].value.kind == Value::Kind::None);
        // Python equality: 5 == 5.0 == True is false only for True (1), list != tuple
        QVERIFY(pyEqual(args[0].value, args[1].value));
        QVERIFY(!pyEqual(args[0].value, args[2].value));
        QVERIFY(!pyEqual(args[4].value, args[5].value));
        QCOMPARE(toJson(args[1].value).dump(), std::string("5.0"));
        QCOMPARE(toJson(args[6].value).dump(), std::string("{\"5\":5}"));
        QCOMPARE(argumentsJson(r.calls[0]).size(), std::size_t(8));
    }

    void spans()
    {
        const std::string raw = "  [geo.find(city='Paris', limit=10, tags=['a', \"b\"]), g(x=-2.5)]";
        const ParseResult r = parseCalls(raw);
        QVERIFY(r.ok);
        QCOMPARE(r.calls.size(), std::size_t(2));
        const ParsedCall &c = r.calls[0];
        QCOMPARE(textAt(raw, c.nameSpan), std::string("geo.find"));
        QCOMPARE(textAt(raw, c.span), std::string("geo.find(city='Paris', limit=10, tags=['a', \"b\"])"));
        QCOMPARE(textAt(raw, c.arguments[0].nameSpan), std::string("city"));
        QCOMPARE(textAt(raw, c.arguments[0].value.span), std::string("'Paris'"));
        QCOMPARE(textAt(raw, c.arguments[1].value.span), std::string("10"));
        QCOMPARE(textAt(raw, c.arguments[2].value.span), std::string("['a', \"b\"]"));
        QCOMPARE(textAt(raw, c.arguments[2].value.items[1].span), std::string("\"b\""));
        QCOMPARE(textAt(raw, r.calls[1].arguments[0].value.span), std::string("-2.5"));

        const std::string json = "[{\"name\": \"f\", \"arguments\": {\"a\": \"x\"}}]";
        const ParseResult j = parseCalls(json);
        QVERIFY(j.ok);
        QCOMPARE(textAt(json, j.calls[0].nameSpan), std::string("\"f\""));
        QCOMPARE(textAt(json, j.calls[0].arguments[0].value.span), std::string("\"x\""));
    }

    void errorOffsets()
    {
        const std::string raw = "[f(a=1, b=@)]";
        const ParseResult r = parseCalls(raw);
        QVERIFY(!r.ok);
        QCOMPARE(r.errorOffset, std::uint32_t(raw.find('@')));
        const std::string nl = "[f(a=1),\ng(b=2)]";
        const ParseResult n = parseCalls(nl);
        QVERIFY(!n.ok);
        QVERIFY(n.errorOffset >= nl.find('\n'));
    }

    void floatRepr()
    {
        auto repr = [](double d) {
            std::string s;
            appendFloatRepr(s, d);
            return s;
        };
        QCOMPARE(repr(1e16), std::string("1e+16"));
        QCOMPARE(repr(1e15), std::string("1000000000000000.0"));
        QCOMPARE(repr(0.0001), std::string("0.0001"));
        QCOMPARE(repr(0.00001), std::string("1e-05"));
        QCOMPARE(repr(2.5), std::string("2.5"));
        QCOMPARE(repr(-0.0), std::string("-0.0"));
    }
};

QTEST_APPLESS_MAIN(TestCallParser)
#include "tst_call_parser.moc"
