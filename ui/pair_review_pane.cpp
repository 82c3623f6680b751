// The pair review pane; see pair_review_pane.h.
#include "ui/pair_review_pane.h"

#include "ui/cheat_sheet.h"
#include "ui/pair_commands.h"
#include "ui/pair_editor.h"
#include "ui/pair_table_model.h"
#include "ui/prediction_view.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QUndoStack>
#include <QVBoxLayout>

namespace itool::ui {

namespace {

QString jsonText(const Json &v)
{
    return v.is_string() ? QString::fromStdString(v.get<std::string>())
                         : QString::fromStdString(v.dump());
}

std::vector<FragmentMark> storedMarks(const Json &errors, std::size_t textSize)
{
    std::vector<FragmentMark> out;
    if (!errors.is_array())
        return out;
    for (const Json &e : errors) {
        if (!e.is_object() || !e.contains("begin") || !e["begin"].is_number_unsigned())
            continue;
        FragmentMark m;
        m.begin = e["begin"].get<std::uint32_t>();
        m.end = e.contains("end") && e["end"].is_number_unsigned() ? e["end"].get<std::uint32_t>()
                                                                   : m.begin;
        if (m.begin >= textSize)
            continue; // beyond this step: shown in the list under the views
        m.end = std::min<std::uint32_t>(m.end, std::uint32_t(textSize));
        m.kind = e.value("kind", std::string("error"));
        if (e.contains("expected"))
            m.expected = jsonText(e["expected"]).toStdString();
        if (e.contains("got"))
            m.got = jsonText(e["got"]).toStdString();
        out.push_back(m);
    }
    return out;
}

// Adds the "this is where the two sides differ" highlight on top of the error marks.
void markDifference(PredictionView *view, int from)
{
    QList<QTextEdit::ExtraSelection> selections = view->extraSelections();
    QTextEdit::ExtraSelection sel;
    sel.cursor = QTextCursor(view->document());
    sel.cursor.setPosition(std::min(from, view->document()->characterCount() - 1));
    sel.cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    sel.format.setFontWeight(QFont::Bold);
    sel.format.setProperty(QTextFormat::OutlinePen, QPen(QColor(40, 90, 220)));
    sel.format.setForeground(QColor(20, 50, 160));
    selections.prepend(sel);
    view->setExtraSelections(selections);
}

} // namespace

PairReviewPane::PairReviewPane(QUndoStack *undo, QWidget *parent)
    : QWidget(parent)
    , m_undo(undo ? undo : new QUndoStack(this))
{
    m_model = new PairTableModel(this);
    m_round = new QComboBox;
    m_difficulty = new QComboBox;
    m_error = new QComboBox;
    m_status = new QComboBox;
    m_counts = new QLabel;
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Round")));
    filters->addWidget(m_round);
    filters->addWidget(new QLabel(tr("Difficulty")));
    filters->addWidget(m_difficulty);
    filters->addWidget(new QLabel(tr("Error")));
    filters->addWidget(m_error, 1);
    filters->addWidget(new QLabel(tr("Status")));
    filters->addWidget(m_status);
    m_status->addItem(tr("any"), QString());
    for (const char *s : {"proposed", "approved", "rejected", "edited"})
        m_status->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_difficulty->addItem(tr("any"), QString());
    for (const char *s : {"easy", "medium", "hard", "unset"})
        m_difficulty->addItem(QString::fromLatin1(s), QString::fromLatin1(s));

    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->setMinimumWidth(250);

    m_prompt = new QTextBrowser;
    m_prompt->setMaximumHeight(130);
    m_prefix = new QLabel;
    m_prefix->setWordWrap(true);
    m_prefix->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chosenView = new PredictionView;
    m_rejectedView = new PredictionView;
    m_chosenView->setMaximumHeight(110);
    m_rejectedView->setMaximumHeight(110);
    m_chosenLabel = new QLabel;
    m_rejectedLabel = new QLabel;
    m_errorsLabel = new QLabel;
    m_errorsLabel->setWordWrap(true);
    m_message = new QLabel;
    m_message->setStyleSheet(QStringLiteral("color:#b41e1e"));

    auto button = [this](const QString &text, const QString &tip, auto slot) {
        auto *b = new QPushButton(text);
        b->setToolTip(tip);
        b->setFocusPolicy(Qt::NoFocus);
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    auto *actions = new QHBoxLayout;
    actions->addWidget(
        button(tr("Approve (A)"), tr("Approve the current pair"), [this] { approveCurrent(); }));
    actions->addWidget(
        button(tr("Reject (R)"), tr("Reject the current pair"), [this] { rejectCurrent(); }));
    actions->addWidget(button(tr("Edit (E)"), tr("Edit either side"), [this] { editCurrent(); }));
    actions->addWidget(
        button(tr("Skip (S)"), tr("Go on without deciding (logged)"), [this] { skipCurrent(); }));
    actions->addStretch(1);
    actions->addWidget(button(tr("Undo"), tr("Ctrl+Z"), [this] { m_undo->undo(); }));
    actions->addWidget(button(tr("Redo"), tr("Ctrl+Shift+Z"), [this] { m_undo->redo(); }));
    auto *bulk = new QHBoxLayout;
    bulk->addWidget(button(tr("Approve all shown (Shift+A)"), tr("Every pair the filter shows"),
                           [this] { decideAllShown("approve"); }));
    bulk->addWidget(button(tr("Reject all shown (Shift+R)"), tr("Every pair the filter shows"),
                           [this] { decideAllShown("reject"); }));
    bulk->addStretch(1);
    bulk->addWidget(button(tr("Export…"),
                           tr("Write pairs for TRL, LLaMA-Factory, OpenRLHF or natively"),
                           [this] { exportWithDialog(); }));
    bulk->addWidget(
        button(tr("Keys (F1)"), tr("The keys of this pane"), [this] { showCheatSheet(); }));

    auto *detail = new QWidget;
    auto *d = new QVBoxLayout(detail);
    d->setContentsMargins(0, 0, 0, 0);
    d->addWidget(new QLabel(tr("<b>Prompt</b>")));
    d->addWidget(m_prompt);
    d->addWidget(m_prefix);
    d->addWidget(m_chosenLabel);
    d->addWidget(m_chosenView);
    d->addWidget(m_rejectedLabel);
    d->addWidget(m_rejectedView);
    d->addWidget(m_errorsLabel);
    d->addLayout(actions);
    d->addLayout(bulk);
    d->addWidget(m_message);
    d->addStretch(1);

    auto *split = new QSplitter;
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({280, 420});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_counts);
    layout->addWidget(split, 1);

    for (QComboBox *box : {m_round, m_difficulty, m_error, m_status})
        connect(box, &QComboBox::currentIndexChanged, this, &PairReviewPane::applyFilterBoxes);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PairReviewPane::showCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            selectRow(0);
        else
            showCurrent();
    });
    connect(m_model, &PairTableModel::pairsChanged, this, [this] {
        updateCounts();
        showCurrent();
    });

    auto key = [this](const QKeySequence &seq, auto slot) {
        auto *s = new QShortcut(seq, this, slot);
        s->setContext(Qt::WidgetWithChildrenShortcut);
    };
    key(QKeySequence(Qt::Key_A), [this] { approveCurrent(); });
    key(QKeySequence(Qt::Key_R), [this] { rejectCurrent(); });
    key(QKeySequence(Qt::Key_E), [this] { editCurrent(); });
    key(QKeySequence(Qt::Key_S), [this] { skipCurrent(); });
    key(QKeySequence(Qt::SHIFT | Qt::Key_A), [this] { decideAllShown("approve"); });
    key(QKeySequence(Qt::SHIFT | Qt::Key_R), [this] { decideAllShown("reject"); });
    key(QKeySequence(Qt::Key_J), [this] { selectRow(m_table->currentIndex().row() + 1); });
    key(QKeySequence(Qt::Key_K), [this] { selectRow(m_table->currentIndex().row() - 1); });
    key(QKeySequence(Qt::Key_F1), [this] { showCheatSheet(); });
    key(QKeySequence(Qt::Key_Question), [this] { showCheatSheet(); });
    updateCounts();
}

