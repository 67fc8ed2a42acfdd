import { describe, expect, it } from 'vitest';
import {
  FemtoContainer, verify, runImage, KvStore, LAYOUT, FC_OK, FC_ILLEGAL_INSTRUCTION, FC_ILLEGAL_MEM, FC_ILLEGAL_JUMP,
  FC_ILLEGAL_CALL, FC_ILLEGAL_LEN, FC_ILLEGAL_REGISTER, FC_NO_RETURN, FC_OUT_OF_BRANCHES, FC_ILLEGAL_DIV,
} from '../../femto-host/vm.js';
import { assemble, I, wide, EXIT, movi, movr, prog } from './asm.js';

const M64 = (1n << 64n) - 1n;
const u = (v: bigint) => BigInt.asUintN(64, v);
const s = (v: bigint) => BigInt.asIntN(64, v);
const EDGES = [0n, 1n, 2n, 3n, 31n, 32n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x123456789abcdefn,
  0x7fffffffffffffffn, 0x8000000000000000n, M64, M64 - 1n, 0xdeadbeefcafebabdn, 1000000007n];

const run = (...parts: ReturnType<typeof I>[]) => runImage(prog(...parts));

describe('verifier', () => {
  const v = (text: Uint8Array) => verify(text).code;
  it('accepts a minimal program', () => expect(v(assemble(movi(0, 1), EXIT))).toBe(FC_OK));
  it('-5 for empty text or a length that is not a multiple of 8', () => {
    expect(v(new Uint8Array(0))).toBe(FC_ILLEGAL_LEN);
    expect(v(new Uint8Array(12))).toBe(FC_ILLEGAL_LEN);
  });
  it('-1 for unknown opcodes: ALU32, byte swap, JMP32, legacy loads, atomics, garbage', () => {
    for (const op of [0x04, 0x0c, 0xb4, 0x84, 0xd4, 0xdc, 0x16, 0x1e, 0x06, 0x20, 0x30, 0xdb, 0xc3, 0xff, 0x00, 0xd7]) {
      expect(v(assemble(I(op, 1, 2), EXIT)), `opcode 0x${op.toString(16)}`).toBe(FC_ILLEGAL_INSTRUCTION);
    }
  });
  it('accepts neg as 0x87 and 0x8f', () => {
    expect(v(assemble(I(0x87, 1), EXIT))).toBe(FC_OK);
    expect(v(assemble(I(0x8f, 1), EXIT))).toBe(FC_OK);
  });
  it('-1 for a two-slot load cut off by the end of text', () => expect(v(assemble(EXIT, I(0x18, 1)))).toBe(FC_ILLEGAL_INSTRUCTION));
  it('-6 for registers above r10 and for writes to r10', () => {
    expect(v(assemble(I(0xbf, 11, 1), EXIT))).toBe(FC_ILLEGAL_REGISTER);
    expect(v(assemble(I(0xbf, 1, 15), EXIT))).toBe(FC_ILLEGAL_REGISTER);
    expect(v(assemble(movi(10, 0), EXIT))).toBe(FC_ILLEGAL_REGISTER);
    expect(v(assemble(I(0x79, 10, 1), EXIT))).toBe(FC_ILLEGAL_REGISTER);
    expect(v(assemble(wide(0x18, 10, 5n), EXIT))).toBe(FC_ILLEGAL_REGISTER);
    expect(v(assemble(I(0x7b, 10, 1, -8), EXIT))).toBe(FC_OK); // store through r10 is fine
  });
  it('-3 for jumps outside text or into the middle of a two-slot load', () => {
    expect(v(assemble(I(0x05, 0, 0, 1), EXIT))).toBe(FC_ILLEGAL_JUMP);
    expect(v(assemble(I(0x15, 1, 0, -2), EXIT))).toBe(FC_ILLEGAL_JUMP);
    expect(v(assemble(I(0x05, 0, 0, 0), EXIT))).toBe(FC_OK);
    expect(v(assemble(I(0x05, 0, 0, 1), wide(0x18, 1, 1n), EXIT))).toBe(FC_ILLEGAL_JUMP);
    expect(v(assemble(I(0x05, 0, 0, 2), wide(0x18, 1, 1n), EXIT))).toBe(FC_OK);
  });
  it('-4 for unregistered helper ids', () => {
    expect(v(assemble(I(0x85, 0, 0, 0, 0x03), EXIT))).toBe(FC_ILLEGAL_CALL);
    expect(v(assemble(I(0x85, 0, 0, 0, -1), EXIT))).toBe(FC_ILLEGAL_CALL);
    for (const id of [1, 2, 0x10, 0x11, 0x12, 0x13, 0x20, 0x21, 0x30, 0x40]) expect(v(assemble(I(0x85, 0, 0, 0, id), EXIT))).toBe(FC_OK);
  });
  it('-7 when the last instruction is not exit', () => {
    expect(v(assemble(EXIT, movi(0, 1)))).toBe(FC_NO_RETURN);
    expect(v(assemble(EXIT, I(0x18, 0, 0, 0, 0), I(0x95)))).toBe(FC_NO_RETURN); // exit opcode is the second slot
  });
  it('a failed verification stops the run and is reported', () => {
    const r = run(movi(0, 1));
    expect([r.code, r.instructions, r.message]).toEqual([FC_NO_RETURN, 0, 'verification failed: last instruction 0 is not exit']);
  });
});

