#pragma once
// Plot data accumulated from a run: numeric series keyed by name (x = optimiser step, or
// round number for per-round metrics) fed by the engine's training events or by metrics.jsonl
// lines, plus the decay points an experiment reported. The plots only read from here.
// What it is not: a widget or a file follower (RunFollower reads files and feeds this).
#include "core/common/json.h"
#include "core/eval/decay_point.h"
#include "core/pipeline/training_events.h"

#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace itool::ui {

class MetricSeriesModel : public QObject
{
    Q_OBJECT
public:
    explicit MetricSeriesModel(QObject *parent = nullptr);

    void clear();
    void addEvents(const std::vector<pipeline::TrainingEvent> &events);
    void addEvent(const pipeline::TrainingEvent &event);
    // One metrics.jsonl line: every numeric field becomes a point of the series of that
    // name, at x = "step" (or "round" when the line has one and no step). A decay point line
    // ("kind" "sft"/"round" with "metrics") goes to the decay points instead.
    void addMetricsLine(const Json &line);

    // One iTool round line ({"stage", "round", "data"}, as in a rounds run's metrics.jsonl):
    // "eval" gives accuracy by difficulty and category per round, "round" the preference
    // loss, reward margin and pair accuracy, "train" (live events) the preference loss by step,
    // "warmup" steps the warm-up SFT's loss, lr, grad norm and tokens/s by step.
    void addRoundLine(const Json &line);

    QStringList names() const;
    bool has(const QString &name) const;
    const std::vector<QPointF> &series(const QString &name) const;
    const std::vector<eval::DecayPoint> &decayPoints() const { return m_decay; }
    // Changes whenever the decay points change (added or cleared): the decay curve redraws
    // only then, not on every training step.
    std::uint64_t decayRevision() const { return m_decayRevision; }
    std::int64_t lastStep() const { return m_lastStep; }
    std::int64_t totalSteps() const { return m_totalSteps; }
    QString lastStage() const { return m_stage; }
    QString lastMessage() const { return m_message; }

signals:
    // Emitted once per addEvents / addMetricsLine batch that changed something.
    void changed();
    void decayPointAdded(const itool::eval::DecayPoint &point);

private:
    void append(const QString &name, double x, double y);
    bool addDecayPoint(const Json &json);

    std::map<QString, std::vector<QPointF>> m_series;
    std::vector<eval::DecayPoint> m_decay;
    std::int64_t m_lastStep = 0, m_totalSteps = 0, m_prefSteps = 0;
    std::uint64_t m_decayRevision = 0;
    QString m_stage, m_message;
    bool m_batching = false, m_dirty = false;
};

} // namespace itool::ui
