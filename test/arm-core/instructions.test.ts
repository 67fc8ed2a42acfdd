/**
 * Per-instruction semantics on hand-assembled code (encodings produced once with arm-none-eabi-as
 * from the assembly in each comment; the toolchain is not needed to run the tests).
 */
import { describe, expect, it } from 'vitest';
import { codeMachine, runToLoop, regs, HANDLER } from './helpers.js';

function run(code: number[]) {
  const { m, cpu } = codeMachine(code);
  runToLoop(m);
  return { m, cpu, r: regs(m) };
}
const flags = (xpsr: number) => (xpsr >>> 28) & 0xf; // NZCV

describe('data processing', () => {
  it('adds sets carry and zero (movs r0,#1; mvn r1,#0; adds r2,r0,r1)', () => {
    const { r } = run([0x2001, 0xf06f, 0x0100, 0x1842, 0xe7fe]);
    expect(r.r2).toBe(0);
    expect(flags(r.xpsr)).toBe(0b0110);
  });
  it('subs borrows, cmp equal (movs r0,#5; subs r1,r0,#7; cmp r0,#5)', () => {
    const { r } = run([0x2005, 0x1fc1, 0x2805, 0xe7fe]);
    expect(r.r1).toBe(0xfffffffe);
    expect(flags(r.xpsr)).toBe(0b0110);
  });
  it('IT blocks: ite eq / itt ne', () => {
    const { r } = run([0x2003, 0x2803, 0xbf0c, 0x210a, 0x2114, 0xbf1c, 0x2201, 0x3205, 0xe7fe]);
    expect(r.r1).toBe(10);
    expect(r.r2).toBe(0);
  });
  it('movw/movt', () => {
    expect(run([0xf245, 0x6078, 0xf2c1, 0x2034, 0xe7fe]).r.r0).toBe(0x12345678);
  });
  it('udiv/sdiv, division by zero gives 0 without DIV_0_TRP', () => {
    const { r } = run([0x2064, 0x2107, 0xfbb0, 0xf2f1, 0xf06f, 0x0363, 0xfb93, 0xf4f1, 0x2500, 0xfbb0, 0xf6f5, 0xe7fe]);
    expect(r.r2).toBe(14);
    expect(r.r4 | 0).toBe(-14);
    expect(r.r6).toBe(0);
  });
  it('shifts: lsls #31 carry, asrs, lsl by register >= 32, rors #1', () => {
    const { r } = run([0x2003, 0x07c1, 0x104a, 0x2321, 0xfa10, 0xf403, 0xea5f, 0x0570, 0xe7fe]);
    expect(r.r1).toBe(0x80000000);
    expect(r.r2).toBe(0xc0000000);
    expect(r.r4).toBe(0);
    expect(r.r5).toBe(0x80000001);
    expect(flags(r.xpsr) & 0b0010).toBe(0b0010); // C from ror
  });
  it('bitfield and bit ops: ubfx sbfx bfi clz rbit rev', () => {
    const { r } = run([0x4806, 0xf3c0, 0x1107, 0xf340, 0x7203, 0xf361, 0x0003, 0xfab1, 0xf381, 0xfa91, 0xf4a1, 0xba05, 0xe7fe, 0x0000, 0x5678, 0x1234]);
    expect(r.r1).toBe(0x67);
    expect(r.r2).toBe(1);
    expect(r.r0).toBe(0x12345677);
    expect(r.r3).toBe(25);
    expect(r.r4).toBe(0xe6000000);
    expect(r.r5).toBe(0x77563412);
  });
  it('long multiplies: umull smull umlal', () => {
    const { r } = run([0xf04f, 0x30ff, 0x2102, 0xfba0, 0x2301, 0xfb80, 0x4501, 0x2601, 0x2700, 0xfbe0, 0x6701, 0xe7fe]);
    expect([r.r2, r.r3]).toEqual([0xfffffffe, 1]);
    expect([r.r4, r.r5]).toEqual([0xfffffffe, 0xffffffff]);
    expect([r.r6, r.r7]).toEqual([0xffffffff, 1]);
  });
  it('saturation sets Q: ssat #16, usat #8', () => {
    const { r } = run([0x4803, 0xf300, 0x010f, 0xf380, 0x0208, 0xf3ef, 0x8300, 0xe7fe, 0x86a0, 0x0001]);
    expect(r.r1).toBe(0x7fff);
    expect(r.r2).toBe(0xff);
    expect((r.r3 >>> 27) & 1).toBe(1);
  });
  it('SIMD: uadd8 sets GE, sel picks lanes, qadd16 saturates', () => {
    const { r } = run([0x4805, 0x4906, 0xfa80, 0xf241, 0xf3ef, 0x8300, 0xfaa0, 0xf481, 0xfa90, 0xf511, 0xe7fe, 0x0000, 0x0102, 0x80ff, 0x0203, 0x8001]);
    expect(r.r2).toBe(0x00000305);
    expect((r.r3 >>> 16) & 0xf).toBe(0b1100);
    expect(r.r4).toBe(0x80ff0203);
    expect(r.r5).toBe(0x80000305);
  });
});

