#pragma once
// Editing a pair's two sides. Each side is the shared prefix (shown, not editable) plus the
// fragment being edited; as you type, prefix + fragment goes through the call parser and the
// checker (core/toolcall checkRaw) and the fragment errors are highlighted in
// place in the same PredictionView the record view uses, with a verdict line per side.
// What it is not: storage (the edit becomes a PairEditCommand when accepted).
#include "core/data/record.h"
#include "ui/prediction_check.h"

#include <QDialog>

class QLabel;
class QTimer;

namespace itool::ui {

class PredictionView;

// The checker's view of prefix + fragment, with marks moved to fragment offsets.
struct SideCheck
{
    bool checked = false;            // false: no record to check against
    std::string errorType;           // "" = correct
    std::vector<FragmentMark> marks; // byte offsets into the fragment
    QString verdict() const;
};

SideCheck checkSide(const data::Record *record, const std::string &prefix,
                    const std::string &fragment);

class PairEditor : public QDialog
{
    Q_OBJECT
public:
    PairEditor(const data::Record *record, const std::string &prefix, const std::string &chosen,
               const std::string &rejected, QWidget *parent = nullptr);

    std::string chosen() const;
    std::string rejected() const;
    PredictionView *chosenView() const { return m_chosen; }
    PredictionView *rejectedView() const { return m_rejected; }
    const SideCheck &chosenCheck() const { return m_chosenCheck; }
    const SideCheck &rejectedCheck() const { return m_rejectedCheck; }
    // Checks both sides now and redraws the highlights (typing does this after a short pause).
    void revalidate();

private:
    void recheck(PredictionView *view, QLabel *label, SideCheck &check);

    const data::Record *m_record;
    std::string m_prefix;
    PredictionView *m_chosen, *m_rejected;
    QLabel *m_chosenVerdict, *m_rejectedVerdict;
    SideCheck m_chosenCheck, m_rejectedCheck;
    QTimer *m_timer;
};

} // namespace itool::ui
