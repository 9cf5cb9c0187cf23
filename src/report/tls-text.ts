// The TLS grade's reasons and the "not tested" notes in Persian. The grader (src/probes/tls/grade.ts)
// stores them as English sentences of a fixed shape; each shape here has its Persian wording, with
// suite, protocol and client names isolated left-to-right so they keep their order in a Persian line.
// A sentence of an unknown shape stays English (the caller isolates it): nothing is lost or guessed.

/** Left-to-right isolate: Latin names, numbers with units and dates inside a Persian sentence. */
const ltr = (s: string) => `\u2066${s}\u2069`;

type Rule = [RegExp, (...m: string[]) => string];

/** What the server does or lacks (the part before "→"). */
const CAUSES: Rule[] = [
  [
    /^accepts SSL 2\.0( \(DROWN\))?$/,
    (_, d) => `${ltr('SSL 2.0')} را می‌پذیرد${d ? ` (${ltr('DROWN')})` : ''}`,
  ],
  [/^accepts SSL 3\.0 \(POODLE\)$/, () => `${ltr('SSL 3.0')} را می‌پذیرد (${ltr('POODLE')})`],
  [
    /^accepts anonymous \(unauthenticated\) suites: (.+)$/,
    (_, x) => `مجموعه‌رمزهای بی‌احراز هویت (anonymous) را می‌پذیرد: ${ltr(x)}`,
  ],
  [/^accepts suites without encryption: (.+)$/, (_, x) => `مجموعه‌رمزهای بی‌رمزنگاری را می‌پذیرد: ${ltr(x)}`],
  [/^accepts export-grade suites: (.+)$/, (_, x) => `مجموعه‌رمزهای صادراتی ضعیف را می‌پذیرد: ${ltr(x)}`],
  [
    /^certificate key is (\S+) (\d+) bits \(below (\d+)\)$/,
    (_, t, b, min) => `کلید گواهی ${ltr(`${t} ${b}`)} بیتی است (کمتر از ${min})`,
  ],
  [
    /^DH parameters of (\d+) bits \(below (\d+)\)$/,
    (_, b, min) => `پارامترهای ${ltr('DH')} ${b} بیتی است (کمتر از ${min})`,
  ],
  [
    /^certificate "(.*)" is signed with SHA-1 \((.+)\), which browsers no longer trust$/,
    (_, s, a) =>
      `گواهی ${ltr(`"${s}"`)} با ${ltr(`SHA-1 (${a})`)} امضا شده و مرورگرها دیگر به آن اعتماد نمی‌کنند`,
  ],
  [
    /^certificate "(.*)" is signed with (.+)$/,
    (_, s, a) => `گواهی ${ltr(`"${s}"`)} با ${ltr(a)} امضا شده است`,
  ],
  [
    /^(.+) negotiates 3DES, a 64-bit block cipher \((.+) on (.+); Sweet32\)$/,
    (_, c, s, p) =>
      `${ltr(c)} با ${ltr('3DES')}، رمز قالبی ۶۴ بیتی، ارتباط می‌گیرد (${ltr(`${s} / ${p}`)}؛ ${ltr('Sweet32')})`,
  ],
  [
    /^(.+) negotiates a 56-bit or 64-bit block cipher \((.+) on (.+)\)$/,
    (_, c, s, p) => `${ltr(c)} با رمز قالبی ۵۶ یا ۶۴ بیتی ارتباط می‌گیرد (${ltr(`${s} / ${p}`)})`,
  ],
  [
    /^(.+) negotiates RC4 \((.+) on (.+)\)$/,
    (_, c, s, p) => `${ltr(c)} با ${ltr('RC4')} ارتباط می‌گیرد (${ltr(`${s} / ${p}`)})`,
  ],
  [
    /^(.+) negotiates an export suite \((.+)\)$/,
    (_, c, s) => `${ltr(c)} با مجموعه‌رمز صادراتی ارتباط می‌گیرد (${ltr(s)})`,
  ],
  [
    /^accepts RC4 \((.+) on (.+)\), only with older protocols$/,
    (_, s, p) => `${ltr('RC4')} را می‌پذیرد (${ltr(`${s} / ${p}`)})، فقط با پروتکل‌های قدیمی`,
  ],
  [/^accepts RC4 \((.+) on (.+)\)$/, (_, s, p) => `${ltr('RC4')} را می‌پذیرد (${ltr(`${s} / ${p}`)})`],
  [
    /^accepts 3DES, a 64-bit block cipher \((.+) on (.+); Sweet32\)$/,
    (_, s, p) => `${ltr('3DES')}، رمز قالبی ۶۴ بیتی، را می‌پذیرد (${ltr(`${s} / ${p}`)}؛ ${ltr('Sweet32')})`,
  ],
  [
    /^accepts weak 56-bit or 64-bit block ciphers \((.+)\)$/,
    (_, x) => `رمزهای قالبی ضعیف ۵۶ یا ۶۴ بیتی را می‌پذیرد (${ltr(x)})`,
  ],
  [
    /^does not support secure renegotiation \(RFC 5746\)$/,
    () => `از مذاکره‌ی دوباره‌ی امن (${ltr('RFC 5746')}) پشتیبانی نمی‌کند`,
  ],
  [
    /^accepts (TLS 1\.[01])(?: \(cipher (.+)\))?$/,
    (_, v, s) => `${ltr(v)} را می‌پذیرد${s ? ` (${ltr(s)})` : ''}`,
  ],
  [
    /^supports neither TLS 1\.2 nor TLS 1\.3$/,
    () => `نه ${ltr('TLS 1.2')} را پشتیبانی می‌کند و نه ${ltr('TLS 1.3')}`,
  ],
  [
    /^no forward secrecy with any reference client \((.+) gets (.+) on (.+)\)$/,
    (_, c, s, p) =>
      `با هیچ مرورگر مرجعی محرمانگی پیشرو (forward secrecy) ندارد (${ltr(`${c}: ${s} / ${p}`)})`,
  ],
  [
    /^(.+) gets (.+) without forward secrecy on (.+) though it offers forward-secret suites the server accepts$/,
    (_, c, s, p) =>
      `${ltr(c)} بی محرمانگی پیشرو به ${ltr(`${s} / ${p}`)} می‌رسد، هرچند مجموعه‌رمزهای دارای آن را پیشنهاد می‌دهد و سرور می‌پذیرد`,
  ],
  [
    /^no AEAD suite with any reference client \((.+) gets (.+) on (.+)\)$/,
    (_, c, s, p) =>
      `با هیچ مرورگر مرجعی مجموعه‌رمز ${ltr('AEAD')} به کار نمی‌رود (${ltr(`${c}: ${s} / ${p}`)})`,
  ],
  [
    /^(.+) gets (.+) \(CBC\) on (.+) though it offers AEAD suites the server accepts$/,
    (_, c, s, p) =>
      `${ltr(c)} به ${ltr(`${s} (CBC) / ${p}`)} می‌رسد، هرچند مجموعه‌رمزهای ${ltr('AEAD')} را پیشنهاد می‌دهد و سرور می‌پذیرد`,
  ],
  [
    /^no forward secrecy with a modern client \(negotiated (.+) on (.+)\)$/,
    (_, s, p) => `با مرورگر امروزی محرمانگی پیشرو ندارد (${ltr(`${s} / ${p}`)})`,
  ],
  [
    /^no AEAD cipher suite \(GCM, CCM or ChaCha20-Poly1305\) is accepted$/,
    () => `هیچ مجموعه‌رمز ${ltr('AEAD')} (${ltr('GCM, CCM, ChaCha20-Poly1305')}) پذیرفته نمی‌شود`,
  ],
  [
    /^vulnerable to Heartbleed \(CVE-2014-0160\): (.*)$/,
    (_, d) => `آسیب‌پذیر در برابر ${ltr('Heartbleed (CVE-2014-0160)')}: ${ltr(d)}`,
  ],
  [
    /^vulnerable to OpenSSL CCS injection \(CVE-2014-0224\): (.*)$/,
    (_, d) => `آسیب‌پذیر در برابر تزریق ${ltr('CCS')} در ${ltr('OpenSSL (CVE-2014-0224)')}: ${ltr(d)}`,
  ],
  [
    /^vulnerable to ROBOT \(Bleichenbacher oracle on RSA key exchange\): (.*)$/,
    (_, d) =>
      `آسیب‌پذیر در برابر ${ltr('ROBOT')} (اوراکل بلایشن‌باخر در تبادل کلید ${ltr('RSA')}): ${ltr(d)}`,
  ],
  [
    /^accepts SSL 2\.0 \(DROWN\): (.*)$/,
    (_, d) => `${ltr('SSL 2.0')} را می‌پذیرد (${ltr('DROWN')}): ${ltr(d)}`,
  ],
  [
    /^allows insecure client-initiated renegotiation \(CVE-2009-3555\): (.*)$/,
    (_, d) => `مذاکره‌ی دوباره‌ی ناامن از سوی کاربر را می‌پذیرد (${ltr('CVE-2009-3555')}): ${ltr(d)}`,
  ],
  [
    /^accepts SSL 3\.0 \(POODLE\): (.*)$/,
    (_, d) => `${ltr('SSL 3.0')} را می‌پذیرد (${ltr('POODLE')}): ${ltr(d)}`,
  ],
  [
    /^uses TLS compression \(CRIME\): (.*)$/,
    (_, d) => `فشرده‌سازی ${ltr('TLS')} به کار می‌رود (${ltr('CRIME')}): ${ltr(d)}`,
  ],
  [/^HSTS could not be checked \((.*)\)$/, (_, e) => `${ltr('HSTS')} بررسی نشد (${ltr(e)})`],
  [
    /^no Strict-Transport-Security header on (.+)$/,
    (_, u) => `سرآیند ${ltr('Strict-Transport-Security')} در ${ltr(u)} نیست`,
  ],
  [
    /^HSTS max-age (\S+) is shorter than (\d+) s \(six months\)$/,
    (_, a, min) => `${ltr(`HSTS max-age ${a}`)} کوتاه‌تر از ${ltr(`${min} s`)} (شش ماه) است`,
  ],
  [
    /^TLS_FALLBACK_SCSV is not supported \(downgrade protection\)$/,
    () => `${ltr('TLS_FALLBACK_SCSV')} (پیشگیری از تنزل پروتکل) پشتیبانی نمی‌شود`,
  ],
  [/^no certificate was presented$/, () => 'گواهی‌ای ارائه نشد'],
  [/^certificate expired on (\S+)$/, (_, d) => `گواهی در ${ltr(d)} منقضی شده است`],
  [/^certificate is not valid before (\S+)$/, (_, d) => `گواهی پیش از ${ltr(d)} معتبر نیست`],
  [/^certificate is self-signed \((.*)\)$/, (_, s) => `گواهی خودامضا است (${ltr(s)})`],
  [
    /^certificate chain does not lead to a trusted root \((.*)\)$/,
    (_, e) => `زنجیره‌ی گواهی به ریشه‌ی مورد اعتمادی نمی‌رسد (${ltr(e)})`,
  ],
  [/^certificate does not match (\S+) \((.*)\)$/, (_, h, e) => `گواهی با ${ltr(h)} جور نیست (${ltr(e)})`],
  [
    /^numeric score (\d+) \(protocol (\d+), key exchange (\d+), cipher (\d+)\)$/,
    (_, s, p, k, c) => `امتیاز عددی ${s} (پروتکل ${p}، تبادل کلید ${k}، رمز ${c})`,
  ],
];

