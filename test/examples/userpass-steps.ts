/**
 * The userpass example's steps against any Vault HTTP API (OpenBao's or Strongroom's), in order,
 * on the mount `auth/userpass-<language>`: users, logins without a token, the bao CLI's own
 * `-method=userpass` login, the token used under its policy, renewals through the plugin, a
 * refusal once the user's policies change (then a new login), and once the user is deleted.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureOpenBao } from '../support/openbao';
import type { Reply } from './userpass-compare';

export const LANGUAGES = ['ts', 'go'] as const;
export type Language = (typeof LANGUAGES)[number];

const ALICE = { password: 's3cret', token_policies: 'dev,ops', token_ttl: '10m', token_max_ttl: '1h' };
/** What alice's tokens may do: read users (not list them). Written as `dev` on each host. */
export const USERPASS_POLICY = 'path "auth/+/users/*" {\n  capabilities = ["read"]\n}\n';

export interface UserpassHost {
  url: string;
  root: string;
  /** The bao CLI aimed at this host with its root token; resolves to stdout. */
  cli(args: string[]): Promise<string>;
}

/** The bao CLI with `VAULT_ADDR` / `BAO_ADDR` and the token set for one host. */
export async function baoCli(url: string, token: string): Promise<(args: string[]) => Promise<string>> {
  const bao = await ensureOpenBao();
  const env = { ...process.env, VAULT_ADDR: url, VAULT_TOKEN: token, BAO_ADDR: url, BAO_TOKEN: token };
  return async (args) => (await promisify(execFile)(bao, args, { env })).stdout;
}

/** One request with the token given (none: an unauthenticated request). */
export async function userpassApi(host: UserpassHost, method: string, apiPath: string, token: string | undefined, body?: unknown): Promise<Reply> {
  const response = await fetch(`${host.url}/v1/${apiPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { 'X-Vault-Token': token }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

const clientToken = (reply: Reply) => String((reply.body?.['auth'] as { client_token?: string } | undefined)?.client_token);

export async function userpassSteps(host: UserpassHost, language: Language): Promise<Record<string, Reply>> {
  const mount = `auth/userpass-${language}`;
  const api = (method: string, apiPath: string, token: string | undefined, body?: unknown) => userpassApi(host, method, apiPath, token, body);
  const root = host.root;
  const out: Record<string, Reply> = {};
  out['new user without a password'] = await api('PUT', `${mount}/users/bob`, root, { token_policies: 'dev' });
  out['create alice'] = await api('PUT', `${mount}/users/alice`, root, ALICE);
  out['read alice'] = await api('GET', `${mount}/users/alice`, root);
  out['list users'] = await api('LIST', `${mount}/users`, root);
  out['path help of the login path, no token'] = await api('GET', `${mount}/login/alice?help=1`, undefined);
  out['path help of a user, no token'] = await api('GET', `${mount}/users/alice?help=1`, undefined);
  out['LIST login (no trailing /), no token'] = await api('LIST', `${mount}/login`, undefined);
  out['login, wrong password, no token'] = await api('PUT', `${mount}/login/alice`, undefined, { password: 'wrong' });
  out['login, unknown user'] = await api('PUT', `${mount}/login/nobody`, undefined, { password: 's3cret' });
  const login = await api('PUT', `${mount}/login/alice`, undefined, { password: 's3cret' });
  out['login, no token'] = login;
  const cliLogin = await host.cli(['login', '-no-store', '-format=json', '-method=userpass', `-path=userpass-${language}`, 'username=alice', 'password=s3cret']);
  out['bao login -method=userpass'] = { status: 0, body: JSON.parse(cliLogin) as Record<string, unknown> };
  const token = clientToken(login);
  out['lookup-self with the new token'] = await api('GET', 'auth/token/lookup-self', token);
  out['the token reads a user (policy dev)'] = await api('GET', `${mount}/users/alice`, token);
  out['the token may not list users'] = await api('LIST', `${mount}/users`, token);
  out['renew-self, increment 5m'] = await api('PUT', 'auth/token/renew-self', token, { increment: '5m' });
  await api('PUT', `${mount}/users/alice`, root, { token_policies: 'dev' });
  out['renew after the policies changed'] = await api('PUT', 'auth/token/renew-self', token, {});
  out['lookup-self after the refusal'] = await api('GET', 'auth/token/lookup-self', token);
  await api('PUT', `${mount}/users/alice`, root, { token_policies: 'dev,ops' });
  const again = await api('PUT', `${mount}/login/alice`, undefined, { password: 's3cret' });
  out['login again, the policies back'] = again;
  const second = clientToken(again);
  out['renew the new token'] = await api('PUT', 'auth/token/renew-self', second, { increment: '5m' });
  out['delete alice'] = await api('DELETE', `${mount}/users/alice`, root);
  out['renew after the user is deleted'] = await api('PUT', 'auth/token/renew-self', second, {});
  out['lookup-self after the second refusal'] = await api('GET', 'auth/token/lookup-self', second);
  out['root renews the refused token (auth/token/renew)'] = await api('PUT', 'auth/token/renew', root, { token: second });
  out['login after the user is deleted'] = await api('PUT', `${mount}/login/alice`, undefined, { password: 's3cret' });
  return out;
}
