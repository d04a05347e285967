/**
 * Table-driven bad input: each case gives the input, the code it must be answered with, and a
 * snapshot of the state it must leave unchanged. `unclearReason` is the documented heuristic for
 * an "unclear error" (see README): empty, a raw stack or gRPC dump, an internal code, or no hint
 * of what to do next.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { toContractError, type ContractErrorShape } from '../../electron/common/errors';
import { ContractCallError } from './app-driver';

export interface BadInputCase {
  /** The kind of bad input, one line. */
  kind: string;
  /** The stable code (or codes, when more than one is right) it must be answered with. */
  code: string | readonly string[];
  /** Sends the bad input; returns what came back (a thrown error is read as the answer). */
  send(): Promise<unknown>;
  /** The state the input must not change. */
  snapshot(): Promise<unknown>;
  /** The message must also match this (to tell apart two causes that share a code). */
  message?: RegExp;
}

export interface BadInputOutcome {
  kind: string;
  error: ContractErrorShape;
  unclear: string | undefined;
}

/** Words that tell the reader what to do next; a message with none of them gives no hint. */
const ACTION_HINT =
  /\b(check|use|give|choose|run|(re-?)?register|say why|see|restore|retry|try|put|remove|send|unseal|initiali[sz]e|create|copy|enable|disable|list|rebuild|build|raise|open|set|pick|add|wait|report|fix|replace|start|restart|stop|keep|make|move|chmod|select|shorten|split|delete|must|should|instead|needs?)\b/i;

export const NO_HINT = 'no hint of what to do';

export function unclearReason(error: ContractErrorShape): string | undefined {
  const message = error.message.trim();
  if (message === '') return 'empty message';
  if (/\n\s+at\s|\.[cm]?[jt]s:\d+:\d+/.test(message)) return 'raw stack trace';
  if (/^(\d+\s)?[A-Z_]{5,}:\s/.test(message)) return 'raw gRPC status';
  if (error.code === 'internal' || (error.code as string) === '') return 'internal/unknown code';
  // Method names such as `plugins.register` are not advice.
  if (!ACTION_HINT.test(message.replace(/\b[a-z]+\.[a-zA-Z]+\b/g, ''))) return NO_HINT;
  return undefined;
}

/** Reads whatever the input was answered with as the wire error shape; a success is a failure of the case. */
function answerOf(kind: string, answer: unknown): ContractErrorShape {
  if (answer instanceof ContractCallError) return answer.error;
  if (answer instanceof Error) return toContractError(answer);
  if (typeof answer === 'object' && answer !== null && 'ok' in answer && (answer as { ok: unknown }).ok === false) {
    return (answer as unknown as { error: ContractErrorShape }).error;
  }
  assert.fail(`${kind}: the bad input was accepted (${JSON.stringify(answer)?.slice(0, 200)})`);
}

export async function runBadInputCase(testCase: BadInputCase): Promise<BadInputOutcome> {
  const before = await testCase.snapshot();
  const answer = await testCase.send().catch((error: unknown) => error);
  const error = answerOf(testCase.kind, answer);
  const codes = typeof testCase.code === 'string' ? [testCase.code] : testCase.code;
  assert.ok(codes.includes(error.code), `${testCase.kind}: answered ${error.code} (${error.message}), expected ${codes.join(' or ')}`);
  if (testCase.message !== undefined) assert.match(error.message, testCase.message, testCase.kind);
  const after = await testCase.snapshot();
  assert.ok(isDeepStrictEqual(before, after), `${testCase.kind}: the state changed\nbefore ${JSON.stringify(before)}\nafter  ${JSON.stringify(after)}`);
  return { kind: testCase.kind, error, unclear: unclearReason(error) };
}
