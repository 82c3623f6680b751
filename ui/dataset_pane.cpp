#include "ui/dataset_pane.h"

#include "ui/record_table_model.h"
#include "ui/workspace.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace itool::ui {

namespace {

QComboBox *makeFilter(QWidget *parent, const QString &name, const QString &any)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(name);
    box->addItem(any, QString());
    // Long tool and error names must not widen the window; the popup shows them in full.
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(9);
    return box;
}

void fillChoices(QComboBox *box, const QString &any, const std::vector<std::string> &values)
{
    const QString current = box->currentData().toString();
    box->blockSignals(true);
    box->clear();
    box->addItem(any, QString());
    for (const std::string &v : values)
        box->addItem(QString::fromStdString(v), QString::fromStdString(v));
    const int at = box->findData(current);
    box->setCurrentIndex(at < 0 ? 0 : at);
    box->blockSignals(false);
}

} // namespace

DatasetPane::DatasetPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new RecordTableModel(this))
    , m_table(new QTableView(this))
    , m_difficulty(makeFilter(this, "difficultyFilter", tr("Any difficulty")))
    , m_category(makeFilter(this, "categoryFilter", tr("Any category")))
    , m_tool(makeFilter(this, "toolFilter", tr("Any tool")))
    , m_domain(makeFilter(this, "domainFilter", tr("Any domain")))
    , m_error(makeFilter(this, "errorFilter", tr("Any result")))
    , m_search(new QLineEdit(this))
    , m_counts(new QLabel(this))
    , m_searchDelay(new QTimer(this))
{
    setAcceptDrops(true);
    for (const char *d : {"easy", "medium", "hard"})
        m_difficulty->addItem(QString::fromLatin1(d), QString::fromLatin1(d));
    m_difficulty->addItem(tr("unsplit"), QStringLiteral("(unset)"));
    for (const char *c : {"simple", "multiple", "parallel", "parallel_multiple", "none"})
        m_category->addItem(QString::fromLatin1(c), QString::fromLatin1(c));

    m_search->setPlaceholderText(tr("Search questions, ids, tools, gold values (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName("datasetSearch");
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &DatasetPane::applyFilters);
    for (QComboBox *box : {m_difficulty, m_category, m_tool, m_domain, m_error})
        connect(box, &QComboBox::currentIndexChanged, this, &DatasetPane::applyFilters);

    auto *import = new QPushButton(tr("Import\u2026"), this);
    import->setToolTip(tr("Import a dataset file (native, BFCL, xLAM, ToolACE, ShareGPT, OpenAI, API-Bank); "
                          "you can also drop files here"));
    connect(import, &QPushButton::clicked, this, &DatasetPane::importDialogRequested);

    auto *filters = new QHBoxLayout;
    filters->addWidget(import);
    filters->addSpacing(8);
    for (QComboBox *box : {m_difficulty, m_category, m_tool, m_domain, m_error})
        filters->addWidget(box);
    filters->addWidget(m_search, 1);

    m_table->setModel(m_model);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // file order until a click
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int widths[] = {50, 110, 110, 80, 80, 210, 45, 170};
    for (int c = 0; c < RecordTableModel::Question; ++c)
        m_table->setColumnWidth(c, widths[c]);
    m_table->setObjectName("datasetTable");
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    emit currentRecordChanged(m_model->indexRow(current.row()));
            });

    m_counts->setObjectName("datasetCounts");
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_model, &RecordTableModel::countsChanged, this, &DatasetPane::updateCounts);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_counts);
    updateCounts();
}

