// Pair side editing with live checking; see pair_editor.h.
#include "ui/pair_editor.h"

#include "ui/prediction_view.h"

#include "core/toolcall/checker.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace itool::ui {

QString SideCheck::verdict() const
{
    if (!checked)
        return QObject::tr("not checked: the pair's record is not in the workspace");
    if (errorType.empty())
        return QObject::tr("✓ parses and passes the checker");
    return QObject::tr("✗ %1 (%2 marked)").arg(QString::fromStdString(errorType)).arg(marks.size());
}

SideCheck checkSide(const data::Record *record, const std::string &prefix,
                    const std::string &fragment)
{
    SideCheck out;
    if (!record)
        return out;
    out.checked = true;
    const std::string text = prefix + fragment;
    toolcall::CheckResult result;
    try {
        result = toolcall::checkRaw(*toolcall::compileCase(*record), text);
    } catch (const std::exception &e) {
        // a record the checker cannot compile (e.g. malformed gold): say so, mark nothing
        out.errorType = std::string("cannot check: ") + e.what();
        return out;
    }
    out.errorType = result.valid ? std::string() : result.errorType;
    const auto offset = std::uint32_t(prefix.size());
    const auto size = std::uint32_t(fragment.size());
    for (const toolcall::FragmentError &e : result.errors) {
        FragmentMark m;
        m.kind = e.kind;
        m.expected = e.expected;
        m.got = e.got;
        if (!e.parameter.empty())
            m.message = "parameter " + e.parameter;
        if (e.span.empty() && e.call < 0) {
            m.begin = 0; // the whole output is wrong
            m.end = size;
        } else {
            if (e.span.end <= offset && !e.span.empty())
                continue; // wholly inside the prefix, which is not edited here
            m.begin = std::min(e.span.begin > offset ? e.span.begin - offset : 0, size);
            m.end
                = std::min(std::max(e.span.end > offset ? e.span.end - offset : 0, m.begin), size);
        }
        out.marks.push_back(std::move(m));
    }
    // An error the checker could not place still shows: on the whole fragment.
    if (!out.errorType.empty() && out.marks.empty())
        out.marks.push_back(FragmentMark{0, size, out.errorType, {}, {}, {}});
    return out;
}

PairEditor::PairEditor(const data::Record *record, const std::string &prefix,
                       const std::string &chosen, const std::string &rejected, QWidget *parent)
    : QDialog(parent)
    , m_record(record)
    , m_prefix(prefix)
{
    setWindowTitle(tr("Edit pair"));
    resize(760, 460);
    auto *prefixLabel = new QLabel(
        QStringLiteral("<code>%1</code>").arg(QString::fromStdString(prefix).toHtmlEscaped()));
    prefixLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    prefixLabel->setWordWrap(true);
    m_chosen = new PredictionView;
    m_rejected = new PredictionView;
    for (PredictionView *v : {m_chosen, m_rejected}) {
        v->setReadOnly(false);
        v->setMinimumHeight(90);
    }
    m_chosen->setPlainText(QString::fromStdString(chosen));
    m_rejected->setPlainText(QString::fromStdString(rejected));
    m_chosenVerdict = new QLabel;
    m_rejectedVerdict = new QLabel;
    auto *form = new QFormLayout;
    form->addRow(tr("Shared prefix"), prefixLabel);
    form->addRow(tr("Chosen"), m_chosen);
    form->addRow(QString(), m_chosenVerdict);
    form->addRow(tr("Rejected"), m_rejected);
    form->addRow(QString(), m_rejectedVerdict);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(
        new QLabel(tr("Each side is checked as prefix + text while you type. The rejected side is "
                      "meant to be wrong; the chosen side should pass.")));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(150);
    connect(m_timer, &QTimer::timeout, this, &PairEditor::revalidate);
    for (PredictionView *v : {m_chosen, m_rejected})
        connect(v, &QPlainTextEdit::textChanged, m_timer, qOverload<>(&QTimer::start));
    revalidate();
}

std::string PairEditor::chosen() const
{
    return m_chosen->toPlainText().toStdString();
}

std::string PairEditor::rejected() const
{
    return m_rejected->toPlainText().toStdString();
}

void PairEditor::recheck(PredictionView *view, QLabel *label, SideCheck &check)
{
    const QString text = view->toPlainText();
    check = checkSide(m_record, m_prefix, text.toStdString());
    // showPrediction replaces the text; keep the cursor and scroll where the person left them.
    const int cursor = view->textCursor().position();
    const int scroll = view->verticalScrollBar()->value();
    {
        const QSignalBlocker block(view);
        view->showPrediction(text, check.marks);
    }
    QTextCursor c = view->textCursor();
    c.setPosition(std::min<int>(cursor, int(text.size())));
    view->setTextCursor(c);
    view->verticalScrollBar()->setValue(scroll);
    label->setText(check.verdict());
    label->setStyleSheet(check.checked && check.errorType.empty()
                             ? QStringLiteral("color:#14782a")
                             : QStringLiteral("color:#b41e1e"));
}

void PairEditor::revalidate()
{
    m_timer->stop();
    recheck(m_chosen, m_chosenVerdict, m_chosenCheck);
    recheck(m_rejected, m_rejectedVerdict, m_rejectedCheck);
}

} // namespace itool::ui
