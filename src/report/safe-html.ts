// Escaping for everything a report prints. Crawled titles, matched text and URLs are hostile input:
// the `html` tag escapes every interpolated value unless it is already SafeHtml built by this module.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function renderValue(v: HtmlValue): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(renderValue).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/** Template tag: literal parts are trusted markup, interpolations are escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += renderValue(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup produced by this module's own code (never crawled text). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function joinHtml(parts: HtmlValue[], sep = ''): SafeHtml {
  return new SafeHtml(parts.map(renderValue).join(renderValue(sep)));
}

/**
 * The URL when it may be made clickable: absolute http(s) only. javascript:, data:, vbscript:, file:
 * and anything unparsable give null, so the caller prints it as text.
 */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = String(raw).trim();
  // Browsers ignore tabs and newlines inside a scheme ("java\tscript:"); refuse control characters outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.href;
}

/** A link for an untrusted URL, or the URL as plain text when it is not http(s). */
export function linkOrText(raw: string | null | undefined, label?: string): SafeHtml {
  if (!raw) return html``;
  const href = safeHttpUrl(raw);
  const text = label ?? raw;
  if (!href) return html`<span class="unsafe-url" title="not a web address; shown as text">${text}</span>`;
  return html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank" dir="ltr">${text}</a>`;
}

/** Relative link to a file the report ships (path segments percent-encoded). */
export function relativeHref(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
