import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyExecutable } from '../../../plugin-host/catalog/executable-format';
import { elfHeader } from '../../fixtures/plugins/foreign-files';

const linuxX64 = { os: 'linux' as const, arch: 'x64' };
const linuxArm64 = { os: 'linux' as const, arch: 'arm64' };
const darwinArm64 = { os: 'darwin' as const, arch: 'arm64' };
const win32X64 = { os: 'win32' as const, arch: 'x64' };

function machO(cpu: number): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeInt32LE(cpu, 4);
  return header;
}

function pe(machine: number): Buffer {
  const file = Buffer.alloc(256);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.write('PE\0\0', 0x80, 'latin1');
  file.writeUInt16LE(machine, 0x84);
  return file;
}

test('an ELF for this machine runs; one for another architecture names both and the GOARCH to use', () => {
  assert.deepEqual(classifyExecutable(elfHeader('x86-64'), linuxX64), { runnable: true, kind: 'ELF x86-64 64-bit executable' });
  const arm = classifyExecutable(elfHeader('aarch64'), linuxX64);
  assert.equal(arm.runnable, false);
  assert.equal(arm.problem, 'It is built for arm64 (ELF aarch64 64-bit); this machine is Linux x86-64: rebuild it with GOARCH=amd64.');
  assert.equal(classifyExecutable(elfHeader('aarch64'), linuxArm64).runnable, true);
  assert.match(classifyExecutable(elfHeader('x86-64'), linuxArm64).problem ?? '', /built for amd64 .*this machine is Linux arm64: rebuild it with GOARCH=arm64/);
});

test('a 32-bit or big-endian ELF of the same machine number is not this machine', () => {
  const thirtyTwo = elfHeader('x86-64');
  thirtyTwo[4] = 1;
  assert.equal(classifyExecutable(thirtyTwo, linuxX64).runnable, false);
  const truncated = elfHeader('x86-64').subarray(0, 10);
  assert.match(classifyExecutable(truncated, linuxX64).problem ?? '', /ELF header is incomplete/);
});

test('Mach-O: runs on macOS with the right cputype; elsewhere the advice names GOOS and GOARCH', () => {
  assert.equal(classifyExecutable(machO(0x0100000c), darwinArm64).runnable, true);
  assert.match(classifyExecutable(machO(0x01000007), darwinArm64).problem ?? '', /built for amd64 \(Mach-O x86-64\); this machine is macOS arm64: rebuild it with GOARCH=arm64/);
  assert.match(classifyExecutable(machO(0x0100000c), linuxX64).problem ?? '', /built for macOS\/arm64 .*rebuild it with GOOS=linux GOARCH=amd64/);
  assert.match(classifyExecutable(elfHeader('aarch64'), darwinArm64).problem ?? '', /built for Linux\/arm64 .*GOOS=darwin GOARCH=arm64/);
});

test('a universal Mach-O runs when one of its slices is this machine', () => {
  const fat = Buffer.alloc(64);
  fat.writeUInt32BE(0xcafebabe, 0);
  fat.writeUInt32BE(2, 4);
  fat.writeInt32BE(0x01000007, 8);
  fat.writeInt32BE(0x0100000c, 28);
  assert.deepEqual(classifyExecutable(fat, darwinArm64), { runnable: true, kind: 'Mach-O x86-64 + arm64 executable' });
});

test('PE: runs on Windows with the right machine; elsewhere it is a Windows build', () => {
  assert.equal(classifyExecutable(pe(0x8664), win32X64).runnable, true);
  assert.match(classifyExecutable(pe(0xaa64), win32X64).problem ?? '', /built for arm64 \(PE arm64\).*GOARCH=amd64/);
  assert.match(classifyExecutable(pe(0x8664), linuxX64).problem ?? '', /built for Windows\/amd64 .*GOOS=linux GOARCH=amd64/);
});

test('a #! script runs (not on Windows); a text file without #! is refused with the fix', () => {
  assert.deepEqual(classifyExecutable(Buffer.from('#!/usr/bin/env node\nconsole.log(1)\n'), linuxX64), { runnable: true, kind: 'a script for /usr/bin/env node' });
  assert.match(classifyExecutable(Buffer.from('#!\necho\n'), linuxX64).problem ?? '', /names no interpreter/);
  assert.match(classifyExecutable(Buffer.from('#!/bin/sh\n'), win32X64).problem ?? '', /Windows does not run "#!" scripts/);
  const text = classifyExecutable(Buffer.from('echo hello\nrm -rf something\n'), linuxX64);
  assert.equal(text.kind, 'a text file without #!');
  assert.match(text.problem ?? '', /would be run as shell commands.*"#!\/bin\/sh"/);
});

test('an empty file and unknown bytes are refused, saying what they are', () => {
  assert.match(classifyExecutable(Buffer.alloc(0), linuxX64).problem ?? '', /empty/);
  const unknown = classifyExecutable(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2]), linuxX64);
  assert.equal(unknown.runnable, false);
  assert.match(unknown.kind, /unknown file format \(first bytes deadbeef\)/);
  assert.match(unknown.problem ?? '', /GOOS=linux GOARCH=amd64/);
});
