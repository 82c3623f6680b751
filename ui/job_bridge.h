#pragma once
// The engine's training events, carried from a worker thread to the GUI thread: the job
// calls sink()->onEvent() on its own thread (a copy into a locked queue, nothing else); a
// GUI-thread timer drains the queue at most every kFlushMs and emits one batch, so a job
// stepping thousands of times a second costs the event loop one signal per flush.
// What it is not: the job runner (JobManager) or the plots (MetricSeriesModel).
#include "core/pipeline/training_events.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <mutex>
#include <vector>

namespace itool::ui {

class JobBridge : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFlushMs = 50;

    explicit JobBridge(QObject *parent = nullptr);
    ~JobBridge() override;

    // Thread-safe sink for the engine's job functions; lives as long as the bridge.
    pipeline::EventSink *sink() const;
    // Drains now (on the GUI thread), e.g. when the job has finished.
    void flush();
    std::int64_t received() const;

signals:
    void events(const std::vector<itool::pipeline::TrainingEvent> &batch);

private:
    class Sink;
    std::unique_ptr<Sink> m_sink;
    QTimer m_timer;
};

} // namespace itool::ui

Q_DECLARE_METATYPE(std::vector<itool::pipeline::TrainingEvent>)
