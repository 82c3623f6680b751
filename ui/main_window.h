#pragma once
// The workbench's main window: opens a workspace and hosts the panes as docks that remember
// their layout; menus with shortcuts; a status bar showing running jobs with cancel.
#include <QMainWindow>

#include <memory>

class QDockWidget;
class QMenu;
class QTableView;
class QUndoStack;

namespace itool::ui {

class DatasetPane;
class DecayPane;
class IssueListModel;
class JobManager;
class PairReviewPane;
class RecordViewPane;
class RunsPane;
class SplitBoardPane;
class TreePane;
class TrainingPane;
class Workspace;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens (creating if needed) a workspace folder; false with a message box text on error.
    bool openWorkspace(const QString &dir, QString *error = nullptr);
    Workspace *workspace() const { return m_workspace.get(); }
    JobManager *jobs() const { return m_jobs; }
    QUndoStack *undoStack() const { return m_undo; }
    DatasetPane *datasetPane() const { return m_datasetPane; }
    SplitBoardPane *splitBoard() const { return m_splitBoard; }
    RecordViewPane *recordView() const { return m_recordView; }
    TrainingPane *trainingPane() const { return m_trainingPane; }
    DecayPane *decayPane() const { return m_decayPane; }
    RunsPane *runsPane() const { return m_runsPane; }
    IssueListModel *issues() const { return m_issueModel; }
    PairReviewPane *pairReview() const { return m_pairReview; }
    TreePane *treePane() const { return m_treePane; }

    // Moves the selected records (split board focus first, else the dataset table).
    void moveSelectionTo(int difficulty);
    // Every plot of the Training and Decay panes as PNG, SVG and PDF into dir (File > Export
    // Plots, Ctrl+E); returns the files written, error set when one failed.
    QStringList exportPlots(const QString &dir, QString *error = nullptr);
    // One PNG per pane plus the whole window; returns the files written.
    QStringList saveScreenshots(const QString &dir);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createPanes();
    void createMenus();
    void rememberWorkspace(const QString &dir);
    void refreshRecentMenu();
    void importWithDialog();
    void loadPredictionsWithDialog();
    void updateTitle();
    QDockWidget *addPane(QWidget *pane, const QString &title, const QString &objectName, Qt::DockWidgetArea area);

    JobManager *m_jobs;
    QUndoStack *m_undo;
    std::unique_ptr<Workspace> m_workspace;
    DatasetPane *m_datasetPane = nullptr;
    SplitBoardPane *m_splitBoard = nullptr;
    RecordViewPane *m_recordView = nullptr;
    TrainingPane *m_trainingPane = nullptr;
    DecayPane *m_decayPane = nullptr;
    RunsPane *m_runsPane = nullptr;
    IssueListModel *m_issueModel = nullptr;
    PairReviewPane *m_pairReview = nullptr;
    TreePane *m_treePane = nullptr;
    QTableView *m_issueView = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QList<QDockWidget *> m_docks;
    QByteArray m_defaultState;
    bool m_layoutDone = false;
};

} // namespace itool::ui
