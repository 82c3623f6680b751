// A QCustomPlot fed from MetricSeriesModel series (see live_plot.h).
#include "ui/live_plot.h"

#include "ui/metric_series_model.h"
#include "ui/plot_export.h"
#include "ui/redraw_scheduler.h"

#include <QMenu>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace itool::ui {

namespace {
constexpr double kLineWidth = 1.0;
const QColor kPalette[] = {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44), QColor(255, 127, 14),
                           QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(23, 190, 207)};
}

LivePlot::LivePlot(const QString &title, const QString &xLabel, const QString &yLabel, QWidget *parent)
    : QWidget(parent), m_title(title), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumSize(260, 180);
    m_plot->plotLayout()->insertRow(0);
    auto *titleElement = new QCPTextElement(m_plot, title, QFont(font().family(), 10, QFont::Bold));
    m_plot->plotLayout()->addElement(0, 0, titleElement);
    m_plot->xAxis->setLabel(xLabel);
    m_plot->yAxis->setLabel(yLabel);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 8));
    m_plot->legend->setBrush(QBrush(QColor(255, 255, 255, 200)));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    m_readout = new QCPItemText(m_plot);
    m_readout->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
    m_readout->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_readout->position->setCoords(0.98, 0.02);
    m_readout->setPadding(QMargins(4, 2, 4, 2));
    m_readout->setBrush(QBrush(QColor(255, 255, 224, 230)));
    m_readout->setVisible(false);
    m_plot->installEventFilter(this);
    connect(m_plot, &QCustomPlot::mouseMove, this, &LivePlot::hover);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        m_userZoomed = false;
        refresh();
    });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userZoomed = true; });
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *e) {
        if (e->button() == Qt::LeftButton)
            m_userZoomed = true;
    });
    addPlotExportMenu(m_plot, title);
}

void LivePlot::setModel(MetricSeriesModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model)
        connect(m_model, &MetricSeriesModel::changed, this, [this] { sync(false); });
    refresh();
}

void LivePlot::setOverlay(MetricSeriesModel *model, const QString &overlayName)
{
    if (m_overlay)
        disconnect(m_overlay, nullptr, this, nullptr);
    m_overlay = model;
    m_overlayName = overlayName;
    for (auto *g : m_overlayGraphs)
        m_plot->removeGraph(g);
    m_overlayGraphs.clear();
    if (m_overlay) {
        connect(m_overlay, &MetricSeriesModel::changed, this, [this] { sync(false); });
        for (const auto &line : m_lines) {
            auto *g = m_plot->addGraph(m_plot->xAxis, line.rightAxis ? m_plot->yAxis2 : m_plot->yAxis);
            QPen pen(line.color, kLineWidth, Qt::DashLine);
            g->setPen(pen);
            g->setName(line.label + " (" + overlayName + ")");
            m_overlayGraphs.push_back(g);
        }
    }
    refresh();
}

void LivePlot::addLine(const Line &lineIn)
{
    Line line = lineIn;
    if (!line.color.isValid())
        line.color = kPalette[m_lines.size() % std::size(kPalette)];
    auto *g = m_plot->addGraph(m_plot->xAxis, line.rightAxis ? m_plot->yAxis2 : m_plot->yAxis);
    // One pixel wide: the raster engine's fast cosmetic path. A 1.6 px pen is stroked as a
    // polygon and filled, which was over half of the GUI thread's time while a job ran.
    g->setPen(QPen(line.color, kLineWidth));
    g->setName(line.label);
    if (line.rightAxis) {
        m_plot->yAxis2->setVisible(true);
        m_plot->yAxis2->setTickLabels(true);
    }
    m_lines.push_back(line);
    m_graphs.push_back(g);
}

void LivePlot::setRightLabel(const QString &label) { m_plot->yAxis2->setLabel(label); }

void LivePlot::setLogY(bool left, bool right)
{
    auto setLog = [](QCPAxis *axis, bool log) {
        axis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (log)
            axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        else
            axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    };
    setLog(m_plot->yAxis, left);
    setLog(m_plot->yAxis2, right);
}

void LivePlot::setWholeNumberX()
{
    // Multiples of 1 only: with few rounds the default ticker would label 0.5 steps.
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
}

int LivePlot::pointCount() const
{
    int n = 0;
    for (auto *g : m_graphs)
        n += g->dataCount();
    for (auto *g : m_overlayGraphs)
        n += g->dataCount();
    return n;
}

