/**
 * What kind of file a plugin command is, from its first bytes. Only programs may start: a native
 * executable for this OS and architecture, or a script beginning with `#!`. Anything else would
 * be handed by the C library's `execvp` to `/bin/sh` on ENOEXEC — a text file's lines would run
 * as shell commands, a binary for another architecture would give shell syntax errors.
 *
 * Formats (header facts from the ELF, Mach-O and PE specifications): ELF class, data encoding and
 * `e_machine`; Mach-O magic and `cputype` (and fat/universal binaries' slices); PE's `Machine`.
 */
import { open } from 'node:fs/promises';
import { HostError } from '../errors';

/** Enough for every header read here (PE's header offset is usually < 512). */
const HEAD_BYTES = 4096;

export interface Platform {
  os: NodeJS.Platform;
  arch: string;
}

export interface ExecutableFormat {
  /** Whether this machine can run the file as a plugin. */
  runnable: boolean;
  /** What the file is, for people: "ELF x86-64 executable", "a script for /bin/sh", "a text file without #!". */
  kind: string;
  /** When not runnable: why, and how to fix it. */
  problem?: string;
}

interface Target {
  /** Go's GOOS / GOARCH for the advice. */
  goos: string;
  goarch: string;
  label: string;
}

/** Node's arch → ELF e_machine, class (1 = 32-bit, 2 = 64-bit), data (1 = little, 2 = big endian). */
const ELF_MACHINES: Record<string, { machine: number; elfClass: 1 | 2; data: 1 | 2 }> = {
  x64: { machine: 62, elfClass: 2, data: 1 },
  arm64: { machine: 183, elfClass: 2, data: 1 },
  arm: { machine: 40, elfClass: 1, data: 1 },
  ia32: { machine: 3, elfClass: 1, data: 1 },
  riscv64: { machine: 243, elfClass: 2, data: 1 },
  ppc64: { machine: 21, elfClass: 2, data: 1 },
  s390x: { machine: 22, elfClass: 2, data: 2 },
  loong64: { machine: 258, elfClass: 2, data: 1 },
};

const ELF_MACHINE_NAMES: Record<number, { label: string; goarch: string }> = {
  3: { label: 'x86 (32-bit)', goarch: '386' },
  8: { label: 'MIPS', goarch: 'mips' },
  20: { label: 'PowerPC', goarch: 'ppc' },
  21: { label: 'PowerPC 64', goarch: 'ppc64le' },
  22: { label: 's390x', goarch: 's390x' },
  40: { label: 'ARM (32-bit)', goarch: 'arm' },
  62: { label: 'x86-64', goarch: 'amd64' },
  183: { label: 'aarch64', goarch: 'arm64' },
  243: { label: 'RISC-V', goarch: 'riscv64' },
  258: { label: 'LoongArch', goarch: 'loong64' },
};

const MACHO_CPUS: Record<number, { label: string; goarch: string }> = {
  7: { label: 'x86 (32-bit)', goarch: '386' },
  0x01000007: { label: 'x86-64', goarch: 'amd64' },
  12: { label: 'ARM (32-bit)', goarch: 'arm' },
  0x0100000c: { label: 'arm64', goarch: 'arm64' },
};

const PE_MACHINES: Record<number, { label: string; goarch: string }> = {
  0x14c: { label: 'x86 (32-bit)', goarch: '386' },
  0x8664: { label: 'x86-64', goarch: 'amd64' },
  0x1c4: { label: 'ARM (32-bit)', goarch: 'arm' },
  0xaa64: { label: 'arm64', goarch: 'arm64' },
};

const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le' };
const OS_LABEL: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', freebsd: 'FreeBSD' };
const ARCH_LABEL: Record<string, string> = { x64: 'x86-64', arm64: 'arm64', ia32: 'x86 (32-bit)', arm: 'ARM (32-bit)' };

function targetOf(platform: Platform): Target {
  const goos = platform.os === 'win32' ? 'windows' : platform.os;
  const goarch = GOARCH[platform.arch] ?? platform.arch;
  return { goos, goarch, label: `${OS_LABEL[platform.os] ?? platform.os} ${ARCH_LABEL[platform.arch] ?? platform.arch}` };
}

