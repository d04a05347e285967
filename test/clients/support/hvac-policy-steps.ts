/**
 * The hvac suite's ACL policy steps: `sys.create_or_update_acl_policy` (and a malformed one),
 * list and read (the older path too), a token holding the policy, a read allowed and a write and
 * a read refused, a policy not held refused, delete (the token loses its access), and `default`
 * that cannot be deleted.
 */
import type { ClientStep, Session } from './client-suite';
import { call, hv, okOf, raises, succeeds } from './hvac-steps';

const APP_POLICY = 'path "hv1/app" {\n  capabilities = ["read"]\n}\n\npath "hv1/*" {\n  capabilities = ["deny"]\n}\n\npath "auth/token/create" {\n  capabilities = ["update"]\n}\n';
const policyToken = (s: Session) => s.get('policy_token');

export const hvacPolicySteps: ClientStep[] = [
  { name: 'create_or_update_acl_policy', run: hv('sys.create_or_update_acl_policy', { name: 'app-read', policy: APP_POLICY }), expect: succeeds },
  { name: 'create_or_update_acl_policy (malformed)', run: hv('sys.create_or_update_acl_policy', { name: 'broken', policy: 'path "hv1/app" {\n  capabilities = ["read"\n}\n' }), expect: raises('InvalidRequest') },
  { name: 'list_acl_policies', run: hv('sys.list_acl_policies'), expect: succeeds },
  { name: 'read_acl_policy', run: hv('sys.read_acl_policy', { name: 'app-read' }), expect: succeeds },
  { name: 'read_policy (the older path)', run: hv('sys.read_policy', { name: 'app-read' }), expect: succeeds },
  {
    name: 'token create with policies',
    run: async (s) => {
      const answer = await call(s, 'auth.token.create', { policies: ['app-read'] });
      s.save('policy_token', (okOf(answer)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'read allowed by the policy', run: hv('read', { path: 'hv1/app' }, { token: policyToken }), expect: succeeds },
  { name: 'write refused by the policy', run: hv('write_data', { path: 'hv1/app', data: { a: '2' } }, { token: policyToken }), expect: raises('Forbidden') },
  { name: 'read refused by the deny', run: hv('read', { path: 'hv1/other' }, { token: policyToken }), expect: raises('Forbidden') },
  { name: 'token create with a policy not held', run: hv('auth.token.create', { policies: ['root'] }, { token: policyToken }), expect: raises('InvalidRequest') },
  { name: 'delete_acl_policy', run: hv('sys.delete_acl_policy', { name: 'app-read' }), expect: succeeds },
  { name: 'read after the policy is deleted', run: hv('read', { path: 'hv1/app' }, { token: policyToken }), expect: raises('Forbidden') },
  { name: 'delete_acl_policy default', run: hv('sys.delete_acl_policy', { name: 'default' }), expect: raises('InvalidRequest') },
];
