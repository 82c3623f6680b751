// itool: the headless command line. Dispatches to the commands in this folder.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace itool::cli {

std::vector<Command> &commandRegistry()
{
    static std::vector<Command> registry;
    return registry;
}

CommandRegistrar::CommandRegistrar(CommandSpec spec, CommandRun run)
{
    commandRegistry().push_back(Command{std::move(spec), std::move(run)});
}

void printJsonSummary(const std::string &compactJson)
{
    std::cout << compactJson << std::endl;
}

} // namespace itool::cli

namespace {

void printOverview()
{
    auto commands = itool::cli::commandRegistry();
    std::sort(commands.begin(), commands.end(),
              [](const auto &a, const auto &b) { return a.spec.name < b.spec.name; });
    std::cout << "itool " << ITOOL_VERSION
              << ": the iTool Workbench engine on the command line.\n\nUsage: itool COMMAND [OPTIONS]\n\nCommands:\n";
    for (const auto &c : commands) {
        std::string left = "  " + c.spec.name;
        std::cout << left << std::string(left.size() < 24 ? 24 - left.size() : 1, ' ') << c.spec.summary << "\n";
    }
    std::cout << "\nRun 'itool COMMAND --help' for a command's options.\n";
}

// Longest registered name that prefixes the arguments ("bench checker" beats "bench").
const itool::cli::Command *findCommand(const std::vector<std::string> &args, std::size_t &consumed)
{
    const itool::cli::Command *best = nullptr;
    std::size_t bestWords = 0;
    for (const auto &command : itool::cli::commandRegistry()) {
        std::vector<std::string> words;
        std::string word;
        for (char c : command.spec.name + " ") {
            if (c == ' ') {
                if (!word.empty())
                    words.push_back(word);
                word.clear();
            } else {
                word += c;
            }
        }
        if (words.size() > args.size() || words.size() <= bestWords)
            continue;
        if (std::equal(words.begin(), words.end(), args.begin())) {
            best = &command;
            bestWords = words.size();
        }
    }
    consumed = bestWords;
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printOverview();
        return args.empty() ? 1 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "itool " << ITOOL_VERSION << "\n";
        return 0;
    }
    std::size_t consumed = 0;
    const itool::cli::Command *command = findCommand(args, consumed);
    if (!command) {
        std::cerr << "itool: unknown command '" << args[0] << "' (run 'itool --help' for the list)\n";
        return 1;
    }
    try {
        itool::cli::CommandLine line(command->spec, {args.begin() + consumed, args.end()});
        if (line.wantsHelp()) {
            std::cout << itool::cli::helpText(command->spec);
            return 0;
        }
        return command->run(line);
    } catch (const itool::UserError &error) {
        std::cout.flush();
        std::cerr << error.what() << "\n";
        return 1;
    } catch (const std::exception &error) {
        std::cout.flush();
        std::cerr << "itool " << command->spec.name << ": internal error: " << error.what() << "\n";
        return 2;
    } catch (...) {
        std::cerr << "itool " << command->spec.name << ": internal error (unknown exception)\n";
        return 2;
    }
}
