// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/podfiles.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/api/encoding.h"
#include "core/sim/engine.h"

namespace kubelab::core::net {

namespace {

constexpr const char* kSettingPrefix = "volume-data/";

/// Where a path lands: the mount's volume, and the path inside it ("" for its top).
struct Located {
    const Json* volume = nullptr;
    std::string inside;
    bool readOnly = false;
};

std::string trimSlashes(std::string p)
{
    while (!p.empty() && p.back() == '/')
        p.pop_back();
    while (!p.empty() && p.front() == '/')
        p.erase(p.begin());
    return p;
}

/// The container's mount that holds `path` (the longest mountPath that is a prefix of it).
std::optional<Located> locate(const Json& pod, const std::string& container, const std::string& path)
{
    const Json* c = nullptr;
    for (const char* list : {"containers", "initContainers"})
        if (pod.contains("spec") && pod["spec"].contains(list) && pod["spec"][list].is_array())
            for (const Json& x : pod["spec"][list])
                if (x.value("name", "") == container)
                    c = &x;
    if (!c || !c->contains("volumeMounts") || !(*c)["volumeMounts"].is_array())
        return std::nullopt;
    const std::string want = "/" + trimSlashes(path);
    const Json* best = nullptr;
    std::string bestPath;
    for (const Json& m : (*c)["volumeMounts"]) {
        const std::string mountPath = "/" + trimSlashes(m.value("mountPath", ""));
        const bool under = want == mountPath || mountPath == "/" || want.starts_with(mountPath + "/");
        if (under && mountPath.size() >= bestPath.size()) {
            best = &m;
            bestPath = mountPath;
        }
    }
    if (!best)
        return std::nullopt;
    Located out;
    if (pod["spec"].contains("volumes") && pod["spec"]["volumes"].is_array())
        for (const Json& v : pod["spec"]["volumes"])
            if (v.value("name", "") == best->value("name", ""))
                out.volume = &v;
    if (!out.volume)
        return std::nullopt;
    out.inside = trimSlashes(want.substr(std::min(want.size(), bestPath.size())));
    const std::string subPath = trimSlashes(best->value("subPath", ""));
    if (!subPath.empty())
        out.inside = out.inside.empty() ? subPath : subPath + "/" + out.inside;
    out.readOnly = best->value("readOnly", false) == true;
    return out;
}

/// The storage a writable volume's files live in, as a lab-setting key; nullopt for the
/// volumes made from objects (configMap, secret, downwardAPI, projected).
std::optional<std::string> storageKey(const Engine& engine, const Json& pod, const Json& volume)
{
    const std::string node = stringAt(pod, Json::json_pointer("/spec/nodeName"));
    if (volume.contains("emptyDir"))
        return "emptyDir/" + uidOf(pod) + "/" + volume.value("name", "");
    if (volume.contains("hostPath"))
        return "hostPath/" + node + "/" + trimSlashes(stringAt(volume, Json::json_pointer("/hostPath/path")));
    if (!volume.contains("persistentVolumeClaim"))
        return std::nullopt;
    ObjectPtr claim = engine.get(ObjectKey{"PersistentVolumeClaim", namespaceOf(pod),
                                           stringAt(volume, Json::json_pointer("/persistentVolumeClaim/claimName"))});
    ObjectPtr pv = claim ? engine.get(ObjectKey{"PersistentVolume", "", stringAt(*claim, Json::json_pointer("/spec/volumeName"))})
                         : nullptr;
    if (!pv)
        return std::nullopt;
    auto at = [&](const char* p) { return stringAt(*pv, Json::json_pointer(p)); };
    if ((*pv)["spec"].contains("hostPath"))
        return "hostPath/" + node + "/" + trimSlashes(at("/spec/hostPath/path"));
    if ((*pv)["spec"].contains("local"))
        return "local/" + node + "/" + trimSlashes(at("/spec/local/path"));
    if ((*pv)["spec"].contains("csi"))
        return "csi/" + at("/spec/csi/driver") + "/" + at("/spec/csi/volumeHandle");
    if ((*pv)["spec"].contains("nfs"))
        return "nfs/" + at("/spec/nfs/server") + "/" + trimSlashes(at("/spec/nfs/path"));
    return "pv/" + nameOf(*pv);
}

/// The files of a volume made from an object, by path inside the volume.
std::map<std::string, std::string> projectedFiles(const Engine& engine, const Json& pod, const Json& volume)
{
    std::map<std::string, std::string> out;
    const std::string ns = namespaceOf(pod);
    auto fromObject = [&](const Json& source, const char* kind, const char* nameField) {
        ObjectPtr o = engine.get(ObjectKey{kind, ns, source.value(nameField, "")});
        if (!o)
            return;
        const bool secret = std::string(kind) == "Secret";
        const Json data = o->contains("data") && (*o)["data"].is_object() ? (*o)["data"] : Json::object();
        auto valueOf = [&](const std::string& key) -> std::optional<std::string> {
            if (!data.contains(key) || !data[key].is_string())
                return std::nullopt;
            return secret ? decodeBase64(data[key].get<std::string>()) : data[key].get<std::string>();
        };
        if (source.contains("items") && source["items"].is_array()) {
            for (const Json& item : source["items"])
                if (auto v = valueOf(item.value("key", "")))
                    out[trimSlashes(item.value("path", ""))] = *v;
            return;
        }
        for (auto it = data.begin(); it != data.end(); ++it)
            if (auto v = valueOf(it.key()))
                out[it.key()] = *v;
    };
    auto downward = [&](const Json& source) {
        for (const Json& item : source.value("items", Json::array())) {
            const std::string field = stringAt(item, Json::json_pointer("/fieldRef/fieldPath"));
            std::string value;
            if (field == "metadata.labels" || field == "metadata.annotations") {
                // fieldpath.FormatMap: key="value" lines, sorted, no newline at the end.
                const Json map = pod["metadata"].value(field == "metadata.labels" ? "labels" : "annotations",
                                                       Json::object());
                std::set<std::string> keys;
                for (auto it = map.begin(); it != map.end(); ++it)
                    keys.insert(it.key());
                for (const std::string& k : keys)
                    value += (value.empty() ? "" : "\n") + k + "=" + Json(map[k].get<std::string>()).dump();
            } else {
                value = podFieldValue(pod, field);
            }
            out[trimSlashes(item.value("path", ""))] = value;
        }
    };
    if (volume.contains("configMap"))
        fromObject(volume["configMap"], "ConfigMap", "name");
    if (volume.contains("secret"))
        fromObject(volume["secret"], "Secret", "secretName");
    if (volume.contains("downwardAPI"))
        downward(volume["downwardAPI"]);
    if (volume.contains("projected"))
        for (const Json& source : volume["projected"].value("sources", Json::array())) {
            if (source.contains("configMap"))
                fromObject(source["configMap"], "ConfigMap", "name");
            if (source.contains("secret"))
                fromObject(source["secret"], "Secret", "name");
            if (source.contains("downwardAPI"))
                downward(source["downwardAPI"]);
        }
    return out;
}

/// The files of the volume at `where`: from its storage (written through exec) or its object.
std::map<std::string, std::string> filesOf(const Engine& engine, const Json& pod, const Located& where)
{
    if (auto key = storageKey(engine, pod, *where.volume)) {
        std::map<std::string, std::string> out;
        if (auto text = engine.labSetting(kSettingPrefix + *key)) {
            Json stored = Json::parse(*text, nullptr, false);
            if (stored.is_object())
                for (auto it = stored.begin(); it != stored.end(); ++it)
                    if (it.value().is_string())
                        out[it.key()] = it.value().get<std::string>();
        }
        return out;
    }
    return projectedFiles(engine, pod, *where.volume);
}

ExecResult fail(std::string message, int code = 1)
{
    ExecResult r;
    r.err = std::move(message);
    r.exitCode = code;
    return r;
}

std::string notInAVolume(const std::string& cmd, const std::string& path)
{
    return "klab: " + cmd + " " + path +
           ": only the files of the container's volumes are simulated (and /etc/resolv.conf, /etc/hosts)\n";
}

} // namespace

ExecResult catFile(Engine& engine, const Json& pod, const std::string& container, const std::string& path)
{
    auto where = locate(pod, container, path);
    if (!where)
        return fail(notInAVolume("cat", path), 1);
    const auto files = filesOf(engine, pod, *where);
    auto it = files.find(where->inside);
    if (it == files.end()) {
        const bool isDirectory = where->inside.empty() || std::ranges::any_of(files, [&](const auto& f) {
                                     return f.first.starts_with(where->inside + "/");
                                 });
        return fail(isDirectory ? "cat: read error: Is a directory\n"
                                : "cat: can't open '" + path + "': No such file or directory\n");
    }
    ExecResult r;
    r.out = it->second;
    return r;
}

ExecResult listDirectory(Engine& engine, const Json& pod, const std::string& container, const std::string& path)
{
    auto where = locate(pod, container, path);
    if (!where)
        return fail(notInAVolume("ls", path), 1);
    const auto files = filesOf(engine, pod, *where);
    if (files.contains(where->inside)) {
        ExecResult r;
        r.out = path + "\n"; // a file: ls prints its name
        return r;
    }
    const std::string prefix = where->inside.empty() ? std::string() : where->inside + "/";
    std::set<std::string> entries;
    for (const auto& [name, content] : files)
        if (name.starts_with(prefix))
            entries.insert(name.substr(prefix.size(), name.find('/', prefix.size()) - prefix.size()));
    if (entries.empty() && !where->inside.empty())
        return fail("ls: " + path + ": No such file or directory\n");
    ExecResult r;
    for (const std::string& e : entries)
        r.out += e + "\n";
    return r;
}

ExecResult writeFile(Engine& engine, const Json& pod, const std::string& container, const std::string& path,
                     const std::string& content, bool append)
{
    auto where = locate(pod, container, path);
    if (!where)
        return fail(notInAVolume("writing", path), 1);
    auto key = storageKey(engine, pod, *where->volume);
    if (!key || where->readOnly)
        return fail("sh: can't create " + path + ": Read-only file system\n");
    if (where->inside.empty())
        return fail("sh: can't create " + path + ": Is a directory\n");
    Json stored = Json::object();
    if (auto text = engine.labSetting(kSettingPrefix + *key)) {
        stored = Json::parse(*text, nullptr, false);
        if (!stored.is_object())
            stored = Json::object();
    }
    std::string now = append && stored.contains(where->inside) && stored[where->inside].is_string()
                          ? stored[where->inside].get<std::string>()
                          : std::string();
    stored[where->inside] = now + content;
    engine.setLabSetting(kSettingPrefix + *key, stored.dump());
    return {};
}

} // namespace kubelab::core::net
