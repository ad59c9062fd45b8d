// Person agents as struct-of-arrays, 16 bytes of state per agent.
//
// Households are stored contiguously, head first; the head carries the
// `household_start` trait. Agents are grouped in blocks of whole households:
// block b owns slots [b * capacity, b * capacity + size[b]) of every array.
// Blocks are the unit of parallel work and of in-place rebuilding (deaths
// removed, births inserted) so no tick ever shifts the whole population.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "migrasim/scenario/agent_kinds.hpp"

namespace migrasim {

// HukouType, Role, Education, Employment and kEducationLevels: in
// migrasim/scenario/agent_kinds.hpp (the scenario's parameters name them too).

// Packed traits of one agent (16 bits):
//   bits 0-1 hukou type, 2-3 role, 4-5 education, 6-8 employment,
//   9 holds rural land, 10 owns a home, 11 household start (head),
//   12-15 on the head: household size (members, 15 = 15 or more; 0 unknown),
//   so the tick finds the next household without scanning.
struct Traits {
  std::uint16_t bits = 0;

  HukouType hukou_type() const { return static_cast<HukouType>(bits & 0x3u); }
  Role role() const { return static_cast<Role>((bits >> 2) & 0x3u); }
  Education education() const { return static_cast<Education>((bits >> 4) & 0x3u); }
  Employment employment() const { return static_cast<Employment>((bits >> 6) & 0x7u); }
  bool holds_land() const { return bits & (1u << 9); }
  bool owns_home() const { return bits & (1u << 10); }
  bool household_start() const { return bits & (1u << 11); }
  int household_size() const { return (bits >> 12) & 0xFu; }

  void set_hukou_type(HukouType v) { put(0, 0x3u, static_cast<unsigned>(v)); }
  void set_role(Role v) { put(2, 0x3u, static_cast<unsigned>(v)); }
  void set_education(Education v) { put(4, 0x3u, static_cast<unsigned>(v)); }
  void set_employment(Employment v) { put(6, 0x7u, static_cast<unsigned>(v)); }
  void set_holds_land(bool v) { put(9, 0x1u, v); }
  void set_owns_home(bool v) { put(10, 0x1u, v); }
  void set_household_start(bool v) { put(11, 0x1u, v); }
  void set_household_size(int n) { put(12, 0xFu, static_cast<unsigned>(n < 15 ? n : 15)); }
  // Marks member `index` of a household of `size`: the head carries the size.
  void set_member(int index, int size) {
    set_household_start(index == 0);
    set_household_size(index == 0 ? size : 0);
  }

 private:
  void put(int shift, unsigned mask, unsigned value) {
    bits = static_cast<std::uint16_t>((bits & ~(mask << shift)) | ((value & mask) << shift));
  }
};

// One agent's fields by value, for synthesis, tests and snapshots.
struct AgentRecord {
  std::uint32_t id = 0;
  std::uint16_t hukou_region = 0;
  std::uint16_t location = 0;
  std::uint8_t age = 0;          // completed years
  std::uint8_t birth_month = 0;  // 0 = January
  std::uint16_t months_at_location = 0;
  std::uint16_t insured_months = 0;  // social insurance at the location
  Traits traits;
};

class AgentStore {
 public:
  // The persistent fields, one array each (struct of arrays).
  //
  // Time spent at the location and in insured work are stored so that they
  // need no update while nothing happens to an agent: `arrival` is the tick
  // it arrived (months at location = clock - arrival), and `insured` is, for
  // an agent in formal work, the tick its insured months would have started
  // from (insured months = clock - insured), else the frozen count.
  std::vector<std::uint32_t> id;
  std::vector<std::uint16_t> hukou_region;
  std::vector<std::uint16_t> location;
  std::vector<std::uint8_t> age;
  std::vector<std::uint8_t> birth_month;
  std::vector<std::int16_t> arrival;
  std::vector<std::int16_t> insured;
  std::vector<Traits> traits;

  // Ticks done: the arrays describe the start of tick `clock`.
  int clock = 0;

