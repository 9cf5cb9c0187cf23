// SSL Labs-style grade from scan findings. Pure: no I/O, so every rule can be unit-tested on
// hand-built findings. The rules follow the SSL Labs SSL Server Rating Guide (numeric score from
// protocol, key exchange and cipher strength) and the caps added to it between 2014 and 2020;
// docs/tls-grading.md lists them and the places where this grader differs.
import type { TlsFindings } from './scan.ts';
import { REFERENCE_CLIENTS, type SimulatedHandshake } from './simulate.ts';
import { suiteByName, VERSION_LABEL, type TlsVersionName } from './suites.ts';

export type Letter = 'A+' | 'A' | 'A-' | 'B' | 'C' | 'D' | 'E' | 'F';
export type Grade = Letter | 'T' | 'M';

export interface TlsGrade {
  /** The letter to report: T (not trusted) and M (name mismatch) replace the letter. */
  grade: Grade;
  /** The letter the configuration earns if the certificate problems are set aside. */
  gradeIgnoringTrust: Letter;
  score: number;
  protocolScore: number;
  keyExchangeScore: number;
  cipherScore: number;
  /** One English sentence per rule that lowered the grade, with its evidence. */
  reasons: string[];
  /** What could not be observed and so did not count. */
  notTested: string[];
}

/** HSTS max-age needed for A+ (about six months, as the guide asks). */
export const HSTS_MIN_AGE_FOR_A_PLUS = 15_768_000;

const ORDER: Letter[] = ['A+', 'A', 'A-', 'B', 'C', 'D', 'E', 'F'];
const worse = (a: Letter, b: Letter): Letter => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

const PROTOCOL_POINTS: Record<string, number> = {
  SSLv2: 0,
  SSLv3: 80,
  TLSv1: 90,
  'TLSv1.1': 95,
  'TLSv1.2': 100,
  'TLSv1.3': 100,
};

/** Key exchange points for an RSA-equivalent strength in bits. */
export function keyExchangePoints(bits: number): number {
  if (bits <= 0) return 0;
  if (bits < 512) return 20;
  if (bits < 1024) return 40;
  if (bits < 2048) return 80;
  if (bits < 4096) return 90;
  return 100;
}

/** Cipher strength points for symmetric key bits. */
export function cipherPoints(bits: number): number {
  if (bits <= 0) return 0;
  if (bits < 128) return 20;
  if (bits < 256) return 80;
  return 100;
}

export function letterForScore(score: number): Letter {
  if (score >= 80) return 'A';
  if (score >= 65) return 'B';
  if (score >= 50) return 'C';
  if (score >= 35) return 'D';
  if (score >= 20) return 'E';
  return 'F';
}

function firstSuiteOn(f: TlsFindings, v: TlsVersionName): string {
  const s = f.suites[v]?.[0]?.name;
  return s ? ` (cipher ${s})` : '';
}

