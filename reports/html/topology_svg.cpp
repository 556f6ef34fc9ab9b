#include "html/topology_svg.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cassert>
#include <charconv>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <string_view>
#include <vector>

#include "html/system_words.h"

namespace chaossim {

namespace {

// Graphviz keeps global state (the error handler, plugin loading): one diagram at a time.
std::mutex g_graphviz;

// Graphviz reads escape sequences in labels (\N is the node's name, \n a line break): a backslash in a name must
// stay a backslash.
std::string label_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Lines of a label, each escaped, joined by Graphviz's centred line break.
std::string label_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\\n") + label_text(line);
  return out;
}

// agsafeset takes char*: it copies the strings, so these buffers only live for the call.
void set(void* object, const char* name, const std::string& value) {
  std::string n = name, v = value, empty;
  agsafeset(object, n.data(), v.data(), empty.data());
}

int swallow_errors(char*) { return 0; }

// Graphviz's warnings would go to stderr, in the middle of a command's output: they are swallowed from before the
// context is made (members are initialised in order) until it is freed.
struct GraphvizSession {
  agusererrf previous_handler = nullptr;
  GVC_t* context = nullptr;
  Agraph_t* graph = nullptr;
  bool laid_out = false;
  GraphvizSession() : previous_handler(agseterrf(swallow_errors)), context(gvContext()) {}
  ~GraphvizSession() {
    if (laid_out) gvFreeLayout(context, graph);
    if (graph) agclose(graph);
    if (context) gvFreeContext(context);
    agseterrf(previous_handler);
  }
};

Agnode_t* box(Agraph_t* g, std::size_t index, const std::vector<std::string>& lines) {
  std::string id = "n" + std::to_string(index);  // never a scenario name: the label carries it
  Agnode_t* n = agnode(g, id.data(), 1);
  set(n, "label", label_lines(lines));
  return n;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string rate_words(const ClientsConfig& c) {
  if (c.arrival.process == ArrivalConfig::Process::closed) return "closed loop";
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, c.arrival.rate);
  return std::string(buf, res.ptr) + " ops/s";
}

void build_graph(Agraph_t* g, const Scenario& s) {
  set(g, "rankdir", "TB");  // lessons are mostly chains: down the page reads at full size
  set(g, "nodesep", "0.3");
  set(g, "ranksep", "0.6");
  set(g, "bgcolor", "transparent");
  agattr(g, AGNODE, const_cast<char*>("shape"), const_cast<char*>("box"));
  agattr(g, AGNODE, const_cast<char*>("style"), const_cast<char*>("rounded,filled"));
  agattr(g, AGNODE, const_cast<char*>("fillcolor"), const_cast<char*>("#eef3fb"));
  agattr(g, AGNODE, const_cast<char*>("color"), const_cast<char*>("#3a5f99"));
  agattr(g, AGNODE, const_cast<char*>("fontname"), const_cast<char*>("Helvetica"));
  agattr(g, AGNODE, const_cast<char*>("fontsize"), const_cast<char*>("12"));
  agattr(g, AGEDGE, const_cast<char*>("fontname"), const_cast<char*>("Helvetica"));
  agattr(g, AGEDGE, const_cast<char*>("fontsize"), const_cast<char*>("10"));
  agattr(g, AGEDGE, const_cast<char*>("color"), const_cast<char*>("#555555"));

  Agnode_t* clients =
      box(g, 0, {"clients", plural(s.clients.count, "client", "clients") + " · " + rate_words(s.clients)});
  set(clients, "fillcolor", "#f4f4f4");
  set(clients, "color", "#777777");
  std::vector<Agnode_t*> services;
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const ServiceConfig& service = s.services[i];
    std::string detail = plural(service.workers, "worker", "workers");
    if (service.idempotency.enabled) detail += service.idempotency.durable ? " · key store" : " · key store (memory)";
    services.push_back(box(g, i + 1, {service.name, detail}));
  }
  for (const EdgeConfig& e : s.edges) {
    assert(e.callee < services.size());
    Agnode_t* from = e.caller == kClients ? clients : services.at(e.caller);
    Agedge_t* edge = agedge(g, from, services.at(e.callee), nullptr, 1);
    set(edge, "label", label_text(edge_label(s, e)));
  }
}

// ---- What may come out: Graphviz's SVG, checked against what it draws ----------------------------------------

const std::set<std::string, std::less<>> kTags = {"svg",      "g",    "title",   "polygon",
                                                  "polyline", "path", "ellipse", "text"};
const std::set<std::string, std::less<>> kAttributes = {
    "xmlns",  "viewBox",     "width",       "height",    "style",       "role",         "aria-label",
    "id",     "class",       "transform",   "fill",      "stroke",      "stroke-width", "stroke-dasharray",
    "points", "d",           "cx",          "cy",        "rx",          "ry",           "x",
    "y",      "text-anchor", "font-family", "font-size", "font-weight", "font-style"};

