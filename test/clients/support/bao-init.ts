/**
 * `bao operator init -key-shares=1 -key-threshold=1` and `bao operator unseal KEY` as steps: the
 * first saves `unseal_key`, `unseal_key_hex` and `root_token` in the session for later steps.
 */
import { exitWith, runBao } from './bao-cli';
import type { ClientStep } from './client-suite';

export const baoInit: ClientStep = {
  name: 'operator init -key-shares=1 -key-threshold=1',
  run: async (session) => {
    const answer = await runBao(session, ['operator', 'init', '-key-shares=1', '-key-threshold=1', '-format=json'], { token: null });
    const out = answer.stdout as Record<string, unknown>;
    session.save('unseal_key', (out.unseal_keys_b64 as unknown[] | undefined)?.[0]);
    session.save('unseal_key_hex', (out.unseal_keys_hex as unknown[] | undefined)?.[0]);
    session.save('root_token', out.root_token);
    return answer;
  },
  expect: exitWith(0),
};

export const baoUnseal: ClientStep = {
  name: 'operator unseal KEY',
  run: (session) => runBao(session, ['operator', 'unseal', '-format=json', session.get('unseal_key')], { token: null }),
  expect: exitWith(0),
};
