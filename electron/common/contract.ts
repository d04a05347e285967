/**
 * The one typed contract between the renderer and the main process: method name → argument schema
 * and result type, plus push events. Each domain declares its slice in `contract/<domain>.ts`; this
 * file composes them. Electron IPC and the headless HTTP/WebSocket bridge are two transports of it.
 */
import type { z } from 'zod';
import { appMethods, type AppResults, type AppEvents } from './contract/app';

export const contractMethods = {
  ...appMethods,
} as const;

export type ContractMethods = typeof contractMethods;
export type MethodName = keyof ContractMethods;
export type MethodArgs<M extends MethodName> = z.input<ContractMethods[M]>;
export type ParsedArgs<M extends MethodName> = z.output<ContractMethods[M]>;

export type ContractResults = AppResults;
export type MethodResult<M extends MethodName> = M extends keyof ContractResults ? ContractResults[M] : never;

export type ContractEvents = AppEvents;
export type EventName = keyof ContractEvents;

/** What main implements: one async handler per method, fed already-validated arguments. */
export type ContractHandlers = {
  [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>>;
};

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contractMethods, value);
}
