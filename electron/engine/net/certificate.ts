/**
 * A full TLS handshake with node:tls over an already-negotiated socket (after STARTTLS, or a
 * plain one for implicit TLS), to see the certificate chain, its trust and the host-name match.
 * Never used to enumerate versions or suites (DESIGN §4: Electron's BoringSSL differs from
 * Node's OpenSSL); here it only has to complete, so it accepts old versions where the TLS
 * library can.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import tls, { type PeerCertificate, type TLSSocket } from 'node:tls';
import { signatureAlgorithm, tbsFields, type CertificateFacts, type TlsHandshakeFacts } from '../../../shared/certificate';

export type { CertificateFacts, TlsHandshakeFacts } from '../../../shared/certificate';

export type HandshakeProblem = 'timeout' | 'reset' | 'closed' | 'alert' | 'protocol' | 'aborted';

export type HandshakeOutcome =
  { ok: true; facts: TlsHandshakeFacts; socket: TLSSocket } | { ok: false; problem: HandshakeProblem; detail: string };

export interface HandshakeOptions {
  /** SNI and the name the certificate must match (the MX host name) */
  servername: string;
  /** extra trust anchors (PEM) besides Node's root store */
  extraCaPem?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 15_000;

let relaxed: Pick<tls.ConnectionOptions, 'minVersion' | 'ciphers'> | undefined;
/**
 * Accept TLS 1.0+ and weak suites so the handshake completes with old servers too (their weakness
 * is reported by the TLS checks). OpenSSL needs security level 0 for that; BoringSSL (Electron)
 * rejects the syntax, and then the defaults apply.
 */
function relaxedOptions(): Pick<tls.ConnectionOptions, 'minVersion' | 'ciphers'> {
  if (relaxed) return relaxed;
  try {
    tls.createSecureContext({ minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0' });
    relaxed = { minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0' };
  } catch {
    relaxed = {};
  }
  return relaxed;
}

// Parsing ~150 roots takes milliseconds of synchronous work; do it once per distinct CA list,
// not once per handshake (the app runs this on Electron's main process).
const anchorCache = new Map<string, { pems: string[]; fingerprints: Set<string> }>();

/** Trust anchors: Node's bundled roots plus the extra ones, and their fingerprints. */
function trustAnchors(extra: readonly string[]): { pems: string[]; fingerprints: Set<string> } {
  const cacheKey = extra.join('\n');
  const cached = anchorCache.get(cacheKey);
  if (cached) return cached;
  const anchors = readTrustAnchors(extra);
  anchorCache.set(cacheKey, anchors);
  return anchors;
}

function readTrustAnchors(extra: readonly string[]): { pems: string[]; fingerprints: Set<string> } {
  const pems = [...tls.rootCertificates, ...extra.flatMap(splitPem)];
  const fingerprints = new Set<string>();
  for (const pem of pems) {
    try {
      fingerprints.add(new X509Certificate(pem).fingerprint256);
    } catch {
      // An unreadable entry in a CA file is skipped here; the engine validates the file up front.
    }
  }
  return { pems, fingerprints };
}

/** The certificates in a PEM bundle. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((p) => `${p}\n`) ?? [];
}

const EC_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256r1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  secp192r1: 192,
  prime192v1: 192,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};
const EC_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  secp256r1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp224r1: 'P-224',
  prime192v1: 'P-192',
  secp192r1: 'P-192',
};

function dn(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

/** RFC 5280 §4.2.1.6 names as Node prints them: `DNS:a, DNS:b, IP Address:1.2.3.4`. */
function altNames(x: X509Certificate): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const part of (x.subjectAltName ?? '').split(/,\s*/)) {
    if (part.startsWith('DNS:')) dns.push(part.slice(4));
    else if (part.startsWith('IP Address:')) ip.push(part.slice(11));
  }
  return { dns, ip };
}

/** ISO 8601 of a date as node:crypto prints it; undefined for a time OpenSSL cannot read ("Bad time value"). */
function isoDate(text: string): string | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

interface KeyFacts {
  keyType: string;
  keyBits: number;
  curve?: string;
}

/** Type and size of the public key; throws when OpenSSL cannot decode it. */
function keyFacts(x: X509Certificate): KeyFacts {
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType ?? 'unknown';
  let keyBits = details.modulusLength ?? 0;
  let curve: string | undefined;
  if (keyType === 'ec') {
    curve = EC_NAMES[details.namedCurve ?? ''] ?? details.namedCurve;
    keyBits = EC_BITS[details.namedCurve ?? ''] ?? 0;
  } else if (keyType === 'ed25519') keyBits = 256;
  else if (keyType === 'ed448') keyBits = 456;
  else if (keyType === 'dsa') keyBits = details.modulusLength ?? 0;
  return { keyType, keyBits, ...(curve ? { curve } : {}) };
}

/**
 * What one certificate shows. A certificate the TLS library accepted can still hold a date that
 * is no valid time or a key OpenSSL cannot decode: those are facts about the certificate
 * (`invalidDates`, `keyUnreadable`), never a reason to fail the handshake that delivered it.
 */
export function certificateFacts(x: X509Certificate, anchors: Set<string>): CertificateFacts {
  const fields = tbsFields(x.raw);
  let key: KeyFacts = { keyType: 'unknown', keyBits: 0 };
  let keyUnreadable: string | undefined;
  let spki: Uint8Array | undefined = fields?.spki;
  try {
    key = keyFacts(x);
    spki = x.publicKey.export({ type: 'spki', format: 'der' });
  } catch (error) {
    keyUnreadable = error instanceof Error ? error.message : String(error);
  }
  const validFrom = isoDate(x.validFrom);
  const validTo = isoDate(x.validTo);
  const sig = signatureAlgorithm(x.raw);
  const names = altNames(x);
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1];
  const caIssuers = [...(x.infoAccess ?? '').matchAll(/CA Issuers - URI:([^\n]+)/g)].map((m) => m[1]!.trim());
  return {
    subject: dn(x.subject),
    ...(cn ? { commonName: cn } : {}),
    issuer: dn(x.issuer),
    serialNumber: x.serialNumber,
    ...(validFrom ? { validFrom } : {}),
    ...(validTo ? { validTo } : {}),
    ...(validFrom && validTo
      ? {}
      : { invalidDates: { notBefore: fields?.notBefore ?? x.validFrom, notAfter: fields?.notAfter ?? x.validTo } }),
    dnsNames: names.dns,
    ipAddresses: names.ip,
    ...key,
    ...(keyUnreadable !== undefined ? { keyUnreadable } : {}),
    signatureAlgorithm: sig.name,
    signatureHash: sig.hash,
    selfIssued: x.subject === x.issuer,
    ca: x.ca,
    fingerprint256: x.fingerprint256,
    // RFC 6698 §2.1.1: the hash of the SubjectPublicKeyInfo as encoded, decodable or not.
    spkiSha256: spki ? createHash('sha256').update(spki).digest('hex') : '',
    caIssuers,
    inTrustStore: anchors.has(x.fingerprint256),
    pem: x.toString(),
  };
}

