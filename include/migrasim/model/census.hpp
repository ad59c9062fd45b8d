// The census question asked of agents (docs/model.md, "Census tables"): at
// each census date the scenario names (run.census_dates), where everyone
// lives by where they are registered (the hukou-based stock), and where
// everyone aged 5+ lives by where they lived 60 months earlier (the
// "residence five years ago" table of China's censuses and 1% surveys).
//
// The earlier location is kept sparsely: a five-year window opens at the
// start of the month 60 months before its census, and from then on the
// agent phase notes (agent id, region) the first time an agent alive at
// the opening moves. Everyone else still lives where they lived then. The
// list costs 6 bytes per agent who moved in the window, nothing per agent
// who did not, and is carried in snapshots so a resumed run is exact.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "migrasim/exec/context.hpp"
#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/month.hpp"

namespace migrasim {

// Months between a census and the earlier date its question asks about.
inline constexpr int kCensusWindowMonths = 60;
// The youngest age the five-year table counts (born before the earlier date).
inline constexpr int kCensusMinAge = 5;

// An agent's region at the opening of a window (6 bytes, packed).
#pragma pack(push, 1)
struct EarlierLocation {
  std::uint32_t id = 0;
  std::uint16_t region = 0;
};
#pragma pack(pop)
static_assert(sizeof(EarlierLocation) == 6);

// A move noted by the agent phase on one thread: agent `id` left `from`,
// the first move since the opening of open window `window`.
struct CensusMove {
  std::uint32_t id = 0;
  std::uint16_t from = 0;
  std::uint16_t window = 0;
};

// A five-year window between its opening (the start of tick `start_tick`)
// and its census (the end of tick census_tick - 1, the start of the census
// month). Part of the run's state: snapshots carry the open ones.
struct CensusWindow {
  int census_tick = 0;
  int start_tick = 0;
  std::uint32_t id_limit = 0;          // agents alive at the opening have smaller ids
  std::vector<EarlierLocation> moved;  // by tick of the move, by id within a tick
};

// What the agent phase reads: the windows open this tick (few; dates less
// than 60 months apart overlap).
struct CensusWatch {
  static constexpr int kMaxOpen = 16;
  int open = 0;
  int start_tick[kMaxOpen] = {};
  std::uint32_t id_limit[kMaxOpen] = {};
};

// Notes agent `id`'s move out of `from`, where it had lived since the
// start of tick `arrived`, in every open window that has not seen it move
// yet (a move in tick t makes arrived = t + 1, past the window's opening).
// Appends to the thread's list, within its reserved capacity.
inline void note_census_move(const CensusWatch& w, int arrived, std::uint32_t id, int from,
                             std::vector<CensusMove>& out) {
  for (int k = 0; k < w.open; ++k) {
    if (id < w.id_limit[k] && arrived <= w.start_tick[k]) {
      out.push_back({id, static_cast<std::uint16_t>(from), static_cast<std::uint16_t>(k)});
    }
  }
}

// The tables of one census date, in agents (the run file stores persons).
struct CensusTables {
  Month date;
  int tick = 0;  // ticks done when taken: the state at the start of `date`
  Month earlier;
  bool five_year_available = false;
  std::string five_year_note;          // why not, when unavailable
  CountMatrix five_year;               // [region at `earlier`][region at `date`], aged 5+ at `date`
  CountMatrix hukou_stock;             // [hukou region][location], everyone
  std::int64_t earlier_locations = 0;  // entries of the window's list at the census
  std::int64_t earlier_location_bytes = 0;  // bytes its list held (capacity)
};

class Census {
 public:
  // The census dates of a run starting at `start`; dates before the start
  // are outside the run. Windows opening before the start are unavailable.
  void configure(std::span<const Month> dates, Month start, int regions);
  // A resumed run at tick `tick`: the windows open then, from the snapshot.
  // A window that should be open but is not in it (a file from before the
  // census tables) becomes unavailable, and says why.
  void restore(int tick, const std::vector<CensusWindow>& open);

  // Before the agent phase of `tick`: opens the windows starting now
  // (agents alive now have ids below `next_id`).
  void open_windows(int tick, std::uint32_t next_id);
  const CensusWatch& watch() const { return watch_; }
  // Capacity each thread's move list should have before the agent loop.
  std::size_t thread_capacity() const { return 2 * max_tick_moves_ + 4096; }
  // After the agent phase: the threads' lists, in thread order, then done.
  void collect(const std::vector<CensusMove>& moves);
  void end_collect();

  // At the end of a tick (`tick` = ticks done): takes the tables if a
  // census is dated then. taken() holds them (with their tick) until the
  // next call.
  void take_if_due(int tick, const AgentStore& store, const CountMatrix& stock,
                   const ExecutionContext& context);
  const std::vector<CensusTables>& taken() const { return taken_; }

  // The windows open now (for snapshots).
  std::vector<CensusWindow> windows() const;
  // Bytes held by the lists of earlier locations (capacity).
  std::size_t bytes() const;

 private:
  struct Planned {
    Month date;
    int census_tick = 0;
    int start_tick = 0;
    bool opened = false;
    bool done = false;  // tables taken
    bool lost = false;  // should have been open at a resume, was not in the snapshot
    CensusWindow window;
  };
  std::vector<Planned> planned_;
  std::vector<int> open_;                 // indices into planned_, in watch order
  std::vector<std::size_t> chunk_start_;  // per open window: this tick's first entry
  CensusWatch watch_;
  std::size_t max_tick_moves_ = 0;
  std::size_t tick_moves_ = 0;
  Month start_;
  int regions_ = 0;
  std::vector<CensusTables> taken_;
};

}  // namespace migrasim
