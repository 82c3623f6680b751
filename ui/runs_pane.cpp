// The Runs pane (see runs_pane.h).
#include "ui/runs_pane.h"

#include "core/eval/decay_summary.h"
#include "ui/decay_pane.h"
#include "ui/live_plot.h"
#include "ui/metric_series_model.h"
#include "ui/plot_export.h"
#include "ui/report_writer.h"
#include "ui/run_comparison.h"
#include "ui/run_follower.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

namespace itool::ui {

RunsPane::RunsPane(QWidget *parent)
    : QWidget(parent), m_primary(new MetricSeriesModel(this)), m_overlay(new MetricSeriesModel(this)),
      m_primaryFollower(new RunFollower(m_primary, this)), m_overlayFollower(new RunFollower(m_overlay, this))
{
    setObjectName("runsPane");
    auto *left = new QWidget;
    auto *ll = new QVBoxLayout(left);
    m_list = new QListWidget;
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setToolTip(tr("Select one run to open it, two to compare them"));
    ll->addWidget(m_list, 1);
    auto *row = new QHBoxLayout;
    auto *refreshButton = new QPushButton(tr("Refresh"));
    auto *openButton = new QPushButton(tr("Open / compare"));
    row->addWidget(refreshButton);
    row->addWidget(openButton);
    ll->addLayout(row);
    auto *row2 = new QHBoxLayout;
    auto *exportButton = new QPushButton(tr("Export plots…"));
    exportButton->setToolTip(
        tr("Write the loss and decay plots as PNG, SVG and PDF into a folder"));
    auto *reportButton = new QPushButton(tr("Write report"));
    row2->addWidget(exportButton);
    row2->addWidget(reportButton);
    ll->addLayout(row2);
    ll->addWidget(new QLabel(tr("Spec differences")));
    m_diff = new QListWidget;
    ll->addWidget(m_diff, 1);

    // The accuracy table spans the pane's full width below the plots: squeezed into the
    // list's column its header wrapped word by word and it forced the plots to a sliver.
    auto *tables = new QWidget;
    auto *tl = new QVBoxLayout(tables);
    m_info = new QLabel;
    m_info->setWordWrap(true);
    tl->addWidget(m_info);
    m_accuracy = new QLabel;
    m_accuracy->setObjectName("runAccuracy");
    m_accuracy->setWordWrap(true);
    m_accuracy->setTextFormat(Qt::RichText);
    m_accuracy->setTextInteractionFlags(Qt::TextSelectableByMouse);
    tl->addWidget(m_accuracy);
    tl->addStretch(1);
    auto *tableScroll = new QScrollArea;
    tableScroll->setWidgetResizable(true);
    tableScroll->setWidget(tables);

    m_loss = new LivePlot(tr("Loss (solid: open run, dashed: compared run)"), tr("step"), tr("loss (log)"));
    m_loss->addLine({"loss", tr("loss"), false, {}});
    m_loss->addLine({"lr", tr("learning rate"), true, {}});
    m_loss->setRightLabel(tr("learning rate"));
    m_loss->setLogY(true, false);
    m_loss->setModel(m_primary);
    m_decay = new DecayPane;
    m_decay->setModel(m_primary);
    auto *plots = new QSplitter(Qt::Horizontal);
    plots->addWidget(m_loss);
    plots->addWidget(m_decay);

    auto *top = new QSplitter(Qt::Horizontal);
    top->addWidget(left);
    top->addWidget(plots);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 3);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(tableScroll);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({500, 450}); // proportions: the plots' size hint alone would leave the table two lines
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);

    connect(refreshButton, &QPushButton::clicked, this, &RunsPane::refresh);
    connect(openButton, &QPushButton::clicked, this, &RunsPane::openSelected);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &RunsPane::openSelected);
    connect(exportButton, &QPushButton::clicked, this, &RunsPane::exportPlots);
    connect(reportButton, &QPushButton::clicked, this, &RunsPane::writeReport);
}

void RunsPane::setRunsDir(const QString &dir)
{
    m_runsDir = dir;
    refresh();
}

