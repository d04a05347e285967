/**
 * The boundary every contract call passes through, whatever the transport: the method name is
 * checked, the arguments are parsed against the method's schema before any handler runs, and any
 * failure leaves as a `{code, message, detail}` object.
 */
import { contractMethods, isMethodName, type ContractHandlers, type MethodName } from '../common/contract';
import { ContractError, toContractError, type ContractErrorShape } from '../common/errors';
import { HostError } from '../../plugin-host';
import { StorageError } from '../storage';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ContractErrorShape };

export function createDispatcher(handlers: ContractHandlers) {
  return async function dispatch(method: unknown, args: unknown): Promise<DispatchResult> {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method;
      return {
        ok: false,
        error: { code: 'unknown_method', message: `Unknown method "${shown}". Check the method name against the contract.` },
      };
    }
    const parsed = contractMethods[method].safeParse(args ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((issue) => {
        const where = issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
        return `${where}: ${issue.message}`;
      });
      return {
        ok: false,
        error: {
          code: 'invalid_arguments',
          message: `Invalid arguments for ${method}: ${issues.join('; ')}. Correct ${issues.length === 1 ? 'this field' : 'these fields'} and send the call again.`,
          detail: { issues },
        },
      };
    }
    try {
      const handler = handlers[method] as (a: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toContractError(stableOrInternal(error)) };
    }
  };
}

/**
 * Only Strongroom's own errors carry stable codes. Anything else that happens to have a string
 * `code` (Node's EACCES, better-sqlite3's SQLITE_BUSY…) becomes `internal`, so raw codes and
 * messages never pose as part of the contract.
 */
function stableOrInternal(error: unknown): unknown {
  if (error instanceof ContractError || error instanceof HostError || error instanceof StorageError) return error;
  const detail = typeof error === 'object' && error !== null && 'code' in error ? ` (${String((error as { code: unknown }).code)})` : '';
  return new Error(`${error instanceof Error ? error.message : String(error)}${detail}`);
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
export type { MethodName };
