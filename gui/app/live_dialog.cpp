#include "app/live_dialog.h"

#include <algorithm>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

chaossim::live::LiveOptions liveTargets(const std::vector<std::pair<std::string, std::string>>& fields) {
  chaossim::live::LiveOptions o;
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;
    if (value.find_first_not_of("0123456789") == std::string::npos)
      o.mock_ports.push_back({name, value});
    else
      o.services.push_back({name, value, ""});
  }
  return o;
}

namespace {

bool callsOthers(const chaossim::ServiceConfig& s) {
  return std::any_of(s.handler.begin(), s.handler.end(),
                     [](const chaossim::Step& step) { return step.kind == chaossim::Step::Kind::call; });
}

}  // namespace

LiveDialog::LiveDialog(const chaossim::Scenario& scenario, QWidget* parent)
    : QDialog(parent), m_scenario(scenario), m_error(new QLabel(this)) {
  setWindowTitle(tr("Run live against your services"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("The scenario's clients run in real time against your services, with its faults "
                              "applied to the real traffic, for %1. For each service: the URL where you run it, a "
                              "port where chaossim mocks it (your service calls it there), or nothing to mock it on "
                              "any port. Only this machine (loopback) is reached.")
                               .arg(QString::fromStdString(chaossim::format_duration(scenario.duration))),
                           this);
  intro->setTextFormat(Qt::PlainText);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* form = new QFormLayout;
  for (std::size_t i = 0; i < scenario.services.size(); ++i) {
    const chaossim::ServiceConfig& s = scenario.services[i];
    auto* edit = new QLineEdit(this);
    edit->setObjectName(QStringLiteral("live-%1").arg(i));
    // A service that calls others cannot be mocked: the user runs it, and says where.
    edit->setPlaceholderText(callsOthers(s) ? tr("http://127.0.0.1:PORT (you run it: it calls others)")
                                            : tr("mocked by chaossim (or a port for the mock)"));
    if (i == scenario.clients.target) edit->setText(QStringLiteral("http://127.0.0.1:8080"));
    edit->setMinimumWidth(fontMetrics().horizontalAdvance(edit->placeholderText()) + 24);
    // Service names are scenario strings: plain text, never rich text.
    auto* label = new QLabel(QString::fromStdString(s.name), this);
    label->setTextFormat(Qt::PlainText);
    form->addRow(label, edit);
    m_fields.emplace_back(s.name, edit);
  }
  layout->addLayout(form);
  m_error->setObjectName(QStringLiteral("liveProblem"));
  m_error->setTextFormat(Qt::PlainText);
  m_error->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: #b3261e"));
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Run live"));
  connect(buttons, &QDialogButtonBox::accepted, this, &LiveDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &LiveDialog::reject);
  layout->addWidget(buttons);
}

std::vector<std::pair<std::string, std::string>> LiveDialog::fields() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, edit] : m_fields)
    if (!edit->text().trimmed().isEmpty()) out.emplace_back(name, edit->text().trimmed().toStdString());
  return out;
}

void LiveDialog::setField(const std::string& service, const QString& value) {
  for (const auto& [name, edit] : m_fields)
    if (name == service) edit->setText(value);
}

QString LiveDialog::problem() const {
  try {
    chaossim::live::check_live_run(m_scenario, liveTargets(fields()));
  } catch (const chaossim::live::LiveError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

void LiveDialog::accept() {
  const QString why = problem();
  m_error->setText(why);
  if (why.isEmpty()) return QDialog::accept();
  // The reason wraps over lines: the dialog grows to show all of them.
  layout()->activate();
  if (const int h = heightForWidth(width()); h > height()) resize(width(), h);
}
