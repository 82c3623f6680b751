// The event-loop stall probe (see stall_probe.h).
#include "ui/stall_probe.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

#ifdef __linux__
#include <time.h>
#endif

namespace itool::ui {

namespace {

qint64 monotonicNs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.nsecsElapsed();
}

// CPU time of the calling thread, -1 where unknown.
qint64 threadCpuNs()
{
#ifdef __linux__
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
#endif
    return -1;
}

} // namespace

StallProbe::StallProbe(QObject *parent)
    : QObject(parent)
    , m_histogram(std::size_t(2000 / kBucketMs) + 1, 0)
{
    m_timer.setInterval(kProbeMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StallProbe::tick);
}

void StallProbe::start()
{
    m_lastNs = m_lastCpuNs = 0;
    m_ticks = 0;
    m_maxStallMs = m_sumGapMs = m_maxBusyStallMs = 0;
    m_maxStallCpuMs = -1;
    m_overGoal = m_busyOverGoal = m_pauses = 0;
    m_paused = false;
    std::fill(m_histogram.begin(), m_histogram.end(), 0);
    m_gaps = 0;
    m_timer.start();
}

void StallProbe::stop()
{
    m_timer.stop();
}

void StallProbe::pause()
{
    if (!m_timer.isActive() || m_paused)
        return;
    m_paused = true;
    ++m_pauses;
}

void StallProbe::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    m_lastNs = 0; // the next tick starts a fresh gap
}

void StallProbe::tick()
{
    if (m_paused)
        return;
    const qint64 now = monotonicNs(), cpu = threadCpuNs();
    if (m_lastNs != 0) {
        const double gapMs = double(now - m_lastNs) / 1e6;
        m_sumGapMs += gapMs;
        const double stall = std::max(0.0, gapMs - kProbeMs);
        ++m_histogram[std::min(m_histogram.size() - 1, std::size_t(stall / kBucketMs))];
        ++m_gaps;
        const double cpuMs = cpu >= 0 && m_lastCpuNs >= 0 ? double(cpu - m_lastCpuNs) / 1e6 : -1.0;
        const bool busy = cpuMs < 0 || cpuMs >= 0.5 * gapMs;
        if (stall > kGoalMs) {
            ++m_overGoal;
            if (busy)
                ++m_busyOverGoal;
        }
        if (busy)
            m_maxBusyStallMs = std::max(m_maxBusyStallMs, stall);
        if (stall > m_maxStallMs) {
            m_maxStallMs = stall;
            m_maxStallCpuMs = cpuMs;
            emit measured(m_maxStallMs);
        }
    }
    m_lastNs = now;
    m_lastCpuNs = cpu;
    ++m_ticks;
}

double StallProbe::percentileStallMs(double q) const
{
    if (m_gaps == 0)
        return 0.0;
    // The smallest bucket whose cumulative count reaches q of the gaps; its upper edge.
    const auto need = std::int64_t(std::ceil(std::clamp(q, 0.0, 1.0) * double(m_gaps)));
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < m_histogram.size(); ++i) {
        seen += m_histogram[i];
        if (seen >= need && seen > 0)
            return std::min(m_maxStallMs, double(i + 1) * kBucketMs);
    }
    return m_maxStallMs;
}

QString StallProbe::summary() const
{
    QString s = tr("longest stall %1 ms, p99 %2 ms, p50 %3 ms over %4 ticks; %5 stalls over %6 ms "
                   "(%7 with the GUI "
                   "thread busy), longest busy stall %8 ms")
                    .arg(m_maxStallMs, 0, 'f', 1)
                    .arg(percentileStallMs(0.99), 0, 'f', 1)
                    .arg(percentileStallMs(0.50), 0, 'f', 1)
                    .arg(m_ticks)
                    .arg(m_overGoal)
                    .arg(kGoalMs, 0, 'f', 0)
                    .arg(m_busyOverGoal)
                    .arg(m_maxBusyStallMs, 0, 'f', 1);
    if (m_maxStallCpuMs >= 0)
        s += tr("; GUI thread CPU during the longest: %1 ms").arg(m_maxStallCpuMs, 0, 'f', 1);
    if (m_pauses > 0)
        s += tr("; %1 window(s) left out (screenshots)").arg(m_pauses);
    return s;
}

} // namespace itool::ui
