#include "core/data/request_generator.h"

#include "core/common/usable_cores.h"
#include "core/data/native_format.h"
#include "core/data/request_phrasing.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace itool::data {

namespace synth {

const std::vector<IntentEntry> &singleCallIntents()
{
    static const std::vector<IntentEntry> intents = [] {
        std::vector<IntentEntry> all;
        addTravelIntents(all);
        addMoneyIntents(all);
        addEverydayIntents(all);
        return all;
    }();
    return intents;
}

} // namespace synth

namespace {

using namespace synth;

const char *const kConnectors[] = {"Also, ", "And ", "Then ", "After that, ", "Oh, and ", "Plus, "};

std::string systemPrompt(Context &c)
{
    const std::string today = c.today.longText();
    switch (c.r.below(4)) {
    case 0:
        return "You are a helpful assistant with access to tools. Today is " + today + ".";
    case 1:
        return "You are a personal assistant. Use the tools when they help. The current date is "
               + today + ".";
    case 2:
        return "Today's date: " + today + ". Answer the user, calling functions when needed.";
    default:
        return "You can call the functions below to help the user. It is " + today + " today.";
    }
}

// Gold parameters in schema order; optional parameters the request leaves out may be
// omitted ("") or given their default.
GoldCall goldOf(const DraftCall &call, const ToolDefinition &tool)
{
    GoldCall gold{call.tool, {}};
    const Json &properties = tool.schema["parameters"]["properties"];
    const Json &required = tool.schema["parameters"]["required"];
    for (const auto &[name, schema] : properties.items()) {
        GoldParam param{name, {}};
        for (const auto &[setName, values] : call.allowed)
            if (setName == name)
                param.allowed = values;
        const bool isRequired = std::find(required.begin(), required.end(), name) != required.end();
        if (param.allowed.empty()) {
            if (isRequired)
                throw std::logic_error("generator left required parameter " + call.tool + "." + name
                                       + " unset");
            if (schema.contains("default"))
                param.allowed.push_back(schema["default"]);
            param.allowed.push_back("");
        } else if (!isRequired && schema.contains("default")
                   && std::find(param.allowed.begin(), param.allowed.end(), Json(""))
                          == param.allowed.end()
                   && param.allowed.front() == schema["default"]) {
            param.allowed.push_back(""); // saying the default is the same as leaving it out
        }
        gold.params.push_back(std::move(param));
    }
    return gold;
}

bool sameCall(const DraftCall &a, const DraftCall &b)
{
    return a.tool == b.tool && a.arguments == b.arguments;
}

void joinRequest(Context &c, Draft &into, const Draft &part)
{
    into.text += " "
                 + std::string(c.r.pick(
                     std::vector<const char *>(std::begin(kConnectors), std::end(kConnectors))))
                 + decapitalised(part.text);
    for (const DraftCall &k : part.calls)
        into.calls.push_back(k);
}

} // namespace

RequestGenerator::RequestGenerator(std::uint64_t seed, CategoryMix mix, const ToolCatalog &catalog)
    : m_seed(seed)
    , m_mix(mix)
    , m_catalog(catalog)
    , m_simulator(catalog)
{
    for (const IntentEntry &e : singleCallIntents())
        if (!m_catalog.find(e.tool))
            throw std::logic_error(std::string("intent for unknown tool ") + e.tool);
}

