/**
 * `serve(backend)`: the plugin side of go-plugin + Vault's backend protocol. Call it from the
 * plugin's entry file; it returns once the plugin is listening, and the process then lives until
 * the host's Shutdown (exit 0) or a kill.
 *
 * Order matters: console output goes to stderr before anything can print (stdout carries only
 * the handshake line), the cookie is checked before any work, and the socket is listening
 * before the handshake line is written.
 */
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
import { PluginGrpcServer } from './grpc-server';
import { createLogger, redirectConsole } from './hclog';
import type { Logger } from './hclog';
import { RUN_BY_HAND_NOTICE, handshakeLine, hasMagicCookie, pickAppVersion } from './protocol';

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
  // TLS with a client certificate required, trusting only the host's.
  const server = new PluginGrpcServer({ hostCertPem, pluginCertPem: certificate.certPem, pluginKeyPem: certificate.keyPem });
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

  try {
    await server.listen(socketPath);
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
