#pragma once
// The stakeholder report of a run folder: one self-contained report.html (plots embedded as
// base64 PNG) plus each plot as PNG, SVG and PDF beside it. It holds the spec, the training
// curves, the decay curve with its gain-per-doubling table, the per-category accuracy table
// and, when the run kept them (fixed_calls.jsonl: {"id","gold","before","after"} per line),
// before/after examples of calls the training fixed. Works headless (offscreen platform).
// What it is not: a run follower (it reads the folder once).
#include <QString>
#include <QStringList>

namespace itool::ui {

struct ReportResult
{
    bool ok = false;
    QString error;
    QString htmlPath;
    QStringList files; // every file written
    int plots = 0, decayPoints = 0, metricLines = 0, examples = 0;
};

// Needs a QApplication (plots are drawn with QCustomPlot).
ReportResult writeRunReport(const QString &runDir, const QString &outDir);

} // namespace itool::ui
