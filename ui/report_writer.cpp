// The run report (see report_writer.h).
#include "ui/report_writer.h"

#include "core/eval/decay_experiment.h"
#include "core/eval/decay_summary.h"
#include "ui/decay_pane.h"
#include "ui/live_plot.h"
#include "ui/standard_plots.h"
#include "ui/metric_series_model.h"
#include "ui/plot_export.h"
#include "ui/run_comparison.h"
#include "ui/run_follower.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <qcustomplot.h>

#include <map>
#include <memory>
#include <set>

namespace itool::ui {

namespace {

QString esc(const QString &s) { return s.toHtmlEscaped(); }

QString pct(double v) { return QString::number(100.0 * v, 'f', 1); }

QString spreadCell(const eval::Spread &s)
{
    if (s.n == 0)
        return "&ndash;";
    return s.n > 1 ? QString("%1 &plusmn; %2").arg(pct(s.mean), pct(s.std)) : pct(s.mean);
}

} // namespace

ReportResult writeRunReport(const QString &runDir, const QString &outDir)
{
    ReportResult r;
    const QDir run(runDir);
    if (!run.exists()) {
        r.error = QObject::tr("%1: no such run folder").arg(runDir);
        return r;
    }
    if (!QDir().mkpath(outDir)) {
        r.error = QObject::tr("cannot create %1").arg(outDir);
        return r;
    }
    const QDir out(outDir);
    MetricSeriesModel model;
    {
        QFile f(run.filePath("metrics.jsonl"));
        if (f.open(QIODevice::ReadOnly)) {
            while (!f.atEnd()) {
                const QByteArray line = f.readLine().trimmed();
                if (line.isEmpty())
                    continue;
                try {
                    model.addMetricsLine(Json::parse(line.toStdString()));
                    ++r.metricLines;
                } catch (const std::exception &) {
                    // a partial last line of a run still being written
                }
            }
        }
    }
    std::vector<eval::DecayPoint> points = model.decayPoints();
    if (QFileInfo::exists(run.filePath(eval::kDecayResultFile))) {
        try {
            points = eval::readDecayPoints(run.filePath(eval::kDecayResultFile).toStdString());
        } catch (const std::exception &e) {
            r.error = QString::fromUtf8(e.what());
            return r;
        }
    }
    r.decayPoints = int(points.size());
    const Json spec = RunFollower::readSpec(runDir);

    QString body;
    QTextStream html(&body);
    auto embed = [&](QCustomPlot *plot, const QString &name, const QString &caption) {
        const int width = plot->axisRectCount() > 1 ? 1200 : 900; // a side panel gets its own room
        plot->resize(width, 540);
        plot->replot();
        for (const QString &fmt : plotExportFormats()) {
            const QString path = out.filePath(name + "." + fmt);
            QString error;
            if (exportPlot(plot, path, &error))
                r.files << path;
        }
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        plot->toPixmap(width, 540, 2.0).save(&buffer, "PNG");
        html << "<figure><img alt=\"" << esc(caption)
             << "\" style=\"max-width:100%\" src=\"data:image/png;base64," << png.toBase64()
             << "\"><figcaption>" << esc(caption) << " (also <a href=\"" << name
             << ".pdf\">PDF</a>, <a href=\"" << name << ".svg\">SVG</a>, <a href=\"" << name
             << ".png\">PNG</a>)</figcaption></figure>\n";
        ++r.plots;
    };

    html << "<h2>Spec</h2>\n<pre>" << esc(QString::fromStdString(spec.dump(2))) << "</pre>\n";

    if (model.has("loss")) {
        html << "<h2>Training</h2>\n";
        const auto loss = makeLossPlot();
        loss->setModel(&model);
        embed(loss->plot(), "loss", QObject::tr("Training loss (log scale) and learning rate by optimiser step"));
        const auto &l = model.series("loss");
        html << "<p>" << l.size() << " optimiser steps; loss " << QString::number(l.front().y(), 'f', 3) << " at step "
             << l.front().x() << " &rarr; " << QString::number(l.back().y(), 'f', 3) << " at step " << l.back().x()
             << ".</p>\n";
        if (model.has("tokens_per_second")) {
            const auto speed = makeThroughputPlot();
            speed->setModel(&model);
            embed(speed->plot(), "throughput", QObject::tr("Tokens processed per second"));
        }
    }

    if (model.has("round_acc:overall") || model.has("round:preference_loss")) {
        html << "<h2>iTool rounds</h2>\n";
        const auto pref = makePreferencePlot();
        pref->setModel(&model);
        embed(pref->plot(), "rounds-preference",
              QObject::tr("Per round: preference loss and reward margin (left), pair accuracy (right)"));
        const auto acc = makeRoundAccuracyPlot();
        acc->setModel(&model);
        embed(acc->plot(), "rounds-accuracy",
              QObject::tr("Accuracy after each round (round 0: the start policy), by difficulty (left) and category "
                          "(right)"));
        const QString table = roundsAccuracyHtml(runDir);
        if (!table.isEmpty())
            html << "<h3>" << QObject::tr("Accuracy with 95% intervals, and each round against the start policy")
                 << "</h3>\n<p>"
                 << QObject::tr("Both evaluated on the same records: fixed / broken counts the records only the round "
                                "got right / only the start policy got right; the gain's interval is Newcombe's for "
                                "paired proportions; McNemar's exact test on the records that changed.")
                 << "</p>\n"
                 << table;
    }

    if (!points.empty()) {
        html << "<h2>Training-gains decay</h2>\n";
        QCustomPlot plot;
        eval::DecaySummary summary;
        drawDecayCurve(&plot, points, &summary);
        embed(&plot, "decay", QObject::tr("Accuracy against training records (log2), bands = min..max over seeds; "
                                          "bars = gain per doubling. Right panel, when the experiment ran rounds: "
                                          "the rounds' models at the compute they added, on the same accuracy scale."));
        html << "<table><tr><th>fraction</th><th>records</th><th>seeds</th><th>accuracy %</th>";
        std::set<std::string> difficulties, categories;
        for (const auto &f : summary.fractions) {
            for (const auto &[d, _] : f.byDifficulty)
                difficulties.insert(d);
            for (const auto &[c, _] : f.byCategory)
                categories.insert(c);
        }
        for (const auto &d : difficulties)
            html << "<th>" << esc(QString::fromStdString(d)) << " %</th>";
        html << "</tr>\n";
        for (const auto &f : summary.fractions) {
            html << "<tr><td>" << f.fraction << "</td><td>" << f.records << "</td><td>" << f.accuracy.n << "</td><td>"
                 << spreadCell(f.accuracy) << "</td>";
            for (const auto &d : difficulties) {
                auto it = f.byDifficulty.find(d);
                html << "<td>" << (it == f.byDifficulty.end() ? QString("&ndash;") : spreadCell(it->second)) << "</td>";
            }
            html << "</tr>\n";
        }
        auto intervalCell = [](const eval::PairedGain &g) {
            return g.records == 0 ? QString("&ndash;")
                                  : QString("%1 to %2").arg(100.0 * g.interval.low, 0, 'f', 1).arg(100.0 * g.interval.high, 0, 'f', 1);
        };
        html << "</table>\n<h3>Gain per doubling of the data (accuracy points)</h3>\n<table><tr><th>from</th><th>to</th>"
                "<th>gain</th><th>95 % interval</th><th>gain per doubling</th>";
        for (const auto &d : difficulties)
            html << "<th>" << esc(QString::fromStdString(d)) << "</th>";
        html << "</tr>\n";
        for (const auto &g : summary.gains) {
            html << "<tr><td>" << g.fromFraction << "</td><td>" << g.toFraction << "</td><td>" << spreadCell(g.gain)
                 << "</td><td>" << intervalCell(g.paired) << "</td><td>" << spreadCell(g.gainPerDoubling) << "</td>";
            for (const auto &d : difficulties) {
                auto it = g.byDifficulty.find(d);
                html << "<td>" << (it == g.byDifficulty.end() ? QString("&ndash;") : spreadCell(it->second)) << "</td>";
            }
            html << "</tr>\n";
        }
        html << "</table>\n<p>" << QObject::tr("Gains: mean ± standard deviation over seeds; the interval is from the "
                                                "records' paired verdicts (docs/decay-experiment.md).")
             << "</p>\n";
        if (!summary.rounds.empty()) {
            html << "<h3>" << QObject::tr("Rounds from the full-data model (same test set)") << "</h3>\n"
                 << "<table><tr><th>method</th><th>round</th><th>seeds</th><th>compute added (% of the full-data SFT)</th>"
                    "<th>accuracy %</th><th>gain over the full-data model</th><th>95 % interval</th>";
            for (const auto &d : difficulties)
                html << "<th>" << esc(QString::fromStdString(d)) << " gain</th>";
            html << "</tr>\n";
            for (const auto &rs : summary.rounds) {
                html << "<tr><td>" << (rs.method == "itool" ? "iTool" : "continued SFT") << "</td><td>" << rs.round
                     << "</td><td>" << rs.accuracy.n << "</td><td>"
                     << (rs.computeShare > 0 ? QString::number(100.0 * rs.computeShare, 'f', 1) : QString("&ndash;"))
                     << "</td><td>" << spreadCell(rs.accuracy) << "</td><td>" << spreadCell(rs.gain) << "</td><td>"
                     << intervalCell(rs.paired) << "</td>";
                for (const auto &d : difficulties) {
                    auto it = rs.gainByDifficulty.find(d);
                    html << "<td>" << (it == rs.gainByDifficulty.end() ? QString("&ndash;") : spreadCell(it->second))
                         << "</td>";
                }
                html << "</tr>\n";
            }
            html << "</table>\n";
        }
        html << "<h3>Accuracy by category (%)</h3>\n<table><tr><th>fraction</th>";
        for (const auto &c : categories)
            html << "<th>" << esc(QString::fromStdString(c)) << "</th>";
        html << "</tr>\n";
        for (const auto &f : summary.fractions) {
            html << "<tr><td>" << f.fraction << "</td>";
            for (const auto &c : categories) {
                auto it = f.byCategory.find(c);
                html << "<td>" << (it == f.byCategory.end() ? QString("&ndash;") : spreadCell(it->second)) << "</td>";
            }
            html << "</tr>\n";
        }
        html << "</table>\n";
    }

    html << "<h2>Calls the training fixed</h2>\n";
    QFile fixed(run.filePath("fixed_calls.jsonl"));
    if (fixed.open(QIODevice::ReadOnly)) {
        html << "<table><tr><th>record</th><th>gold</th><th>before</th><th>after</th></tr>\n";
        while (!fixed.atEnd() && r.examples < 20) {
            try {
                const Json j = Json::parse(fixed.readLine().toStdString());
                auto field = [&](const char *k) {
                    return esc(QString::fromStdString(j.contains(k) ? (j[k].is_string() ? j[k].get<std::string>() : j[k].dump())
                                                                    : std::string()));
                };
                html << "<tr><td>" << field("id") << "</td><td><code>" << field("gold") << "</code></td><td><code>"
                     << field("before") << "</code></td><td><code>" << field("after") << "</code></td></tr>\n";
                ++r.examples;
            } catch (const std::exception &) {
            }
        }
        html << "</table>\n";
    } else if (!points.empty()) {
        // A decay run keeps every point's answers: per seed, the records the smallest
        // fraction's model got wrong and the full-data model got right.
        auto readAnswers = [&](const eval::DecayPoint &p) {
            std::map<std::string, Json> out;
            QFile f(run.filePath(QString::fromStdString(p.key()) + "/answers.jsonl"));
            if (f.open(QIODevice::ReadOnly))
                while (!f.atEnd()) {
                    try {
                        Json j = Json::parse(f.readLine().toStdString());
                        out[j.value("id", std::string())] = j;
                    } catch (const std::exception &) {
                    }
                }
            return out;
        };
        std::map<std::uint64_t, const eval::DecayPoint *> smallest, largest;
        for (const auto &p : points) {
            if (p.kind != "sft")
                continue;
            if (!smallest.count(p.seed) || p.fraction < smallest[p.seed]->fraction)
                smallest[p.seed] = &p;
            if (!largest.count(p.seed) || p.fraction > largest[p.seed]->fraction)
                largest[p.seed] = &p;
        }
        QString rows;
        for (const auto &[seed, small] : smallest) {
            const auto *large = largest[seed];
            if (large == small)
                continue;
            const auto before = readAnswers(*small), after = readAnswers(*large);
            // "correct" since the one evaluation (eval/evaluation.h); "valid" in older folders.
            const auto right = [](const Json &answer) { return answer.value("correct", answer.value("valid", false)); };
            for (const auto &[id, a] : after) {
                auto b = before.find(id);
                if (r.examples >= 20 || b == before.end() || !right(a) || right(b->second))
                    continue;
                const Json errors = b->second.value("errors", Json::array());
                rows += QString("<tr><td>%1</td><td>seed %2</td><td><code>%3</code><br>%4</td><td><code>%5</code></td></tr>\n")
                            .arg(esc(QString::fromStdString(id)))
                            .arg(seed)
                            .arg(esc(QString::fromStdString(b->second.value("result", std::string()))),
                                 esc(QString::fromStdString(errors.dump())),
                                 esc(QString::fromStdString(a.value("result", std::string()))));
                ++r.examples;
            }
        }
        if (r.examples > 0)
            html << "<p>Test records the smallest fraction's model got wrong and the full-data model got right.</p>\n"
                    "<table><tr><th>record</th><th>seed</th><th>before (errors)</th><th>after</th></tr>\n"
                 << rows << "</table>\n";
        else
            html << "<p>No test record went from wrong (smallest fraction) to right (all the data).</p>\n";
    } else {
        html << "<p>This run kept no before/after predictions (no fixed_calls.jsonl in the run folder).</p>\n";
    }
    if (r.metricLines == 0 && points.empty())
        html << "<p><b>The run folder has no metrics yet.</b></p>\n";

    const QString name = QFileInfo(QDir::cleanPath(runDir)).fileName();
    QString page;
    QTextStream doc(&page);
    doc << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>iTool run report: " << esc(name)
        << "</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
           "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
           "pre{background:#f5f5f5;padding:8px;overflow:auto;font-size:12px}figcaption{font-size:13px;color:#555}"
           "</style></head><body>\n<h1>Run report: "
        << esc(name) << "</h1>\n<p>Run folder <code>" << esc(QDir(runDir).absolutePath()) << "</code>, written "
        << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << ". " << r.metricLines << " metrics lines, "
        << r.decayPoints << " decay points.</p>\n"
        << body << "</body></html>\n";
    r.htmlPath = out.filePath("report.html");
    QFile file(r.htmlPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(page.toUtf8()) < 0) {
        r.error = QObject::tr("cannot write %1").arg(r.htmlPath);
        return r;
    }
    r.files << r.htmlPath;
    r.ok = true;
    return r;
}

} // namespace itool::ui