QStringList RunsPane::runNames() const
{
    QStringList out;
    for (const QFileInfo &d : QDir(m_runsDir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QDir run(d.absoluteFilePath());
        if (run.exists("metrics.jsonl") || run.exists("spec.json") || run.exists("decay.json"))
            out << d.fileName();
    }
    return out;
}

void RunsPane::refresh()
{
    m_list->clear();
    for (const QString &name : runNames()) {
        const QDir run(QDir(m_runsDir).filePath(name));
        const QFileInfo metrics(run.filePath("metrics.jsonl"));
        const bool live = metrics.exists() && metrics.lastModified().secsTo(QDateTime::currentDateTime()) < 30;
        // decay.json: a decay experiment; state.json: an `itool run` (warm-up and rounds).
        const QString kind = run.exists("decay.json") ? tr("decay") : run.exists("state.json") ? tr("rounds") : tr("sft");
        auto *item = new QListWidgetItem(QString("%1  [%2%3]").arg(name, kind, live ? tr(", running") : QString()));
        item->setData(Qt::UserRole, name);
        m_list->addItem(item);
    }
}

void RunsPane::openSelected()
{
    const auto items = m_list->selectedItems();
    if (items.isEmpty())
        return;
    open(items[0]->data(Qt::UserRole).toString(), items.size() > 1 ? items[1]->data(Qt::UserRole).toString() : QString());
}

void RunsPane::open(const QString &runName, const QString &compareWith)
{
    const QDir runs(m_runsDir);
    m_openRun = runName;
    m_primaryFollower->follow(runs.filePath(runName));
    m_differences.clear();
    m_diff->clear();
    if (compareWith.isEmpty()) {
        m_overlayFollower->follow(QString());
        m_loss->setOverlay(nullptr, {});
    } else {
        m_overlayFollower->follow(runs.filePath(compareWith));
        m_loss->setOverlay(m_overlay, compareWith);
        m_differences = RunFollower::specDifferences(RunFollower::readSpec(runs.filePath(runName)),
                                                     RunFollower::readSpec(runs.filePath(compareWith)));
        m_diff->addItems(m_differences.isEmpty() ? QStringList{tr("(the specs are the same)")} : m_differences);
    }
    m_info->setText(tr("%1: %2 metrics lines (%3 unreadable)")
                        .arg(runName)
                        .arg(m_primaryFollower->linesRead())
                        .arg(m_primaryFollower->badLines()));
    // A decay run has no loss of its own and a rounds or SFT run no decay points: the plot
    // that has something takes the room, and a decay run's result table is shown below.
    const bool decayRun = QFileInfo::exists(runs.filePath(runName + "/decay.json"));
    m_loss->setVisible(!decayRun);
    m_decay->setVisible(decayRun);
    QString accuracy = roundsAccuracyHtml(runs.filePath(runName));
    if (!accuracy.isEmpty())
        accuracy = tr("<b>Accuracy by round</b> (95% intervals; each round against the start policy on the same "
                      "records)") + accuracy;
    if (decayRun && !m_decay->summary().fractions.empty())
        accuracy += "<pre>" + QString::fromStdString(eval::decayTable(m_decay->summary())).toHtmlEscaped() + "</pre>";
    if (!compareWith.isEmpty()) {
        const QString both = finalAnswersComparison(runs.filePath(compareWith), runs.filePath(runName));
        if (!both.isEmpty())
            accuracy += "<p><b>" + tr("Against %1").arg(compareWith.toHtmlEscaped()) + "</b>: " + both.toHtmlEscaped() + "</p>";
    }
    m_accuracy->setText(accuracy);
}

QString RunsPane::accuracyHtml() const
{
    return m_accuracy->text();
}

void RunsPane::exportPlots()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the plots into"));
    if (dir.isEmpty())
        return;
    QString error;
    const QStringList written
        = exportPlotsToFolder({{m_loss->plot(), "loss"}, {m_decay->plot(), "decay"}}, dir, &error);
    QStringList names;
    for (const QString &f : written)
        names << QFileInfo(f).fileName();
    m_info->setText(error.isEmpty() ? tr("Wrote %1 into %2").arg(names.join(", "), dir)
                                    : tr("Wrote %1 into %2; %3").arg(names.join(", "), dir, error));
}

void RunsPane::writeReport()
{
    if (m_openRun.isEmpty())
        return;
    const QString run = QDir(m_runsDir).filePath(m_openRun);
    const ReportResult r = writeRunReport(run, QDir(run).filePath("report"));
    m_info->setText(r.ok ? tr("Report: %1").arg(r.htmlPath) : tr("Report failed: %1").arg(r.error));
    if (r.ok)
        QDesktopServices::openUrl(QUrl::fromLocalFile(r.htmlPath));
}

} // namespace itool::ui
