// The live decay curve (see decay_pane.h).
#include "ui/decay_pane.h"

#include "ui/metric_series_model.h"
#include "ui/plot_export.h"
#include "ui/redraw_scheduler.h"

#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace itool::ui {

namespace {

const std::vector<std::pair<std::string, QColor>> kLevels = {
    {"easy", QColor(44, 160, 44)}, {"medium", QColor(255, 127, 14)}, {"hard", QColor(214, 39, 40)}};

} // namespace

int drawDecayCurve(QCustomPlot *plot, const std::vector<eval::DecayPoint> &points, eval::DecaySummary *summaryOut)
{
    plot->clearGraphs();
    plot->clearPlottables();
    plot->clearItems();
    std::set<double> fractionSet;
    for (const auto &p : points)
        if (p.kind == "sft")
            fractionSet.insert(p.fraction);
    const std::vector<double> fractions(fractionSet.begin(), fractionSet.end());
    const eval::DecaySummary summary = eval::summariseDecay(points, fractions);
    if (summaryOut)
        *summaryOut = summary;

    plot->xAxis->setLabel(QObject::tr("training records (log2)"));
    plot->yAxis->setLabel(QObject::tr("accuracy on the test set"));
    plot->yAxis2->setLabel(QObject::tr("gain per doubling (points)"));
    plot->yAxis2->setVisible(true);
    plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog);
    ticker->setLogBase(2);
    plot->xAxis->setTicker(ticker);
    plot->legend->setVisible(true);
    // Top left: the curve starts low at the small fractions and rises to the right.
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot->legend->setBrush(QColor(255, 255, 255, 170)); // lines and bars stay visible behind it
    QFont legendFont = plot->legend->font();
    legendFont.setPointSizeF(8.0); // absolute: the curve is redrawn many times
    plot->legend->setFont(legendFont);

    auto addBand = [&](const QString &name, const QColor &color, auto value, double width) {
        QVector<double> x, mean, lo, hi;
        for (const auto &f : summary.fractions) {
            const eval::Spread *s = value(f);
            if (!s || s->n == 0)
                continue;
            x << double(std::max<std::int64_t>(1, f.records));
            mean << s->mean;
            lo << s->min;
            hi << s->max;
        }
        if (x.isEmpty())
            return;
        QColor fillColor = color;
        fillColor.setAlpha(45);
        auto *low = plot->addGraph();
        low->setData(x, lo, true);
        low->setPen(Qt::NoPen);
        low->removeFromLegend();
        auto *high = plot->addGraph();
        high->setData(x, hi, true);
        high->setPen(Qt::NoPen);
        high->setBrush(fillColor);
        high->setChannelFillGraph(low);
        high->removeFromLegend();
        auto *line = plot->addGraph();
        line->setData(x, mean, true);
        line->setPen(QPen(color, width));
        line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, Qt::white, 6));
        line->setName(name);
    };
    addBand(QObject::tr("overall (band: min..max over seeds)"), QColor(30, 30, 30),
            [](const eval::FractionSummary &f) { return &f.accuracy; }, 2.4);
    for (const auto &[level, color] : kLevels)
        addBand(QString::fromStdString(level), color,
                [level = level](const eval::FractionSummary &f) -> const eval::Spread * {
                    auto it = f.byDifficulty.find(level);
                    return it == f.byDifficulty.end() ? nullptr : &it->second;
                },
                1.6);

    // Every finished point (seed by seed) as a faint dot: the curve grows point by point.
    QVector<double> px, py;
    for (const auto &p : points)
        if (p.kind == "sft") {
            px << double(std::max<std::int64_t>(1, p.records));
            py << p.metrics.overall.accuracy();
        }
    if (!px.isEmpty()) {
        auto *dots = plot->addGraph();
        dots->setData(px, py);
        dots->setLineStyle(QCPGraph::lsNone);
        dots->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(90, 90, 90, 140), 4));
        dots->setName(QObject::tr("each seed's point"));
    }

    // Gain per doubling between consecutive fractions, as bars at the geometric middle.
    if (!summary.gains.empty()) {
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis2);
        bars->setName(QObject::tr("gain per doubling"));
        bars->setWidthType(QCPBars::wtAxisRectRatio);
        bars->setWidth(0.035);
        bars->setBrush(QColor(70, 130, 180, 90));
        bars->setPen(QPen(QColor(70, 130, 180)));
        std::int64_t fullRecords = 0;
        for (const auto &f : summary.fractions)
            fullRecords = std::max(fullRecords, f.records);
        for (const auto &g : summary.gains) {
            std::int64_t from = 0, to = 0;
            for (const auto &f : summary.fractions) {
                if (f.fraction == g.fromFraction)
                    from = f.records;
                if (f.fraction == g.toFraction)
                    to = f.records;
            }
            if (from > 0 && to > 0)
                bars->addData(std::sqrt(double(from) * double(to)), 100.0 * g.gainPerDoubling.mean);
        }
    }

    // The rounds, on a second panel with the same accuracy axis: each round's model at the
    // compute the rounds added since the full-data model (as a share of that model's own
    // training compute), the iTool rounds beside the continued-SFT baseline of equal compute.
    std::int64_t fullRecords = 1;
    for (const auto &f : summary.fractions)
        fullRecords = std::max(fullRecords, f.records);
    QCPAxisRect *roundsRect = plot->axisRectCount() > 1 ? plot->axisRect(1) : nullptr;
    if (summary.rounds.empty() && roundsRect) {
        plot->plotLayout()->remove(roundsRect);
        plot->plotLayout()->simplify();
        roundsRect = nullptr;
    }
    if (!summary.rounds.empty() && !roundsRect) {
        int row = 0;
        for (int r = 0; r < plot->plotLayout()->rowCount(); ++r)
            if (plot->plotLayout()->element(r, 0) == plot->axisRect())
                row = r;
        roundsRect = new QCPAxisRect(plot);
        plot->plotLayout()->addElement(row, 1, roundsRect);
        plot->plotLayout()->setColumnStretchFactors({3.0, 1.2});
        roundsRect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("rounds' compute, % of the SFT"));
        roundsRect->axis(QCPAxis::atLeft)->setLabel(QObject::tr("accuracy (same scale)"));
    }
    double roundsXMax = 1.0;
    if (roundsRect) {
        QCPAxis *rx = roundsRect->axis(QCPAxis::atBottom), *ry = roundsRect->axis(QCPAxis::atLeft);
        const std::vector<std::tuple<std::string, QString, QColor>> methods{
            {"itool", QObject::tr("iTool rounds (bars: 95 % interval of the gain)"), QColor(148, 103, 189)},
            {"continued_sft", QObject::tr("continued SFT, equal compute"), QColor(120, 120, 120)}};
        for (const auto &[method, name, color] : methods) {
            QVector<double> x, y, err;
            for (const auto &r : summary.rounds) {
                if (r.method != method)
                    continue;
                if (x.isEmpty()) { // the full-data model the rounds start from: its accuracy
                    x << 0.0;
                    y << r.accuracy.mean - r.gain.mean;
                    err << 0.0;
                }
                x << 100.0 * r.computeShare;
                y << r.accuracy.mean;
                err << (r.paired.records > 0 ? (r.paired.interval.high - r.paired.interval.low) / 2.0 : 0.0);
                roundsXMax = std::max(roundsXMax, 100.0 * r.computeShare);
                auto *label = new QCPItemText(plot);
                label->setClipAxisRect(roundsRect);
                label->position->setAxes(rx, ry);
                label->position->setCoords(100.0 * r.computeShare, r.accuracy.mean);
                label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
                label->setPadding(QMargins(6, 0, 0, 0));
                label->setText(QObject::tr("r%1").arg(r.round));
                label->setColor(color);
            }
            if (x.isEmpty())
                continue;
            auto *g = plot->addGraph(rx, ry);
            g->setData(x, y, true);
            g->setPen(QPen(color, 2, method == "itool" ? Qt::SolidLine : Qt::DashLine));
            g->setScatterStyle(QCPScatterStyle(method == "itool" ? QCPScatterStyle::ssStar : QCPScatterStyle::ssSquare,
                                               color, method == "itool" ? 11 : 7));
            g->setName(name);
            auto *bars = new QCPErrorBars(rx, ry);
            bars->setDataPlottable(g);
            bars->setData(err);
            bars->setPen(QPen(color));
            bars->removeFromLegend();
        }
    }

    // Ranges from the data itself (QCustomPlot's rescale keeps the old span when every value
    // is equal, which would grow the axis on every redraw).
    double yLo = 1.0, yHi = 0.0, gLo = 0.0, gHi = 1.0;
    for (const auto &f : summary.fractions) {
        yLo = std::min(yLo, f.accuracy.min);
        yHi = std::max(yHi, f.accuracy.max);
        for (const auto &[_, sp] : f.byDifficulty) {
            yLo = std::min(yLo, sp.min);
            yHi = std::max(yHi, sp.max);
        }
    }
    for (const auto &r : summary.rounds) {
        const double half = r.paired.records > 0 ? (r.paired.interval.high - r.paired.interval.low) / 2.0 : 0.0;
        yLo = std::min({yLo, r.accuracy.mean - half, r.accuracy.mean - r.gain.mean});
        yHi = std::max(yHi, r.accuracy.mean + half);
    }
    for (const auto &g : summary.gains) {
        gLo = std::min(gLo, 100.0 * g.gainPerDoubling.mean);
        gHi = std::max(gHi, 100.0 * g.gainPerDoubling.mean);
    }
    if (yHi < yLo)
        yLo = 0.0, yHi = 1.0;
    const double pad = std::max(0.02, 0.08 * (yHi - yLo));
    plot->yAxis->setRange(std::max(-0.02, yLo - pad), std::max(0.1, std::min(1.02, yHi + pad)));
    if (roundsRect) {
        roundsRect->axis(QCPAxis::atLeft)->setRange(plot->yAxis->range());
        roundsRect->axis(QCPAxis::atBottom)->setRange(-0.1 * roundsXMax, roundsXMax * 1.3);
    }
    plot->yAxis2->setRange(gLo - 0.1 * (gHi - gLo) - 0.5, gHi * 1.25 + 0.5);
    if (!summary.fractions.empty()) {
        const double lo = double(std::max<std::int64_t>(1, summary.fractions.front().records));
        plot->xAxis->setRange(lo / 1.5, double(fullRecords) * 2.0);
    } else {
        plot->xAxis->setRange(1, 1024);
    }
    // An empty legend would draw as a stray box over an empty plot.
    plot->legend->setVisible(plot->legend->itemCount() > 0);
    return int(px.size());
}

