import type http from 'node:http';
import type { ContractErrorShape } from '../common/errors';

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; error: ContractErrorShape };

/** Reads a JSON request body with a size cap, answering a clear error instead of throwing. */
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
        finish({
          ok: false,
          status: 413,
          error: { code: 'request_too_large', message: `Request body exceeds ${maxBytes} bytes. Send less data per call.` },
        });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => finish({ ok: false, status: 400, error: { code: 'bad_request', message: 'The request body could not be read.' } }));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
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
