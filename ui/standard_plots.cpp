// The four training plots (see standard_plots.h).
#include "ui/standard_plots.h"

#include "ui/live_plot.h"

namespace itool::ui {

std::unique_ptr<LivePlot> makeLossPlot(QWidget *parent)
{
    auto plot = std::make_unique<LivePlot>(QObject::tr("SFT loss and learning rate"), QObject::tr("step"),
                                           QObject::tr("loss (log)"), parent);
    plot->addLine({"loss", QObject::tr("loss"), false, {}});
    plot->addLine({"lr", QObject::tr("learning rate"), true, {}});
    plot->setRightLabel(QObject::tr("learning rate"));
    plot->setLogY(true, false);
    return plot;
}

std::unique_ptr<LivePlot> makeThroughputPlot(QWidget *parent)
{
    auto plot = std::make_unique<LivePlot>(QObject::tr("Throughput"), QObject::tr("step"), QObject::tr("tokens / s"),
                                           parent);
    plot->addLine({"tokens_per_second", QObject::tr("tokens/s"), false, {}});
    plot->addLine({"grad_norm", QObject::tr("gradient norm"), true, {}});
    plot->setRightLabel(QObject::tr("gradient norm"));
    return plot;
}

std::unique_ptr<LivePlot> makePreferencePlot(QWidget *parent)
{
    auto plot = std::make_unique<LivePlot>(QObject::tr("Preference rounds"), QObject::tr("round"),
                                           QObject::tr("loss / margin"), parent);
    plot->addLine({"round:preference_loss", QObject::tr("preference loss"), false, {}});
    plot->addLine({"round:reward_margin", QObject::tr("reward margin"), false, {}});
    plot->addLine({"round:pair_accuracy", QObject::tr("pair accuracy"), true, {}});
    plot->setRightLabel(QObject::tr("pair accuracy"));
    plot->setWholeNumberX();
    return plot;
}

std::unique_ptr<LivePlot> makeRoundAccuracyPlot(QWidget *parent)
{
    auto plot = std::make_unique<LivePlot>(QObject::tr("Accuracy per round"), QObject::tr("round"),
                                           QObject::tr("accuracy"), parent);
    for (const char *d : {"overall", "easy", "medium", "hard"})
        plot->addLine({QString("round_acc:%1").arg(d), QString(d), false, {}});
    for (const char *c : {"simple", "multiple", "parallel", "parallel_multiple"})
        plot->addLine({QString("round_cat:%1").arg(c), QString(c), true, {}});
    plot->setRightLabel(QObject::tr("accuracy by category"));
    plot->setWholeNumberX();
    return plot;
}

} // namespace itool::ui
