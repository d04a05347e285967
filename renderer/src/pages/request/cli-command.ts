/**
 * A request as the equivalent `vault` CLI command or curl call against a Vault server, so what
 * was tried here can be replayed in a terminal or a script (`$VAULT_ADDR`, `$VAULT_TOKEN`).
 */
import type { RequestOperation } from '../../../../electron/common/contract/requests';

export interface CommandInput {
  path: string;
  operation: RequestOperation;
  data?: Record<string, unknown> | undefined;
}

/** POSIX single-quoting: safe for any value. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const isFlat = (data: Record<string, unknown>) => Object.values(data).every((v) => ['string', 'number', 'boolean'].includes(typeof v));

export function toVaultCli({ path, operation, data }: CommandInput): string {
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

export function toCurl({ path, operation, data }: CommandInput): string {
  const url = `"$VAULT_ADDR/v1/${path}${operation === 'help' ? '?help=1' : ''}"`;
  const parts = ['curl', '--header "X-Vault-Token: $VAULT_TOKEN"'];
  if (HTTP_METHOD[operation] !== 'GET') parts.push(`--request ${HTTP_METHOD[operation]}`);
  if (operation === 'patch') parts.push('--header "Content-Type: application/merge-patch+json"');
  if (data !== undefined && Object.keys(data).length > 0) parts.push(`--data ${shellQuote(JSON.stringify(data))}`);
  parts.push(url);
  return parts.join(' ');
}
