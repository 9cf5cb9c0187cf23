// payesh tls HOST[:PORT]: grade one host's TLS configuration in the manner of SSL Labs.
import { Command, Option } from 'commander';
import { UsageError } from '../net/options.ts';
import { formatJalali } from '../text/jalali.ts';
import type { TlsGrade } from '../probes/tls/grade.ts';
import type { TlsFindings } from '../probes/tls/scan.ts';
import type { SimulatedHandshake } from '../probes/tls/simulate.ts';
import { VERSION_LABEL, type TlsVersionName } from '../probes/tls/suites.ts';
import { addNetOptions, EXIT, netFromOptions, printJson } from './common.ts';

function intOption(name: string, min: number, max: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`${name} "${v}": expected an integer from ${min} to ${max}`);
    return n;
  };
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** One line per reference client: protocol, suite and key exchange, or why it failed. */
export function formatSimulation(sims: SimulatedHandshake[]): string[] {
  const w = Math.max(...sims.map((s) => s.name.length));
  return sims.map(
    (s) =>
      `  ${s.name.padEnd(w)}  ${
        s.ok
          ? `${VERSION_LABEL[s.protocol as TlsVersionName] ?? s.protocol}  ${s.suite}  ${s.kx}${s.forwardSecrecy ? '' : '  (no FS)'}`
          : `fails: ${s.error}`
      }`,
  );
}

