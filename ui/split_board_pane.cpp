#include "ui/split_board_pane.h"

#include "ui/job_manager.h"
#include "ui/split_column_model.h"
#include "ui/split_commands.h"
#include "ui/split_strategies.h"
#include "ui/theme.h"
#include "ui/workspace.h"

#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QPointer>
#include <QPushButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace itool::ui {

namespace {

// "parallel_function_checker_no_order:cannot_find_match" -> "cannot_find_match"; type and
// value errors keep their family, which is the informative part.
QString shortErrorName(const std::string &type)
{
    const QString t = QString::fromStdString(type);
    const QString family = t.section(':', 0, 0);
    return family.contains(QStringLiteral("checker")) || family.contains(QStringLiteral("decoder")) ? t.section(':', 1) : t;
}

QString levelName(data::Difficulty d)
{
    switch (d) {
    case data::Difficulty::Easy: return QObject::tr("Easy");
    case data::Difficulty::Medium: return QObject::tr("Medium");
    case data::Difficulty::Hard: return QObject::tr("Hard");
    default: return QObject::tr("Unsplit");
    }
}

} // namespace

SplitBoardPane::SplitBoardPane(QUndoStack *undoStack, QWidget *parent)
    : QWidget(parent)
    , m_undo(undoStack)
    , m_strategy(new QComboBox(this))
    , m_run(new QPushButton(tr("Run strategy"), this))
    , m_hint(new QLabel(this))
{
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Split strategy:"), this));
    for (const SplitStrategyInfo &s : splitStrategies())
        m_strategy->addItem(s.title, s.name);
    m_strategy->setToolTip(tr("Assigns easy/medium/hard to the records no person has placed"));
    top->addWidget(m_strategy);
    top->addWidget(m_run);
    m_run->setObjectName("runStrategyButton");
    connect(m_run, &QPushButton::clicked, this, [this] { runStrategy(m_strategy->currentData().toString()); });
    m_hint->setText(tr("Drag records between columns, or select and press Ctrl+1 / Ctrl+2 / Ctrl+3. "
                       "\u270e marks a person's decision. Ctrl+Z undoes, Ctrl+Shift+Z redoes."));
    m_hint->setStyleSheet(QStringLiteral("color:#616161"));
    m_hint->setWordWrap(true); // long hints must not widen the window
    m_hint->setMinimumWidth(120);
    top->addWidget(m_hint, 1);

    auto *columns = new QHBoxLayout;
    for (auto level : {data::Difficulty::Unset, data::Difficulty::Easy, data::Difficulty::Medium, data::Difficulty::Hard}) {
        Column &c = m_columns[static_cast<std::size_t>(level)];
        c.frame = new QFrame(this);
        static_cast<QFrame *>(c.frame)->setFrameShape(QFrame::StyledPanel);
        c.model = new SplitColumnModel(level, this);
        c.view = new QListView(c.frame);
        c.view->setObjectName(QStringLiteral("splitColumn_") + levelName(level).toLower());
        c.view->setModel(c.model);
        c.view->setUniformItemSizes(true);
        c.view->setIconSize(QSize(10, 10));
        c.view->setSelectionMode(QAbstractItemView::ExtendedSelection);
        c.view->setDragEnabled(true);
        c.view->setAcceptDrops(true);
        c.view->setDropIndicatorShown(true);
        c.view->setDragDropMode(QAbstractItemView::DragDrop);
        c.view->setDefaultDropAction(Qt::MoveAction);
        c.title = new QLabel(c.frame);
        c.mix = new QLabel(c.frame);
        c.mix->setWordWrap(true);
        c.mix->setTextFormat(Qt::RichText);
        c.mix->setMinimumHeight(c.mix->fontMetrics().height() * 3);
        c.mix->setMaximumHeight(c.mix->fontMetrics().height() * 4);
        c.mix->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        auto *layout = new QVBoxLayout(c.frame);
        layout->addWidget(c.title);
        layout->addWidget(c.mix);
        layout->addWidget(c.view, 1);
        columns->addWidget(c.frame, 1);
        connect(c.model, &SplitColumnModel::moveRequested, this,
                [this](const std::vector<std::uint32_t> &rows, data::Difficulty target) { moveRows(rows, target); });
        connect(c.view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this, c](const QModelIndex &i) {
            if (i.isValid())
                emit recordActivated(static_cast<std::uint32_t>(c.model->data(i, SplitColumnModel::IndexRowRole).toULongLong()));
        });
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(columns, 1);
    refresh();
}

void SplitBoardPane::setWorkspace(Workspace *workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    for (Column &c : m_columns)
        c.model->setIndex(workspace ? workspace->index() : nullptr);
    if (workspace) {
        connect(workspace, &Workspace::currentDatasetChanged, this, [this] {
            for (Column &c : m_columns)
                c.model->setIndex(m_workspace->index());
            updateHeaders();
        });
        connect(workspace, &Workspace::indexingFinished, this, &SplitBoardPane::refresh);
        connect(workspace, &Workspace::splitChanged, this, &SplitBoardPane::refresh);
        connect(workspace, &Workspace::predictionsChanged, this, &SplitBoardPane::refresh);
    }
    refresh();
}

void SplitBoardPane::refresh()
{
    for (Column &c : m_columns)
        c.model->refresh();
    updateHeaders();
}

