/**
 * Policy fuzzing with fast-check: random policies (exact, `*` and `+` patterns over a small
 * vocabulary so they overlap, random capabilities, deny, written as HCL with random layout) ×
 * random token policy sets × random request paths and operations. Every decision of the real ACL
 * (parsed from the text, compiled, asked) is checked against a straightforward reference written
 * from Vault's documented rules: patterns as regular expressions, every match sorted by the
 * documented priority. Nothing may be granted that the reference refuses, and an exact deny is
 * never overridden.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { Acl, type AclOperation } from '../../electron/core/policies/acl';
import { parsePolicy, PolicyParseError } from '../../electron/core/policies/policy-parse';
import { recordFigures } from './figures';
import { byMode } from './run-mode';

const RUNS = byMode(3_000, 30_000);
const SEGMENTS = ['a', 'b', 'ab', 'abc', 'x'];
const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'] as const;
const OPERATIONS: readonly AclOperation[] = ['create', 'read', 'update', 'patch', 'delete', 'list'];

interface Rule {
  pattern: string;
  capabilities: string[];
}

let decisions = 0;
let granted = 0;
let malformed = 0;

after(() => recordFigures(import.meta.url, { policy_fuzz_runs: RUNS, policy_fuzz_decisions: decisions, policy_fuzz_granted: granted, policy_fuzz_malformed_refused: malformed }));

const segment = fc.constantFrom(...SEGMENTS);
const patternArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.oneof({ weight: 3, arbitrary: segment }, { weight: 1, arbitrary: fc.constant('+') }), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.constantFrom('', 'a', 'ab'))
  .map(([segments, glob, partial]) => {
    let pattern = segments.join('/');
    if (glob) pattern = pattern.endsWith('+') ? `${pattern}/${partial}*` : `${pattern}${partial === '' ? '/' : ''}*`;
    return pattern;
  });
const ruleArb: fc.Arbitrary<Rule> = fc.record({ pattern: patternArb, capabilities: fc.subarray([...CAPABILITIES], { minLength: 1 }) });
const policyArb = fc.array(ruleArb, { minLength: 1, maxLength: 6 });
const pathArb = fc
  .tuple(fc.array(fc.constantFrom(...SEGMENTS, 'abcd', ''), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([segments, folder]) => segments.filter((s, i) => s !== '' || i === segments.length - 1).join('/') + (folder ? '/' : ''))
  .filter((path) => path !== '' && !path.startsWith('/') && !path.includes('//'));

/** HCL text for the rules, with a random layout (one line or many, commas, comments). */
function policyText(rules: readonly Rule[], layout: number): string {
  const separator = layout % 3 === 0 ? '\n' : layout % 3 === 1 ? ' ' : ',\n# a comment\n';
  return rules.map((rule) => `path "${rule.pattern}" {${layout % 2 === 0 ? '\n  ' : ' '}capabilities = ${JSON.stringify(rule.capabilities)}${layout % 2 === 0 ? '\n' : ' '}}`).join(separator);
}

// ---- the reference: Vault's rules, written the plain way ----

interface RefRule {
  pattern: string;
  bits: Set<string>;
  deny: boolean;
}

