// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lessons/lesson.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "core/api/labels.h"
#include "core/api/resources.h"
#include "core/controllers/labconfiguration.h"
#include "core/lessons/lessonfields.h"
#include "core/manifest/manifest.h"
#include "core/manifest/sourcetext.h"
#include "core/manifest/yamlreader.h"
#include "core/sim/scenarios.h"

namespace kubelab::core {

namespace {

/// Walks the YAML tree of one lesson file; every refusal points at the offending node.
class LessonParser final {
public:
    LessonParser(std::string_view text, std::string_view file, std::string baseDir, LabFiles files)
        : m_text(text), m_file(file), m_baseDir(std::move(baseDir)), m_files(files)
    {
    }

    Result<Lesson> parse()
    {
        if (auto problem = detail::findYamlTextProblem(m_text))
            return fail(ErrorCode::Parse, problem->message, detail::locationAt(m_text, problem->offset, m_file));
        // The manifest reader first: it holds hostile YAML to its limits (size, depth, alias
        // expansion) and stops where yaml-cpp's document loop would not (`!,#` makes
        // YAML::LoadAll produce empty documents forever).
        if (auto raw = detail::readYamlDocuments(m_text, m_file); !raw) {
            Error error = raw.error();
            if (constexpr std::string_view manifestPrefix = "error converting YAML to JSON: ";
                error.message.starts_with(manifestPrefix))
                error.message.erase(0, manifestPrefix.size());
            return std::unexpected(std::move(error));
        }
        std::vector<YAML::Node> docs;
        try {
            docs = YAML::LoadAll(std::string(m_text));
        } catch (const YAML::Exception& e) {
            return fail(ErrorCode::Parse, e.msg, at(e.mark));
        }
        if (docs.size() != 1 || !docs.front().IsMap())
            return fail(ErrorCode::Parse, "a lesson is one YAML mapping (id, title, lab, steps)",
                        docs.empty() ? detail::fileLocation(m_file) : at(docs.front().Mark()));
        Lesson lesson;
        lesson.file = std::string(m_file);
        lesson.source = std::string(m_text);
        if (auto s = readLesson(docs.front(), lesson); !s)
            return std::unexpected(s.error());
        return lesson;
    }

private:
    Location at(const YAML::Mark& mark) const
    {
        if (mark.pos < 0)
            return detail::fileLocation(m_file);
        return detail::locationAt(m_text, static_cast<std::size_t>(mark.pos), m_file);
    }

    std::unexpected<Error> refuse(const YAML::Node& node, std::string message) const
    {
        return fail(ErrorCode::Parse, std::move(message), at(node.Mark()));
    }

