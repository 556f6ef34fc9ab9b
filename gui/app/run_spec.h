#pragma once
// What the dashboard asks the engine to run: one live run per variant, all with the same seed (common random
// numbers, so differences between variants come from the strategy, not from luck).

#include <cstdint>
#include <memory>
#include <string>

#include <QMetaType>

#include "model/config.h"
#include "runner/live_run.h"

struct RunSpec {
  std::string variant;
  std::shared_ptr<const chaossim::Scenario> scenario;
  std::uint64_t seed = 1;
};

using SnapshotPtr = std::shared_ptr<const chaossim::Snapshot>;
Q_DECLARE_METATYPE(SnapshotPtr)
