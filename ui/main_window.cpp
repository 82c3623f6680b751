#include "ui/main_window.h"

#include "ui/dataset_pane.h"
#include "ui/decay_pane.h"
#include "ui/issue_list_model.h"
#include "ui/job_manager.h"
#include "ui/job_status_widget.h"
#include "ui/live_plot.h"
#include "ui/pair_review_pane.h"
#include "ui/plot_export.h"
#include "ui/record_table_model.h"
#include "ui/record_view_pane.h"
#include "ui/runs_pane.h"
#include "ui/setting.h"
#include "ui/split_board_pane.h"
#include "ui/training_pane.h"
#include "ui/tree_pane.h"
#include "ui/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>
#include <QUndoStack>

namespace itool::ui {

namespace {
// The issues list starts short; docks take their first size from the size hint.
class IssueTableView : public QTableView
{
public:
    using QTableView::QTableView;
    QSize sizeHint() const override { return {900, 120}; }
};
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_jobs(new JobManager(this))
    , m_undo(new QUndoStack(this))
{
    setWindowTitle(tr("iTool Workbench"));
    setObjectName("mainWindow");
    setDockNestingEnabled(true);
    createPanes();
    createMenus();
    statusBar()->addPermanentWidget(new JobStatusWidget(m_jobs, this));
    connect(m_jobs, &JobManager::jobFinished, this, [this](int, JobManager::State state, const QString &message) {
        if (state == JobManager::State::Failed)
            statusBar()->showMessage(tr("Failed: %1").arg(message), 10000);
        else if (state == JobManager::State::Cancelled)
            statusBar()->showMessage(tr("Cancelled"), 5000);
    });
    resize(1500, 950);
    const QByteArray geometry = settings::windowGeometry.value();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    updateTitle();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_layoutDone)
        return;
    m_layoutDone = true;
    // Dock sizes only stick once the window has its size: the default layout, then the saved one.
    resizeDocks({m_docks[0], m_docks[3]}, {width() * 56 / 100, width() * 44 / 100}, Qt::Horizontal);
    resizeDocks({m_docks[0], m_docks[1]}, {height() - 300, 150}, Qt::Vertical);
    m_defaultState = saveState();
    const QByteArray state = settings::windowState.value();
    if (!state.isEmpty())
        restoreState(state);
}

MainWindow::~MainWindow()
{
    m_jobs->cancelAll();
    m_undo->clear(); // commands point at the workspace
}

QDockWidget *MainWindow::addPane(QWidget *pane, const QString &title, const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // saveState/restoreState key
    dock->setWidget(pane);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    m_docks << dock;
    return dock;
}

void MainWindow::createPanes()
{
    // Docks only; an empty central widget lets them take the whole window.
    auto *center = new QWidget(this);
    center->setMaximumSize(0, 0);
    setCentralWidget(center);

    m_datasetPane = new DatasetPane(this);
    m_splitBoard = new SplitBoardPane(m_undo, this);
    m_recordView = new RecordViewPane(this);
    m_issueModel = new IssueListModel(this);
    m_issueView = new IssueTableView(this);
    m_issueView->setModel(m_issueModel);
    m_issueView->setObjectName("issueTable");
    m_issueView->verticalHeader()->setVisible(false);
    m_issueView->horizontalHeader()->setStretchLastSection(true);
    m_issueView->setColumnWidth(IssueListModel::File, 200);
    m_issueView->setColumnWidth(IssueListModel::Line, 60);
    m_issueView->setSelectionBehavior(QAbstractItemView::SelectRows);

    // Left column: dataset and split board as tabs above the issues; the record on the right.
    auto *dataset = addPane(m_datasetPane, tr("Dataset"), "datasetDock", Qt::LeftDockWidgetArea);
    auto *issues = addPane(m_issueView, tr("Issues"), "issuesDock", Qt::LeftDockWidgetArea);
    auto *board = addPane(m_splitBoard, tr("Split board"), "splitBoardDock", Qt::LeftDockWidgetArea);
    auto *record = addPane(m_recordView, tr("Record"), "recordDock", Qt::RightDockWidgetArea);
    splitDockWidget(dataset, issues, Qt::Vertical);
    tabifyDockWidget(dataset, board);
    dataset->raise();
    // Curation: pair review and tree explorer, tabbed with the record view.
    m_pairReview = new PairReviewPane(m_undo, this);
    m_treePane = new TreePane(this);
    auto *pairs = addPane(m_pairReview, tr("Pairs"), "pairsDock", Qt::RightDockWidgetArea);
    auto *trees = addPane(m_treePane, tr("Tree"), "treeDock", Qt::RightDockWidgetArea);
    if (auto *record = qobject_cast<QDockWidget *>(m_recordView->parentWidget())) {
        tabifyDockWidget(record, pairs);
        tabifyDockWidget(pairs, trees);
        record->raise();
    }
    connect(m_treePane, &TreePane::pairRequested, m_pairReview, &PairReviewPane::addPersonPair);
    connect(m_pairReview, &PairReviewPane::currentPairChanged, m_treePane, &TreePane::showPair);

    // Training, the live decay curve and the runs: tabbed with the record view. The decay
    // pane draws the points of the job the Training pane runs.
    m_trainingPane = new TrainingPane(m_jobs, this);
    m_decayPane = new DecayPane(this);
    m_decayPane->setModel(m_trainingPane->series());
    m_runsPane = new RunsPane(this);
    auto *training = addPane(m_trainingPane, tr("Training"), "trainingDock", Qt::RightDockWidgetArea);
    auto *decay = addPane(m_decayPane, tr("Decay curve"), "decayDock", Qt::RightDockWidgetArea);
    auto *runs = addPane(m_runsPane, tr("Runs"), "runsDock", Qt::RightDockWidgetArea);
    tabifyDockWidget(record, training);
    tabifyDockWidget(record, decay);
    tabifyDockWidget(record, runs);
    record->raise();
    connect(m_trainingPane, &TrainingPane::jobStarted, m_runsPane, &RunsPane::refresh);
    connect(m_trainingPane, &TrainingPane::jobEnded, m_runsPane, &RunsPane::refresh);

    connect(m_datasetPane, &DatasetPane::currentRecordChanged, m_recordView, &RecordViewPane::showRow);
    connect(m_splitBoard, &SplitBoardPane::recordActivated, m_recordView, &RecordViewPane::showRow);
    connect(m_datasetPane, &DatasetPane::importRequested, this, [this](const QString &file) {
        if (m_workspace)
            m_workspace->importDataset(file);
    });
    connect(m_datasetPane, &DatasetPane::importDialogRequested, this, &MainWindow::importWithDialog);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Workspace\u2026"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("New workspace: choose an empty folder"));
        if (dir.isEmpty())
            return;
        if (!QDir(dir).isEmpty() && !Workspace::looksLikeWorkspace(dir)
            && QMessageBox::question(this, tr("Folder not empty"), tr("%1 is not empty. Create the workspace there anyway?").arg(dir))
                   != QMessageBox::Yes)
            return;
        QString error;
        if (!openWorkspace(dir, &error))
            QMessageBox::warning(this, tr("Cannot create the workspace"), error);
    });
    file->addAction(tr("&Open Workspace\u2026"), QKeySequence::Open, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open workspace folder"));
        if (dir.isEmpty())
            return;
        QString error;
        if (!openWorkspace(dir, &error))
            QMessageBox::warning(this, tr("Cannot open the workspace"), error);
    });
    m_recentMenu = file->addMenu(tr("Recent &Workspaces"));
    refreshRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Import Dataset\u2026"), QKeySequence(Qt::CTRL | Qt::Key_I), this, &MainWindow::importWithDialog);
    file->addAction(tr("Load &Predictions\u2026"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), this,
                    &MainWindow::loadPredictionsWithDialog);
    file->addAction(tr("&Export Plots (PNG, SVG, PDF)\u2026"), QKeySequence(Qt::CTRL | Qt::Key_E),
                    this, [this] {
                        const QString dir = QFileDialog::getExistingDirectory(
                            this, tr("Export the training and decay plots into"));
                        if (dir.isEmpty())
                            return;
                        QString error;
                        const QStringList files = exportPlots(dir, &error);
                        if (!error.isEmpty())
                            QMessageBox::warning(this, tr("Export failed"), error);
                        else
                            statusBar()->showMessage(
                                tr("Wrote %1 plot files into %2").arg(files.size()).arg(dir), 8000);
                    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Find Records"), QKeySequence::Find, this, [this] {
        m_docks[0]->raise();
        m_datasetPane->searchField()->setFocus();
        m_datasetPane->searchField()->selectAll();
    });

    QMenu *split = menuBar()->addMenu(tr("&Split"));
    split->addAction(tr("Move to &Easy"), QKeySequence(Qt::CTRL | Qt::Key_1), this,
                     [this] { moveSelectionTo(int(data::Difficulty::Easy)); });
    split->addAction(tr("Move to &Medium"), QKeySequence(Qt::CTRL | Qt::Key_2), this,
                     [this] { moveSelectionTo(int(data::Difficulty::Medium)); });
    split->addAction(tr("Move to &Hard"), QKeySequence(Qt::CTRL | Qt::Key_3), this,
                     [this] { moveSelectionTo(int(data::Difficulty::Hard)); });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : m_docks)
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("&Reset Layout"), this, [this] { restoreState(m_defaultState); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About iTool Workbench"), this, [this] {
        QMessageBox::about(this, tr("About iTool Workbench"),
                           tr("<b>iTool Workbench</b> %1<br>Curate tool-use data, see where models fail, and train "
                              "tool-calling models.").arg(QApplication::applicationVersion()));
    });
}

