#pragma once
// Every itool command registers itself here from its own file (one command per file), so
// adding a command touches nothing else.
#include "app/cli/command_line.h"

#include <functional>
#include <vector>

namespace itool::cli {

// Runs the command; returns the exit code. Throw UserError for bad input (exit 1).
using CommandRun = std::function<int(const CommandLine &)>;

struct Command
{
    CommandSpec spec;
    CommandRun run;
};

std::vector<Command> &commandRegistry();

struct CommandRegistrar
{
    CommandRegistrar(CommandSpec spec, CommandRun run);
};

// Prints the --json summary as the last line of stdout.
void printJsonSummary(const std::string &compactJson);

} // namespace itool::cli
