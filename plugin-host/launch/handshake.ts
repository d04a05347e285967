/**
 * The go-plugin handshake line, the first line a plugin writes on stdout:
 *
 *   CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT[|MUX]     e.g. 1|5|unix|/tmp/x/plugin42|grpc|MIIB…
 *
 * Parsed as go-plugin's client does (split on every `|`, whitespace trimmed), but every failure
 * gets its own error code and a message that says what to do about it.
 */
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import { HostError } from '../errors';
import { MIN_CERTIFICATE_FIELD_LENGTH, pluginCertificateToPem } from './mtls';

export interface Handshake {
  coreVersion: 1;
  appVersion: number;
  network: 'unix' | 'tcp';
  address: string;
  protocol: 'grpc';
  serverCertPem: string;
  /** Field 7: the plugin supports go-plugin broker multiplexing (only sent when asked for). */
  multiplexBroker: boolean;
}

export interface HandshakeContext {
  /** App protocol versions we offered in `PLUGIN_PROTOCOL_VERSIONS`. */
  protocolVersions: readonly number[];
  /** Recent stderr lines of the plugin, quoted in the `handshake_unrecognized` message. */
  recentStderr: readonly string[];
}

const CORE_PROTOCOL_VERSION = 1;
const SHOWN_LINE_CHARS = 200;
/** How many of the plugin's last stderr lines an error message quotes. */
export const SHOWN_STDERR_LINES = 10;

export function parseHandshakeLine(rawLine: string, context: HandshakeContext): Handshake {
  const line = rawLine.trim();
  const fields = line.split('|');
  const shapeProblem = handshakeShapeProblem(fields);
  if (shapeProblem !== undefined) throw unrecognized(line, context, shapeProblem);
  const [core = '', app = '', network = '', address = '', protocol = 'netrpc', cert = '', mux = ''] = fields;

  const coreVersion = parseInteger(core);
  if (coreVersion !== CORE_PROTOCOL_VERSION) {
    throw new HostError(
      'incompatible_core_version',
      `The plugin speaks go-plugin core protocol "${core}", Strongroom speaks ${CORE_PROTOCOL_VERSION}. ` +
        'The plugin usually only needs to be rebuilt with a current hashicorp/go-plugin.',
      { offered: core, accepted: CORE_PROTOCOL_VERSION },
    );
  }

  const appVersion = parseInteger(app);
  if (appVersion === undefined || !context.protocolVersions.includes(appVersion)) {
    throw incompatibleAppVersion(app, appVersion, context.protocolVersions);
  }

  if (network !== 'unix' && network !== 'tcp') {
    throw new HostError(
      'unsupported_network',
      `The plugin listens on network "${network}"; Strongroom connects to "unix" sockets and "tcp" ` +
        'only. Rebuild the plugin with a current Vault SDK.',
      { network },
    );
  }
  checkAddress(network, address);

  if (protocol !== 'grpc') {
    throw new HostError(
      'unsupported_protocol',
      protocol === 'netrpc'
        ? 'The plugin offers net/rpc; only gRPC plugins are supported. Rebuild it with a Vault SDK ' +
            'that serves gRPC (any release since Vault 0.9.4 does).'
        : `The plugin offers protocol "${protocol}"; only gRPC plugins are supported.`,
      { protocol },
    );
  }

  if (cert.length < MIN_CERTIFICATE_FIELD_LENGTH) {
    throw new HostError(
      'bad_certificate',
      'The plugin did not send a TLS certificate in its handshake (field 6), so it did not turn on ' +
        'AutoMTLS; Strongroom only talks to plugins over mutual TLS. A Go plugin does this by itself ' +
        'when PLUGIN_CLIENT_CERT is set: rebuild it with a current Vault SDK (plugin.ServeMultiplex).',
      { field: cert },
    );
  }
  const serverCertPem = pluginCertificateToPem(cert);

  return {
    coreVersion: CORE_PROTOCOL_VERSION,
    appVersion,
    network,
    address,
    protocol: 'grpc',
    serverCertPem,
    multiplexBroker: mux === 'true',
  };
}

