// The decay experiment runner (see decay_experiment.h).
#include "core/eval/decay_experiment.h"

#include "core/common/user_error.h"
#include "core/eval/decay_fractions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace itool::eval {

namespace fs = std::filesystem;
using pipeline::TrainingEvent;

std::int64_t DecayBudget::stepsFor(std::size_t records) const
{
    if (fixedSteps > 0)
        return fixedSteps;
    const double perStep = static_cast<double>(std::max<std::int64_t>(1, examplesPerStep));
    const auto steps = static_cast<std::int64_t>(
        std::ceil(epochs * static_cast<double>(records) / perStep - 1e-9));
    return std::max(minSteps, steps);
}

std::string pointDir(const DecayPlan &plan, const DecayPoint &point)
{
    return (fs::path(plan.runDir) / point.key()).string();
}

const std::vector<std::string> &decayResumableSpecFields()
{
    // Adding seeds, fractions or rounds adds points; descriptions, run folder and threads do
    // not change what a finished point measured.
    static const std::vector<std::string> fields{"description", "run_dir", "seeds",
                                                 "fractions",   "rounds",  "threads"};
    return fields;
}

void writeJsonFileAtomic(const std::string &path, const Json &json)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw UserError("cannot write " + tmp);
        out << json.dump(2) << "\n";
        out.close();
        if (!out)
            throw UserError("writing " + tmp + " failed (disk full?)");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec)
        throw UserError("cannot replace " + path + ": " + ec.message());
}

Json decayResultJson(const DecayPlan &plan, std::size_t trainRecords, std::size_t testRecords,
                     const std::vector<DecayPoint> &points, bool complete)
{
    Json pts = Json::array();
    for (const auto &p : points)
        pts.push_back(toJson(p));
    return Json{{"itool_result", "decay"},
                {"version", kDecayResultVersion},
                {"complete", complete},
                {"train_records", trainRecords},
                {"test_records", testRecords},
                {"fractions", plan.fractions},
                {"seeds", plan.seeds},
                {"budget",
                 plan.budget.fixedSteps > 0
                     ? Json{{"steps", plan.budget.fixedSteps},
                            {"examples_per_step", plan.budget.examplesPerStep}}
                     : Json{{"epochs", plan.budget.epochs},
                            {"examples_per_step", plan.budget.examplesPerStep},
                            {"min_steps", plan.budget.minSteps}}},
                {"spec", plan.spec},
                {"points", pts},
                {"summary", toJson(summariseDecay(points, plan.fractions))}};
}

std::vector<DecayPoint> readDecayPoints(const std::string &path, Json *storedSpec)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    Json j;
    try {
        j = Json::parse(text.str());
    } catch (const Json::exception &e) {
        throw UserError(path + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object() || j.value("itool_result", "") != "decay")
        throw UserError(path + ": not a decay result (\"itool_result\" must be \"decay\")");
    if (j.value("version", 0) != kDecayResultVersion)
        throw UserError(path + ": \"version\": this build reads version "
                        + std::to_string(kDecayResultVersion));
    if (!j.contains("points") || !j["points"].is_array())
        throw UserError(path + ": \"points\": expected a list");
    if (storedSpec)
        *storedSpec = j.value("spec", Json::object());
    std::vector<DecayPoint> points;
    for (std::size_t i = 0; i < j["points"].size(); ++i)
        points.push_back(
            decayPointFromJson(j["points"][i], path + ": \"points\"[" + std::to_string(i) + "]"));
    return points;
}

