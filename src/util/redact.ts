// Secrets never leave: connection URLs (redis://, postgres://, http://user:pass@...) carry passwords,
// and payesh prints, logs and stores the options it ran with. Every such place passes text through
// here so a password becomes "***" before it is written anywhere.

// user:password@ in any scheme://, and password-like query parameters.
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]*):[^@/\s'"]*@/gi;
const QUERY_SECRET = /([?&](?:password|passwd|pwd|pass|secret|token|sslpassword|auth)=)[^&\s'"#]*/gi;

/** The text with every URL password and password parameter replaced by "***". */
export function redactSecrets(text: string): string {
  return text.replace(USERINFO, '$1:***@').replace(QUERY_SECRET, '$1***');
}

/** A deep copy of value with every string redacted (for options, log fields, JSON output). */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out as T;
}
