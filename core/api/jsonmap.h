// SPDX-License-Identifier: GPL-3.0-or-later
// Derived from nlohmann::ordered_map (JSON for Modern C++ 3.11.2,
// SPDX-FileCopyrightText: 2013-2022 Niels Lohmann, SPDX-License-Identifier: MIT).
#pragma once

#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/api/jsoncheck.h"

namespace kubelab::core {

/// The object type of `Json`: members in insertion order, in a vector, found by a linear
/// scan (objects are small), as nlohmann::ordered_map keeps them, with one difference that
/// matters for speed: the key is not `const`. nlohmann's map stores `pair<const Key, T>`,
/// which cannot be moved, so every time an object's vector grew each member was copied,
/// its whole subtree with it; here the vector moves its members. Keys are never changed in
/// place by the library or by KubeLab (the vector is only reached through Json's interface).
template <class Key, class T, class IgnoredLess = std::less<Key>,
          class Allocator = std::allocator<std::pair<const Key, T>>>
struct JsonMap : std::vector<std::pair<Key, T>,
                             typename std::allocator_traits<Allocator>::template rebind_alloc<std::pair<Key, T>>> {
    using key_type = Key;
    using mapped_type = T;
    using Container =
        std::vector<std::pair<Key, T>, typename std::allocator_traits<Allocator>::template rebind_alloc<std::pair<Key, T>>>;
    using iterator = typename Container::iterator;
    using const_iterator = typename Container::const_iterator;
    using size_type = typename Container::size_type;
    using value_type = typename Container::value_type;
    using key_compare = std::equal_to<>;

    template <class KeyType>
    static constexpr bool kUsableKey = nlohmann::detail::is_usable_as_key_type<key_compare, key_type, KeyType>::value;

    JsonMap() noexcept(noexcept(Container())) : Container{} {}
    template <class It>
    JsonMap(It first, It last) : Container{first, last} {}
    JsonMap(std::initializer_list<value_type> init) : Container{init} {}

    template <class KeyType>
    iterator find(const KeyType& key)
    {
        return findIn(*this, key);
    }
    template <class KeyType>
    const_iterator find(const KeyType& key) const
    {
        return findIn(*this, key);
    }
    iterator find(const key_type& key) { return find<key_type>(key); }
    const_iterator find(const key_type& key) const { return find<key_type>(key); }

    std::pair<iterator, bool> emplace(const key_type& key, T&& t)
    {
        if (auto it = find(key); it != this->end())
            return {it, false};
        Container::emplace_back(key, std::forward<T>(t));
        return {std::prev(this->end()), true};
    }
    template <class KeyType, std::enable_if_t<kUsableKey<KeyType>, int> = 0>
    std::pair<iterator, bool> emplace(KeyType&& key, T&& t)
    {
        if (auto it = find(key); it != this->end())
            return {it, false};
        Container::emplace_back(std::forward<KeyType>(key), std::forward<T>(t));
        return {std::prev(this->end()), true};
    }

    T& operator[](const key_type& key) { return emplace(key, T{}).first->second; }
    template <class KeyType, std::enable_if_t<kUsableKey<KeyType>, int> = 0>
    T& operator[](KeyType&& key)
    {
        return emplace(std::forward<KeyType>(key), T{}).first->second;
    }
    const T& operator[](const key_type& key) const { return at(key); }
    template <class KeyType, std::enable_if_t<kUsableKey<KeyType>, int> = 0>
    const T& operator[](KeyType&& key) const
    {
        return at(key);
    }

    T& at(const key_type& key) { return checked(find(key))->second; }
    template <class KeyType, std::enable_if_t<kUsableKey<KeyType>, int> = 0>
    T& at(KeyType&& key)
    {
        return checked(find(key))->second;
    }
    const T& at(const key_type& key) const { return checked(find(key))->second; }
    template <class KeyType, std::enable_if_t<kUsableKey<KeyType>, int> = 0>
    const T& at(KeyType&& key) const
    {
        return checked(find(key))->second;
    }

    size_type erase(const key_type& key) { return eraseKey(key); }
    template <class KeyType, std::enable_if_t<kUsableKey<KeyType>, int> = 0>
    size_type erase(KeyType&& key)
    {
        return eraseKey(key);
    }
    iterator erase(iterator pos) { return Container::erase(pos); }
    iterator erase(iterator first, iterator last) { return Container::erase(first, last); }

    size_type count(const key_type& key) const { return find(key) == this->end() ? 0 : 1; }
    template <class KeyType, std::enable_if_t<kUsableKey<KeyType>, int> = 0>
    size_type count(KeyType&& key) const
    {
        return find(key) == this->end() ? 0 : 1;
    }

    std::pair<iterator, bool> insert(value_type&& value) { return emplace(value.first, std::move(value.second)); }
    std::pair<iterator, bool> insert(const value_type& value)
    {
        if (auto it = find(value.first); it != this->end())
            return {it, false};
        Container::push_back(value);
        return {std::prev(this->end()), true};
    }
    template <typename InputIt,
              typename = std::enable_if_t<std::is_convertible_v<
                  typename std::iterator_traits<InputIt>::iterator_category, std::input_iterator_tag>>>
    void insert(InputIt first, InputIt last)
    {
        for (auto it = first; it != last; ++it)
            insert(*it);
    }

private:
    template <class It>
    It checked(It it) const
    {
        if (it == this->end())
            throw std::out_of_range("key not found");
        return it;
    }
    template <class KeyType>
    size_type eraseKey(const KeyType& key)
    {
        auto it = find(key);
        if (it == this->end())
            return 0;
        Container::erase(it);
        return 1;
    }
    // A key given as text (a literal, a `const char*`, a string_view) is measured once and
    // each member's key compared by length first: `std::string == const char*` would
    // measure the text and compare bytes again for every member.
    template <class Self, class KeyType>
    static auto findIn(Self& self, const KeyType& key)
    {
        auto it = self.begin();
        if constexpr (std::is_convertible_v<const KeyType&, std::string_view>) {
            const std::string_view k(key);
            for (; it != self.end(); ++it)
                if (std::string_view(it->first) == k)
                    break;
        } else {
            for (; it != self.end(); ++it)
                if (it->first == key)
                    break;
        }
        return it;
    }
};

} // namespace kubelab::core
