// The TLS scan: protocols, cipher suites per protocol, server preference, key exchange,
// certificate chain, OCSP stapling, ALPN, legacy suites and downgrade protection (raw
// ClientHello), HSTS and the HTTP→HTTPS redirect. Produces findings; grade.ts turns them into a letter.
import type tls from 'node:tls';
import type { NetOptions } from '../../net/options.ts';
import { chainFromPeer, hostnameMatches, rsaEquivalent, type CertificateInfo } from './certificate.ts';
import {
  handshake,
  resolveEndpoint,
  TlsProbeError,
  type Endpoint,
  type HandshakeOk,
  type HandshakeRequest,
} from './handshake.ts';
import { checkHsts, checkHttpRedirect, type HstsFinding, type RedirectFinding } from './http-checks.ts';
import { mapLimit } from './limit.ts';
import { ALERT_INAPPROPRIATE_FALLBACK, sendRawHello, WIRE_VERSION, type RawHelloReply } from './raw-hello.ts';
import { simulateClients, type SimulatedHandshake } from './simulate.ts';
import { checkVulnerabilities } from './vulns.ts';
import type { Vulnerabilities } from './vulns.ts';
import {
  candidatesFor,
  CLASSIC_SUITES,
  LEGACY_SUITES,
  suiteByCode,
  suiteByName,
  TLS13_SUITES,
  TLS_VERSIONS,
  type SuiteInfo,
  type TlsVersionName,
} from './suites.ts';

export interface ScanOptions {
  host: string;
  port: number;
  servername?: string;
  /** Port for the plain-HTTP redirect check (default 80). */
  httpPort?: number;
  /** Parallel handshakes (default 4). */
  concurrency?: number;
  /** Per-handshake timeout (default: the connect timeout, at most 8 s). */
  timeoutMs?: number;
  /** Clock for certificate validity (tests). */
  now?: Date;
}

export interface EphemeralKey {
  type?: string;
  name?: string;
  size?: number;
}

export interface AcceptedSuite {
  name: string;
  code: number;
  keyExchange: string;
  forwardSecrecy: boolean;
  aead: boolean;
  strengthBits: number;
  ephemeral?: EphemeralKey;
}

export type Tri = 'yes' | 'no' | 'not-tested';

export interface LegacyCheck {
  tested: boolean;
  /** Suites the server accepted from this family, with the protocol they were accepted on. */
  accepted: { suite: string; protocol: string }[];
  note?: string;
}

export interface TlsFindings {
  target: { host: string; port: number; address: string; servername?: string };
  scannedAt: string;
  durationMs: number;
  /** Real TLS handshakes made with node:tls. */
  handshakes: number;
  /** Hand-built ClientHellos sent (3DES, RC4, fallback SCSV, renegotiation). */
  rawHellos: number;
  protocols: Record<'SSLv2' | 'SSLv3' | TlsVersionName, Tri>;
  suites: Partial<Record<TlsVersionName, AcceptedSuite[]>>;
  /** Suites the local OpenSSL could not offer (so their acceptance is unknown). */
  clientUnsupported: string[];
  /** Per protocol: true server order, false client order, null not observable (fewer than two suites). */
  serverPreference: Partial<Record<TlsVersionName, boolean | null>>;
  /** What a modern client offering the usual list gets. */
  negotiated: {
    protocol: string;
    cipher: string;
    ephemeral: EphemeralKey;
    alpn: string | false;
    forwardSecrecy: boolean;
    aead: boolean;
  };
  keyExchange: {
    groups: string[];
    minDhBits: number | null;
    minEcdhRsaEquivalent: number | null;
    certKeyRsaEquivalent: number;
  };
  forwardSecrecy: { negotiated: boolean; anySuite: boolean; allSuites: boolean };
  aead: { negotiated: boolean; anySuite: boolean; allSuites: boolean };
  weakest: { strengthBits: number; suite: string; protocol: string } | null;
  strongest: { strengthBits: number; suite: string; protocol: string } | null;
  anonymousSuites: string[];
  nullSuites: string[];
  tripleDes: LegacyCheck;
  rc4: LegacyCheck;
  exportOrDes: LegacyCheck;
  secureRenegotiation: Tri | 'not-applicable';
  fallbackScsv: 'supported' | 'not-supported' | 'not-applicable' | 'not-tested';
  certificate: {
    chain: CertificateInfo[];
    trusted: boolean;
    trustError?: string;
    hostname: string;
    hostnameMatch: boolean;
    hostnameError?: string;
    ocspStapled: boolean;
  };
  alpn: { offered: string[]; selected: string | false; h2: boolean };
  hsts: HstsFinding;
  httpRedirect: RedirectFinding;
  /** What each reference client (clients.json) negotiated with the server, or why it failed. */
  simulation?: SimulatedHandshake[];
  /** Vulnerability checks by raw handshakes (absent in findings stored before they existed). */
  vulnerabilities?: Vulnerabilities;
  /** Checks this scanner cannot make, reported instead of guessed. */
  notTested: string[];
}

