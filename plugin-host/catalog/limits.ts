/**
 * The per-entry limits of a plugin's processes: the memory ceiling the supervisor enforces (RSS)
 * and how long a start may take before the handshake. Both live in the catalog entry, so they
 * are set where the binary is registered and changed with the catalog's `tune`.
 */
import { HostError } from '../errors';

export interface PluginLimits {
  /** RSS above this ends the process with `plugin_memory_exceeded`. */
  memoryLimitMiB: number;
  /** Time from exec to the handshake line before `start_timeout`. */
  startTimeoutSeconds: number;
}

export const DEFAULT_LIMITS: PluginLimits = { memoryLimitMiB: 1024, startTimeoutSeconds: 30 };

/** Bounds that keep a typo from disabling the limit (a plugin needs some memory; a day is no timeout). */
const MEMORY_MIB = { min: 16, max: 1024 * 1024 };
const START_SECONDS = { min: 0.1, max: 3600 };

/** Checks the limits given and fills the rest from `base`. */
export function validateLimits(input: Partial<PluginLimits>, base: PluginLimits = DEFAULT_LIMITS): PluginLimits {
  const memoryLimitMiB = input.memoryLimitMiB ?? base.memoryLimitMiB;
  if (!Number.isInteger(memoryLimitMiB) || memoryLimitMiB < MEMORY_MIB.min || memoryLimitMiB > MEMORY_MIB.max) {
    throw new HostError(
      'catalog_invalid_entry',
      `The memory limit ${String(memoryLimitMiB)} MiB is not a whole number of MiB between ${MEMORY_MIB.min} and ${MEMORY_MIB.max}.`,
      { memoryLimitMiB },
    );
  }
  const startTimeoutSeconds = input.startTimeoutSeconds ?? base.startTimeoutSeconds;
  if (typeof startTimeoutSeconds !== 'number' || !(startTimeoutSeconds >= START_SECONDS.min && startTimeoutSeconds <= START_SECONDS.max)) {
    throw new HostError(
      'catalog_invalid_entry',
      `The start timeout ${String(startTimeoutSeconds)} s is not between ${START_SECONDS.min} and ${START_SECONDS.max} seconds.`,
      { startTimeoutSeconds },
    );
  }
  return { memoryLimitMiB, startTimeoutSeconds };
}

export function pickLimits(limits: PluginLimits): PluginLimits {
  return { memoryLimitMiB: limits.memoryLimitMiB, startTimeoutSeconds: limits.startTimeoutSeconds };
}

/** Where a user changes an entry's limits, for the advice in error messages. */
export function limitsAdvice(entry: { type: string; name: string; version: string }, field: keyof PluginLimits, suggested: number): string {
  const target = `{type: "${entry.type}", name: "${entry.name}"${entry.version ? `, version: "${entry.version}"` : ''}, ${field}: ${suggested}}`;
  return `Plugins page → Catalog → Limits on "${entry.name}", or the plugins.tune call ${target}`;
}
