// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/printers_support.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>

#include "core/api/labels.h"
#include "core/api/names.h"
#include "core/api/quantity.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

const Json& emptyArray()
{
    static const Json value = Json::array();
    return value;
}

const Json& emptyObject()
{
    static const Json value = Json::object();
    return value;
}

} // namespace

const Json* find(const Json& object, std::string_view pointer)
{
    const Json* current = &object;
    std::size_t pos = 0;
    while (pos < pointer.size()) {
        if (pointer[pos] != '/')
            return nullptr;
        std::size_t end = pointer.find('/', pos + 1);
        if (end == std::string_view::npos)
            end = pointer.size();
        std::string_view token = pointer.substr(pos + 1, end - pos - 1);
        std::string key;
        key.reserve(token.size());
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~' && i + 1 < token.size()) {
                key += token[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                key += token[i];
            }
        }
        if (current->is_object()) {
            auto it = current->find(key);
            if (it == current->end())
                return nullptr;
            current = &*it;
        } else if (current->is_array()) {
            if (key.empty() || !std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isdigit(c); }))
                return nullptr;
            std::size_t index = std::stoul(key);
            if (index >= current->size())
                return nullptr;
            current = &(*current)[index];
        } else {
            return nullptr;
        }
        pos = end;
    }
    return current;
}

std::string str(const Json& object, std::string_view pointer, std::string fallback)
{
    const Json* v = find(object, pointer);
    if (v && v->is_string())
        return v->get<std::string>();
    return fallback;
}

std::int64_t integer(const Json& object, std::string_view pointer, std::int64_t fallback)
{
    const Json* v = find(object, pointer);
    if (v && v->is_number_integer())
        return v->get<std::int64_t>();
    if (v && v->is_number_float())
        return static_cast<std::int64_t>(v->get<double>());
    return fallback;
}

bool boolean(const Json& object, std::string_view pointer, bool fallback)
{
    const Json* v = find(object, pointer);
    if (v && v->is_boolean())
        return v->get<bool>();
    return fallback;
}

bool has(const Json& object, std::string_view pointer)
{
    const Json* v = find(object, pointer);
    return v && !v->is_null();
}

const Json& array(const Json& object, std::string_view pointer)
{
    const Json* v = find(object, pointer);
    return v && v->is_array() ? *v : emptyArray();
}

const Json& object(const Json& object, std::string_view pointer)
{
    const Json* v = find(object, pointer);
    return v && v->is_object() ? *v : emptyObject();
}

std::string scalarText(const Json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer())
        return std::to_string(value.get<std::int64_t>());
    if (value.is_number_unsigned())
        return std::to_string(value.get<std::uint64_t>());
    if (value.is_number_float()) {
        double d = value.get<double>();
        char buf[64];
        std::snprintf(buf, sizeof buf, "%g", d);
        return buf;
    }
    if (value.is_null())
        return "<nil>";
    return value.dump();
}

std::string formatLabels(const Json& map)
{
    if (!map.is_object() || map.empty())
        return "<none>";
    std::map<std::string, std::string> sorted;
    for (auto it = map.begin(); it != map.end(); ++it)
        sorted[it.key()] = scalarText(it.value());
    std::string out;
    for (const auto& [k, v] : sorted) {
        if (!out.empty())
            out += ',';
        out += k + "=" + v;
    }
    return out;
}

std::string formatLabelSelector(const Json* selector)
{
    if (!selector || selector->is_null())
        return "<none>";
    auto parsed = core::LabelSelector::fromJson(*selector);
    if (!parsed)
        return "<error>";
    std::string text = parsed->toString();
    return text.empty() ? "<none>" : text;
}

std::string labelSelectorString(const Json* selector)
{
    if (!selector || selector->is_null())
        return {};
    auto parsed = core::LabelSelector::fromJson(*selector);
    if (!parsed)
        return "<invalid>";
    return parsed->toString();
}

std::pair<std::string, std::string> containerCells(const Json& containers)
{
    std::string names;
    std::string images;
    if (!containers.is_array())
        return {names, images};
    for (std::size_t i = 0; i < containers.size(); ++i) {
        names += str(containers[i], "/name");
        images += str(containers[i], "/image");
        if (i + 1 != containers.size()) {
            names += ',';
            images += ',';
        }
    }
    return {names, images};
}

std::string quantityText(const Json* value)
{
    if (!value || value->is_null())
        return "0";
    std::string text;
    if (value->is_string())
        text = value->get<std::string>();
    else if (value->is_number())
        text = scalarText(*value);
    else
        return "0";
    auto q = core::Quantity::parse(text);
    return q ? q->toString() : text;
}

std::string intOrString(const Json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number())
        return scalarText(value);
    return "0";
}

