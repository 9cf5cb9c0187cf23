// Extra CA trust for Chromium. Chromium ignores Node's CA list, so certificates are accepted through
// --ignore-certificate-errors-spki-list: a chain is accepted when one of its PRESENTED certificates
// has a listed SPKI hash. Listing the extra CA covers servers that send their chain; a server that
// sends only its leaf needs the leaf's own hash, which is added after Node verifies that leaf
// against the extra CAs (see leafToPin).
import { X509Certificate, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { dialAddress } from '../net/dispatcher.ts';
import type { NetOptions } from '../net/options.ts';

/** base64(sha256(SubjectPublicKeyInfo DER)) of one certificate. */
export function spkiHashOfDer(der: Buffer): string {
  const spki = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** SPKI hashes of every certificate in a PEM bundle. */
export function spkiHashesOfPem(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => spkiHashOfDer(new X509Certificate(b).raw));
}

export function extraCaSpkis(net: NetOptions): string[] {
  return [...new Set(net.extraCa.flatMap(spkiHashesOfPem))];
}

/**
 * When the https server at url is trusted only through an extra CA and does not present that CA in
 * its chain, return the leaf's SPKI hash to add to Chromium's list; otherwise null. Never throws:
 * a server Node cannot verify is left to Chromium, which then reports its own certificate error.
 */
export function leafToPin(url: URL, net: NetOptions, timeoutMs = 5000): Promise<string | null> {
  if (url.protocol !== 'https:' || net.extraCa.length === 0) return Promise.resolve(null);
  const caSpkis = new Set(extraCaSpkis(net));
  const port = Number(url.port || 443);
  const host = dialAddress(net, url.hostname, port);
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      servername: isIP(url.hostname) ? undefined : url.hostname,
      ca: net.extraCa, // ONLY the extra CAs: pin leaves that these, not the public roots, vouch for
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (v: string | null) => {
      socket.destroy();
      resolve(v);
    };
    socket.once('secureConnect', () => {
      if (!socket.authorized) return done(null);
      // Node reports the chain it built (including the CA from `ca` even when the server did not
      // send it), so whether Chromium would see the CA cannot be told here: pin the verified leaf
      // unless it is itself a listed CA. Harmless when the server did send its chain.
      const leaf = socket.getPeerCertificate(false);
      if (!leaf?.raw) return done(null);
      const leafSpki = spkiHashOfDer(leaf.raw);
      done(caSpkis.has(leafSpki) ? null : leafSpki);
    });
    socket.once('error', () => done(null));
    socket.once('timeout', () => done(null));
  });
}

/** Whether the https server at url is trusted by the public roots alone (without any extra CA). */
export function trustedByPublicRoots(url: URL, net: NetOptions, timeoutMs = 5000): Promise<boolean> {
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    const socket = connect({
      host: dialAddress(net, url.hostname, port),
      port,
      servername: isIP(url.hostname) ? undefined : url.hostname,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (v: boolean) => {
      socket.destroy();
      resolve(v);
    };
    socket.once('secureConnect', () => done(socket.authorized));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
