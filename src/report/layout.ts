// The page shell shared by the national and agency pages: inline CSS, the small sort/filter script,
// and a Content-Security-Policy that only lets this exact script run (escaping is the first defence,
// the policy the second).
import { createHash } from 'node:crypto';
import { PAYESH_VERSION } from '../net/options.ts';
import type { Formatter } from './format.ts';
import { html, trusted, type SafeHtml } from './safe-html.ts';

const STYLE = `
:root { --fg:#1d2327; --muted:#5c6670; --line:#d9dee3; --bg:#ffffff; --soft:#f4f6f8; --accent:#2266b0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.7; font-size:15px;
  font-family: Vazirmatn, "Vazir", "Noto Sans Arabic", "Noto Naskh Arabic", Sahel, Tahoma, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
[lang=en] body, body[lang=en] { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
header.page { background:#0f3d66; color:#fff; padding:18px 24px; }
header.page h1 { margin:0 0 4px; font-size:1.45rem; line-height:1.5; }
header.page .meta { color:#d7e4f1; font-size:.9rem; display:flex; flex-wrap:wrap; gap:4px 18px; }
header.page a { color:#fff; }
main { max-width:1280px; margin:0 auto; padding:16px 20px 40px; }
section { margin:26px 0; }
h2 { font-size:1.2rem; margin:0 0 10px; padding-bottom:4px; border-bottom:2px solid var(--line); }
h3 { font-size:1.05rem; margin:18px 0 6px; }
a { color:var(--accent); }
.cards { display:flex; flex-wrap:wrap; gap:12px; }
.card { background:var(--soft); border:1px solid var(--line); border-radius:8px; padding:10px 16px; min-width:140px; }
.card .k { color:var(--muted); font-size:.85rem; }
.card .v { font-size:1.35rem; font-weight:700; }
.legend { display:flex; flex-wrap:wrap; gap:8px 16px; margin:8px 0; font-size:.9rem; }
.chip { display:inline-block; padding:0 10px; border-radius:12px; color:#fff; font-size:.85rem; white-space:nowrap; line-height:1.8; }
.swatch { display:inline-block; width:12px; height:12px; border-radius:3px; vertical-align:middle; margin-inline-end:5px; }
.table-wrap { overflow-x:auto; border:1px solid var(--line); border-radius:8px; }
table { border-collapse:collapse; width:100%; font-size:.92rem; }
th, td { padding:6px 10px; border-bottom:1px solid var(--line); text-align:start; vertical-align:top; }
thead th { background:var(--soft); position:sticky; top:0; font-weight:600; line-height:1.4; }
thead th { max-width:11em; }
thead th.num { min-width:5em; }
td.name { min-width:11em; }
tbody tr:nth-child(even) { background:#fafbfc; }
td.num, th.num { text-align:end; font-variant-numeric:tabular-nums; }
td.num { white-space:nowrap; }
th[data-sort] { cursor:pointer; user-select:none; }
th[data-sort]::after { content:" ⇅"; color:#9aa4ad; font-size:.8em; }
th[aria-sort=ascending]::after { content:" ▲"; color:var(--fg); }
th[aria-sort=descending]::after { content:" ▼"; color:var(--fg); }
.band-cell { border-inline-start:6px solid transparent; }
.controls { display:flex; flex-wrap:wrap; gap:10px; align-items:center; margin:8px 0 10px; }
.controls input, .controls select { font:inherit; padding:5px 10px; border:1px solid #b9c2ca; border-radius:6px; min-width:200px; background:#fff; }
.muted { color:var(--muted); }
.small { font-size:.85rem; }
.up { color:#17803d; } .down { color:#c0392b; }
.charts { display:grid; grid-template-columns:repeat(auto-fit, minmax(320px, 1fr)); gap:18px; }
.chart { width:100%; height:auto; max-width:640px; display:block; }
.svg-axis { font-size:12px; fill:#5c6670; font-family:inherit; }
.svg-val { font-size:12px; fill:#1d2327; font-family:inherit; }
.svg-grid { stroke:#e3e7eb; stroke-width:1; }
.bar-bg { fill:#eef1f4; }
.balance-bg { fill:#f1f3f5; }
.balance { vertical-align:middle; }
.bars-legend { display:grid; grid-template-columns:1fr; gap:0; }
.hbar-row { display:grid; grid-template-columns:minmax(120px, 38%) 1fr; align-items:center; gap:8px; }
.hbar-row { margin:4px 0; }
.bar { display:flex; align-items:center; gap:8px; }
.bar svg { flex:1; height:16px; border-radius:3px; direction:ltr; }
[dir=rtl] .bar svg { transform:scaleX(-1); }
.bar-val { min-width:3.2em; font-variant-numeric:tabular-nums; text-align:end; }
.src { display:inline-block; border-radius:4px; padding:0 6px; font-size:.8rem; border:1px solid var(--line); background:#fff; white-space:nowrap; }
.src-auto { border-color:#9cc3e6; } .src-missing { background:#fdecea; border-color:#e8a29b; }
.src-not-applicable { background:#f1f1f1; } .src-input, .src-confirmed, .src-overridden { background:#eef7ee; border-color:#9fd09f; }
.ev { margin:4px 0; padding:0; list-style:none; font-size:.86rem; }
.ev li { margin:3px 0; overflow-wrap:anywhere; }
.ev q, .quote { background:#fff8e1; padding:0 4px; border-radius:3px; quotes:"«" "»"; }
code, .sel { font-family:ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size:.82rem; background:#f1f3f5; padding:0 4px; border-radius:3px; direction:ltr; unicode-bidi:isolate; overflow-wrap:anywhere; }
.shot { max-width:260px; max-height:200px; border:1px solid var(--line); border-radius:4px; display:block; margin-top:4px; }
.next { background:#eef5fc; border-inline-start:4px solid var(--accent); padding:4px 8px; margin:4px 0; font-size:.88rem; }
.unsafe-url { color:#8a4b00; direction:ltr; unicode-bidi:isolate; overflow-wrap:anywhere; }
details > summary { cursor:pointer; color:var(--accent); }
.indicator-title { font-weight:600; }
.err { color:#a12d22; }
footer.page { color:var(--muted); font-size:.8rem; text-align:center; padding:16px; border-top:1px solid var(--line); }
.hidden { display:none; }
@media (max-width: 700px) {
  body { font-size:14px; }
  header.page { padding:12px 14px; }
  header.page h1 { font-size:1.15rem; }
  main { padding:10px 10px 30px; }
  th, td { padding:5px 6px; }
  .cards { gap:6px; }
  .card { min-width:calc(33% - 6px); flex:1; padding:4px 8px; }
  .card .k { font-size:.75rem; }
  .card .v { font-size:1.05rem; }
  .controls input, .controls select { min-width:0; flex:1; }
  .hide-narrow { display:none; }
  td.name { min-width:6.5em; }
  .chip { padding:0 6px; }
  .svg-axis, .svg-val { font-size:20px; }
  .hbar-row { grid-template-columns:1fr; gap:0; }
}
/* Phones: long URLs, selectors and formulas wrap instead of widening the page past the screen. */
@media (max-width: 480px) {
  main { padding:8px 6px 24px; }
  td, th { overflow-wrap:anywhere; }
  .shot { max-width:100%; }
  .hbar-row > div { min-width:0; }
}
/* Print and PDF: A4, tables break between rows with the header row repeated on every page. */
@page { size:A4; margin:12mm 10mm 16mm; }
@media print {
  body { font-size:10.5pt; line-height:1.5; }
  .controls, .no-print { display:none !important; }
  header.page { background:none; color:var(--fg); border-bottom:2px solid var(--fg); padding:0 0 6px; }
  header.page .meta, header.page a { color:var(--muted); }
  main { max-width:none; padding:0; }
  thead { display:table-header-group; }
  thead th { position:static; }
  th[data-sort]::after, th[aria-sort]::after { content:none; }
  tr, .card, .hbar-row, figure, .chart { break-inside:avoid; }
  h2, h3 { break-after:avoid; }
  .table-wrap { overflow:visible; border:none; }
  details > summary { color:var(--fg); }
  a { color:inherit; text-decoration:none; }
  footer.page { display:none; }
}
`;