bool MainWindow::openWorkspace(const QString &dir, QString *error)
{
    std::unique_ptr<Workspace> workspace;
    try {
        workspace = std::make_unique<Workspace>(dir, m_jobs);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    m_undo->clear();
    m_datasetPane->setWorkspace(nullptr);
    m_splitBoard->setWorkspace(nullptr);
    m_recordView->setWorkspace(nullptr);
    m_workspace = std::move(workspace);
    Workspace *ws = m_workspace.get();
    m_datasetPane->setWorkspace(ws);
    m_splitBoard->setWorkspace(ws);
    m_recordView->setWorkspace(ws);
    m_treePane->setWorkspaceDir(ws->dir());
    m_pairReview->setWorkspaceDir(ws->dir()); // after the trees: its first pair opens its tree
    m_trainingPane->setBaseDir(ws->dir());
    m_runsPane->setRunsDir(ws->runsDir());
    connect(ws, &Workspace::issuesChanged, this, [this] { m_issueModel->setIssues(m_workspace->issues()); });
    connect(ws, &Workspace::importFinished, this, [this](bool ok, const QString &message) {
        statusBar()->showMessage(message, 10000);
        if (!ok)
            QMessageBox::warning(this, tr("Import failed"), message);
    });
    connect(ws, &Workspace::currentDatasetChanged, this, [this] {
        m_undo->clear(); // edits belong to the dataset they were made on
        updateTitle();
    });
    rememberWorkspace(ws->dir());
    const auto datasets = ws->datasets();
    if (!datasets.empty())
        ws->openDataset(datasets.back().id);
    updateTitle();
    return true;
}

void MainWindow::rememberWorkspace(const QString &dir)
{
    QStringList recent = settings::recentWorkspaces.value();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > settings::maxRecentWorkspaces.value())
        recent.removeLast();
    settings::recentWorkspaces.setValue(recent);
    settings::lastWorkspace.setValue(dir);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = settings::recentWorkspaces.value();
    for (const QString &dir : recent)
        m_recentMenu->addAction(dir, this, [this, dir] {
            QString error;
            if (!openWorkspace(dir, &error))
                QMessageBox::warning(this, tr("Cannot open the workspace"), error);
        });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::importWithDialog()
{
    if (!m_workspace) {
        QMessageBox::information(this, tr("No workspace"), tr("Create or open a workspace first (File menu)."));
        return;
    }
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Import dataset"), settings::lastImportDir.value(),
        tr("Tool-use data (*.jsonl *.json);;All files (*)"));
    if (file.isEmpty())
        return;
    settings::lastImportDir.setValue(QFileInfo(file).absolutePath());
    m_workspace->importDataset(file);
}

