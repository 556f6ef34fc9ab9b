#pragma once
// Helpers for the GUI tests: reading bundled lessons and waiting for signals with a deadline.

#include <functional>
#include <string>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QString>

namespace gui_testing {

inline QString lessonPath(const char* name) {
  return QStringLiteral(CHAOSSIM_SCENARIOS_DIR "/") + QString::fromLatin1(name) + QStringLiteral(".json");
}

inline QString readFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll());
}

// Processes events until `done` holds or `ms` pass; returns whether it held.
inline bool waitFor(const std::function<bool()>& done, int ms = 20000) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > ms) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  return true;
}

// A small valid scenario: one service, a lossy edge, two variants.
inline const char* kSmallScenario = R"({
  "schema_version": 1,
  "name": "small",
  "title": "Small",
  "duration": "20s",
  "bucket": "1s",
  "services": {"api": {"workers": 4, "handler": [{"work": "5ms"}, {"effect": "charge"}]}},
  "clients": {"count": 10, "target": "api", "arrival": {"process": "poisson", "rate": 50}},
  "edges": {
    "clients->api": {"timeout": "200ms", "retry": {"max_attempts": 3}}
  },
  "faults": [
    {"id": "lossy", "type": "drop_response", "target": "clients->api", "start": "5s", "duration": "5s", "probability": 0.2}
  ],
  "expect": [{"metric": "success_rate", "op": ">=", "value": 0.5}],
  "variants": {
    "keys": {"services.api.idempotency": {"enabled": true}},
    "no-retry": {"edges.clients->api.retry.max_attempts": 1}
  }
}
)";

}  // namespace gui_testing