    /// Refuses keys outside `allowed` (a typo in a lesson must not silently disable a
    /// check) and repeated keys.
    Status knownKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view where,
                     bool allowFieldNames = false) const
    {
        std::set<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it->first.IsScalar())
                return refuse(it->first, "a key in " + std::string(where) + " must be a string");
            std::string key = it->first.Scalar();
            if (!seen.insert(key).second)
                return refuse(it->first, "duplicate field \"" + key + "\" in " + std::string(where));
            bool ok = false;
            for (std::string_view a : allowed)
                ok = ok || a == key;
            if (!ok && allowFieldNames && isConditionField(key))
                ok = true;
            if (!ok)
                return refuse(it->first, "unknown field \"" + key + "\" in " + std::string(where));
        }
        return {};
    }

    Result<std::string> scalar(const YAML::Node& node, std::string_view what) const
    {
        if (!node.IsScalar())
            return refuse(node, std::string(what) + " must be a string");
        return node.Scalar();
    }

    /// `{en: ..., zh_CN: ...}`, or a plain string (English only).
    Result<LessonText> text(const YAML::Node& node, std::string_view what) const
    {
        LessonText t;
        if (node.IsScalar()) {
            t.en = node.Scalar();
        } else if (node.IsMap()) {
            if (auto s = knownKeys(node, {"en", "zh_CN"}, what); !s)
                return std::unexpected(s.error());
            for (auto it = node.begin(); it != node.end(); ++it) {
                auto v = scalar(it->second, std::string(what) + "." + it->first.Scalar());
                if (!v)
                    return std::unexpected(v.error());
                (it->first.Scalar() == "en" ? t.en : t.zh) = *v;
            }
        } else {
            return refuse(node, std::string(what) + " must be a text or a mapping {en: ..., zh_CN: ...}");
        }
        if (t.en.empty())
            return refuse(node, std::string(what) + " needs its English text (en)");
        return t;
    }

    Result<std::vector<LessonText>> texts(const YAML::Node& node, std::string_view what) const
    {
        std::vector<LessonText> out;
        if (!node.IsSequence())
            return refuse(node, std::string(what) + " must be a list");
        for (const YAML::Node& item : node) {
            auto t = text(item, what);
            if (!t)
                return std::unexpected(t.error());
            out.push_back(std::move(*t));
        }
        return out;
    }

    Status readLesson(const YAML::Node& root, Lesson& lesson)
    {
        if (auto s = knownKeys(root, {"apiVersion", "kind", "id", "topic", "title", "text", "lab", "steps"}, "lesson");
            !s)
            return s;
        if (root["kind"] && (!root["kind"].IsScalar() || root["kind"].Scalar() != "Lesson"))
            return refuse(root["kind"], "kind must be Lesson");
        if (!root["id"])
            return refuse(root, "a lesson needs an id");
        auto id = scalar(root["id"], "id");
        if (!id)
            return std::unexpected(id.error());
        if (id->empty() || id->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
            return refuse(root["id"], "id \"" + *id + "\" must be lower-case letters, digits and '-'");
        lesson.id = *id;
        if (root["topic"]) {
            auto t = scalar(root["topic"], "topic");
            if (!t)
                return std::unexpected(t.error());
            lesson.topic = *t;
        }
        if (!root["title"])
            return refuse(root, "a lesson needs a title");
        auto title = text(root["title"], "title");
        if (!title)
            return std::unexpected(title.error());
        lesson.title = *title;
        if (root["text"]) {
            auto t = text(root["text"], "text");
            if (!t)
                return std::unexpected(t.error());
            lesson.text = *t;
        }
        if (root["lab"])
            if (auto s = readLab(root["lab"], lesson); !s)
                return s;
        if (!root["steps"] || !root["steps"].IsSequence() || root["steps"].size() == 0)
            return refuse(root["steps"] ? root["steps"] : root, "a lesson needs a list of steps");
        for (const YAML::Node& s : root["steps"]) {
            auto step = readStep(s);
            if (!step)
                return std::unexpected(step.error());
            lesson.steps.push_back(std::move(*step));
        }
        return {};
    }

    Status readLab(const YAML::Node& lab, Lesson& lesson)
    {
        if (!lab.IsMap())
            return refuse(lab, "lab must be a mapping (scenario, manifests, files)");
        if (auto s = knownKeys(lab, {"scenario", "manifests", "files"}, "lab"); !s)
            return s;
        if (lab["scenario"]) {
            auto s = scalar(lab["scenario"], "lab.scenario");
            if (!s)
                return std::unexpected(s.error());
            bool known = false;
            for (const Scenario& sc : listScenarios())
                known = known || sc.name == *s;
            if (!known)
                return refuse(lab["scenario"], "unknown scenario \"" + *s + "\"; see 'klab scenario list'");
            lesson.scenario = *s;
        }
        if (const YAML::Node& m = lab["manifests"]) {
            if (!m.IsSequence())
                return refuse(m, "lab.manifests must be a list of Kubernetes objects");
            for (const YAML::Node& object : m) {
                if (!object.IsMap())
                    return refuse(object, "each of lab.manifests must be a Kubernetes object");
                // "---" first: a flow mapping must read as YAML, not as JSON.
                auto docs = decodeManifests("---\n" + YAML::Dump(object), m_file);
                if (!docs)
                    return refuse(object, docs.error().message);
                for (Document& d : *docs)
                    if (auto s = checkManifest(object, d.object); !s)
                        return s;
                    else
                        lesson.manifests.push_back(std::move(d.object));
            }
        }
        if (const YAML::Node& f = lab["files"]) {
            if (!f.IsSequence())
                return refuse(f, "lab.files must be a list of manifest files beside the lesson");
            for (const YAML::Node& name : f) {
                auto n = scalar(name, "lab.files");
                if (!n)
                    return std::unexpected(n.error());
                if (m_files == LabFiles::Skip)
                    continue;
                if (m_baseDir.empty())
                    return refuse(name, "lab.files needs a lesson read from a file or folder");
                // A lesson from someone else reads only the files it ships: beside it, no
                // absolute path, no "..", no link out of its folder, no device, no giant.
                std::filesystem::path relative(*n);
                if (relative.is_absolute() ||
                    std::ranges::any_of(relative, [](const std::filesystem::path& part) { return part == ".."; }))
                    return refuse(name, "lab.files names files beside the lesson: \"" + *n + "\" is outside its folder");
                std::filesystem::path p = std::filesystem::path(m_baseDir) / relative;
                std::error_code ec;
                if (!std::filesystem::exists(p, ec))
                    return refuse(name, "the path \"" + p.string() + "\" does not exist");
                auto inside = std::filesystem::weakly_canonical(p, ec).lexically_relative(
                    std::filesystem::weakly_canonical(m_baseDir, ec));
                if (ec || inside.empty() || *inside.begin() == "..")
                    return refuse(name, "lab.files names files beside the lesson: \"" + *n + "\" is outside its folder");
                if (!std::filesystem::is_regular_file(p, ec))
                    return refuse(name, "the path \"" + p.string() + "\" is not a file");
                if (std::filesystem::file_size(p, ec) > maxManifestBytes)
                    return refuse(name, "the file \"" + p.string() + "\" is larger than 64 MiB");
                std::ifstream in(p, std::ios::binary);
                if (!in)
                    return refuse(name, "the path \"" + p.string() + "\" cannot be read");
                std::stringstream ss;
                ss << in.rdbuf();
                auto docs = decodeManifests(ss.str(), p.string());
                if (!docs)
                    return std::unexpected(docs.error());
                for (Document& d : *docs)
                    if (auto s = checkManifest(name, d.object); !s)
                        return s;
                    else
                        lesson.manifests.push_back(std::move(d.object));
            }
        }
        return {};
    }

    Status checkManifest(const YAML::Node& node, const Json& object) const
    {
        if (!isLabConfiguration(object) && !findResourceByApiVersionKind(object.value("apiVersion", ""), kindOf(object)))
            return refuse(node, "no matches for kind \"" + kindOf(object) + "\" in version \"" +
                                    object.value("apiVersion", "") + "\"");
        return {};
    }

    Result<LessonStep> readStep(const YAML::Node& node)
    {
        if (!node.IsMap())
            return refuse(node, "a step must be a mapping (title, text, tasks, hints, checks)");
        if (auto s = knownKeys(node, {"title", "text", "tasks", "hints", "checks"}, "step"); !s)
            return std::unexpected(s.error());
        LessonStep step;
        if (!node["title"])
            return refuse(node, "a step needs a title");
        auto title = text(node["title"], "title");
        if (!title)
            return std::unexpected(title.error());
        step.title = *title;
        if (node["text"]) {
            auto t = text(node["text"], "text");
            if (!t)
                return std::unexpected(t.error());
            step.text = *t;
        }
        for (auto [key, list] : {std::pair{"tasks", &step.tasks}, std::pair{"hints", &step.hints}})
            if (node[key]) {
                auto t = texts(node[key], key);
                if (!t)
                    return std::unexpected(t.error());
                *list = std::move(*t);
            }
        if (!node["checks"] || !node["checks"].IsSequence() || node["checks"].size() == 0)
            return refuse(node["checks"] ? node["checks"] : node, "a step needs a list of checks");
        for (const YAML::Node& c : node["checks"]) {
            auto check = readCheck(c);
            if (!check)
                return std::unexpected(check.error());
            step.checks.push_back(std::move(*check));
        }
        return step;
    }

    /// `3`, or `{atLeast: 3}` / `{atMost: 1}` / `{not: Running}` / `{contains: nginx}` / `{equals: x}`.
    Result<std::pair<Comparison, std::string>> comparison(const YAML::Node& node, std::string_view what) const
    {
        if (node.IsScalar())
            return std::pair{Comparison::Equals, node.Scalar()};
        if (!node.IsMap() || node.size() != 1)
            return refuse(node, std::string(what) + " must be a value or one of {equals|not|atLeast|atMost|contains: VALUE}");
        auto it = node.begin();
        static const std::pair<std::string_view, Comparison> names[] = {
            {"equals", Comparison::Equals}, {"not", Comparison::NotEquals}, {"atLeast", Comparison::AtLeast},
            {"atMost", Comparison::AtMost}, {"contains", Comparison::Contains}};
        for (auto [name, c] : names)
            if (it->first.Scalar() == name) {
                if (!it->second.IsScalar())
                    return refuse(it->second, std::string(what) + "." + std::string(name) + " must be a value");
                if ((c == Comparison::AtLeast || c == Comparison::AtMost) && !isInteger(it->second.Scalar()))
                    return refuse(it->second, std::string(what) + "." + std::string(name) + " must be a number");
                return std::pair{c, it->second.Scalar()};
            }
        return refuse(it->first, "unknown comparison \"" + it->first.Scalar() + "\" (equals, not, atLeast, atMost, contains)");
    }

    static bool isInteger(const std::string& s)
    {
        if (s.empty())
            return false;
        std::size_t i = s[0] == '-' ? 1 : 0;
        return i < s.size() && s.find_first_not_of("0123456789", i) == std::string::npos;
    }

    Status addCondition(LessonCheck& check, const std::string& field, const YAML::Node& key, const YAML::Node& value)
    {
        FieldCondition c;
        c.field = field;
        if (field.starts_with('.') || field.starts_with('{')) {
            c.jsonPath = field.starts_with('{') ? field : "{" + field + "}";
        } else if (auto path = conditionJsonPath(check.kind, field)) {
            c.jsonPath = *path;
        } else if (!isSpecialConditionField(check.kind, field)) {
            return refuse(key, "field \"" + field + "\" is not known for kind " + check.kind +
                                   " (use a jsonpath such as '.status.phase')");
        }
        auto cmp = comparison(value, field);
        if (!cmp)
            return std::unexpected(cmp.error());
        c.comparison = cmp->first;
        c.value = cmp->second;
        check.conditions.push_back(std::move(c));
        return {};
    }

    Result<LessonCheck> readCheck(const YAML::Node& node)
    {
        if (!node.IsMap())
            return refuse(node, "a check must be a mapping such as {kind: Pod, name: web, phase: Running}");
        if (auto s = knownKeys(node,
                               {"title", "kind", "name", "namespace", "selector", "exists", "count", "expect", "jsonpath",
                                "equals", "not", "atLeast", "atMost", "contains"},
                               "check", true);
            !s)
            return std::unexpected(s.error());
        LessonCheck check;
        check.location = at(node.Mark());
        if (!node["kind"])
            return refuse(node, "a check needs a kind");
        auto kind = scalar(node["kind"], "kind");
        if (!kind)
            return std::unexpected(kind.error());
        const bool proxyConfiguration = *kind == kKubeProxyConfigurationKind;
        const ResourceInfo* resource = proxyConfiguration ? nullptr : findResource(*kind);
        if (!proxyConfiguration && (!resource || !resource->stored))
            return refuse(node["kind"], "unknown kind \"" + *kind + "\"");
        check.kind = proxyConfiguration ? std::string(kKubeProxyConfigurationKind) : std::string(resource->kind);
        if (proxyConfiguration)
            for (const char* key : {"name", "namespace", "selector", "exists", "count"})
                if (node[key])
                    return refuse(node[key], std::string("the lab has one kube-proxy configuration: a check on it takes "
                                                         "conditions only, not ") + key);
        if (node["title"]) {
            auto t = text(node["title"], "title");
            if (!t)
                return std::unexpected(t.error());
            check.title = *t;
        }
        for (auto [key, target] : {std::pair{"name", &check.name}, std::pair{"namespace", &check.ns},
                                   std::pair{"selector", &check.selector}})
            if (node[key]) {
                auto v = scalar(node[key], key);
                if (!v)
                    return std::unexpected(v.error());
                *target = *v;
            }
        if (!resource || !resource->namespaced)
            check.ns.clear();
        if (!check.name.empty() && !check.selector.empty())
            return refuse(node["selector"], "a check names one object (name) or selects several (selector), not both");
        if (!check.selector.empty())
            if (auto sel = LabelSelector::parse(check.selector); !sel)
                return refuse(node["selector"], sel.error().message);
        if (node["exists"]) {
            const YAML::Node& e = node["exists"];
            if (!e.IsScalar() || (e.Scalar() != "true" && e.Scalar() != "false"))
                return refuse(e, "exists must be true or false");
            check.exists = e.Scalar() == "true";
        }
        if (node["count"]) {
            if (!check.name.empty())
                return refuse(node["count"], "count needs a selector or no name, not a name");
            auto cmp = comparison(node["count"], "count");
            if (!cmp)
                return std::unexpected(cmp.error());
            if (!isInteger(cmp->second) || cmp->first == Comparison::Contains)
                return refuse(node["count"], "count must be a number, or {atLeast|atMost|not: N}");
            check.count = CountCondition{cmp->first, std::stoll(cmp->second)};
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string key = it->first.Scalar();
            if (isConditionField(key))
                if (auto s = addCondition(check, key, it->first, it->second); !s)
                    return std::unexpected(s.error());
        }
        if (const YAML::Node& expect = node["expect"]) {
            if (!expect.IsMap())
                return refuse(expect, "expect must be a mapping of fields to values");
            for (auto it = expect.begin(); it != expect.end(); ++it) {
                if (!it->first.IsScalar())
                    return refuse(it->first, "a key in expect must be a field name or a jsonpath");
                if (auto s = addCondition(check, it->first.Scalar(), it->first, it->second); !s)
                    return std::unexpected(s.error());
            }
        }
        const char* comparisons[] = {"equals", "not", "atLeast", "atMost", "contains"};
        if (node["jsonpath"]) {
            auto path = scalar(node["jsonpath"], "jsonpath");
            if (!path)
                return std::unexpected(path.error());
            if (auto s = checkJsonPath(*path); !s)
                return refuse(node["jsonpath"], "jsonpath " + s.error().message);
            int given = 0;
            for (const char* c : comparisons)
                if (node[c]) {
                    ++given;
                    YAML::Node wrapped;
                    wrapped[c] = node[c];
                    if (auto s = addCondition(check, *path, node["jsonpath"], wrapped); !s)
                        return std::unexpected(s.error());
                }
            if (given == 0)
                return refuse(node["jsonpath"], "jsonpath needs a value to compare with (equals, not, atLeast, atMost, contains)");
        } else {
            for (const char* c : comparisons)
                if (node[c])
                    return refuse(node[c], std::string(c) + " compares a jsonpath; add jsonpath, or write the field by name");
        }
        for (const FieldCondition& c : check.conditions)
            if (!c.jsonPath.empty())
                if (auto s = checkJsonPath(c.jsonPath); !s)
                    return refuse(node, "field \"" + c.field + "\": jsonpath " + s.error().message);
        if (!check.exists && (check.count || !check.conditions.empty()) && !check.name.empty())
            return refuse(node["exists"], "exists: false cannot be combined with conditions on a named object");
        if (proxyConfiguration && check.conditions.empty())
            return refuse(node, "a check on the KubeProxyConfiguration needs a condition, such as mode: ipvs");
        return check;
    }

    std::string_view m_text;
    std::string_view m_file;
    std::string m_baseDir;
    LabFiles m_files;
};

} // namespace

