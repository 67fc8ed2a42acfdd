import { describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { packObject } from '../../femto-host/pack.js';
import { parseImage } from '../../femto-host/image.js';
import { FemtoContainer, KvStore } from '../../femto-host/vm.js';
import { FemtoInputError } from '../../femto-host/errors.js';
import { FIXTURES, FIXTURE_DIR, clangArgs, clangUnavailable } from './fixtures.js';

const committed = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURE_DIR, `${name}.o`)));

/** Checks that hold for any correct build of the fixture sources. */
function checkGood(obj: (name: string) => Uint8Array) {
  {
    const packed = packObject(obj('hello'), { source: 'hello.o' });
    const img = parseImage(packed.bytes);
    expect(img.functions.map((f) => f.name)).toEqual(['hello', 'count']);
    expect(packed.relocations.map((r) => r.region).sort()).toContain('data');
    expect(packed.relocations.map((r) => r.region)).toContain('rodata');
    for (const r of packed.relocations) expect([0xb8, 0xd8]).toContain(img.text[r.textOffset]);
    expect(img.data.length % 8).toBe(0);
    expect(img.rodata.length % 8).toBe(0);
    const c = new FemtoContainer(img);
    const r1 = c.run({ entry: 'hello' });
    expect(r1.message).toBe('ok');
    expect(r1.output).toBe('hello femto #42 sum=34\n');
    expect(r1.r0).toBe(68n);
    const r2 = c.run({ entry: 'hello' });
    expect(r2.output).toBe('hello femto #44 sum=34\n');
    expect(c.run({ entry: 'count' }).r0).toBe(44n);
  }
  {
    const img = parseImage(packObject(obj('kvstore')).bytes);
    const c = new FemtoContainer(img);
    const ctx = new Uint8Array(16);
    const dv = new DataView(ctx.buffer);
    dv.setUint32(0, 7, true);
    dv.setUint32(4, 5, true);
    const kvGlobal = new KvStore();
    const r = c.run({ ctx, kvGlobal });
    expect([r.code, r.r0, r.output]).toEqual([0, 10n, 'kv 7 -> 10\n']);
    expect(dv.getBigInt64(8, true)).toBe(-10n);
    expect(kvGlobal.fetch(107)).toBe(-10n);
    expect(c.run({ ctx, kvGlobal }).r0).toBe(20n); // local store persists in the container
  }
  {
    const img = parseImage(packObject(obj('sensor')).bytes);
    const r = new FemtoContainer(img).run({ clockUs: () => 1234567n });
    expect([r.code, r.r0, r.output]).toEqual([0, 50n, 't=1234 us=1234567\ntemp=25.0 C\n']);
    expect(r.gpio).toEqual([{ pin: 13, value: 1 }]);
    const cold = new FemtoContainer(img).run({ sensors: new Map([[0, -10n]]) });
    expect([cold.r0, cold.output, cold.gpio]).toEqual([-5n, 't=0 us=0\ntemp=-2.50 C\n', [{ pin: 13, value: 0 }]]);
  }
}

function checkRejected(obj: (name: string) => Uint8Array) {
  const err = (name: string) => {
    try {
      packObject(obj(name), { source: `${name}.o` });
    } catch (e) {
      expect(e).toBeInstanceOf(FemtoInputError);
      return (e as Error).message;
    }
    throw new Error(`${name}.o was packed but should have been rejected`);
  };
  expect(err('localcall')).toMatch(/^localcall\.o: bpf-to-bpf call to twice\+0x0 at \.text\+0x8 \(in entry\+0x8\): local calls are not supported/);
  expect(err('extern')).toMatch(/^extern\.o: call to undefined external function missing_function at \.text\+0x8 \(in entry\+0x8\)/);
  expect(err('ptrdata')).toMatch(/^ptrdata\.o: \.data\+0x0 holds the address of \.rodata \(R_BPF_64_ABS64\): pointers inside initialised data are not supported/);
  expect(err('alu32')).toMatch(/^alu32\.o: unsupported instruction 0x24 at \.text\+0x10 \(in sum32\+0x10\): ALU32 instructions are not supported/);
}

describe('pack (committed fixture objects)', () => {
  it('packs and runs the good fixtures', () => checkGood(committed));
  it('rejects unsupported constructs with messages naming symbol and offset', () => checkRejected(committed));
  it('rejects files that are not BPF relocatable objects', () => {
    expect(() => packObject(new Uint8Array(10), { source: 'a.o' })).toThrow(/a\.o: file is 10 bytes, too short/);
    const o = committed('hello').slice();
    o[18] = 40; // EM_ARM
    expect(() => packObject(o, { source: 'a.o' })).toThrow(/ELF machine 40 is not BPF/);
    const t = committed('hello').slice();
    t[16] = 2; // ET_EXEC
    expect(() => packObject(t, { source: 'a.o' })).toThrow(/not a relocatable object/);
  });
});

const noClang = clangUnavailable();
describe.skipIf(noClang !== undefined)(`pack (fixtures rebuilt with clang)${noClang ? ` — skipped: ${noClang}` : ''}`, () => {
  it('packs freshly compiled fixtures the same way', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'femto-fixtures-'));
    try {
      const built = new Map<string, Uint8Array>();
      for (const name of Object.keys(FIXTURES)) {
        const out = path.join(dir, `${name}.o`);
        execFileSync('clang', clangArgs(name, out));
        built.set(name, new Uint8Array(readFileSync(out)));
      }
      const obj = (n: string) => built.get(n) as Uint8Array;
      checkGood(obj);
      checkRejected(obj);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('objects built with unwind tables / debug info', () => {
  it('leave .eh_frame and its relocations out and pack the same image as without them', () => {
    // fixtures/hello-unwind.o: clang -target bpf -O2 -g -fasynchronous-unwind-tables -c hello.c
    // (RIOT's femto-container build uses -g3 and produces such .eh_frame relocations).
    const plain = packObject(committed('hello'), { source: 'hello.o' });
    const unwind = packObject(committed('hello-unwind'), { source: 'hello-unwind.o' });
    expect(unwind.warnings.join('\n')).toMatch(/section \.eh_frame \(\d+ bytes\) is not part of the image/);
    const a = parseImage(plain.bytes);
    const b = parseImage(unwind.bytes);
    expect(b.functions.map((f) => f.name)).toEqual(a.functions.map((f) => f.name));
    expect(new FemtoContainer(b).run({ entry: 'hello' }).output).toBe('hello femto #42 sum=34\n');
  });
});
