/**
 * The bao CLI suite's ACL policy steps: `policy write` (and a malformed one), `list`, `read`,
 * `token create -policy`, a read allowed and a write and a read refused for that token, `token
 * capabilities`, a policy not held refused, `policy delete` (the token loses its access), and
 * `default` that cannot be deleted.
 */
import { exitWith, runBao } from './bao-cli';
import type { ClientStep, Session } from './client-suite';

const ok = exitWith(0);
const failed = exitWith(2);
const bao = (args: string[], options?: Parameters<typeof runBao>[2]) => (session: Session) => runBao(session, args, options);

/** An ACL policy written with `bao policy write NAME -` (stdin), then a token holding it. */
const APP_POLICY = 'path "kv1/app" {\n  capabilities = ["read"]\n}\n\npath "kv1/*" {\n  capabilities = ["deny"]\n}\n';

export const baoPolicySteps: ClientStep[] = [
  { name: 'policy write', run: bao(['policy', 'write', 'app-read', '-'], { input: APP_POLICY }), expect: ok },
  { name: 'policy write (malformed)', run: bao(['policy', 'write', 'broken', '-'], { input: 'path "kv1/app" {\n  capabilities = ["read"\n}\n' }), expect: failed },
  { name: 'policy list', run: bao(['policy', 'list', '-format=json']), expect: ok },
  { name: 'policy read', run: bao(['policy', 'read', '-format=json', 'app-read']), expect: ok },
  {
    name: 'token create -policy',
    run: async (s) => {
      const answer = await runBao(s, ['token', 'create', '-format=json', '-policy=app-read', '-policy=ghost']);
      s.save('policy_token', ((answer.stdout as Record<string, unknown> | null)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: ok,
  },
  { name: 'read allowed by the policy', run: (s) => runBao(s, ['read', '-format=json', 'kv1/app'], { token: s.get('policy_token') }), expect: ok },
  { name: 'write refused by the policy', run: (s) => runBao(s, ['write', 'kv1/app', 'a=2'], { token: s.get('policy_token') }), expect: failed },
  { name: 'read refused by the deny', run: (s) => runBao(s, ['read', 'kv1/other'], { token: s.get('policy_token') }), expect: failed },
  { name: 'token capabilities (policy token)', run: (s) => runBao(s, ['token', 'capabilities', '-format=json', s.get('policy_token'), 'kv1/app']), expect: ok },
  { name: 'token create -policy not held (as the policy token)', run: (s) => runBao(s, ['token', 'create', '-policy=root'], { token: s.get('policy_token') }), expect: failed },
  { name: 'policy delete', run: bao(['policy', 'delete', 'app-read']), expect: ok },
  { name: 'read after the policy is deleted', run: (s) => runBao(s, ['read', 'kv1/app'], { token: s.get('policy_token') }), expect: failed },
  { name: 'policy read after delete', run: bao(['policy', 'read', 'app-read']), expect: failed },
  { name: 'policy delete default', run: bao(['policy', 'delete', 'default']), expect: failed },
];
