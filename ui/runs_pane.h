#pragma once
// The Runs pane: lists the workspace's run folders (runs/<name>/ with metrics.jsonl,
// spec.json or decay.json), opens one, also one still being written (RunFollower), and
// overlays a second selected run on the loss plot, listing where their specs differ. A run
// of rounds shows its accuracies with 95 % intervals and each round's paired test against the
// start policy; two runs are also compared on the records both answered last (McNemar).
// Plots export to PNG / PDF and the report of the open run is written from here.
// What it is not: a job launcher (TrainingPane).
#include <QWidget>

class QLabel;
class QListWidget;

namespace itool::ui {

class DecayPane;
class LivePlot;
class MetricSeriesModel;
class RunFollower;

class RunsPane : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPane(QWidget *parent = nullptr);
    void setRunsDir(const QString &dir);
    QString runsDir() const { return m_runsDir; }
    void refresh();
    QStringList runNames() const;
    // Opens a run (and, when compareWith is not empty, overlays that one).
    void open(const QString &runName, const QString &compareWith = {});
    QStringList specDifferences() const { return m_differences; }
    // What the accuracy panel shows (HTML).
    QString accuracyHtml() const;
    LivePlot *lossPlot() const { return m_loss; }
    DecayPane *decayPane() const { return m_decay; }
    MetricSeriesModel *primary() const { return m_primary; }
    MetricSeriesModel *overlay() const { return m_overlay; }

private:
    void openSelected();
    void exportPlots();
    void writeReport();

    QString m_runsDir;
    QListWidget *m_list;
    QListWidget *m_diff;
    QLabel *m_info;
    QLabel *m_accuracy;
    MetricSeriesModel *m_primary, *m_overlay;
    RunFollower *m_primaryFollower, *m_overlayFollower;
    LivePlot *m_loss;
    DecayPane *m_decay;
    QStringList m_differences;
    QString m_openRun;
};

} // namespace itool::ui
