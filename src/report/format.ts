// Language-dependent labels and number/date formatting for the reports (fa: Persian digits, Jalali).
import { formatJalali } from '../text/jalali.ts';
import { toPersianDigits } from '../text/normalize.ts';
import type { Bilingual } from '../score/types.ts';

export type ReportLang = 'fa' | 'en';

const LABELS = {
  nationalTitle: {
    fa: 'گزارش ملی پایش درگاه‌های دستگاه‌های اجرایی',
    en: 'National report on agency portals',
  },
  run: { fa: 'اجرا', en: 'Run' },
  period: { fa: 'دوره', en: 'Period' },
  checklist: { fa: 'مدل ارزیابی', en: 'Checklist' },
  generated: { fa: 'تاریخ تهیه گزارش', en: 'Report generated' },
  scored: { fa: 'تاریخ امتیازدهی', en: 'Scored' },
  agencies: { fa: 'دستگاه‌ها', en: 'Agencies' },
  agency: { fa: 'دستگاه اجرایی', en: 'Agency' },
  nationalMean: { fa: 'میانگین امتیاز ملی', en: 'National mean' },
  rank: { fa: 'رتبه', en: 'Rank' },
  total: { fa: 'امتیاز کل', en: 'Total' },
  band: { fa: 'سطح', en: 'Band' },
  balance: { fa: 'توازن اولویت‌ها', en: 'Balance across priorities' },
  missing: { fa: 'امتیاز اندازه‌گیری‌نشده', en: 'Points not measured' },
  missingShort: { fa: 'اندازه‌گیری‌نشده', en: 'Not measured' },
  ranking: { fa: 'رتبه‌بندی دستگاه‌ها', en: 'Ranking of agencies' },
  distribution: { fa: 'توزیع امتیاز کل', en: 'Distribution of totals' },
  priorityMeans: { fa: 'میانگین امتیاز به تفکیک اولویت سیاستی', en: 'Mean score by priority' },
  optionCounts: { fa: 'تعداد دستگاه‌ها در هر گزینه شاخص', en: 'Agencies per indicator option' },
  indicator: { fa: 'شاخص', en: 'Indicator' },
  priority: { fa: 'اولویت', en: 'Priority' },
  option: { fa: 'گزینه', en: 'Option' },
  value: { fa: 'مقدار', en: 'Value' },
  source: { fa: 'منبع', en: 'Source' },
  evidence: { fa: 'شواهد', en: 'Evidence' },
  recommendation: { fa: 'توصیه', en: 'Recommendation' },
  because: { fa: 'دلیل', en: 'Why' },
  mixed: { fa: 'متفاوت در خدمات', en: 'Mixed across services' },
  notMeasured: { fa: 'اندازه‌گیری نشده', en: 'Not measured' },
  notApplicable: { fa: 'عدم مصداق', en: 'Not applicable' },
  meanPercent: { fa: 'میانگین امتیاز شاخص (٪)', en: 'Mean indicator score (%)' },
  filter: { fa: 'جستجوی دستگاه', en: 'Find an agency' },
  allBands: { fa: 'همه سطوح', en: 'All bands' },
  shown: { fa: 'نمایش', en: 'Shown' },
  change: { fa: 'تغییر', en: 'Change' },
  scoreChange: { fa: 'تغییر امتیاز', en: 'Score change' },
  rankChange: { fa: 'ارتقای رتبه', en: 'Rank gained' },
  previousScore: { fa: 'امتیاز دوره قبل', en: 'Previous score' },
  previousRank: { fa: 'رتبه دوره قبل', en: 'Previous rank' },
  currentScore: { fa: 'امتیاز این دوره', en: 'Score this period' },
  currentRank: { fa: 'رتبه این دوره', en: 'Rank this period' },
  topRisers: {
    fa: 'برترین‌ها در بیشترین رشد نسبت به ارزیابی قبل',
    en: 'Largest growth since the previous evaluation',
  },
  trendSource: { fa: 'مقایسه با', en: 'Compared with' },
  unmatched: { fa: 'دستگاه‌های دوره قبل که در این اجرا نیستند', en: 'Previous agencies not in this run' },
  backToNational: { fa: 'بازگشت به گزارش ملی', en: 'Back to the national report' },
  services: { fa: 'خدمات', en: 'Services' },
  service: { fa: 'خدمت', en: 'Service' },
  indicators: { fa: 'شاخص‌ها', en: 'Indicators' },
  evaluatorInputs: { fa: 'ورودی‌های ارزیاب', en: 'Evaluator inputs' },
  author: { fa: 'ارزیاب', en: 'Author' },
  date: { fa: 'تاریخ', en: 'Date' },
  reason: { fa: 'دلیل', en: 'Reason' },
  note: { fa: 'یادداشت', en: 'Note' },
  none: { fa: 'ندارد', en: 'None' },
  speed: { fa: 'سرعت (Lighthouse)', en: 'Speed (Lighthouse)' },
  accessibility: { fa: 'دسترس‌پذیری (axe-core)', en: 'Accessibility (axe-core)' },
  tls: { fa: 'امنیت ارتباط (TLS)', en: 'Transport security (TLS)' },
  uptime: { fa: 'در دسترس بودن', en: 'Uptime' },
  grade: { fa: 'درجه', en: 'Grade' },
  probeErrors: { fa: 'خطاهای اندازه‌گیری', en: 'Measurement errors' },
  notes: { fa: 'توضیحات', en: 'Notes' },
  atTop: { fa: 'در بالاترین گزینه است.', en: 'At the top option.' },
  noUptime: { fa: 'بررسی در دسترس بودن ثبت نشده است.', en: 'No uptime checks recorded.' },
  checks: { fa: 'بررسی', en: 'checks' },
  coverage: { fa: 'پوشش', en: 'coverage' },
  outages: { fa: 'قطعی‌ها', en: 'Outages' },
  details: { fa: 'جزئیات', en: 'Details' },
  generatedBy: { fa: 'تهیه‌شده با پایش', en: 'Made with payesh' },
  noScores: { fa: 'برای این اجرا امتیازی ثبت نشده است.', en: 'No scores are stored for this run.' },
  sortHint: { fa: 'برای مرتب‌سازی روی عنوان ستون بزنید', en: 'Click a column title to sort' },
  language: { fa: 'English', en: 'فارسی' },
  perService: { fa: 'امتیاز خدمات', en: 'Service totals' },
  type: { fa: 'نوع', en: 'Type' },
  violations: { fa: 'قواعد نقض‌شده', en: 'Violated rules' },
  impact: { fa: 'شدت', en: 'Impact' },
  elements: { fa: 'عناصر', en: 'Elements' },
  metric: { fa: 'سنجه', en: 'Metric' },
  median: { fa: 'میانه', en: 'Median' },
  lighthouseReport: { fa: 'گزارش Lighthouse', en: 'Lighthouse report' },
  rule: { fa: 'قاعده', en: 'Rule' },
  firstElements: { fa: 'نخستین عناصر', en: 'First elements' },
  help: { fa: 'توضیح', en: 'Help' },
  pages: { fa: 'صفحه', en: 'pages' },
  noViolations: { fa: 'قاعده‌ی نقض‌شده‌ای یافت نشد.', en: 'No rule is broken.' },
  notTested: { fa: 'آزموده نشد', en: 'Not tested' },
  runs: { fa: 'دفعات اجرا', en: 'Runs' },
  tool: { fa: 'ابزار', en: 'Tool' },
  measuredAt: { fa: 'زمان اندازه‌گیری', en: 'Measured at' },
  points: { fa: 'امتیاز', en: 'Points' },
  of: { fa: 'از', en: 'of' },
  count: { fa: 'تعداد', en: 'Count' },
  weight: { fa: 'وزن', en: 'weight' },
  verified: { fa: 'تأییدشده', en: 'verified' },
  open: { fa: 'باز', en: 'open' },
  provisional: {
    fa: 'موقت: امتیاز شاخص‌های تأییدنشده هنوز باز است',
    en: 'provisional: points of unverified indicators are still open',
  },
  notRanked: { fa: 'بدون رتبه', en: 'Not ranked' },
  openItems: { fa: 'موارد باز (تأییدنشده)', en: 'Open (unverified) indicators' },
  closeBy: { fa: 'راه بستن', en: 'What would close it' },
  countedAsZero: { fa: 'صفر منظور شده است', en: 'counted as 0' },
} satisfies Record<string, Bilingual>;