describe('ALU64 semantics against a BigInt model', () => {
  const ref: Record<number, (a: bigint, b: bigint) => bigint | 'div0'> = {
    0x0: (a, b) => u(a + b), 0x1: (a, b) => u(a - b), 0x2: (a, b) => u(a * b),
    0x3: (a, b) => (b === 0n ? 'div0' : a / b), 0x4: (a, b) => a | b, 0x5: (a, b) => a & b,
    0x6: (a, b) => u(a << (b & 63n)), 0x7: (a, b) => a >> (b & 63n), 0x9: (a, b) => (b === 0n ? 'div0' : a % b),
    0xa: (a, b) => a ^ b, 0xb: (_a, b) => b, 0xc: (a, b) => u(s(a) >> (b & 63n)),
  };
  const name = ['add', 'sub', 'mul', 'div', 'or', 'and', 'lsh', 'rsh', 'neg', 'mod', 'xor', 'mov', 'arsh'];
  for (const [codeStr, f] of Object.entries(ref)) {
    const code = Number(codeStr);
    it(`${name[code]} reg and imm`, () => {
      for (const a of EDGES) {
        for (const b of EDGES) {
          const want = f(a, b);
          const r = run(wide(0x18, 1, a), wide(0x18, 2, b), I((code << 4) | 0x0f, 1, 2), movr(0, 1), EXIT);
          if (want === 'div0') expect(r.code).toBe(FC_ILLEGAL_DIV);
          else expect(u(r.r0), `${name[code]} 0x${a.toString(16)}, 0x${b.toString(16)}`).toBe(want);
        }
        for (const imm of [0, 1, 5, 31, 32, 63, 64, -1, -7, 0x7fffffff, -0x80000000]) {
          const bi = u(BigInt(imm)); // immediates are sign-extended to 64 bits
          const want = f(a, bi);
          const r = run(wide(0x18, 1, a), I((code << 4) | 0x07, 1, 0, 0, imm), movr(0, 1), EXIT);
          if (want === 'div0') expect(r.code).toBe(FC_ILLEGAL_DIV);
          else expect(u(r.r0), `${name[code]} 0x${a.toString(16)}, imm ${imm}`).toBe(want);
        }
      }
    });
  }
  it('neg (0x87 and 0x8f) is two\'s complement', () => {
    for (const a of EDGES) {
      for (const op of [0x87, 0x8f]) expect(u(run(wide(0x18, 0, a), I(op, 0), EXIT).r0)).toBe(u(-a));
    }
  });
  it('div and mod by zero stop with -9 naming the instruction', () => {
    const r = run(movi(0, 5), movi(1, 0), I(0x3f, 0, 1), EXIT);
    expect(r.code).toBe(FC_ILLEGAL_DIV);
    expect(r.message).toBe('division by zero at instruction 2 (.text+0x10: div r0, r1): division by zero');
    expect(run(movi(0, 5), I(0x97, 0, 0, 0, 0), EXIT).code).toBe(FC_ILLEGAL_DIV);
  });
  it('r0 is returned as a signed 64-bit value', () => expect(run(movi(0, -3), EXIT).r0).toBe(-3n));
});

