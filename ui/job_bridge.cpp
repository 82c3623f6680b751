// The training-event bridge (see job_bridge.h).
#include "ui/job_bridge.h"

#include <algorithm>
#include <atomic>

namespace itool::ui {

class JobBridge::Sink : public pipeline::EventSink
{
public:
    void onEvent(const pipeline::TrainingEvent &event) override
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(event);
        m_received.fetch_add(1, std::memory_order_relaxed);
    }
    std::vector<pipeline::TrainingEvent> take()
    {
        std::lock_guard lock(m_mutex);
        std::vector<pipeline::TrainingEvent> out;
        out.swap(m_queue);
        return out;
    }
    std::atomic<std::int64_t> m_received{0};

private:
    std::mutex m_mutex;
    std::vector<pipeline::TrainingEvent> m_queue;
};

JobBridge::JobBridge(QObject *parent) : QObject(parent), m_sink(std::make_unique<Sink>())
{
    qRegisterMetaType<std::vector<pipeline::TrainingEvent>>();
    m_timer.setInterval(kFlushMs);
    connect(&m_timer, &QTimer::timeout, this, &JobBridge::flush);
    m_timer.start();
}

JobBridge::~JobBridge() = default;

pipeline::EventSink *JobBridge::sink() const { return m_sink.get(); }

std::int64_t JobBridge::received() const { return m_sink->m_received.load(); }

void JobBridge::flush()
{
    auto batch = m_sink->take();
    if (!batch.empty())
        emit events(batch);
}

} // namespace itool::ui
