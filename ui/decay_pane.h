#pragma once
// The training-gains-decay curve, drawn point by point as the experiment reports points:
// accuracy against training records (log2 axis), the overall mean and one line per
// difficulty with the seeds' min..max as a band, the gain per doubling as bars (right axis),
// and the iTool rounds as marked points at the full-data size. The points come from a
// MetricSeriesModel (live events, or a followed run's metrics.jsonl); the aggregation is the
// engine's summariseDecay. What it is not: the experiment runner or a file reader.
#include "core/eval/decay_summary.h"

#include <QWidget>

class QCustomPlot;
class QLabel;

namespace itool::ui {

class MetricSeriesModel;

class DecayPane : public QWidget
{
    Q_OBJECT
public:
    explicit DecayPane(QWidget *parent = nullptr);
    void setModel(MetricSeriesModel *model);
    MetricSeriesModel *model() const { return m_model; }
    QCustomPlot *plot() const { return m_plot; }
    // The summary last drawn (tests, the report's table).
    const eval::DecaySummary &summary() const { return m_summary; }
    int drawnPoints() const { return m_drawnPoints; }
    // Redraws the curve when the model's decay points changed (cheap otherwise: the model
    // changes on every training step); the rendering goes through the RedrawScheduler.
    void refresh();

private:
    MetricSeriesModel *m_model = nullptr;
    QCustomPlot *m_plot;
    QLabel *m_caption;
    eval::DecaySummary m_summary;
    int m_drawnPoints = 0;
    std::uint64_t m_drawnRevision = ~std::uint64_t(0);
    const MetricSeriesModel *m_drawnModel = nullptr;
};

// Draws a decay summary (and the raw per-seed points) onto a plot; shared with the report.
// Returns the number of finished points drawn.
int drawDecayCurve(QCustomPlot *plot, const std::vector<eval::DecayPoint> &points, eval::DecaySummary *summaryOut);

} // namespace itool::ui
