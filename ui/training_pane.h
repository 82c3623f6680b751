#pragma once
// The Training pane: pick a preset or edit a job spec (SpecForm), start / cancel / resume it.
// The job (the engine's runSftJob or runDecayJob) runs through the JobManager on a worker
// thread; its events reach the GUI through a JobBridge (queued, batched every 50 ms) into a
// MetricSeriesModel that the live plots draw (rendering coalesced by the RedrawScheduler). A
// StallProbe measures the event-loop stalls while the job runs; the pane shows the longest
// and the 99th percentile and logs the summary when the job ends. It opens with the quick
// preset loaded.
// What it is not: the engine (core/pipeline) or the decay curve (DecayPane).
#include "core/common/json.h"
#include "ui/job_manager.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace itool::pipeline {
class CancelToken;
}

namespace itool::ui {

class JobBridge;
class LivePlot;
class MetricSeriesModel;
class SpecForm;
class StallProbe;

class TrainingPane : public QWidget
{
    Q_OBJECT
public:
    TrainingPane(JobManager *jobs, QWidget *parent = nullptr);
    ~TrainingPane() override;

    // Relative run folders are placed under here (the workspace folder); data files are
    // looked up here first, then in the source tree (the bundled demo data).
    void setBaseDir(const QString &dir) { m_baseDir = dir; }
    // Preset specs: resources/specs/*.json (name = file name without .json).
    QStringList presets() const;
    // Loads the preset into the form and shows its name in the preset box (which goes back
    // to "(choose)" once the spec differs from the preset).
    bool loadPreset(const QString &name);

    SpecForm *form() const { return m_form; }
    MetricSeriesModel *series() const { return m_series; }
    JobBridge *bridge() const { return m_bridge; }
    StallProbe *probe() const { return m_probe; }
    QList<LivePlot *> plots() const { return m_plots; }
    bool running() const { return m_jobId != 0; }
    // The spec as it will run: relative paths resolved (see setBaseDir).
    Json resolvedSpec() const;
    QString runDir() const;

    // Starts the spec in the form; false (and a message in the log) when it is not valid.
    bool start(bool resume = false);
    void cancel();
    // The largest event-loop stall measured during the last (or current) job, milliseconds.
    double maxStallMs() const;

signals:
    void jobStarted(const QString &runDir, const QString &kind);
    void jobEnded(itool::ui::JobManager::State state, const QString &message, double maxStallMs);

private:
    void log(const QString &line);
    void updateStatus();

    QPointer<JobManager> m_jobs; // the window may delete it first (it waits for its jobs then)
    QString m_baseDir;
    QComboBox *m_preset;
    Json m_presetSpec; // the spec of the preset shown; any other spec shows "(choose)"
    SpecForm *m_form;
    QPushButton *m_start, *m_resume, *m_cancel;
    QLabel *m_status, *m_stall;
    QPlainTextEdit *m_log;
    MetricSeriesModel *m_series;
    JobBridge *m_bridge;
    StallProbe *m_probe;
    QList<LivePlot *> m_plots;
    std::shared_ptr<pipeline::CancelToken> m_cancelToken;
    int m_jobId = 0;
};

} // namespace itool::ui