/** What it does to the grade (the part after "→"). */
const EFFECTS: Rule[] = [
  [/^capped at (\S+)$/, (_, g) => `رتبه حداکثر ${ltr(g)}`],
  [/^A, not A\+$/, () => `رتبه‌ی ${ltr('A')}، نه ${ltr('A+')}`],
  [/^T \(would be (\S+) if trusted\)$/, (_, g) => `رتبه‌ی ${ltr('T')} (با گواهی معتبر ${ltr(g)} می‌بود)`],
  [/^M \(would be (\S+) if it matched\)$/, (_, g) => `رتبه‌ی ${ltr('M')} (با نام درست ${ltr(g)} می‌بود)`],
  [/^also a name mismatch$/, () => 'نام گواهی هم نادرست است'],
  [/^(\S+)$/, (_, g) => `رتبه‌ی ${ltr(g)}`],
];

function apply(rules: Rule[], s: string): string | null {
  for (const [re, fa] of rules) {
    const m = re.exec(s);
    if (m) return fa(...m);
  }
  return null;
}

/** A grade reason in Persian, or null when its shape is unknown (show the English). */
export function tlsReasonFa(reason: string): string | null {
  const at = reason.lastIndexOf(' → ');
  const cause = apply(CAUSES, at < 0 ? reason : reason.slice(0, at));
  if (cause === null) return null;
  if (at < 0) return cause;
  const effect = apply(EFFECTS, reason.slice(at + 3));
  return effect === null ? null : `${cause} ← ${effect}`;
}

