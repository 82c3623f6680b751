#pragma once
// Measures how long the GUI event loop goes without running a timer: a kProbeMs precise
// timer records every gap between its ticks; the stall is the gap beyond the period. It
// keeps the largest stall and the stall percentiles, and on Linux the GUI thread's own CPU
// time in each gap: on a machine whose cores are shared, a stall is the GUI's own work
// stretched by the time the thread waited for a core; the CPU figure is the part the
// workbench controls (what the stall would be with a core to itself).
// pause()/resume() leave out a window the caller blocks on purpose (a screenshot grab); the
// gap that spans it is not counted.
// What it is not: a profiler (it says how long, not where).
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <vector>

namespace itool::ui {

// CPU time the calling thread has used, in ns; -1 where the platform cannot tell.
qint64 threadCpuTimeNs();

class StallProbe : public QObject
{
    Q_OBJECT
public:
    static constexpr int kProbeMs = 10;
    static constexpr double kGoalMs = 50.0;

    explicit StallProbe(QObject *parent = nullptr);
    void start();
    void stop();
    // Stops counting until resume(); the gap across the pause is dropped.
    void pause();
    void resume();
    bool running() const { return m_timer.isActive(); }

    double maxStallMs() const { return m_maxStallMs; }
    // The stall that q (0..1) of the gaps stay at or under, e.g. 0.99 (to 0.5 ms).
    double percentileStallMs(double q) const;
    double meanGapMs() const { return m_gaps == 0 ? 0.0 : m_sumGapMs / double(m_gaps); }
    std::int64_t ticks() const { return m_ticks; }
    // Gaps whose stall went over kGoalMs.
    int stallsOverGoal() const { return m_overGoal; }
    // The GUI thread's CPU time within one gap: the largest, and the q percentile (-1 where
    // the platform cannot tell).
    double maxGapCpuMs() const { return m_cpuKnown ? m_maxGapCpuMs : -1.0; }
    double percentileGapCpuMs(double q) const;
    int pausedWindows() const { return m_pauses; }
    // One line with the figures above (logs, the screenshot mode, tests).
    QString summary() const;

signals:
    void measured(double maxStallMs);

private:
    void tick();
    QTimer m_timer;
    qint64 m_lastNs = 0, m_lastCpuNs = 0;
    std::int64_t m_ticks = 0;
    double m_maxStallMs = 0, m_sumGapMs = 0, m_maxGapCpuMs = 0;
    int m_overGoal = 0, m_pauses = 0;
    bool m_paused = false, m_cpuKnown = false;
    // Stalls in kBucketMs buckets (the last holds everything longer): percentiles of a run of
    // any length in fixed memory.
    static constexpr double kBucketMs = 0.5;
    std::vector<std::int64_t> m_histogram, m_cpuHistogram;
    std::int64_t m_gaps = 0;
};

} // namespace itool::ui
