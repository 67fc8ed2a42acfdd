import { describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { registerFcCommands, packMain, FcIo, processIo } from '../../femto-host/cli.js';
import { FIXTURE_DIR } from './fixtures.js';

function capture(): FcIo & { stdout: string; stderr: string; code: number | undefined } {
  const io = {
    stdout: '', stderr: '', code: undefined as number | undefined,
    out: (t: string) => { io.stdout += t; },
    err: (t: string) => { io.stderr += t; },
    setExitCode: (c: number) => { io.code = c; },
    readFile: processIo.readFile,
    writeFile: processIo.writeFile,
  };
  return io;
}

async function fc(args: string[]) {
  const io = capture();
  let failure = '';
  const y = registerFcCommands(yargs().exitProcess(false).fail((msg: string) => { failure = msg; }), io);
  await y.parseAsync(args);
  return { ...io, failure };
}

describe('fc command', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'femto-cli-'));
  const rbf = path.join(dir, 'hello.rbf');
  const kv = path.join(dir, 'kv.rbf');

  it('pack writes an image and reports its layout', async () => {
    const r = await fc(['fc', 'pack', path.join(FIXTURE_DIR, 'hello.o'), '-o', rbf]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/hello\.o -> .*hello\.rbf: \d+ bytes \(text 272, data 40, rodata \d+\); functions: hello, count/);
    expect(Array.from(readFileSync(rbf).subarray(0, 4))).toEqual([0x72, 0x42, 0x50, 0x46]);
    expect((await fc(['fc', 'pack', path.join(FIXTURE_DIR, 'kvstore.o'), '--output', kv])).code).toBe(0);
  });

  it('inspect prints header, sections, function table and disassembly', async () => {
    const r = await fc(['fc', 'inspect', rbf]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rBPF image version 0');
    expect(r.stdout).toMatch(/\.text\s+272 bytes at file offset \d+ \(34 slots\)/);
    expect(r.stdout).toMatch(/hello\s+text\+0x0000/);
    expect(r.stdout).toMatch(/count\s+text\+0x00e0/);
    expect(r.stdout).toContain('verification: 0 (ok)');
    expect(r.stdout).toMatch(/lddwd r6, \.data\+\d+/);
    expect(r.stdout).toMatch(/lddwr r1, \.rodata\+\d+/);
    expect(r.stdout).toContain('call 0x1 ; printf');
    expect(r.stdout).toMatch(/\n {2}count:\n/);
  });

  it('run prints output, r0 and code; exit 0 on success', async () => {
    const r = await fc(['fc', 'run', rbf]);
    expect(r.stdout).toBe('hello femto #42 sum=34\nr0: 68 (0x44)\ncode: 0 (ok)\ninstructions: 23, taken branches: 0\n');
    expect(r.code).toBe(0);
    const c = await fc(['fc', 'run', rbf, '--function', 'count']);
    expect(c.stdout).toContain('r0: 40 (0x28)');
    const k = await fc(['fc', 'run', kv, '--ctx', '07000000 05000000 0000000000000000']);
    expect(k.stdout).toContain('kv 7 -> 10\nr0: 10 (0xa)');
    expect(k.stdout).toContain('ctx after: 0700000005000000f6ffffffffffffff');
  });

  it('run exits 1 when the VM returns an error', async () => {
    const r = await fc(['fc', 'run', kv]); // no context: r1 = 0, the first load faults
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('code: -2 (illegal memory access)');
    expect(r.stderr).toMatch(/illegal memory access at instruction 3 .*4-byte load from 0x0/);
    const b = await fc(['fc', 'run', rbf, '--function', 'nope']);
    expect([b.code, b.stderr]).toEqual([1, 'no function named "nope" (functions: hello, count)\n']);
  });

  it('bad files and arguments: message and exit 2, no stack trace', async () => {
    const junk = path.join(dir, 'junk.rbf');
    writeFileSync(junk, 'not an image at all, just text here');
    const r = await fc(['fc', 'run', junk]);
    expect([r.code, r.stderr]).toEqual([2, `error: ${junk}: bad magic 6e 6f 74 20, expected 72 42 50 46 ("rBPF")\n`]);
    const m = await fc(['fc', 'inspect', path.join(dir, 'missing.rbf')]);
    expect([m.code, m.stderr]).toEqual([2, `error: ${path.join(dir, 'missing.rbf')}: cannot read file (ENOENT)\n`]);
    const h = await fc(['fc', 'run', rbf, '--ctx', 'xyz']);
    expect([h.code, h.stderr]).toEqual([2, 'error: --ctx: "xyz" is not an even number of hex digits\n']);
    const p = await fc(['fc', 'pack', path.join(FIXTURE_DIR, 'localcall.o'), '-o', path.join(dir, 'x.rbf')]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/^error: .*localcall\.o: bpf-to-bpf call to twice/);
    const budget = await fc(['fc', 'run', rbf, '--budget', '-3']);
    expect([budget.code, budget.stderr]).toEqual([2, 'error: --budget must be an integer >= 0, got -3\n']);
  });

  it('yargs reports a missing subcommand or option', async () => {
    expect((await fc(['fc'])).failure).toBe('fc needs a subcommand: pack, inspect or run');
    expect((await fc(['fc', 'pack', 'a.o'])).failure).toMatch(/Missing required argument: o/);
  });

  it('pack-main: standalone packer entry', () => {
    const io = capture();
    const out = path.join(dir, 'sensor.rbf');
    expect(packMain([path.join(FIXTURE_DIR, 'sensor.o'), '-o', out], io)).toBe(0);
    expect(io.stdout).toMatch(/functions: sensor\n$/);
    expect(readFileSync(out).length).toBeGreaterThan(28);
    const bad = capture();
    expect(packMain([path.join(FIXTURE_DIR, 'sensor.o')], bad)).toBe(2);
    expect(bad.stderr).toBe('error: missing -o <out.rbf>\nusage: pack-main <in.o> -o <out.rbf>\n');
    const junk = capture();
    expect(packMain([path.join(FIXTURE_DIR, 'sensor.c'), '-o', out], junk)).toBe(2);
    expect(junk.stderr).toMatch(/sensor\.c: not an ELF file/);
  });

  it('cleans up', () => rmSync(dir, { recursive: true, force: true }));
});
