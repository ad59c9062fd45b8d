#include "migrasim/model/agent_store.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace migrasim {

std::size_t AgentStore::agent_count() const {
  return std::accumulate(block_size.begin(), block_size.end(), std::size_t{0});
}

void AgentStore::resize_slots(std::size_t slots) {
  id.assign(slots, 0);
  hukou_region.assign(slots, 0);
  location.assign(slots, 0);
  age.assign(slots, 0);
  birth_month.assign(slots, 0);
  arrival.assign(slots, 0);
  insured.assign(slots, 0);
  traits.assign(slots, Traits{});
}

void AgentStore::assign(const std::vector<AgentRecord>& agents, std::size_t target) {
  begin_fill(agents.size(), target);
  for (const auto& a : agents) append(a);
  end_fill();
}

void AgentStore::begin_fill(std::size_t expected_agents, std::size_t target) {
  target_ = std::max<std::size_t>(target, 64);
  // Room per block: births outpace deaths by well under 1% a month, and
  // rebalance_if_needed() re-lays once a block passes target + 1/8.
  capacity_ = target_ + target_ / 4 + 64;
  const std::size_t blocks = expected_agents / target_ + 2;
  block_size.assign(1, 0);
  block_size.reserve(blocks);
  resize_slots(blocks * capacity_);
  next_id = 0;
}

void AgentStore::append(const AgentRecord& agent) {
  std::size_t b = block_size.size() - 1;
  if (agent.traits.household_start() && block_size[b] >= target_) {
    block_size.push_back(0);
    ++b;
  }
  if (block_size[b] >= capacity_)
    throw std::length_error("AgentStore: household larger than a block");
  if ((b + 1) * capacity_ > id.size()) {
    // More agents than expected: grow (set-up only, never in the tick loop).
    const std::size_t slots = id.size() + (id.size() / 2 + 1) / capacity_ * capacity_ + capacity_;
    id.resize(slots);
    hukou_region.resize(slots);
    location.resize(slots);
    age.resize(slots);
    birth_month.resize(slots);
    arrival.resize(slots);
    insured.resize(slots);
    traits.resize(slots);
  }
  put(b * capacity_ + block_size[b], agent);
  ++block_size[b];
  next_id = std::max(next_id, agent.id + 1);
}

void AgentStore::end_fill() {
  if (block_size.size() == 1 && block_size[0] == 0) block_size.clear();
}

std::vector<AgentRecord> AgentStore::records() const {
  std::vector<AgentRecord> out;
  out.reserve(agent_count());
  for (std::size_t b = 0; b < block_count(); ++b) {
    for (std::size_t s = block_begin(b); s < block_end(b); ++s) out.push_back(record(s));
  }
  return out;
}

bool AgentStore::rebalance_if_needed() {
  const std::size_t limit = target_ + target_ / 8;
  const bool full =
      std::any_of(block_size.begin(), block_size.end(), [&](std::uint32_t n) { return n > limit; });
  if (!full) return false;
  const std::uint32_t keep_next_id = next_id;
  assign(records(), target_);
  next_id = keep_next_id;
  return true;
}

void AgentStore::reserve_block(std::size_t capacity) {
  capacity_ = capacity;
  target_ = capacity;
  block_size.assign(1, 0);
  resize_slots(capacity);
}

std::size_t AgentStore::bytes_allocated() const {
  return id.capacity() * sizeof(std::uint32_t) + hukou_region.capacity() * 2 +
         location.capacity() * 2 + age.capacity() + birth_month.capacity() +
         arrival.capacity() * 2 + insured.capacity() * 2 + traits.capacity() * sizeof(Traits);
}

}  // namespace migrasim
