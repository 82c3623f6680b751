#pragma once
// The four training plots, configured in one place: the training pane shows them live and the
// run report renders them from a run's metrics. What it is not: the plot widget (live_plot.h).
#include <memory>

class QWidget;

namespace itool::ui {

class LivePlot;

std::unique_ptr<LivePlot> makeLossPlot(QWidget *parent = nullptr);       // SFT loss (log) and learning rate
std::unique_ptr<LivePlot> makeThroughputPlot(QWidget *parent = nullptr); // tokens/s and gradient norm
std::unique_ptr<LivePlot> makePreferencePlot(QWidget *parent = nullptr); // per round: loss, margin, pair accuracy
std::unique_ptr<LivePlot> makeRoundAccuracyPlot(QWidget *parent = nullptr); // per round: by difficulty, category

} // namespace itool::ui
