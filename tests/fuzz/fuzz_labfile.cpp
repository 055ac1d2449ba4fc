// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a lab file from someone else. The bytes are written to a temporary file that
// `klab` opens and reads (`get` of every kind, `history`, `story`): a damaged or hostile
// file is refused or read, never crashes or hangs.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/cli/cli.h"

namespace {

std::string labPath()
{
    const char* tmp = std::getenv("TMPDIR");
    return (std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / ("kubelab-fuzz-" + std::to_string(::getpid()) + ".klab"))
        .string();
}

void removeLab(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::remove((path + suffix).c_str());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::string path = labPath();
    removeLab(path);
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    kubelab::cli::Environment env;
    env.labPath = path;
    const std::vector<std::vector<std::string>> commands = {
        {"get", "all", "-A", "-o", "wide"},
        {"get", "nodes,namespaces,events,pv,pvc,configmaps,secrets", "-A", "-o", "yaml"},
        {"history"},
        {"story"},
    };
    for (const auto& args : commands) {
        std::ostringstream out, err;
        std::istringstream in;
        (void)kubelab::cli::runKlab(args, out, err, in, env);
    }
    removeLab(path);
    return 0;
}