/** The checks the grader could not make ("not tested" notes), in Persian where the shape is known. */
const NOT_TESTED: Rule[] = [
  [
    /^TLS_FALLBACK_SCSV \(no readable answer to the downgrade probe\)$/,
    () => `${ltr('TLS_FALLBACK_SCSV')} (پاسخ خوانایی به آزمون تنزل نیامد)`,
  ],
  [/^secure renegotiation \(no readable answer\)$/, () => 'مذاکره‌ی دوباره‌ی امن (پاسخ خوانایی نیامد)'],
  [
    /^3DES suites \(no readable answer to the ClientHello\)$/,
    () => `مجموعه‌رمزهای ${ltr('3DES')} (پاسخ خوانایی به ${ltr('ClientHello')} نیامد)`,
  ],
  [
    /^RC4 suites \(no readable answer to the ClientHello\)$/,
    () => `مجموعه‌رمزهای ${ltr('RC4')} (پاسخ خوانایی به ${ltr('ClientHello')} نیامد)`,
  ],
  [/^(\w+): (.+)$/, (_, k, d) => `${ltr(VULN_NAMES[k]?.en ?? k)}: ${ltr(d)}`],
];

export function tlsNotTestedFa(note: string): string | null {
  return apply(NOT_TESTED, note);
}

