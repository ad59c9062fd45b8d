// The census tables (migrasim/model/census.hpp): windows opened 60 months
// before each census, the sparse list of earlier locations filled from the
// agent phase, and the tables taken at the census.
#include "migrasim/model/census.hpp"

#include <algorithm>
#include <atomic>

#include "migrasim/error.hpp"

namespace migrasim {

namespace {

bool by_id(const EarlierLocation& x, const EarlierLocation& y) {
  return x.id < y.id;
}

}  // namespace

void Census::configure(std::span<const Month> dates, Month start, int regions) {
  planned_.clear();
  open_.clear();
  taken_.clear();
  watch_ = {};
  start_ = start;
  regions_ = regions;
  for (const Month& d : dates) {
    const int census_tick = d.index() - start.index();
    if (census_tick < 0) continue;  // before the run
    Planned p;
    p.date = d;
    p.census_tick = census_tick;
    p.start_tick = census_tick - kCensusWindowMonths;
    planned_.push_back(std::move(p));
  }
}

void Census::restore(int tick, const std::vector<CensusWindow>& open) {
  for (Planned& p : planned_) {
    if (p.census_tick <= tick) {
      p.done = true;  // taken before the snapshot (its tables are in the file)
      continue;
    }
    if (p.start_tick < 0 || p.start_tick >= tick) continue;  // unavailable, or opens later
    const auto w = std::find_if(open.begin(), open.end(), [&](const CensusWindow& x) {
      return x.census_tick == p.census_tick && x.start_tick == p.start_tick;
    });
    if (w == open.end()) {
      p.lost = true;
    } else {
      p.window = *w;
      p.opened = true;
    }
  }
}

void Census::open_windows(int tick, std::uint32_t next_id) {
  open_.clear();
  for (int i = 0; i < static_cast<int>(planned_.size()); ++i) {
    Planned& p = planned_[i];
    if (p.done || p.lost) continue;
    if (!p.opened && p.start_tick == tick) {
      p.opened = true;
      p.window = {p.census_tick, p.start_tick, next_id, {}};
    }
    if (p.opened) open_.push_back(i);
  }
  if (static_cast<int>(open_.size()) > CensusWatch::kMaxOpen) {
    throw Error("run.census_dates: more than " + std::to_string(CensusWatch::kMaxOpen) +
                " five-year windows open at once (census dates closer than " +
                std::to_string(kCensusWindowMonths / CensusWatch::kMaxOpen) + " months apart)");
  }
  watch_.open = static_cast<int>(open_.size());
  chunk_start_.resize(open_.size());
  for (std::size_t k = 0; k < open_.size(); ++k) {
    const CensusWindow& w = planned_[open_[k]].window;
    watch_.start_tick[k] = w.start_tick;
    watch_.id_limit[k] = w.id_limit;
    chunk_start_[k] = w.moved.size();
  }
  tick_moves_ = 0;
}

void Census::collect(const std::vector<CensusMove>& moves) {
  for (const CensusMove& m : moves) {
    planned_[open_[m.window]].window.moved.push_back({m.id, m.from});
  }
  tick_moves_ += moves.size();
}

// The tick's entries in id order: the list's bytes do not depend on which
// thread ran which block (ids are unique within a window's list).
void Census::end_collect() {
  for (std::size_t k = 0; k < open_.size(); ++k) {
    auto& moved = planned_[open_[k]].window.moved;
    std::sort(moved.begin() + static_cast<std::ptrdiff_t>(chunk_start_[k]), moved.end(), by_id);
  }
  max_tick_moves_ = std::max(max_tick_moves_, tick_moves_);
}

void Census::take_if_due(int tick, const AgentStore& store, const CountMatrix& stock,
                         const ExecutionContext& context) {
  taken_.clear();
  for (Planned& p : planned_) {
    if (p.done || p.census_tick != tick) continue;
    CensusTables t;
    t.date = p.date;
    t.tick = tick;
    t.earlier = p.date.plus(-kCensusWindowMonths);
    t.hukou_stock = stock;
    if (p.start_tick < 0) {
      t.five_year_note =
          "the earlier date " + t.earlier.str() + " precedes the run's start " + start_.str();
    } else if (p.lost || !p.opened) {
      t.five_year_note =
          "the run was resumed from a snapshot that does not carry the earlier locations of "
          "this window";
    } else {
      auto& moved = p.window.moved;
      std::sort(moved.begin(), moved.end(), by_id);
      t.earlier_locations = static_cast<std::int64_t>(moved.size());
      t.earlier_location_bytes = static_cast<std::int64_t>(moved.capacity() * sizeof(moved[0]));
      const int n = regions_;
      std::vector<CountMatrix> partials(static_cast<std::size_t>(context.threads()),
                                        CountMatrix::Zero(n, n));
      t.five_year = CountMatrix::Zero(n, n);
      std::atomic<std::int64_t> missing{0};
      const CensusWindow& w = p.window;
      context.reduce(
          "census five-year table", store.block_count(), partials, t.five_year,
          [&](std::size_t b, CountMatrix& m) {
            for (std::size_t s = store.block_begin(b); s < store.block_end(b); ++s) {
              // Born after the opening (so under 5 now), or under 5: not asked.
              if (store.id[s] >= w.id_limit || store.age[s] < kCensusMinAge) continue;
              const int here = store.location[s];
              int then = here;
              if (store.arrival[s] > w.start_tick) {  // moved since the opening
                const EarlierLocation key{store.id[s], 0};
                const auto it = std::lower_bound(moved.begin(), moved.end(), key, by_id);
                if (it == moved.end() || it->id != store.id[s]) {
                  missing.fetch_add(1, std::memory_order_relaxed);
                  continue;
                }
                then = it->region;
              }
              ++m(then, here);
            }
          },
          [](CountMatrix& total, const CountMatrix& part) { total += part; });
      if (missing.load() > 0) {
        throw Error("census " + p.date.str() + ": " + std::to_string(missing.load()) +
                    " agents moved since " + t.earlier.str() +
                    " without an earlier location (internal error)");
      }
      t.five_year_available = true;
    }
    p.done = true;
    p.opened = false;
    std::vector<EarlierLocation>().swap(p.window.moved);  // the window is closed
    taken_.push_back(std::move(t));
  }
}

std::vector<CensusWindow> Census::windows() const {
  std::vector<CensusWindow> open;
  for (const Planned& p : planned_) {
    if (p.opened && !p.done) open.push_back(p.window);
  }
  return open;
}

std::size_t Census::bytes() const {
  std::size_t total = 0;
  for (const Planned& p : planned_) total += p.window.moved.capacity() * sizeof(EarlierLocation);
  return total;
}

}  // namespace migrasim
