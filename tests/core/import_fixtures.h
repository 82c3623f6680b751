#pragma once
// Small hand-made items of every importable format, built as JSON values (no raw strings:
// moc mis-reads some), shared by the import robustness and export tests.
#include "core/common/json.h"
#include "core/data/importer.h"

#include <string>
#include <vector>

namespace itool::testing {

inline Json weatherToolSchema()
{
    return Json{{"name", "get_weather"},
                {"description", "Current weather"},
                {"parameters", Json{{"type", "dict"},
                                    {"properties", Json{{"city", Json{{"type", "string"}}},
                                                        {"days", Json{{"type", "integer"}}}}},
                                    {"required", Json::array({"city"})}}}};
}

inline Json nativeItem()
{
    return Json{
        {"id", "n1"},
        {"tools", Json::array({Json{
                      {"name", "get_weather"},
                      {"description", "w"},
                      {"parameters", Json{{"type", "object"},
                                          {"properties", Json{{"city", Json{{"type", "string"}}}}},
                                          {"required", Json::array({"city"})}}}}})},
        {"conversation", Json::array({Json{{"role", "user"}, {"content", "Weather in Oslo?"}}})},
        {"gold", Json::array({Json{{"name", "get_weather"},
                                   {"arguments", Json{{"city", Json::array({"Oslo", "oslo"})}}}}})},
        {"category", "simple"}};
}

inline Json bfclQuestion(const std::string &id)
{
    return Json{{"id", id},
                {"question", Json::array({Json::array({Json{
                                 {"role", "user"}, {"content", "Weather in Oslo for 3 days?"}}})})},
                {"function", Json::array({weatherToolSchema()})}};
}

inline Json bfclAnswer(const std::string &id)
{
    return Json{{"id", id},
                {"ground_truth",
                 Json::array({Json{{"get_weather", Json{{"city", Json::array({"Oslo"})},
                                                        {"days", Json::array({3, ""})}}}}})}};
}

inline Json xlamItem()
{
    Json tools = Json::array(
        {Json{{"name", "get_weather"},
              {"description", "w"},
              {"parameters", Json{{"city", Json{{"type", "str"}, {"description", "c"}}},
                                  {"days", Json{{"type", "int, optional"}, {"default", 1}}}}}}});
    Json answers = Json::array(
        {Json{{"name", "get_weather"}, {"arguments", Json{{"city", "Oslo"}, {"days", 3}}}}});
    return Json{{"id", 11},
                {"query", "Weather in Oslo for 3 days?"},
                {"tools", tools.dump()},
                {"answers", answers.dump()}};
}

inline Json shareGptItem()
{
    return Json{
        {"conversations",
         Json::array(
             {Json{{"from", "human"}, {"value", "Weather in Oslo?"}},
              Json{{"from", "function_call"},
                   {"value",
                    Json{{"name", "get_weather"}, {"arguments", Json{{"city", "Oslo"}}}}.dump()}},
              Json{{"from", "observation"}, {"value", "{\"temp\": 3}"}},
              Json{{"from", "gpt"}, {"value", "3 degrees."}}})},
        {"system", "You help."},
        {"tools", Json::array({weatherToolSchema()}).dump()}};
}

inline Json openAiItem()
{
    return Json{
        {"messages",
         Json::array({Json{{"role", "user"}, {"content", "Weather in Oslo?"}},
                      Json{{"role", "assistant"},
                           {"content", nullptr},
                           {"tool_calls",
                            Json::array({Json{
                                {"id", "a"},
                                {"type", "function"},
                                {"function", Json{{"name", "get_weather"},
                                                  {"arguments", "{\"city\": \"Oslo\"}"}}}}})}}})},
        {"tools", Json::array({Json{{"type", "function"}, {"function", weatherToolSchema()}}})}};
}

inline Json toolAceItem()
{
    return Json{
        {"system", "Here is a list of functions in JSON format that you can invoke:\n"
                       + Json::array({weatherToolSchema()}).dump() + ".\nReply with calls."},
        {"conversations", Json::array({Json{{"from", "user"}, {"value", "Weather in Oslo?"}},
                                       Json{{"from", "assistant"},
                                            {"value", "[get_weather(city='Oslo', days=3)]"}}})}};
}

inline Json apiBankItem()
{
    const std::string description
        = Json{{"name", "GetWeather"},
               {"description", "w"},
               {"input_parameters", Json{{"city", Json{{"type", "str"}, {"description", "c"}}},
                                         {"cities", Json{{"type", "list"}, {"description", "l"}}}}},
               {"output_parameters", Json{{"temp", Json{{"type", "int"}, {"description", "t"}}}}}}
              .dump();
    return Json{{"file", "GetWeather-level-1-1.jsonl"},
                {"id", 0},
                {"instruction",
                 "\nGenerate an API request.\nThe current year is 2023.\n\nAPI descriptions:\n"
                     + description},
                {"input", "User: Weather in Oslo?\nAI: Let me check.\nGenerate API Request:\n"},
                {"expected_output", "API-Request: [GetWeather(city='Oslo')]"}};
}

inline Json sealQueryItem()
{
    return Json{{"id", "test-easy-0"},
                {"query", "Weather in Oslo?"},
                {"calling", Json::array({Json{{"api", "getWeather"},
                                              {"parameters", Json{{"city", "Oslo"}}},
                                              {"responses", Json::array({"API_call_0"})}}})}};
}

inline Json sealToolItem()
{
    return Json{{"api_name", "getWeather"},
                {"api_description", "w"},
                {"field", "Weather/Forecast"},
                {"parameters", Json{{"city", Json{{"type", "str"}, {"description", "c"}}}}},
                {"required", Json::array({"city"})},
                {"responses", Json{{"temp", Json{{"type", "int"}, {"description", "t"}}}}}};
}

} // namespace itool::testing