export async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Classifies a file's first bytes for `platform` (default: this machine). */
export function classifyExecutable(head: Buffer, platform: Platform = { os: process.platform, arch: process.arch }): ExecutableFormat {
  const target = targetOf(platform);
  if (head.length === 0) {
    return { runnable: false, kind: 'an empty file', problem: 'The file is empty: copy the complete plugin binary again.' };
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return classifyElf(head, platform, target);
  const macho = classifyMachO(head, platform, target);
  if (macho !== undefined) return macho;
  if (head[0] === 0x4d && head[1] === 0x5a) return classifyPe(head, platform, target);
  if (head[0] === 0x23 && head[1] === 0x21) return classifyScript(head, platform);
  return looksLikeText(head)
    ? {
        runnable: false,
        kind: 'a text file without #!',
        problem:
          'It is a text file without a "#!" first line, so it would be run as shell commands. ' +
          'If it is a script, make its first line name its interpreter (e.g. "#!/bin/sh"); otherwise choose the plugin binary itself.',
      }
    : {
        runnable: false,
        kind: `an unknown file format (first bytes ${head.subarray(0, 4).toString('hex')})`,
        problem: `It is neither a program for ${target.label} nor a script beginning with "#!": choose the plugin binary built for this machine (GOOS=${target.goos} GOARCH=${target.goarch}).`,
      };
}

function wrongBuild(kind: string, builtFor: string, target: Target, fix: string): ExecutableFormat {
  return { runnable: false, kind, problem: `It is built for ${builtFor} (${kind}); this machine is ${target.label}: rebuild it with ${fix}.` };
}

function classifyElf(head: Buffer, platform: Platform, target: Target): ExecutableFormat {
  const elfClass = head[4];
  const data = head[5];
  if (head.length < 20 || (elfClass !== 1 && elfClass !== 2) || (data !== 1 && data !== 2)) {
    return { runnable: false, kind: 'a damaged ELF file', problem: 'Its ELF header is incomplete: copy the complete plugin binary again.' };
  }
  const machine = data === 1 ? head.readUInt16LE(18) : head.readUInt16BE(18);
  const known = ELF_MACHINE_NAMES[machine];
  const bits = elfClass === 2 ? '64-bit' : '32-bit';
  const kind = `ELF ${known?.label ?? `machine ${machine}`} ${bits}${data === 2 ? ' big-endian' : ''}`;
  const arch = known?.goarch ?? `machine ${machine}`;
  if (platform.os === 'darwin' || platform.os === 'win32') {
    return wrongBuild(kind, `Linux/${arch}`, target, `GOOS=${target.goos} GOARCH=${target.goarch}`);
  }
  const wanted = ELF_MACHINES[platform.arch];
  if (wanted === undefined || (wanted.machine === machine && wanted.elfClass === elfClass && wanted.data === data)) {
    return { runnable: true, kind: `${kind} executable` };
  }
  return wrongBuild(kind, arch, target, `GOARCH=${target.goarch}`);
}

function classifyMachO(head: Buffer, platform: Platform, target: Target): ExecutableFormat | undefined {
  if (head.length < 8) return undefined;
  const magicLE = head.readUInt32LE(0);
  let cpus: number[];
  if (magicLE === 0xfeedface || magicLE === 0xfeedfacf) cpus = [head.readInt32LE(4)];
  else if (head.readUInt32BE(0) === 0xfeedface || head.readUInt32BE(0) === 0xfeedfacf) cpus = [head.readInt32BE(4)];
  else if (head.readUInt32BE(0) === 0xcafebabe || head.readUInt32BE(0) === 0xcafebabf) {
    // Universal binary (big-endian fat header). Java class files share the magic but have a
    // version number (> 40) where the slice count is.
    const count = head.readUInt32BE(4);
    if (count === 0 || count > 20) return undefined;
    const size = head.readUInt32BE(0) === 0xcafebabf ? 32 : 20;
    cpus = [];
    for (let i = 0; i < count && 8 + size * (i + 1) <= head.length; i++) cpus.push(head.readInt32BE(8 + size * i));
  } else return undefined;
  const names = cpus.map((cpu) => MACHO_CPUS[cpu] ?? { label: `cputype ${cpu}`, goarch: `cputype ${cpu}` });
  const kind = `Mach-O ${names.map((name) => name.label).join(' + ')}`;
  if (platform.os !== 'darwin') {
    return wrongBuild(kind, `macOS/${names.map((name) => name.goarch).join('+')}`, target, `GOOS=${target.goos} GOARCH=${target.goarch}`);
  }
  if (names.some((name) => name.goarch === target.goarch)) return { runnable: true, kind: `${kind} executable` };
  return wrongBuild(kind, names.map((name) => name.goarch).join('+'), target, `GOARCH=${target.goarch}`);
}

function classifyPe(head: Buffer, platform: Platform, target: Target): ExecutableFormat {
  const offset = head.length >= 0x40 ? head.readUInt32LE(0x3c) : 0;
  if (offset === 0 || offset + 6 > head.length || head.readUInt32BE(offset) !== 0x50450000) {
    return { runnable: false, kind: 'an MS-DOS program', problem: 'It is not a program this machine runs as a plugin: choose the plugin binary itself.' };
  }
  const machine = head.readUInt16LE(offset + 4);
  const known = PE_MACHINES[machine];
  const kind = `PE ${known?.label ?? `machine 0x${machine.toString(16)}`}`;
  const arch = known?.goarch ?? `machine 0x${machine.toString(16)}`;
  if (platform.os !== 'win32') return wrongBuild(kind, `Windows/${arch}`, target, `GOOS=${target.goos} GOARCH=${target.goarch}`);
  if (arch === target.goarch) return { runnable: true, kind: `${kind} executable` };
  return wrongBuild(kind, arch, target, `GOARCH=${target.goarch}`);
}

function classifyScript(head: Buffer, platform: Platform): ExecutableFormat {
  const firstLine = head.subarray(2, Math.max(2, head.indexOf(0x0a) === -1 ? head.length : head.indexOf(0x0a))).toString('utf8').trim();
  const interpreter = firstLine.split(/\s+/).slice(0, 2).join(' ') || '(none)';
  if (platform.os === 'win32') {
    return { runnable: false, kind: `a script for ${interpreter}`, problem: 'Windows does not run "#!" scripts: choose a plugin built for Windows (an .exe).' };
  }
  if (firstLine === '') {
    return { runnable: false, kind: 'a script without an interpreter', problem: 'Its "#!" line names no interpreter: write one, e.g. "#!/bin/sh".' };
  }
  return { runnable: true, kind: `a script for ${interpreter}` };
}

/** Text: no NUL bytes and valid UTF-8 (a truncated last character is tolerated). */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  const replacements = (text.match(/\uFFFD/g) ?? []).length;
  return replacements <= 1;
}

/** Refuses a file that is not a program for this machine (registration and every start). */
export async function checkRunnable(file: string): Promise<ExecutableFormat> {
  const format = classifyExecutable(await readHead(file));
  if (!format.runnable) {
    throw new HostError('plugin_binary_wrong_format', `The plugin file "${file}" is not a program this machine can start: ${format.problem}`, {
      file,
      kind: format.kind,
      machine: `${process.platform}/${process.arch}`,
    });
  }
  return format;
}