describe('jumps', () => {
  const cmp: Record<number, (a: bigint, b: bigint) => boolean> = {
    0x1: (a, b) => a === b, 0x2: (a, b) => a > b, 0x3: (a, b) => a >= b, 0x4: (a, b) => (a & b) !== 0n, 0x5: (a, b) => a !== b,
    0x6: (a, b) => s(a) > s(b), 0x7: (a, b) => s(a) >= s(b), 0xa: (a, b) => a < b, 0xb: (a, b) => a <= b,
    0xc: (a, b) => s(a) < s(b), 0xd: (a, b) => s(a) <= s(b),
  };
  it('all conditional jumps, reg and imm, unsigned and signed', () => {
    for (const [codeStr, f] of Object.entries(cmp)) {
      const code = Number(codeStr);
      for (const a of EDGES) {
        for (const b of EDGES) {
          const r = run(wide(0x18, 1, a), wide(0x18, 2, b), movi(0, 1), I((code << 4) | 0x0d, 1, 2, 1), movi(0, 0), EXIT);
          expect(r.r0, `op ${code} 0x${a.toString(16)} 0x${b.toString(16)}`).toBe(f(a, b) ? 1n : 0n);
          expect(r.branches).toBe(f(a, b) ? 1 : 0);
        }
        for (const imm of [0, 1, -1, 0x7fffffff, -0x80000000]) {
          const r = run(wide(0x18, 1, a), movi(0, 1), I((code << 4) | 0x05, 1, 0, 1, imm), movi(0, 0), EXIT);
          expect(r.r0, `op ${code} 0x${a.toString(16)} imm ${imm}`).toBe(f(a, u(BigInt(imm))) ? 1n : 0n);
        }
      }
    }
  });
  it('branch budget: 200 taken branches by default, the next one gives -8', () => {
    // r1 = n; loop: r1 -= 1; if r1 != 0 goto loop; exit  -> n-1 taken branches
    const loop = (n: number, budget?: number) =>
      runImage(prog(movi(1, n), I(0x17, 1, 0, 0, 1), I(0x55, 1, 0, -2), movr(0, 1), EXIT), budget === undefined ? {} : { budget });
    const ok = loop(201);
    expect([ok.code, ok.branches, ok.instructions]).toEqual([FC_OK, 200, 1 + 2 * 201 + 2]);
    const over = loop(202);
    expect([over.code, over.branches]).toEqual([FC_OUT_OF_BRANCHES, 200]);
    expect(loop(11, 10).code).toBe(FC_OK);
    expect(loop(12, 10).code).toBe(FC_OUT_OF_BRANCHES);
    expect(run(I(0x05, 0, 0, -1), EXIT).code).toBe(FC_OUT_OF_BRANCHES); // ja counts too
  });
});

