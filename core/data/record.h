#pragma once
// The one internal tool-use record every importer produces and every stage consumes.
// What it is not: a view of any external format (see the importers) or a training example
// (the chat template renders it into tokens).
#include "core/common/json.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itool::data {

enum class Role { System, User, Assistant, Tool };

// A tool call as it appears inside a conversation (an earlier assistant turn).
struct ConversationCall
{
    std::string name;
    Json arguments = Json::object(); // values as given, ints and floats distinct
    bool operator==(const ConversationCall &) const = default;
};

struct Message
{
    Role role = Role::User;
    std::string content;
    std::vector<ConversationCall> calls; // assistant turns that called tools
    std::string toolName;                // tool turns: which tool answered
    bool operator==(const Message &) const = default;
};

// One gold parameter: every acceptable value, as BFCL lists them. The empty string ""
// among them means the parameter may be omitted.
struct GoldParam
{
    std::string name;
    std::vector<Json> allowed;
    bool operator==(const GoldParam &) const = default;
    bool omittable() const;
};

struct GoldCall
{
    std::string name;
    std::vector<GoldParam> params; // in the order the gold lists them
    bool operator==(const GoldCall &) const = default;
};

enum class Category { None, Simple, Multiple, Parallel, ParallelMultiple };
enum class Difficulty { Unset, Easy, Medium, Hard };

struct SourceLocation
{
    std::string file;
    std::int64_t line = 0; // 1-based
    bool operator==(const SourceLocation &) const = default;
};

struct Record
{
    std::string id;
    // Normalised JSON schemas: {"name","description","parameters":{"type":"object",
    // "properties":{...},"required":[...]}} with JSON-schema type names (see ToolSchema).
    std::vector<Json> tools;
    std::vector<Message> conversation; // up to, not including, the answer
    std::vector<GoldCall> gold;        // empty: the right answer calls no tool
    Category category = Category::None;
    Difficulty difficulty = Difficulty::Unset;
    bool difficultyByPerson = false; // a person's choice; strategies never overwrite it
    std::string domain;              // e.g. "weather"; empty when unknown
    SourceLocation source;
    Json meta = Json::object(); // anything else a format carries, kept for round trips

    bool operator==(const Record &) const = default;
};

std::string_view toString(Role role);
std::optional<Role> roleFromString(std::string_view text);
std::string_view toString(Category category);
std::optional<Category> categoryFromString(std::string_view text);
std::string_view toString(Difficulty difficulty);
std::optional<Difficulty> difficultyFromString(std::string_view text);

// BFCL's category rule: several gold calls -> parallel, several tools -> multiple.
Category inferCategory(const Record &record);

} // namespace itool::data
