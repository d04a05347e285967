/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) and says where a window of it went, by
 * part of a request's path: the samples whose time falls in [from, to] (µs on the monotonic clock
 * that both V8's profiler and `process.hrtime` use), each put in a part by its frames' files.
 *
 * Three views per part: **self** (the sample's leaf frame is in it), **attributed** (the leaf,
 * or else the nearest caller that is Strongroom's own code, is in it: a node:http2 write called
 * from our transport counts as our transport's; time under a native call such as SQLite's step
 * or fsync counts to whoever called it) and **total** (any frame of the stack is in it, once).
 * The profiler samples the main thread on a wall-clock timer, so time blocked in a syscall
 * (fsync) is in the calling frame, and `(idle)` is time the event loop waited.
 */
import fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Strongroom's own files, most specific first: [part, test on the frame's url]. */
const OWN_PARTS: readonly [string, RegExp][] = [
  ['HTTP API (electron/vault-api/)', /\/electron\/vault-api\//],
  ['token check (core/tokens/)', /\/electron\/core\/tokens\//],
  ['policy / ACL (core/policies/)', /\/electron\/core\/policies\//],
  ['audit (core/audit/, router/request-audit)', /\/electron\/core\/audit\/|\/router\/request-audit\.ts/],
  ['leases (core/leases/)', /\/electron\/core\/leases\//],
  ['router (core/router/)', /\/electron\/core\/router\//],
  ['barrier + SQLite (electron/storage/)', /\/electron\/storage\//],
  ['Storage callbacks (vault/storage-server)', /\/plugin-host\/vault\/storage-server\.ts|\/plugin-host\/vault\/setup-storage\.ts/],
  ['SystemView callbacks (vault/system-view-server)', /\/plugin-host\/vault\/system-view-server\.ts/],
  ['Events/RecordObservation (vault/events-server)', /\/plugin-host\/vault\/events-server\.ts/],
  ['request trace (vault/request-trace)', /\/plugin-host\/vault\/request-trace\.ts/],
  ['reply translation (vault/translation, wire-values)', /\/plugin-host\/vault\/(translation|auth-translation|wire-values)\.ts/],
  ['HandleRequest client (vault/backend-client)', /\/plugin-host\/vault\/backend-client\.ts/],
  ['generated protobuf (plugin-host/gen/)', /\/plugin-host\/gen\//],
  ['gRPC transport, ours (plugin-host/grpc/)', /\/plugin-host\/grpc\//],
  ['supervisor (plugin-host/supervisor/)', /\/plugin-host\/supervisor\//],
  ['plugin-host, other', /\/plugin-host\//],
  ['electron/core, other', /\/electron\/core\//],
  ['electron, other', /\/electron\//],
];

/** Not ours: Node's internals and libraries, by the frame's url. */
const OTHER_PARTS: readonly [string, RegExp][] = [
  ['node: http2 internals', /internal\/http2\/|node:http2/],
  ['node: http/1 server (parser, incoming, outgoing)', /_http_|internal\/http|node:http$/],
  ['node: net, streams, buffers', /node:net|internal\/streams\/|node:stream|internal\/stream_base|node:buffer|internal\/buffer/],
  ['node: timers, promises, async hooks', /internal\/timers|internal\/process\/task_queues|internal\/async_hooks|node:timers/],
  ['better-sqlite3 (JS side)', /better-sqlite3/],
  ['protobuf runtime (node_modules)', /@bufbuild|google-protobuf|protobufjs/],
  ['tsx loader', /node_modules\/tsx\//],
];

export function partOf(frame: CallFrame): { part: string; own: boolean } {
  const { functionName, url } = frame;
  if (functionName === '(idle)') return { part: '(idle: event loop waiting)', own: false };
  if (functionName === '(garbage collector)') return { part: '(garbage collector)', own: false };
  if (functionName === '(program)') return { part: '(program: V8/native outside JS)', own: false };
  for (const [part, test] of OWN_PARTS) if (test.test(url)) return { part, own: true };
  for (const [part, test] of OTHER_PARTS) if (test.test(url)) return { part, own: false };
  if (url === '') return { part: `native: ${functionName || '(anonymous)'}`, own: false };
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return { part: `npm: ${pkg}`, own: false };
  return { part: 'node: other internals', own: false };
}

export interface PartFigures {
  part: string;
  selfUs: number;
  attributedUs: number;
  totalUs: number;
}

export interface WindowSummary {
  samples: number;
  windowUs: number;
  busyUs: number;
  parts: PartFigures[];
  /** Leaf functions by self time: `name (file)`. */
  topFunctions: { name: string; selfUs: number }[];
  /** Strongroom's functions by attributed time (theirs plus the Node/native code they call). */
  topOwnFunctions: { name: string; selfUs: number }[];
}

const frameName = (frame: CallFrame) =>
  `${frame.functionName || '(anonymous)'} (${frame.url.replace(/^.*\/(node_modules|electron|plugin-host)\//, '$1/').replace(/^file:\/\//, '')})`;

const top = (map: Map<string, number>) =>
  [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([name, selfUs]) => ({ name, selfUs }));

export function summarise(file: string, fromUs: number, toUs: number): WindowSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const parts = new Map<string, PartFigures>();
  const figures = (part: string) => {
    let entry = parts.get(part);
    if (entry === undefined) parts.set(part, (entry = { part, selfUs: 0, attributedUs: 0, totalUs: 0 }));
    return entry;
  };
  const functions = new Map<string, number>();
  const ownFunctions = new Map<string, number>();
  let time = profile.startTime;
  let samples = 0;
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    if (time < fromUs || time > toUs) continue;
    samples++;
    const leafId = profile.samples[i] as number;
    const leaf = byId.get(leafId) as ProfileNode;
    const leafPart = partOf(leaf.callFrame);
    figures(leafPart.part).selfUs += weight;
    if (leaf.callFrame.functionName !== '(idle)') busyUs += weight;
    const fnName = frameName(leaf.callFrame);
    functions.set(fnName, (functions.get(fnName) ?? 0) + weight);
    let attributed: string | undefined;
    let ownFunction: string | undefined;
    const inStack = new Set<string>();
    for (let id: number | undefined = leafId; id !== undefined; id = parent.get(id)) {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      if (frame.functionName === '(root)') continue;
      const { part, own } = partOf(frame);
      inStack.add(part);
      if (attributed === undefined && own) {
        attributed = part;
        ownFunction = frameName(frame);
      }
    }
    if (ownFunction !== undefined) ownFunctions.set(ownFunction, (ownFunctions.get(ownFunction) ?? 0) + weight);
    figures(attributed ?? leafPart.part).attributedUs += weight;
    for (const part of inStack) figures(part).totalUs += weight;
  }
  const sortedParts = [...parts.values()].sort((a, b) => b.attributedUs - a.attributedUs);
  return { samples, windowUs: toUs - fromUs, busyUs, parts: sortedParts, topFunctions: top(functions), topOwnFunctions: top(ownFunctions) };
}