Result<Lesson> parseLesson(std::string_view text, std::string_view fileName, const std::string& baseDir,
                           LabFiles files)
{
    return LessonParser(text, fileName, baseDir, files).parse();
}

Result<Lesson> loadLessonFile(const std::string& path)
{
    std::error_code ec;
    std::filesystem::path p(path);
    if (!std::filesystem::exists(p, ec))
        return fail(ErrorCode::Io, "the path \"" + path + "\" does not exist");
    if (std::filesystem::is_directory(p, ec)) {
        std::filesystem::path inside = p / "lesson.yaml";
        if (!std::filesystem::exists(inside, ec))
            return fail(ErrorCode::Io, "the folder \"" + path + "\" has no lesson.yaml");
        p = inside;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in)
        return fail(ErrorCode::Io, "unable to read \"" + p.string() + "\"");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string base = p.parent_path().string();
    return parseLesson(ss.str(), p.string(), base.empty() ? "." : base);
}

std::vector<Lesson> builtinLessons()
{
    std::vector<Lesson> out;
    for (const LessonSource& s : lessonSources())
        if (auto l = parseLesson(s.yaml, "lesson " + std::string(s.name)))
            out.push_back(std::move(*l));
    return out;
}

Result<Lesson> builtinLesson(std::string_view id)
{
    for (const LessonSource& s : lessonSources()) {
        auto l = parseLesson(s.yaml, "lesson " + std::string(s.name));
        if (l && l->id == id)
            return l;
    }
    return fail(ErrorCode::Client, "unknown lesson \"" + std::string(id) + "\"; see 'klab lesson list'");
}

} // namespace kubelab::core
