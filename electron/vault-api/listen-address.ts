/**
 * Where the Vault API listens: `STRONGROOM_API_ADDR` (`127.0.0.1:PORT`, `localhost:PORT` or
 * `[::1]:PORT`; port 0 picks any free port), else Vault's own default `127.0.0.1:8200`, moving on to
 * the next free port when another program holds it. Loopback only: any other host is refused at
 * start, naming the setting, since the API would otherwise be reachable from the network.
 */
import { CoreError } from '../core/core-errors';

export const API_ADDR_SETTING = 'STRONGROOM_API_ADDR';
export const DEFAULT_API_PORT = 8200;
/** How many ports after 8200 the default tries before giving up. */
export const DEFAULT_PORT_ATTEMPTS = 100;

export interface ListenAddress {
  /** The address to bind: `127.0.0.1` or `::1`. */
  host: '127.0.0.1' | '::1';
  port: number;
  /** True for the default: a taken port moves on to the next one. */
  fallBack: boolean;
}

const LOOPBACK_HOSTS: Record<string, ListenAddress['host']> = { '127.0.0.1': '127.0.0.1', localhost: '127.0.0.1', '[::1]': '::1' };

/** The listen address the environment asks for; throws `invalid_api_address` for anything else. */
export function apiListenAddress(env: NodeJS.ProcessEnv = process.env): ListenAddress {
  const setting = env[API_ADDR_SETTING]?.trim();
  if (setting === undefined || setting === '') return { host: '127.0.0.1', port: DEFAULT_API_PORT, fallBack: true };
  const match = /^(\[[^\]]*\]|[^:]+):(\d{1,5})$/.exec(setting);
  const host = match === null ? undefined : LOOPBACK_HOSTS[match[1]!.toLowerCase()];
  const port = match === null ? NaN : Number(match[2]);
  if (host === undefined || !Number.isInteger(port) || port > 65535) {
    throw new CoreError(
      'invalid_api_address',
      `${API_ADDR_SETTING}="${setting}" is not a loopback address with a port: the Vault API listens on loopback only. ` +
        `Set ${API_ADDR_SETTING} to 127.0.0.1:PORT, localhost:PORT or [::1]:PORT (127.0.0.1:0 picks a free port), or unset it for 127.0.0.1:${DEFAULT_API_PORT}.`,
      { setting },
    );
  }
  return { host, port, fallBack: false };
}

/** `http://HOST:PORT`, with IPv6 hosts in brackets. */
export function apiUrl(host: ListenAddress['host'], port: number): string {
  return `http://${host === '::1' ? '[::1]' : host}:${port}`;
}
