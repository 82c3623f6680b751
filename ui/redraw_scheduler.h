#pragma once
// Spreads live-plot redraws over event-loop turns so that no turn renders several plots in a
// row: a plot asks for a redraw (request); the scheduler renders one plot per tick, kSliceMs
// after the previous render ended, the same plot at most every kMinIntervalMs however often
// its data changes, and a plot that is not visible (a dock tabbed away) only once shown.
// Rendering a QCustomPlot in software is the GUI thread's largest cost while a job runs
// (several ms per plot under Xvfb); five plots replotted in one turn on every event batch
// stalled the event loop beyond 100 ms.
// What it is not: the plots' data (LivePlot / DecayPane keep their data current at once).
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <vector>

class QCustomPlot;

namespace itool::ui {

class RedrawScheduler : public QObject
{
    Q_OBJECT
public:
    static constexpr int kSliceMs = 20;
    static constexpr int kMinIntervalMs = 150;

    // The GUI thread's scheduler (created on first use, owned by the application).
    static RedrawScheduler *instance();

    // Asks for plot to be rendered soon; asks before it runs count once.
    void request(QCustomPlot *plot);
    // Plots waiting (visible or not).
    int pending() const;
    // Renders every visible pending plot now (before a screenshot or an export).
    void flush();
    // Plots rendered so far, and the GUI-thread CPU time of the slowest render and of all
    // (wall time where the platform has no thread clock).
    qint64 rendered() const { return m_rendered; }
    double maxRenderMs() const { return m_maxRenderMs; }
    double totalRenderMs() const { return m_totalRenderMs; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit RedrawScheduler(QObject *parent);
    void tick();
    void render(std::size_t i);
    void timedReplot(QCustomPlot *plot);

    struct Entry
    {
        QPointer<QCustomPlot> plot;
        qint64 lastMs = -1;
        bool pending = false;
    };
    std::vector<Entry> m_entries; // round-robin order: the last rendered goes to the back
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_rendered = 0;
    double m_maxRenderMs = 0, m_totalRenderMs = 0;
};

} // namespace itool::ui
