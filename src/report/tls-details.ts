// The TLS block's details on the agency page: the handshake simulation (what each reference client
// negotiated) and the vulnerability checks, as compact tables read from the stored findings.
import { html, type SafeHtml } from './safe-html.ts';

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

const VULN_LABEL: Record<string, string> = {
  heartbleed: 'Heartbleed',
  ccsInjection: 'CCS injection',
  robot: 'ROBOT',
  compression: 'TLS compression (CRIME)',
  sslv2: 'SSL 2.0',
  sslv3: 'SSL 3.0 (POODLE)',
  insecureRenegotiation: 'Insecure renegotiation',
  clientRenegotiation: 'Client-initiated renegotiation',
};

export function tlsDetails(findings: unknown): SafeHtml {
  const f = (findings ?? {}) as { simulation?: SimulatedHandshake[]; vulnerabilities?: Vulnerabilities };
  const sims = Array.isArray(f.simulation) ? f.simulation : [];
  const vulns =
    f.vulnerabilities && typeof f.vulnerabilities === 'object' ? Object.entries(f.vulnerabilities) : [];
  return html`${
    sims.length
      ? html`<details><summary>Handshake simulation (${sims.filter((s) => s.ok).length}/${sims.length})</summary><div class="table-wrap"><table dir="ltr" class="small"><thead><tr><th>Client</th><th>Protocol</th><th>Suite</th><th>Key exchange</th></tr></thead><tbody>
${sims.map((s) => (s.ok ? html`<tr><td>${s.name}</td><td>${s.protocol ?? ''}</td><td>${s.suite ?? ''}${s.weakCipher ? html` <b class="err">${s.weakCipher}</b>` : ''}</td><td>${s.kx ?? ''}${s.forwardSecrecy ? '' : ' (no FS)'}</td></tr>` : html`<tr><td>${s.name}</td><td colspan="3" class="muted">fails: ${s.error ?? ''}</td></tr>`))}
</tbody></table></div></details>`
      : ''
  }${
    vulns.length
      ? html`<div class="table-wrap"><table dir="ltr" class="small"><thead><tr><th>Vulnerability</th><th>Result</th></tr></thead><tbody>
${vulns.map(([k, r]) => html`<tr><td>${VULN_LABEL[k] ?? k}</td><td${r.state === 'vulnerable' ? html` class="err"` : ''}><b>${r.state}</b> · ${r.detail}</td></tr>`)}
</tbody></table></div>`
      : ''
  }`;
}
