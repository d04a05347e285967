/**
 * The hvac suite's step helpers: one hvac client per session (started by the suite's `prepare`),
 * a call by hvac method name with the session's root token (or another, or none), and the checks
 * a step's answer is held to (hvac returned, or raised this exception class).
 */
import assert from 'node:assert/strict';
import type { Session } from './client-suite';
import type { HvacAnswer, HvacClient } from './hvac';

export const clients = new WeakMap<Session, HvacClient>();

export interface CallOptions {
  /** Default the session's root token; null sends none. */
  token?: string | ((session: Session) => string) | null;
}

export async function call(session: Session, name: string, kwargs: Record<string, unknown> = {}, options: CallOptions = {}): Promise<HvacAnswer> {
  const client = clients.get(session);
  if (client === undefined) throw new Error(`no hvac client for host ${session.host.label}`);
  const token = options.token === undefined ? session.get('root_token') : typeof options.token === 'function' ? options.token(session) : options.token;
  return client.call(name, kwargs, token);
}

export const hv =
  (name: string, kwargs: Record<string, unknown> | ((session: Session) => Record<string, unknown>) = {}, options: CallOptions = {}) =>
  (session: Session) =>
    call(session, name, typeof kwargs === 'function' ? kwargs(session) : kwargs, options);

export const succeeds = (answer: unknown) => assert.ok(answer !== null && typeof answer === 'object' && 'ok' in answer, 'hvac raised');
export const raises = (type: string) => (answer: unknown) => assert.equal((answer as { error?: { type: string } }).error?.type, type);
export const okOf = (answer: HvacAnswer) => ('ok' in answer ? (answer.ok as Record<string, unknown>) : undefined);