  static int months_from(int tick, std::int16_t arrival) {
    return std::clamp(tick - arrival, 0, 65535);
  }
  static int insured_from(int tick, std::int16_t insured, bool formal) {
    return std::clamp(formal ? tick - insured : static_cast<int>(insured), 0, 65535);
  }
  int months_at_location(std::size_t slot) const { return months_from(clock, arrival[slot]); }
  int insured_months(std::size_t slot) const {
    return insured_from(clock, insured[slot], traits[slot].employment() == Employment::formal);
  }

  static constexpr std::size_t kBytesPerAgent = 4 + 2 + 2 + 1 + 1 + 2 + 2 + 2;

  std::size_t block_count() const { return block_size.size(); }
  std::size_t block_capacity() const { return capacity_; }
  std::size_t block_begin(std::size_t b) const { return b * capacity_; }
  std::size_t block_end(std::size_t b) const { return b * capacity_ + block_size[b]; }
  std::vector<std::uint32_t> block_size;

  std::size_t agent_count() const;
  std::uint32_t next_id = 0;  // id of the next agent born

  // Lays `agents` (households contiguous, heads marked) into blocks of about
  // `target` agents with room to grow. Replaces the current contents.
  void assign(const std::vector<AgentRecord>& agents, std::size_t target);

  // Filling without an intermediate copy (population synthesis): start, then
  // append agents in household order (heads marked), then finish.
  void begin_fill(std::size_t expected_agents, std::size_t target);
  void append(const AgentRecord& agent);
  void end_fill();

  // All agents in block order, as records.
  std::vector<AgentRecord> records() const;
  // An agent as a record at `tick` (default: the clock), and back. Months
  // are representable up to 32,767 (2,730 years) in either direction.
  AgentRecord record(std::size_t slot) const { return record(slot, clock); }
  AgentRecord record(std::size_t slot, int tick) const {
    return {id[slot],
            hukou_region[slot],
            location[slot],
            age[slot],
            birth_month[slot],
            static_cast<std::uint16_t>(months_from(tick, arrival[slot])),
            static_cast<std::uint16_t>(
                insured_from(tick, insured[slot], traits[slot].employment() == Employment::formal)),
            traits[slot]};
  }
  void put(std::size_t slot, const AgentRecord& a) { put(slot, a, clock); }
  void put(std::size_t slot, const AgentRecord& a, int tick) {
    id[slot] = a.id;
    hukou_region[slot] = a.hukou_region;
    location[slot] = a.location;
    age[slot] = a.age;
    birth_month[slot] = a.birth_month;
    arrival[slot] = static_cast<std::int16_t>(tick - a.months_at_location);
    insured[slot] = static_cast<std::int16_t>(
        a.traits.employment() == Employment::formal ? tick - a.insured_months : a.insured_months);
    traits[slot] = a.traits;
  }

  // Copies slots [from, from + count) of `source` to slots [to, ...) of this
  // store, every field (the arrays are trivially copyable: memmove per field).
  void copy_slots(const AgentStore& source, std::size_t from, std::size_t count, std::size_t to) {
    const auto field = [&](auto& dst, const auto& src) {
      std::copy(src.begin() + static_cast<std::ptrdiff_t>(from),
                src.begin() + static_cast<std::ptrdiff_t>(from + count),
                dst.begin() + static_cast<std::ptrdiff_t>(to));
    };
    field(id, source.id);
    field(hukou_region, source.hukou_region);
    field(location, source.location);
    field(age, source.age);
    field(birth_month, source.birth_month);
    field(arrival, source.arrival);
    field(insured, source.insured);
    field(traits, source.traits);
  }

  // Re-lays the agents when a block is close to full (after many births).
  // Returns whether it did; the agents' order is unchanged.
  bool rebalance_if_needed();

  // Makes this store a single empty block of `capacity` slots (per-thread
  // scratch for rebuilding one block of another store).
  void reserve_block(std::size_t capacity);

  // Bytes held by the arrays (capacity included).
  std::size_t bytes_allocated() const;

 private:
  void resize_slots(std::size_t slots);
  std::size_t capacity_ = 0;
  std::size_t target_ = 0;
};

}  // namespace migrasim
