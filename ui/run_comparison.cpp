// See run_comparison.h.
#include "ui/run_comparison.h"

#include "core/common/json_file.h"
#include "core/eval/answer_comparison.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace itool::ui {

namespace {

QString pct(double v) { return QString::number(100.0 * v, 'f', 1); }

// "47.2 [45.3, 49.1]" from a point_metrics tally ({"accuracy", "ci95": [lo, hi]}).
QString tallyCell(const Json &t)
{
    if (!t.is_object() || !t.contains("accuracy"))
        return "&ndash;";
    QString cell = pct(t.value("accuracy", 0.0));
    if (t.contains("ci95") && t["ci95"].is_array() && t["ci95"].size() == 2)
        cell += QString(" <small>[%1, %2]</small>").arg(pct(t["ci95"][0].get<double>()), pct(t["ci95"][1].get<double>()));
    return cell;
}

QString mediumHardCell(const Json &eval)
{
    std::int64_t total = 0, correct = 0;
    for (const char *d : {"medium", "hard"})
        if (eval.contains("by_difficulty") && eval["by_difficulty"].contains(d)) {
            total += eval["by_difficulty"][d].value("total", std::int64_t(0));
            correct += eval["by_difficulty"][d].value("correct", std::int64_t(0));
        }
    if (total == 0)
        return "&ndash;";
    const auto ci = eval::wilsonInterval(correct, total);
    return QString("%1 <small>[%2, %3]</small>").arg(pct(double(correct) / double(total)), pct(ci.low), pct(ci.high));
}

QString versusCell(const Json &g)
{
    if (!g.is_object() || !g.contains("gain"))
        return "&ndash;";
    return QString("+%1 / &minus;%2, %3 <small>[%4, %5]</small>, p&nbsp;%6")
        .arg(g.value("only_b", 0))
        .arg(g.value("only_a", 0))
        .arg((g.value("gain", 0.0) >= 0 ? "+" : "") + pct(g.value("gain", 0.0)))
        .arg(pct(g["gain_ci95"][0].get<double>()), pct(g["gain_ci95"][1].get<double>()))
        .arg(QString::number(g.value("mcnemar_p", 1.0), 'g', 3));
}

} // namespace

QString roundsAccuracyHtml(const QString &runDir)
{
    const auto evalJson = tryReadJsonFile(QDir(runDir).filePath("eval.json").toStdString());
    if (!evalJson || !evalJson->contains("rounds") || !(*evalJson)["rounds"].is_array() ||
        (*evalJson)["rounds"].empty())
        return {};
    QString html = "<table><tr><th>round</th><th>records</th><th>all %</th><th>easy %</th><th>medium %</th>"
                   "<th>hard %</th><th>medium+hard %</th><th>vs start: fixed / broken, gain [95% CI], McNemar p</th>"
                   "<th>vs start, medium+hard</th></tr>\n";
    for (const auto &r : (*evalJson)["rounds"]) {
        const Json &e = r.value("eval", Json::object());
        const Json &byDifficulty = e.value("by_difficulty", Json::object());
        const Json versus = r.value("versus_start", Json());
        html += QString("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td><td>%8</td>"
                        "<td>%9</td></tr>\n")
                    .arg(r.value("round", 0))
                    .arg(e.value("total", std::int64_t(0)))
                    .arg(tallyCell(e), tallyCell(byDifficulty.value("easy", Json())),
                         tallyCell(byDifficulty.value("medium", Json())), tallyCell(byDifficulty.value("hard", Json())),
                         mediumHardCell(e),
                         versus.is_object() ? versusCell(versus.value("all", Json())) : QString("&ndash;"),
                         versus.is_object() ? versusCell(versus.value("medium_and_hard", Json())) : QString("&ndash;"));
    }
    return html + "</table>\n";
}

QString lastAnswersFile(const QString &runDir)
{
    const QDir answers(QDir(runDir).filePath("answers"));
    int best = -1;
    static const QRegularExpression name("^round-(\\d+)\\.jsonl$");
    for (const QString &f : answers.entryList({"round-*.jsonl"}, QDir::Files)) {
        const auto m = name.match(f);
        if (m.hasMatch())
            best = std::max(best, m.captured(1).toInt());
    }
    return best < 0 ? QString() : answers.filePath(QString("round-%1.jsonl").arg(best));
}

QString finalAnswersComparison(const QString &runA, const QString &runB)
{
    const QString a = lastAnswersFile(runA), b = lastAnswersFile(runB);
    if (a.isEmpty() || b.isEmpty())
        return {};
    try {
        const auto group = eval::compareVerdicts(eval::readVerdicts(a.toStdString()), eval::readVerdicts(b.toStdString()));
        if (group.outcomes.total() == 0)
            return {};
        return QObject::tr("%1 (%2) against %3 (%4), on the %5 records both answered: %6")
            .arg(QFileInfo(runB).fileName(), QFileInfo(b).fileName(), QFileInfo(runA).fileName(), QFileInfo(a).fileName())
            .arg(group.outcomes.total())
            .arg(QString::fromStdString(eval::describeGroup(group)));
    } catch (const std::exception &e) {
        return QObject::tr("Cannot compare the answers: %1").arg(QString::fromUtf8(e.what()));
    }
}

} // namespace itool::ui
