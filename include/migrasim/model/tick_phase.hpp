// The tick as a list of phase objects (docs/architecture.md, "One tick"):
// a Simulation runs its phases in order each step. The built-in ones are the
// model's (policy, fields, agents, admission, aggregate, fiscal); the record
// phase hands each tick to a Recorder that the program configures (a run
// file, a CSV, a test's collector), so recording is part of the tick, not
// code after it.
#pragma once

#include "migrasim/model/phases.hpp"

namespace migrasim {

class Simulation;

// A phase is bound, when the Simulation builds it, to the state it reads
// and the state it writes (its interface; engine/model/model_phases.hpp),
// so running it takes nothing.
class TickPhase {
 public:
  virtual ~TickPhase() = default;
  virtual Phase id() const = 0;
  virtual void run() = 0;
};

// Where the record phase sends a tick. Exceptions (a full disk) leave the
// step with the tick's state complete and its row not written.
class Recorder {
 public:
  virtual ~Recorder() = default;
  // After every tick: its row (series, flows, events applied).
  virtual void record(const Simulation& sim) = 0;
  // After the ticks the schedule names: the agent state, to resume from.
  virtual void snapshot(const Simulation& sim) = 0;
};

// When the record phase asks for a snapshot: after every tick that is a
// multiple of `every` (0: never), before `last_tick` (the program writes the
// last one itself, with the run's end).
struct SnapshotSchedule {
  long every = 0;
  int last_tick = 0;
  bool due(int tick) const { return every > 0 && tick % every == 0 && tick < last_tick; }
};

}  // namespace migrasim