describe('memory', () => {
  it('str/ldrb/ldrsh, pre-index writeback, post-index', () => {
    const { m, r } = run([0x4805, 0x4906, 0x6041, 0x7902, 0xf9b0, 0x3006, 0xf840, 0x1d01, 0xf850, 0x4b05, 0xe7fe, 0x0000, 0x0100, 0x2000, 0xbeef, 0xdead]);
    expect(m.bus.peek32(0x20000104)).toBe(0xdeadbeef);
    expect(r.r2).toBe(0xef);
    expect(r.r3).toBe(0xffffdead);
    expect(r.r4).toBe(0xdeadbeef); // loaded from 0x200000ff (unaligned word access allowed)
    expect(r.r0).toBe(0x20000104);
  });
  it('push/pop', () => {
    const { r } = run([0x2404, 0x2505, 0xb530, 0x2400, 0x2500, 0xbc30, 0xb001, 0xe7fe]);
    expect([r.r4, r.r5, r.sp]).toEqual([4, 5, 0x20001000]);
  });
  it('unaligned LDRD raises UsageFault UNALIGNED (escalated to HardFault: UsageFault disabled)', () => {
    const { m } = codeMachine([0x4801, 0xe9d0, 0x1200, 0xe7fe, 0x0102, 0x2000]);
    runToLoop(m);
    const r = regs(m);
    expect(r.pc).toBe(HANDLER);
    expect(r.xpsr & 0x1ff).toBe(3);
    expect(r.cfsr).toBe(1 << 24);
    expect(r.hfsr >>> 30).toBe(1);
  });
  it('tbb branches through the table', () => {
    expect(run([0x2001, 0xe8df, 0xf000, 0x0302, 0x210a, 0xe7fe, 0x2114, 0xe7fe]).r.r1).toBe(20);
  });
});

describe('exceptions', () => {
  it('svc enters the handler with an 8-word frame and EXC_RETURN', () => {
    const { m } = codeMachine([0xdf01, 0xe7fe]);
    runToLoop(m);
    const r = regs(m);
    expect(r.pc).toBe(HANDLER);
    expect(r.xpsr & 0x1ff).toBe(11);
    expect(r.lr).toBe(0xfffffff9);
    expect(r.sp).toBe(0x20001000 - 32);
    expect(m.bus.peek32(r.sp + 24)).toBe(0x102); // return address
  });
  it('a fault inside HardFault locks up', () => {
    // handler: udf #0 -> UsageFault while in HardFault (priority -1) -> lockup
    const { m, cpu } = codeMachine([0xde00, 0xe7fe], [0xde00, 0xe7fe]);
    for (let i = 0; i < 10 && !cpu.halted; i++) {
      m.sched.beginSlice(m.sched.now + 1);
      cpu.run();
    }
    expect(cpu.halted?.kind).toBe('lockup');
  });
});
