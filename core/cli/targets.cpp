// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/targets.h"

#include "core/api/fieldselector.h"

namespace kubelab::cli {

using namespace kubelab::core;

std::string namespaceFor(const Context& ctx, const ResourceInfo& resource)
{
    return resource.namespaced ? ctx.ns : std::string();
}

Result<std::vector<ObjectPtr>> listSelected(const Context& ctx, const ResourceInfo& resource, const std::string& ns)
{
    const std::string labelText = ctx.inv.value("selector").value_or("");
    const std::string fieldText = ctx.inv.value("field-selector").value_or("");
    auto labels = LabelSelector::parse(labelText);
    if (!labels)
        return std::unexpected(labels.error());
    auto fields = FieldSelector::parse(fieldText);
    if (fields)
        if (auto supported = fields->supportedBy(resource.kind); !supported)
            fields = std::unexpected(supported.error());
    if (!fields)
        // The resource builder's wording of a list the server refused (GroupVersionResource's String()).
        return fail(ErrorCode::BadRequest, "Unable to find \"" + std::string(resource.group) + "/" +
                                               std::string(resource.version) + ", Resource=" +
                                               std::string(resource.plural) + "\" that match label selector \"" +
                                               labelText + "\", field selector \"" + fieldText +
                                               "\": " + fields.error().message);
    std::vector<ObjectPtr> objects = ctx.engine.list(resource.kind, ns, *labels);
    if (!fields->empty())
        std::erase_if(objects, [&](const ObjectPtr& o) { return !fields->matches(*o); });
    return objects;
}

Error notFound(const ResourceInfo& resource, const std::string& name)
{
    return makeError(ErrorCode::NotFound, resource.qualifiedPlural() + " \"" + name + "\" not found");
}

std::optional<std::vector<TargetGroup>> parseTargets(Context& ctx, const std::vector<std::string>& args)
{
    std::vector<TargetGroup> groups;
    if (args.empty())
        return groups;
    if (args.front().find('/') != std::string::npos) {
        for (const std::string& a : args) {
            auto slash = a.find('/');
            if (slash == std::string::npos) {
                ctx.err << "error: there is no need to specify a resource type as a separate argument when passing "
                           "arguments in resource/name form (e.g. 'klab get resource/<resource_name>' instead of "
                           "'klab get resource resource/<resource_name>'\n";
                return std::nullopt;
            }
            const ResourceInfo* r = resolveResource(ctx, a.substr(0, slash));
            if (!r)
                return std::nullopt;
            std::string name = a.substr(slash + 1);
            auto it = std::find_if(groups.begin(), groups.end(), [&](const TargetGroup& g) { return g.resource == r; });
            if (it == groups.end())
                groups.push_back(TargetGroup{r, {name}});
            else
                it->names.push_back(name);
        }
        return groups;
    }
    std::string kinds = args.front();
    std::size_t start = 0;
    while (true) {
        auto comma = kinds.find(',', start);
        std::string k = kinds.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (k == "all") {
            for (const ResourceInfo& r : allResources())
                if (std::find(r.categories.begin(), r.categories.end(), "all") != r.categories.end())
                    groups.push_back(TargetGroup{&r, {}});
        } else if (!k.empty()) {
            const ResourceInfo* r = resolveResource(ctx, k);
            if (!r)
                return std::nullopt;
            groups.push_back(TargetGroup{r, {}});
        }
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    for (std::size_t i = 1; i < args.size(); ++i)
        for (TargetGroup& g : groups)
            g.names.push_back(args[i]);
    return groups;
}

} // namespace kubelab::cli
