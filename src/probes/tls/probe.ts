// The 'tls' probe: one scan per host:port, shared by every page on that host.
import { PAYESH_VERSION, UsageError } from '../../net/options.ts';
import {
  failedMeasurement,
  nowIso,
  type Evidence,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';
import { gradeTls, type TlsGrade } from './grade.ts';
import { TlsProbeError } from './handshake.ts';
import { scanTls, type ScanOptions, type TlsFindings } from './scan.ts';
import { VERSION_LABEL, type TlsVersionName } from './suites.ts';

export const TLS_TOOL_VERSION = `payesh-tls/${PAYESH_VERSION} node/${process.versions.node} openssl/${process.versions.openssl}`;

export interface TlsValues extends Record<string, unknown> {
  grade: TlsGrade;
  findings: TlsFindings;
}

/** Split "host", "host:port", "[v6]:port" (port defaults to 443). */
export function parseHostPort(spec: string, defaultPort = 443): { host: string; port: number } {
  const s = spec
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '');
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(s);
  let host: string;
  let port: number;
  if (v6) {
    host = v6[1];
    port = v6[2] ? Number(v6[2]) : defaultPort;
  } else {
    const m = /^([^:\s/]+)(?::(\d{1,5}))?$/.exec(s);
    if (!m) throw new UsageError(`"${spec}": expected HOST or HOST:PORT, e.g. portal.example.ir:443`);
    host = m[1].toLowerCase();
    port = m[2] ? Number(m[2]) : defaultPort;
  }
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`"${spec}": port must be between 1 and 65535`);
  return { host, port };
}

/** Evidence an evaluator can read without the JSON: where, what was negotiated, the certificate, the reasons. */
export function tlsEvidence(f: TlsFindings, g: TlsGrade): Evidence[] {
  const url = `https://${f.target.host.includes(':') ? `[${f.target.host}]` : f.target.host}:${f.target.port}/`;
  const leaf = f.certificate.chain[0];
  const versions = (Object.keys(VERSION_LABEL) as TlsVersionName[])
    .filter((v) => f.protocols[v] === 'yes')
    .map((v) => VERSION_LABEL[v]);
  const ev: Evidence[] = [
    {
      kind: 'url',
      label: 'TLS endpoint',
      url,
      text: `${f.target.host}:${f.target.port} (${f.target.address})`,
    },
    {
      kind: 'text',
      label: 'grade',
      text: `${g.grade} (score ${g.score}; protocol ${g.protocolScore}, key exchange ${g.keyExchangeScore}, cipher ${g.cipherScore})`,
    },
    {
      kind: 'text',
      label: 'negotiated',
      text: `${f.negotiated.protocol} ${f.negotiated.cipher}${f.negotiated.ephemeral.name ? ` ${f.negotiated.ephemeral.name}` : ''}`,
    },
    { kind: 'text', label: 'protocols', text: versions.join(', ') },
  ];
  if (leaf) {
    ev.push({
      kind: 'text',
      label: 'certificate',
      text: `subject ${leaf.subject}; issuer ${leaf.issuer}; expires ${leaf.validTo}; ${leaf.keyType.toUpperCase()} ${leaf.keyBits} bits; ${leaf.signatureAlgorithm}`,
    });
  }
  for (const r of g.reasons) ev.push({ kind: 'note', label: 'grade reason', text: r });
  ev.push({ kind: 'count', label: 'handshakes', count: f.handshakes + f.rawHellos });
  return ev;
}

export function createTlsProbe(scan: Partial<Omit<ScanOptions, 'host' | 'port'>> = {}): Probe {
  return {
    id: 'tls',
    appliesTo: ['host'],
    async run(target: Target, ctx: ProbeContext): Promise<Measurement> {
      const startedAt = nowIso();
      let hp: { host: string; port: number };
      try {
        const fromUrl = target.url ? new URL(target.url) : undefined;
        hp = parseHostPort(target.host || fromUrl?.host || '', 443);
        if (!/:\d+$/.test(target.host) && fromUrl?.port) hp.port = Number(fromUrl.port);
      } catch (e) {
        return failedMeasurement('tls', target.url, TLS_TOOL_VERSION, startedAt, {
          type: 'bad-target',
          message: (e as Error).message,
        });
      }
      try {
        const findings = await scanTls(ctx.net, { ...scan, host: hp.host, port: hp.port });
        const grade = gradeTls(findings);
        const values: TlsValues & { facts: Record<string, string> } = {
          grade,
          findings,
          facts: { 'tls.grade': grade.grade },
        };
        return {
          probe: 'tls',
          url: target.url,
          values,
          evidence: tlsEvidence(findings, grade),
          toolVersion: TLS_TOOL_VERSION,
          startedAt,
          finishedAt: nowIso(),
        };
      } catch (e) {
        if (e instanceof TlsProbeError) {
          const type =
            e.type === 'handshake' || e.type === 'client-unsupported'
              ? 'no-tls'
              : e.type === 'network'
                ? 'refused'
                : e.type;
          return failedMeasurement(
            'tls',
            target.url,
            TLS_TOOL_VERSION,
            startedAt,
            { type, message: e.message },
            [{ kind: 'text', label: 'TLS endpoint', text: `${hp.host}:${hp.port}` }],
          );
        }
        ctx.log.error({ err: e, host: target.host }, 'tls probe failed');
        return failedMeasurement('tls', target.url, TLS_TOOL_VERSION, startedAt, {
          type: 'internal',
          message: (e as Error).message,
        });
      }
    },
  };
}

export const tlsProbe: Probe = createTlsProbe();
