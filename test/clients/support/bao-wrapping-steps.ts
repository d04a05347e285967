/**
 * The bao CLI suite's response-wrapping steps: `kv get -wrap-ttl` then `unwrap`, a second unwrap
 * refused, `sys/wrapping/wrap` unwrapped as the wrapping token, `token create -wrap-ttl`, and the
 * refusals (a token that is not a wrapping token, a TTL that is no duration).
 */
import assert from 'node:assert/strict';
import { exitWith, runBao, type CliAnswer } from './bao-cli';
import type { ClientStep, Session } from './client-suite';

const ok = exitWith(0);
const failed = exitWith(2);
const bao = (args: string[], options?: Parameters<typeof runBao>[2]) => (session: Session) => runBao(session, args, options);

function wrappingTokenOf(answer: CliAnswer): unknown {
  return ((answer.stdout as Record<string, unknown> | null)?.wrap_info as Record<string, unknown> | undefined)?.token;
}

export const baoWrappingSteps: ClientStep[] = [
  {
    name: 'kv get -wrap-ttl=5m',
    run: async (s) => {
      const answer = await runBao(s, ['kv', 'get', '-format=json', '-wrap-ttl=5m', 'secret/app']);
      s.save('wrapping_token', wrappingTokenOf(answer));
      return answer;
    },
    expect: ok,
  },
  { name: 'unwrap <token> (the wrapped kv get)', run: (s) => runBao(s, ['unwrap', '-format=json', s.get('wrapping_token')]), expect: ok },
  { name: 'unwrap the same token again', run: (s) => runBao(s, ['unwrap', '-format=json', s.get('wrapping_token')]), expect: failed },
  {
    name: 'write -wrap-ttl=1m sys/wrapping/wrap',
    run: async (s) => {
      const answer = await runBao(s, ['write', '-format=json', '-wrap-ttl=1m', 'sys/wrapping/wrap', 'note=hello']);
      s.save('wrapped_note', wrappingTokenOf(answer));
      return answer;
    },
    expect: ok,
  },
  { name: 'unwrap as the wrapping token (no argument)', run: (s) => runBao(s, ['unwrap', '-format=json'], { token: s.get('wrapped_note') }), expect: ok },
  {
    name: 'token create -wrap-ttl=1m',
    run: async (s) => {
      const answer = await runBao(s, ['token', 'create', '-format=json', '-wrap-ttl=1m', '-display-name=wrapped']);
      s.save('wrapped_child', wrappingTokenOf(answer));
      return answer;
    },
    expect: ok,
  },
  { name: 'unwrap the wrapped token create', run: (s) => runBao(s, ['unwrap', '-format=json', s.get('wrapped_child')]), expect: ok },
  { name: 'unwrap a token that is not a wrapping token', run: (s) => runBao(s, ['unwrap', '-format=json', s.get('root_token')]), expect: failed },
  { name: 'kv get -wrap-ttl that is not a duration', run: bao(['kv', 'get', '-format=json', '-wrap-ttl=abc', 'secret/app']), expect: (answer) => assert.notEqual((answer as CliAnswer).exit, 0) },
];

