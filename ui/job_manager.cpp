#include "ui/job_manager.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>
#include <QThread>

#include <exception>

namespace itool::ui {

void JobContext::setProgress(double fraction, const QString &text)
{
    const long long now = QDateTime::currentMSecsSinceEpoch();
    if (fraction < 1.0 && now - m_lastReportMs.load() < 50)
        return;
    m_lastReportMs = now;
    if (m_report)
        m_report(fraction, text);
}

void JobContext::post(std::function<void()> fn)
{
    QMetaObject::invokeMethod(m_receiver, std::move(fn), Qt::QueuedConnection);
}

JobManager::JobManager(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
}

JobManager::~JobManager()
{
    cancelAll();
    m_pool.waitForDone();
}

int JobManager::start(const QString &title, Work work, Done done)
{
    const int id = m_nextId++;
    auto context = std::make_shared<JobContext>();
    context->m_receiver = this;
    QPointer<JobManager> self(this);
    context->m_report = [this, self, id](double fraction, QString text) {
        QMetaObject::invokeMethod(this, [self, id, fraction, text] {
            if (self && self->m_jobs.count(id))
                emit self->jobProgress(id, fraction, text);
        }, Qt::QueuedConnection);
    };
    m_jobs[id] = {title, context};
    emit jobStarted(id, title);
    m_pool.start([this, self, id, context, work = std::move(work), done = std::move(done)]() mutable {
        State state = State::Succeeded;
        QString message;
        try {
            work(*context);
            if (context->cancelled())
                state = State::Cancelled;
        } catch (const std::exception &e) {
            state = context->cancelled() ? State::Cancelled : State::Failed;
            message = QString::fromUtf8(e.what());
        } catch (...) {
            state = State::Failed;
            message = QStringLiteral("unknown error");
        }
        // Results posted by the job are queued before this, so they arrive first.
        QMetaObject::invokeMethod(this, [self, id, state, message, done = std::move(done)] {
            if (!self)
                return;
            self->m_jobs.erase(id);
            if (done)
                done(state, message);
            emit self->jobFinished(id, state, message);
        }, Qt::QueuedConnection);
    });
    return id;
}

void JobManager::cancel(int id)
{
    if (auto it = m_jobs.find(id); it != m_jobs.end())
        it->second.context->m_cancel = true;
}

void JobManager::cancelAll()
{
    for (auto &[id, entry] : m_jobs)
        entry.context->m_cancel = true;
}

bool JobManager::waitForAll(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_jobs.empty() && timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    QCoreApplication::processEvents();
    return m_jobs.empty();
}

QString JobManager::title(int id) const
{
    auto it = m_jobs.find(id);
    return it == m_jobs.end() ? QString() : it->second.title;
}

} // namespace itool::ui