void MainWindow::loadPredictionsWithDialog()
{
    if (!m_workspace || !m_workspace->index()) {
        QMessageBox::information(this, tr("No dataset"), tr("Open a dataset first."));
        return;
    }
    const QString file = QFileDialog::getOpenFileName(this, tr("Load predictions"), m_workspace->runsDir(),
                                                      tr("Predictions (*.jsonl *.json);;All files (*)"));
    if (!file.isEmpty())
        m_workspace->loadPredictions(file);
}

void MainWindow::moveSelectionTo(int difficulty)
{
    if (!m_workspace)
        return;
    std::vector<std::uint32_t> rows = m_splitBoard->selectedRows();
    if (rows.empty())
        rows = m_datasetPane->selectedRows();
    const std::size_t n = m_splitBoard->moveRows(rows, static_cast<data::Difficulty>(difficulty));
    statusBar()->showMessage(tr("Moved %n record(s)", nullptr, static_cast<int>(n)), 4000);
}

void MainWindow::updateTitle()
{
    QString title = tr("iTool Workbench");
    if (m_workspace) {
        title = QFileInfo(m_workspace->dir()).fileName() + QStringLiteral(" \u2014 ") + title;
        if (auto ds = m_workspace->store().dataset(m_workspace->currentDatasetId()))
            title = QString::fromStdString(ds->name) + QStringLiteral(" \u00b7 ") + title;
    }
    setWindowTitle(title);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    settings::windowGeometry.setValue(saveGeometry());
    settings::windowState.setValue(saveState());
    m_jobs->cancelAll();
    QMainWindow::closeEvent(event);
}

QStringList MainWindow::exportPlots(const QString &dir, QString *error)
{
    QList<NamedPlot> plots;
    for (LivePlot *p : m_trainingPane->plots())
        plots.append({p->plot(), plotFileName(p->title())});
    plots.append({m_decayPane->plot(), QStringLiteral("decay-curve")});
    return exportPlotsToFolder(plots, dir, error);
}

QStringList MainWindow::saveScreenshots(const QString &dir)
{
    QDir().mkpath(dir);
    QStringList written;
    auto settle = [] {
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
    };
    for (QDockWidget *dock : m_docks) {
        dock->show();
        dock->raise();
        settle();
        const QString file = QDir(dir).filePath(dock->objectName().remove(QStringLiteral("Dock")) + QStringLiteral(".png"));
        if (dock->grab().save(file))
            written << file;
    }
    m_docks[0]->raise();
    settle();
    const QString whole = QDir(dir).filePath(QStringLiteral("mainWindow.png"));
    if (grab().save(whole))
        written << whole;
    return written;
}

} // namespace itool::ui
