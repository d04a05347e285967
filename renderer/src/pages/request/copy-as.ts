/**
 * "Copy as": one request (operation, full path, JSON body) as the same call made by the tools
 * people drive Vault with — the `bao` and `vault` CLIs, curl, hvac (Python) and node-vault — each
 * aimed at Strongroom's Vault API through the tool's own address variable (`BAO_ADDR` for bao,
 * `VAULT_ADDR` for the others), set by a first line of its own (`export VAULT_ADDR=http://…`).
 * The token is never in the text: each snippet reads the user's `$VAULT_TOKEN` / `$BAO_TOKEN`.
 * Every snippet is run for real by test/renderer/pages/request/copy-as.integration.test.ts.
 */
import type { RequestOperation } from '../../../../electron/common/contract/requests';
import { shellQuote, type CommandInput } from './cli-command';

export type CopyTool = 'bao' | 'vault' | 'curl' | 'hvac' | 'node-vault';
export const COPY_TOOLS: readonly CopyTool[] = ['bao', 'vault', 'curl', 'hvac', 'node-vault'];

export interface CopySnippet {
  tool: CopyTool;
  /** `export VAULT_ADDR=…` (`BAO_ADDR` for bao): the shell line that points the snippet at this Strongroom. */
  envLine: string;
  /** The call itself: a shell command for bao/vault/curl, a script for hvac and node-vault. */
  code: string;
}

const ADDR_VAR: Record<CopyTool, 'BAO_ADDR' | 'VAULT_ADDR'> = { bao: 'BAO_ADDR', vault: 'VAULT_ADDR', curl: 'VAULT_ADDR', hvac: 'VAULT_ADDR', 'node-vault': 'VAULT_ADDR' };

/** The snippet for `tool`; `address` is the Vault API's (`http://127.0.0.1:PORT`), or null when it is not listening. */
export function copyAs(tool: CopyTool, input: CommandInput, address: string | null): CopySnippet {
  const variable = ADDR_VAR[tool];
  // Without a listening API the line still says what to do rather than pointing nowhere.
  const envLine = `export ${variable}=${shellQuote(address ?? 'http://127.0.0.1:<port of the Vault API>')}`;
  return { tool, envLine, code: CODE[tool](input) };
}

const CODE: Record<CopyTool, (input: CommandInput) => string> = {
  bao: (input) => cliCommand('bao', input),
  vault: (input) => cliCommand('vault', input),
  curl: curlCommand,
  hvac: hvacScript,
  'node-vault': nodeVaultScript,
};

type Verb = 'read' | 'list' | 'delete' | 'help' | 'write' | 'patch';
const verbOf = (operation: RequestOperation): Verb => (operation === 'create' || operation === 'update' ? 'write' : operation);
const bodyOf = (input: CommandInput): Record<string, unknown> => input.data ?? {};

/**
 * `k=v` pairs only when every value is a string the CLI takes literally: it reads a value starting
 * with `@` from a file and `-` from stdin, a key with `=` would split wrong, and a number or a map
 * would arrive as a string. Anything else goes in as JSON on stdin.
 */
function takesPairs(body: Record<string, unknown>): boolean {
  return Object.entries(body).every(([key, value]) => key !== '' && !key.includes('=') && typeof value === 'string' && !value.startsWith('@') && value !== '-');
}

function cliCommand(binary: 'bao' | 'vault', input: CommandInput): string {
  const target = shellQuote(input.path);
  const verb = verbOf(input.operation);
  if (verb === 'help') return `${binary} path-help ${target}`;
  if (verb !== 'write' && verb !== 'patch') return `${binary} ${verb} ${target}`;
  const body = bodyOf(input);
  if (Object.keys(body).length === 0) return `${binary} ${verb} -force ${target}`;
  if (takesPairs(body)) {
    const pairs = Object.entries(body).map(([key, value]) => shellQuote(`${key}=${String(value)}`));
    return `${binary} ${verb} ${target} ${pairs.join(' ')}`;
  }
  // Pretty JSON never has a line that is just `EOF`, and the quoted delimiter turns off expansion.
  return `${binary} ${verb} ${target} - <<'EOF'\n${JSON.stringify(body, null, 2)}\nEOF`;
}

const HTTP_METHOD: Record<Verb, string> = { read: 'GET', help: 'GET', list: 'LIST', delete: 'DELETE', write: 'POST', patch: 'PATCH' };

/** Each segment percent-encoded, so the URL holds nothing a double-quoted shell word would expand. */
const urlPath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

function curlCommand(input: CommandInput): string {
  const verb = verbOf(input.operation);
  const parts = ['curl --fail-with-body', '--header "X-Vault-Token: $VAULT_TOKEN"'];
  if (HTTP_METHOD[verb] !== 'GET') parts.push(`--request ${HTTP_METHOD[verb]}`);
  if (verb === 'patch') parts.push('--header "Content-Type: application/merge-patch+json"');
  if ((verb === 'write' || verb === 'patch') && Object.keys(bodyOf(input)).length > 0) parts.push(`--data ${shellQuote(JSON.stringify(bodyOf(input)))}`);
  parts.push(`"$VAULT_ADDR/v1/${urlPath(input.path)}${verb === 'help' ? '?help=1' : ''}"`);
  return parts.join(' ');
}

/** A JSON value as a Python literal (`True`, `None`; strings as JSON writes them, which Python reads alike). */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(String(value));
}

function hvacCall(input: CommandInput): string {
  const path = pythonLiteral(input.path);
  const data = pythonLiteral(bodyOf(input));
  switch (verbOf(input.operation)) {
    case 'read':
      return `client.read(${path})`;
    case 'list':
      return `client.list(${path})`;
    case 'delete':
      return `client.delete(${path})`;
    case 'help':
      return `client.adapter.request('GET', '/v1/' + ${path} + '?help=1')`;
    case 'write':
      return `client.write_data(${path}, data=${data})`;
    case 'patch':
      // hvac has no generic patch: the adapter sends Vault's merge-patch itself.
      return `client.adapter.request('PATCH', '/v1/' + ${path}, json=${data}, headers={'Content-Type': 'application/merge-patch+json'})`;
  }
}

function hvacScript(input: CommandInput): string {
  return [
    'import json, os',
    'import hvac',
    '',
    "client = hvac.Client(url=os.environ['VAULT_ADDR'], token=os.environ['VAULT_TOKEN'])",
    `response = ${hvacCall(input)}`,
    '# A reply with no body (204) comes back as the HTTP response itself.',
    'print(json.dumps(response, indent=2) if response is None or isinstance(response, dict) else response.status_code)',
  ].join('\n');
}

function nodeVaultCall(input: CommandInput): string {
  const path = JSON.stringify(input.path);
  const data = JSON.stringify(bodyOf(input), null, 2);
  switch (verbOf(input.operation)) {
    case 'read':
      return `vault.read(${path})`;
    case 'list':
      return `vault.list(${path})`;
    case 'delete':
      return `vault.delete(${path})`;
    case 'help':
      return `vault.help(${path})`;
    case 'write':
      return `vault.write(${path}, ${data})`;
    case 'patch':
      // node-vault's `update` is Vault's merge-patch PATCH.
      return `vault.update(${path}, ${data})`;
  }
}

function nodeVaultScript(input: CommandInput): string {
  return [
    "const vault = require('node-vault')({ endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN });",
    '',
    `${nodeVaultCall(input)}.then(`,
    '  (answer) => console.log(JSON.stringify(answer ?? null, null, 2)),',
    '  (error) => {',
    '    console.error(error.message);',
    '    process.exitCode = 1;',
    '  },',
    ');',
  ].join('\n');
}
