// Vulnerability checks made with raw handshakes: Heartbleed, CCS injection, ROBOT, TLS
// compression (CRIME), SSL 2.0 and SSL 3.0 (POODLE), insecure and client-initiated renegotiation.
// Each answers "vulnerable", "not-vulnerable" or "not-tested" with the reason; none reads more than
// the server's reply to one probe, and ROBOT is bounded to a handful of handshakes.

export type VulnState = 'vulnerable' | 'not-vulnerable' | 'not-tested';

export interface VulnResult {
  state: VulnState;
  /** What was sent and what came back, in one English sentence. */
  detail: string;
}

export interface Vulnerabilities {
  heartbleed: VulnResult;
  ccsInjection: VulnResult;
  robot: VulnResult;
  compression: VulnResult;
  sslv2: VulnResult;
  sslv3: VulnResult;
  /** Renegotiation without RFC 5746 that a client may start: MITM prefix injection. */
  insecureRenegotiation: VulnResult;
  /** Client-initiated renegotiation accepted (secure or not): a denial-of-service lever. */
  clientRenegotiation: VulnResult;
}
