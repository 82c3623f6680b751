#include "ui/prediction_view.h"

#include "ui/theme.h"

#include <QHelpEvent>

#include <algorithm>
#include <QTextBlock>
#include <QToolTip>

namespace itool::ui {

int utf16Position(const QByteArray &utf8, std::uint32_t byteOffset)
{
    const auto clamped = std::min<qsizetype>(byteOffset, utf8.size());
    return static_cast<int>(QString::fromUtf8(utf8.constData(), clamped).size());
}

PredictionView::PredictionView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
    setMouseTracking(true);
}

void PredictionView::showPrediction(const QString &rawText, const std::vector<FragmentMark> &marks)
{
    setPlainText(rawText);
    m_highlights.clear();
    const QByteArray utf8 = rawText.toUtf8();
    QList<QTextEdit::ExtraSelection> selections;
    for (const FragmentMark &m : marks) {
        Highlight h;
        h.begin = utf16Position(utf8, m.begin);
        h.end = utf16Position(utf8, std::max(m.end, m.begin));
        if (h.end == h.begin)
            h.end = std::min<int>(h.begin + 1, static_cast<int>(rawText.size())); // show empty spans
        h.kind = QString::fromStdString(m.kind);
        QString tip = QStringLiteral("<b>%1</b>").arg(h.kind.toHtmlEscaped());
        if (!m.expected.empty() || !m.got.empty())
            tip += tr("<br>expected: <code>%1</code><br>got: <code>%2</code>")
                       .arg(QString::fromStdString(m.expected).toHtmlEscaped(),
                            QString::fromStdString(m.got).toHtmlEscaped());
        if (!m.message.empty())
            tip += QStringLiteral("<br>") + QString::fromStdString(m.message).toHtmlEscaped();
        h.toolTip = tip;
        m_highlights.push_back(h);

        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(document());
        sel.cursor.setPosition(h.begin);
        sel.cursor.setPosition(h.end, QTextCursor::KeepAnchor);
        sel.format.setBackground(theme::errorBackground(m.kind));
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(theme::errorColor(m.kind));
        sel.format.setToolTip(tip);
        selections << sel;
    }
    // Wider spans first so the narrower ones inside them are painted on top.
    std::vector<int> order(selections.size());
    for (int i = 0; i < static_cast<int>(order.size()); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return m_highlights[a].end - m_highlights[a].begin > m_highlights[b].end - m_highlights[b].begin;
    });
    QList<QTextEdit::ExtraSelection> sorted;
    for (int i : order)
        sorted << selections[i];
    setExtraSelections(sorted);
}

bool PredictionView::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const int pos = cursorForPosition(viewport()->mapFromGlobal(help->globalPos())).position();
        QStringList tips;
        for (const Highlight &h : m_highlights)
            if (pos >= h.begin && pos <= h.end)
                tips << h.toolTip;
        if (tips.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tips.join(QStringLiteral("<hr>")), this);
        return true;
    }
    return QPlainTextEdit::event(e);
}

} // namespace itool::ui