namespace {

void checkSameSpec(const Json &stored, const Json &now, const std::string &path)
{
    const auto &free = decayResumableSpecFields();
    auto differs = [&](const std::string &key) {
        if (std::find(free.begin(), free.end(), key) != free.end())
            return false;
        const bool a = stored.contains(key), b = now.contains(key);
        return a != b || (a && stored.at(key) != now.at(key));
    };
    for (auto it = now.begin(); it != now.end(); ++it)
        if (differs(it.key()))
            throw UserError(path + ": the spec's \"" + it.key()
                            + "\" differs from the one this run began with; finished points would "
                              "not be comparable "
                              "(start a new run_dir, or restore the field)");
    for (auto it = stored.begin(); it != stored.end(); ++it)
        if (differs(it.key()))
            throw UserError(path + ": the spec's \"" + it.key()
                            + "\" was removed since this run began");
}

class Emitter
{
public:
    Emitter(pipeline::EventSink *sink)
        : m_sink(sink)
    {
    }
    void log(const std::string &text) const
    {
        if (!m_sink)
            return;
        TrainingEvent e;
        e.kind = TrainingEvent::Kind::Log;
        e.stage = "decay";
        e.message = text;
        m_sink->onEvent(e);
    }
    void point(const DecayPoint &p, std::int64_t done, std::int64_t total) const
    {
        if (!m_sink)
            return;
        TrainingEvent e;
        e.kind = TrainingEvent::Kind::Eval;
        e.stage = p.key();
        e.step = done;
        e.totalSteps = total;
        e.value = p.metrics.overall.accuracy();
        e.message = toJson(p).dump(); // the decay.json point, for live plots
        m_sink->onEvent(e);
    }

private:
    pipeline::EventSink *m_sink;
};

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The round models of an iTool run folder, by round: checkpoints/round-<k>/ (the layout of
// `itool run`) or round-<k>/model/, each counted once it holds a config.json.
std::vector<std::pair<int, std::string>> roundModels(const std::string &dir)
{
    std::map<int, std::string> found;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec))
        return {};
    static const std::regex name("round-([0-9]+)");
    auto scan = [&](const fs::path &parent, const char *inner) {
        if (!fs::is_directory(parent, ec))
            return;
        for (const auto &entry : fs::directory_iterator(parent, ec)) {
            std::smatch m;
            const std::string base = entry.path().filename().string();
            const fs::path model = inner[0] ? entry.path() / inner : entry.path();
            if (entry.is_directory() && std::regex_match(base, m, name)
                && fs::exists(model / "config.json"))
                found.emplace(std::stoi(m[1]), model.string());
        }
    };
    scan(fs::path(dir) / "checkpoints", "");
    scan(fs::path(dir), "model");
    return {found.begin(), found.end()};
}

} // namespace

