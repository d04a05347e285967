/**
 * The bench's Strongroom host: its Vault HTTP API (issue 19) on a free loopback port.
 * Not on this branch yet: the API server (`electron/vault-api/`) lands from another part of the
 * issue; until then `npm run bench -- http` measures the OpenBao baselines only
 * (`BENCH_HTTP_HOSTS=openbao,openbao_dev`).
 */
import type { VaultTarget } from './load';

export interface StrongroomTarget extends VaultTarget {
  pluginDir: string;
  verify(requestsSent: number): Record<string, number>;
  stop(): Promise<void>;
}

export function startStrongroomTarget(): Promise<StrongroomTarget> {
  return Promise.reject(
    new Error("Strongroom's Vault HTTP API is not on this branch yet; run with BENCH_HTTP_HOSTS=openbao,openbao_dev for the baselines."),
  );
}
