#pragma once
// The raw text of a model's prediction with every fragment error the checker found
// highlighted in place: background colour by error kind, a tooltip with expected vs got.
#include "ui/prediction_check.h"

#include <QPlainTextEdit>

namespace itool::ui {

class PredictionView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit PredictionView(QWidget *parent = nullptr);

    void showPrediction(const QString &rawText, const std::vector<FragmentMark> &marks);
    // The highlighted ranges as character positions in the document, for tests.
    struct Highlight
    {
        int begin;
        int end;
        QString kind;
        QString toolTip;
    };
    const std::vector<Highlight> &highlights() const { return m_highlights; }

protected:
    bool event(QEvent *event) override;

private:
    std::vector<Highlight> m_highlights;
};

// Byte offset in UTF-8 text -> QString (UTF-16) position.
int utf16Position(const QByteArray &utf8, std::uint32_t byteOffset);

} // namespace itool::ui
