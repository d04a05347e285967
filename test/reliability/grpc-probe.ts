/**
 * Knocks on a gRPC unix socket the way an intruder would: one `grpc.health.v1.Health/Check` over
 * HTTP/2, in plaintext, over TLS without a client certificate, or over TLS with a certificate of
 * its own. "Talked" means an HTTP/2 response came back, i.e. the peer's gRPC layer was reached.
 */
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';

export type ProbeMode = 'plaintext' | 'tls-without-certificate' | 'tls-with-foreign-certificate';

export interface ProbeResult {
  talked: boolean;
  detail: string;
}

const PROBE_TIMEOUT_MS = 3_000;

export function probeGrpcSocket(socketPath: string, mode: ProbeMode, certificate?: { certPem: string; keyPem: string }): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      resolve(result);
    };
    const connect = () =>
      mode === 'plaintext'
        ? net.connect(socketPath)
        : tls.connect({
            path: socketPath,
            servername: 'localhost',
            ALPNProtocols: ['h2'],
            // The intruder does not care who the server is; it only wants in.
            rejectUnauthorized: false,
            ...(mode === 'tls-with-foreign-certificate' && certificate !== undefined ? { cert: certificate.certPem, key: certificate.keyPem } : {}),
          });
    const session = http2.connect(mode === 'plaintext' ? 'http://localhost' : 'https://localhost', { createConnection: connect });
    const timer = setTimeout(() => finish({ talked: false, detail: 'no answer (timeout)' }), PROBE_TIMEOUT_MS);
    session.on('error', (error) => finish({ talked: false, detail: error.message }));
    session.on('close', () => finish({ talked: false, detail: 'connection closed' }));
    const request = session.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc', te: 'trailers' });
    request.on('response', (headers) => finish({ talked: true, detail: `HTTP/2 ${String(headers[':status'])}` }));
    request.on('error', (error) => finish({ talked: false, detail: error.message }));
    request.end(Buffer.from([0, 0, 0, 0, 0]));
  });
}
