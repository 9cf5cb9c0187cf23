// Certificate chain facts: subject, issuer, validity, SAN, key, signature algorithm, self-signed,
// hostname match. Node exposes neither the signature algorithm nor a parsed chain with it, so the
// algorithm identifier is read from the certificate's DER.
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  /** Days until expiry at scan time (negative when expired). */
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  subjectAltNames: string[];
  keyType: string;
  keyBits: number;
  /** RSA-equivalent strength, so EC and RSA keys can be compared (P-256 ≈ RSA 3072). */
  keyStrengthRsaEquivalent: number;
  curve?: string;
  signatureAlgorithm: string;
  signatureHash: 'md5' | 'md2' | 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'intrinsic' | 'unknown';
  selfSigned: boolean;
  fingerprint256: string;
}

const SIGNATURE_OIDS: Record<string, [string, CertificateInfo['signatureHash']]> = {
  '1.2.840.113549.1.1.2': ['md2WithRSAEncryption', 'md2'],
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'sha1'],
  '1.3.14.3.2.29': ['sha1WithRSASignature', 'sha1'],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'sha512'],
  '1.2.840.113549.1.1.10': ['RSASSA-PSS', 'unknown'],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'sha1'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'sha256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'sha512'],
  '1.2.840.10040.4.3': ['dsa-with-SHA1', 'sha1'],
  '2.16.840.1.101.3.4.3.2': ['dsa-with-SHA256', 'sha256'],
  '1.3.101.112': ['Ed25519', 'intrinsic'],
  '1.3.101.113': ['Ed448', 'intrinsic'],
};

/** Read one DER TLV header at `pos`: returns tag, start of value and its length. */
function readTlv(der: Buffer, pos: number): { tag: number; start: number; length: number } {
  const tag = der[pos];
  let length = der[pos + 1];
  let start = pos + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n < 1 || n > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[start + i];
    start += n;
  }
  if (start + length > der.length) throw new Error('truncated DER');
  return { tag, start, length };
}

function decodeOid(bytes: Buffer): string {
  const parts: number[] = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The outer signatureAlgorithm OID of an X.509 certificate (Certificate ::= SEQUENCE { tbs, sigAlg, sig }). */
export function signatureAlgorithmOid(der: Buffer): string {
  const cert = readTlv(der, 0);
  if (cert.tag !== 0x30) throw new Error('not a DER certificate');
  const tbs = readTlv(der, cert.start);
  const algSeq = readTlv(der, tbs.start + tbs.length);
  if (algSeq.tag !== 0x30) throw new Error('no signature algorithm');
  const oid = readTlv(der, algSeq.start);
  if (oid.tag !== 0x06) throw new Error('no algorithm OID');
  return decodeOid(der.subarray(oid.start, oid.start + oid.length));
}

export function signatureAlgorithmOf(der: Buffer): { name: string; hash: CertificateInfo['signatureHash'] } {
  try {
    const oid = signatureAlgorithmOid(der);
    const known = SIGNATURE_OIDS[oid];
    return known ? { name: known[0], hash: known[1] } : { name: oid, hash: 'unknown' };
  } catch {
    return { name: 'unparseable', hash: 'unknown' };
  }
}

/** NIST SP 800-57 comparable strengths: EC field size → RSA modulus of similar strength. */
export function rsaEquivalent(keyType: string, bits: number): number {
  if (keyType === 'rsa' || keyType === 'rsa-pss' || keyType === 'dsa' || keyType === 'dh') return bits;
  if (keyType === 'ed25519' || keyType === 'x25519') return 3072;
  if (keyType === 'ed448' || keyType === 'x448') return 7680;
  if (bits >= 512) return 15360;
  if (bits >= 384) return 7680;
  if (bits >= 256) return 3072;
  if (bits >= 224) return 2048;
  if (bits >= 160) return 1024;
  return 512;
}

function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

export function describeCertificate(raw: Buffer, now = new Date()): CertificateInfo {
  const x = new X509Certificate(raw);
  const key = x.publicKey;
  const keyType = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  let keyBits = details.modulusLength ?? 0;
  const curve = details.namedCurve;
  if (!keyBits) {
    if (keyType === 'ed25519') keyBits = 256;
    else if (keyType === 'ed448') keyBits = 456;
    else if (curve) keyBits = Number(/(\d{3})/.exec(curve)?.[1] ?? (curve === 'prime256v1' ? 256 : 0)) || 256;
  }
  if (curve === 'prime256v1') keyBits = 256;
  const sig = signatureAlgorithmOf(raw);
  const validFrom = new Date(x.validFrom);
  const validTo = new Date(x.validTo);
  const san = (x.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  let selfSigned = false;
  try {
    selfSigned = x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    selfSigned = false;
  }
  return {
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    serialNumber: x.serialNumber,
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / 86_400_000),
    expired: validTo.getTime() < now.getTime(),
    notYetValid: validFrom.getTime() > now.getTime(),
    subjectAltNames: san,
    keyType,
    keyBits,
    keyStrengthRsaEquivalent: rsaEquivalent(keyType, keyBits),
    curve,
    signatureAlgorithm: sig.name,
    signatureHash: sig.hash,
    selfSigned,
    fingerprint256: x.fingerprint256,
  };
}

/** Walk getPeerCertificate(true) leaf → root, stopping at a repeated fingerprint (the root points to itself). */
export function chainFromPeer(peer: tls.DetailedPeerCertificate, now = new Date()): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = peer;
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    out.push(describeCertificate(cur.raw, now));
    cur = cur.issuerCertificate;
  }
  return out;
}

/** Hostname check with Node's RFC 6125 rules (SAN first, wildcards in the left-most label). */
export function hostnameMatches(
  hostname: string,
  peer: tls.PeerCertificate,
): { ok: boolean; reason?: string } {
  const err = tls.checkServerIdentity(hostname, peer);
  return err ? { ok: false, reason: err.message } : { ok: true };
}