DecayPane::DecayPane(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this)), m_caption(new QLabel(this))
{
    setObjectName("decayPane");
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Training-gains decay"),
                                                              QFont(font().family(), 10, QFont::Bold)));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    addPlotExportMenu(m_plot, QStringLiteral("decay-curve"));
    m_caption->setWordWrap(true);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_caption);
    refresh();
}

void DecayPane::setModel(MetricSeriesModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_drawnRevision = ~std::uint64_t(0);
    if (m_model)
        connect(m_model, &MetricSeriesModel::changed, this, &DecayPane::refresh);
    refresh();
}

void DecayPane::refresh()
{
    static const std::vector<eval::DecayPoint> none;
    const std::uint64_t revision = m_model ? m_model->decayRevision() : 0;
    if (m_drawnModel == m_model && m_drawnRevision == revision)
        return;
    m_drawnModel = m_model;
    m_drawnRevision = revision;
    const auto &points = m_model ? m_model->decayPoints() : none;
    m_drawnPoints = drawDecayCurve(m_plot, points, &m_summary);
    QString caption;
    if (points.empty())
        caption = tr("No decay points yet: start a decay spec in the Training pane or open a decay run.");
    else {
        caption = tr("%1 points over %2 fractions").arg(points.size()).arg(m_summary.fractions.size());
        if (!m_summary.gains.empty()) {
            QStringList g;
            for (const auto &gain : m_summary.gains)
                g << QString::number(100.0 * gain.gainPerDoubling.mean, 'f', 1);
            caption += tr("; gain per doubling (points): %1").arg(g.join(", "));
        }
        for (const auto &r : m_summary.rounds) {
            if (r.round != std::max_element(m_summary.rounds.begin(), m_summary.rounds.end(),
                                            [](const auto &a, const auto &b) { return a.round < b.round; })
                                ->round)
                continue; // the last round of each method
            caption += tr("; %1 round %2: %3 points over the full-data model (95 % interval %4 to %5) at %6 % of its compute")
                           .arg(r.method == "itool" ? tr("iTool") : tr("continued SFT"))
                           .arg(r.round)
                           .arg(100.0 * r.gain.mean, 0, 'f', 1)
                           .arg(100.0 * r.paired.interval.low, 0, 'f', 1)
                           .arg(100.0 * r.paired.interval.high, 0, 'f', 1)
                           .arg(100.0 * r.computeShare, 0, 'f', 1);
        }
    }
    m_caption->setText(caption);
    RedrawScheduler::instance()->request(m_plot);
}

} // namespace itool::ui
