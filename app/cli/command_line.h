#pragma once
// Argument parsing for the itool commands: flags, options with values, repeated options and
// positionals, plus the help text. Every command gets --help and --json for free.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace itool::cli {

struct OptionSpec
{
    std::string name;        // without the leading dashes, e.g. "out"
    std::string valueName;   // empty for a flag, e.g. "FILE"
    std::string help;
    bool repeatable = false;
};

struct CommandSpec
{
    std::string name;     // "import", or "bench checker" for a sub-command
    std::string summary;  // one line for the command list
    std::string usage;    // e.g. "FILE... --out RECORDS.jsonl"
    std::string details;  // further paragraphs for --help
    std::vector<OptionSpec> options;
};

class CommandLine
{
public:
    // Throws UserError on an unknown option or a missing value.
    CommandLine(const CommandSpec &spec, const std::vector<std::string> &args);

    bool has(const std::string &name) const;
    std::optional<std::string> value(const std::string &name) const;
    std::string valueOr(const std::string &name, const std::string &fallback) const;
    std::string required(const std::string &name) const; // throws UserError when absent
    std::vector<std::string> values(const std::string &name) const;
    long long intValue(const std::string &name, long long fallback) const;
    double doubleValue(const std::string &name, double fallback) const;
    const std::vector<std::string> &positionals() const { return m_positionals; }

    bool wantsHelp() const { return has("help"); }
    bool wantsJson() const { return has("json"); }

private:
    const CommandSpec &m_spec;
    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_positionals;
};

std::string helpText(const CommandSpec &spec);

} // namespace itool::cli
