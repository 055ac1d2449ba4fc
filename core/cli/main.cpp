// SPDX-License-Identifier: GPL-3.0-or-later
// klab: the command line over a KubeLab lab. Thin: everything lives in core/cli.
#include <cstdlib>
#include <iostream>

#include "core/cli/cli.h"

int main(int argc, char* argv[])
{
    std::vector<std::string> args(argv + 1, argv + argc);
    kubelab::cli::Environment env;
    if (const char* lab = std::getenv("KLAB_LAB"))
        env.labPath = lab;
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"})
        if (const char* v = std::getenv(var); v && *v) {
            env.locale = v;
            break;
        }
    std::ios::sync_with_stdio(false);
    int rc = kubelab::cli::runKlab(args, std::cout, std::cerr, std::cin, env);
    std::cout.flush();
    return rc;
}
