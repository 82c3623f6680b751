#pragma once
// Long work off the GUI thread: a job is a function run on a worker thread with a progress
// reporter and a cancel flag; its owner cancels and waits in the destructor. The status bar
// (JobStatusWidget) shows the running jobs with progress and a cancel button.
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace itool::ui {

class JobContext
{
public:
    bool cancelled() const { return m_cancel.load(); }
    // Thread-safe; throttled so a tight loop does not flood the event queue.
    void setProgress(double fraction, const QString &text = {});
    // Runs fn on the GUI thread (queued), e.g. to hand over a chunk of results.
    void post(std::function<void()> fn);

private:
    friend class JobManager;
    std::atomic<bool> m_cancel{false};
    std::atomic<long long> m_lastReportMs{0};
    QObject *m_receiver = nullptr;
    std::function<void(double, QString)> m_report;
};

class JobManager : public QObject
{
    Q_OBJECT
public:
    enum class State { Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    explicit JobManager(QObject *parent = nullptr);
    ~JobManager() override;

    using Work = std::function<void(JobContext &)>; // throw to fail, return early when cancelled
    using Done = std::function<void(State, const QString &message)>;
    int start(const QString &title, Work work, Done done = {});
    void cancel(int id);
    void cancelAll();
    // Waits for every job (processing queued results), e.g. in tests and the screenshot mode.
    bool waitForAll(int timeoutMs = 60000);
    int runningCount() const { return static_cast<int>(m_jobs.size()); }
    QString title(int id) const;

signals:
    void jobStarted(int id, const QString &title);
    void jobProgress(int id, double fraction, const QString &text);
    void jobFinished(int id, itool::ui::JobManager::State state, const QString &message);

private:
    struct Entry
    {
        QString title;
        std::shared_ptr<JobContext> context;
    };
    std::map<int, Entry> m_jobs;
    int m_nextId = 1;
    QThreadPool m_pool;
};

} // namespace itool::ui
