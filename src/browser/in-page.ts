// Code that runs inside the page. Kept as plain JavaScript text: functions compiled by the
// TypeScript loader may reference helpers that do not exist in the page.

/** A short, unique-enough CSS path for an element: #id, or tag.class:nth-of-type steps up to 4 levels. */
export const CSS_PATH_FN = String.raw`function cssPath(el) {
  if (!(el instanceof Element)) return '';
  const esc = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s);
  const parts = [];
  let cur = el;
  while (cur && cur.nodeType === 1 && parts.length < 4) {
    if (cur.id && document.querySelectorAll('#' + esc(cur.id)).length === 1) { parts.unshift('#' + esc(cur.id)); break; }
    let step = cur.tagName.toLowerCase();
    const cls = [...cur.classList].filter((c) => /^[A-Za-z_-][\w-]*$/.test(c)).slice(0, 2);
    if (cls.length) step += '.' + cls.join('.');
    const parent = cur.parentElement;
    if (parent) {
      const same = [...parent.children].filter((c) => c.tagName === cur.tagName);
      if (same.length > 1) step += ':nth-of-type(' + (same.indexOf(cur) + 1) + ')';
    }
    parts.unshift(step);
    if (cur.tagName === 'BODY') break;
    cur = parent;
  }
  return parts.join(' > ');
}`;

/** True when an element takes space on screen and is not hidden. */
export const IS_VISIBLE_FN = String.raw`function isVisible(el) {
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return false;
  const st = getComputedStyle(el);
  return st.visibility !== 'hidden' && st.display !== 'none' && Number(st.opacity) > 0.05;
}`;

/** Build `(function(arg){...})(arg)` for page.evaluate from a function body using cssPath/isVisible. */
export function inPageCall(body: string, arg: unknown = null): string {
  return `(function (arg) { ${CSS_PATH_FN}\n${IS_VISIBLE_FN}\n${body} })(${JSON.stringify(arg)})`;
}
