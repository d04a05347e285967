/** How a request's storage trace and its failures cross the contract. */
import type { StorageTrace } from '../../../plugin-host';
import type { StorageTraceEntry } from '../../common/contract/requests';
import { ContractError, toContractError } from '../../common/errors';

export function traceEntry(trace: StorageTrace): StorageTraceEntry {
  const entry: StorageTraceEntry = { op: trace.operation, key: trace.key, bytes: trace.bytes, durationMs: trace.durationMs };
  if (trace.error !== undefined) entry.error = trace.error;
  if (trace.concurrent) entry.concurrent = true;
  return entry;
}

/** The error as it was, plus the request id and the storage calls made before it failed. */
export function withRequestDetail(error: unknown, requestId: string, traced: StorageTrace[]): ContractError {
  const shape = toContractError(error);
  const { storage, ...detail } = shape.detail ?? {};
  const trace = (Array.isArray(storage) ? (storage as StorageTrace[]) : traced).map(traceEntry);
  return new ContractError(shape.code, shape.message, { ...detail, requestId, trace });
}
