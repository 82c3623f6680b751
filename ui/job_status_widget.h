#pragma once
// The status bar's view of running jobs: the newest job's title, a progress bar, a cancel
// button, and how many others are running.
#include "ui/job_manager.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace itool::ui {

class JobStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit JobStatusWidget(JobManager *jobs, QWidget *parent = nullptr);

private:
    void refresh();
    JobManager *m_jobs;
    int m_shown = 0;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
    std::map<int, std::pair<double, QString>> m_progress;
};

} // namespace itool::ui
