// Typed failures of browser work. `type` is the short stable word stored with the measurement.

export type BrowserErrorType =
  | 'tls' // certificate not trusted / handshake failed
  | 'dns' // name did not resolve
  | 'refused' // connection refused
  | 'reset' // connection reset, closed or empty response
  | 'timeout' // navigation did not finish in time
  | 'hang' // the page or browser stopped answering (watchdog)
  | 'crash' // renderer or browser crashed / disconnected
  | 'blocked-private' // private or loopback address refused by policy
  | 'http' // the page answered with an HTTP error status
  | 'unsafe-port' // Chromium refuses the port
  | 'browser-launch' // the browser could not be started
  | 'not-available' // the engine cannot be driven on this machine
  | 'navigated-away' // the page kept navigating elsewhere on its own while being measured
  | 'dom-too-large' // more elements than settings.maxDomNodes
  | 'navigation'; // other navigation failure

export class BrowserError extends Error {
  override name = 'BrowserError';
  constructor(
    readonly type: BrowserErrorType,
    message: string,
    /** How many attempts were made (a page is retried once after a browser restart). */
    public attempts = 1,
  ) {
    super(message);
  }
}

/** Errors after which the browser is restarted and the page retried once. */
export function isBrowserFault(e: unknown): boolean {
  return e instanceof BrowserError && (e.type === 'hang' || e.type === 'crash');
}

const NET_ERRORS: [RegExp, BrowserErrorType][] = [
  [/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL|ERR_CERTIFICATE/, 'tls'],
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/, 'dns'],
  [/ERR_CONNECTION_REFUSED/, 'refused'],
  [/ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_ABORTED/, 'reset'],
  [/ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT|Timeout \d+ms exceeded/, 'timeout'],
  [/ERR_BLOCKED_BY_CLIENT|ERR_ADDRESS_UNREACHABLE/, 'blocked-private'],
  [/ERR_UNSAFE_PORT/, 'unsafe-port'],
  [/Execution context was destroyed|navigation .*interrupted by another navigation/i, 'navigated-away'],
  [
    /Target (page, context or browser )?(has been )?closed|Browser has been closed|browser has disconnected|Page crashed/i,
    'crash',
  ],
];

/** Map an error thrown by Playwright (or Lighthouse) to a typed BrowserError. */
export function classifyBrowserError(e: unknown): BrowserError {
  if (e instanceof BrowserError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const firstLine = message.split('\n')[0];
  for (const [re, type] of NET_ERRORS) if (re.test(message)) return new BrowserError(type, firstLine);
  if ((e as Error)?.name === 'TimeoutError') return new BrowserError('timeout', firstLine);
  return new BrowserError('navigation', firstLine);
}
