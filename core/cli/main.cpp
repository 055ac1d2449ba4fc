// SPDX-License-Identifier: GPL-3.0-or-later
#include <iostream>

int main()
{
    std::cout << "klab\n";
    return 0;
}
