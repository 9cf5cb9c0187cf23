// The TLS block's details on the agency page: the handshake simulation (what each reference client
// negotiated) and the vulnerability checks, as compact tables read from the stored findings.
import type { Formatter } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { VULN_NAMES, VULN_STATES } from './tls-text.ts';

// The shapes stored by the tls probe (reports read stored values and never import probes).
interface SimulatedHandshake {
  name: string;
  ok: boolean;
  protocol?: string;
  suite?: string;
  kx?: string;
  forwardSecrecy?: boolean;
  weakCipher?: string | null;
  error?: string;
}
type Vulnerabilities = Record<string, { state: string; detail: string }>;

const HEAD = {
  simulation: { fa: 'شبیه‌سازی دست‌دهی با مرورگرهای مرجع', en: 'Handshake simulation' },
  client: { fa: 'مرورگر', en: 'Client' },
  protocol: { fa: 'پروتکل', en: 'Protocol' },
  suite: { fa: 'مجموعه‌رمز', en: 'Suite' },
  kx: { fa: 'تبادل کلید', en: 'Key exchange' },
  noFs: { fa: ' (بی محرمانگی پیشرو)', en: ' (no FS)' },
  fails: { fa: 'ناموفق:', en: 'fails:' },
  vulnerability: { fa: 'آسیب‌پذیری', en: 'Vulnerability' },
  result: { fa: 'نتیجه', en: 'Result' },
};

export function tlsDetails(findings: unknown, fm: Formatter): SafeHtml {
  const t = (k: keyof typeof HEAD) => fm.bi(HEAD[k]);
  const f = (findings ?? {}) as { simulation?: SimulatedHandshake[]; vulnerabilities?: Vulnerabilities };
  const sims = Array.isArray(f.simulation) ? f.simulation : [];
  const vulns =
    f.vulnerabilities && typeof f.vulnerabilities === 'object' ? Object.entries(f.vulnerabilities) : [];
  return html`${
    sims.length
      ? html`<details><summary>${t('simulation')} (<bdi dir="ltr">${sims.filter((s) => s.ok).length}/${sims.length}</bdi>)</summary><div class="table-wrap"><table dir="ltr" class="small"><thead><tr><th>${t('client')}</th><th>${t('protocol')}</th><th>${t('suite')}</th><th>${t('kx')}</th></tr></thead><tbody>
${sims.map((s) => (s.ok ? html`<tr><td>${s.name}</td><td>${s.protocol ?? ''}</td><td>${s.suite ?? ''}${s.weakCipher ? html` <b class="err">${s.weakCipher}</b>` : ''}</td><td>${s.kx ?? ''}${s.forwardSecrecy ? '' : t('noFs')}</td></tr>` : html`<tr><td>${s.name}</td><td colspan="3" class="muted">${t('fails')} ${s.error ?? ''}</td></tr>`))}
</tbody></table></div></details>`
      : ''
  }${
    vulns.length
      ? html`<div class="table-wrap"><table class="small tls-vulns"><thead><tr><th>${t('vulnerability')}</th><th>${t('result')}</th></tr></thead><tbody>
${vulns.map(([k, r]) => html`<tr><td>${VULN_NAMES[k] ? fm.bi(VULN_NAMES[k]) : k}</td><td${r.state === 'vulnerable' ? html` class="err"` : ''}><b>${VULN_STATES[r.state] ? fm.bi(VULN_STATES[r.state]) : r.state}</b> · <bdi dir="ltr">${r.detail}</bdi></td></tr>`)}
</tbody></table></div>`
      : ''
  }`;
}
