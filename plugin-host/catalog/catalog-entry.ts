/**
 * A plugin catalog entry and the rules a registration must satisfy (Vault's catalog rules,
 * made stricter where Vault is lenient: no args inside `command`, no host-controlled env keys).
 */
import { HostError } from '../errors';
import { HOST_CONTROLLED_ENV_KEYS } from '../launch/env';
import { validateLimits, type PluginLimits } from './limits';
import { canonicalVersion } from './semver';
import { normaliseSha256 } from './sha256';

export type PluginType = 'secret' | 'auth';

export interface CatalogEntry extends PluginLimits {
  type: PluginType;
  name: string;
  /** Canonical semver with a leading `v`, or '' for an unversioned entry. */
  version: string;
  /** Relative to the plugin directory. */
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Lower-case hex. */
  sha256: string;
  /**
   * Shipped with Strongroom (`BuiltinPlugin`): never stored, never removed, its `command` the file
   * name in the builtins folder. Absent on registered entries.
   */
  builtin?: true;
  /** A built-in whose binary is not there: the one line saying why and how to build it. */
  unavailable?: string;
  /** Size and modification time of the file when it was pinned (absent on entries pinned before they were recorded). */
  pinnedFile?: PinnedFileFacts;
  /**
   * Start from the kept copy of the pinned bytes (`kept-binaries.ts`) instead of the command file:
   * always in development mode, and after an undone re-pin while the file on disk differs.
   */
  runsFromKeptCopy?: true;
  /** Development mode: the file (or, with `sourceDir`, a TS plugin's sources) is watched and re-pinned on each good rebuild. */
  development?: { sourceDir?: string };
  /** The pin before the last re-pin, for `undoRepin` (only while its bytes are kept). */
  previousPin?: PreviousPin;
}

export interface PinnedFileFacts {
  bytes: number;
  modifiedAt: string;
}

export interface PreviousPin {
  sha256: string;
  undoToken: string;
  pinnedFile?: PinnedFileFacts;
}

/** A built-in as the catalog is given it: its entry (version `vX.Y.Z+builtin`) and its binary's absolute path. */
export interface BuiltinCatalogEntry {
  entry: CatalogEntry & { builtin: true };
  file: string;
}

export interface RegistrationInput {
  type: PluginType;
  name: string;
  version?: string;
  command: string;
  args?: string[];
  env?: Record<string, string>;
  sha256?: string;
  /** Default 1024 (1 GiB). */
  memoryLimitMiB?: number;
  /** Default 30. */
  startTimeoutSeconds?: number;
}

/** A validated registration; `sha256` is normalised when given, still to be computed when not. */
export type ValidRegistration = Omit<CatalogEntry, 'sha256'> & { sha256?: string };

const PLUGIN_TYPES: readonly string[] = ['secret', 'auth'];
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export function validateRegistration(input: RegistrationInput): ValidRegistration {
  const type = String(input.type);
  if (!PLUGIN_TYPES.includes(type)) invalid(`plugin type "${type}" is not one of: secret, auth`, { type });

  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') invalid('the plugin name is missing', {});
  if (name.includes('/') || name.includes('\\') || name.includes('..') || CONTROL_CHARS.test(name)) {
    invalid(`the plugin name "${name}" may not contain "/", "\\", ".." or control characters`, { name });
  }

  const version = input.version === undefined || input.version === '' ? '' : canonicalVersion(input.version);
  if (version === undefined) {
    invalid(`version "${input.version}" is not a semantic version (like 1.4.0 or v1.4.0-beta.1)`, { version: input.version });
  }
  // Vault reserves the build metadata "builtin" for the plugins it ships; so does Strongroom.
  if (/\+(?:.*\.)?builtin(?:\.|$)/.test(version)) {
    invalid(`version "${input.version}" uses the build metadata "builtin", which names the plugins Strongroom ships; drop it`, { version: input.version });
  }

  if (typeof input.command !== 'string' || input.command.trim() === '' || CONTROL_CHARS.test(input.command)) {
    invalid('the command is missing: give the file name of the binary inside the plugin directory', { command: input.command });
  }

  const args = input.args ?? [];
  if (!Array.isArray(args) || args.some((arg) => typeof arg !== 'string' || arg.includes('\0'))) {
    invalid('args must be a list of strings without NUL characters', {});
  }

  const env = input.env ?? {};
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_KEY.test(key) || typeof value !== 'string' || value.includes('\0')) {
      invalid(`env "${key}" is not a valid variable (a name of letters, digits and _, a value without NUL)`, { key });
    }
    if (HOST_CONTROLLED_ENV_KEYS.includes(key)) {
      invalid(`env "${key}" is set by Strongroom for every plugin and cannot be overridden`, { key });
    }
  }

  let sha256: string | undefined;
  if (input.sha256 !== undefined) {
    sha256 = normaliseSha256(input.sha256);
    if (sha256 === undefined) {
      invalid(`sha256 "${input.sha256}" is not 64 hexadecimal digits (run: sha256sum <binary>)`, { sha256: input.sha256 });
    }
  }

  const limits = validateLimits({ memoryLimitMiB: input.memoryLimitMiB, startTimeoutSeconds: input.startTimeoutSeconds });
  return { type: type as PluginType, name, version, command: input.command, args: [...args], env: { ...env }, sha256, ...limits };
}

function invalid(reason: string, detail: Record<string, unknown>): never {
  throw new HostError('catalog_invalid_entry', `Cannot register the plugin: ${reason}.`, detail);
}
