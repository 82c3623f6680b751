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

    // iTool rounds: marked points at the full-data size, labelled.
    std::int64_t fullRecords = 1;
    for (const auto &f : summary.fractions)
        fullRecords = std::max(fullRecords, f.records);
    if (!summary.rounds.empty()) {
        auto *rounds = plot->addGraph();
        rounds->setLineStyle(QCPGraph::lsNone);
        rounds->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(148, 103, 189), 12));
        rounds->setName(QObject::tr("iTool rounds"));
        for (const auto &r : summary.rounds) {
            rounds->addData(double(fullRecords), r.accuracy.mean);
            auto *label = new QCPItemText(plot);
            label->position->setCoords(double(fullRecords), r.accuracy.mean);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            label->setPadding(QMargins(8, 0, 0, 0));
            label->setText(QObject::tr("round %1").arg(r.round));
            label->setColor(QColor(148, 103, 189));
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
        yLo = std::min(yLo, r.accuracy.mean);
        yHi = std::max(yHi, r.accuracy.mean);
    }
    for (const auto &g : summary.gains) {
        gLo = std::min(gLo, 100.0 * g.gainPerDoubling.mean);
        gHi = std::max(gHi, 100.0 * g.gainPerDoubling.mean);
    }
    if (yHi < yLo)
        yLo = 0.0, yHi = 1.0;
    const double pad = std::max(0.02, 0.08 * (yHi - yLo));
    plot->yAxis->setRange(std::max(-0.02, yLo - pad), std::max(0.1, std::min(1.02, yHi + pad)));
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
        if (!m_summary.rounds.empty())
            caption += tr("; %1 iTool rounds").arg(m_summary.rounds.size());
    }
    m_caption->setText(caption);
    RedrawScheduler::instance()->request(m_plot);
}

} // namespace itool::ui
