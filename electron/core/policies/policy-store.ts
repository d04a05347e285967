/**
 * The ACL policies, kept in the barrier under `core/policies/acl/<name, URI-encoded>` (the text as
 * written, its version and when it was written), parsed once and held in memory while unsealed,
 * with the compiled ACL of each set of policies a token holds cached until a policy changes.
 *
 * As in Vault: names are trimmed and lower-cased; `default` is written at first unseal, may be
 * edited, cannot be deleted; `root` is not stored, reads as an empty policy, and can be neither
 * written nor deleted; a policy a token names that does not exist grants nothing.
 */
import type { Storage } from '../../storage';
import { CoreError } from '../core-errors';
import { Acl, type NamedPolicy } from './acl';
import { RESPONSE_WRAPPING_POLICY } from '../tokens/token-grant';
import { DEFAULT_POLICY_NAME, DEFAULT_POLICY_TEXT, ROOT_POLICY_NAME } from './default-policy';
import { parsePolicy, PolicyParseError } from './policy-parse';

const PREFIX = 'core/policies/acl/';
/** Distinct policy sets whose ACL is kept; past this the cache starts again (a store has few). */
const CACHED_ACLS = 1024;

export interface StoredPolicy {
  name: string;
  /** The text as written. */
  policy: string;
  version: number;
  /** RFC 3339; absent for `root`. */
  modified?: string;
}

interface Entry {
  stored: StoredPolicy;
  parsed: NamedPolicy;
}

function invalid(message: string): never {
  throw new CoreError('invalid_request', message, { httpStatus: 400 });
}

export function policyName(given: string): string {
  return given.trim().toLowerCase();
}

export class PolicyStore {
  private readonly entries = new Map<string, Entry>();
  private acls = new Map<string, Acl>();

  private constructor(private readonly storage: Storage) {}

  /** Loads every policy, writing `default` first if the store has none yet. */
  static open(storage: Storage): PolicyStore {
    const store = new PolicyStore(storage);
    for (const key of storage.list(PREFIX)) {
      const raw = storage.get(PREFIX + key);
      if (raw === undefined) continue;
      const stored = JSON.parse(raw.toString('utf8')) as StoredPolicy;
      store.entries.set(stored.name, { stored, parsed: { name: stored.name, paths: parsePolicy(stored.policy).paths } });
    }
    if (!store.entries.has(DEFAULT_POLICY_NAME)) store.write(DEFAULT_POLICY_NAME, DEFAULT_POLICY_TEXT);
    return store;
  }

  /** The stored names sorted, then `root` (Vault appends it to the list it read). */
  names(): string[] {
    return [...[...this.entries.keys()].sort(), ROOT_POLICY_NAME];
  }

  has(name: string): boolean {
    const normalised = policyName(name);
    return normalised === ROOT_POLICY_NAME || this.entries.has(normalised);
  }

  get(name: string): StoredPolicy | undefined {
    const normalised = policyName(name);
    if (normalised === ROOT_POLICY_NAME) return { name: ROOT_POLICY_NAME, policy: '', version: 0 };
    const entry = this.entries.get(normalised);
    return entry === undefined ? undefined : { ...entry.stored };
  }

  /** Parses and stores `text` under `name` (refusing `root` and `response-wrapping`, an empty name or text, and text that does not parse). */
  write(name: string, text: string): StoredPolicy {
    const normalised = policyName(name);
    if (normalised === '') invalid('A policy needs a name: write to sys/policies/acl/<name>.');
    if (normalised === ROOT_POLICY_NAME) invalid('cannot update "root" policy: it may do everything and has no rules; write another policy instead.');
    // Every response-wrapping token holds it (its access is fixed, `wrapping-token-guard.ts`): as in Vault, not writable.
    if (normalised === RESPONSE_WRAPPING_POLICY) invalid('cannot update "response-wrapping" policy: every wrapping token holds it; write another policy instead.');
    if (text.trim() === '') invalid("'policy' parameter not supplied or empty: send the policy's HCL text in \"policy\".");
    let paths;
    try {
      paths = parsePolicy(text).paths;
    } catch (error) {
      if (error instanceof PolicyParseError) invalid(`${error.message}. Nothing was saved; correct the policy and write it again.`);
      throw error;
    }
    const before = this.entries.get(normalised)?.stored.version ?? 0;
    const stored: StoredPolicy = { name: normalised, policy: text, version: before + 1, modified: new Date().toISOString() };
    this.storage.put(PREFIX + encodeURIComponent(normalised), Buffer.from(JSON.stringify(stored)));
    this.entries.set(normalised, { stored, parsed: { name: normalised, paths } });
    this.acls = new Map();
    return { ...stored };
  }

  /** Removes a policy; one that does not exist is nothing to do (Vault answers 204 too). */
  delete(name: string): void {
    const normalised = policyName(name);
    if (normalised === ROOT_POLICY_NAME) invalid('cannot delete "root" policy: it is built in.');
    if (normalised === DEFAULT_POLICY_NAME) invalid('cannot delete default policy: every token may hold it; edit it instead, or create tokens with no_default_policy.');
    if (!this.entries.delete(normalised)) return;
    this.storage.delete(PREFIX + encodeURIComponent(normalised));
    this.acls = new Map();
  }

  /** The ACL of a token holding `policies` (names as the token holds them); unknown names grant nothing. */
  acl(policies: readonly string[]): Acl {
    const key = policies.join('\n');
    const cached = this.acls.get(key);
    if (cached !== undefined) return cached;
    const named: NamedPolicy[] = [];
    for (const name of policies) {
      if (name === ROOT_POLICY_NAME) named.push({ name, paths: [] });
      const entry = this.entries.get(name);
      if (entry !== undefined) named.push(entry.parsed);
    }
    const acl = Acl.compile(named);
    if (this.acls.size >= CACHED_ACLS) this.acls = new Map();
    this.acls.set(key, acl);
    return acl;
  }
}