/** The chain as the TLS library linked it: the served certificates, issuer after subject. */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let cert: PeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(new X509Certificate(cert.raw));
    cert = (cert as tls.DetailedPeerCertificate).issuerCertificate;
  }
  return out;
}

function hostMatch(hostname: string, leaf: X509Certificate | undefined): { match: boolean; reason?: string } {
  if (!leaf) return { match: false, reason: 'no certificate' };
  // RFC 6125 matching as Node implements it (wildcards only in the left-most label).
  const error = tls.checkServerIdentity(hostname, {
    subject: { CN: /(?:^|\n)CN=([^\n]*)/.exec(leaf.subject)?.[1] ?? '' },
    subjectaltname: leaf.subjectAltName ?? '',
  } as PeerCertificate);
  return error ? { match: false, reason: error.message } : { match: true };
}

function classify(error: NodeJS.ErrnoException): HandshakeProblem {
  // Node reports a FIN before the handshake ends as ECONNRESET with this message.
  if (/disconnected before secure TLS connection/i.test(error.message)) return 'closed';
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return 'reset';
  if (/alert/i.test(error.message) || /ALERT/.test(error.code ?? '')) return 'alert';
  if (/socket hang up|closed/i.test(error.message)) return 'closed';
  return 'protocol';
}

/**
 * Runs the handshake on `socket` (which it takes over) and returns the facts; the TLS socket is
 * returned open so the caller can say QUIT over it. Failures are results.
 */
export function tlsHandshake(socket: Socket, options: HandshakeOptions): Promise<HandshakeOutcome> {
  const anchors = trustAnchors(options.extraCaPem ?? []);
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!outcome.ok) {
        secure.destroy();
        socket.destroy();
      }
      resolve(outcome);
    };
    const onAbort = () => finish({ ok: false, problem: 'aborted', detail: 'aborted' });
    const secure = tls.connect({
      socket,
      servername: options.servername,
      rejectUnauthorized: false,
      ca: anchors.pems,
      // Trust is judged on the chain alone; the name is checked separately for a clear finding.
      checkServerIdentity: () => undefined,
      ...relaxedOptions(),
    });
    const timer = setTimeout(() => finish({ ok: false, problem: 'timeout', detail: `no TLS handshake within ${timeoutMs} ms` }), timeoutMs);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    secure.once('error', (error: NodeJS.ErrnoException) => finish({ ok: false, problem: classify(error), detail: error.message }));
    secure.once('close', () => finish({ ok: false, problem: 'closed', detail: 'the connection closed during the TLS handshake' }));
    secure.once('secureConnect', () => {
      try {
        const chain = peerChain(secure);
        const match = hostMatch(options.servername, chain[0]);
        const cipher = secure.getCipher();
        const ephemeral = secure.getEphemeralKeyInfo();
        const facts: TlsHandshakeFacts = {
          protocol: secure.getProtocol() ?? 'unknown',
          cipher: cipher.standardName ?? cipher.name,
          ...(ephemeral && 'type' in ephemeral && ephemeral.type
            ? {
                ephemeral: {
                  type: ephemeral.type,
                  ...(ephemeral.name ? { name: ephemeral.name } : {}),
                  ...(ephemeral.size ? { size: ephemeral.size } : {}),
                },
              }
            : {}),
          authorized: secure.authorized,
          ...(secure.authorizationError
            ? { authorizationError: String((secure.authorizationError as unknown as { code?: string }).code ?? secure.authorizationError) }
            : {}),
          hostname: options.servername,
          hostMatch: match.match,
          ...(match.reason ? { hostMismatch: match.reason } : {}),
          chain: chain.map((c) => certificateFacts(c, anchors.fingerprints)),
        };
        secure.removeAllListeners('close');
        secure.removeAllListeners('error');
        // Later errors (a reset while we say QUIT) are of no interest.
        secure.on('error', () => {});
        finish({ ok: true, facts, socket: secure });
      } catch (error) {
        finish({ ok: false, problem: 'protocol', detail: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

/** RFC 5321 §4.1.1.10 over TLS, then close; bounded, never throws. */
export function closeTlsPolitely(socket: TLSSocket, goodbye = 'QUIT\r\n', waitMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    socket.once('close', done);
    socket.on('data', () => {});
    try {
      socket.end(goodbye);
    } catch {
      done();
    }
  });
}