/** The vulnerability checks by their stored key. */
export const VULN_NAMES: Record<string, { fa: string; en: string }> = {
  heartbleed: { fa: 'Heartbleed', en: 'Heartbleed' },
  ccsInjection: { fa: 'تزریق CCS', en: 'CCS injection' },
  robot: { fa: 'ROBOT', en: 'ROBOT' },
  compression: { fa: 'فشرده‌سازی TLS (CRIME)', en: 'TLS compression (CRIME)' },
  sslv2: { fa: 'SSL 2.0', en: 'SSL 2.0' },
  sslv3: { fa: 'SSL 3.0 (POODLE)', en: 'SSL 3.0 (POODLE)' },
  insecureRenegotiation: { fa: 'مذاکره‌ی دوباره‌ی ناامن', en: 'Insecure renegotiation' },
  clientRenegotiation: { fa: 'مذاکره‌ی دوباره از سوی کاربر', en: 'Client-initiated renegotiation' },
};

/** A vulnerability check's outcome. */
export const VULN_STATES: Record<string, { fa: string; en: string }> = {
  vulnerable: { fa: 'آسیب‌پذیر', en: 'vulnerable' },
  'not-vulnerable': { fa: 'آسیب‌پذیر نیست', en: 'not vulnerable' },
  'not-tested': { fa: 'آزموده نشد', en: 'not tested' },
};
