// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/node/imagecatalogue.h"

#include <algorithm>
#include <map>

#include "core/api/quantity.h"
#include "core/api/validation.h"
#include "core/sim/engine.h"

namespace kubelab::core {

std::string normalizeImageName(std::string_view image)
{
    std::string name(image);
    if (auto at = name.find('@'); at != std::string::npos)
        return name.find('/') == std::string::npos ? "docker.io/library/" + name : name;
    auto slash = name.find('/');
    std::string first = slash == std::string::npos ? std::string() : name.substr(0, slash);
    bool hasRegistry = first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost";
    if (slash == std::string::npos)
        name = "docker.io/library/" + name;
    else if (!hasRegistry)
        name = "docker.io/" + name;
    auto lastSlash = name.rfind('/');
    if (name.find(':', lastSlash) == std::string::npos)
        name += ":latest";
    return name;
}

namespace {

constexpr const char* kCatalogSetting = "image-catalog";

/// Repositories and compressed sizes close to the real ones (amd64).
const std::map<std::string, std::int64_t>& builtInRepositories()
{
    static const std::map<std::string, std::int64_t> repositories = {
        {"docker.io/library/nginx", 70 << 20},       {"docker.io/library/busybox", 2 << 20},
        {"docker.io/library/alpine", 4 << 20},       {"docker.io/library/redis", 45 << 20},
        {"docker.io/library/httpd", 60 << 20},       {"docker.io/library/ubuntu", 30 << 20},
        {"docker.io/library/debian", 50 << 20},      {"docker.io/library/mysql", 160 << 20},
        {"docker.io/library/postgres", 150 << 20},   {"docker.io/library/python", 350 << 20},
        {"docker.io/library/node", 400 << 20},       {"docker.io/library/golang", 300 << 20},
        {"docker.io/library/memcached", 30 << 20},   {"docker.io/library/mongo", 250 << 20},
        {"docker.io/library/rabbitmq", 90 << 20},    {"docker.io/library/traefik", 45 << 20},
        {"docker.io/library/wordpress", 240 << 20},  {"docker.io/library/centos", 70 << 20},
        {"docker.io/library/perl", 330 << 20},       {"docker.io/library/hello-world", 1 << 20},
        {"registry.k8s.io/pause", 1 << 20},          {"registry.k8s.io/coredns/coredns", 18 << 20},
        {"registry.k8s.io/kube-proxy", 28 << 20},    {"registry.k8s.io/etcd", 57 << 20},
        {"registry.k8s.io/hpa-example", 180 << 20},  {"registry.k8s.io/busybox", 1 << 20},
        {"registry.k8s.io/nginx-slim", 40 << 20},    {"registry.k8s.io/e2e-test-images/agnhost", 50 << 20},
        {"registry.k8s.io/ingress-nginx/controller", 100 << 20}, {"k8s.gcr.io/pause", 1 << 20},
        {"k8s.gcr.io/hpa-example", 180 << 20},       {"gcr.io/google-samples/hello-app", 10 << 20},
        {"docker.io/kubernetesui/dashboard", 75 << 20}, {"quay.io/prometheus/prometheus", 90 << 20},
    };
    return repositories;
}

/// The few catalogued images that do not run as root (their Dockerfiles' USER).
const std::map<std::string, std::string>& builtInUsers()
{
    static const std::map<std::string, std::string> users = {
        {"registry.k8s.io/pause", "65535"}, {"k8s.gcr.io/pause", "65535"},
        {"docker.io/library/memcached", "memcache"}, {"quay.io/prometheus/prometheus", "nobody"},
    };
    return users;
}

/// The repository of a normalized name: without its tag or digest.
std::string repositoryOf(const std::string& normalized)
{
    if (auto at = normalized.find('@'); at != std::string::npos)
        return normalized.substr(0, at);
    if (auto colon = normalized.rfind(':'); colon != std::string::npos && colon > normalized.rfind('/'))
        return normalized.substr(0, colon);
    return normalized;
}

bool isNumber(std::string_view text)
{
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

ImageInfo infoOf(std::string normalized, std::int64_t sizeBytes, const std::string& user)
{
    ImageInfo info{std::move(normalized), sizeBytes, 0, {}};
    if (isNumber(user) && user.size() < 10) {
        info.uid = std::stoll(user);
    } else if (!user.empty()) {
        info.uid.reset();
        info.userName = user;
    }
    return info;
}

} // namespace

ImageCatalog::ImageCatalog(const Engine& engine)
{
    if (auto text = engine.labSetting(kCatalogSetting))
        if (Json lab = Json::parse(*text, nullptr, false); lab.is_object())
            m_lab = std::move(lab);
}

std::optional<ImageInfo> ImageCatalog::lookup(std::string_view image) const
{
    std::string normalized = normalizeImageName(image);
    const std::string repo = repositoryOf(normalized);
    if (const Json& entry = member(m_lab, repo); entry.is_object())
        return infoOf(std::move(normalized), entry.value("sizeBytes", std::int64_t{0}), entry.value("user", ""));
    const auto& repositories = builtInRepositories();
    auto it = repositories.find(repo);
    if (it == repositories.end())
        return std::nullopt;
    const auto& users = builtInUsers();
    auto u = users.find(repo);
    return infoOf(std::move(normalized), it->second, u == users.end() ? std::string() : u->second);
}

std::vector<CatalogEntry> ImageCatalog::entries() const
{
    std::map<std::string, CatalogEntry> out;
    for (const auto& [repo, size] : builtInRepositories()) {
        auto u = builtInUsers().find(repo);
        out[repo] = CatalogEntry{repo, size, u == builtInUsers().end() ? std::string() : u->second, false};
    }
    for (const auto& [repo, entry] : m_lab.items())
        if (entry.is_object())
            out[repo] = CatalogEntry{repo, entry.value("sizeBytes", std::int64_t{0}), entry.value("user", ""), true};
    std::vector<CatalogEntry> list;
    for (auto& [repo, entry] : out)
        list.push_back(std::move(entry));
    return list;
}

Result<std::string> applyImageCatalog(Engine& engine, const Json& manifest)
{
    const std::string apiVersion = manifest.value("apiVersion", "");
    if (apiVersion != "kubelab.io/v1alpha1")
        return fail(ErrorCode::BadRequest,
                    "no kind \"ImageCatalog\" is registered for version \"" + apiVersion + "\" (use kubelab.io/v1alpha1)");
    std::vector<FieldError> errors;
    const Json& images = member(manifest, "images");
    if (!images.is_array() || images.empty())
        errors.push_back({"images", "Required value: the repositories to add, each with its size"});
    Json lab = ImageCatalog(engine).m_lab;
    for (std::size_t i = 0; images.is_array() && i < images.size(); ++i) {
        const Json& image = images[i];
        const std::string path = "images[" + std::to_string(i) + "]";
        if (!image.is_object()) {
            errors.push_back({path, "Invalid value: must be an object with repository and size"});
            continue;
        }
        for (const auto& [key, value] : image.items())
            if (key != "repository" && key != "size" && key != "user")
                errors.push_back({path + "." + key, "Unsupported field: supported fields are repository, size, user"});
        const Json& repository = member(image, "repository");
        std::string repo;
        if (!repository.is_string() || repository.get<std::string>().empty()) {
            errors.push_back({path + ".repository", "Required value: e.g. registry.example.com/shop/frontend"});
        } else {
            const std::string given = repository.get<std::string>();
            repo = normalizeImageName(given);
            // Normalizing adds :latest to a bare repository; anything else there was a tag or digest.
            if (given.ends_with(":latest") || repositoryOf(repo) + ":latest" != repo) {
                errors.push_back({path + ".repository", "Invalid value: " + Json(given).dump() +
                                                            ": a repository without a tag or digest (every tag of it is in the registry)"});
                repo.clear();
            } else {
                repo = repositoryOf(repo);
            }
        }
        const Json& size = member(image, "size");
        std::int64_t bytes = 0;
        if (size.is_null()) {
            errors.push_back({path + ".size", "Required value: the image's size, e.g. 120Mi"});
        } else {
            const std::string text = size.is_string() ? size.get<std::string>() : size.dump();
            auto q = Quantity::parse(text);
            if (!q)
                errors.push_back({path + ".size", "Invalid value: " + Json(text).dump() + ": " + q.error().message});
            else if ((bytes = q->value()) <= 0)
                errors.push_back({path + ".size", "Invalid value: " + Json(text).dump() + ": must be greater than 0"});
        }
        const Json& user = member(image, "user");
        std::string userText;
        if (user.is_string())
            userText = user.get<std::string>();
        else if (user.is_number_unsigned())
            userText = user.dump();
        else if (!user.is_null())
            errors.push_back({path + ".user", "Invalid value: " + user.dump() + ": a uid or a user name"});
        if (!repo.empty() && bytes > 0) {
            Json entry{{"sizeBytes", bytes}};
            if (!userText.empty())
                entry["user"] = userText;
            lab[repo] = std::move(entry);
        }
    }
    if (!errors.empty())
        return fail(invalidObject("ImageCatalog", nameOf(manifest), errors));
    engine.setLabSetting(kCatalogSetting, lab.dump());
    return std::string("imagecatalog.kubelab.io configured");
}

std::int64_t pullMilliseconds(std::int64_t sizeBytes)
{
    return 1000 + sizeBytes / (30 * 1024);
}

} // namespace kubelab::core
