/**
 * A request as the equivalent `vault` CLI command or curl call against Strongroom's own Vault HTTP
 * API, so what was tried here can be replayed in a terminal or a script. The address is the API's
 * real one (`app.info`'s `vaultApiAddress`; `$VAULT_ADDR` when it is not listening); the token is
 * always `$VAULT_TOKEN`, never a secret in copied text.
 */
import type { RequestOperation } from '../../../../electron/common/contract/requests';

export interface CommandInput {
  path: string;
  operation: RequestOperation;
  data?: Record<string, unknown> | undefined;
}

/** Where the Vault API listens (`http://127.0.0.1:PORT`), or null when it does not. */
export type ApiAddress = string | null;

/** POSIX single-quoting: safe for any value. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const isFlat = (data: Record<string, unknown>) => Object.values(data).every((v) => ['string', 'number', 'boolean'].includes(typeof v));

/** `VAULT_ADDR=http://127.0.0.1:PORT vault read …`: the CLI finds this Strongroom whatever the shell has set. */
export function toVaultCli(input: CommandInput, address: ApiAddress): string {
  const command = vaultCommand(input);
  return address === null ? command : `VAULT_ADDR=${shellQuote(address)} ${command}`;
}

function vaultCommand({ path, operation, data }: CommandInput): string {
  const target = shellQuote(path);
  switch (operation) {
    case 'read':
      return `vault read ${target}`;
    case 'list':
      return `vault list ${target}`;
    case 'delete':
      return `vault delete ${target}`;
    case 'help':
      return `vault path-help ${target}`;
    default: {
      const verb = operation === 'patch' ? 'patch' : 'write';
      const body = data ?? {};
      if (Object.keys(body).length === 0) return `vault ${verb} -force ${target}`;
      if (isFlat(body)) {
        const pairs = Object.entries(body).map(([k, v]) => shellQuote(`${k}=${String(v)}`));
        return `vault ${verb} ${target} ${pairs.join(' ')}`;
      }
      // Nested values (KV v2's `data` map) go in as JSON on stdin.
      return `vault ${verb} ${target} - <<'EOF'\n${JSON.stringify(body, null, 2)}\nEOF`;
    }
  }
}

const HTTP_METHOD: Record<RequestOperation, string> = {
  read: 'GET',
  list: 'LIST',
  delete: 'DELETE',
  write: 'POST',
  create: 'POST',
  update: 'POST',
  patch: 'PATCH',
  help: 'GET',
};

export function toCurl({ path, operation, data }: CommandInput, address: ApiAddress): string {
  // Double quotes so `$VAULT_ADDR` expands; what the shell would read inside them is escaped.
  const escaped = `/v1/${path}${operation === 'help' ? '?help=1' : ''}`.replace(/["$`\\]/g, '\\$&');
  const url = `"${address === null ? '$VAULT_ADDR' : address.replace(/["$`\\]/g, '\\$&')}${escaped}"`;
  const parts = ['curl', '--header "X-Vault-Token: $VAULT_TOKEN"'];
  if (HTTP_METHOD[operation] !== 'GET') parts.push(`--request ${HTTP_METHOD[operation]}`);
  if (operation === 'patch') parts.push('--header "Content-Type: application/merge-patch+json"');
  if (data !== undefined && Object.keys(data).length > 0) parts.push(`--data ${shellQuote(JSON.stringify(data))}`);
  parts.push(url);
  return parts.join(' ');
}

/** What the token line shows until the owner has a token on screen: a placeholder, never a stored secret. */
export const TOKEN_PLACEHOLDER = '<root token>';

/** The lines that point a terminal's `vault` / `bao` at this Strongroom: `export VAULT_ADDR=…` and `export VAULT_TOKEN=…`. */
export function vaultEnvLines(address: string, token: string | null): { addr: string; token: string } {
  return {
    addr: `export VAULT_ADDR=${shellQuote(address)}`,
    token: `export VAULT_TOKEN=${shellQuote(token ?? TOKEN_PLACEHOLDER)}`,
  };
}
