/**
 * The cost of policies on a read: 50 ACL policies written to the host (49 that do not match the
 * read, with exact, `*` and `+` patterns and a deny among them, and one that grants it), a token
 * holding all 50, and then the same KV read measured with that token and with the root token in
 * five rounds, who goes first alternating, so both see the same machine load. `policy_read_p50_ratio` is the policy
 * token's p50 ÷ the root token's (target ≤ 1.1).
 */
import { measure, median, type LoadRequest, type VaultTarget } from './load';

const POLICIES = 50;
const ROUNDS = 5;

async function vault(target: VaultTarget, method: string, path: string, body: unknown): Promise<Record<string, unknown> | null> {
  const response = await fetch(`${target.url}/v1/${path}`, {
    method,
    headers: { 'X-Vault-Token': target.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
}

function policyText(index: number, mount: string, readPath: string): string {
  if (index === POLICIES - 1) return `path "${readPath}" { capabilities = ["read"] }`;
  return [
    `path "${mount}/data/team-${index}/*" { capabilities = ["read", "list"] }`,
    `path "${mount}/metadata/team-${index}" { capabilities = ["list"] }`,
    `path "${mount}/data/+/app-${index}" { capabilities = ["create", "update"] }`,
    `path "other-${index}/*" { capabilities = ["deny"] }`,
    `path "sys/policies/acl/p-${index}" { capabilities = ["read"] }`,
  ].join('\n');
}

/** Writes the policies and a token holding them; measures both tokens' reads in alternating rounds. */
export async function measurePolicyRead(root: VaultTarget, read: LoadRequest, options: { requests: number; warmup: number }): Promise<Record<string, number>> {
  const mount = String(read.path).split('/')[0] as string;
  const names: string[] = [];
  for (let i = 0; i < POLICIES; i++) {
    const name = `bench-${i}`;
    await vault(root, 'PUT', `sys/policies/acl/${name}`, { policy: policyText(i, mount, String(read.path)) });
    names.push(name);
  }
  const created = await vault(root, 'POST', 'auth/token/create', { policies: names, no_default_policy: true });
  const token = String((created?.['auth'] as Record<string, unknown>)['client_token']);
  const limited: VaultTarget = { ...root, token };
  const rootP50: number[] = [];
  const policyP50: number[] = [];
  const perRound = Math.max(1, Math.floor(options.requests / ROUNDS));
  const once = async (target: VaultTarget) => (await measure(target, read, { requests: perRound, concurrency: 1, warmup: options.warmup })).p50_us;
  for (let round = 0; round < ROUNDS; round++) {
    // Who goes first alternates, so neither token always gets the quieter half of a round.
    if (round % 2 === 0) {
      rootP50.push(await once(root));
      policyP50.push(await once(limited));
    } else {
      policyP50.push(await once(limited));
      rootP50.push(await once(root));
    }
  }
  const rootMedian = median(rootP50);
  const policyMedian = median(policyP50);
  return { policy_read_p50_ratio: policyMedian / rootMedian, policy_read_p50_us: policyMedian, root_read_p50_us: rootMedian, policy_count: POLICIES };
}