PairReviewPane::~PairReviewPane()
{
    // Commands on a shared stack point at this pane's model: drop them with it.
    if (m_undo)
        m_undo->clear();
    m_model->setStore(nullptr);
}

void PairReviewPane::setWorkspaceDir(const QString &dir)
{
    m_workspaceDir = dir;
    if (dir.isEmpty()) {
        setStore(nullptr, {});
        return;
    }
    try {
        auto s = std::make_unique<store::PairCurationStore>(
            store::workspaceDatabasePath(dir.toStdString()));
        auto records = store::workspaceRecords(dir.toStdString(), s->pairs());
        setStore(std::move(s), std::move(records));
    } catch (const std::exception &e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void PairReviewPane::setStore(std::unique_ptr<store::PairCurationStore> s,
                              std::unordered_map<std::string, data::Record> records)
{
    m_undo->clear();
    m_model->setStore(nullptr);
    m_store = std::move(s);
    m_model->setRecords(std::move(records));
    m_model->setStore(m_store.get());
    refillFilterBoxes();
    updateCounts();
}

void PairReviewPane::refillFilterBoxes()
{
    const QSignalBlocker b1(m_round), b2(m_error);
    m_round->clear();
    m_round->addItem(tr("any"), -1);
    for (int r : m_model->rounds())
        m_round->addItem(QString::number(r), r);
    m_error->clear();
    m_error->addItem(tr("any"), QString());
    for (const QString &e : m_model->errorTypes())
        m_error->addItem(e, e);
}

void PairReviewPane::applyFilterBoxes()
{
    PairFilter f;
    f.round = m_round->currentData().isValid() ? m_round->currentData().toInt() : -1;
    f.difficulty = m_difficulty->currentData().toString();
    f.errorType = m_error->currentData().toString();
    f.status = m_status->currentData().toString();
    m_model->setFilter(f);
    updateCounts();
}

void PairReviewPane::updateCounts()
{
    const auto counts = m_model->statusCounts();
    auto n = [&counts](const char *k) {
        const auto it = counts.find(k);
        return it == counts.end() ? 0 : it->second;
    };
    m_counts->setText(
        tr("%1 of %2 pairs shown · %3 proposed · %4 approved · %5 edited · %6 rejected")
            .arg(m_model->rowCount())
            .arg(m_model->totalCount())
            .arg(n("proposed"))
            .arg(n("approved"))
            .arg(n("edited"))
            .arg(n("rejected")));
}

std::int64_t PairReviewPane::currentId() const
{
    const QModelIndex i = m_table->currentIndex();
    return i.isValid() && i.row() < m_model->rowCount() ? m_model->pairAt(i.row()).id : 0;
}

void PairReviewPane::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->setCurrentIndex(m_model->index(row, 0));
    m_table->scrollTo(m_model->index(row, 0));
}

QString PairReviewPane::promptText() const
{
    return m_prompt->toPlainText();
}

void PairReviewPane::showCurrent()
{
    const QModelIndex i = m_table->currentIndex();
    if (!i.isValid() || i.row() >= m_model->rowCount()) {
        m_prompt->clear();
        m_prefix->clear();
        m_chosenView->showPrediction({}, {});
        m_rejectedView->showPrediction({}, {});
        m_chosenLabel->clear();
        m_rejectedLabel->clear();
        m_errorsLabel->clear();
        return;
    }
    const store::StoredPair &p = m_model->pairAt(i.row());
    const data::Record *record = m_model->record(p.pair.recordId);
    QString run = QString::fromStdString(p.run);
    if (run.endsWith(QStringLiteral("/person")))
        run.chop(7);
    emit currentPairChanged(run, QString::fromStdString(p.pair.recordId), p.pair.round, p.pair.chosenNode,
                            p.pair.rejectedNode);
    QString prompt;
    if (record) {
        QStringList tools;
        for (const Json &t : record->tools)
            tools << QString::fromStdString(t.value("name", std::string()));
        prompt
            += tr("<p><i>tools: %1</i></p>").arg(tools.join(QStringLiteral(", ")).toHtmlEscaped());
        for (const auto &m : record->conversation)
            prompt += QStringLiteral("<p><b>%1</b>: %2</p>")
                          .arg(QString::fromUtf8(data::toString(m.role)),
                               QString::fromStdString(m.content).toHtmlEscaped());
    } else {
        prompt = QStringLiteral("<pre>%1</pre>")
                     .arg(QString::fromStdString(p.pair.prompt).toHtmlEscaped());
    }
    m_prompt->setHtml(prompt);
    m_prefix->setText(tr("<b>Shared prefix</b> (node %1): <code>%2</code>")
                          .arg(p.pair.parentNode)
                          .arg(QString::fromStdString(p.pair.prefix).toHtmlEscaped()));
    const QString prefix = QString::fromStdString(p.pair.prefix);
    const std::string chosen = p.pair.prefix + p.trainingChosen();
    const std::string rejected = p.pair.prefix + p.trainingRejected();
    m_chosenView->showPrediction(QString::fromStdString(chosen), {});
    m_rejectedView->showPrediction(QString::fromStdString(rejected),
                                   p.pair.status == "edited"
                                       ? std::vector<FragmentMark>{}
                                       : storedMarks(p.pair.rejectedErrors, rejected.size()));
    markDifference(m_chosenView, int(prefix.size()));
    markDifference(m_rejectedView, int(prefix.size()));
    const QString status = QString::fromStdString(p.pair.status);
    m_chosenLabel->setText(tr("<b style='color:#14782a'>Chosen</b> node %1 · V/N %2 · N %3%4")
                               .arg(p.pair.chosenNode)
                               .arg(p.pair.chosenValue, 0, 'f', 3)
                               .arg(p.pair.chosenVisits)
                               .arg(p.pair.status == "edited" ? tr(" · edited") : QString()));
    m_rejectedLabel->setText(
        tr("<b style='color:#b41e1e'>Rejected</b> node %1 · V/N %2 · N %3 · status %4")
            .arg(p.pair.rejectedNode)
            .arg(p.pair.rejectedValue, 0, 'f', 3)
            .arg(p.pair.rejectedVisits)
            .arg(status));
    QStringList errors;
    for (const Json &e : p.pair.rejectedErrors) {
        if (!e.is_object())
            continue;
        QString line = QString::fromStdString(e.value("kind", std::string("?")));
        if (e.contains("parameter"))
            line += tr(" (%1)").arg(jsonText(e["parameter"]));
        if (e.contains("expected"))
            line += tr(": expected %1").arg(jsonText(e["expected"]));
        if (e.contains("got"))
            line += tr(", got %1").arg(jsonText(e["got"]));
        errors << line.toHtmlEscaped();
    }
    m_errorsLabel->setText(
        errors.isEmpty()
            ? tr("<i>rejected side: no checker errors recorded</i>")
            : tr("<b>Rejected side's errors</b>: %1").arg(errors.join(QStringLiteral("; "))));
}

void PairReviewPane::reportError(const QString &message)
{
    m_lastError = message;
    m_message->setText(message);
}

void PairReviewPane::decideCurrent(const std::string &action)
{
    const std::int64_t id = currentId();
    if (!id || !m_store)
        return;
    const int row = m_table->currentIndex().row();
    m_undo->push(new PairDecisionCommand(m_model, {id}, action,
                                         [this](const QString &m) { reportError(m); }));
    selectRow(row + 1); // the queue moves on
}

void PairReviewPane::approveCurrent()
{
    decideCurrent("approve");
}

void PairReviewPane::rejectCurrent()
{
    decideCurrent("reject");
}

void PairReviewPane::skipCurrent()
{
    decideCurrent("skip");
}

void PairReviewPane::decideAllShown(const std::string &action)
{
    const auto ids = m_model->visibleIds();
    if (ids.empty() || !m_store)
        return;
    m_undo->push(new PairDecisionCommand(m_model, ids, action,
                                         [this](const QString &m) { reportError(m); }));
}

void PairReviewPane::editCurrentTo(const std::string &chosen, const std::string &rejected)
{
    const std::int64_t id = currentId();
    if (!id || !m_store)
        return;
    m_undo->push(new PairEditCommand(m_model, id, chosen, rejected,
                                     [this](const QString &m) { reportError(m); }));
}

void PairReviewPane::editCurrent()
{
    const QModelIndex i = m_table->currentIndex();
    if (!i.isValid() || !m_store)
        return;
    const store::StoredPair p = m_model->pairAt(i.row());
    PairEditor editor(m_model->record(p.pair.recordId), p.pair.prefix, p.trainingChosen(),
                      p.trainingRejected(), this);
    if (editor.exec() == QDialog::Accepted
        && (editor.chosen() != p.trainingChosen() || editor.rejected() != p.trainingRejected()))
        editCurrentTo(editor.chosen(), editor.rejected());
}

void PairReviewPane::showCheatSheet()
{
    auto *sheet = new CheatSheet(this);
    sheet->setAttribute(Qt::WA_DeleteOnClose);
    sheet->show();
}

void PairReviewPane::addPersonPair(const QString &run, const search::PreferencePair &pair)
{
    if (!m_store) {
        reportError(tr("No workspace database is open: the pair was not stored."));
        return;
    }
    try {
        const std::int64_t id = m_model->addPersonPair(run.toStdString(), pair);
        refillFilterBoxes();
        updateCounts();
        selectRow(m_model->rowOfId(id));
        m_message->setText(tr("Stored person-made pair %1.").arg(id));
    } catch (const std::exception &e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

store::PairExportResult PairReviewPane::exportTo(store::PairFormat format, const QString &path,
                                                 bool approvedOnly)
{
    std::vector<store::StoredPair> pairs;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const auto &p = m_model->pairAt(r);
        if (!approvedOnly || p.pair.status == "approved" || p.pair.status == "edited")
            pairs.push_back(p);
    }
    std::unordered_map<std::string, data::Record> records;
    for (const auto &p : pairs)
        if (const data::Record *r = m_model->record(p.pair.recordId))
            records.emplace(r->id, *r);
    store::PairExportOptions options;
    options.format = format;
    return store::exportPairsToFile(pairs, records, options, path.toStdString());
}

void PairReviewPane::exportWithDialog()
{
    bool ok = false;
    const QString formatName
        = QInputDialog::getItem(this, tr("Export pairs"), tr("Format"),
                                {QStringLiteral("trl"), QStringLiteral("llamafactory"),
                                 QStringLiteral("openrlhf"), QStringLiteral("native")},
                                0, false, &ok);
    if (!ok)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export pairs"), QDir(m_workspaceDir).filePath(QStringLiteral("pairs.jsonl")));
    if (path.isEmpty())
        return;
    try {
        const auto result
            = exportTo(*store::pairFormatFromString(formatName.toStdString()), path, true);
        m_message->setStyleSheet(QString());
        m_message->setText(tr("Wrote %1 approved pairs to %2 (%3 not exported).")
                               .arg(result.written)
                               .arg(path)
                               .arg(result.skipped.size()));
    } catch (const std::exception &e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

} // namespace itool::ui