std::string accessModes(const Json& modes)
{
    auto contains = [&](std::string_view mode) {
        if (!modes.is_array())
            return false;
        return std::any_of(modes.begin(), modes.end(),
                           [&](const Json& m) { return m.is_string() && m.get<std::string>() == mode; });
    };
    std::vector<std::string> out;
    if (contains("ReadWriteOnce"))
        out.emplace_back("RWO");
    if (contains("ReadOnlyMany"))
        out.emplace_back("ROX");
    if (contains("ReadWriteMany"))
        out.emplace_back("RWX");
    if (contains("ReadWriteOncePod"))
        out.emplace_back("RWOP");
    return join(out, ",");
}

std::string storageClassOf(const Json& object)
{
    const Json& annotations = detail::object(object, "/metadata/annotations");
    if (auto it = annotations.find("volume.beta.kubernetes.io/storage-class"); it != annotations.end())
        return scalarText(*it);
    return str(object, "/spec/storageClassName");
}

std::string boolText(bool value)
{
    return value ? "true" : "false";
}

std::optional<core::VirtualTime> timeAt(const core::Engine& engine, const Json& object, std::string_view pointer)
{
    std::string text = str(object, pointer);
    if (text.empty() || !core::parseRfc3339(text))
        return std::nullopt;
    return engine.virtualTimeOf(text);
}

std::string since(const core::Engine& engine, const Json& object, std::string_view pointer)
{
    auto t = timeAt(engine, object, pointer);
    if (!t)
        return "<unknown>";
    return core::humanDuration(engine.now() - *t);
}

std::string age(const core::Engine& engine, const Json& object)
{
    return since(engine, object, "/metadata/creationTimestamp");
}

std::string rfc1123z(const Json& object, std::string_view pointer)
{
    using namespace std::chrono;
    std::string text = str(object, pointer);
    auto seconds = core::parseRfc3339(text);
    if (text.empty() || !seconds)
        return "Mon, 01 Jan 0001 00:00:00 +0000";
    sys_seconds tp{std::chrono::seconds{*seconds}};
    sys_days day = floor<days>(tp);
    year_month_day ymd{day};
    weekday wd{day};
    hh_mm_ss hms{tp - day};
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[wd.c_encoding()],
                  static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

namespace {

int runeCount(std::string_view text)
{
    int n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

/// Go's text/tabwriter (flags 0, pad character ' '), over text already split in lines
/// and cells.
class TabWriter final {
public:
    TabWriter(std::vector<std::vector<std::string_view>> lines, int minWidth, int padding)
        : m_lines(std::move(lines))
        , m_minWidth(minWidth)
        , m_padding(padding)
    {
    }

    std::string run()
    {
        format(0, m_lines.size());
        return std::move(m_out);
    }

private:
    void format(std::size_t line0, std::size_t line1)
    {
        const std::size_t column = m_widths.size();
        for (std::size_t current = line0; current < line1; ++current) {
            if (column + 1 >= m_lines[current].size())
                continue;
            writeLines(line0, current);
            line0 = current;
            int width = m_minWidth;
            for (; current < line1; ++current) {
                const auto& line = m_lines[current];
                if (column + 1 >= line.size())
                    break;
                width = std::max(width, runeCount(line[column]) + m_padding);
            }
            m_widths.push_back(width);
            format(line0, current);
            m_widths.pop_back();
            line0 = current;
        }
        writeLines(line0, line1);
    }

    void writeLines(std::size_t line0, std::size_t line1)
    {
        for (std::size_t i = line0; i < line1; ++i) {
            const auto& line = m_lines[i];
            for (std::size_t j = 0; j < line.size(); ++j) {
                m_out += line[j];
                if (j < m_widths.size())
                    m_out.append(static_cast<std::size_t>(std::max(0, m_widths[j] - runeCount(line[j]))), ' ');
            }
            if (i + 1 != m_lines.size())
                m_out += '\n';
        }
    }

    std::vector<std::vector<std::string_view>> m_lines;
    int m_minWidth;
    int m_padding;
    std::vector<int> m_widths;
    std::string m_out;
};

} // namespace

std::string tabwrite(std::string_view text, int minWidth, int padding)
{
    std::vector<std::vector<std::string_view>> lines;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find('\n', start);
        std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        std::vector<std::string_view> cells;
        std::size_t cellStart = 0;
        while (true) {
            std::size_t tab = line.find('\t', cellStart);
            if (tab == std::string_view::npos) {
                cells.push_back(line.substr(cellStart));
                break;
            }
            cells.push_back(line.substr(cellStart, tab - cellStart));
            cellStart = tab + 1;
        }
        lines.push_back(std::move(cells));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return TabWriter(std::move(lines), minWidth, padding).run();
}

} // namespace kubelab::cli::detail
