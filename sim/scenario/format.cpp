// Lookups in the format's table (format_table.cpp): rules by pattern, members and items, choices and shapes.
#include "scenario/format.h"

#include <stdexcept>
#include <unordered_map>

namespace chaossim::format {

namespace {

// Lookups by pattern, and each rule's members precomputed so that walking a document allocates nothing.
struct Tables {
  std::unordered_map<std::string_view, const Rule*> by_pattern;
  std::unordered_map<const Rule*, std::vector<std::pair<std::string_view, const Rule*>>> members;  // objects
  std::unordered_map<const Rule*, const Rule*> element;  // map values and array items
};

const Tables& tables() {
  static const Tables t = [] {
    Tables built;
    for (const Rule& r : rules()) built.by_pattern[r.pattern] = &r;
    // Every rule's parent is in the table (a test checks it); a rule without one would simply be unreachable.
    auto parent_of = [&](std::string_view pattern) {
      const auto it = built.by_pattern.find(pattern);
      return it == built.by_pattern.end() ? nullptr : it->second;
    };
    for (const Rule& r : rules()) {
      const std::string_view p = r.pattern;
      if (p.empty()) continue;
      if (p.ends_with("[]") || p.ends_with(".*")) {
        built.element[parent_of(p.substr(0, p.size() - 2))] = &r;
        continue;
      }
      const std::size_t dot = p.rfind('.');
      const std::string_view parent = dot == std::string_view::npos ? std::string_view{} : p.substr(0, dot);
      built.members[parent_of(parent)].emplace_back(dot == std::string_view::npos ? p : p.substr(dot + 1), &r);
    }
    return built;
  }();
  return t;
}

}  // namespace

const Rule* find_rule(std::string_view pattern) {
  const auto& by = tables().by_pattern;
  const auto it = by.find(pattern);
  return it == by.end() ? nullptr : it->second;
}

const Rule* member_rule(const Rule& parent, std::string_view key) {
  if (parent.kind == Kind::map) return item_rule(parent);
  if (parent.kind != Kind::object) return nullptr;
  const auto it = tables().members.find(&parent);
  if (it == tables().members.end()) return nullptr;
  for (const auto& [name, rule] : it->second)
    if (name == key) return rule;
  return nullptr;
}

const Rule* item_rule(const Rule& parent) {
  if (parent.kind != Kind::map && parent.kind != Kind::array) return nullptr;
  const auto it = tables().element.find(&parent);
  return it == tables().element.end() ? nullptr : it->second;
}

std::vector<std::string> child_keys(const Rule& object) {
  std::vector<std::string> out;
  if (const auto it = tables().members.find(&object); it != tables().members.end())
    for (const auto& [name, ignored] : it->second) out.emplace_back(name);
  return out;
}

std::vector<std::string> choice_values(const Rule& rule) {
  std::vector<std::string> out;
  for (const Choice& c : rule.choices) out.emplace_back(c.name);
  return out;
}

const Choice* find_choice(const Rule& rule, std::string_view name) {
  for (const Choice& c : rule.choices)
    if (c.name == name) return &c;
  return nullptr;
}

std::string_view choice_name(const Rule& rule, std::uint8_t value) {
  for (const Choice& c : rule.choices)
    if (c.value == value) return c.name;
  return {};
}

const Rule& rule_at(std::string_view pattern) {
  const Rule* r = find_rule(pattern);
  if (!r) throw std::logic_error("no format rule for " + std::string(pattern));
  return *r;
}

bool listed(std::string_view list, std::string_view key) {
  while (!list.empty()) {
    const std::size_t space = list.find(' ');
    if (list.substr(0, space) == key) return true;
    list = space == std::string_view::npos ? std::string_view{} : list.substr(space + 1);
  }
  return false;
}

}  // namespace chaossim::format