DecayRunResult runDecayExperiment(const DecayPlan &plan, const std::vector<data::Record> &train,
                                  const std::vector<data::Record> &test, DecayBackend &backend,
                                  bool resume, pipeline::EventSink *events,
                                  const pipeline::CancelToken *cancel)
{
    checkFractions(plan.fractions);
    if (plan.seeds.empty())
        throw UserError("seeds: expected at least one seed");
    if (train.empty())
        throw UserError("decay: no training records");
    if (test.empty())
        throw UserError("decay: no test records");
    const Emitter emit(events);
    DecayRunResult result;
    result.trainRecords = train.size();
    result.testRecords = test.size();
    const fs::path runDir(plan.runDir);
    fs::create_directories(runDir);
    const std::string resultPath = (runDir / kDecayResultFile).string();
    result.resultPath = resultPath;

    // Finished points by key; a resumed run re-labels their fraction index against this
    // spec's fractions (fractions may have been added).
    std::map<std::string, DecayPoint> finished;
    if (fs::exists(resultPath)) {
        Json storedSpec;
        auto stored = readDecayPoints(resultPath, &storedSpec);
        if (!resume && !stored.empty())
            throw UserError(
                resultPath + " already holds " + std::to_string(stored.size())
                + " finished points; pass --resume to continue it, or choose another run_dir");
        if (resume)
            checkSameSpec(storedSpec, plan.spec, resultPath);
        for (auto &p : stored) {
            if (p.kind == "sft") {
                auto it = std::find(plan.fractions.begin(), plan.fractions.end(), p.fraction);
                if (it == plan.fractions.end())
                    continue; // a fraction no longer asked for: dropped from this run's results
                p.fractionIndex = static_cast<std::size_t>(it - plan.fractions.begin());
            }
            finished[p.key()] = p;
        }
    }

    std::vector<DecayPoint> points;
    for (const auto &[key, p] : finished)
        points.push_back(p);
    auto save = [&](bool complete) {
        writeJsonFileAtomic(resultPath,
                            decayResultJson(plan, train.size(), test.size(), points, complete));
    };
    auto appendMetrics = [&](const DecayPoint &p) {
        std::ofstream out(runDir / kDecayMetricsFile, std::ios::app);
        out << toJson(p).dump() << "\n";
    };

    if (!plan.rounds.spec.empty() && plan.fractions.back() != 1.0)
        throw UserError("rounds: the rounds start from the full-data model, so the last fraction must be 1");
    if (!plan.rounds.spec.empty()
        && std::find(plan.seeds.begin(), plan.seeds.end(), plan.rounds.seed) == plan.seeds.end())
        throw UserError("rounds: seed " + std::to_string(plan.rounds.seed) + " is not one of the experiment's seeds");
    const auto rounds = roundModels(plan.rounds.runDir);
    // Rounds run by the experiment are counted once they exist (their number is the run spec's).
    std::int64_t total
        = static_cast<std::int64_t>(plan.seeds.size() * plan.fractions.size() + rounds.size());
    std::int64_t done = static_cast<std::int64_t>(points.size());
    save(false);
    emit.log("decay: " + std::to_string(train.size()) + " training records, "
             + std::to_string(test.size()) + " test records, "
             + std::to_string(plan.fractions.size()) + " fractions x "
             + std::to_string(plan.seeds.size()) + " seeds; " + std::to_string(finished.size())
             + " points already done");

    auto land = [&](DecayPoint p) {
        points.push_back(p);
        ++done;
        ++result.done;
        save(false);
        appendMetrics(p);
        emit.point(p, done, total);
    };

    // A round's model becomes a point: evaluated on the same test set, placed at the compute
    // the rounds added since the full-data model.
    auto landRound = [&](const RoundModel &m, std::uint64_t seed) {
        DecayPoint p;
        p.kind = "round";
        p.method = m.method;
        p.round = m.round;
        p.fraction = 1.0;
        p.seed = seed;
        p.records = static_cast<std::int64_t>(train.size());
        p.modelDir = m.modelDir;
        p.computeTokens = m.computeTokens;
        if (finished.count(p.key())) {
            ++result.skipped;
            return true;
        }
        if (cancel && cancel->cancelled())
            return false;
        emit.log((m.method == "itool" ? "iTool round " : "continued-SFT round ") + std::to_string(m.round)
                 + ": evaluating " + m.modelDir);
        const auto evalStart = std::chrono::steady_clock::now();
        auto evaluation = backend.evaluateRound(m, test, pointDir(plan, p));
        p.metrics = std::move(evaluation.metrics);
        p.outcomes = std::move(evaluation.outcomes);
        p.evalSeconds = secondsSince(evalStart);
        land(p);
        return true;
    };

    for (std::uint64_t seed : plan.seeds) {
        const auto subsets = nestedSubsets(train.size(), plan.fractions, seed);
        for (std::size_t fi = 0; fi < plan.fractions.size(); ++fi) {
            DecayPoint p;
            p.kind = "sft";
            p.fractionIndex = fi;
            p.fraction = plan.fractions[fi];
            p.seed = seed;
            if (finished.count(p.key())) {
                ++result.skipped;
                continue;
            }
            if (cancel && cancel->cancelled()) {
                result.cancelled = true;
                break;
            }
            std::vector<data::Record> subset;
            subset.reserve(subsets[fi].size());
            for (std::size_t i : subsets[fi])
                subset.push_back(train[i]);
            p.records = static_cast<std::int64_t>(subset.size());
            const std::int64_t steps = plan.budget.stepsFor(subset.size());
            emit.log("point " + p.key() + ": training on " + std::to_string(subset.size())
                     + " records for " + std::to_string(steps) + " steps");
            const auto start = std::chrono::steady_clock::now();
            const auto trained = backend.train(subset, seed, steps, pointDir(plan, p), resume);
            if (trained.cancelled || trained.modelDir.empty()) {
                result.cancelled = true;
                break;
            }
            p.trainSeconds = secondsSince(start);
            p.steps = trained.steps;
            p.modelDir = trained.modelDir;
            p.computeTokens = trained.computeTokens;
            const auto evalStart = std::chrono::steady_clock::now();
            auto evaluation = backend.evaluate(trained.modelDir, test, pointDir(plan, p));
            p.metrics = std::move(evaluation.metrics);
            p.outcomes = std::move(evaluation.outcomes);
            p.evalSeconds = secondsSince(evalStart);
            land(p);
        }
        if (result.cancelled)
            break;
        // The rounds start from this seed's full-data model as soon as it exists, so that
        // their figures come before the other seeds' curves.
        if (!plan.rounds.spec.empty() && seed == plan.rounds.seed) {
            DecayPoint full;
            full.fractionIndex = plan.fractions.size() - 1;
            full.fraction = 1.0;
            full.seed = seed;
            std::string fullModel;
            for (const auto &p : points)
                if (p.kind == "sft" && p.key() == full.key())
                    fullModel = p.modelDir;
            emit.log("rounds: starting from " + fullModel);
            const auto models
                = backend.runRounds(fullModel, seed, (runDir / ("rounds-s" + std::to_string(seed))).string());
            if (cancel && cancel->cancelled()) {
                result.cancelled = true;
                break;
            }
            total += static_cast<std::int64_t>(models.size());
            for (const auto &m : models)
                if (!landRound(m, seed)) {
                    result.cancelled = true;
                    break;
                }
            if (result.cancelled)
                break;
        }
    }

    if (!result.cancelled) {
        for (const auto &[round, modelDir] : rounds) {
            RoundModel m;
            m.round = round;
            m.modelDir = modelDir;
            if (!landRound(m, plan.rounds.seed)) {
                result.cancelled = true;
                break;
            }
        }
        if (!plan.rounds.runDir.empty() && rounds.empty())
            emit.log("rounds: no round-<k>/model folder in " + plan.rounds.runDir + " yet");
    }

    save(!result.cancelled);
    result.points = points;
    result.summary = summariseDecay(points, plan.fractions);
    return result;
}

} // namespace itool::eval