export type LabelKey = keyof typeof LABELS;

export const SOURCE_LABELS: Record<string, Bilingual> = {
  auto: { fa: 'خودکار', en: 'automatic' },
  confirmed: { fa: 'تأیید ارزیاب', en: 'confirmed' },
  overridden: { fa: 'اصلاح ارزیاب', en: 'overridden' },
  input: { fa: 'ورودی ارزیاب', en: 'evaluator input' },
  missing: { fa: 'اندازه‌گیری نشده', en: 'missing' },
  'not-applicable': { fa: 'عدم مصداق', en: 'not applicable' },
  taken: { fa: 'از نتیجه مدل دیگر', en: 'from another checklist' },
  mixed: { fa: 'ترکیبی', en: 'mixed' },
};

export const LEVEL_LABELS: Record<string, Bilingual> = {
  service: { fa: 'خدمت', en: 'service' },
  portal: { fa: 'پرتال', en: 'portal' },
  agency: { fa: 'دستگاه', en: 'agency' },
};

export const METHOD_LABELS: Record<string, Bilingual> = {
  auto: { fa: 'سنجش خودکار', en: 'measured' },
  site: { fa: 'بررسی سایت', en: 'site check' },
  decl: { fa: 'خوداظهاری', en: 'declaration' },
};