export const NOT_TESTABLE = [
  'POODLE over TLS',
  'Ticketbleed, padding oracles (CVE-2016-2107), GOLDENDOODLE, Zombie POODLE',
  'certificate revocation (CRL/OCSP lookup)',
  'Certificate Transparency',
  'DNS CAA',
];

const CLASSIC_ALL = 'ALL:COMPLEMENTOFALL:@SECLEVEL=0';
const TLS13_ALL = TLS13_SUITES.map((s) => s.name).join(':') + ':ALL:@SECLEVEL=0';

function toAccepted(s: SuiteInfo, ephemeral?: EphemeralKey): AcceptedSuite {
  return {
    name: s.name,
    code: s.code,
    keyExchange: s.keyExchange,
    forwardSecrecy: s.forwardSecrecy,
    aead: s.aead,
    strengthBits: s.strengthBits,
    ...(ephemeral && ephemeral.type ? { ephemeral } : {}),
  };
}

function versionRequest(v: TlsVersionName, ciphers: string, timeoutMs: number): HandshakeRequest {
  return { minVersion: v, maxVersion: v, ciphers, timeoutMs };
}

function suiteCipherString(s: SuiteInfo): string {
  // TLS 1.3 suites need a non-empty classic list next to them; it is unused at min=max=1.3.
  return s.keyExchange === 'TLS1.3' ? `${s.name}:ALL:@SECLEVEL=0` : `${s.name}:@SECLEVEL=0`;
}

