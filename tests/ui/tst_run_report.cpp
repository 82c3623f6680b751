// The run report and plot export: from a run folder holding metrics.jsonl (training steps),
// decay.json (points over fractions and seeds, one round) and fixed_calls.jsonl, the report
// writes report.html with its plots embedded, the tables, the examples, and each plot as
// PNG, SVG and PDF (the SVG well-formed XML whose text holds the title, axis labels and
// legend); a folder without metrics still gives a report.
#include "core/eval/decay_experiment.h"
#include "ui/live_plot.h"
#include "ui/plot_export.h"
#include "ui/report_writer.h"

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
              "gain per doubling", "easy", "iTool rounds"})
            QVERIFY2(decayTexts.contains(word),
                     qPrintable(word + " not in " + decayTexts.join(" | ")));
        QFile html(r.htmlPath);
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(html.readAll());
        QCOMPARE(text.count("data:image/png;base64,"), 3);
        QVERIFY(text.contains("href=\"decay.svg\">SVG</a>"));
        QVERIFY(text.contains("Gain per doubling"));
        QVERIFY(text.contains("get_weather(town=&#x27;Paris&#x27;)") || text.contains("get_weather(town='Paris')"));
        QVERIFY(text.contains("round 1"));
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
