// The Training pane (see training_pane.h).
#include "ui/training_pane.h"

#include "core/pipeline/decay_job.h"
#include "core/pipeline/decay_spec.h"
#include "core/pipeline/round_loop.h"
#include "core/pipeline/round_spec.h"
#include "core/pipeline/run_warmup.h"
#include "core/pipeline/sft_job.h"
#include "core/pipeline/sft_spec.h"
#include "ui/job_bridge.h"
#include "ui/live_plot.h"
#include "ui/standard_plots.h"
#include "ui/metric_series_model.h"
#include "ui/spec_form.h"
#include "ui/stall_probe.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTime>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <atomic>
#include <cerrno>
#include <exception>
#include <functional>
#include <thread>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace itool::ui {

namespace {

// Forwards events to the bridge and turns the job manager's cancel (status bar button) into
// the engine's CancelToken at the next event.
class CancelForwardingSink : public pipeline::EventSink
{
public:
    CancelForwardingSink(pipeline::EventSink *inner, JobContext &ctx, pipeline::CancelToken &token)
        : m_inner(inner), m_ctx(ctx), m_token(token)
    {
    }
    void onEvent(const pipeline::TrainingEvent &e) override
    {
        if (m_ctx.cancelled())
            m_token.cancel();
        if (e.kind == pipeline::TrainingEvent::Kind::Step && e.totalSteps > 0)
            m_ctx.setProgress(double(e.step) / double(e.totalSteps),
                              QString("step %1/%2").arg(e.step).arg(e.totalSteps));
        m_inner->onEvent(e);
    }

private:
    pipeline::EventSink *m_inner;
    JobContext &m_ctx;
    pipeline::CancelToken &m_token;
};

// Runs the training on a thread of its own, kLowerPriorityBy nice levels below the caller
// (Linux), and waits for it. The GUI thread then gets a core before the training thread
// whenever both want one, which keeps the event loop's stalls short on a machine whose
// cores are all busy; on an idle machine nothing changes. Its own thread, because an
// unprivileged thread cannot raise its priority back, and the pool's threads are reused.
constexpr int kLowerPriorityBy = 5;

void runAtLowerPriority(const std::function<void()> &work)
{
    std::exception_ptr failure;
    std::thread thread([&] {
#ifdef __linux__
        const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
        errno = 0;
        const int nice = ::getpriority(PRIO_PROCESS, tid);
        if (errno == 0)
            ::setpriority(PRIO_PROCESS, tid, std::min(19, nice + kLowerPriorityBy));
#endif
        try {
            work();
        } catch (...) {
            failure = std::current_exception();
        }
    });
    thread.join();
    if (failure)
        std::rethrow_exception(failure);
}

QString specsDir() { return QStringLiteral(ITOOL_SOURCE_DIR "/resources/specs"); }

// The preset the pane opens with.
constexpr const char *kDefaultPreset = "sft-quick";

} // namespace

