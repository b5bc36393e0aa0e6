/**
 * A lab web host (DESIGN §6): HTTPS and HTTP on loopback high ports, behaving like a plain web
 * server or like Exchange's client access front end (OWA, ECP, EWS, ActiveSync, autodiscover,
 * MAPI answering with `X-OWA-Version` and `WWW-Authenticate` challenges), or hostile: a host that
 * accepts and never speaks, or one that sends a response header that never ends.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { MODERN_CIPHERS, MODERN_GROUPS, MODERN_SIGALGS } from './smtp-lab';

/** The TLS of a well-kept server, as the SMTP lab's modern hosts: its key exchange passes too. */
const MODERN_TLS = { ciphers: MODERN_CIPHERS, ecdhCurve: MODERN_GROUPS, sigalgs: MODERN_SIGALGS };

export interface ExchangeBehaviour {
  /** `X-OWA-Version` value; absent: the header is stripped, as a reverse proxy may do */
  owaVersion?: string;
  /** the build in the logon page's asset paths (`/owa/auth/<build>/…`), CU level */
  assetBuild: string;
  /** paths whose 401 also offers `Basic` (RFC 7617) besides Negotiate and NTLM */
  basicOn?: readonly string[];
}

export interface WebBehaviour {
  /** Strict-Transport-Security value sent on every HTTPS answer; undefined: none */
  hsts?: string;
  /** what plain HTTP does: 301 to https, serve the same pages, or 403 "SSL required" (IIS 403.4) */
  http: 'redirect' | 'serve' | 'forbid' | 'redirect-http';
  exchange?: ExchangeBehaviour;
  /** TLS of the HTTPS server (default TLS 1.2–1.3, ECDHE with AEAD only) */
  tls?: Pick<tls.SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'>;
  /** a hostile host on both ports instead of a web server */
  hostile?: 'silent' | 'endless-header';
}

export interface LabWebServer {
  address: string;
  httpsPort: number;
  httpPort: number;
  close(): Promise<void>;
}

const EXCHANGE_401 = ['/EWS/Exchange.asmx', '/Microsoft-Server-ActiveSync', '/autodiscover/autodiscover.xml', '/mapi/'];

function logonPage(build: string): string {
  return `<!DOCTYPE html><html><head><title>Outlook</title><link rel="shortcut icon" href="/owa/auth/${build}/themes/resources/favicon.ico" type="image/x-icon"><script src="/owa/auth/${build}/scripts/premium/flogon.js"></script></head><body><form action="/owa/auth.owa" method="POST"></form></body></html>`;
}

/** The answers of one request; `secure` adds HSTS. */
function handler(behaviour: WebBehaviour, secure: boolean): http.RequestListener {
  return (req, res) => {
    const host = req.headers.host ?? 'localhost';
    const path = (req.url ?? '/').split('?')[0]!;
    if (secure && behaviour.hsts !== undefined) res.setHeader('Strict-Transport-Security', behaviour.hsts);
    const ex = behaviour.exchange;
    if (!ex) {
      res.writeHead(path === '/' ? 200 : 404, { 'Content-Type': 'text/html' });
      res.end(path === '/' ? '<html>lab</html>' : 'not found');
      return;
    }
    if (ex.owaVersion) res.setHeader('X-OWA-Version', ex.owaVersion);
    res.setHeader('X-FEServer', 'LAB-EX01');
    res.setHeader('Server', 'Microsoft-IIS/10.0');
    const scheme = secure ? 'https' : 'http';
    if (path === '/owa/' || path === '/ecp/') {
      res.writeHead(302, {
        Location: `${scheme}://${host}/owa/auth/logon.aspx?url=${scheme}%3a%2f%2f${host}${encodeURIComponent(path)}&reason=0`,
      });
      res.end();
    } else if (path === '/owa/auth/logon.aspx') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(logonPage(ex.assetBuild));
    } else if (EXCHANGE_401.includes(path)) {
      const challenges = ['Negotiate', 'NTLM', ...(ex.basicOn?.includes(path) ? [`Basic realm="${host}"`] : [])];
      res.writeHead(401, { 'WWW-Authenticate': challenges, 'Content-Length': '0' });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  };
}

function plainHandler(behaviour: WebBehaviour): http.RequestListener {
  if (behaviour.http === 'serve') return handler(behaviour, false);
  return (req, res) => {
    const host = req.headers.host ?? 'localhost';
    if (behaviour.http === 'forbid') {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('403.4 SSL required');
    } else {
      const scheme = behaviour.http === 'redirect' ? 'https' : 'http';
      res.writeHead(301, { Location: `${scheme}://${host}${behaviour.http === 'redirect-http' ? '/other' : ''}${req.url ?? '/'}` });
      res.end();
    }
  };
}

/** Accepts and never writes a byte; sockets are destroyed at close. */
function silentServer(sockets: Set<net.Socket>): net.Server {
  return net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
}

/** Answers any request with a status line and header fields that never end. */
function endlessHeader(socket: net.Socket | tls.TLSSocket, sockets: Set<net.Socket>): void {
  sockets.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => sockets.delete(socket));
  socket.once('data', () => {
    socket.write('HTTP/1.1 200 OK\r\n');
    const line = `X-Filler: ${'a'.repeat(1000)}\r\n`;
    const pump = () => {
      while (!socket.destroyed && socket.write(line));
      if (!socket.destroyed) socket.once('drain', pump);
    };
    pump();
  });
}

function listen(server: net.Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve((server.address() as net.AddressInfo).port));
  });
}

export async function startWebServer(options: {
  address: string;
  behaviour: WebBehaviour;
  /** certificate chain (PEM, leaf first) and key */
  cert: string;
  key: string;
  httpsPort?: number;
  httpPort?: number;
}): Promise<LabWebServer> {
  const { behaviour } = options;
  const sockets = new Set<net.Socket>();
  let secure: net.Server;
  let plain: net.Server;
  if (behaviour.hostile === 'silent') {
    secure = silentServer(sockets);
    plain = silentServer(sockets);
  } else if (behaviour.hostile === 'endless-header') {
    secure = tls.createServer({ cert: options.cert, key: options.key, ...MODERN_TLS }, (s) => endlessHeader(s, sockets));
    plain = net.createServer((s) => endlessHeader(s, sockets));
  } else {
    secure = https.createServer({ cert: options.cert, key: options.key, ...MODERN_TLS, ...behaviour.tls }, handler(behaviour, true));
    plain = http.createServer(plainHandler(behaviour));
    for (const s of [secure, plain]) s.on('connection', (socket: net.Socket) => sockets.add(socket).size);
  }
  const httpsPort = await listen(secure, options.address, options.httpsPort ?? 0);
  const httpPort = await listen(plain, options.address, options.httpPort ?? 0);
  return {
    address: options.address,
    httpsPort,
    httpPort,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([secure, plain].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
