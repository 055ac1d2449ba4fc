// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/table.h"

#include "core/cli/printers.h"

namespace kubelab::core::server {

namespace {

Json rowObject(const Json& object, std::string_view includeObject)
{
    if (includeObject == "None")
        return Json();
    if (includeObject == "Object")
        return object;
    Json meta = object.contains("metadata") ? object["metadata"] : Json::object();
    return Json{{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", meta}};
}

} // namespace

bool wantsTable(std::string_view accept)
{
    return accept.find("as=Table") != std::string_view::npos;
}

Json makeTable(const Engine& engine, const ResourceInfo& resource, const std::vector<ObjectPtr>& objects,
               std::string_view includeObject, std::string_view resourceVersion, bool withColumns)
{
    Json table = Json{{"kind", "Table"},
                      {"apiVersion", "meta.k8s.io/v1"},
                      {"metadata", Json{{"resourceVersion", std::string(resourceVersion)}}}};
    if (withColumns) {
        Json columns = Json::array();
        for (const cli::TableColumnInfo& c : cli::tableColumns(resource.kind)) {
            Json column = Json{{"name", c.name}, {"type", "string"}, {"format", c.isName ? "name" : ""},
                               {"description", ""}, {"priority", c.priority}};
            columns.push_back(std::move(column));
        }
        table["columnDefinitions"] = std::move(columns);
    }
    Json rows = Json::array();
    for (const ObjectPtr& object : objects) {
        if (!object)
            continue;
        Json cells = Json::array();
        for (std::string& cell : cli::tableCells(engine, resource.kind, *object))
            cells.push_back(std::move(cell));
        Json row = Json{{"cells", std::move(cells)}};
        if (Json o = rowObject(*object, includeObject); !o.is_null())
            row["object"] = std::move(o);
        rows.push_back(std::move(row));
    }
    table["rows"] = std::move(rows);
    return table;
}

} // namespace kubelab::core::server