TrainingPane::TrainingPane(JobManager *jobs, QWidget *parent)
    : QWidget(parent), m_jobs(jobs), m_baseDir(QDir::currentPath()), m_series(new MetricSeriesModel(this)),
      m_bridge(new JobBridge(this)), m_probe(new StallProbe(this))
{
    setObjectName("trainingPane");
    auto *left = new QWidget;
    auto *ll = new QVBoxLayout(left);
    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(new QLabel(tr("Preset")));
    m_preset = new QComboBox;
    m_preset->addItem(tr("(choose)"));
    m_preset->addItems(presets());
    presetRow->addWidget(m_preset, 1);
    ll->addLayout(presetRow);
    m_form = new SpecForm;
    ll->addWidget(m_form, 1);
    auto *buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"));
    m_resume = new QPushButton(tr("Resume"));
    m_resume->setToolTip(tr("Continue the run folder's last checkpoint"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop at the next step after saving a checkpoint"));
    buttons->addWidget(m_start);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancel);
    ll->addLayout(buttons);
    m_status = new QLabel(tr("Idle"));
    m_status->setWordWrap(true);
    m_stall = new QLabel;
    m_stall->setObjectName("stallLabel");
    ll->addWidget(m_status);
    ll->addWidget(m_stall);
    m_log = new QPlainTextEdit;
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setMaximumHeight(120);
    ll->addWidget(m_log);

    auto *plotArea = new QWidget;
    auto *grid = new QGridLayout(plotArea);
    grid->setContentsMargins(0, 0, 0, 0);
    auto *loss = makeLossPlot().release();
    auto *speed = makeThroughputPlot().release();
    auto *pref = makePreferencePlot().release();
    auto *acc = makeRoundAccuracyPlot().release();
    m_plots = {loss, speed, pref, acc};
    for (int i = 0; i < m_plots.size(); ++i) {
        m_plots[i]->setModel(m_series);
        grid->addWidget(m_plots[i], i / 2, i % 2);
    }

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(plotArea);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);

    connect(m_preset, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        if (m_preset->currentIndex() > 0)
            loadPreset(name);
    });
    connect(m_start, &QPushButton::clicked, this, [this] { start(false); });
    connect(m_resume, &QPushButton::clicked, this, [this] { start(true); });
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPane::cancel);
    connect(m_form, &SpecForm::specChanged, this, &TrainingPane::updateStatus);
    connect(m_form, &SpecForm::specChanged, this, [this] {
        if (m_preset->currentIndex() > 0 && m_form->spec() != m_presetSpec) {
            const QSignalBlocker block(m_preset);
            m_preset->setCurrentIndex(0);
        }
    });
    connect(m_bridge, &JobBridge::events, m_series, &MetricSeriesModel::addEvents);
    connect(m_bridge, &JobBridge::events, this, [this](const std::vector<pipeline::TrainingEvent> &batch) {
        using Kind = pipeline::TrainingEvent::Kind;
        for (const auto &e : batch)
            if (e.kind != Kind::Step && e.kind != Kind::Eval && !e.message.empty())
                log(QString::fromStdString(e.message));
        updateStatus();
    });
    connect(m_probe, &StallProbe::measured, this, &TrainingPane::updateStatus);
    // Open with the quick demo spec ready to start rather than an empty spec (which the
    // engine would reject before anyone typed anything).
    if (const int quick = m_preset->findText(QLatin1String(kDefaultPreset)); quick > 0)
        m_preset->setCurrentIndex(quick); // loads it (currentTextChanged)
    updateStatus();
}

TrainingPane::~TrainingPane()
{
    if (m_cancelToken)
        m_cancelToken->cancel();
    if (m_jobs && m_jobId) {
        m_jobs->cancel(m_jobId);
        m_jobs->waitForAll(120000);
    }
}

QStringList TrainingPane::presets() const
{
    QStringList out;
    for (const QFileInfo &f : QDir(specsDir()).entryInfoList({"*.json"}, QDir::Files, QDir::Name))
        out << f.completeBaseName();
    return out;
}

bool TrainingPane::loadPreset(const QString &name)
{
    QFile f(specsDir() + "/" + name + ".json");
    if (!f.open(QIODevice::ReadOnly))
        return false;
    Json spec;
    try {
        spec = Json::parse(f.readAll().toStdString());
    } catch (const std::exception &e) {
        log(tr("Preset %1: %2").arg(name, QString::fromUtf8(e.what())));
        return false;
    }
    m_presetSpec = spec;
    {
        const QSignalBlocker block(m_preset);
        m_preset->setCurrentIndex(std::max(0, m_preset->findText(name)));
    }
    m_form->setSpec(spec);
    log(tr("Preset %1 loaded").arg(name));
    return true;
}

