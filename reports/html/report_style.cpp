#include "html/report_style.h"

namespace chaossim {

const char* report_css() {
  return R"css(
:root { --ink:#1d232a; --muted:#5b6670; --line:#d9dee3; --soft:#f4f6f8; --pass:#1a7f37; --pass-bg:#e6f4ea;
        --fail:#b42318; --fail-bg:#fdecea; --best-bg:#dbeafe; --accent:#0072b2; }
* { box-sizing: border-box; }
body { margin:0; background:#fff; color:var(--ink);
       font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width:1120px; margin:0 auto; padding:28px 32px 48px; }
h1 { font-size:28px; line-height:1.25; margin:4px 0 12px; }
h2 { font-size:20px; margin:36px 0 12px; padding-bottom:6px; border-bottom:1px solid var(--line); }
h3, h4, h5, h6 { font-size:16px; margin:18px 0 6px; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size:0.9em; }
code { background:var(--soft); padding:1px 4px; border-radius:3px; }
pre { background:var(--soft); padding:10px 12px; border-radius:4px; overflow:auto; }
pre code { background:none; padding:0; }
blockquote { margin:8px 0; padding:2px 14px; border-left:3px solid var(--line); color:var(--muted); }
.kicker { color:var(--muted); font-size:13px; letter-spacing:0.02em; margin:0; }
.status { display:inline-block; font-weight:600; padding:6px 12px; border-radius:6px; margin:2px 0 14px; }
.status.pass { color:var(--pass); background:var(--pass-bg); }
.status.fail { color:var(--fail); background:var(--fail-bg); }
.status.none { color:var(--muted); background:var(--soft); }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:2px 16px; margin:0 0 8px; font-size:14px; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
.description { max-width:820px; }
.md-url { color:var(--muted); font-size:0.9em; word-break:break-all; }
table { border-collapse:collapse; width:100%; font-size:14px; margin:6px 0; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
thead th { background:var(--soft); font-weight:600; border-bottom:2px solid var(--line); }
tbody th { font-weight:400; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.ci { color:var(--muted); font-size:12px; display:block; }
.hint { color:var(--muted); font-size:12px; display:block; }
.dir { color:var(--muted); font-size:12px; }
tr.pass td.verdict { color:var(--pass); }
tr.fail td { background:var(--fail-bg); }
tr.fail td.verdict { color:var(--fail); }
.badge { display:inline-block; font-weight:700; font-size:12px; padding:1px 8px; border-radius:10px; }
.badge.pass { color:var(--pass); background:var(--pass-bg); border:1px solid #a7d7b5; }
.badge.fail { color:#fff; background:var(--fail); }
.badge.demo { color:#8a4b00; background:#fff4e0; border:1px solid #f0c27a; }
.badge.live { color:#fff; background:#b3261e; letter-spacing:0.06em; }
.status-note { color:var(--muted); margin:4px 0 12px; }
td.bad { color:var(--fail); font-weight:700; }
.best-line { font-size:17px; }
figure.topology { margin:8px 0; } figure.topology svg { display:block; margin:0 auto; }
td.best { background:var(--best-bg); font-weight:700; }
.star { color:var(--accent); font-weight:400; }
.wide { overflow-x:auto; }
table.sweep th code, table.matrix th code, table.verdicts th code { white-space:nowrap; }
td.cell-pass { background:var(--pass-bg); }
td.cell-fail { background:var(--fail-bg); color:var(--fail); font-weight:600; }
.note { background:var(--soft); border-left:3px solid var(--accent); padding:8px 12px; margin:8px 0; font-size:14px; }
.legend-note { color:var(--muted); font-size:13px; margin:0 0 8px; }
figure { margin:18px 0 26px; }
figure svg { width:100%; height:auto; display:block; border:1px solid var(--line); border-radius:4px; }
figcaption { color:var(--muted); font-size:13px; margin-top:6px; }
details { margin:10px 0; }
summary { cursor:pointer; color:var(--accent); }
footer { margin-top:40px; color:var(--muted); font-size:12px; border-top:1px solid var(--line); padding-top:10px; }
ul.faults { margin:4px 0; padding-left:20px; }
@media print {
  main { max-width:none; padding:0; }
  figure, tr { break-inside:avoid; }
  thead { display:table-header-group; }
  /* Paper cannot be clicked open: collapsed tables print whole. */
  details::details-content { content-visibility:visible; display:block; }
  details > summary { list-style:none; font-weight:600; }
}
)css";
}

}  // namespace chaossim
