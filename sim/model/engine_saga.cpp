// Sagas: a handler whose call step fails undoes the calls before it that declare a compensation, newest first, each
// by a call of its own (a refund for a charge), and then answers 502. A compensation that fails is counted and the
// next one still runs: what it should have undone stays done, and the ledger says so (Recorder::left_an_effect).
#include "model/engine.h"

namespace chaossim {

void Engine::continue_after_calls(RequestSlot r, CallEnd end) {
  Request& req = m_requests[r];
  if (req.compensating) {
    if (end == CallEnd::failed) m_rec.each(m_mask, [](PhaseTotals& p) { ++p.compensations_failed; });
    next_compensation(r);
    return;
  }
  if (end == CallEnd::failed) {
    req.compensating = true;
    --req.step;  // the failed step: the steps before it are undone
    next_compensation(r);
    return;
  }
  if (end == CallEnd::degraded) req.degraded = true;
  run_steps(r);
}

// `step` counts down through the handler: the next call step below it that declares a compensation starts it.
void Engine::next_compensation(RequestSlot r) {
  const std::vector<Step>& handler = config(m_requests[r].service).handler;
  while (m_requests[r].step > 0) {
    const std::uint32_t k = --m_requests[r].step;
    const Step& done = handler[k];
    if (done.kind != Step::Kind::call || done.compensate == Step::kNone) continue;
    m_rec.each(m_mask, [](PhaseTotals& p) { ++p.compensations; });
    const Step undo{Step::Kind::call, {}, done.compensate};
    // Its key is derived from the step it undoes, apart from every forward step's: a retried request that fails
    // again sends the same compensation, which the compensating service can dedupe.
    start_calls(r, undo, static_cast<std::uint32_t>(handler.size()) + k);
    return;
  }
  finish_request(r, kBadGateway);
}

}  // namespace chaossim