void LivePlot::refresh()
{
    sync(true);
}

void LivePlot::sync(bool force)
{
    // Series only grow while a job runs: append the points the graph does not have yet;
    // anything else (a cleared model, a new training in a decay experiment, another run
    // opened) sets the whole series again.
    bool changed = false;
    auto fill = [&changed](QCPGraph *g, const std::vector<QPointF> &points) {
        const int have = g->dataCount();
        if (have == 0 && points.empty())
            return;
        const bool grows = have > 0 && have <= int(points.size())
                           && g->data()->at(0)->key == points.front().x()
                           && g->data()->at(have - 1)->key == points[std::size_t(have) - 1].x()
                           && g->data()->at(have - 1)->value == points[std::size_t(have) - 1].y();
        const std::size_t from = grows ? std::size_t(have) : 0;
        if (grows && from == points.size())
            return;
        changed = true;
        QVector<double> x, y;
        x.reserve(int(points.size() - from));
        y.reserve(int(points.size() - from));
        for (std::size_t i = from; i < points.size(); ++i) {
            x << points[i].x();
            y << points[i].y();
        }
        if (grows)
            g->addData(x, y, true);
        else
            g->setData(x, y, true);
    };
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        if (m_model)
            fill(m_graphs[i], m_model->series(m_lines[i].series));
        else if (m_graphs[i]->dataCount() > 0) {
            m_graphs[i]->data()->clear();
            changed = true;
        }
        if (i < m_overlayGraphs.size() && m_overlay)
            fill(m_overlayGraphs[i], m_overlay->series(m_lines[i].series));
    }
    // The model changes for every batch of events; a plot none of whose series moved (the
    // round plots during SFT) neither rescales nor renders.
    if (!changed && !force)
        return;
    if (!m_userZoomed) {
        m_plot->rescaleAxes(true);
        if (pointCount() == 0)
            m_plot->xAxis->setRange(0, 5);
        // An axis without data keeps a fixed range (padding it again on every refresh would
        // grow it without end); a flat line gets a visible band instead of a zero height.
        for (QCPAxis *axis : {m_plot->yAxis, m_plot->yAxis2}) {
            bool hasData = false;
            for (auto *g : axis->graphs())
                hasData = hasData || g->dataCount() > 0;
            if (!hasData) {
                axis->setRange(axis->scaleType() == QCPAxis::stLogarithmic ? 0.1 : 0.0, 1.0);
                continue;
            }
            auto r = axis->range();
            if (r.size() <= 0 || !std::isfinite(r.size())) {
                const double c = r.center();
                axis->setRange(c == 0 ? -1 : c * 0.9, c == 0 ? 1 : c * 1.1);
            } else if (axis->scaleType() == QCPAxis::stLinear) {
                axis->setRange(r.lower - 0.05 * r.size(), r.upper + 0.05 * r.size());
            }
        }
    }
    // Rendering is the expensive part: the scheduler coalesces it and spreads the plots over
    // event-loop turns (redraw_scheduler.h).
    RedrawScheduler::instance()->request(m_plot);
}

bool LivePlot::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot && event->type() == QEvent::Leave) {
        m_readout->setVisible(false);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    return QWidget::eventFilter(watched, event);
}

void LivePlot::hover(QMouseEvent *event)
{
    // The nearest drawn point (in pixels) across every line.
    double best = std::numeric_limits<double>::max();
    QString text;
    const auto all = [this] {
        auto v = m_graphs;
        v.insert(v.end(), m_overlayGraphs.begin(), m_overlayGraphs.end());
        return v;
    }();
    for (auto *g : all) {
        if (g->dataCount() == 0)
            continue;
        const double key = g->keyAxis()->pixelToCoord(event->position().x());
        auto it = g->data()->findBegin(key);
        for (int k = 0; k < 2 && it != g->data()->constEnd(); ++k, ++it) {
            const double px = g->keyAxis()->coordToPixel(it->key), py = g->valueAxis()->coordToPixel(it->value);
            const double d = std::hypot(px - event->position().x(), py - event->position().y());
            if (d < best) {
                best = d;
                text = QString("%1\nx = %2\ny = %3").arg(g->name()).arg(it->key, 0, 'g', 6).arg(it->value, 0, 'g', 5);
            }
        }
    }
    m_readout->setVisible(best < 40);
    if (best < 40)
        m_readout->setText(text);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace itool::ui
