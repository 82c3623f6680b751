#pragma once
// One live plot: a QCustomPlot with named lines fed from MetricSeriesModel series (left or
// right axis, optional log scale), a hover read-out of the nearest point, wheel zoom and drag
// pan (double-click fits everything again), and export to PNG / SVG / PDF with axes, labels and
// legend (plot_export.h; also on right click). Rendering goes through the RedrawScheduler
// (coalesced, one plot per event-loop turn). What it is not: a data store; it reads the model.
#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemText;
class QMouseEvent;

namespace itool::ui {

class MetricSeriesModel;

class LivePlot : public QWidget
{
    Q_OBJECT
public:
    struct Line
    {
        QString series;     // MetricSeriesModel series name
        QString label;      // legend text
        bool rightAxis = false;
        QColor color;
    };

    LivePlot(const QString &title, const QString &xLabel, const QString &yLabel, QWidget *parent = nullptr);

    void setModel(MetricSeriesModel *model);
    // A second model drawn dashed with the same lines (run comparison); nullptr removes it.
    void setOverlay(MetricSeriesModel *model, const QString &overlayName);
    void addLine(const Line &line);
    void setRightLabel(const QString &label);
    void setLogY(bool left, bool right = false);
    // The x values are counts (rounds): ticks only at whole numbers, never at round 1.5.
    void setWholeNumberX();
    QCustomPlot *plot() const { return m_plot; }
    QString title() const { return m_title; }
    // Points drawn across every line (what tests and the report check).
    int pointCount() const;
    // Brings the graphs up to date with the model(s) at once (new points appended), fits the
    // axes and asks the RedrawScheduler to render the plot soon. A model change does the same
    // only when one of this plot's series changed.
    void refresh();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void hover(QMouseEvent *event);
    void sync(bool force);

    QString m_title;
    QCustomPlot *m_plot;
    QCPItemText *m_readout;
    MetricSeriesModel *m_model = nullptr, *m_overlay = nullptr;
    QString m_overlayName;
    std::vector<Line> m_lines;
    std::vector<QCPGraph *> m_graphs, m_overlayGraphs;
    bool m_userZoomed = false;
};

} // namespace itool::ui
