// The run report and plot export: from a run folder holding metrics.jsonl (training steps),
// decay.json (points over fractions and seeds, one round) and fixed_calls.jsonl, the report
// writes report.html with its plots embedded, the tables, the examples, and each plot as
// PNG, SVG and PDF (the SVG well-formed XML whose text holds the title, axis labels and
// legend); a folder without metrics still gives a report.
#include "core/eval/decay_experiment.h"
#include "ui/live_plot.h"
#include "ui/plot_export.h"
#include "ui/report_writer.h"
#include "ui/run_comparison.h"
#include "ui/runs_pane.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <qcustomplot.h>

using namespace itool;

namespace {

// Every <text> element's content in an SVG file; error set when the XML is not well formed.
QStringList svgTexts(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = "cannot open " + path;
        return {};
    }
    QXmlStreamReader xml(&f);
    QStringList texts;
    bool sawSvgRoot = false;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("svg"))
            sawSvgRoot = true;
        else if (xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    if (xml.hasError())
        *error = QString("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    else if (!sawSvgRoot)
        *error = path + ": no <svg> element";
    return texts;
}

} // namespace

class TestRunReport : public QObject
{
    Q_OBJECT

private slots:
    void reportFilesProduced()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath("runs/decay-a");
        QVERIFY(QDir().mkpath(run));
        {
            QFile m(run + "/metrics.jsonl");
            QVERIFY(m.open(QIODevice::WriteOnly));
            for (int s = 1; s <= 40; ++s)
                m.write(QByteArray::fromStdString(
                    Json{{"step", s}, {"stage", "all"}, {"loss", 5.0 / s}, {"lr", 0.001}, {"tokens_per_second", 900.0}}
                        .dump() +
                    "\n"));
            m.write("{\"step\":41,\"lo"); // a partial last line, as while a run writes
        }
        eval::DecayPlan plan;
        plan.runDir = run.toStdString();
        plan.fractions = {0.25, 0.5, 1.0};
        plan.seeds = {1, 2};
        plan.spec = Json{{"itool_spec", "decay"}, {"fractions", plan.fractions}};
        std::vector<eval::DecayPoint> points;
        for (std::uint64_t seed : plan.seeds)
            for (std::size_t fi = 0; fi < 3; ++fi) {
                eval::DecayPoint p;
                p.fraction = plan.fractions[fi];
                p.fractionIndex = fi;
                p.seed = seed;
                p.records = 100 << fi;
                p.metrics.byDifficulty["easy"] = {50, 20 + 10 * int(fi)};
                p.metrics.byDifficulty["hard"] = {50, 5 + 2 * int(fi) + int(seed)};
                p.metrics.byCategory["simple"] = {100, 25 + 12 * int(fi) + int(seed)};
                p.metrics.overall = {100, 25 + 12 * int(fi) + int(seed)};
                points.push_back(p);
            }
        eval::DecayPoint round = points.back();
        round.kind = "round";
        round.round = 1;
        round.metrics.overall.correct += 5;
        points.push_back(round);
        eval::writeJsonFileAtomic(run.toStdString() + "/decay.json", eval::decayResultJson(plan, 400, 100, points, true));
        {
            QFile fixed(run + "/fixed_calls.jsonl");
            QVERIFY(fixed.open(QIODevice::WriteOnly));
            fixed.write("{\"id\":\"r1\",\"gold\":\"get_weather(city='Paris')\",\"before\":\"get_weather(town='Paris')\","
                        "\"after\":\"get_weather(city='Paris')\"}\n");
        }

