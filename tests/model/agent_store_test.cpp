// The agent store (agent_store.hpp): packed traits, the struct-of-arrays
// layout in blocks of whole households, filling, reading back, and
// re-laying blocks after growth.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/random.hpp"

namespace migrasim {
namespace {

// ---------------------------------------------------------------- Traits

struct TraitValues {
  HukouType hukou;
  Role role;
  Education education;
  Employment employment;
  bool land, home, start;
};

void set_all(Traits& t, const TraitValues& v) {
  t.set_hukou_type(v.hukou);
  t.set_role(v.role);
  t.set_education(v.education);
  t.set_employment(v.employment);
  t.set_holds_land(v.land);
  t.set_owns_home(v.home);
  t.set_household_start(v.start);
}

void expect_all(const Traits& t, const TraitValues& v) {
  EXPECT_EQ(t.hukou_type(), v.hukou);
  EXPECT_EQ(t.role(), v.role);
  EXPECT_EQ(t.education(), v.education);
  EXPECT_EQ(t.employment(), v.employment);
  EXPECT_EQ(t.holds_land(), v.land);
  EXPECT_EQ(t.owns_home(), v.home);
  EXPECT_EQ(t.household_start(), v.start);
}

// Every combination of every field's values (3 x 4 x 4 x 5 x 2 x 2 x 2 =
// 1,920) round-trips, written over a zero and over an all-ones word, and
// packs into the documented bit positions.
TEST(Traits, EveryCombinationRoundTrips) {
  int combinations = 0;
  for (int h = 0; h < 3; ++h) {
    for (int r = 0; r < 4; ++r) {
      for (int e = 0; e < 4; ++e) {
        for (int m = 0; m < 5; ++m) {
          for (int flags = 0; flags < 8; ++flags) {
            const TraitValues v{static_cast<HukouType>(h), static_cast<Role>(r),
                                static_cast<Education>(e), static_cast<Employment>(m),
                                (flags & 1) != 0,          (flags & 2) != 0,
                                (flags & 4) != 0};
            Traits zero, ones;
            ones.bits = 0xffff;
            set_all(zero, v);
            set_all(ones, v);
            expect_all(zero, v);
            expect_all(ones, v);
            const unsigned expected = h | r << 2 | e << 4 | m << 6 | (flags & 1) << 9 |
                                      ((flags >> 1) & 1) << 10 | ((flags >> 2) & 1) << 11;
            EXPECT_EQ(zero.bits, expected);
            // Bits 12-15 are unused: setting fields leaves them alone.
            EXPECT_EQ(ones.bits, expected | 0xf000u);
            ++combinations;
          }
        }
      }
    }
  }
  EXPECT_EQ(combinations, 1920);
}

// Changing one field leaves every other field as it was.
TEST(Traits, SettersTouchOnlyTheirField) {
  const TraitValues base{HukouType::non_agricultural,
                         Role::spouse,
                         Education::senior,
                         Employment::farming,
                         true,
                         false,
                         true};
  Traits t;
  set_all(t, base);
  for (int h = 0; h < 3; ++h) {
    Traits u = t;
    u.set_hukou_type(static_cast<HukouType>(h));
    TraitValues v = base;
    v.hukou = static_cast<HukouType>(h);
    expect_all(u, v);
  }
  for (int r = 0; r < 4; ++r) {
    Traits u = t;
    u.set_role(static_cast<Role>(r));
    TraitValues v = base;
    v.role = static_cast<Role>(r);
    expect_all(u, v);
  }
  for (int e = 0; e < 4; ++e) {
    Traits u = t;
    u.set_education(static_cast<Education>(e));
    TraitValues v = base;
    v.education = static_cast<Education>(e);
    expect_all(u, v);
  }
  for (int m = 0; m < 5; ++m) {
    Traits u = t;
    u.set_employment(static_cast<Employment>(m));
    TraitValues v = base;
    v.employment = static_cast<Employment>(m);
    expect_all(u, v);
  }
  for (bool flag : {false, true}) {
    Traits u = t;
    u.set_holds_land(flag);
    TraitValues v = base;
    v.land = flag;
    expect_all(u, v);
    u = t;
    u.set_owns_home(flag);
    v = base;
    v.home = flag;
    expect_all(u, v);
    u = t;
    u.set_household_start(flag);
    v = base;
    v.start = flag;
    expect_all(u, v);
  }
}

// ------------------------------------------------------------ the store

TEST(AgentStore, StateFitsThe32BytePerAgentBudget) {
  EXPECT_LE(AgentStore::kBytesPerAgent, 32u);
  EXPECT_EQ(sizeof(Traits), 2u);
  // The constant is what the arrays really hold per slot: a fresh store of
  // 1,000 slots allocates exactly 1,000 x kBytesPerAgent bytes.
  AgentStore s;
  s.reserve_block(1000);
  EXPECT_EQ(s.bytes_allocated(), 1000 * AgentStore::kBytesPerAgent);
}

bool same_record(const AgentRecord& a, const AgentRecord& b) {
  return a.id == b.id && a.hukou_region == b.hukou_region && a.location == b.location &&
         a.age == b.age && a.birth_month == b.birth_month &&
         a.months_at_location == b.months_at_location && a.insured_months == b.insured_months &&
         a.traits.bits == b.traits.bits;
}

void expect_same_records(const std::vector<AgentRecord>& got,
                         const std::vector<AgentRecord>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(same_record(got[i], expected[i]))
        << "record " << i << " (id " << expected[i].id << ", got id " << got[i].id << ")";
  }
}

// `households` households of 1-`max_size` persons with every field set from
// a fixed random sequence; ids 0..n-1 in order unless `id_offset`. Months at
// the location and insured months stay within a life (< 256 years, and
// insured <= at the location), the range the engine must represent.
std::vector<AgentRecord> make_households(int households, int max_size,
                                         std::uint32_t id_offset = 0) {
  RandomSequence rng(99, 0, 0, Purpose::synthesis);
  std::vector<AgentRecord> out;
  std::uint32_t id = id_offset;
  for (int h = 0; h < households; ++h) {
    const int size = 1 + static_cast<int>(rng.below(max_size));
    for (int i = 0; i < size; ++i) {
      AgentRecord a;
      a.id = id++;
      a.hukou_region = static_cast<std::uint16_t>(rng.below(65536));
      a.location = static_cast<std::uint16_t>(rng.below(65536));
      a.age = static_cast<std::uint8_t>(rng.below(256));
      a.birth_month = static_cast<std::uint8_t>(rng.below(12));
      a.months_at_location = static_cast<std::uint16_t>(rng.below(256 * 12));
      a.insured_months = static_cast<std::uint16_t>(rng.below(a.months_at_location + 1u));
      a.traits.bits = static_cast<std::uint16_t>(rng.below(1u << 11));  // bits 0-10 random
      a.traits.set_household_start(i == 0);
      out.push_back(a);
    }
  }
  return out;
}

// Every block starts with a household head, holds at most its capacity and
// lies within the arrays.
void expect_blocks_cut_at_households(const AgentStore& s) {
  for (std::size_t b = 0; b < s.block_count(); ++b) {
    EXPECT_LE(s.block_size[b], s.block_capacity()) << "block " << b;
    EXPECT_LE(s.block_end(b), s.id.size()) << "block " << b;
    if (s.block_size[b] > 0) {
      EXPECT_TRUE(s.traits[s.block_begin(b)].household_start()) << "block " << b;
    }
  }
}

TEST(AgentStore, AssignThenRecordsRoundTripsEveryField) {
  const auto agents = make_households(3000, 8);
  AgentStore s;
  s.assign(agents, 500);
  EXPECT_EQ(s.agent_count(), agents.size());
  EXPECT_GT(s.block_count(), 1u);
  expect_same_records(s.records(), agents);
  EXPECT_EQ(s.next_id, agents.back().id + 1);
  // record(slot) agrees with the arrays.
  const AgentRecord first = s.record(s.block_begin(1));
  EXPECT_EQ(first.id, s.id[s.block_begin(1)]);
  EXPECT_EQ(first.traits.bits, s.traits[s.block_begin(1)].bits);
}

TEST(AgentStore, PutThenRecordRoundTrips) {
  const auto agents = make_households(10, 4);
  AgentStore s;
  s.reserve_block(64);
  for (std::size_t i = 0; i < agents.size(); ++i) s.put(i, agents[i]);
  for (std::size_t i = 0; i < agents.size(); ++i) EXPECT_TRUE(same_record(s.record(i), agents[i]));
}

TEST(AgentStore, BlocksAreCutOnlyAtHouseholdStarts) {
  const auto agents = make_households(5000, 10);
  for (std::size_t target : {100u, 1000u, 16384u}) {
    AgentStore s;
    s.assign(agents, target);
    SCOPED_TRACE("target " + std::to_string(target));
    expect_blocks_cut_at_households(s);
    // "Blocks of about target agents": all but the last are within one
    // household (at most 10 persons here) of the target.
    for (std::size_t b = 0; b + 1 < s.block_count(); ++b) {
      EXPECT_GT(s.block_size[b] + 10, target) << "block " << b;
      EXPECT_LT(s.block_size[b], target + 10) << "block " << b;
    }
    EXPECT_GT(s.block_capacity(), target) << "blocks need room for births";
    expect_same_records(s.records(), agents);
  }
}

TEST(AgentStore, FillingPastTheExpectedCountGrows) {
  const auto agents = make_households(4000, 6);
  AgentStore s;
  s.begin_fill(10, 100);  // far fewer than will come
  for (const auto& a : agents) s.append(a);
  s.end_fill();
  expect_same_records(s.records(), agents);
  expect_blocks_cut_at_households(s);
  EXPECT_GE(s.bytes_allocated(), s.block_count() * s.block_capacity() * AgentStore::kBytesPerAgent);
}

TEST(AgentStore, EmptyStoreHasNoBlocks) {
  AgentStore s;
  s.assign({}, 100);
  EXPECT_EQ(s.block_count(), 0u);
  EXPECT_EQ(s.agent_count(), 0u);
  EXPECT_TRUE(s.records().empty());
  EXPECT_FALSE(s.rebalance_if_needed());
}

TEST(AgentStore, AHouseholdLargerThanABlockIsRefused) {
  AgentStore s;
  s.begin_fill(1000, 64);
  AgentRecord a;
  a.traits.set_household_start(true);
  s.append(a);
  a.traits.set_household_start(false);
  EXPECT_THROW(
      {
        for (std::size_t i = 0; i <= s.block_capacity(); ++i) s.append(a);
      },
      std::length_error);
}

TEST(AgentStore, NextIdIsOnePastTheLargestId) {
  auto agents = make_households(50, 3, /*id_offset=*/1000);
  std::swap(agents.front().id, agents.back().id);  // largest id first
  AgentStore s;
  s.assign(agents, 64);
  EXPECT_EQ(s.next_id, 1000u + agents.size());
}

// Grows block `b` the way the agent phase does (agents written past the
// block's end, within its capacity) by `extra` one-person households.
void grow_block(AgentStore& s, std::size_t b, std::size_t extra, std::uint32_t& next_id) {
  for (std::size_t i = 0; i < extra; ++i) {
    AgentRecord a;
    a.id = next_id++;
    a.age = 0;
    a.location = static_cast<std::uint16_t>(b);
    a.traits.set_household_start(true);
    a.traits.set_role(Role::worker);
    s.put(s.block_end(b), a);
    ++s.block_size[b];
  }
}

TEST(AgentStore, RebalanceDoesNothingWhileBlocksHaveRoom) {
  const auto agents = make_households(2000, 5);
  AgentStore s;
  s.assign(agents, 1000);
  const auto sizes = s.block_size;
  EXPECT_FALSE(s.rebalance_if_needed());
  EXPECT_EQ(s.block_size, sizes);
  expect_same_records(s.records(), agents);
}

TEST(AgentStore, RebalanceKeepsOrderIdsAndNextId) {
  const auto agents = make_households(3000, 5);
  AgentStore s;
  s.assign(agents, 1000);
  ASSERT_GE(s.block_count(), 3u);
  // Fill block 1 to its capacity: it is full.
  std::uint32_t next_id = s.next_id + 7;  // ids need not be dense
  grow_block(s, 1, s.block_capacity() - s.block_size[1], next_id);
  s.next_id = next_id + 100;  // e.g. ids of agents that have since died
  const auto before = s.records();
  const std::uint32_t next_before = s.next_id;
  const std::size_t blocks_before = s.block_count();

  EXPECT_TRUE(s.rebalance_if_needed());
  expect_same_records(s.records(), before);
  EXPECT_EQ(s.next_id, next_before);
  EXPECT_EQ(s.agent_count(), before.size());
  EXPECT_GT(s.block_count(), blocks_before);
  expect_blocks_cut_at_households(s);
  for (std::size_t b = 0; b < s.block_count(); ++b) {
    EXPECT_LT(s.block_size[b], 1000u + 5) << "block " << b;  // about the target again
  }
  // Once re-laid there is room again.
  EXPECT_FALSE(s.rebalance_if_needed());
}

}  // namespace
}  // namespace migrasim
