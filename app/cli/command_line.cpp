#include "app/cli/command_line.h"

#include "core/common/user_error.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace itool::cli {

namespace {

const OptionSpec kHelp{"help", "", "show this help and exit", false};
const OptionSpec kJson{"json", "", "print a machine-readable summary as the last line of stdout", false};

const OptionSpec *findOption(const CommandSpec &spec, const std::string &name)
{
    if (name == "help")
        return &kHelp;
    if (name == "json")
        return &kJson;
    auto it = std::find_if(spec.options.begin(), spec.options.end(),
                           [&](const OptionSpec &o) { return o.name == name; });
    return it == spec.options.end() ? nullptr : &*it;
}

} // namespace

CommandLine::CommandLine(const CommandSpec &spec, const std::vector<std::string> &args)
    : m_spec(spec)
{
    bool onlyPositionals = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (onlyPositionals || arg.size() < 2 || arg.rfind("--", 0) != 0) {
            if (!onlyPositionals && arg.size() > 1 && arg[0] == '-' && arg != "-")
                throw UserError("itool " + spec.name + ": unknown option '" + arg
                                + "' (options are written --name; see --help)");
            m_positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            onlyPositionals = true;
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptionSpec *option = findOption(spec, name);
        if (!option)
            throw UserError("itool " + spec.name + ": unknown option '--" + name + "' (see itool "
                            + spec.name + " --help)");
        if (option->valueName.empty()) {
            if (inlineValue)
                throw UserError("itool " + spec.name + ": --" + name + " takes no value");
            m_values[name].push_back("");
            continue;
        }
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else {
            if (i + 1 >= args.size())
                throw UserError("itool " + spec.name + ": --" + name + " needs a value ("
                                + option->valueName + ")");
            value = args[++i];
        }
        auto &slot = m_values[name];
        if (!slot.empty() && !option->repeatable)
            throw UserError("itool " + spec.name + ": --" + name + " given more than once");
        slot.push_back(value);
    }
}

bool CommandLine::has(const std::string &name) const { return m_values.count(name) > 0; }

std::optional<std::string> CommandLine::value(const std::string &name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::string CommandLine::valueOr(const std::string &name, const std::string &fallback) const
{
    return value(name).value_or(fallback);
}

std::string CommandLine::required(const std::string &name) const
{
    auto v = value(name);
    if (!v)
        throw UserError("itool " + m_spec.name + ": --" + name + " is required (see itool "
                        + m_spec.name + " --help)");
    return *v;
}

std::vector<std::string> CommandLine::values(const std::string &name) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

long long CommandLine::intValue(const std::string &name, long long fallback) const
{
    auto v = value(name);
    if (!v)
        return fallback;
    long long result = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), result);
    if (ec != std::errc() || end != v->data() + v->size())
        throw UserError("itool " + m_spec.name + ": --" + name + " expects an integer, got '" + *v + "'");
    return result;
}

double CommandLine::doubleValue(const std::string &name, double fallback) const
{
    auto v = value(name);
    if (!v)
        return fallback;
    try {
        std::size_t used = 0;
        double result = std::stod(*v, &used);
        if (used == v->size())
            return result;
    } catch (const std::exception &) {
    }
    throw UserError("itool " + m_spec.name + ": --" + name + " expects a number, got '" + *v + "'");
}

std::string helpText(const CommandSpec &spec)
{
    std::ostringstream out;
    out << "Usage: itool " << spec.name;
    if (!spec.usage.empty())
        out << ' ' << spec.usage;
    out << " [--json]\n\n" << spec.summary << "\n";
    if (!spec.details.empty())
        out << "\n" << spec.details << "\n";
    out << "\nOptions:\n";
    auto print = [&](const OptionSpec &o) {
        std::string left = "  --" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
        out << left;
        out << std::string(left.size() < 30 ? 30 - left.size() : 1, ' ') << o.help
            << (o.repeatable ? " (repeatable)" : "") << "\n";
    };
    for (const OptionSpec &o : spec.options)
        print(o);
    print(kJson);
    print(kHelp);
    out << "\nExit status: 0 success, 1 user error (message on stderr), 2 internal error.\n";
    return out.str();
}

} // namespace itool::cli