describe('memory', () => {
  const img = (text: Uint8Array) => ({ data: new Uint8Array(16), rodata: Uint8Array.from([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]), text, functions: [] });
  it('every store and load width on the stack round-trips and zero-extends', () => {
    const v = 0xfedcba9876543210n;
    for (const [st, ld, mask] of [[0x73, 0x71, 0xffn], [0x6b, 0x69, 0xffffn], [0x63, 0x61, 0xffffffffn], [0x7b, 0x79, M64]] as const) {
      const r = run(wide(0x18, 1, v), I(0x7a, 10, 0, -8, -1), I(st, 10, 1, -8), I(ld, 0, 10, -8), EXIT);
      expect(u(r.r0)).toBe(v & mask);
      // ST imm sign-extends imm, then truncates to the width
      const r2 = run(I(0x7a, 10, 0, -8, 0), I(st - 1, 10, 0, -8, -2), I(0x79, 0, 10, -8), EXIT);
      expect(u(r2.r0)).toBe(u(-2n) & mask);
    }
  });
  it('loads are little-endian; LDDW and 0xD8/0xB8 relative loads', () => {
    const r = runImage(img(assemble(wide(0xd8, 1, 2n), I(0x69, 0, 1, 0), EXIT)));
    expect(r.r0).toBe(0x4433n);
    expect(runImage(img(assemble(wide(0xd8, 0, 5n), EXIT))).r0).toBe(BigInt(LAYOUT.rodata + 5));
    expect(runImage(img(assemble(wide(0xb8, 0, 3n), EXIT))).r0).toBe(BigInt(LAYOUT.data + 3));
    expect(u(run(wide(0x18, 0, 0x1122334455667788n), EXIT).r0)).toBe(0x1122334455667788n);
    // .data is writable and persists across runs of one container
    const c = new FemtoContainer(img(assemble(wide(0xb8, 1, 8n), I(0x79, 0, 1, 0), I(0x07, 0, 0, 0, 3), I(0x7b, 1, 0, 0), EXIT)));
    expect([c.run().r0, c.run().r0, c.run().r0]).toEqual([3n, 6n, 9n]);
  });
  it('-2 for accesses outside regions, straddling a region end, or writing rodata', () => {
    const bad = (text: Uint8Array, pattern: RegExp) => {
      const r = runImage(img(text));
      expect(r.code).toBe(FC_ILLEGAL_MEM);
      expect(r.message).toMatch(pattern);
    };
    bad(assemble(I(0x79, 0, 10, 0), EXIT), /8-byte load from 0x10000200 is not inside one readable region/); // just above the stack
    bad(assemble(I(0x79, 0, 10, -520), EXIT), /8-byte load from 0xffffff8 is not inside/); // just below the stack
    bad(assemble(I(0x61, 0, 10, -514), EXIT), /4-byte load from 0xffffffe/); // straddles the stack start
    bad(assemble(wide(0xd8, 1, 6n), I(0x61, 0, 1, 0), EXIT), /4-byte load from 0x30000006/); // straddles rodata end
    bad(assemble(wide(0xd8, 1, 0n), I(0x72, 1, 0, 0, 1), EXIT), /1-byte store to 0x30000000 is not inside one writable region/);
    bad(assemble(movi(1, 0), I(0x71, 0, 1, 0), EXIT), /load from 0x0 /); // NULL
    bad(assemble(wide(0x18, 1, 0x100000000n + BigInt(LAYOUT.stack)), I(0x71, 0, 1, 0), EXIT), /load from 0x110000000/);
    expect(runImage(img(assemble(wide(0xd8, 1, 4n), I(0x61, 0, 1, 0), EXIT))).r0).toBe(0x88776655n); // exactly at the end is fine
  });
  it('context: r1 points to it, read-only when asked, r1 = 0 without context', () => {
    const ctx = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const text = assemble(I(0x79, 0, 1, 0), I(0x7b, 1, 0, 0), EXIT);
    expect(runImage(img(text), { ctx }).r0).toBe(0x0807060504030201n);
    const ro = runImage(img(text), { ctx, ctxWritable: false });
    expect(ro.code).toBe(FC_ILLEGAL_MEM);
    expect(runImage(img(assemble(movr(0, 1), EXIT))).r0).toBe(0n);
    expect(runImage(img(assemble(movr(0, 1), EXIT)), { ctx }).r0).toBe(BigInt(LAYOUT.ctx));
  });
  it('extra host regions', () => {
    const extra = { name: 'buf', start: 0x50000000, bytes: new Uint8Array(4), writable: true };
    const r = runImage(img(assemble(wide(0x18, 1, 0x50000000n), I(0x62, 1, 0, 0, 0x1234), EXIT)), { extraRegions: [extra] });
    expect(r.code).toBe(FC_OK);
    expect(Array.from(extra.bytes)).toEqual([0x34, 0x12, 0, 0]);
  });
});

