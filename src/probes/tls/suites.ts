// Cipher suite catalogue: OpenSSL names with their IANA code points, and what each suite means
// for grading (key exchange, forward secrecy, AEAD, effective cipher strength).
// Suites Node's OpenSSL 3 cannot offer (3DES, RC4, DES, export) are listed too: the raw
// ClientHello prober offers them by code point.

export type TlsVersionName = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const TLS_VERSIONS: TlsVersionName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Display names used in reports. */
export const VERSION_LABEL: Record<TlsVersionName, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

export type KeyExchange = 'ECDHE' | 'DHE' | 'RSA' | 'anon-DH' | 'anon-ECDH' | 'TLS1.3';

export interface SuiteInfo {
  name: string;
  code: number;
  keyExchange: KeyExchange;
  forwardSecrecy: boolean;
  anonymous: boolean;
  aead: boolean;
  /** Effective symmetric strength in bits as the rating guide counts it (3DES = 112, NULL = 0). */
  strengthBits: number;
  /** Block size is 64 bits (3DES, IDEA, DES): Sweet32. */
  smallBlock: boolean;
  rc4: boolean;
  export: boolean;
  nullCipher: boolean;
  /** Lowest protocol that can use it (suites with SHA-256/384 MACs or AEAD need TLS 1.2). */
  minVersion: TlsVersionName;
  /** True when Node's OpenSSL can offer it in a real handshake (otherwise raw ClientHello only). */
  nodeCanOffer: boolean;
}