// Sorting and filtering without a server. Reads only data-* attributes and text already on the page.
const SCRIPT = `(function () {
  "use strict";
  function norm(s) {
    return String(s || "").replace(/[\\u064A\\u0649]/g, "\\u06CC").replace(/\\u0643/g, "\\u06A9")
      .replace(/[\\u06F0-\\u06F9]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
      .replace(/[\\u0660-\\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .replace(/[\\u200B-\\u200F]/g, " ").replace(/\\s+/g, " ").trim().toLowerCase();
  }
  function key(cell, type) {
    var v = cell ? cell.getAttribute("data-v") : null;
    if (v === null && cell) v = cell.textContent;
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? null : n; }
    return norm(v);
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th[data-sort]");
    heads.forEach(function (th) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var type = th.getAttribute("data-sort");
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index], type), y = key(b.cells[index], type);
          if (x === null && y === null) return 0;
          if (x === null) return 1;
          if (y === null) return -1;
          var c = type === "num" ? x - y : x.localeCompare(y, "fa");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
  document.querySelectorAll("[data-filter-for]").forEach(function (box) {
    var table = document.getElementById(box.getAttribute("data-filter-for"));
    if (!table) return;
    var text = box.querySelector("input[type=search]");
    var band = box.querySelector("select");
    var count = box.querySelector("[data-count]");
    function apply() {
      var q = norm(text ? text.value : "");
      var b = band ? band.value : "";
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var ok = (!q || norm(r.getAttribute("data-name")).indexOf(q) >= 0) && (!b || r.getAttribute("data-band") === b);
        r.classList.toggle("hidden", !ok);
        if (ok) shown++;
      });
      if (count) count.textContent = count.getAttribute("data-digits") === "fa" ? String(shown).replace(/[0-9]/g, function (d) { return "\\u06F0\\u06F1\\u06F2\\u06F3\\u06F4\\u06F5\\u06F6\\u06F7\\u06F8\\u06F9".charAt(+d); }) : String(shown);
    }
    if (text) text.addEventListener("input", apply);
    if (band) band.addEventListener("change", apply);
  });
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src 'sha256-${SCRIPT_HASH}'`,
  "img-src 'self' file:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function page(o: {
  f: Formatter;
  title: string;
  header: SafeHtml;
  body: SafeHtml;
  withScript?: boolean;
}): string {
  const { f } = o;
  return `<!doctype html>\n${
    html`<html lang="${f.lang}" dir="${f.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="payesh ${PAYESH_VERSION}">
<title>${o.title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
${o.header}
<main>
${o.body}
</main>
<footer class="page">${f.t('generatedBy')} ${PAYESH_VERSION} · ${f.date(f.generatedAt)}</footer>
${o.withScript === false ? '' : html`<script>${trusted(SCRIPT)}</script>`}
</body>
</html>`.value
  }\n`;
}