void DatasetPane::setWorkspace(Workspace *workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    m_model->setIndex(workspace ? workspace->index() : nullptr);
    if (!workspace)
        return;
    connect(workspace, &Workspace::currentDatasetChanged, this, [this] {
        m_model->setIndex(m_workspace->index());
        refillFilterChoices();
    });
    connect(workspace, &Workspace::rowsAppended, this, [this](std::size_t first, std::size_t) {
        const bool wasEmpty = m_model->rowCount() == 0;
        m_model->rowsAppendedToIndex(first);
        if (wasEmpty && m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
            m_table->selectRow(0);
    });
    connect(workspace, &Workspace::indexingFinished, this, [this] {
        refillFilterChoices();
        updateCounts();
    });
    connect(workspace, &Workspace::splitChanged, m_model, &RecordTableModel::summariesChanged);
    connect(workspace, &Workspace::predictionsChanged, this, [this] {
        refillFilterChoices();
        m_model->summariesChanged();
    });
    connect(workspace, &Workspace::issuesChanged, this, &DatasetPane::updateCounts);
    refillFilterChoices();
}

void DatasetPane::refillFilterChoices()
{
    const auto index = m_model->recordIndex();
    fillChoices(m_tool, tr("Any tool"), index ? index->toolNames() : std::vector<std::string>{});
    fillChoices(m_domain, tr("Any domain"), index ? index->domainNames() : std::vector<std::string>{});
    std::vector<std::string> errors;
    if (index && index->size() > 0)
        errors = index->errorTypeNames();
    fillChoices(m_error, tr("Any result"), errors);
    m_error->setEnabled(index && index->size() > 0 && !(errors.size() == 1 && errors[0] == data::RecordFilter::kNoPrediction));
    m_error->setToolTip(m_error->isEnabled() ? tr("Filter by the checker's error type")
                                             : tr("Load predictions (File > Load Predictions) to filter by error type"));
}

void DatasetPane::applyFilters()
{
    data::RecordFilter f;
    const QString d = m_difficulty->currentData().toString();
    if (d == QStringLiteral("(unset)"))
        f.difficulty = data::Difficulty::Unset;
    else if (!d.isEmpty())
        f.difficulty = data::difficultyFromString(d.toStdString());
    if (const QString c = m_category->currentData().toString(); !c.isEmpty())
        f.category = data::categoryFromString(c.toStdString());
    f.tool = m_tool->currentData().toString().toStdString();
    f.domain = m_domain->currentData().toString().toStdString();
    f.errorType = m_error->currentData().toString().toStdString();
    f.text = m_search->text().trimmed().toStdString();
    m_model->setFilter(f);
}

QString DatasetPane::countsText() const { return m_counts->text(); }

void DatasetPane::updateCounts()
{
    const auto index = m_model->recordIndex();
    if (!index) {
        m_counts->setText(tr("No dataset open. Import one with File > Import Dataset (Ctrl+I) or drop a file here."));
        return;
    }
    const auto counts = index->difficultyCounts(m_model->rows());
    QString text = tr("Showing %L1 of %L2 records").arg(m_model->rowCount()).arg(index->size());
    if (!index->complete())
        text += tr(" (indexing\u2026 %1%)").arg(int(100.0 * index->indexedBytes() / std::max<double>(1, index->fileSize())));
    text += tr("   \u00b7   easy %L1 \u00b7 medium %L2 \u00b7 hard %L3").arg(counts[1]).arg(counts[2]).arg(counts[3]);
    if (counts[0])
        text += tr(" \u00b7 unsplit %L1").arg(counts[0]);
    if (m_workspace && !m_workspace->issues().empty())
        text += tr("   \u00b7   %L1 input lines with problems (see Issues)").arg(m_workspace->issues().size());
    m_counts->setText(text);
}

std::vector<std::uint32_t> DatasetPane::selectedRows() const
{
    std::vector<std::uint32_t> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows.push_back(m_model->indexRow(i.row()));
    return rows;
}

void DatasetPane::selectIndexRow(std::uint32_t row)
{
    const int view = m_model->viewRowOf(row);
    if (view < 0)
        return;
    m_table->selectRow(view);
    m_table->scrollTo(m_model->index(view, 0), QAbstractItemView::PositionAtCenter);
}

void DatasetPane::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void DatasetPane::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            emit importRequested(url.toLocalFile());
    event->acceptProposedAction();
}

} // namespace itool::ui