function mergeRules(rules: readonly Rule[]): Map<string, RefRule> {
  const merged = new Map<string, RefRule>();
  for (const rule of rules) {
    const entry = merged.get(rule.pattern) ?? { pattern: rule.pattern, bits: new Set<string>(), deny: false };
    if (rule.capabilities.includes('deny')) entry.deny = true;
    else for (const capability of rule.capabilities) entry.bits.add(capability);
    merged.set(rule.pattern, entry);
  }
  return merged;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A non-exact pattern as a regular expression: `+` one segment (maybe empty), a trailing `*` anything. */
function patternRegex(pattern: string): RegExp {
  const prefix = pattern.endsWith('*');
  const body = prefix ? pattern.slice(0, -1) : pattern;
  const parts = body.split('/').map((part) => (part === '+' ? '[^/]*' : escape(part)));
  return new RegExp(`^${parts.join('/')}${prefix ? '.*' : ''}$`, 's');
}

function isExact(pattern: string): boolean {
  return !pattern.endsWith('*') && !pattern.split('/').includes('+');
}

/** Vault's documented priority: later first wildcard, not a prefix, fewer `+`, longer, lexically greater. */
function priority(pattern: string): [number, number, number, number, string] {
  const prefix = pattern.endsWith('*');
  const body = prefix ? pattern.slice(0, -1) : pattern;
  const hasPlus = pattern.split('/').includes('+');
  const first = hasPlus ? pattern.indexOf('+') : body.length;
  return [first, prefix ? 0 : 1, -body.split('/').filter((part) => part === '+').length, body.length, body];
}

function compare(a: string, b: string): number {
  const pa = priority(a);
  const pb = priority(b);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  return pa[4] < pb[4] ? -1 : pa[4] > pb[4] ? 1 : 0;
}

function bestNonExact(rules: Map<string, RefRule>, path: string): RefRule | undefined {
  const matching = [...rules.values()].filter((rule) => !isExact(rule.pattern) && patternRegex(rule.pattern).test(path));
  matching.sort((a, b) => compare(a.pattern, b.pattern));
  return matching.at(-1);
}

function referenceRule(rules: Map<string, RefRule>, path: string, asList: boolean): RefRule | undefined {
  const exact = rules.get(path);
  if (exact !== undefined && isExact(path)) return exact;
  const folder = asList && path.endsWith('/') ? path.slice(0, -1) : undefined;
  if (folder !== undefined && rules.has(folder) && isExact(folder)) return rules.get(folder);
  return bestNonExact(rules, path) ?? (folder === undefined ? undefined : bestNonExact(rules, folder));
}

function referenceCapabilities(rules: Map<string, RefRule>, path: string): string[] {
  const rule = referenceRule(rules, path, true);
  if (rule === undefined || rule.deny || rule.bits.size === 0) return ['deny'];
  return [...rule.bits].sort();
}

test('random policies × tokens × paths: every decision matches the reference, nothing granted by accident', () => {
  fc.assert(
    fc.property(fc.array(policyArb, { minLength: 1, maxLength: 3 }), fc.array(pathArb, { minLength: 1, maxLength: 6 }), fc.nat(), (policies, paths, layout) => {
      const acl = Acl.compile(policies.map((rules, index) => ({ name: `p${index}`, paths: parsePolicy(policyText(rules, layout + index)).paths })));
      const reference = mergeRules(policies.flat());
      for (const path of paths) {
        decisions++;
        const expected = referenceCapabilities(reference, path);
        assert.deepEqual(acl.capabilities(path), expected, `capabilities of ${path}`);
        for (const operation of OPERATIONS) {
          const rule = referenceRule(reference, path, operation === 'list');
          const allowed = rule !== undefined && !rule.deny && rule.bits.has(operation);
          const decision = acl.allows(operation, path, {});
          if (decision.allowed) granted++;
          assert.equal(decision.allowed, allowed, `${operation} ${path}`);
          assert.equal(decision.sudo, rule !== undefined && !rule.deny && rule.bits.has('sudo'), `sudo on ${path}`);
          if (reference.get(path)?.deny === true && isExact(path)) assert.equal(decision.allowed, false, `an exact deny on ${path} stands`);
        }
      }
    }),
    { numRuns: RUNS },
  );
  assert.ok(granted > 0 && granted < decisions * OPERATIONS.length, 'the generators reach both grants and refusals');
});

test('damaged policy text: refused with a policy error that says where (or names the path), never anything else', () => {
  const damage = fc.record({ at: fc.nat(), cut: fc.nat({ max: 4 }), insert: fc.constantFrom('', '"', '{', '}', '[', ']', '=', ',', '#', '/*', '+*', '\\', '<<EOF', 'reed', 'x y', '\n') });
  fc.assert(
    fc.property(policyArb, fc.nat(), fc.array(damage, { minLength: 1, maxLength: 3 }), (rules, layout, damages) => {
      let text = policyText(rules, layout);
      for (const { at, cut, insert } of damages) {
        const position = at % (text.length + 1);
        text = text.slice(0, position) + insert + text.slice(position + cut);
      }
      try {
        parsePolicy(text);
      } catch (error) {
        assert.ok(error instanceof PolicyParseError, `not a policy error: ${String(error)} for ${JSON.stringify(text)}`);
        assert.match(error.message, /^failed to parse policy: /);
        assert.match(error.message, /At \d+:\d+: |line \d+, column \d+|path "/, `says where: ${error.message}`);
        malformed++;
      }
    }),
    { numRuns: RUNS },
  );
  assert.ok(malformed > 0, 'the damage reaches the parser\'s refusals');
});
