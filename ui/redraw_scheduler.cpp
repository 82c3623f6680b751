// Plot redraws spread over event-loop turns (see redraw_scheduler.h).
#include "ui/redraw_scheduler.h"

#include "ui/stall_probe.h"

#include <QCoreApplication>
#include <QEvent>
#include <qcustomplot.h>

#include <algorithm>

namespace itool::ui {

RedrawScheduler *RedrawScheduler::instance()
{
    static QPointer<RedrawScheduler> scheduler;
    if (!scheduler)
        scheduler = new RedrawScheduler(QCoreApplication::instance());
    return scheduler;
}

RedrawScheduler::RedrawScheduler(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    // Single shot, started again after each render: the loop gets kSliceMs to itself
    // between two renders however long a render took.
    m_timer.setInterval(kSliceMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RedrawScheduler::tick);
}

void RedrawScheduler::request(QCustomPlot *plot)
{
    if (!plot)
        return;
    auto it = std::find_if(m_entries.begin(), m_entries.end(),
                           [plot](const Entry &e) { return e.plot == plot; });
    if (it == m_entries.end()) {
        m_entries.push_back({plot, -1, true});
        plot->installEventFilter(this); // renders a hidden plot when it is shown
    } else {
        it->pending = true;
    }
    if (!m_timer.isActive())
        m_timer.start();
}

int RedrawScheduler::pending() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(),
                             [](const Entry &e) { return e.plot && e.pending; }));
}

void RedrawScheduler::flush()
{
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].plot && m_entries[i].pending && m_entries[i].plot->isVisible()) {
            timedReplot(m_entries[i].plot);
            m_entries[i].pending = false;
            m_entries[i].lastMs = m_clock.elapsed();
        }
}

bool RedrawScheduler::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Show)
        for (const Entry &e : m_entries)
            if (e.plot == watched && e.pending && !m_timer.isActive())
                m_timer.start();
    return QObject::eventFilter(watched, event);
}

void RedrawScheduler::timedReplot(QCustomPlot *plot)
{
    const qint64 cpu0 = threadCpuTimeNs();
    QElapsedTimer wall;
    wall.start();
    plot->replot(QCustomPlot::rpRefreshHint); // renders the buffer; the paint only blits it
    const qint64 cpu1 = threadCpuTimeNs();
    const double ms
        = cpu0 >= 0 && cpu1 >= 0 ? double(cpu1 - cpu0) / 1e6 : double(wall.nsecsElapsed()) / 1e6;
    m_maxRenderMs = std::max(m_maxRenderMs, ms);
    m_totalRenderMs += ms;
    ++m_rendered;
}

void RedrawScheduler::render(std::size_t i)
{
    Entry e = m_entries[i];
    timedReplot(e.plot);
    e.pending = false;
    e.lastMs = m_clock.elapsed();
    m_entries.erase(m_entries.begin() + std::ptrdiff_t(i));
    m_entries.push_back(e);
}

void RedrawScheduler::tick()
{
    m_entries.erase(
        std::remove_if(m_entries.begin(), m_entries.end(), [](const Entry &e) { return !e.plot; }),
        m_entries.end());
    const qint64 now = m_clock.elapsed();
    bool waiting = false; // visible plots still pending after this tick
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
        if (!e.pending || !e.plot->isVisible())
            continue;
        if (e.lastMs >= 0 && now - e.lastMs < kMinIntervalMs) {
            waiting = true;
            continue;
        }
        render(i);
        // One plot per tick; keep ticking while others wait.
        waiting = waiting || std::any_of(m_entries.begin(), m_entries.end(), [](const Entry &x) {
                      return x.pending && x.plot && x.plot->isVisible();
                  });
        break;
    }
    if (waiting)
        m_timer.start(); // hidden pending plots restart it when shown (eventFilter)
}

} // namespace itool::ui
