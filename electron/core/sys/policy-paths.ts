/**
 * `sys/policies/acl` (LIST), `sys/policies/acl/<name>` (read, write with `policy`, delete), and the
 * older `sys/policy` (read or LIST) and `sys/policy/<name>` (`rules` for `policy`), answering as
 * OpenBao 2.7.2 does: a read has `name`, the text (`policy`, or `rules` on the old path), `version`,
 * `modified` and OpenBao's fixed `cas_required` / identity-template flags; a write or delete is a 204;
 * `root` reads as empty and can be neither written nor deleted; `default` cannot be deleted.
 */
import type { StoredPolicy } from '../policies/policy-store';
import type { FieldData, FieldSchema, SystemPath, SystemReply } from './declare';
import type { SystemBackendDeps } from './system-deps';

const NAME: FieldSchema = { type: 'string', description: 'The policy\'s name (trimmed and lower-cased), e.g. "app-read".' };
const POLICY: FieldSchema = {
  type: 'string',
  description: 'The policy in Vault\'s HCL syntax, e.g. path "secret/data/app/*" { capabilities = ["read"] }.',
  displayAttrs: { editType: 'textarea' },
};

function view(stored: StoredPolicy, textField: 'policy' | 'rules'): Record<string, unknown> {
  return {
    name: stored.name,
    [textField]: stored.policy,
    version: stored.version,
    cas_required: false,
    allow_wildcards_in_identity_templates: false,
    allow_slashes_in_identity_templates: false,
    ...(stored.modified === undefined ? {} : { modified: stored.modified }),
  };
}

export function policyPaths(deps: SystemBackendDeps): SystemPath[] {
  const { policies } = deps;
  const list = async (): Promise<SystemReply> => ({ data: { keys: policies.names() } });
  const read = (textField: 'policy' | 'rules') => async (data: FieldData): Promise<SystemReply | null> => {
    const stored = policies.get(data.get<string>('name'));
    return stored === undefined ? null : { data: view(stored, textField) };
  };
  const remove = async (data: FieldData): Promise<null> => {
    policies.delete(data.get<string>('name'));
    return null;
  };
  return [
    {
      pattern: 'policies/acl/',
      helpSynopsis: 'List the ACL policies.',
      operations: { list: { summary: 'List the names of the ACL policies (root last).', handler: list } },
    },
    {
      pattern: 'policies/acl/{name*}',
      fields: { name: NAME, policy: POLICY },
      helpSynopsis: 'Read, write or delete an ACL policy.',
      helpDescription: 'A policy grants capabilities (create, read, update, patch, delete, list, sudo, or deny) on path patterns; a token holds policies by name.',
      operations: {
        read: { summary: 'Read an ACL policy.', handler: read('policy') },
        update: {
          summary: 'Write an ACL policy (its text is checked first; a policy that does not parse is refused and nothing is saved).',
          handler: async (data) => {
            policies.write(data.get<string>('name'), data.get<string>('policy'));
            return null;
          },
        },
        delete: { summary: 'Delete an ACL policy (not root or default).', handler: remove },
      },
    },
    {
      pattern: 'policy',
      helpSynopsis: 'List the ACL policies (the older path).',
      operations: {
        read: {
          summary: 'List the names of the ACL policies, as keys and as policies.',
          handler: async () => {
            const names = policies.names();
            return { data: { keys: names, policies: names } };
          },
        },
      },
    },
    {
      pattern: 'policy/',
      helpSynopsis: 'List the ACL policies (the older path).',
      operations: { list: { summary: 'List the names of the ACL policies.', handler: list } },
    },
    {
      pattern: 'policy/{name*}',
      fields: { name: NAME, policy: POLICY, rules: { type: 'string', description: 'The older name of "policy".', deprecated: true } },
      helpSynopsis: 'Read, write or delete an ACL policy (the older path).',
      operations: {
        read: { summary: 'Read an ACL policy.', handler: read('rules') },
        update: {
          summary: 'Write an ACL policy.',
          handler: async (data) => {
            const text = data.get<string>('policy');
            const rules = data.get<string>('rules');
            policies.write(data.get<string>('name'), text !== '' ? text : rules);
            return text === '' && rules !== '' ? { data: null, warnings: ["'rules' is deprecated, please use 'policy' instead"] } : null;
          },
        },
        delete: { summary: 'Delete an ACL policy (not root or default).', handler: remove },
      },
    },
  ];
}