/**
 * Whether the fields have go-plugin's shape at all, `CORE|APP|NETWORK|ADDR[|PROTOCOL[|CERT[|MUX]]]`
 * with numbers for the two versions and words for network and protocol; the reason when not.
 * Only a line of that shape is judged as a handshake (a version that is merely wrong, say): a
 * program that happens to print four `|` is simply not a plugin.
 */
function handshakeShapeProblem(fields: readonly string[]): string | undefined {
  if (fields.length < 4) return `it has ${fields.length} "|"-separated field(s), a handshake has at least 4`;
  if (fields.length > 7) return `it has ${fields.length} "|"-separated fields, a handshake has at most 7`;
  const [core = '', app = '', network = '', , protocol] = fields;
  if (parseInteger(core) === undefined) return `field 1 "${core.slice(0, 40)}" is not a core protocol version number`;
  if (parseInteger(app) === undefined) return `field 2 "${app.slice(0, 40)}" is not an app protocol version number`;
  if (!/^[a-z0-9]+$/.test(network)) return `field 3 "${network.slice(0, 40)}" is not a network name such as "unix"`;
  if (protocol !== undefined && !/^[a-z0-9]+$/.test(protocol)) return `field 5 "${protocol.slice(0, 40)}" is not a protocol name such as "grpc"`;
  return undefined;
}

function parseInteger(text: string): number | undefined {
  return /^-?\d{1,9}$/.test(text) ? Number(text) : undefined;
}

function incompatibleAppVersion(text: string, offered: number | undefined, accepted: readonly number[]): HostError {
  const acceptedText = accepted.join(', ');
  let why = 'Rebuild the plugin with a Vault SDK release that serves one of them.';
  if (offered !== undefined && offered < Math.min(...accepted)) {
    why = 'The plugin was built with an SDK that is too old: rebuild it with a current Vault SDK (plugin.ServeMultiplex serves 5).';
  } else if (offered !== undefined && offered > Math.max(...accepted)) {
    why = 'The plugin was built with an SDK that is too new for this Strongroom: update Strongroom, or build the plugin with an older Vault SDK.';
  }
  return new HostError(
    'incompatible_app_version',
    `The plugin offered app protocol version "${text}"; Strongroom accepts ${acceptedText}. ${why}`,
    { offered: text, accepted: [...accepted] },
  );
}

function checkAddress(network: 'unix' | 'tcp', address: string): void {
  if (network === 'unix') {
    if (!isAbsolute(address) || address.includes('\0')) {
      throw badAddress(address, 'a unix socket address must be an absolute path');
    }
    return;
  }
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(address);
  const host = match?.[1] ?? match?.[2] ?? '';
  const port = Number(match?.[3] ?? 0);
  if (!match || port < 1 || port > 65535) throw badAddress(address, 'a tcp address must be HOST:PORT');
  // A plugin is a local process: a non-loopback address would send our client certificate
  // (and every request) off the machine.
  const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (!loopback) throw badAddress(address, 'plugins must listen on the loopback interface');
}

function badAddress(address: string, reason: string): HostError {
  return new HostError(
    'bad_address',
    `The plugin's handshake gives address "${address.slice(0, SHOWN_LINE_CHARS)}", which Strongroom will not ` +
      `dial: ${reason}. This is a bug in the plugin (or its SDK); rebuild it with a current Vault SDK.`,
    { address: address.slice(0, SHOWN_LINE_CHARS) },
  );
}

function unrecognized(line: string, context: HandshakeContext, why: string): HostError {
  const shownLine = line.length > SHOWN_LINE_CHARS ? `${line.slice(0, SHOWN_LINE_CHARS)}… (${line.length} chars)` : line;
  const stderr = context.recentStderr.slice(-SHOWN_STDERR_LINES);
  return new HostError(
    'handshake_unrecognized',
    `The plugin's first line on stdout is not a go-plugin handshake (CORE|APP|NETWORK|ADDR|PROTOCOL[|CERT]): "${shownLine}" — ${why}. ` +
      'Check that the file is a Vault plugin (not a script or another program that prints to stdout), ' +
      `that it was built for this machine's architecture (${process.platform}/${process.arch}), ` +
      'and that the libraries it needs are installed.' +
      (stderr.length > 0 ? ` Its recent stderr:\n${stderr.join('\n')}` : ' It wrote nothing on stderr.'),
    { line: shownLine, reason: why, recentStderr: stderr },
  );
}