// [code, OpenSSL name]. Order roughly strongest first, as OpenSSL lists them.
const TLS13: [number, string][] = [
  [0x1302, 'TLS_AES_256_GCM_SHA384'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256'],
  [0x1301, 'TLS_AES_128_GCM_SHA256'],
  [0x1304, 'TLS_AES_128_CCM_SHA256'],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256'],
];

const CLASSIC: [number, string][] = [
  [0xc02c, 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  [0xc030, 'ECDHE-RSA-AES256-GCM-SHA384'],
  [0x00a3, 'DHE-DSS-AES256-GCM-SHA384'],
  [0x009f, 'DHE-RSA-AES256-GCM-SHA384'],
  [0xcca9, 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  [0xcca8, 'ECDHE-RSA-CHACHA20-POLY1305'],
  [0xccaa, 'DHE-RSA-CHACHA20-POLY1305'],
  [0xc0af, 'ECDHE-ECDSA-AES256-CCM8'],
  [0xc0ad, 'ECDHE-ECDSA-AES256-CCM'],
  [0xc0a3, 'DHE-RSA-AES256-CCM8'],
  [0xc09f, 'DHE-RSA-AES256-CCM'],
  [0xc05d, 'ECDHE-ECDSA-ARIA256-GCM-SHA384'],
  [0xc061, 'ECDHE-ARIA256-GCM-SHA384'],
  [0xc057, 'DHE-DSS-ARIA256-GCM-SHA384'],
  [0xc053, 'DHE-RSA-ARIA256-GCM-SHA384'],
  [0x00a7, 'ADH-AES256-GCM-SHA384'],
  [0xc02b, 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  [0xc02f, 'ECDHE-RSA-AES128-GCM-SHA256'],
  [0x00a2, 'DHE-DSS-AES128-GCM-SHA256'],
  [0x009e, 'DHE-RSA-AES128-GCM-SHA256'],
  [0xc0ae, 'ECDHE-ECDSA-AES128-CCM8'],
  [0xc0ac, 'ECDHE-ECDSA-AES128-CCM'],
  [0xc0a2, 'DHE-RSA-AES128-CCM8'],
  [0xc09e, 'DHE-RSA-AES128-CCM'],
  [0xc05c, 'ECDHE-ECDSA-ARIA128-GCM-SHA256'],
  [0xc060, 'ECDHE-ARIA128-GCM-SHA256'],
  [0xc056, 'DHE-DSS-ARIA128-GCM-SHA256'],
  [0xc052, 'DHE-RSA-ARIA128-GCM-SHA256'],
  [0x00a6, 'ADH-AES128-GCM-SHA256'],
  [0xc024, 'ECDHE-ECDSA-AES256-SHA384'],
  [0xc028, 'ECDHE-RSA-AES256-SHA384'],
  [0x006b, 'DHE-RSA-AES256-SHA256'],
  [0x006a, 'DHE-DSS-AES256-SHA256'],
  [0xc073, 'ECDHE-ECDSA-CAMELLIA256-SHA384'],
  [0xc077, 'ECDHE-RSA-CAMELLIA256-SHA384'],
  [0x00c4, 'DHE-RSA-CAMELLIA256-SHA256'],
  [0x00c3, 'DHE-DSS-CAMELLIA256-SHA256'],
  [0x006d, 'ADH-AES256-SHA256'],
  [0x00c5, 'ADH-CAMELLIA256-SHA256'],
  [0xc023, 'ECDHE-ECDSA-AES128-SHA256'],
  [0xc027, 'ECDHE-RSA-AES128-SHA256'],
  [0x0067, 'DHE-RSA-AES128-SHA256'],
  [0x0040, 'DHE-DSS-AES128-SHA256'],
  [0xc072, 'ECDHE-ECDSA-CAMELLIA128-SHA256'],
  [0xc076, 'ECDHE-RSA-CAMELLIA128-SHA256'],
  [0x00be, 'DHE-RSA-CAMELLIA128-SHA256'],
  [0x00bd, 'DHE-DSS-CAMELLIA128-SHA256'],
  [0x006c, 'ADH-AES128-SHA256'],
  [0x00bf, 'ADH-CAMELLIA128-SHA256'],
  [0xc00a, 'ECDHE-ECDSA-AES256-SHA'],
  [0xc014, 'ECDHE-RSA-AES256-SHA'],
  [0x0039, 'DHE-RSA-AES256-SHA'],
  [0x0038, 'DHE-DSS-AES256-SHA'],
  [0x0088, 'DHE-RSA-CAMELLIA256-SHA'],
  [0x0087, 'DHE-DSS-CAMELLIA256-SHA'],
  [0xc019, 'AECDH-AES256-SHA'],
  [0x003a, 'ADH-AES256-SHA'],
  [0x0089, 'ADH-CAMELLIA256-SHA'],
  [0xc009, 'ECDHE-ECDSA-AES128-SHA'],
  [0xc013, 'ECDHE-RSA-AES128-SHA'],
  [0x0033, 'DHE-RSA-AES128-SHA'],
  [0x0032, 'DHE-DSS-AES128-SHA'],
  [0x0045, 'DHE-RSA-CAMELLIA128-SHA'],
  [0x0044, 'DHE-DSS-CAMELLIA128-SHA'],
  [0xc018, 'AECDH-AES128-SHA'],
  [0x0034, 'ADH-AES128-SHA'],
  [0x0046, 'ADH-CAMELLIA128-SHA'],
  [0x009d, 'AES256-GCM-SHA384'],
  [0xc0a1, 'AES256-CCM8'],
  [0xc09d, 'AES256-CCM'],
  [0xc051, 'ARIA256-GCM-SHA384'],
  [0x009c, 'AES128-GCM-SHA256'],
  [0xc0a0, 'AES128-CCM8'],
  [0xc09c, 'AES128-CCM'],
  [0xc050, 'ARIA128-GCM-SHA256'],
  [0x003d, 'AES256-SHA256'],
  [0x00c0, 'CAMELLIA256-SHA256'],
  [0x003c, 'AES128-SHA256'],
  [0x00ba, 'CAMELLIA128-SHA256'],
  [0x0035, 'AES256-SHA'],
  [0x0084, 'CAMELLIA256-SHA'],
  [0x002f, 'AES128-SHA'],
  [0x0041, 'CAMELLIA128-SHA'],
  [0xc006, 'ECDHE-ECDSA-NULL-SHA'],
  [0xc010, 'ECDHE-RSA-NULL-SHA'],
  [0xc015, 'AECDH-NULL-SHA'],
  [0x003b, 'NULL-SHA256'],
  [0x0002, 'NULL-SHA'],
  [0x0001, 'NULL-MD5'],
];

/** Suites removed from OpenSSL 3 builds; only the raw ClientHello can offer them. */
const LEGACY: [number, string][] = [
  [0xc012, 'ECDHE-RSA-DES-CBC3-SHA'],
  [0xc008, 'ECDHE-ECDSA-DES-CBC3-SHA'],
  [0x0016, 'DHE-RSA-DES-CBC3-SHA'],
  [0x0013, 'DHE-DSS-DES-CBC3-SHA'],
  [0x000a, 'DES-CBC3-SHA'],
  [0xc011, 'ECDHE-RSA-RC4-SHA'],
  [0xc007, 'ECDHE-ECDSA-RC4-SHA'],
  [0x0005, 'RC4-SHA'],
  [0x0004, 'RC4-MD5'],
  [0x0018, 'ADH-RC4-MD5'],
  [0x0009, 'DES-CBC-SHA'],
  [0x0015, 'DHE-RSA-DES-CBC-SHA'],
  [0x0007, 'IDEA-CBC-SHA'],
  [0x0003, 'EXP-RC4-MD5'],
  [0x0006, 'EXP-RC2-CBC-MD5'],
  [0x0008, 'EXP-DES-CBC-SHA'],
  [0x0014, 'EXP-EDH-RSA-DES-CBC-SHA'],
];

function describe(code: number, name: string, nodeCanOffer: boolean): SuiteInfo {
  if (name.startsWith('TLS_')) {
    return {
      name,
      code,
      keyExchange: 'TLS1.3',
      forwardSecrecy: true,
      anonymous: false,
      aead: true,
      strengthBits: /AES_256|CHACHA20/.test(name) ? 256 : 128,
      smallBlock: false,
      rc4: false,
      export: false,
      nullCipher: false,
      minVersion: 'TLSv1.3',
      nodeCanOffer,
    };
  }
  let keyExchange: KeyExchange = 'RSA';
  if (name.startsWith('ECDHE-')) keyExchange = 'ECDHE';
  else if (/^(EXP-)?(EDH|DHE)-/.test(name)) keyExchange = 'DHE';
  else if (name.startsWith('AECDH-')) keyExchange = 'anon-ECDH';
  else if (name.startsWith('ADH-')) keyExchange = 'anon-DH';
  const exportGrade = name.startsWith('EXP-');
  const nullCipher = /(^|-)NULL-/.test(name);
  const rc4 = /RC4/.test(name);
  const tripleDes = /DES-CBC3/.test(name);
  const singleDes = /DES-CBC-/.test(name) && !tripleDes;
  let strengthBits = 128;
  if (nullCipher) strengthBits = 0;
  else if (exportGrade) strengthBits = 40;
  else if (singleDes) strengthBits = 56;
  else if (tripleDes) strengthBits = 112;
  else if (/(AES|CAMELLIA|ARIA)256|CHACHA20/.test(name)) strengthBits = 256;
  const aead = /GCM|CCM|POLY1305/.test(name);
  return {
    name,
    code,
    keyExchange,
    forwardSecrecy: keyExchange === 'ECDHE' || keyExchange === 'DHE',
    anonymous: keyExchange.startsWith('anon'),
    aead,
    strengthBits,
    smallBlock: tripleDes || singleDes || /IDEA|RC2/.test(name),
    rc4,
    export: exportGrade,
    nullCipher,
    minVersion: aead || /SHA256$|SHA384$/.test(name) ? 'TLSv1.2' : 'TLSv1',
    nodeCanOffer,
  };
}

export const TLS13_SUITES: SuiteInfo[] = TLS13.map(([c, n]) => describe(c, n, true));
export const CLASSIC_SUITES: SuiteInfo[] = CLASSIC.map(([c, n]) => describe(c, n, true));
export const LEGACY_SUITES: SuiteInfo[] = LEGACY.map(([c, n]) => describe(c, n, false));

const byName = new Map<string, SuiteInfo>();
const byCode = new Map<number, SuiteInfo>();
for (const s of [...TLS13_SUITES, ...CLASSIC_SUITES, ...LEGACY_SUITES]) {
  byName.set(s.name, s);
  byCode.set(s.code, s);
}

/** Look a suite up by its OpenSSL name (as socket.getCipher().name gives it). */
export function suiteByName(name: string): SuiteInfo | undefined {
  return byName.get(name) ?? byName.get(name.toUpperCase());
}

export function suiteByCode(code: number): SuiteInfo | undefined {
  return byCode.get(code);
}

/** Candidates to try with real handshakes for one protocol version. */
export function candidatesFor(version: TlsVersionName): SuiteInfo[] {
  if (version === 'TLSv1.3') return TLS13_SUITES;
  const order = TLS_VERSIONS.indexOf(version);
  return CLASSIC_SUITES.filter((s) => TLS_VERSIONS.indexOf(s.minVersion) <= order);
}
