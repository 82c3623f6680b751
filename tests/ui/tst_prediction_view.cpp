// The record view highlights exactly the spans the checker reports: same kinds, same
// places (byte offsets turned into character positions, also after non-ASCII text), with
// expected vs got in the tooltip; a correct prediction has no highlight.
#include "ui/prediction_check.h"
#include "ui/prediction_view.h"
#include "ui/record_view_pane.h"

#include "core/toolcall/checker.h"

#include <QTextBrowser>
#include <QtTest>

using namespace itool;

namespace {

data::Record weatherRecord()
{
    data::Record r;
    r.id = "w1";
    r.tools.push_back(Json::parse(R"({"name": "get_weather", "description": "Weather for a city",
        "parameters": {"type": "object", "properties": {
            "city": {"type": "string", "description": "City name"},
            "days": {"type": "integer", "default": 1},
            "units": {"type": "string", "enum": ["metric", "imperial"]}},
          "required": ["city", "days"]}})"));
    r.conversation.push_back({data::Role::User, "Weather in Zürich for 3 days?", {}, {}});
    r.gold.push_back({"get_weather", {{"city", {Json("Zürich"), Json("Zurich")}}, {"days", {Json(3)}},
                                      {"units", {Json("metric"), Json("")}}}});
    r.category = data::inferCategory(r);
    return r;
}

} // namespace

class TestPredictionView : public QObject
{
    Q_OBJECT
private slots:
    void highlightsMatchCheckerSpans_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<int>("expectedErrors");
        // Non-ASCII before the error: byte offsets and character positions differ.
        QTest::newRow("type error after umlaut") << QString::fromUtf8("[get_weather(city='Zürich', days='3')]") << 1;
        QTest::newRow("wrong value") << QString::fromUtf8("[get_weather(city='Bern', days=3)]") << 1;
        QTest::newRow("two errors") << QString::fromUtf8("[get_weather(city='Bern', days=3.0, units='kelvin')]") << 3;
        QTest::newRow("wrong name") << QString::fromUtf8("[get_wether(city='Zürich', days=3)]") << 1;
        QTest::newRow("correct") << QString::fromUtf8("[get_weather(city='Zurich', days=3)]") << 0;
        QTest::newRow("unparsable") << QString::fromUtf8("[get_weather(city='Zürich', days=") << 1;
    }
    void highlightsMatchCheckerSpans()
    {
        QFETCH(QString, raw);
        QFETCH(int, expectedErrors);
        const data::Record record = weatherRecord();
        const std::string utf8 = raw.toStdString();
        const auto verdict = toolcall::checkRaw(*toolcall::compileCase(record), utf8);
        QVERIFY(static_cast<int>(verdict.errors.size()) >= expectedErrors);
        if (expectedErrors == 0)
            QVERIFY(verdict.valid);

        ui::RecordViewPane pane;
        pane.showRecord(record, Json(utf8));
        const auto &highlights = pane.predictionView()->highlights();
        QCOMPARE(highlights.size(), verdict.errors.size());
        QCOMPARE(pane.predictionView()->toPlainText(), raw);
        const QByteArray bytes = raw.toUtf8();
        for (std::size_t i = 0; i < verdict.errors.size(); ++i) {
            const auto &e = verdict.errors[i];
            const auto &h = highlights[i];
            QCOMPARE(h.kind, QString::fromStdString(e.kind));
            if (!e.span.empty()) {
                // The highlighted characters are exactly the bytes the checker pointed at.
                QCOMPARE(raw.mid(h.begin, h.end - h.begin),
                         QString::fromUtf8(bytes.mid(e.span.begin, e.span.end - e.span.begin)));
            }
            if (!e.expected.empty())
                QVERIFY(h.toolTip.contains(QString::fromStdString(e.expected).toHtmlEscaped()));
            if (!e.got.empty())
                QVERIFY(h.toolTip.contains(QString::fromStdString(e.got).toHtmlEscaped()));
        }
        if (!verdict.valid)
            QVERIFY(pane.verdictText().contains(QString::fromStdString(verdict.errorType)));
        else
            QVERIFY(pane.verdictText().contains("Correct"));
    }

    void decodedPredictionIsRenderedAndJudgedAsDecoded()
    {
        const data::Record record = weatherRecord();
        const Json decoded = Json::parse(R"([{"get_weather": {"city": "Bern", "days": 3}}])");
        const auto check = ui::checkPrediction(record, decoded);
        QVERIFY(check.rendered);
        QCOMPARE(check.errorType, toolcall::checkJson(*toolcall::compileCase(record), decoded).errorType);
        QCOMPARE(check.marks.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(check.text.substr(check.marks[0].begin, check.marks[0].end - check.marks[0].begin)),
                 QString("'Bern'"));
    }

    void toolsAreReadable()
    {
        const QString html = ui::RecordViewPane::toolsHtml(weatherRecord().tools);
        QVERIFY(html.contains("get_weather"));
        QVERIFY(html.contains("Weather for a city"));
        QVERIFY(html.contains(">integer<"));
        QVERIFY(html.contains("one of"));
        QVERIFY(!html.contains("properties"));
        QCOMPARE(ui::RecordViewPane::goldText(weatherRecord().gold),
                 QString::fromUtf8("get_weather(city=\"Zürich\" | \"Zurich\", days=3, units=\"metric\" (may be omitted))"));
    }
};

QTEST_MAIN(TestPredictionView)
#include "tst_prediction_view.moc"