export function gradeTls(f: TlsFindings): TlsGrade {
  const reasons: string[] = [];
  let cap: Letter = 'A+';
  const capAt = (letter: Letter, why: string) => {
    cap = worse(cap, letter);
    reasons.push(`${why} → capped at ${letter}`);
  };

  // --- Numeric score -------------------------------------------------------------------------
  const offered = (Object.keys(f.protocols) as (keyof TlsFindings['protocols'])[]).filter(
    (p) => f.protocols[p] === 'yes',
  );
  const pPoints = offered.map((p) => PROTOCOL_POINTS[p]);
  const protocolScore = pPoints.length ? (Math.max(...pPoints) + Math.min(...pPoints)) / 2 : 0;

  const kx = f.keyExchange;
  const strengths = [kx.certKeyRsaEquivalent];
  if (kx.minDhBits !== null) strengths.push(kx.minDhBits);
  if (kx.minEcdhRsaEquivalent !== null) strengths.push(kx.minEcdhRsaEquivalent);
  const exportKx = f.exportOrDes.accepted.some((a) => a.suite.startsWith('EXP-'));
  let keyExchangeScore = keyExchangePoints(Math.min(...strengths));
  if (exportKx) keyExchangeScore = Math.min(keyExchangeScore, 40);
  if (f.anonymousSuites.length) keyExchangeScore = 0;

  const cipherScore =
    f.weakest && f.strongest
      ? (cipherPoints(f.weakest.strengthBits) + cipherPoints(f.strongest.strengthBits)) / 2
      : 0;
  const score = Math.round(0.3 * protocolScore + 0.3 * keyExchangeScore + 0.4 * cipherScore);
  let letter: Letter = letterForScore(score);
  if (letter !== 'A')
    reasons.push(
      `numeric score ${score} (protocol ${protocolScore}, key exchange ${keyExchangeScore}, cipher ${cipherScore}) → ${letter}`,
    );

  // --- Fatal configuration problems (F) ------------------------------------------------------
  if (f.protocols.SSLv2 === 'yes' && f.vulnerabilities?.sslv2.state !== 'vulnerable')
    capAt('F', 'accepts SSL 2.0');
  if (f.anonymousSuites.length)
    capAt('F', `accepts anonymous (unauthenticated) suites: ${f.anonymousSuites.slice(0, 3).join(', ')}`);
  if (f.nullSuites.length)
    capAt('F', `accepts suites without encryption: ${f.nullSuites.slice(0, 3).join(', ')}`);
  if (exportKx)
    capAt('F', `accepts export-grade suites: ${f.exportOrDes.accepted.map((a) => a.suite).join(', ')}`);
  const leaf = f.certificate.chain[0];
  if (leaf && leaf.keyStrengthRsaEquivalent < 1024)
    capAt('F', `certificate key is ${leaf.keyType.toUpperCase()} ${leaf.keyBits} bits (below 1024)`);
  else if (leaf && leaf.keyStrengthRsaEquivalent < 2048)
    capAt('B', `certificate key is ${leaf.keyType.toUpperCase()} ${leaf.keyBits} bits (below 2048)`);
  if (kx.minDhBits !== null && kx.minDhBits < 1024)
    capAt('F', `DH parameters of ${kx.minDhBits} bits (below 1024)`);
  else if (kx.minDhBits !== null && kx.minDhBits < 2048)
    capAt('B', `DH parameters of ${kx.minDhBits} bits (below 2048)`);
  // A root's own signature does not matter (it is trusted by being a root); every other one does.
  const signed = f.certificate.chain.filter((x) => !x.selfSigned || f.certificate.chain.length === 1);
  const md5 = signed.find((x) => x.signatureHash === 'md5' || x.signatureHash === 'md2');
  if (md5) capAt('F', `certificate "${md5.subject}" is signed with ${md5.signatureAlgorithm}`);

  // --- Caps from the 2014–2020 guide updates ------------------------------------------------
  if (f.protocols.SSLv3 === 'yes') capAt('C', 'accepts SSL 3.0 (POODLE)');
  const sims = (f.simulation ?? []).filter((s) => s.ok);
  const label = (p: string) => VERSION_LABEL[p as TlsVersionName] ?? p;
  const modernProtocol = (p?: string) => p === 'TLSv1.1' || p === 'TLSv1.2' || p === 'TLSv1.3';
  const des3 = f.tripleDes.accepted;
  const rc4 = f.rc4.accepted;
  if (sims.length) {
    // SSL Labs caps 3DES and RC4 when reference clients actually get them on TLS 1.1 or later.
    const sim3des = sims.find((s) => s.weakCipher === '3DES' && modernProtocol(s.protocol));
    if (sim3des)
      capAt(
        'C',
        `${sim3des.name} negotiates 3DES, a 64-bit block cipher (${sim3des.suite} on ${label(sim3des.protocol!)}; Sweet32)`,
      );
    const simDes = sims.find((s) => s.weakCipher === 'DES' && modernProtocol(s.protocol));
    if (simDes)
      capAt(
        'C',
        `${simDes.name} negotiates a 56-bit or 64-bit block cipher (${simDes.suite} on ${label(simDes.protocol!)})`,
      );
    const simRc4 = sims.find((s) => s.weakCipher === 'RC4' && modernProtocol(s.protocol));
    if (simRc4) capAt('C', `${simRc4.name} negotiates RC4 (${simRc4.suite} on ${label(simRc4.protocol!)})`);
    else if (rc4.length)
      capAt('B', `accepts RC4 (${rc4[0].suite} on ${label(rc4[0].protocol)}), only with older protocols`);
    const simExport = sims.find((s) => s.weakCipher === 'export');
    if (simExport) capAt('F', `${simExport.name} negotiates an export suite (${simExport.suite})`);
  } else {
    // No simulation data (findings stored before it existed): cap on acceptance, the stricter reading.
    if (rc4.length) capAt('C', `accepts RC4 (${rc4[0].suite} on ${label(rc4[0].protocol)})`);
    if (des3.length)
      capAt(
        'C',
        `accepts 3DES, a 64-bit block cipher (${des3[0].suite} on ${label(des3[0].protocol)}; Sweet32)`,
      );
    const des = f.exportOrDes.accepted.filter((a) => !a.suite.startsWith('EXP-'));
    if (des.length)
      capAt('C', `accepts weak 56-bit or 64-bit block ciphers (${des.map((a) => a.suite).join(', ')})`);
  }
  if (f.secureRenegotiation === 'no') capAt('C', 'does not support secure renegotiation (RFC 5746)');
  for (const v of ['TLSv1', 'TLSv1.1'] as const) {
    if (f.protocols[v] === 'yes') capAt('B', `accepts ${VERSION_LABEL[v]}${firstSuiteOn(f, v)}`);
  }
  if (f.protocols['TLSv1.2'] !== 'yes' && f.protocols['TLSv1.3'] !== 'yes')
    capAt('B', 'supports neither TLS 1.2 nor TLS 1.3');
  if (sims.length) {
    // Forward secrecy and AEAD (March 2018): capped unless the reference clients get them.
    // A client that gets neither is only held against the server when it offered a suite with
    // the property that the server accepts on that protocol ("clients that can do better").
    const couldDoBetter = (s: SimulatedHandshake, want: 'forwardSecrecy' | 'aead') => {
      const offered = new Set(
        REFERENCE_CLIENTS.find((c) => c.id === s.client)?.suites.map((x) => parseInt(x, 16)),
      );
      // For AEAD, only a suite of the same key exchange counts (the server preferring ECDHE-CBC
      // over DHE-GCM is a key-exchange choice, not a missing AEAD suite).
      const got = suiteByName(s.suite ?? '');
      return (f.suites[s.protocol as TlsVersionName] ?? []).some(
        (a) =>
          a[want] && offered.has(a.code) && (want === 'forwardSecrecy' || a.keyExchange === got?.keyExchange),
      );
    };
    const noFs = sims.filter((s) => !s.forwardSecrecy);
    if (noFs.length === sims.length)
      capAt(
        'B',
        `no forward secrecy with any reference client (${noFs[0].name} gets ${noFs[0].suite} on ${label(noFs[0].protocol!)})`,
      );
    else {
      const worse1 = noFs.find((s) => couldDoBetter(s, 'forwardSecrecy'));
      if (worse1)
        capAt(
          'B',
          `${worse1.name} gets ${worse1.suite} without forward secrecy on ${label(worse1.protocol!)} though it offers forward-secret suites the server accepts`,
        );
    }
    const noAead = sims.filter((s) => !s.aead);
    if (noAead.length === sims.length)
      capAt(
        'B',
        `no AEAD suite with any reference client (${noAead[0].name} gets ${noAead[0].suite} on ${label(noAead[0].protocol!)})`,
      );
    else {
      const worse2 = noAead.find((s) => couldDoBetter(s, 'aead'));
      if (worse2)
        capAt(
          'B',
          `${worse2.name} gets ${worse2.suite} (CBC) on ${label(worse2.protocol!)} though it offers AEAD suites the server accepts`,
        );
    }
  } else {
    if (!f.forwardSecrecy.negotiated)
      capAt(
        'B',
        `no forward secrecy with a modern client (negotiated ${f.negotiated.cipher} on ${label(f.negotiated.protocol)})`,
      );
    if (!f.aead.anySuite) capAt('B', 'no AEAD cipher suite (GCM, CCM or ChaCha20-Poly1305) is accepted');
  }

  // --- Vulnerabilities ----------------------------------------------------------------------
  const vu = f.vulnerabilities;
  if (vu) {
    const vulnCaps: [keyof typeof vu, Letter, string][] = [
      ['heartbleed', 'F', 'vulnerable to Heartbleed (CVE-2014-0160)'],
      ['ccsInjection', 'F', 'vulnerable to OpenSSL CCS injection (CVE-2014-0224)'],
      ['robot', 'F', 'vulnerable to ROBOT (Bleichenbacher oracle on RSA key exchange)'],
      ['sslv2', 'F', 'accepts SSL 2.0 (DROWN)'],
      ['insecureRenegotiation', 'F', 'allows insecure client-initiated renegotiation (CVE-2009-3555)'],
      ['sslv3', 'C', 'accepts SSL 3.0 (POODLE)'],
      ['compression', 'C', 'uses TLS compression (CRIME)'],
    ];
    for (const [k, letter, why] of vulnCaps)
      if (vu[k].state === 'vulnerable' && !(k === 'sslv3' && f.protocols.SSLv3 === 'yes'))
        capAt(letter, `${why}: ${vu[k].detail}`);
  }

  letter = worse(letter, cap);

  // --- A+ -------------------------------------------------------------------------------------
  if (letter === 'A' && cap === 'A+') {
    const warnings: string[] = [];
    const hsts = f.hsts;
    if (!hsts.tested) warnings.push(`HSTS could not be checked (${hsts.error ?? 'no response'})`);
    else if (!hsts.header) warnings.push(`no Strict-Transport-Security header on ${hsts.url}`);
    else if ((hsts.maxAge ?? 0) < HSTS_MIN_AGE_FOR_A_PLUS)
      warnings.push(
        `HSTS max-age ${hsts.maxAge ?? 'missing'} is shorter than ${HSTS_MIN_AGE_FOR_A_PLUS} s (six months)`,
      );
    if (f.fallbackScsv === 'not-supported')
      warnings.push('TLS_FALLBACK_SCSV is not supported (downgrade protection)');
    if (warnings.length) reasons.push(...warnings.map((w) => `${w} → A, not A+`));
    else letter = 'A+';
  }

  // --- Certificate: T (not trusted) and M (name mismatch) replace the letter ------------------
  const c = f.certificate;
  const trustProblems: string[] = [];
  if (!leaf) trustProblems.push('no certificate was presented');
  if (leaf?.expired) trustProblems.push(`certificate expired on ${leaf.validTo.slice(0, 10)}`);
  if (leaf?.notYetValid) trustProblems.push(`certificate is not valid before ${leaf.validFrom.slice(0, 10)}`);
  if (leaf?.selfSigned) trustProblems.push(`certificate is self-signed (${leaf.subject})`);
  const sha1 = signed.find((x) => x.signatureHash === 'sha1');
  if (sha1)
    trustProblems.push(
      `certificate "${sha1.subject}" is signed with SHA-1 (${sha1.signatureAlgorithm}), which browsers no longer trust`,
    );
  if (!c.trusted && !leaf?.expired && !leaf?.selfSigned)
    trustProblems.push(
      `certificate chain does not lead to a trusted root (${c.trustError ?? 'unknown error'})`,
    );
  const gradeIgnoringTrust = letter;
  let grade: Grade = letter;
  if (trustProblems.length) {
    grade = 'T';
    reasons.push(...trustProblems.map((p) => `${p} → T (would be ${letter} if trusted)`));
  }
  if (!c.hostnameMatch) {
    if (grade !== 'T') grade = 'M';
    reasons.push(
      `certificate does not match ${c.hostname} (${c.hostnameError ?? 'no matching name'}) → ${grade === 'M' ? `M (would be ${letter} if it matched)` : 'also a name mismatch'}`,
    );
  }

  const notTested = [...f.notTested];
  if (vu)
    for (const [k, r] of Object.entries(vu))
      if (r.state === 'not-tested') notTested.push(`${k}: ${r.detail}`);
  if (f.fallbackScsv === 'not-tested')
    notTested.push('TLS_FALLBACK_SCSV (no readable answer to the downgrade probe)');
  if (f.secureRenegotiation === 'not-tested') notTested.push('secure renegotiation (no readable answer)');
  if (!f.tripleDes.tested) notTested.push('3DES suites (no readable answer to the ClientHello)');
  if (!f.rc4.tested) notTested.push('RC4 suites (no readable answer to the ClientHello)');

  return {
    grade,
    gradeIgnoringTrust,
    score,
    protocolScore,
    keyExchangeScore,
    cipherScore,
    reasons,
    notTested,
  };
}