        const QString out = dir.filePath("report");
        const ui::ReportResult r = ui::writeRunReport(run, out);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.metricLines, 40);
        QCOMPARE(r.decayPoints, 7);
        QCOMPARE(r.examples, 1);
        QCOMPARE(r.plots, 3); // loss, throughput, decay
        for (const QString &name :
             {"report.html", "loss.png", "loss.svg", "loss.pdf", "decay.png", "decay.svg",
              "decay.pdf", "throughput.png", "throughput.svg", "throughput.pdf"}) {
            const QFileInfo info(out + "/" + name);
            QVERIFY2(info.exists() && info.size() > 1000, qPrintable(name));
            QVERIFY2(r.files.contains(info.filePath()), qPrintable(name));
        }
        // The SVGs are well-formed XML with the plots' words as text, not pictures of them.
        QString error;
        const QStringList lossTexts = svgTexts(out + "/loss.svg", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString &word :
             {"SFT loss and learning rate", "step", "loss (log)", "loss", "learning rate"})
            QVERIFY2(lossTexts.contains(word),
                     qPrintable(word + " not in " + lossTexts.join(" | ")));
        const QStringList decayTexts = svgTexts(out + "/decay.svg", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString &word :
             {"training records (log2)", "accuracy on the test set", "gain per doubling (points)",
              "gain per doubling", "easy", "iTool rounds (bars: 95 % interval of the gain)",
              "rounds' compute, % of the SFT"})
            QVERIFY2(decayTexts.contains(word),
                     qPrintable(word + " not in " + decayTexts.join(" | ")));
        QFile html(r.htmlPath);
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(html.readAll());
        QCOMPARE(text.count("data:image/png;base64,"), 3);
        QVERIFY(text.contains("href=\"decay.svg\">SVG</a>"));
        QVERIFY(text.contains("Gain per doubling"));
        QVERIFY(text.contains("get_weather(town=&#x27;Paris&#x27;)") || text.contains("get_weather(town='Paris')"));
        QVERIFY(text.contains("Rounds from the full-data model"));
        QVERIFY(text.contains("<td>iTool</td><td>1</td>"));
        QVERIFY(text.contains("&quot;itool_spec&quot;: &quot;decay&quot;"));

        // Without fixed_calls.jsonl, a decay run's answers give the examples: wrong at the
        // smallest fraction, right with all the data (per seed).
        QVERIFY(QFile::remove(run + "/fixed_calls.jsonl"));
        QVERIFY(QDir().mkpath(run + "/f0.25-s1") && QDir().mkpath(run + "/f1-s1"));
        {
            QFile a(run + "/f0.25-s1/answers.jsonl"), b(run + "/f1-s1/answers.jsonl");
            QVERIFY(a.open(QIODevice::WriteOnly) && b.open(QIODevice::WriteOnly));
            a.write("{\"id\":\"r9\",\"result\":\"[f(x=1\",\"correct\":false,\"errors\":[\"ast_decoder:decoder_failed\"]}\n"
                    "{\"id\":\"r10\",\"result\":\"[g()]\",\"correct\":true,\"errors\":[]}\n");
            b.write("{\"id\":\"r9\",\"result\":\"[f(x=1)]\",\"correct\":true,\"errors\":[]}\n"
                    "{\"id\":\"r10\",\"result\":\"[g()]\",\"valid\":true,\"errors\":[]}\n");
        }
        const ui::ReportResult fromAnswers = ui::writeRunReport(run, dir.filePath("report2"));
        QVERIFY(fromAnswers.ok);
        QCOMPARE(fromAnswers.examples, 1);
        QFile h2(fromAnswers.htmlPath);
        QVERIFY(h2.open(QIODevice::ReadOnly));
        const QByteArray t2 = h2.readAll();
        QVERIFY(t2.contains("<td>r9</td>") && t2.contains("ast_decoder:decoder_failed") && !t2.contains("<td>r10</td>"));

        // An empty run folder still gives a report that says so; a missing one an error.
        const QString empty = dir.filePath("runs/empty");
        QVERIFY(QDir().mkpath(empty));
        const ui::ReportResult e = ui::writeRunReport(empty, dir.filePath("report-empty"));
        QVERIFY(e.ok);
        QCOMPARE(e.plots, 0);
        QFile eh(e.htmlPath);
        QVERIFY(eh.open(QIODevice::ReadOnly));
        QVERIFY(eh.readAll().contains("no metrics yet"));
        QVERIFY(!ui::writeRunReport(dir.filePath("runs/missing"), dir.filePath("x")).ok);
    }

    void roundsRunShowsIntervalsAndPairedTests()
    {
        // A run of rounds: eval.json with the start policy and one round (with its paired
        // comparison), the round's metrics lines, and the answers of both evaluations.
        QTemporaryDir dir;
        const QString runs = dir.filePath("runs"), run = runs + "/itool-a", other = runs + "/sft-b";
        QVERIFY(QDir().mkpath(run + "/answers") && QDir().mkpath(other + "/answers"));
        auto tally = [](int correct, int total, double lo, double hi) {
            return Json{{"total", total}, {"correct", correct}, {"accuracy", double(correct) / total}, {"ci95", {lo, hi}}};
        };
        const Json start{{"total", 200}, {"correct", 80}, {"accuracy", 0.4}, {"ci95", {0.335, 0.468}},
                         {"by_difficulty", {{"easy", tally(60, 100, 0.502, 0.691)}, {"medium", tally(20, 100, 0.133, 0.289)}}}};
        const Json after{{"total", 200}, {"correct", 90}, {"accuracy", 0.45}, {"ci95", {0.383, 0.519}},
                         {"by_difficulty", {{"easy", tally(61, 100, 0.512, 0.7)}, {"medium", tally(29, 100, 0.213, 0.383)}}}};
        const Json versus{{"all", {{"only_a", 4}, {"only_b", 14}, {"gain", 0.05}, {"gain_ci95", {0.011, 0.089}}, {"mcnemar_p", 0.0309}}},
                          {"medium_and_hard", {{"only_a", 2}, {"only_b", 11}, {"gain", 0.09}, {"gain_ci95", {0.02, 0.16}}, {"mcnemar_p", 0.0225}}}};
        {
            QFile e(run + "/eval.json");
            QVERIFY(e.open(QIODevice::WriteOnly));
            e.write(QByteArray::fromStdString(
                Json{{"rounds", {Json{{"round", 0}, {"eval", start}}, Json{{"round", 1}, {"eval", after}, {"versus_start", versus}}}}}
                    .dump()));
            QFile m(run + "/metrics.jsonl");
            QVERIFY(m.open(QIODevice::WriteOnly));
            m.write(QByteArray::fromStdString(Json{{"stage", "eval"}, {"round", 0}, {"data", start}}.dump() + "\n" +
                                              Json{{"stage", "eval"}, {"round", 1}, {"data", after}}.dump() + "\n"));
            QFile a(run + "/answers/round-1.jsonl"), z(run + "/answers/round-0.jsonl"), b(other + "/answers/round-2.jsonl");
            QVERIFY(a.open(QIODevice::WriteOnly) && z.open(QIODevice::WriteOnly) && b.open(QIODevice::WriteOnly));
            a.write("{\"id\":\"r1\",\"correct\":true}\n{\"id\":\"r2\",\"correct\":true}\n{\"id\":\"r3\",\"correct\":false}\n");
            z.write("{\"id\":\"r1\",\"correct\":false}\n");
            b.write("{\"id\":\"r1\",\"correct\":false}\n{\"id\":\"r2\",\"correct\":true}\n{\"id\":\"r9\",\"correct\":true}\n");
        }
        const QString table = ui::roundsAccuracyHtml(run);
        for (const QString &part : {"40.0 <small>[33.5, 46.8]</small>", "45.0 <small>[38.3, 51.9]</small>",
                                    "+14 / &minus;4, +5.0 <small>[1.1, 8.9]</small>, p&nbsp;0.0309",
                                    "+11 / &minus;2", "29.0 <small>[21.3, 38.3]</small>"})
            QVERIFY2(table.contains(part), qPrintable(part + " not in " + table));
        const ui::ReportResult r = ui::writeRunReport(run, dir.filePath("report"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QFile h(r.htmlPath);
        QVERIFY(h.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(h.readAll());
        QVERIFY(html.contains("McNemar") && html.contains("p&nbsp;0.0309"));
        // Two runs: the last answers of each (round-1 and round-2), on the records both have.
        QCOMPARE(ui::lastAnswersFile(run), run + "/answers/round-1.jsonl");
        const QString both = ui::finalAnswersComparison(other, run);
        QVERIFY2(both.contains("on the 2 records both answered") && both.contains("50.0% -> 100.0% (fixed 1, broken 0"),
                 qPrintable(both));
        // The Runs pane shows the same.
        ui::RunsPane pane;
        pane.setRunsDir(runs);
        pane.open("itool-a", "sft-b");
        QVERIFY(pane.accuracyHtml().contains("+14 / &minus;4"));
        QVERIFY(pane.accuracyHtml().contains("fixed 1, broken 0"));
    }

    void plotExportFormats()
    {
        QTemporaryDir dir;
        ui::LivePlot plot("t", "x", "y");
        QString error;
        QVERIFY(ui::exportPlot(plot.plot(), dir.filePath("a.png"), &error));
        QVERIFY(ui::exportPlot(plot.plot(), dir.filePath("a.pdf"), &error));
        QVERIFY(QFileInfo(dir.filePath("a.pdf")).size() > 500);
        QVERIFY(ui::exportPlot(plot.plot(), dir.filePath("a.svg"), &error));
        QVERIFY(QFileInfo(dir.filePath("a.svg")).size() > 500);
        const QStringList texts = svgTexts(dir.filePath("a.svg"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(texts.contains("t") && texts.contains("x") && texts.contains("y"),
                 qPrintable(texts.join(" | ")));
        QCOMPARE(ui::plotExportFormats(), (QStringList{"png", "svg", "pdf"}));
        QVERIFY(!ui::exportPlot(plot.plot(), dir.filePath("a.bmpx"), &error));
        QVERIFY(error.contains("unknown format"));
        QVERIFY(!ui::exportPlot(plot.plot(), dir.filePath("no/such/dir/a.svg"), &error));

        // A folder export writes the three formats of each plot.
        ui::LivePlot other("Second plot", "x", "y");
        error.clear();
        const QStringList files
            = ui::exportPlotsToFolder({{plot.plot(), ui::plotFileName(plot.title())},
                                       {other.plot(), ui::plotFileName(other.title())}},
                                      dir.filePath("out"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(files.size(), 6);
        QVERIFY(QFileInfo(dir.filePath("out/second-plot.svg")).size() > 500);
    }
};

QTEST_MAIN(TestRunReport)
#include "tst_run_report.moc"
