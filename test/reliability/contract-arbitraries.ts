/**
 * fast-check generators for contract calls: method names (real ones, near misses, prototype keys,
 * non-strings) and argument shapes (random JSON, objects made of the contract's own field names,
 * plausible `requests.handle` calls against the test mounts).
 */
import fc from 'fast-check';
import { contractMethods } from '../../electron/common/contract';
import { requestOperations } from '../../electron/common/contract/requests';

export const realMethods = Object.keys(contractMethods);

/** Every field name any method accepts, so generated objects get past "unexpected key" more often. */
const fieldNames = [
  ...new Set(
    Object.values(contractMethods).flatMap((schema) => {
      const shape = (schema as unknown as { shape?: Record<string, unknown>; def?: { in?: { shape?: object } } }).shape;
      return shape === undefined ? [] : Object.keys(shape);
    }),
  ),
];

/** Calls that would stall the run rather than test anything: reading whatever file a path names. */
const SLOW_METHODS = new Set(['plugins.hashFile', 'plugins.inspectFile', 'plugins.install']);

export const methodName: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...realMethods.filter((m) => !SLOW_METHODS.has(m))) },
  { weight: 2, arbitrary: fc.constantFrom(...realMethods).map((m) => m.toUpperCase()) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'mounts.', '.list') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.array(fc.string(), { maxLength: 3 })) },
);

const jsonish = fc.jsonValue({ maxDepth: 3 });
const anyValue = fc.oneof(jsonish, fc.anything({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 64 }));

export const mountPaths = ['kv/', 'kv1/', 'custom/'] as const;

export const requestPath = fc.oneof(
  fc.tuple(fc.constantFrom('kv/data/', 'kv/metadata/', 'kv1/', 'custom/users/', 'custom/hello/', 'custom/', 'sys/', ''), fc.string({ unit: 'binary', maxLength: 60 })).map(([prefix, rest]) => prefix + rest),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.array(fc.constantFrom('..', '.', '', 'kv', 'data', '\uD800', '\u0000', '%2e%2e', '\\', '/'), { maxLength: 8 }).map((parts) => parts.join('/')),
);

const plausibleRequest = fc.record(
  {
    path: requestPath,
    operation: fc.oneof(fc.constantFrom(...requestOperations), fc.string({ maxLength: 10 })),
    data: fc.dictionary(fc.string({ maxLength: 12 }), jsonish, { maxKeys: 4 }),
  },
  { requiredKeys: ['path'] },
);

export const contractArgs: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyValue },
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), anyValue, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constant({}) },
);

export const contractCall = fc.oneof(
  { weight: 4, arbitrary: fc.record({ method: methodName, args: contractArgs }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constant<unknown>('requests.handle'), args: plausibleRequest as fc.Arbitrary<unknown> }) },
);