Json TrainingPane::resolvedSpec() const
{
    Json spec = m_form->spec();
    const QDir base(m_baseDir), source(QStringLiteral(ITOOL_SOURCE_DIR));
    auto resolveData = [&](Json &list) {
        if (!list.is_array())
            return;
        for (auto &f : list) {
            if (!f.is_string())
                continue;
            const QString p = QString::fromStdString(f.get<std::string>());
            if (QFileInfo(p).isAbsolute())
                continue;
            const QString inBase = base.absoluteFilePath(p);
            f = (QFileInfo::exists(inBase) ? inBase : source.absoluteFilePath(p)).toStdString();
        }
    };
    if (spec.is_object() && spec.contains("data") && spec["data"].is_object()) {
        if (spec["data"].contains("train"))
            resolveData(spec["data"]["train"]);
        if (spec["data"].contains("test"))
            resolveData(spec["data"]["test"]);
    }
    if (spec.is_object()) { // rounds specs
        for (const char *key : {"train_files", "eval_files"})
            if (spec.contains(key))
                resolveData(spec[key]);
        if (spec.contains("start_model") && spec["start_model"].is_string()) {
            const QString m = QString::fromStdString(spec["start_model"].get<std::string>());
            if (!QFileInfo(m).isAbsolute())
                spec["start_model"] = QDir::cleanPath(base.absoluteFilePath(m)).toStdString();
        }
        if (spec.contains("warmup")) {
            // A warm-up spec file (found like a data file) is inlined, with its own data
            // files resolved the same way, so the job does not depend on the current folder
            // and the run's spec.json keeps the SFT spec that ran.
            Json &warmup = spec["warmup"];
            if (warmup.is_string()) {
                Json path = Json::array({warmup});
                resolveData(path);
                const QString file = QString::fromStdString(path[0].get<std::string>());
                QFile f(file);
                Json inlined;
                if (f.open(QIODevice::ReadOnly))
                    inlined = Json::parse(f.readAll().toStdString(), nullptr, false);
                // Unreadable: the engine's parser names the file when the job starts.
                warmup = inlined.is_object() ? inlined : Json(file.toStdString());
            }
            if (warmup.is_object() && warmup.contains("data") && warmup["data"].is_object()
                && warmup["data"].contains("train"))
                resolveData(warmup["data"]["train"]);
            if (warmup.is_object() && warmup.contains("tokenizer") && warmup["tokenizer"].is_object()
                && warmup["tokenizer"].contains("path")) {
                Json path = Json::array({warmup["tokenizer"]["path"]});
                resolveData(path);
                warmup["tokenizer"]["path"] = path[0];
            }
        }
    }
    if (spec.is_object() && spec.contains("run_dir") && spec["run_dir"].is_string()) {
        const QString r = QString::fromStdString(spec["run_dir"].get<std::string>());
        spec["run_dir"] = QDir::cleanPath(base.absoluteFilePath(r)).toStdString();
    }
    return spec;
}

QString TrainingPane::runDir() const
{
    const Json spec = resolvedSpec();
    return spec.contains("run_dir") && spec["run_dir"].is_string()
               ? QString::fromStdString(spec["run_dir"].get<std::string>())
               : QString();
}

double TrainingPane::maxStallMs() const { return m_probe->maxStallMs(); }

