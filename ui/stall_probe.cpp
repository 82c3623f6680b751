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

} // namespace

qint64 threadCpuTimeNs()
{
#ifdef __linux__
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
#endif
    return -1;
}

StallProbe::StallProbe(QObject *parent)
    : QObject(parent)
    , m_histogram(std::size_t(2000 / kBucketMs) + 1, 0)
    , m_cpuHistogram(m_histogram.size(), 0)
{
    m_timer.setInterval(kProbeMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StallProbe::tick);
}

void StallProbe::start()
{
    m_lastNs = m_lastCpuNs = 0;
    m_ticks = 0;
    m_maxStallMs = m_sumGapMs = m_maxGapCpuMs = 0;
    m_overGoal = m_pauses = 0;
    m_paused = m_cpuKnown = false;
    std::fill(m_histogram.begin(), m_histogram.end(), 0);
    std::fill(m_cpuHistogram.begin(), m_cpuHistogram.end(), 0);
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
    const qint64 now = monotonicNs(), cpu = threadCpuTimeNs();
    if (m_lastNs != 0) {
        const double gapMs = double(now - m_lastNs) / 1e6;
        m_sumGapMs += gapMs;
        const double stall = std::max(0.0, gapMs - kProbeMs);
        const std::size_t last = m_histogram.size() - 1;
        ++m_histogram[std::min(last, std::size_t(stall / kBucketMs))];
        ++m_gaps;
        if (cpu >= 0 && m_lastCpuNs >= 0) {
            const double cpuMs = double(cpu - m_lastCpuNs) / 1e6;
            m_cpuKnown = true;
            m_maxGapCpuMs = std::max(m_maxGapCpuMs, cpuMs);
            ++m_cpuHistogram[std::min(last, std::size_t(std::max(0.0, cpuMs) / kBucketMs))];
        }
        if (stall > kGoalMs)
            ++m_overGoal;
        if (stall > m_maxStallMs) {
            m_maxStallMs = stall;
            emit measured(m_maxStallMs);
        }
    }
    m_lastNs = now;
    m_lastCpuNs = cpu;
    ++m_ticks;
}

namespace {

// The upper edge of the smallest bucket whose cumulative count reaches q of the total.
double percentile(const std::vector<std::int64_t> &histogram, double bucketMs, double q, double maxMs)
{
    std::int64_t total = 0;
    for (auto n : histogram)
        total += n;
    if (total == 0)
        return 0.0;
    const auto need = std::max<std::int64_t>(1, std::int64_t(std::ceil(std::clamp(q, 0.0, 1.0) * double(total))));
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < histogram.size(); ++i) {
        seen += histogram[i];
        if (seen >= need)
            return std::min(maxMs, double(i + 1) * bucketMs);
    }
    return maxMs;
}

} // namespace

double StallProbe::percentileStallMs(double q) const
{
    return percentile(m_histogram, kBucketMs, q, m_maxStallMs);
}

double StallProbe::percentileGapCpuMs(double q) const
{
    return m_cpuKnown ? percentile(m_cpuHistogram, kBucketMs, q, m_maxGapCpuMs) : -1.0;
}

QString StallProbe::summary() const
{
    QString s = tr("longest stall %1 ms, p99 %2 ms, p50 %3 ms over %4 ticks; %5 stalls over %6 ms")
                    .arg(m_maxStallMs, 0, 'f', 1)
                    .arg(percentileStallMs(0.99), 0, 'f', 1)
                    .arg(percentileStallMs(0.50), 0, 'f', 1)
                    .arg(m_ticks)
                    .arg(m_overGoal)
                    .arg(kGoalMs, 0, 'f', 0);
    if (m_cpuKnown)
        s += tr("; GUI-thread CPU per gap: max %1 ms, p99 %2 ms")
                 .arg(m_maxGapCpuMs, 0, 'f', 1)
                 .arg(percentileGapCpuMs(0.99), 0, 'f', 1);
    if (m_pauses > 0)
        s += tr("; %1 window(s) left out (screenshots)").arg(m_pauses);
    return s;
}

} // namespace itool::ui
