/**
 * A request's JSON body, as Vault reads it (`parseJSONRequest`): at most 32 MiB (Vault's
 * `DefaultMaxRequestSize`; more is a 413 and the connection is closed), UTF-8 (bad bytes would
 * become U+FFFD and a write would land on a key nobody typed), a JSON object or nothing.
 */
import type http from 'node:http';
import { ApiFailure } from './error-reply';

export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
/**
 * Vault's default `max_json_depth` (listener setting, 300). Deeper input is refused before it is
 * parsed: JSON.parse copes, but everything that walks the data afterwards (audit HMAC, the plugin
 * request's protobuf Struct) recurses, and 100,000 levels overflowed the stack (a 500).
 */
export const MAX_JSON_DEPTH = 300;
/** Read and thrown away after an oversized body, so the client sees the 413 rather than a reset. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export function readBody(req: http.IncomingMessage, maxBytes = MAX_REQUEST_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (run: () => void) => {
      if (!settled) {
        settled = true;
        run();
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle(() =>
          reject(new ApiFailure(413, `http: request body too large: the body exceeds ${maxBytes} bytes (32 MiB); send less data per request.`, { Connection: 'close' })),
        );
        if (size > maxBytes + MAX_DRAIN_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => settle(() => reject(new ApiFailure(400, 'The request body could not be read; send the request again.'))));
    req.on('end', () => settle(() => resolve(Buffer.concat(chunks))));
  });
}

/** The body as Vault's request data: `{}` when empty; 400 for bad UTF-8, bad JSON or a non-object. */
export function parseJsonObject(bytes: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiFailure(400, 'failed to decode JSON input: the body is not valid UTF-8; send JSON text encoded as UTF-8.');
  }
  if (text.trim() === '') return {};
  if (!nestedAtMost(text, MAX_JSON_DEPTH)) {
    throw new ApiFailure(400, `failed to decode JSON input: exceeded max depth of ${MAX_JSON_DEPTH} nested objects and arrays; send data nested at most ${MAX_JSON_DEPTH} levels deep.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiFailure(400, `failed to decode JSON input: ${(error as Error).message}; send a JSON object such as {"key": "value"}.`);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiFailure(400, 'failed to decode JSON input: the body must be a JSON object such as {"key": "value"}.');
  }
  return value as Record<string, unknown>;
}

/** Whether no object or array in `text` is nested deeper than `max` (brackets inside strings do not count). */
export function nestedAtMost(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // a backslash escapes the next character, a quote included
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > max) return false;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return true;
}
