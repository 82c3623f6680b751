#pragma once
// Follows a run folder, finished or still being written: reads metrics.jsonl from where it
// stopped (polling plus a QFileSystemWatcher), keeps a partial last line until its newline
// arrives, skips lines that are not JSON (counted), starts over when the file shrinks (a new
// run in the same folder), and feeds every line into a MetricSeriesModel. Also reads the
// run's spec (spec.json, or the spec kept in decay.json).
// What it is not: a parser of the lines (MetricSeriesModel does that).
#include "core/common/json.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace itool::ui {

class MetricSeriesModel;

class RunFollower : public QObject
{
    Q_OBJECT
public:
    static constexpr int kPollMs = 500;

    RunFollower(MetricSeriesModel *model, QObject *parent = nullptr);
    // Starts following (clears the model); an empty dir stops.
    void follow(const QString &runDir);
    QString runDir() const { return m_dir; }
    // Reads what is new now (also called by the timer and the watcher).
    void poll();
    std::int64_t linesRead() const { return m_lines; }
    std::int64_t badLines() const { return m_bad; }

    // The run's spec: spec.json, else decay.json's "spec"; an empty object when neither.
    static Json readSpec(const QString &runDir);
    // Lists the keys whose values differ between two specs ("optimizer/lr: 0.003 -> 0.006").
    static QStringList specDifferences(const Json &a, const Json &b);

private:
    MetricSeriesModel *m_model;
    QString m_dir;
    qint64 m_offset = 0;
    QByteArray m_partial;
    std::int64_t m_lines = 0, m_bad = 0;
    QTimer m_timer;
    QFileSystemWatcher m_watcher;
};

} // namespace itool::ui
