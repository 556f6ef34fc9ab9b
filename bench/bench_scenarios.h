#pragma once
// Scenarios the benchmarks build directly (no loader): the shared base of the single-service runs.

#include <string>

#include "model/config.h"  // chaossim::Scenario and its parts

namespace chaossim::bench {

// "api" with 16 workers (exponential 20 ms of work, then the effect "charge"), 100 clients starting 200
// operations/s (Poisson) for 10 minutes over the edge clients->api with a 1 s timeout and the format's defaults
// elsewhere: about 120,000 operations.
inline Scenario one_service_at_200_per_second(std::string name) {
  Scenario s;
  s.name = std::move(name);
  s.seed = 1;
  s.duration = Duration::seconds(600);

  ServiceConfig api;
  api.name = "api";
  api.workers = 16;
  api.handler = {Step{Step::Kind::work, Distribution::exponential(Duration::milliseconds(20)), 0},
                 Step{Step::Kind::effect, {}, 0}};
  s.services.push_back(api);
  s.effects = {"charge"};

  s.clients.count = 100;
  s.clients.target = 0;
  s.clients.arrival.process = ArrivalConfig::Process::poisson;
  s.clients.arrival.rate = 200;

  EdgeConfig edge;
  edge.name = "clients->api";
  edge.caller = kClients;
  edge.callee = 0;
  edge.timeout = Duration::seconds(1);
  s.edges.push_back(edge);
  return s;
}

}  // namespace chaossim::bench