Record RequestGenerator::generate(std::uint64_t index) const
{
    std::uint64_t mixer = m_seed * 0x9e3779b97f4a7c15ULL ^ (index + 0x632be59bd9b4e019ULL);
    RandomStream r(RandomStream::splitMix(mixer));
    // "Today" anywhere in 2025-2027, so relative dates cross months and years.
    const CivilDate today
        = CivilDate::fromDays(CivilDate{2025, 1, 1}.toDays() + static_cast<long>(r.below(3 * 365)));
    Context c(r, today);
    const std::string system = systemPrompt(c);
    const auto &intents = singleCallIntents();

    const double total
        = m_mix.none + m_mix.simple + m_mix.multiple + m_mix.parallel + m_mix.parallelMultiple;
    double roll = r.unit() * total;
    Category category = Category::None;
    for (auto [share, cat] :
         {std::pair{m_mix.none, Category::None}, std::pair{m_mix.simple, Category::Simple},
          std::pair{m_mix.multiple, Category::Multiple},
          std::pair{m_mix.parallel, Category::Parallel},
          std::pair{m_mix.parallelMultiple, Category::ParallelMultiple}}) {
        category = cat;
        if (roll < share)
            break;
        roll -= share;
    }

    Draft d;
    std::vector<std::string> offered;
    auto offer = [&](const std::string &name) {
        if (std::find(offered.begin(), offered.end(), name) == offered.end())
            offered.push_back(name);
    };
    auto offerDistractors = [&](int count, bool lookAlikes) {
        if (lookAlikes) {
            for (const DraftCall &k : d.calls)
                for (const std::string &alike : m_catalog.find(k.tool)->lookAlikes)
                    if (std::find(offered.begin(), offered.end(), alike) == offered.end()) {
                        offer(alike);
                        c.need(kLookAlike);
                        --count;
                        break;
                    }
        }
        for (int guard = 0; count > 0 && guard < 20; ++guard) {
            const std::string &name = r.pick(m_catalog.tools()).name();
            if (std::find(offered.begin(), offered.end(), name) == offered.end()) {
                offer(name);
                --count;
            }
        }
    };

    switch (category) {
    case Category::None:
        for (const std::string &t : draftNoCall(c, d, m_catalog, m_simulator))
            offer(t);
        if (r.chance(0.5))
            offerDistractors(r.range(1, 2), false);
        break;
    case Category::Simple:
    case Category::Multiple: {
        const bool chain = r.chance(category == Category::Multiple ? 0.3 : 0.1);
        if (chain)
            draftChain(c, d, m_simulator);
        else
            r.pick(intents).draft(c, d);
        offer(d.calls.front().tool);
        for (const std::string &t : d.usedTools)
            offer(t);
        if (category == Category::Multiple || offered.size() > 1)
            offerDistractors(r.range(1, 2), r.chance(0.6));
        break;
    }
    case Category::Parallel: {
        const IntentEntry &entry = r.pick(intents);
        if (r.chance(0.25)
            && draftListForm(c, d,
                             r.pick({"get_current_weather", "get_stock_price", "translate_text"})))
            ; // drafted as one list sentence
        else {
            entry.draft(c, d);
            const int extra = r.range(1, 2);
            for (int i = 0, guard = 0; i < extra && guard < 10; ++guard) {
                Draft more;
                const std::vector<std::string> reasoningBefore = c.reasoning;
                entry.draft(c, more);
                // Parallel calls differ in their first argument: no "lock the door" and
                // "unlock the door" in one request, no near-duplicate routes.
                if (std::any_of(d.calls.begin(), d.calls.end(),
                                [&](const DraftCall &k) {
                                    return sameCall(k, more.calls.front())
                                           || k.arguments.begin().value()
                                                  == more.calls.front().arguments.begin().value();
                                })
                    || (guard < 6 && more.text.compare(0, 12, d.text, 0, 12) == 0)) {
                    c.reasoning = reasoningBefore; // a discarded draft needs nothing
                    continue; // (also: prefer a different phrasing for the next request)
                }

                joinRequest(c, d, more);
                ++i;
            }
        }
        offer(d.calls.front().tool);
        break;
    }
    case Category::ParallelMultiple: {
        const int n = r.range(2, 3);
        r.pick(intents).draft(c, d);
        for (int guard = 0; static_cast<int>(d.calls.size()) < n && guard < 10; ++guard) {
            Draft more;
            const IntentEntry &entry = r.pick(intents);
            if (std::any_of(d.calls.begin(), d.calls.end(),
                            [&](const DraftCall &k) { return k.tool == entry.tool; }))
                continue;
            entry.draft(c, more);
            joinRequest(c, d, more);
        }
        for (const DraftCall &k : d.calls)
            offer(k.tool);
        if (r.chance(0.5))
            offerDistractors(r.range(1, 2), r.chance(0.5));
        break;
    }
    }
    r.shuffle(offered);

    Record record;
    record.id = "synth-" + std::to_string(m_seed) + "-" + std::to_string(index + 1);
    for (const std::string &name : offered)
        record.tools.push_back(m_catalog.find(name)->schema);
    record.conversation.push_back(Message{Role::System, system, {}, {}});
    for (Message &m : d.history)
        record.conversation.push_back(std::move(m));
    record.conversation.push_back(Message{Role::User, d.text, {}, {}});
    for (const DraftCall &k : d.calls)
        record.gold.push_back(goldOf(k, *m_catalog.find(k.tool)));
    record.category = inferCategory(record);
    if (!d.calls.empty())
        record.domain = m_catalog.find(d.calls.front().tool)->domain;
    else
        record.domain = offered.empty() ? std::string() : m_catalog.find(offered.front())->domain;
    record.source = SourceLocation{"synthetic:seed=" + std::to_string(m_seed),
                                   static_cast<std::int64_t>(index + 1)};
    std::sort(c.reasoning.begin(), c.reasoning.end());
    record.meta = Json{{"generator", kGeneratorName},
                       {"seed", m_seed},
                       {"today", today.iso()},
                       {"reasoning", c.reasoning}};
    return record;
}

