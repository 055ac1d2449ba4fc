// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/messages.h"

namespace kubelab::core {

namespace {

std::string valueText(const Json& value, Language language)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_object() && value.contains("messageKey") && value["messageKey"].is_string())
        return formatMessage(value["messageKey"].get<std::string>(), value, language);
    if (value.is_null())
        return "";
    return value.dump();
}

} // namespace

const MessageTemplate* findMessage(std::string_view key)
{
    for (const MessageTemplate& m : kMessages)
        if (m.key == key)
            return &m;
    return nullptr;
}

std::vector<std::string> placeholdersOf(std::string_view text)
{
    std::vector<std::string> names;
    for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
        std::size_t close = text.find('}', open + 1);
        if (close == std::string_view::npos)
            break;
        names.emplace_back(text.substr(open + 1, close - open - 1));
    }
    return names;
}

std::string formatMessage(std::string_view key, const Json& data, Language language)
{
    const MessageTemplate* m = findMessage(key);
    if (!m)
        return std::string(key);
    std::string_view text = language == Language::Chinese ? m->chinese : m->english;
    std::string out;
    out.reserve(text.size() + 32);
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t open = text.find('{', at);
        std::size_t close = open == std::string_view::npos ? open : text.find('}', open + 1);
        if (close == std::string_view::npos) {
            out.append(text.substr(at));
            break;
        }
        out.append(text.substr(at, open - at));
        std::string name(text.substr(open + 1, close - open - 1));
        if (data.is_object() && data.contains(name))
            out += valueText(data[name], language);
        else
            out.append(text.substr(open, close - open + 1));
        at = close + 1;
    }
    return out;
}

Json messageValue(MessageKey key, Json data)
{
    if (!data.is_object())
        data = Json::object();
    data["messageKey"] = std::string(key.view());
    return data;
}

std::string storyText(const Json& data, std::string_view fallback, Language language)
{
    if (data.is_object() && data.contains("messageKey") && data["messageKey"].is_string()) {
        const std::string key = data["messageKey"].get<std::string>();
        if (findMessage(key))
            return formatMessage(key, data, language);
    }
    return std::string(fallback);
}

} // namespace kubelab::core
