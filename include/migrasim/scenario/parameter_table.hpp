// The table of every scenario parameter: key, type, range, units, meaning and
// source. It drives INI parsing, --set, event parameters, docs and run files.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "migrasim/error.hpp"
#include "migrasim/scenario/parameters.hpp"

namespace migrasim {

// Accessors to the field a key names. Function pointers (not member pointers)
// so that nested structs need no special casing.
using RealField = double& (*)(Parameters&);
using IntegerField = long& (*)(Parameters&);
using TextField = std::string& (*)(Parameters&);
using MonthField = Month& (*)(Parameters&);
// A choice: an enum field, read and written as the index of its value, with
// the enum's words (choice_names in parameters.hpp).
struct ChoiceField {
  int (*get)(const Parameters&);
  void (*set)(Parameters&, int);
  std::span<const std::string_view> (*names)();
};
using FieldRef = std::variant<RealField, IntegerField, TextField, MonthField, ChoiceField>;

struct ParameterSpec {
  std::string_view key;  // "section.name"
  FieldRef field;
  double min = 0;  // numeric fields: inclusive range
  double max = 0;
  std::string_view units;
  std::string_view meaning;
  std::string_view source;

  std::string_view section() const;              // "migration"
  std::string_view name() const;                 // "hazard"
  std::string type_name() const;                 // "real", "integer", "text", "choice", "month"
  std::vector<std::string> choice_list() const;  // choice fields: the words; else empty
};

// All parameters, in documentation order.
std::span<const ParameterSpec> parameter_specs();

// The spec of `key`, or nullptr.
const ParameterSpec* find_parameter(std::string_view key);

// All keys, for did-you-mean suggestions.
std::vector<std::string> parameter_keys();

// Parses `text` for `spec` and stores it; on bad text throws
// "<where>: <label> '<shown>': expected <what>, got '<text>'", where `shown`
// defaults to the spec's key (events and region columns use the short name).
void assign_parameter(Parameters& params, const ParameterSpec& spec, std::string_view text,
                      const SourceLocation& where, std::string_view label = "key",
                      std::string_view shown = {});

// The current value as text (the form INI files use).
std::string parameter_value(const Parameters& params, const ParameterSpec& spec);

// Checks relations between parameters (e.g. age shares sum below 1) once
// everything is assigned; throws InputError naming `where`.
void validate_parameters(const Parameters& params, const SourceLocation& where);

}  // namespace migrasim