export class Formatter {
  constructor(
    readonly lang: ReportLang,
    /** When the report was made, printed in page footers. */
    readonly generatedAt: string = new Date().toISOString(),
  ) {}

  get dir(): 'rtl' | 'ltr' {
    return this.lang === 'fa' ? 'rtl' : 'ltr';
  }

  t(key: LabelKey): string {
    return LABELS[key][this.lang];
  }

  bi(b: Bilingual | null | undefined): string {
    if (!b) return '';
    return (this.lang === 'fa' ? b.fa : b.en) || b.fa || b.en;
  }

  /** Digits in the report's script; Persian uses the Persian decimal separator. */
  digits(s: string | number): string {
    return this.lang === 'fa' ? toPersianDigits(String(s).replace(/\./g, '٫')) : String(s);
  }

  num(n: number | null | undefined, decimals = 2): string {
    if (n === null || n === undefined || !Number.isFinite(n)) return '—';
    return this.digits(n.toFixed(decimals));
  }

  int(n: number | null | undefined): string {
    if (n === null || n === undefined || !Number.isFinite(n)) return '—';
    return this.digits(String(Math.round(n)));
  }

  /** +3.25 / −1.5 with a sign, for changes. */
  signed(n: number | null | undefined, decimals = 2): string {
    if (n === null || n === undefined || !Number.isFinite(n)) return '—';
    const sign = n > 0 ? '+' : n < 0 ? '−' : '';
    return sign + this.digits(Math.abs(n).toFixed(decimals));
  }

  /** Jalali date and time for fa, ISO-like UTC for en. */
  date(iso: string | null | undefined, time = true): string {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    // Isolated left-to-right so the date and the time keep their order inside Persian text.
    if (this.lang === 'fa') return `\u2066${formatJalali(d, { persian: true, time })}\u2069`;
    return time ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : d.toISOString().slice(0, 10);
  }

  level(l: string): string {
    return LEVEL_LABELS[l] ? this.bi(LEVEL_LABELS[l]) : l;
  }

  method(m: string): string {
    return METHOD_LABELS[m] ? this.bi(METHOD_LABELS[m]) : m;
  }

  source(s: string): string {
    return SOURCE_LABELS[s] ? this.bi(SOURCE_LABELS[s]) : s;
  }

  /** Where a fact was read ("portal home page", "mean over 3 service pages"), in the report's language. */
  how(how: string): string {
    if (this.lang !== 'fa') return how;
    let s = how;
    for (const [re, fa] of HOW_FA) s = s.replace(re, fa as never);
    return this.digits(s);
  }
}

const AGG_FA: Record<string, string> = {
  mean: 'میانگین',
  min: 'کمینه',
  max: 'بیشینه',
  all: 'همه',
  any: 'دست‌کم یکی',
  first: 'نخستین',
};

/** The phrases the scorer uses for where a fact came from, in Persian (src/score/facts.ts writes them). */
const HOW_FA: [RegExp, string | ((...m: string[]) => string)][] = [
  [/portal home page/g, 'صفحه‌ی اصلی درگاه'],
  [/service page (\S+)/g, (_m, id) => `صفحه‌ی خدمت \u2066${id}\u2069`],
  [/host (\S+)/g, (_m, h) => `میزبان \u2066${h}\u2069`],
  [/\bhost\b/g, 'میزبان'],
  [
    /(mean|min|max|all|any|first) over (\d+) service pages?/g,
    (_m, agg, n) => `${AGG_FA[agg] ?? agg} روی ${n} صفحه‌ی خدمت`,
  ],
  [/\(fallback: (.*) gave nothing\)/g, (_m, x) => `(جایگزین: ${x} مقداری نداد)`],
];