GenerateSummary writeGeneratedRecords(std::ostream &out, std::uint64_t count, std::uint64_t seed,
                                      const std::function<void(std::uint64_t)> &progress,
                                      unsigned threads)
{
    // Record i depends only on (seed, i), so blocks are generated on all cores and written
    // in index order: the bytes do not depend on the number of threads.
    constexpr std::uint64_t kBlock = 4096;
    const RequestGenerator generator(seed);
    const unsigned workers
        = threads > 0 ? threads : std::min(8u, usableCores());
    GenerateSummary summary;
    std::vector<GenerateSummary> partial(workers);
    std::vector<std::string> lines;
    std::uint64_t reported = 0;
    for (std::uint64_t begin = 0; begin < count; begin += kBlock) {
        const std::uint64_t end = std::min(count, begin + kBlock);
        lines.assign(end - begin, std::string());
        auto work = [&](unsigned w) {
            for (std::uint64_t i = begin + w; i < end; i += workers) {
                const Record record = generator.generate(i);
                std::string &line = lines[i - begin];
                line = recordToJson(record).dump(-1, ' ', false, Json::error_handler_t::strict);
                line += '\n';
                GenerateSummary &p = partial[w];
                ++p.byCategory[std::string(toString(record.category))];
                ++p.byDomain[record.domain];
                for (const Json &kind : record.meta["reasoning"])
                    ++p.byReasoning[kind.get<std::string>()];
            }
        };
        std::vector<std::thread> threads;
        for (unsigned w = 1; w < workers; ++w)
            threads.emplace_back(work, w);
        work(0);
        for (std::thread &t : threads)
            t.join();
        for (const std::string &line : lines) {
            out.write(line.data(), static_cast<std::streamsize>(line.size()));
            summary.bytes += line.size();
        }
        summary.records = end;
        if (progress && end / 10000 > reported) {
            reported = end / 10000;
            progress(end);
        }
    }
    for (const GenerateSummary &p : partial) {
        for (const auto &[k, v] : p.byCategory)
            summary.byCategory[k] += v;
        for (const auto &[k, v] : p.byDomain)
            summary.byDomain[k] += v;
        for (const auto &[k, v] : p.byReasoning)
            summary.byReasoning[k] += v;
    }
    return summary;
}

} // namespace itool::data
