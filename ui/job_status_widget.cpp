#include "ui/job_status_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace itool::ui {

JobStatusWidget::JobStatusWidget(JobManager *jobs, QWidget *parent)
    : QWidget(parent)
    , m_jobs(jobs)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setRange(0, 1000);
    m_bar->setFixedWidth(160);
    m_bar->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel this job"));
    m_cancel->setObjectName("jobCancelButton");
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_shown)
            m_jobs->cancel(m_shown);
    });
    connect(jobs, &JobManager::jobStarted, this, [this](int id, const QString &) {
        m_progress[id] = {0.0, QString()};
        refresh();
    });
    connect(jobs, &JobManager::jobProgress, this, [this](int id, double f, const QString &text) {
        m_progress[id] = {f, text};
        refresh();
    });
    connect(jobs, &JobManager::jobFinished, this, [this](int id) {
        m_progress.erase(id);
        refresh();
    });
    refresh();
}

void JobStatusWidget::refresh()
{
    if (m_progress.empty()) {
        m_shown = 0;
        setVisible(false);
        return;
    }
    setVisible(true);
    m_shown = m_progress.rbegin()->first;
    const auto &[fraction, text] = m_progress.rbegin()->second;
    QString label = m_jobs->title(m_shown);
    if (!text.isEmpty())
        label += QStringLiteral(": ") + text;
    if (m_progress.size() > 1)
        label += tr(" (+%1 more)").arg(m_progress.size() - 1);
    m_label->setText(label);
    m_bar->setValue(static_cast<int>(fraction * 1000));
}

} // namespace itool::ui