/** Human-readable report: grade and reasons first, then every finding. */
export function formatTlsReport(f: TlsFindings, g: TlsGrade, toolVersion: string): string {
  const rows: [string, string][] = [];
  const add = (k: string, v: string) => rows.push([k, v]);
  add(
    'Host',
    `${f.target.host}:${f.target.port} → ${f.target.address}${f.target.servername ? ` (SNI ${f.target.servername})` : ''}`,
  );
  add(
    'Grade',
    g.grade === g.gradeIgnoringTrust
      ? g.grade
      : `${g.grade} (${g.gradeIgnoringTrust} if certificate issues are ignored)`,
  );
  add(
    'Score',
    `${g.score} = 0.3 × protocol ${g.protocolScore} + 0.3 × key exchange ${g.keyExchangeScore} + 0.4 × cipher ${g.cipherScore}`,
  );
  for (const p of ['SSLv2', 'SSLv3', ...Object.keys(VERSION_LABEL)] as (keyof TlsFindings['protocols'])[]) {
    const label = p === 'SSLv2' ? 'SSL 2.0' : p === 'SSLv3' ? 'SSL 3.0' : VERSION_LABEL[p as TlsVersionName];
    add(`  ${label}`, f.protocols[p]);
  }
  for (const v of Object.keys(VERSION_LABEL) as TlsVersionName[]) {
    const list = f.suites[v];
    if (!list) continue;
    const pref = f.serverPreference[v];
    add(
      `Suites ${VERSION_LABEL[v]}`,
      `${list.length} accepted; server order: ${pref === null || pref === undefined ? 'not observable' : yesNo(pref)}`,
    );
    for (const s of list) {
      const eph = s.ephemeral
        ? ` ${s.ephemeral.type === 'DH' ? `DH ${s.ephemeral.size}` : (s.ephemeral.name ?? 'ECDH')}`
        : '';
      add(
        '',
        `${s.name}  ${s.strengthBits}-bit${s.aead ? ' AEAD' : ''}${s.forwardSecrecy ? ' FS' : ''}${eph}`,
      );
    }
  }
  add(
    'Negotiated',
    `${f.negotiated.protocol} ${f.negotiated.cipher}${f.negotiated.ephemeral.name ? ` ${f.negotiated.ephemeral.name}` : ''}`,
  );
  add('Key exchange groups', f.keyExchange.groups.join(', ') || 'none observed');
  add(
    'Forward secrecy',
    `negotiated ${yesNo(f.forwardSecrecy.negotiated)}, all suites ${yesNo(f.forwardSecrecy.allSuites)}`,
  );
  add(
    'AEAD',
    `negotiated ${yesNo(f.aead.negotiated)}, any suite ${yesNo(f.aead.anySuite)}, all suites ${yesNo(f.aead.allSuites)}`,
  );
  add(
    '3DES',
    f.tripleDes.tested
      ? f.tripleDes.accepted.map((a) => `${a.suite} (${a.protocol})`).join(', ') || 'not accepted'
      : 'not tested',
  );
  add(
    'RC4',
    f.rc4.tested
      ? f.rc4.accepted.map((a) => `${a.suite} (${a.protocol})`).join(', ') || 'not accepted'
      : 'not tested',
  );
  add(
    'DES / export',
    f.exportOrDes.tested
      ? f.exportOrDes.accepted.map((a) => a.suite).join(', ') || 'not accepted'
      : 'not tested',
  );
  add('Secure renegotiation', f.secureRenegotiation);
  add('TLS_FALLBACK_SCSV', f.fallbackScsv);
  f.certificate.chain.forEach((c, i) => {
    add(i === 0 ? 'Certificate' : `Chain #${i}`, c.subject);
    add('  issuer', c.issuer);
    const day = (iso: string) => `${iso.slice(0, 10)} (${formatJalali(new Date(iso))})`;
    add(
      '  valid',
      `${day(c.validFrom)} → ${day(c.validTo)}, ${c.expired ? 'EXPIRED' : `${c.daysLeft} days left`}`,
    );
    add('  key', `${c.keyType.toUpperCase()} ${c.keyBits} bits${c.curve ? ` ${c.curve}` : ''}`);
    add('  signature', c.signatureAlgorithm);
    if (i === 0) add('  names', c.subjectAltNames.join(', ') || '(no SAN)');
    if (c.selfSigned) add('  self-signed', 'yes');
  });
  add('Trusted', f.certificate.trusted ? 'yes' : `no (${f.certificate.trustError ?? 'unknown'})`);
  add(
    'Name match',
    f.certificate.hostnameMatch
      ? `yes (${f.certificate.hostname})`
      : `no (${f.certificate.hostnameError ?? f.certificate.hostname})`,
  );
  add('OCSP stapling', yesNo(f.certificate.ocspStapled));
  add('ALPN', `offered ${f.alpn.offered.join(', ')}; selected ${f.alpn.selected || 'none'}`);
  const h = f.hsts;
  add(
    'HSTS',
    !h.tested
      ? `not tested (${h.error})`
      : h.header
        ? `max-age=${h.maxAge ?? '?'}${h.includeSubDomains ? '; includeSubDomains' : ''}${h.preload ? '; preload' : ''}`
        : 'none',
  );
  const r = f.httpRedirect;
  add(
    'HTTP → HTTPS',
    !r.tested
      ? `not tested (${r.error})`
      : r.redirectsToHttps
        ? `yes (${r.status} → ${r.location})`
        : `no (${r.url} answered ${r.status}${r.location ? ` → ${r.location}` : ''})`,
  );
  add(
    'Handshakes',
    `${f.handshakes} TLS + ${f.rawHellos} raw ClientHello in ${(f.durationMs / 1000).toFixed(1)} s`,
  );
  if (f.vulnerabilities) {
    add('Vulnerabilities', '');
    const names: Record<string, string> = {
      heartbleed: 'Heartbleed',
      ccsInjection: 'CCS injection',
      robot: 'ROBOT',
      compression: 'Compression (CRIME)',
      sslv2: 'SSL 2.0',
      sslv3: 'SSL 3.0 (POODLE)',
      insecureRenegotiation: 'Insecure renegotiation',
      clientRenegotiation: 'Client-initiated reneg.',
    };
    for (const [k, r] of Object.entries(f.vulnerabilities))
      add(`  ${names[k] ?? k}`, `${r.state}: ${r.detail}`);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`TLS grade for ${f.target.host}:${f.target.port}: ${g.grade}`, ''];
  if (g.reasons.length) lines.push('Reasons:', ...g.reasons.map((x) => `  - ${x}`), '');
  lines.push(...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`));
  if (f.simulation?.length) lines.push('', 'Handshake simulation:', ...formatSimulation(f.simulation));
  lines.push('', 'Not tested:', ...g.notTested.map((x) => `  - ${x}`), '', toolVersion);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  const cmd = program
    .command('tls')
    .description('grade the TLS configuration of HOST[:PORT] in the manner of the SSL Labs rating guide')
    .argument('<host[:port]>', 'host name or address, port 443 unless given')
    .option('--servername <name>', 'name to send in SNI and check on the certificate (default: the host)')
    .addOption(
      new Option('--http-port <port>', 'port of the plain-HTTP redirect check')
        .default(80)
        .argParser(intOption('--http-port', 1, 65535)),
    )
    .addOption(
      new Option('--concurrency <n>', 'parallel handshakes')
        .default(4)
        .argParser(intOption('--concurrency', 1, 32)),
    )
    .addOption(
      new Option('--timeout <ms>', 'per-handshake timeout in milliseconds').argParser(
        intOption('--timeout', 100, 120_000),
      ),
    )
    .option('--json', 'print the grade, reasons and findings as JSON', false);
  addNetOptions(cmd);
  cmd.action(async (spec: string, o: Record<string, unknown>) => {
    const net = netFromOptions(o);
    // The scanner loads only when a host is given: options parse without it.
    const [{ parseHostPort, TLS_TOOL_VERSION }, { scanTls }, { gradeTls }, { TlsProbeError }] =
      await Promise.all([
        import('../probes/tls/probe.ts'),
        import('../probes/tls/scan.ts'),
        import('../probes/tls/grade.ts'),
        import('../probes/tls/handshake.ts'),
      ]);
    const { host, port } = parseHostPort(spec);
    try {
      const findings = await scanTls(net, {
        host,
        port,
        servername: o.servername as string | undefined,
        httpPort: o.httpPort as number,
        concurrency: o.concurrency as number,
        timeoutMs: o.timeout as number | undefined,
      });
      const grade = gradeTls(findings);
      if (o.json) printJson({ host, port, ...grade, toolVersion: TLS_TOOL_VERSION, findings });
      else process.stdout.write(formatTlsReport(findings, grade, TLS_TOOL_VERSION));
      process.exitCode = EXIT.ok;
    } catch (e) {
      if (!(e instanceof TlsProbeError)) throw e;
      // Nothing to grade: the host is unreachable, refused by policy or does not speak TLS.
      if (o.json)
        printJson({
          host,
          port,
          grade: null,
          reasons: [],
          error: { type: e.type, message: e.message },
          toolVersion: TLS_TOOL_VERSION,
        });
      process.stderr.write(`payesh: tls: cannot grade ${host}:${port}: ${e.type}: ${e.message}\n`);
      process.exitCode = EXIT.usage;
    }
  });
}
