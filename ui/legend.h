// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsView>

namespace kubelab::ui {

/// What the canvas's colours and shapes mean: one sample pod chip per state (drawn by the
/// canvas's own item), and how to read a node's bars.
class Legend final : public QGraphicsView {
    Q_OBJECT
public:
    explicit Legend(QWidget* parent = nullptr);
    void retranslate();
    [[nodiscard]] QSize sizeHint() const override;

private:
    void populate();
};

} // namespace kubelab::ui
