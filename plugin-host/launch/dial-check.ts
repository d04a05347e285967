/**
 * One plain connection to the address a plugin's handshake names, closed at once, before the host
 * builds its gRPC connections on it. A socket path that does not exist or a port that refuses
 * would otherwise surface much later as a transport failure without a cause ("stream closed
 * without a status"); here it is named with the address and the OS error.
 */
import { connect } from 'node:net';
import { HostError } from '../errors';
import type { Handshake } from './handshake';

const DIAL_TIMEOUT_MS = 5_000;

export function checkDialable(pluginName: string, handshake: Pick<Handshake, 'network' | 'address'>): Promise<void> {
  const { network, address } = handshake;
  return new Promise((resolve, reject) => {
    const socket = network === 'unix' ? connect({ path: address }) : connect(tcpOptions(address));
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })), DIAL_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(unreachable(pluginName, network, address, error));
    });
  });
}

function tcpOptions(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) };
}

function unreachable(pluginName: string, network: 'unix' | 'tcp', address: string, error: NodeJS.ErrnoException): HostError {
  const what = network === 'unix' ? `unix socket "${address}"` : `tcp address ${address}`;
  const why = error.code === undefined ? error.message : `${error.code} (${osReason(error)})`;
  return new HostError(
    'plugin_unreachable',
    `The plugin "${pluginName}" said in its handshake that it listens on ${what}, but connecting there failed: ${why}. ` +
      'The plugin did not open the address it announced (its log may say why); this is a bug in the plugin or its SDK: ' +
      'rebuild it with a current Vault SDK, or fix the listener of a hand-written plugin.',
    { network, address, errno: error.code, osError: error.message },
  );
}

function osReason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens there';
    case 'EACCES':
      return 'permission denied';
    case 'ENOTSOCK':
      return 'the path is not a socket';
    case 'ETIMEDOUT':
      return `no answer within ${DIAL_TIMEOUT_MS} ms`;
    default:
      return error.message;
  }
}