bool safe_value(std::string_view attribute, std::string_view v) {
  // Graphviz's transforms are "scale(1 1) rotate(0) translate(4 112)": nothing else may call a function (url()).
  if (attribute == "transform")
    return v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789 .,()-") == std::string_view::npos;
  for (char c : v)
    if (c == '<' || c == '>' || c == '(' || c == '"') return false;
  return v.find(':') == std::string_view::npos || v.starts_with("http://www.w3.org/2000/svg") ||
         v.starts_with("max-width:");
}

// Whether every tag is one of the shapes and texts Graphviz draws, with plain attributes: no script, no event
// handler, no link, no external reference, no comment or declaration. Text between tags has no markup by
// construction (every '<' starts a tag checked here).
bool only_drawing(std::string_view svg) {
  static const std::regex attribute(R"re(\s+([A-Za-z][A-Za-z-]*)="([^"]*)")re");
  std::size_t pos = 0;
  while ((pos = svg.find('<', pos)) != std::string_view::npos) {
    const std::size_t end = svg.find('>', pos);
    if (end == std::string_view::npos) return false;
    std::string_view tag = svg.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.starts_with('/')) {
      if (!kTags.count(tag.substr(1))) return false;
      continue;
    }
    if (tag.ends_with('/')) tag.remove_suffix(1);
    const std::size_t name_end = std::min(tag.find_first_of(" \t\r\n"), tag.size());
    if (!kTags.count(tag.substr(0, name_end))) return false;
    const std::string rest(tag.substr(name_end));
    std::size_t matched = 0;
    for (std::sregex_iterator it(rest.begin(), rest.end(), attribute), last; it != last; ++it) {
      if (static_cast<std::size_t>(it->position()) != matched) return false;  // something between attributes
      if (!kAttributes.count((*it)[1].str()) || !safe_value((*it)[1].str(), (*it)[2].str())) return false;
      matched += it->length();
    }
    if (rest.find_first_not_of(" \t\r\n", matched) != std::string::npos) return false;
  }
  return true;
}

// Graphviz's document -> an inline <svg> element that scales: no prolog, DOCTYPE (an external reference) or
// comments, the fixed width and height replaced by width="100%" (at most its natural size).
std::string inline_svg(std::string_view document) {
  const std::size_t start = document.find("<svg");
  if (start == std::string_view::npos) return "";
  std::string svg(document.substr(start));
  for (std::size_t c; (c = svg.find("<!--")) != std::string::npos;) {
    const std::size_t e = svg.find("-->", c);
    if (e == std::string::npos) return "";
    svg.erase(c, e + 3 - c);
  }
  const std::size_t root_end = svg.find('>');
  if (root_end == std::string::npos) return "";
  static const std::regex view_box(R"re(viewBox="([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+)")re");
  std::smatch m;
  const std::string root = svg.substr(0, root_end);
  if (!std::regex_search(root, m, view_box)) return "";
  double width = 0;
  const std::string w = m[3].str();
  std::from_chars(w.data(), w.data() + w.size(), width);
  // Graphviz's units are points: 4/3 px each at their natural size.
  const std::string max_width = std::to_string(static_cast<long>(width * 4 / 3 + 1));
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"" + m[1].str() + " " + m[2].str() + " " + m[3].str() +
         " " + m[4].str() + "\" width=\"100%\" style=\"max-width:" + max_width +
         "px\" role=\"img\" aria-label=\"Topology of the system\"" + svg.substr(root_end);
}

}  // namespace

std::string topology_svg(const Scenario& scenario, std::string* why_not) {
  auto fail = [&](std::string reason) {
    if (why_not) *why_not = std::move(reason);
    return std::string();
  };
  const std::size_t elements = scenario.services.size() + scenario.edges.size();
  if (elements > kMaxTopologyElements)
    return fail("The system has " + std::to_string(scenario.services.size()) + " services and " +
                std::to_string(scenario.edges.size()) + " edges, too many to draw; the tables list them.");

  std::lock_guard lock(g_graphviz);
  GraphvizSession gv;
  if (!gv.context) return fail("No diagram: Graphviz could not start.");
  char name[] = "topology";
  gv.graph = agopen(name, Agdirected, nullptr);
  build_graph(gv.graph, scenario);
  if (gvLayout(gv.context, gv.graph, "dot") != 0) return fail("No diagram: Graphviz has no dot layout here.");
  gv.laid_out = true;
  char* data = nullptr;
  unsigned length = 0;
  if (gvRenderData(gv.context, gv.graph, "svg", &data, &length) != 0 || !data)
    return fail("No diagram: Graphviz could not write SVG.");
  const std::unique_ptr<char, void (*)(char*)> owned(data, gvFreeRenderData);
  std::string svg = inline_svg(std::string_view(data, length));
  if (svg.empty() || !only_drawing(svg)) return fail("No diagram: Graphviz's drawing was not plain SVG.");
  if (why_not) why_not->clear();
  return svg;
}

}  // namespace chaossim
