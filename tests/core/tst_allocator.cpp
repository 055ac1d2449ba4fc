// SPDX-License-Identifier: GPL-3.0-or-later
// The allocator every program linked with the engine uses (core/CMakeLists.txt): with
// KUBELAB_MIMALLOC, malloc, operator new and the blocks the engine's own documents are made
// of come from mimalloc's heap, on any thread; a block is freed where it came from.
#include <QtTest>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "core/sim/engine.h"

#ifdef KUBELAB_MIMALLOC
#include <mimalloc.h>
#endif

class TestAllocator : public QObject {
    Q_OBJECT

private slots:
    void blocksComeFromMimalloc();
};

void TestAllocator::blocksComeFromMimalloc()
{
#ifndef KUBELAB_MIMALLOC
    QSKIP("built without mimalloc (KUBELAB_MIMALLOC=OFF or a sanitizer tree)");
#else
    void* block = std::malloc(64);
    QVERIFY(mi_is_in_heap_region(block));
    std::free(block);

    auto text = std::make_unique<std::string>(200, 'x');
    QVERIFY(mi_is_in_heap_region(text.get()));
    QVERIFY(mi_is_in_heap_region(text->data()));

    const kubelab::core::Json document = {{"kind", "Pod"}, {"metadata", {{"name", std::string(40, 'p')}}}};
    QVERIFY(mi_is_in_heap_region(&document["metadata"]));

    bool otherThread = false;
    std::thread([&] {
        void* b = std::malloc(4096);
        otherThread = mi_is_in_heap_region(b);
        std::free(b);
    }).join();
    QVERIFY(otherThread);
#endif
}

QTEST_APPLESS_MAIN(TestAllocator)
#include "tst_allocator.moc"