bool TrainingPane::start(bool resume)
{
    if (m_jobId != 0 || !m_jobs)
        return false;
    if (!m_form->valid()) {
        log(tr("Not started: %1").arg(m_form->validationError()));
        return false;
    }
    const Json spec = resolvedSpec();
    const QString kind = m_form->kind();
    // Parse on the GUI thread so a bad spec is reported here, not as a failed job.
    std::shared_ptr<pipeline::SftSpec> sft;
    std::shared_ptr<pipeline::DecaySpec> decay;
    std::shared_ptr<pipeline::RoundSpec> rounds;
    try {
        if (kind == "sft")
            sft = std::make_shared<pipeline::SftSpec>(pipeline::sftSpecFromJson(spec, "spec"));
        else if (kind == "run")
            rounds = std::make_shared<pipeline::RoundSpec>(pipeline::roundSpecFromJson(spec, "spec"));
        else
            decay = std::make_shared<pipeline::DecaySpec>(pipeline::decaySpecFromJson(spec, "spec"));
    } catch (const std::exception &e) {
        log(tr("Not started: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    if (!resume)
        m_series->clear();
    m_cancelToken = std::make_shared<pipeline::CancelToken>();
    auto token = m_cancelToken;
    pipeline::EventSink *sink = m_bridge->sink();
    m_probe->start();
    const QString dir = runDir();
    log(tr("%1 %2 job in %3").arg(resume ? tr("Resuming") : tr("Starting"), kind, dir));
    auto work = [sft, decay, rounds, spec, resume, token, sink](JobContext &ctx) {
        CancelForwardingSink forward(sink, ctx, *token);
        if (rounds) {
            // The rounds loop has its own event type: each event goes through the bridge
            // as an Eval event carrying the metrics-line JSON the series model reads.
            std::atomic<bool> stop{false};
            pipeline::runRounds(
                *rounds, resume,
                [&](const pipeline::RoundEvent &re) {
                    if (ctx.cancelled() || token->cancelled())
                        stop = true;
                    // The warm-up's SFT events go on as the training events they were,
                    // so the loss plot and the status line show the warm-up.
                    if (const auto te = pipeline::warmupTrainingEvent(re)) {
                        sink->onEvent(*te);
                        if (te->kind == pipeline::TrainingEvent::Kind::Step && te->totalSteps > 0)
                            ctx.setProgress(double(te->step) / double(te->totalSteps),
                                            QString("warm-up step %1/%2").arg(te->step).arg(te->totalSteps));
                        return;
                    }
                    pipeline::TrainingEvent e;
                    e.kind = pipeline::TrainingEvent::Kind::Eval;
                    e.stage = "round " + std::to_string(re.round) + ": " + re.stage;
                    e.step = re.round;
                    e.value = re.value;
                    Json line{{"stage", re.stage},
                              {"round", re.round},
                              {"value", re.value},
                              {"data", re.data}};
                    e.message = line.dump();
                    sink->onEvent(e);
                    if (!re.message.empty()) {
                        pipeline::TrainingEvent log;
                        log.message = "round " + std::to_string(re.round) + " " + re.stage + ": "
                                      + re.message;
                        sink->onEvent(log);
                    }
                    if (re.total > 0)
                        ctx.setProgress(double(re.done) / double(re.total),
                                        QString("round %1 %2 %3/%4")
                                            .arg(re.round)
                                            .arg(QString::fromStdString(re.stage))
                                            .arg(re.done)
                                            .arg(re.total));
                },
                &stop);
        } else if (sft)
            pipeline::runSftJob(*sft, spec, resume, &forward, token.get());
        else
            pipeline::runDecayJob(*decay, spec, resume, &forward, token.get());
    };
    m_jobId = m_jobs->start(
        tr("%1 training: %2").arg(kind, QFileInfo(dir).fileName()),
        [work](JobContext &ctx) { runAtLowerPriority([&] { work(ctx); }); },
        [this, self = QPointer<TrainingPane>(this)](JobManager::State state,
                                                    const QString &message) {
            if (!self)
                return;
            m_bridge->flush();
            m_probe->stop();
            m_jobId = 0;
            const QString stateText = state == JobManager::State::Succeeded   ? tr("finished")
                                      : state == JobManager::State::Cancelled ? tr("cancelled")
                                                                              : tr("failed");
            log(tr("Job %1%2. Event loop while it ran: %3.")
                    .arg(stateText, message.isEmpty() ? QString() : ": " + message,
                         m_probe->summary()));
            updateStatus();
            emit jobEnded(state, message, m_probe->maxStallMs());
        });
    updateStatus();
    emit jobStarted(dir, kind);
    return true;
}

void TrainingPane::cancel()
{
    if (!m_jobId)
        return;
    if (m_cancelToken)
        m_cancelToken->cancel();
    m_jobs->cancel(m_jobId);
    log(tr("Cancel requested: the job stops at the next step after saving a checkpoint."));
}

void TrainingPane::log(const QString &line)
{
    m_log->appendPlainText(QTime::currentTime().toString("HH:mm:ss ") + line);
}

void TrainingPane::updateStatus()
{
    const bool busy = m_jobId != 0;
    m_start->setEnabled(!busy && m_form->valid());
    m_resume->setEnabled(!busy && m_form->valid() && QDir(runDir()).exists());
    m_cancel->setEnabled(busy);
    m_form->setEnabled(!busy);
    QString text;
    if (m_series->totalSteps() > 0)
        text = tr("Step %1 / %2").arg(m_series->lastStep()).arg(m_series->totalSteps());
    if (!m_series->lastStage().isEmpty())
        text += tr(", stage %1").arg(m_series->lastStage());
    if (!m_series->decayPoints().empty())
        text += tr(", %1 decay points").arg(m_series->decayPoints().size());
    m_status->setText((busy ? tr("Running. ") : tr("Idle. ")) + text);
    if (m_probe->ticks() > 0)
        m_stall->setText(tr("Event loop: longest stall %1 ms, p99 %2 ms (goal under 50 ms)")
                             .arg(m_probe->maxStallMs(), 0, 'f', 1)
                             .arg(m_probe->percentileStallMs(0.99), 0, 'f', 1));
}

} // namespace itool::ui
