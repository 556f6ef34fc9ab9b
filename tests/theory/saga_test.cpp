// Sagas against closed forms. Orders charge the card at payments, then reserve at inventory, which fails each
// reservation with probability p; a failed reservation leaves the order failed and the card charged, unless the
// order service compensates the charge with a refund, which itself fails with probability q. So per order:
// inconsistent p without compensation, compensations p and failed compensations (and inconsistent) p q with it,
// p q^k when the refund is tried k times.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

constexpr double kReservationFails = 0.3;  // p
constexpr double kRefundFails = 0.4;       // q

std::string orders(const std::string& payments_step, const std::string& refund_edge = "{}") {
  return R"({"schema_version":1,"name":"saga","duration":"10m","bucket":"10s",
    "services":{
      "orders":{"workers":200,"handler":[)" +
         payments_step + R"(,{"call":"inventory"}]},
      "payments":{"workers":100,"handler":[{"work":"20ms"},{"effect":"charge"}]},
      "inventory":{"workers":100,"handler":[{"work":"5ms"},{"effect":"reserve"}]},
      "refunds":{"workers":100,"handler":[{"work":"20ms"},{"effect":"refund","undoes":"charge"}]}},
    "clients":{"count":1000,"target":"orders","arrival":{"process":"poisson","rate":20}},
    "edges":{"orders->refunds":)" +
         refund_edge + R"(},
    "faults":[
      {"id":"out-of-stock","type":"error","target":"inventory","probability":)" +
         std::to_string(kReservationFails) + R"(},
      {"id":"refunds-flaky","type":"error","target":"refunds","probability":)" +
         std::to_string(kRefundFails) + R"(}]})";
}

// 12,000 orders: a share near 0.3 has a standard error of 0.0042, one near 0.12 of 0.003.
TEST(saga, without_compensation_every_failed_reservation_leaves_a_charge) {
  const RunResult r = testing::run(orders(R"({"call":"payments"})"));
  const double ops = metric(r, "ops");
  EXPECT_NEAR(metric(r, "inconsistent") / ops, kReservationFails, 0.015);
  EXPECT_EQ(metric(r, "inconsistent"), metric(r, "ops_failed"));
  EXPECT_EQ(metric(r, "compensations"), 0);
  EXPECT_EQ(metric(r, "effects.refund.executed"), 0);
}

TEST(saga, a_compensating_refund_leaves_a_charge_only_when_the_refund_fails) {
  const RunResult r = testing::run(orders(R"({"call":"payments","compensate":"refunds"})"));
  const double ops = metric(r, "ops");
  EXPECT_NEAR(metric(r, "compensations") / ops, kReservationFails, 0.015);
  EXPECT_EQ(metric(r, "compensations"), metric(r, "ops_failed"));
  EXPECT_NEAR(metric(r, "compensations_failed") / ops, kReservationFails * kRefundFails, 0.01);
  // The ledger nets each refund against its charge: what is left is exactly the refunds that failed.
  EXPECT_EQ(metric(r, "inconsistent"), metric(r, "compensations_failed"));
  EXPECT_EQ(metric(r, "effects.charge.executed"), ops);
  EXPECT_EQ(metric(r, "effects.refund.executed"), metric(r, "compensations") - metric(r, "compensations_failed"));
}

TEST(saga, retrying_the_refund_makes_a_charge_stay_with_probability_q_to_the_attempts) {
  const RunResult r = testing::run(orders(R"({"call":"payments","compensate":"refunds"})",
                                          R"({"retry":{"max_attempts":3,"backoff":{"base":"10ms"}}})"));
  const double ops = metric(r, "ops");
  EXPECT_NEAR(metric(r, "inconsistent") / ops, kReservationFails * std::pow(kRefundFails, 3), 0.006);  // 0.0192
  EXPECT_GT(metric(r, "inconsistent"), 0);
}

}  // namespace
}  // namespace chaossim
