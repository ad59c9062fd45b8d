// Counter-based random numbers (Philox4x32-10, Salmon et al., SC'11), keyed
// by (seed, agent id, tick, purpose). There is no generator state: the same
// key gives the same numbers whichever thread asks and in whatever order, so
// runs are identical for any thread count, rank count or restart point.
#pragma once

#include <array>
#include <cstdint>

namespace migrasim {

// What a draw is for; part of the counter so purposes never share numbers.
enum class Purpose : std::uint32_t {
  synthesis = 1,
  demography = 2,    // death, birth, newborn's traits
  migration = 3,     // hazard, destination, family following
  employment = 4,    // job status after a move
  registration = 5,  // chance-based eligibility: family reunion, home purchase (policy module)
  admission = 6,     // ties between equal scores in quota admission (policy module)
  design = 7,        // sampling of ensemble designs (analysis/design.hpp)
};

using PhiloxBlock = std::array<std::uint32_t, 4>;

// The Philox4x32 bijection with 10 rounds.
constexpr PhiloxBlock philox4x32_10(PhiloxBlock ctr, std::array<std::uint32_t, 2> key) {
  constexpr std::uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(kMul0) * ctr[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kMul1) * ctr[2];
    ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<std::uint32_t>(p0)};
    key[0] += kWeyl0;
    key[1] += kWeyl1;
  }
  return ctr;
}

// Four 32-bit words for one (agent, tick, purpose, index) under a seed.
class RandomStream {
 public:
  constexpr RandomStream(std::uint64_t seed, std::uint32_t id, std::uint32_t tick, Purpose purpose)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        id_(id),
        tick_(tick),
        purpose_(static_cast<std::uint32_t>(purpose)) {}

  // The index-th block of four words of this stream.
  constexpr PhiloxBlock block(std::uint32_t index) const {
    return philox4x32_10({id_, tick_, purpose_, index}, key_);
  }

 private:
  std::array<std::uint32_t, 2> key_;
  std::uint32_t id_, tick_, purpose_;
};

// A uniform double in [0, 1) from 32 random bits (resolution 2^-32).
constexpr double uniform32(std::uint32_t bits) {
  return bits * (1.0 / 4294967296.0);
}

// A uniform double in [0, 1) with 53 random bits from two words.
constexpr double uniform53(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
  return static_cast<double>(bits & ((std::uint64_t{1} << 53) - 1)) * (1.0 / 9007199254740992.0);
}

// A cheaper counter-based draw (SplitMix64 finaliser, Steele et al. 2014)
// for the one screening number most agents need each tick (the migration
// hazard). Keyed like RandomStream; the key part is mixed once per tick.
constexpr std::uint64_t splitmix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class HashDraw {
 public:
  constexpr HashDraw(std::uint64_t seed, std::uint32_t tick, Purpose purpose)
      : key_(splitmix64(splitmix64(seed) ^ (static_cast<std::uint64_t>(purpose) << 32 | tick))) {}
  // 53 random bits for `id`.
  constexpr std::uint64_t bits53(std::uint32_t id) const { return splitmix64(key_ ^ id) >> 11; }
  // A uniform double in [0, 1) for `id`.
  constexpr double uniform(std::uint32_t id) const {
    return static_cast<double>(bits53(id)) * (1.0 / 9007199254740992.0);
  }

 private:
  std::uint64_t key_;
};

// Sequential draws from one stream, for set-up code that needs many numbers
// per key (population synthesis). Not for the tick loop's per-agent draws.
class RandomSequence {
 public:
  constexpr RandomSequence(std::uint64_t seed, std::uint32_t id, std::uint32_t tick,
                           Purpose purpose)
      : stream_(seed, id, tick, purpose) {}

  double uniform() {
    if (used_ >= 4) {
      words_ = stream_.block(next_++);
      used_ = 0;
    }
    const double u = uniform53(words_[used_], words_[used_ + 1]);
    used_ += 2;
    return u;
  }
  // Integer in [0, n).
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(uniform() * n); }

 private:
  RandomStream stream_;
  PhiloxBlock words_{};
  std::uint32_t next_ = 0;
  int used_ = 4;
};

}  // namespace migrasim