QString SplitBoardPane::headerText(data::Difficulty level) const
{
    return m_columns[static_cast<std::size_t>(level)].title->text();
}

QString SplitBoardPane::errorMixText(data::Difficulty level) const
{
    return m_columns[static_cast<std::size_t>(level)].mix->text();
}

void SplitBoardPane::updateHeaders()
{
    const bool hasIndex = m_workspace && m_workspace->index();
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        Column &c = m_columns[i];
        const auto level = static_cast<data::Difficulty>(i);
        const std::size_t n = c.model->rows().size();
        c.title->setText(QStringLiteral("<b style='color:%1;font-size:14px'>%2</b> &nbsp;<span style='font-size:14px'>%L3</span>")
                             .arg(theme::difficultyColor(level).name(), levelName(level))
                             .arg(n));
        const auto mix = c.model->errorMix();
        if (mix.empty()) {
            c.mix->setText(hasIndex && m_workspace->hasPredictions() ? tr("no predictions for these records")
                                                                     : tr("<span style='color:#757575'>error mix: load "
                                                                          "predictions to see it</span>"));
        } else {
            std::size_t total = 0;
            for (const auto &[type, count] : mix)
                total += count;
            // A stacked bar of the whole mix, a legend of the largest parts, all in the tooltip.
            QString bar = QStringLiteral("<table width='100%' cellspacing='0' cellpadding='0'><tr>");
            QStringList legend, all;
            for (std::size_t k = 0; k < mix.size(); ++k) {
                const auto &[type, count] = mix[k];
                const int percent = qRound(100.0 * count / total);
                const QString name = type.empty() ? tr("correct") : shortErrorName(type);
                if (percent > 0)
                    bar += QStringLiteral("<td bgcolor='%1' width='%2%' height='8'></td>").arg(theme::errorColor(type).name()).arg(percent);
                if (k < 4)
                    legend << QStringLiteral("<span style='color:%1'>\u25a0</span>&nbsp;%2&nbsp;%3%")
                                  .arg(theme::errorColor(type).name(), name.toHtmlEscaped())
                                  .arg(percent);
                all << QStringLiteral("%1: %2 (%3%)").arg(type.empty() ? tr("correct") : QString::fromStdString(type)).arg(count).arg(percent);
            }
            bar += QStringLiteral("</tr></table>");
            if (mix.size() > 4)
                legend << tr("+%1 more").arg(mix.size() - 4);
            c.mix->setText(bar + QStringLiteral("<div style='margin-top:3px'>") + legend.join(QStringLiteral(" &nbsp; "))
                           + QStringLiteral("</div>"));
            c.mix->setToolTip(tr("Error mix of %L1 checked predictions:\n").arg(total) + all.join(QStringLiteral("\n")));
        }
        c.frame->setVisible(level != data::Difficulty::Unset || n > 0);
    }
    m_run->setEnabled(hasIndex && m_strategy->count() > 0);
}

std::size_t SplitBoardPane::moveRows(const std::vector<std::uint32_t> &rows, data::Difficulty target)
{
    if (!m_workspace)
        return 0;
    auto changes = m_workspace->movesTo(rows, target);
    if (changes.empty())
        return 0;
    const std::size_t n = changes.size();
    m_undo->push(new MoveRecordsCommand(m_workspace, std::move(changes), target));
    return n;
}

std::vector<std::uint32_t> SplitBoardPane::selectedRows() const
{
    for (const Column &c : m_columns) {
        if (!c.view->hasFocus())
            continue;
        std::vector<std::uint32_t> rows;
        for (const QModelIndex &i : c.view->selectionModel()->selectedIndexes())
            rows.push_back(static_cast<std::uint32_t>(c.model->data(i, SplitColumnModel::IndexRowRole).toULongLong()));
        return rows;
    }
    return {};
}

bool SplitBoardPane::hasFocusedSelection() const { return !selectedRows().empty(); }

SplitColumnModel *SplitBoardPane::column(data::Difficulty level) const
{
    return m_columns[static_cast<std::size_t>(level)].model;
}

QListView *SplitBoardPane::columnView(data::Difficulty level) const
{
    return m_columns[static_cast<std::size_t>(level)].view;
}

int SplitBoardPane::runStrategy(const QString &name)
{
    if (!m_workspace || !m_workspace->index() || m_workspace->indexing())
        return 0;
    auto index = m_workspace->index();
    auto result = std::make_shared<std::vector<StrategyAssignment>>();
    QPointer<Workspace> workspace = m_workspace;
    m_run->setEnabled(false);
    return m_workspace->jobs()->start(
        tr("Split strategy: %1").arg(name),
        [index, result, name](JobContext &job) {
            std::atomic<bool> cancel{false};
            *result = assignWithStrategy(name, *index, cancel, [&](double f) {
                job.setProgress(f);
                if (job.cancelled())
                    cancel = true;
            });
        },
        [this, workspace, index, result, name](JobManager::State state, const QString &) {
            m_run->setEnabled(true);
            if (state != JobManager::State::Succeeded || !workspace || workspace->index() != index)
                return;
            std::vector<std::pair<std::uint32_t, data::Difficulty>> levels;
            for (const StrategyAssignment &a : *result)
                levels.emplace_back(a.row, a.difficulty);
            auto changes = workspace->strategyChanges(levels);
            if (!changes.empty())
                m_undo->push(new ApplyStrategyCommand(workspace, std::move(changes), name));
        });
}

} // namespace itool::ui
