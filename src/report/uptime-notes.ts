// The uptime block's sentences in the report's language: checks made and expected, coverage against the
// checklist's minimum, outages (when, how long, why) and gaps in the monitoring, composed from the
// stored figures (values of the uptime measurement), not from the probe's English notes.
import type { Formatter } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';

// The stored shapes (reports read stored values and never import probes).
interface Outage {
  start: string;
  end: string;
  durationMs: number;
  reason: string;
  status: number | null;
  endKnown: boolean;
  ongoing: boolean;
}
interface Gap {
  start: string;
  end: string;
  durationMs: number;
  cause: string;
}
interface UptimeValues {
  percent?: number | null;
  coverage?: number;
  minCoverage?: number;
  sufficient?: boolean;
  expectedChecks?: number;
  blockedPercent?: number;
  gapMs?: number;
  checks?: { made?: number; up?: number; down?: number; blocked?: number };
  outages?: Outage[];
  gaps?: Gap[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** "2 d 3 h" / "۲ روز ۳ ساعت": the two largest units that are not zero. */
export function spokenDuration(ms: number, f: Formatter): string {
  const fa = f.lang === 'fa';
  const units: [number, string, string][] = [
    [86_400_000, 'روز', 'd'],
    [3_600_000, 'ساعت', 'h'],
    [60_000, 'دقیقه', 'min'],
    [1000, 'ثانیه', 's'],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [size, faUnit, enUnit] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${f.int(n)} ${fa ? faUnit : enUnit}`);
    if (parts.length === 2) break;
  }
  if (!parts.length) return fa ? 'کمتر از یک ثانیه' : 'under a second';
  return parts.join(' ');
}

const REASONS: Record<string, { fa: string; en: string }> = {
  timeout: { fa: 'پایان مهلت پاسخ', en: 'timed out' },
  refused: { fa: 'اتصال پذیرفته نشد', en: 'connection refused' },
  reset: { fa: 'اتصال قطع شد', en: 'connection reset' },
  dns: { fa: 'نام دامنه پیدا نشد', en: 'name not resolved' },
  tls: { fa: 'خطای گواهی یا TLS', en: 'TLS or certificate error' },
  network: { fa: 'خطای شبکه', en: 'network error' },
};

/** An outage's reason type ("timeout", "http-503") as words. */
export function outageReason(reason: string, status: number | null, f: Formatter): string {
  const http = /^http-(\d{3})$/.exec(reason);
  if (http) return f.lang === 'fa' ? `پاسخ خطای HTTP ${f.digits(http[1])}` : `HTTP error ${http[1]}`;
  const known = REASONS[reason];
  if (known) return f.bi(known) + (status ? ` (HTTP ${f.digits(status)})` : '');
  return `\u2066${reason}${status ? ` ${status}` : ''}\u2069`;
}

function outageLine(o: Outage, f: Formatter): SafeHtml {
  const fa = f.lang === 'fa';
  const tail = o.ongoing
    ? fa
      ? ' (تا پایان بازه ادامه داشت)'
      : ' (still down at the end of the window)'
    : o.endKnown
      ? ''
      : fa
        ? ' (پایانش دیده نشد)'
        : ' (end not observed)';
  return html`<li>${fa ? 'از' : 'From'} ${f.date(o.start)} ${fa ? 'تا' : 'to'} ${f.date(o.end)}${tail}${fa ? '، ' : ', '}${spokenDuration(o.durationMs, f)}${fa ? '؛ ' : '; '}${outageReason(o.reason, o.status, f)}</li>`;
}

const GAP_CAUSE: Record<string, { fa: string; en: string }> = {
  'monitor-not-running': { fa: 'پایشگر روشن نبود', en: 'the monitor was not running' },
  'not-checked': { fa: 'صفحه بررسی نشد', en: 'the page was not checked' },
};

/** Summary, coverage, outages and gaps of one page's uptime measurement. */
export function uptimeNotes(values: unknown, f: Formatter): SafeHtml {
  const v = (values ?? {}) as UptimeValues;
  const fa = f.lang === 'fa';
  const c = v.checks ?? {};
  const made = num(c.made);
  const lines: SafeHtml[] = [];
  if (made !== null) {
    const expected = num(v.expectedChecks);
    lines.push(
      fa
        ? html`<p class="small uptime-checks">${f.int(made)} بررسی${expected !== null ? html` از ${f.int(expected)} بررسی مورد انتظار` : ''}: ${f.int(num(c.up) ?? 0)} در دسترس، ${f.int(num(c.down) ?? 0)} قطع، ${f.int(num(c.blocked) ?? 0)} مسدود.</p>`
        : html`<p class="small uptime-checks">${f.int(made)} checks${expected !== null ? html` of ${f.int(expected)} expected` : ''}: ${f.int(num(c.up) ?? 0)} up, ${f.int(num(c.down) ?? 0)} down, ${f.int(num(c.blocked) ?? 0)} blocked.</p>`,
    );
  }
  const coverage = num(v.coverage);
  const min = num(v.minCoverage);
  if (coverage !== null && min !== null && v.sufficient === false)
    lines.push(
      fa
        ? html`<p class="small err uptime-coverage">پوشش بررسی‌ها ${f.num(coverage, 1)}٪ است و از حداقل ${f.num(min, 0)}٪ کمتر؛ درصد دسترس‌پذیری این صفحه قابل اتکا نیست و شاخص تأییدنشده می‌ماند.</p>`
        : html`<p class="small err uptime-coverage">Checks cover ${f.num(coverage, 1)}% of the window, below the ${f.num(min, 0)}% minimum: this page's uptime is not conclusive and the indicator stays unverified.</p>`,
    );
  const blocked = num(v.blockedPercent);
  if (blocked)
    lines.push(
      fa
        ? html`<p class="small muted">${f.num(blocked, 1)}٪ از بازه را پاسخ‌های مسدودکننده (دیواره‌ی آتش، محدودیت نرخ) پوشانده‌اند و در محاسبه نیامده‌اند.</p>`
        : html`<p class="small muted">${f.num(blocked, 1)}% of the window was answered by blocks (firewall, rate limits) and is left out of the figure.</p>`,
    );
  const gaps = Array.isArray(v.gaps) ? v.gaps : [];
  if (gaps.length)
    lines.push(
      html`<details class="uptime-gaps"><summary>${fa ? `فاصله‌های بی‌بررسی (${f.int(gaps.length)}، روی هم ${spokenDuration(num(v.gapMs) ?? 0, f)})` : `Gaps in the monitoring (${gaps.length}, ${spokenDuration(num(v.gapMs) ?? 0, f)} in all)`}</summary><ul class="ev">${gaps.map((g) => html`<li>${fa ? 'از' : 'From'} ${f.date(g.start)} ${fa ? 'تا' : 'to'} ${f.date(g.end)}${fa ? '، ' : ', '}${spokenDuration(g.durationMs, f)}${fa ? '؛ ' : '; '}${GAP_CAUSE[g.cause] ? f.bi(GAP_CAUSE[g.cause]) : g.cause}</li>`)}</ul></details>`,
    );
  return html`${lines}`;
}

/** The outages as a list, or null when the measurement stored none in the structured form. */
export function outageList(values: unknown, f: Formatter): SafeHtml | null {
  const outages = (values as UptimeValues | undefined)?.outages;
  if (!Array.isArray(outages) || !outages.length) return null;
  return html`<details class="uptime-outages"><summary>${f.t('outages')} (${f.int(outages.length)})</summary><ul class="ev">${outages.map((o) => outageLine(o, f))}</ul></details>`;
}

/** The probe's typed errors for uptime (no checks, too few checks) as sentences. */
export function uptimeError(e: { type: string; message: string }, f: Formatter): string {
  if (e.type === 'no-data')
    return f.lang === 'fa'
      ? 'در این بازه هیچ بررسی دسترس‌پذیری ثبت نشده است (\u2066payesh monitor\u2069 یا \u2066payesh probe\u2069 را اجرا کنید).'
      : 'No uptime checks in this window (run payesh monitor or payesh probe).';
  if (e.type === 'insufficient-data')
    return f.lang === 'fa'
      ? 'بررسی‌ها برای نتیجه‌ی قابل اتکا کافی نیست.'
      : 'Too few checks for a conclusive result.';
  return `${e.type}: ${e.message}`;
}
