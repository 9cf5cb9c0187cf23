// Chromium command-line flags derived from the settings and the network options.
import { isIP } from 'node:net';
import type { NetOptions } from '../net/options.ts';

/** Flags every payesh Chromium gets: quiet, no background traffic, no QUIC (TCP only, like the HTTP probes). */
export const BASE_CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--password-store=basic',
];

/**
 * --resolve entries as Chromium host-resolver rules. A rule's pattern may carry a port
 * ("MAP www.portal.test:8443 127.0.0.1:8443"), so a mapping applies to that host and port only, as
 * curl's --resolve does.
 */
export function hostResolverRules(net: NetOptions): string | null {
  const rules = [...net.resolve.entries()].map(([hostPort, address]) => {
    const port = hostPort.slice(hostPort.lastIndexOf(':') + 1);
    const target = isIP(address) === 6 ? `[${address}]` : address;
    return `MAP ${hostPort} ${target}:${port}`;
  });
  return rules.length > 0 ? rules.join(', ') : null;
}

/**
 * The base flags plus --no-sandbox when running as root (the sandbox needs user namespaces root does not
 * get), or when PAYESH_CHROMIUM_SANDBOX=0: in a container, whose default seccomp profile blocks the user
 * namespaces the sandbox needs, the container is the isolation boundary (the Dockerfile sets it).
 */
export function baseChromiumArgs(): string[] {
  const noSandbox = process.getuid?.() === 0 || process.env.PAYESH_CHROMIUM_SANDBOX === '0';
  return [...BASE_CHROMIUM_ARGS, ...(noSandbox ? ['--no-sandbox'] : [])];
}

export function chromiumArgs(
  net: NetOptions,
  opts: { debuggingPort: number; spkiHashes: string[]; gatePort?: number },
): string[] {
  const args = [
    ...baseChromiumArgs(),
    `--remote-debugging-port=${opts.debuggingPort}`,
    '--remote-debugging-address=127.0.0.1',
  ];
  if (opts.gatePort) args.push(...gateArgs(opts.gatePort));
  else {
    const rules = hostResolverRules(net);
    if (rules) args.push(`--host-resolver-rules=${rules}`);
  }
  if (opts.spkiHashes.length > 0)
    args.push(`--ignore-certificate-errors-spki-list=${opts.spkiHashes.join(',')}`);
  return args;
}

/** Chrome's own User-Agent (without "Headless") followed by payesh's token, so sites serve the normal page. */
export function browserUserAgent(chromeVersion: string, net: NetOptions): string {
  const major = chromeVersion.split('.')[0] || '0';
  const chrome = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
  return `${chrome} ${payeshToken(net)}`;
}

/** "payesh/0.1.0 (+contact)" out of the configured User-Agent, or that User-Agent when it is custom. */
export function payeshToken(net: NetOptions): string {
  const m = /\(compatible; (payesh\/[^;]+); \+([^)]+)\)/.exec(net.userAgent);
  return m ? `${m[1]} (+${m[2]})` : net.userAgent;
}

/**
 * Send every request through the request gate (src/net/gate.ts). Chromium sends loopback
 * destinations around a proxy unless told otherwise ("<-loopback>" removes that implicit rule), and
 * WebRTC would send UDP past it, so both are closed. Names are resolved by the gate, never by
 * Chromium, so --resolve is honoured there.
 */
export function gateArgs(gatePort: number): string[] {
  return [
    `--proxy-server=http://127.0.0.1:${gatePort}`,
    '--proxy-bypass-list=<-loopback>',
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  ];
}
