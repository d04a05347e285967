/**
 * One client's scenarios: each step is run by the real client against host B (OpenBao, the
 * reference) and then host A (Strongroom), each host with its own session (its own saved values,
 * its own client folder), and the two answers must agree field by field (`compare.ts`) unless
 * `electron/vault-api/README.md` lists the difference. `expect` checks the reference's answer, so a
 * step cannot pass because both hosts failed alike.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { differences, formatDifferences, normalise } from './compare';
import { knownDifferences, type KnownDifference } from './known-differences';
import { startHostPair, type HostLabel, type HostPair, type VaultHost } from './vault-host';

export class Session {
  private readonly vars = new Map<string, string>();
  private readonly cleanups: Array<() => Promise<void>> = [];

  constructor(
    readonly host: VaultHost,
    /** This host's folder for the client's own files (HOME for the CLI, agent configs). */
    readonly dir: string,
  ) {}

  /** Keeps a value for later steps; wherever it occurs in an answer it is compared as `${name}`. */
  save(name: string, value: unknown): string {
    if (typeof value !== 'string' || value === '') throw new Error(`host ${this.host.label}: no value to save as "${name}" (got ${JSON.stringify(value)})`);
    this.vars.set(name, value);
    return value;
  }

  get(name: string): string {
    const value = this.vars.get(name);
    if (value === undefined) throw new Error(`host ${this.host.label}: no saved "${name}" (the step that saves it failed?)`);
    return value;
  }

  /** Runs when the suite ends, before the hosts stop (a client process to close). */
  defer(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }

  /** Saved values and the host's address, as compare.ts's replacements (value → name). */
  replacements(): Map<string, string> {
    const out = new Map<string, string>([[this.host.addr, 'VAULT_ADDR']]);
    for (const [name, value] of this.vars) out.set(value, name);
    return out;
  }
}

export interface ClientStep {
  name: string;
  run(session: Session): Promise<unknown>;
  /** Fields of this step's answer left out of the comparison (patterns as in compare.ts), each with its reason. */
  ignore?: Readonly<Record<string, string>>;
  /** Checks the reference's normalised answer (throw or assert when it is not what the step is about). */
  expect(answer: unknown): void;
}

export interface ClientSuiteOptions {
  /** Runs once per host after both started, before the first step (e.g. copy a plugin binary in). */
  prepare?(session: Session): Promise<void>;
}

const LOG_TAIL = 2_000;

function stepMessage(found: string, answers: Record<HostLabel, unknown>, hostA: VaultHost): string {
  const log = hostA.log();
  return `${found}\nanswers: ${JSON.stringify(answers, null, 1)}\nhost A (${hostA.kind}) log tail:\n${log.slice(-LOG_TAIL)}`;
}

export function clientSuite(client: string, steps: readonly ClientStep[], options: ClientSuiteOptions = {}): void {
  const names = new Set(steps.map((step) => step.name));
  if (names.size !== steps.length) throw new Error(`${client}: two steps share a name`);
  let known: KnownDifference[] = [];
  // Rows whose step is `*`: fields that may differ on any step (the envelope's `mount_type`); each
  // must have differed somewhere by the end, or the row is stale.
  let everywhere: KnownDifference[] = [];
  const seenEverywhere = new Set<string>();

  describe(`${client} against Strongroom and OpenBao`, () => {
    let pair: HostPair;
    const sessions = {} as Record<HostLabel, Session>;

    before(async () => {
      pair = await startHostPair(client);
      const rows = knownDifferences().filter((row) => row.client === client);
      for (const row of rows) if (row.step !== EVERY_STEP && !names.has(row.step)) throw new Error(`electron/vault-api/README.md: a ${client} row names no step: "${row.step}"`);
      // The table is about Strongroom; OpenBao against OpenBao must agree everywhere.
      known = pair.A.kind === 'strongroom' ? rows.filter((row) => row.step !== EVERY_STEP) : [];
      everywhere = pair.A.kind === 'strongroom' ? rows.filter((row) => row.step === EVERY_STEP) : [];
      for (const label of ['A', 'B'] as const) {
        sessions[label] = new Session(pair[label], path.join(pair.workDir[label], 'client'));
        await options.prepare?.(sessions[label]);
      }
    });
    after(async () => {
      for (const session of Object.values(sessions)) await session.close();
      await pair?.close();
    });

    for (const step of steps) {
      test(step.name, async () => {
        const answers = {} as Record<HostLabel, unknown>;
        for (const label of ['B', 'A'] as const) {
          const session = sessions[label];
          const answer = await step.run(session);
          answers[label] = normalise(answer, session.replacements());
        }
        try {
          step.expect(answers.B);
        } catch (error) {
          throw new Error(`OpenBao's answer is not what the step expects (${(error as Error).message}): ${JSON.stringify(answers.B, null, 1)}`);
        }
        const found = differences(answers.A, answers.B, Object.keys(step.ignore ?? {}));
        const anyStep = new Set(everywhere.flatMap((row) => row.fields));
        const fields = [...new Set(found.map((difference) => difference.field))].filter((field) => {
          const tolerated = anyStep.has(lastSegment(field));
          if (tolerated) seenEverywhere.add(lastSegment(field));
          return !tolerated;
        }).sort();
        const row = known.find((entry) => entry.step === step.name);
        if (row === undefined) {
          assert.deepEqual(fields, [], stepMessage(`host A differs from OpenBao:\n${formatDifferences(found)}`, answers, pair.A));
        } else {
          assert.deepEqual(fields, row.fields, stepMessage(`the README's row for "${step.name}" (${row.why}) no longer matches:\n${formatDifferences(found)}`, answers, pair.A));
        }
      });
    }
    test('every "*" row of the README still differs somewhere', () => {
      for (const row of everywhere) {
        for (const field of row.fields) assert.ok(seenEverywhere.has(field), `electron/vault-api/README.md: the ${client} row for every step names \`${field}\`, which no step showed differing: remove it from the row`);
      }
    });
  });
}

/** A README row for every step of a client. */
const EVERY_STEP = '*';

/** `ok.mount_type` → `mount_type`: a `*` row names the key wherever it sits in the answer. */
function lastSegment(field: string): string {
  return field.split('.').pop() ?? field;
}