export async function scanTls(net: NetOptions, opts: ScanOptions): Promise<TlsFindings> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const timeoutMs = opts.timeoutMs ?? Math.min(net.connectTimeoutMs, 8_000);
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const ep: Endpoint = await resolveEndpoint(net, opts.host, opts.port, opts.servername);
  let handshakes = 0;
  let rawHellos = 0;
  const shake = async (req: HandshakeRequest): Promise<HandshakeOk | TlsProbeError> => {
    handshakes++;
    try {
      return await handshake(net, ep, req);
    } catch (e) {
      if (e instanceof TlsProbeError) return e;
      throw e;
    }
  };
  const raw = async (version: number, suites: number[], fallbackScsv = false): Promise<RawHelloReply> => {
    rawHellos++;
    return sendRawHello({
      address: ep.address,
      port: ep.port,
      servername: ep.servername,
      version,
      suites,
      fallbackScsv,
      timeoutMs,
    });
  };

  // 1. What a modern client gets, with the certificate chain, OCSP and ALPN.
  const alpnOffered = ['h2', 'http/1.1'];
  const main = await shake({ alpn: alpnOffered, requestOcsp: true, withChain: true, timeoutMs });
  if (main instanceof TlsProbeError && main.type !== 'handshake') throw main;

  // 2. Protocol support, one version at a time.
  const protocols: TlsFindings['protocols'] = {
    SSLv2: 'not-tested',
    SSLv3: 'not-tested',
    TLSv1: 'no',
    'TLSv1.1': 'no',
    'TLSv1.2': 'no',
    'TLSv1.3': 'no',
  };
  const versionResults = await mapLimit(TLS_VERSIONS, concurrency, (v) =>
    shake(versionRequest(v, v === 'TLSv1.3' ? TLS13_ALL : CLASSIC_ALL, timeoutMs)),
  );
  const supported: TlsVersionName[] = [];
  TLS_VERSIONS.forEach((v, i) => {
    const r = versionResults[i];
    if (!(r instanceof TlsProbeError)) {
      protocols[v] = 'yes';
      supported.push(v);
    } else if (r.type === 'timeout' || r.type === 'refused' || r.type === 'network') {
      protocols[v] = 'not-tested';
    }
  });
  if (!supported.length) {
    const firstErr = versionResults.find((r) => r instanceof TlsProbeError) as TlsProbeError | undefined;
    if (firstErr && firstErr.type !== 'handshake') throw firstErr;
    throw new TlsProbeError(
      'no-tls',
      `${opts.host}:${opts.port} completed no TLS handshake (TLS 1.0 to 1.3 tried)`,
    );
  }
  if (main instanceof TlsProbeError)
    throw new TlsProbeError('handshake', `default handshake failed: ${main.message}`);

  // 3. Accepted suites: one handshake per candidate per supported version.
  const clientUnsupported = new Set<string>();
  const jobs = supported.flatMap((v) => candidatesFor(v).map((s) => ({ v, s })));
  const jobResults = await mapLimit(jobs, concurrency, ({ v, s }) =>
    shake(versionRequest(v, suiteCipherString(s), timeoutMs)),
  );
  const suites: TlsFindings['suites'] = {};
  for (const v of supported) suites[v] = [];
  jobs.forEach(({ v, s }, i) => {
    const r = jobResults[i];
    if (r instanceof TlsProbeError) {
      if (r.type === 'client-unsupported') clientUnsupported.add(s.name);
      return;
    }
    const got = suiteByName(r.cipher) ?? s;
    if (!suites[v]!.some((a) => a.name === got.name)) suites[v]!.push(toAccepted(got, r.ephemeral));
  });

  // 4. Server preference: offer two accepted suites in both orders.
  const serverPreference: TlsFindings['serverPreference'] = {};
  await mapLimit(supported, concurrency, async (v) => {
    const acc = suites[v]!;
    if (acc.length < 2) {
      serverPreference[v] = null;
      return;
    }
    const [a, b] = [acc[0].name, acc[acc.length - 1].name];
    const tail = v === 'TLSv1.3' ? ':ALL:@SECLEVEL=0' : ':@SECLEVEL=0';
    const ab = await shake(versionRequest(v, `${a}:${b}${tail}`, timeoutMs));
    const ba = await shake(versionRequest(v, `${b}:${a}${tail}`, timeoutMs));
    if (ab instanceof TlsProbeError || ba instanceof TlsProbeError) serverPreference[v] = null;
    else serverPreference[v] = ab.cipher === ba.cipher;
  });

  // 5. Legacy suites, renegotiation and fallback protection with hand-built ClientHellos.
  const classicSupported = supported.filter((v) => v !== 'TLSv1.3') as Exclude<TlsVersionName, 'TLSv1.3'>[];
  const legacyProbeVersions = [
    ...new Set([classicSupported[0], classicSupported[classicSupported.length - 1]].filter(Boolean)),
  ];
  const legacyCheck = async (family: SuiteInfo[]): Promise<LegacyCheck> => {
    if (!legacyProbeVersions.length)
      return { tested: true, accepted: [], note: 'only TLS 1.3 is accepted; it has no such suites' };
    const accepted: LegacyCheck['accepted'] = [];
    let inconclusive = false;
    for (const v of legacyProbeVersions) {
      let offer = family.map((s) => s.code);
      // Elimination: remove what the server picked and ask again, to list every accepted suite.
      while (offer.length) {
        const r = await raw(WIRE_VERSION[v], offer);
        if (r.kind !== 'server-hello') {
          if (r.kind === 'timeout' || r.kind === 'error' || r.kind === 'unparseable') inconclusive = true;
          break;
        }
        const s = suiteByCode(r.suite);
        if (!offer.includes(r.suite)) break;
        if (!accepted.some((a) => a.suite === s?.name))
          accepted.push({ suite: s?.name ?? `0x${r.suite.toString(16)}`, protocol: v });
        offer = offer.filter((c) => c !== r.suite);
      }
    }
    return {
      tested: !inconclusive || accepted.length > 0,
      accepted,
      ...(inconclusive ? { note: 'a hand-built ClientHello got no readable answer' } : {}),
    };
  };
  const tripleDes = await legacyCheck(LEGACY_SUITES.filter((s) => s.smallBlock && s.strengthBits === 112));
  const rc4 = await legacyCheck(LEGACY_SUITES.filter((s) => s.rc4 && !s.export));
  const exportOrDes = await legacyCheck(
    LEGACY_SUITES.filter((s) => s.export || s.strengthBits === 56 || /IDEA/.test(s.name)),
  );

  const modernCodes = CLASSIC_SUITES.filter((s) => !s.anonymous && !s.nullCipher).map((s) => s.code);
  let secureRenegotiation: TlsFindings['secureRenegotiation'] = 'not-applicable';
  if (classicSupported.length) {
    const top = classicSupported[classicSupported.length - 1];
    const r = await raw(WIRE_VERSION[top], modernCodes);
    secureRenegotiation = r.kind === 'server-hello' ? (r.renegotiationInfo ? 'yes' : 'no') : 'not-tested';
  }
  let fallbackScsv: TlsFindings['fallbackScsv'] = 'not-applicable';
  if (supported.length >= 2 && classicSupported.length) {
    // Pretend to be a client that fell back one version below the best the server has.
    const below = supported[supported.length - 2] as Exclude<TlsVersionName, 'TLSv1.3'>;
    const r = await raw(WIRE_VERSION[below], modernCodes, true);
    if (r.kind === 'alert' && r.description === ALERT_INAPPROPRIATE_FALLBACK) fallbackScsv = 'supported';
    else if (r.kind === 'server-hello') fallbackScsv = 'not-supported';
    else fallbackScsv = 'not-tested';
  }

  // 6. Handshake simulation (each reference client's ClientHello, replayed) and the
  // vulnerability checks, both with raw handshakes.
  const [simulation, vulnerabilities] = await Promise.all([
    simulateClients(ep.address, ep.port, ep.servername, timeoutMs, concurrency + 2),
    checkVulnerabilities({
      address: ep.address,
      port: ep.port,
      servername: ep.servername,
      timeoutMs,
      classic: classicSupported,
      secureRenegotiation,
    }),
  ]);
  rawHellos += simulation.length + 16;
  protocols.SSLv2 =
    vulnerabilities.sslv2.state === 'vulnerable'
      ? 'yes'
      : vulnerabilities.sslv2.state === 'not-vulnerable'
        ? 'no'
        : 'not-tested';
  protocols.SSLv3 =
    vulnerabilities.sslv3.state === 'vulnerable'
      ? 'yes'
      : vulnerabilities.sslv3.state === 'not-vulnerable'
        ? 'no'
        : 'not-tested';

  // 7. Certificate.
  const chain = main.chain && main.chain.raw ? chainFromPeer(main.chain, now) : [];
  const checkName = ep.servername ?? opts.host;
  const nameCheck =
    main.chain && main.chain.raw
      ? hostnameMatches(checkName, main.chain as tls.PeerCertificate)
      : { ok: false, reason: 'no certificate' };

  // 8. HTTP checks. A --resolve mapping of the TLS port stands for the whole host, so the
  // plain-HTTP check dials the same address unless the HTTP port has a mapping of its own.
  const httpPort = opts.httpPort ?? 80;
  const httpNet: NetOptions = { ...net, resolve: new Map(net.resolve) };
  const httpKey = `${opts.host.toLowerCase()}:${httpPort}`;
  if (!httpNet.resolve.has(httpKey) && net.resolve.has(`${opts.host.toLowerCase()}:${opts.port}`))
    httpNet.resolve.set(httpKey, ep.address);
  const [hsts, httpRedirect] = await Promise.all([
    checkHsts(net, opts.host, opts.port, Math.max(timeoutMs, 5_000)),
    checkHttpRedirect(httpNet, opts.host, httpPort, Math.max(timeoutMs, 5_000)),
  ]);

  // Summaries for the grader.
  const all = supported.flatMap((v) => suites[v]!.map((s) => ({ ...s, protocol: v })));
  const negotiatedSuite = suiteByName(main.cipher);
  const dhSizes = all
    .filter((s) => s.ephemeral?.type === 'DH' && s.ephemeral.size)
    .map((s) => s.ephemeral!.size!);
  const ecdh = all.filter((s) => s.ephemeral?.type === 'ECDH');
  const ecdhEq = ecdh.map((s) =>
    rsaEquivalent(
      s.ephemeral!.name === 'X25519' ? 'x25519' : s.ephemeral!.name === 'X448' ? 'x448' : 'ec',
      s.ephemeral!.size ?? 0,
    ),
  );
  const groups = [
    ...new Set(
      [main.ephemeral, ...all.map((s) => s.ephemeral)]
        .filter((e) => e && e.type)
        .map((e) => (e!.type === 'DH' ? `DH ${e!.size}` : `${e!.name ?? 'ECDH'}`)),
    ),
  ];
  const bySize = [...all].sort((a, b) => a.strengthBits - b.strengthBits);
  const legacyAll = [
    ...tripleDes.accepted.map((a) => ({ ...a, bits: 112 })),
    ...rc4.accepted.map((a) => ({ ...a, bits: 128 })),
    ...exportOrDes.accepted.map((a) => ({ ...a, bits: suiteByName(a.suite)?.strengthBits ?? 40 })),
  ];
  let weakest: TlsFindings['weakest'] = bySize.length
    ? { strengthBits: bySize[0].strengthBits, suite: bySize[0].name, protocol: bySize[0].protocol }
    : null;
  for (const l of legacyAll)
    if (!weakest || l.bits < weakest.strengthBits)
      weakest = { strengthBits: l.bits, suite: l.suite, protocol: l.protocol };
  const top = bySize[bySize.length - 1];

  return {
    target: { host: opts.host, port: opts.port, address: ep.address, servername: ep.servername },
    scannedAt: now.toISOString(),
    durationMs: Date.now() - started,
    handshakes,
    rawHellos,
    protocols,
    suites,
    clientUnsupported: [...clientUnsupported],
    serverPreference,
    negotiated: {
      protocol: main.protocol,
      cipher: main.cipher,
      ephemeral: main.ephemeral,
      alpn: main.alpn,
      forwardSecrecy: negotiatedSuite?.forwardSecrecy ?? false,
      aead: negotiatedSuite?.aead ?? false,
    },
    keyExchange: {
      groups,
      minDhBits: dhSizes.length ? Math.min(...dhSizes) : null,
      minEcdhRsaEquivalent: ecdhEq.length ? Math.min(...ecdhEq) : null,
      certKeyRsaEquivalent: chain[0]?.keyStrengthRsaEquivalent ?? 0,
    },
    forwardSecrecy: {
      negotiated: negotiatedSuite?.forwardSecrecy ?? false,
      anySuite: all.some((s) => s.forwardSecrecy),
      allSuites: all.length > 0 && all.every((s) => s.forwardSecrecy) && legacyAll.length === 0,
    },
    aead: {
      negotiated: negotiatedSuite?.aead ?? false,
      anySuite: all.some((s) => s.aead),
      allSuites: all.length > 0 && all.every((s) => s.aead) && legacyAll.length === 0,
    },
    weakest,
    strongest: top ? { strengthBits: top.strengthBits, suite: top.name, protocol: top.protocol } : null,
    anonymousSuites: [...new Set(all.filter((s) => s.keyExchange.startsWith('anon')).map((s) => s.name))],
    nullSuites: [...new Set(all.filter((s) => s.strengthBits === 0).map((s) => s.name))],
    tripleDes,
    rc4,
    exportOrDes,
    secureRenegotiation,
    fallbackScsv,
    certificate: {
      chain,
      trusted: main.authorized,
      trustError: main.authorizationError,
      hostname: checkName,
      hostnameMatch: nameCheck.ok,
      hostnameError: nameCheck.reason,
      ocspStapled: !!main.ocspResponse && main.ocspResponse.length > 0,
    },
    alpn: { offered: alpnOffered, selected: main.alpn, h2: main.alpn === 'h2' },
    hsts,
    httpRedirect,
    simulation,
    vulnerabilities,
    notTested: [
      ...NOT_TESTABLE,
      ...(clientUnsupported.size
        ? [
            `${clientUnsupported.size} suites the local OpenSSL cannot offer: ${[...clientUnsupported].join(', ')}`,
          ]
        : []),
    ],
  };
}
