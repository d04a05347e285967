import type http from 'node:http';
import type { ContractErrorShape } from '../common/errors';

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; error: ContractErrorShape };

/** Bytes read and thrown away after an oversized body, so the client receives the 413 (not a reset). */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;

/**
 * Reads a JSON request body with a size cap, answering a clear error instead of throwing. The body
 * must be valid UTF-8: decoded leniently, bad bytes would become U+FFFD and a write would land on a
 * path nobody typed.
 */
export function readJsonBody(req: http.IncomingMessage, maxBytes: number): Promise<JsonBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: JsonBody) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish({
          ok: false,
          status: 413,
          error: { code: 'request_too_large', message: `Request body exceeds ${maxBytes} bytes. Send less data per call.` },
        });
        // Keep reading (and discarding) so the answer reaches the client; give up on endless senders.
        if (size > maxBytes + MAX_DRAIN_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => finish({ ok: false, status: 400, error: { code: 'bad_request', message: 'The request body could not be read; send it again.' } }));
    req.on('end', () => {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
      } catch {
        finish({ ok: false, status: 400, error: { code: 'invalid_json', message: 'The request body is not valid UTF-8. Send JSON text encoded as UTF-8.' } });
        return;
      }
      try {
        finish({ ok: true, value: text === '' ? {} : JSON.parse(text) });
      } catch {
        finish({
          ok: false,
          status: 400,
          error: { code: 'invalid_json', message: 'The request body is not valid JSON. Send {"method": "...", "args": {...}}.' },
        });
      }
    });
  });
}
