/**
 * `serve(backend)`: the plugin side of go-plugin + Vault's backend protocol. Call it from the
 * plugin's entry file; it returns once the plugin is listening, and the process then lives until
 * the host's Shutdown (exit 0) or a kill.
 *
 * Order matters: console output goes to stderr before anything can print (stdout carries only
 * the handshake line), the cookie is checked before any work, and the socket is listening
 * before the handshake line is written.
 */
import * as grpc from '@grpc/grpc-js';
import { randomInt } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BackendService } from './gen/pb/backend';
import { GRPCBrokerService } from './gen/plugin/grpc_broker';
import { createHostCertificate } from '../proto/automtls/certificate';
import type { Backend } from './backend';
import { BackendServer } from './backend-server';
import { PluginBroker } from './broker';
import { registerGoPluginServices } from './go-plugin-services';
import { createLogger, redirectConsole } from './hclog';
import type { Logger } from './hclog';
import { RUN_BY_HAND_NOTICE, handshakeLine, hasMagicCookie, pickAppVersion } from './protocol';

const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
  // Channelz bookkeeping costs time on every call and nobody reads it in a plugin.
  'grpc.enable_channelz': 0,
};

export interface ServeOptions {
  /** Defaults to hclog JSON lines on stderr. */
  logger?: Logger;
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface ServingPlugin {
  readonly socketPath: string;
  readonly appVersion: number;
  readonly logger: Logger;
}

function fatal(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  process.exit(1);
}

function bind(server: grpc.Server, socketPath: string, credentials: grpc.ServerCredentials): Promise<void> {
  return new Promise((resolve, reject) => server.bindAsync(`unix:${socketPath}`, credentials, (error) => (error ? reject(error) : resolve())));
}

export async function serve(backend: Backend, options: ServeOptions = {}): Promise<ServingPlugin> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  redirectConsole(logger);
  process.on('SIGINT', () => logger.debug('ignoring SIGINT; the host stops plugins with Shutdown'));

  if (!hasMagicCookie(env)) fatal(RUN_BY_HAND_NOTICE);
  const hostCertPem = env['PLUGIN_CLIENT_CERT'];
  if (hostCertPem === undefined || hostCertPem.trim() === '') {
    fatal('This plugin needs AutoMTLS: the host must set PLUGIN_CLIENT_CERT (Vault does, with VAULT_PLUGIN_AUTOMTLS_ENABLED=true).');
  }
  const appVersion = pickAppVersion(env['PLUGIN_PROTOCOL_VERSIONS']);
  const certificate = await createHostCertificate();

  const broker = new PluginBroker(hostCertPem, certificate.keyPem, certificate.certPem);
  const backendServer = new BackendServer(backend, broker, appVersion, logger);
  const server = new grpc.Server(SERVER_OPTIONS);
  const socketDir = env['PLUGIN_UNIX_SOCKET_DIR'] || tmpdir();
  const socketPath = path.join(socketDir, `plugin${randomInt(1e9, 1e10)}`);
  const stop = (code: number) => {
    server.forceShutdown();
    rmSync(socketPath, { force: true });
    process.exit(code);
  };
  server.addService(GRPCBrokerService, { startStream: broker.startStream });
  server.addService(BackendService, backendServer.implementation);
  registerGoPluginServices(server, { version: backend.definition.version ?? '', multiplexing: appVersion === 5, onShutdown: () => stop(0) });

  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(hostCertPem),
    [{ cert_chain: Buffer.from(certificate.certPem), private_key: Buffer.from(certificate.keyPem) }],
    true,
  );
  try {
    await bind(server, socketPath, credentials);
  } catch (error) {
    fatal(`could not listen on ${socketPath}: ${(error as Error).message}. Check that PLUGIN_UNIX_SOCKET_DIR (or the temp dir) is writable.`);
  }
  // Owner-only before the host learns the address; the host's own check follows the handshake.
  chmodSync(socketPath, 0o600);
  logger.debug('plugin address', { network: 'unix', address: socketPath });
  process.stdout.write(handshakeLine(appVersion, socketPath, certificate.certDer));
  process.on('exit', () => rmSync(socketPath, { force: true }));
  return { socketPath, appVersion, logger };
}
