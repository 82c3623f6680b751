#pragma once
// The accuracy figures of runs as a person reads them: the rounds' accuracies with their 95 %
// intervals and each round's paired comparison with the start policy (from eval.json), and
// two runs' final answers compared record by record (McNemar's test on the records both
// answered). The Runs pane and the run report show the same text; the numbers come from
// core/eval/answer_comparison.h, as `itool compare` prints them.
#include <QString>

namespace itool::ui {

// An HTML table of a run's eval.json (empty when the run has none).
QString roundsAccuracyHtml(const QString &runDir);
// The answers of a run's last evaluated round (answers/round-R.jsonl with the largest R);
// empty when it has none.
QString lastAnswersFile(const QString &runDir);
// "B's last answers vs A's on N records: ..." (empty when either run has no answers, or they
// share no record).
QString finalAnswersComparison(const QString &runA, const QString &runB);

} // namespace itool::ui
