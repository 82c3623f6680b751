// Series accumulated from training events and metrics lines (see metric_series_model.h).
#include "ui/metric_series_model.h"

#include <cmath>

namespace itool::ui {

MetricSeriesModel::MetricSeriesModel(QObject *parent) : QObject(parent) {}

void MetricSeriesModel::clear()
{
    m_series.clear();
    m_decay.clear();
    ++m_decayRevision;
    m_lastStep = m_totalSteps = 0;
    m_prefSteps = 0;
    m_stage.clear();
    m_message.clear();
    emit changed();
}

void MetricSeriesModel::append(const QString &name, double x, double y)
{
    if (!std::isfinite(x) || !std::isfinite(y))
        return; // a NaN loss is reported by the trainer itself; it would blank a plot's range
    m_series[name].emplace_back(x, y);
    m_dirty = true;
}

void MetricSeriesModel::addEvents(const std::vector<pipeline::TrainingEvent> &events)
{
    m_batching = true;
    for (const auto &e : events)
        addEvent(e);
    m_batching = false;
    if (m_dirty) {
        m_dirty = false;
        emit changed();
    }
}

void MetricSeriesModel::addEvent(const pipeline::TrainingEvent &e)
{
    using Kind = pipeline::TrainingEvent::Kind;
    if (e.totalSteps > 0 && (e.kind == Kind::Step || e.kind == Kind::Started))
        m_totalSteps = e.totalSteps;
    if (!e.stage.empty())
        m_stage = QString::fromStdString(e.stage);
    switch (e.kind) {
    case Kind::Step: {
        m_lastStep = e.step;
        const double x = double(e.step);
        append("loss", x, e.loss);
        append("lr", x, e.lr);
        if (e.tokensPerSecond > 0)
            append("tokens_per_second", x, e.tokensPerSecond);
        append("grad_norm", x, e.gradNorm);
        break;
    }
    case Kind::Eval: {
        // The decay experiment puts the whole point in the message; other jobs a metric name.
        if (!e.message.empty() && e.message.front() == '{') {
            try {
                const Json j = Json::parse(e.message);
                if (addDecayPoint(j))
                    break;
                if (j.contains("stage") && j.contains("round")) {
                    addRoundLine(j);
                    break;
                }
            } catch (const std::exception &) {
            }
        }
        append(QString::fromStdString(e.message.empty() ? "eval" : e.message), double(e.step), e.value);
        break;
    }
    case Kind::Started:
        // A training starting from step 0 (the decay experiment trains one model per point)
        // replaces the step series, so that the plots show the model being trained now
        // instead of lines folding back to step 1; a resumed run (step > 0) continues them.
        if (e.step == 0)
            for (const char *name : {"loss", "lr", "tokens_per_second", "grad_norm"})
                m_series.erase(name);
        m_lastStep = e.step;
        m_dirty = true;
        break;
    default:
        if (!e.message.empty()) {
            m_message = QString::fromStdString(e.message);
            m_dirty = true;
        }
        break;
    }
    if (!m_batching && m_dirty) {
        m_dirty = false;
        emit changed();
    }
}

bool MetricSeriesModel::addDecayPoint(const Json &json)
{
    if (!json.is_object() || !json.contains("kind") || !json.contains("metrics"))
        return false;
    try {
        m_decay.push_back(eval::decayPointFromJson(json, "point"));
    } catch (const std::exception &) {
        return false;
    }
    ++m_decayRevision;
    m_dirty = true;
    const auto &p = m_decay.back();
    if (p.kind == "round" && p.method == "itool") {
        // Accuracy by difficulty and category per iTool round, on the shared test set (the
        // continued-SFT baseline's rounds are drawn on the decay curve's rounds panel only).
        const double x = p.round;
        append("round_acc:overall", x, p.metrics.overall.accuracy());
        for (const auto &[d, t] : p.metrics.byDifficulty)
            append(QString("round_acc:%1").arg(QString::fromStdString(d)), x, t.accuracy());
        for (const auto &[c, t] : p.metrics.byCategory)
            append(QString("round_cat:%1").arg(QString::fromStdString(c)), x, t.accuracy());
    }
    emit decayPointAdded(p);
    return true;
}

void MetricSeriesModel::addMetricsLine(const Json &line)
{
    if (!line.is_object())
        return;
    if (line.contains("stage") && line.contains("round") && line.contains("data")) {
        addRoundLine(line);
    } else if (!addDecayPoint(line)) {
        const bool hasStep = line.contains("step") && line.at("step").is_number();
        const bool hasRound = line.contains("round") && line.at("round").is_number();
        if (!hasStep && !hasRound)
            return;
        const double x = hasStep ? line.at("step").get<double>() : line.at("round").get<double>();
        if (hasStep)
            m_lastStep = std::max<std::int64_t>(m_lastStep, line.at("step").get<std::int64_t>());
        if (line.contains("stage") && line.at("stage").is_string())
            m_stage = QString::fromStdString(line.at("stage").get<std::string>());
        for (auto it = line.begin(); it != line.end(); ++it) {
            if (it.key() == "step" || it.key() == "round" || !it.value().is_number())
                continue;
            const QString name = QString::fromStdString(hasStep || !hasRound ? it.key() : "round:" + it.key());
            append(name, x, it.value().get<double>());
        }
    }
    if (m_dirty) {
        m_dirty = false;
        emit changed();
    }
}

void MetricSeriesModel::addRoundLine(const Json &line)
{
    const std::string stage = line.value("stage", std::string());
    const double round = line.value("round", 0.0);
    const Json data = line.contains("data") && line.at("data").is_object() ? line.at("data") : Json::object();
    auto bucketAccuracy = [](const Json &b) { return b.is_object() ? b.value("accuracy", 0.0) : 0.0; };
    if (stage == "eval") {
        // The one evaluation's JSON has the overall tally at its top level; runs written
        // before it kept it under "all".
        if (data.contains("all"))
            append("round_acc:overall", round, bucketAccuracy(data.at("all")));
        else if (data.contains("accuracy") && data.contains("total"))
            append("round_acc:overall", round, bucketAccuracy(data));
        for (const char *key : {"by_difficulty", "by_category"})
            if (data.contains(key) && data.at(key).is_object())
                for (auto it = data.at(key).begin(); it != data.at(key).end(); ++it)
                    append(QString(std::string(key) == "by_difficulty" ? "round_acc:%1" : "round_cat:%1")
                               .arg(QString::fromStdString(it.key())),
                           round, bucketAccuracy(it.value()));
    } else if (stage == "round") {
        if (data.contains("loss_last_epoch"))
            append("round:preference_loss", round, data.value("loss_last_epoch", 0.0));
        if (data.contains("reward_margin"))
            append("round:reward_margin", round, data.value("reward_margin", 0.0));
        if (data.contains("pair_accuracy"))
            append("round:pair_accuracy", round, data.value("pair_accuracy", 0.0));
    } else if (stage == "warmup" && data.value("event", std::string()) == "step" && data.contains("step")) {
        // The warm-up SFT's steps, plotted like an SFT run's.
        const auto step = data.value("step", std::int64_t(0));
        m_lastStep = std::max(m_lastStep, step);
        m_totalSteps = std::max(m_totalSteps, data.value("total_steps", std::int64_t(0)));
        for (const char *name : {"loss", "lr", "grad_norm", "tokens_per_second"})
            if (data.contains(name) && data.at(name).is_number())
                append(name, double(step), data.at(name).get<double>());
    } else if (stage == "train" && line.contains("value")) {
        m_prefSteps += 1;
        append("preference_loss", double(m_prefSteps), line.value("value", 0.0));
    }
    if (!m_batching && m_dirty) {
        m_dirty = false;
        emit changed();
    }
}

QStringList MetricSeriesModel::names() const
{
    QStringList out;
    for (const auto &[name, _] : m_series)
        out << name;
    return out;
}

bool MetricSeriesModel::has(const QString &name) const { return m_series.count(name) > 0; }

const std::vector<QPointF> &MetricSeriesModel::series(const QString &name) const
{
    static const std::vector<QPointF> empty;
    auto it = m_series.find(name);
    return it == m_series.end() ? empty : it->second;
}

} // namespace itool::ui
