#pragma once
// One record, readable: its tools (name, description, parameters with type, required,
// default), the conversation, the gold calls; and when a prediction exists, the prediction
// with its fragment errors highlighted, side by side with the gold.
#include "core/data/record.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QSplitter;

namespace itool::ui {

class PredictionView;
class Workspace;

class RecordViewPane : public QWidget
{
    Q_OBJECT
public:
    explicit RecordViewPane(QWidget *parent = nullptr);
    void setWorkspace(Workspace *workspace);
    void showRow(std::uint32_t indexRow);
    void showRecord(const data::Record &record, const std::optional<Json> &prediction);
    std::optional<std::uint32_t> shownRow() const { return m_row; }

    PredictionView *predictionView() const { return m_prediction; }
    QTextBrowser *details() const { return m_details; }
    QString verdictText() const;

    QSize sizeHint() const override { return {620, 700}; }
    static QString toolsHtml(const std::vector<Json> &tools);
    static QString goldText(const std::vector<data::GoldCall> &gold);

private:
    Workspace *m_workspace = nullptr;
    std::optional<std::uint32_t> m_row;
    QTextBrowser *m_details;
    QLabel *m_verdict;
    QPlainTextEdit *m_gold;
    PredictionView *m_prediction;
    QWidget *m_compare;
    QSplitter *m_split;
};

} // namespace itool::ui