describe('helpers', () => {
  const rodataOf = (s: string) => {
    const b = new Uint8Array(Math.ceil((s.length + 1) / 8) * 8);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  };
  const withFmt = (fmt: string, ...regs: bigint[]) => runImage({
    data: new Uint8Array(8), rodata: rodataOf(fmt), functions: [],
    text: assemble(wide(0xd8, 1, 0n), ...regs.map((v, i) => wide(0x18, i + 2, v)), I(0x85, 0, 0, 0, 1), EXIT),
  });
  it('printf conversions with and without l/ll', () => {
    const r = withFmt('%d|%i|%u|%x|%c|%%|%ld|%llu|%lx|%q', u(-5n), 0x1ffffffffn, u(-1n), 0xabcdefn);
    expect(r.code).toBe(FC_OK);
    expect(r.output).toBe(`-5|-1|${0xffffffff}|abcdef|\0|%|0|0|0|%q`);
    const r2 = withFmt('%ld %llu %lx %lld', u(-5n), u(-1n), 0x123456789n, 0x8000000000000000n);
    expect(r2.output).toBe('-5 18446744073709551615 123456789 -9223372036854775808');
    expect(r2.r0).toBe(BigInt(r2.output.length));
    expect(withFmt('%c%c', 0x141n, 0x42n).output).toBe('AB');
  });
  it('printf %s reads a string from a readable region; bad pointers give -2', () => {
    const rodata = rodataOf('<%s>\0inner');
    const text = (ptr: ReturnType<typeof wide>) => assemble(wide(0xd8, 1, 0n), ptr, I(0x85, 0, 0, 0, 1), EXIT);
    expect(runImage({ data: new Uint8Array(8), rodata, functions: [], text: text(wide(0xd8, 2, 5n)) }).output).toBe('<inner>');
    const bad = runImage({ data: new Uint8Array(8), rodata, functions: [], text: text(wide(0x18, 2, 0x1234n)) });
    expect(bad.code).toBe(FC_ILLEGAL_MEM);
    expect(bad.message).toMatch(/printf: %s argument 0x1234/);
    const unterminated = runImage({ data: new Uint8Array(8), rodata: Uint8Array.from([0x41, 0x42]), functions: [], text: text(wide(0x18, 2, 0n)) });
    expect(unterminated.code).toBe(FC_ILLEGAL_MEM);
    expect(unterminated.message).toMatch(/printf: format string/);
  });
  it('printf output is bounded to 128 bytes per call', () => {
    const r = withFmt('x'.repeat(100) + '%lu%lu', 10n ** 19n - 1n, 10n ** 19n - 1n);
    expect(r.output.length).toBe(128);
  });
  it('memcpy checks both ranges and returns dst', () => {
    const text = (len: number, dst: ReturnType<typeof wide>) => assemble(dst, wide(0xd8, 2, 0n), movi(3, len), I(0x85, 0, 0, 0, 2), EXIT);
    const image = (t: Uint8Array) => ({ data: new Uint8Array(8), rodata: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), functions: [], text: t });
    const c = new FemtoContainer(image(text(6, wide(0xb8, 1, 1n))));
    const r = c.run();
    expect([r.code, r.r0]).toEqual([FC_OK, BigInt(LAYOUT.data + 1)]);
    expect(Array.from(c.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 0]);
    expect(runImage(image(text(8, wide(0xb8, 1, 1n)))).code).toBe(FC_ILLEGAL_MEM); // dst overflows .data
    expect(runImage(image(text(4, wide(0xd8, 1, 0n)))).code).toBe(FC_ILLEGAL_MEM); // dst read-only
    expect(runImage(image(text(9, wide(0xb8, 1, 0n)))).code).toBe(FC_ILLEGAL_MEM); // src overflows .rodata
  });
  it('key-value stores: local per container, global shared, capacity 16, fetch of absent key = 0', () => {
    // store(key=r6, value=r6*10) for keys 1..17 then fetch key 5 and 99 into the stack
    const text = (storeId: number, fetchId: number) => assemble(
      movi(6, 1),
      movr(1, 6), movr(2, 6), I(0x27, 2, 0, 0, 10), I(0x85, 0, 0, 0, storeId), movr(7, 0), I(0x07, 6, 0, 0, 1), I(0x55, 6, 0, -7, 18),
      movi(1, 5), movr(2, 10), I(0x07, 2, 0, 0, -8), I(0x85, 0, 0, 0, fetchId),
      movi(1, 99), movr(2, 10), I(0x07, 2, 0, 0, -16), I(0x7a, 10, 0, -16, 77), I(0x85, 0, 0, 0, fetchId),
      I(0x79, 0, 10, -8), I(0x79, 8, 10, -16), I(0x27, 8, 0, 0, 1000), I(0x0f, 0, 8), I(0x27, 7, 0, 0, 100000), I(0x0f, 0, 7), EXIT);
    const global = new KvStore();
    const r = runImage({ ...prog(), text: text(0x11, 0x13) }, { kvGlobal: global });
    expect(r.code).toBe(FC_OK);
    // key 17 did not fit: last store returned -1 -> r7 = -1
    expect(r.r0).toBe(50n + 0n * 1000n - 100000n);
    expect(global.entries.size).toBe(16);
    const c = new FemtoContainer({ ...prog(), text: text(0x10, 0x12) });
    expect(c.run().r0).toBe(50n - 100000n);
    expect(c.kvLocal.fetch(16)).toBe(160n);
    // fetch through a bad pointer
    expect(run(movi(1, 1), movi(2, 0), I(0x85, 0, 0, 0, 0x12), EXIT).code).toBe(FC_ILLEGAL_MEM);
  });
  it('now_ms / now_us from the supplied clock, sensor values, gpio', () => {
    const clk = { clockUs: () => 5_432_198n };
    expect(runImage(prog(I(0x85, 0, 0, 0, 0x20), EXIT), clk).r0).toBe(5432n);
    expect(runImage(prog(I(0x85, 0, 0, 0, 0x21), EXIT), clk).r0).toBe(5432198n);
    expect(runImage(prog(I(0x85, 0, 0, 0, 0x20), EXIT)).r0).toBe(0n);
    expect(runImage(prog(movi(1, 0), I(0x85, 0, 0, 0, 0x30), EXIT)).r0).toBe(100n);
    expect(runImage(prog(movi(1, 0), I(0x85, 0, 0, 0, 0x30), EXIT), { sensors: new Map([[0, -12n]]) }).r0).toBe(-12n);
    expect(runImage(prog(movi(1, 3), I(0x85, 0, 0, 0, 0x30), EXIT)).r0).toBe(-1n);
    const g = runImage(prog(movi(1, 17), movi(2, 1), I(0x85, 0, 0, 0, 0x40), EXIT));
    expect([g.r0, g.gpio]).toEqual([0n, [{ pin: 17, value: 1 }]]);
  });
});

describe('entry points', () => {
  const image = { data: new Uint8Array(8), rodata: Uint8Array.from([0x61, 0, 0x62, 0, 0, 0, 0, 0]), text: assemble(movi(0, 1), EXIT, movi(0, 2), EXIT, wide(0x18, 0, 3n), EXIT),
    functions: [{ name: 'a', nameOffset: 0, flags: 0, textOffset: 0 }, { name: 'b', nameOffset: 2, flags: 0, textOffset: 16 }] };
  it('by name or offset', () => {
    expect(runImage(image, { entry: 'b' }).r0).toBe(2n);
    expect(runImage(image, { entry: 32 }).r0).toBe(3n);
    expect(runImage(image).r0).toBe(1n);
  });
  it('unknown name or bad offsets are -3', () => {
    expect(runImage(image, { entry: 'zz' }).message).toBe('no function named "zz" (functions: a, b)');
    expect(runImage(image, { entry: 40 }).code).toBe(FC_ILLEGAL_JUMP); // second slot of the lddw
    expect(runImage(image, { entry: 4 }).code).toBe(FC_ILLEGAL_JUMP);
    expect(runImage(image, { entry: 64 }).code).toBe(FC_ILLEGAL_JUMP);
  });
});
