/**
 * The bench's HTTP client: Vault API requests over keep-alive connections (one `http.Agent` per
 * run, as many sockets as requests in flight), timed one by one. Every answer's status is
 * checked, so a bench that measures errors fails instead of reporting fast figures.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { VaultTarget } from '../../test/support/vault-http';

export type { VaultTarget };

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Under `/v1/`, e.g. `bench/data/read-me`; a function gives each request its own (`i` counts from 0). */
  path: string | ((i: number) => string);
  /** Made fresh per request (`i` counts from 0), so writes can differ. */
  body?: (i: number) => unknown;
  /** The statuses that count as success. */
  expect: readonly number[];
}

export interface LoadFigures {
  requests: number;
  concurrency: number;
  p50_us: number;
  p99_us: number;
  rps: number;
}

/** Nearest-rank percentile; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

function send(agent: http.Agent, target: VaultTarget, request: LoadRequest, i: number): Promise<number> {
  const url = new URL(`/v1/${typeof request.path === 'string' ? request.path : request.path(i)}`, target.url);
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body(i)));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: request.method,
        headers: {
          'X-Vault-Token': target.token,
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': payload.length }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (request.expect.includes(status)) resolve(status);
          else reject(new Error(`${request.method} ${url.pathname} answered ${status}: ${Buffer.concat(chunks).toString().slice(0, 300)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Sends `warmup` untimed requests, then `requests` timed ones with `concurrency` in flight
 * (each worker sends its next request when its last was answered). Latency is per request;
 * requests/s is the timed requests over the timed phase's wall time.
 */
export async function measure(
  target: VaultTarget,
  request: LoadRequest,
  options: { requests: number; concurrency: number; warmup: number },
): Promise<LoadFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    let counter = 0;
    const phase = async (total: number, latencies: number[] | null) => {
      let remaining = total;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (remaining > 0) {
            remaining -= 1;
            const i = counter++;
            const started = performance.now();
            await send(agent, target, request, i);
            latencies?.push((performance.now() - started) * 1000);
          }
        }),
      );
    };
    await phase(options.warmup, null);
    const latencies: number[] = [];
    const started = performance.now();
    await phase(options.requests, latencies);
    const seconds = (performance.now() - started) / 1000;
    return {
      requests: options.requests,
      concurrency: options.concurrency,
      p50_us: median(latencies),
      p99_us: percentile(latencies, 99),
      rps: options.requests / seconds,
    };
  } finally {
    agent.destroy();
  }
}
