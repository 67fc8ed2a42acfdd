/**
 * The interpreter's direct paths (cpu/arm/core.ts run()): RAM/flash accesses that skip the bus must
 * behave exactly as the bus path, including CCR.UNALIGN_TRP and the MPU (whose verdicts are cached
 * per 32-byte granule), and the exact integer arithmetic that replaced BigInt in long multiplies.
 * Code assembled once with arm-none-eabi-as from the assembly in each comment.
 */
import { describe, expect, it } from 'vitest';
import { codeMachine, runToLoop, regs, CODE, HANDLER } from './helpers.js';
import { CCR_UNALIGN_TRP } from '../../cpu/arm/core.js';

const UFSR_UNALIGNED = 1 << 24;
const MMFSR_DACCVIOL_MMARVALID = 0x82;
const MPU_CTRL = 0xe000ed94;
const MPU_RNR = 0xe000ed98;
const MPU_RBAR = 0xe000ed9c;
const MPU_RASR = 0xe000eda0;

describe('CCR.UNALIGN_TRP', () => {
  // movw r0,#0x101; movt r0,#0x2000; <op>; b .
  const prog = (op: number) => [0xf240, 0x1001, 0xf2c2, 0x0000, op, 0xe7fe];
  for (const [name, op] of [['ldr r1,[r0]', 0x6801], ['ldrh r1,[r0]', 0x8801], ['str r1,[r0]', 0x6001]] as const) {
    it(`${name} at an odd address faults with UNALIGNED when the trap is on, and not when off`, () => {
      const on = codeMachine(prog(op));
      on.cpu.ccr |= CCR_UNALIGN_TRP;
      runToLoop(on.m);
      const r = regs(on.m);
      expect(r.pc).toBe(HANDLER);
      expect(r.cfsr).toBe(UFSR_UNALIGNED);
      const off = codeMachine(prog(op));
      runToLoop(off.m);
      expect(regs(off.m).pc).not.toBe(HANDLER);
      expect(regs(off.m).cfsr).toBe(0);
    });
  }
});

describe('MPU on the direct load/store path', () => {
  /** Region 0: 32 bytes at 0x20002000 with access permission ap; MPU on with PRIVDEFENA. */
  function mpu(m: ReturnType<typeof codeMachine>['m'], ap: number): void {
    m.bus.write32(MPU_RNR, 0);
    m.bus.write32(MPU_RBAR, 0x20002000);
    m.bus.write32(MPU_RASR, (ap << 24) | (4 << 1) | 1);
    m.bus.write32(MPU_CTRL, 5);
  }
  // movw r0,#0x2004; movt r0,#0x2000; ldr r1,[r0]; <store>; b .
  const prog = (store: number[]) => [0xf242, 0x0004, 0xf2c2, 0x0000, 0x6801, ...store, 0xe7fe];
  const stores: Array<[string, number[]]> = [
    ['str r1,[r0]', [0x6001]],
    ['strb r1,[r0]', [0x7001]],
    ['strh r1,[r0]', [0x8001]],
    ['strd r1,r2,[r0]', [0xe9c0, 0x1200]],
    ['stmia r0,{r1,r2}', [0xe880, 0x0006]],
  ];
  for (const [name, code] of stores) {
    it(`${name} into a read-only region faults (MemManage DACCVIOL, MMFAR); the load before it passes`, () => {
      const { m } = codeMachine(prog(code));
      mpu(m, 6); // read-only
      runToLoop(m);
      const r = regs(m);
      expect(r.pc).toBe(HANDLER);
      expect(r.cfsr).toBe(MMFSR_DACCVIOL_MMARVALID);
      expect(r.mmfar).toBe(0x20002004);
      expect(r.r1).toBe(0); // loaded
    });
    it(`${name}: cached verdicts follow MPU reconfiguration (read-write, then read-only)`, () => {
      const { m, cpu } = codeMachine(prog(code));
      mpu(m, 3); // full access: the program runs through, its granule's verdict is cached
      runToLoop(m);
      expect(regs(m).pc).not.toBe(HANDLER);
      expect(regs(m).cfsr).toBe(0);
      m.bus.write32(MPU_RASR, (6 << 24) | (4 << 1) | 1); // read-only
      cpu.pcv = CODE;
      runToLoop(m);
      expect(regs(m).pc).toBe(HANDLER);
      expect(regs(m).cfsr).toBe(MMFSR_DACCVIOL_MMARVALID);
    });
  }
  it('addresses outside RAM/flash use a verdict cache that follows reconfiguration', () => {
    // movw r0,#0; movt r0,#0x4000; ldr r1,[r0]; b .   (nothing mapped at 0x40000000 in this machine)
    const { m, cpu } = codeMachine([0xf240, 0x0000, 0xf2c4, 0x0000, 0x6801, 0xe7fe]);
    m.bus.write32(MPU_RNR, 0);
    m.bus.write32(MPU_RBAR, 0x40000000);
    m.bus.write32(MPU_RASR, (0 << 24) | (4 << 1) | 1); // no access
    m.bus.write32(MPU_CTRL, 5);
    runToLoop(m);
    expect(regs(m).pc).toBe(HANDLER);
    expect(regs(m).cfsr).toBe(MMFSR_DACCVIOL_MMARVALID); // the MPU answers before the bus
    expect(regs(m).mmfar).toBe(0x40000000);
    m.bus.write32(MPU_RASR, (3 << 24) | (4 << 1) | 1); // full access: now the bus faults
    // back to thread mode at the start (the handler is a 'b .'; MSP is the stack in both modes)
    cpu.cfsr = 0;
    cpu.ipsr = 0;
    cpu.active.fill(0);
    cpu.activeCount = 0;
    cpu.pcv = CODE;
    runToLoop(m);
    expect(regs(m).cfsr).toBe(0x8200); // BusFault PRECISERR + BFARVALID
    expect(regs(m).bfar).toBe(0x40000000);
  });
  it('privileged read-write / unprivileged read-only (AP 2): the store faults only after CONTROL.nPRIV is set', () => {
    // movw r0,#0x2004; movt r0,#0x2000; ldr r1,[r0]; movs r3,#1; msr control,r3; isb; ldr r2,[r0]; str r1,[r0]; b .
    const code = [0xf242, 0x0004, 0xf2c2, 0x0000, 0x6801, 0x2301, 0xf383, 0x8814, 0xf3bf, 0x8f6f, 0x6802, 0x6001, 0xe7fe];
    const { m } = codeMachine(code);
    mpu(m, 2);
    // Region 1: the first 2 KiB of flash (vectors, code, handler) readable and executable by
    // unprivileged code, else its fetches after the msr fault (IACCVIOL: the background region
    // serves privileged accesses only).
    m.bus.write32(MPU_RNR, 1);
    m.bus.write32(MPU_RBAR, 0);
    m.bus.write32(MPU_RASR, (3 << 24) | (10 << 1) | 1);
    m.bus.write32(0x20002004, 0x1234);
    runToLoop(m);
    const r = regs(m);
    expect(r.pc).toBe(HANDLER);
    expect(r.r2).toBe(0x1234); // the unprivileged load passed
    expect(r.cfsr).toBe(MMFSR_DACCVIOL_MMARVALID);
    expect(r.mmfar).toBe(0x20002004);
  });
});

describe('a region with dynamic read timing (bus ReadModel)', () => {
  it('is left to the bus: literal loads from it ask the model, which sets their wait states', () => {
    // ldr r1, [pc, #4]; ldr r2, [pc, #8]; b .; (pad) .word 0x11111111, 0x22222222
    const ldr2 = (m: ReturnType<typeof codeMachine>['m']) => {
      const t0 = m.sched.now;
      return runToLoop(m) - t0;
    };
    const plain = codeMachine([0x4901, 0x4a02, 0xe7fe, 0xbf00, 0x1111, 0x1111, 0x2222, 0x2222]);
    const base = ldr2(plain.m);
    const timed = codeMachine([0x4901, 0x4a02, 0xe7fe, 0xbf00, 0x1111, 0x1111, 0x2222, 0x2222]);
    const seen: number[] = [];
    timed.m.bus.regionAt(0)!.readModel = { read: (addr, size) => (seen.push(addr, size), 7) };
    const cycles = ldr2(timed.m);
    expect(seen).toEqual([0x108, 4, 0x10c, 4]);
    expect(cycles - base).toBe(2 * 7);
    expect(regs(timed.m).r2 >>> 0).toBe(0x22222222);
  });
});

describe('MPU instruction fetch (B3.5)', () => {
  it('an unprivileged thread with no region covering its code faults on the next fetch (IACCVIOL, no MMFAR)', () => {
    // movs r3,#1; msr control,r3; isb; movs r4,#5; b .
    const { m } = codeMachine([0x2301, 0xf383, 0x8814, 0xf3bf, 0x8f6f, 0x2405, 0xe7fe]);
    m.bus.write32(MPU_CTRL, 5); // ENABLE | PRIVDEFENA, no region
    runToLoop(m);
    const r = regs(m);
    expect(r.pc).toBe(HANDLER);
    expect(r.r4).toBe(0);
    expect(r.cfsr).toBe(1); // IACCVIOL
  });
});

describe('long multiplies without BigInt', () => {
  const U = (v: number) => BigInt(v >>> 0);
  const S = (v: number) => BigInt(v | 0);
  it('mul64 equals the BigInt product, signed and unsigned', () => {
    const { cpu } = codeMachine([0xe7fe]);
    const edge = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 0x8000, -0x8000, 0x12345678, -0x12345678];
    let seed = 99;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
    const vals = [...edge];
    for (let i = 0; i < 400; i++) vals.push(rnd());
    for (const a of vals) {
      for (const b of vals.slice(0, 60)) {
        for (const signed of [false, true]) {
          const lo = cpu.mul64(a, b, signed);
          const p = signed ? S(a) * S(b) : U(a) * U(b);
          expect([lo, cpu['mhi']]).toEqual([Number(BigInt.asIntN(32, p)), Number(BigInt.asIntN(32, p >> 32n))]);
        }
      }
    }
  });
  it('umaal smmls smmlsr smmlar smulwt smlawb smlal usad8 match the ARM ARM pseudo-code', () => {
    // r0=0x89abcdef r1=0x12345678 r2=0xfedcba98 r3=0x7f00ff01 (movw/movt); mov r4,r2; mov r5,r3
    // umaal r4,r5,r0,r1; smmls r6,r0,r1,r2; smmlsr r7,r0,r1,r2; smmlar r8,r0,r1,r3; smulwt r9,r0,r1
    // smlawb r10,r0,r3,r2; mov r11,r2; mov r12,r3; smlal r11,r12,r0,r1; usad8 lr,r0,r3; b .
    const code = [0xf64c, 0x50ef, 0xf6c8, 0x10ab, 0xf245, 0x6178, 0xf2c1, 0x2134, 0xf64b, 0x2298, 0xf6cf, 0x62dc, 0xf64f, 0x7301, 0xf6c7, 0x7300, 0x4614, 0x461d, 0xfbe0, 0x4561, 0xfb60, 0x2601, 0xfb60, 0x2711, 0xfb50, 0x3811, 0xfb30, 0xf911, 0xfb30, 0x2a03, 0x4693, 0x469c, 0xfbc0, 0xbc01, 0xfb70, 0xfe03, 0xe7fe];
    const { m } = codeMachine(code);
    runToLoop(m);
    const r = regs(m);
    const a = 0x89abcdef | 0, b = 0x12345678, c = 0xfedcba98 | 0, e = 0x7f00ff01;
    const lo32 = (v: bigint) => Number(BigInt.asUintN(32, v));
    const umaal = U(a) * U(b) + U(c) + U(e);
    expect([r.r4, r.r5]).toEqual([lo32(umaal), lo32(umaal >> 32n)]);
    const mls = (S(c) << 32n) - S(a) * S(b);
    expect(r.r6).toBe(lo32(mls >> 32n));
    expect(r.r7).toBe(lo32((mls + 0x80000000n) >> 32n));
    expect(r.r8).toBe(lo32(((S(e) << 32n) + S(a) * S(b) + 0x80000000n) >> 32n));
    expect(r.r9).toBe(lo32((S(a) * BigInt(b >> 16)) >> 16n));
    expect(r.r10).toBe(lo32(((S(a) * BigInt((e << 16) >> 16)) >> 16n) + S(c)));
    const smlal = ((S(e) << 32n) | U(c)) + S(a) * S(b);
    expect([r.r11, r.r12]).toEqual([lo32(smlal), lo32(smlal >> 32n)]);
    let sad = 0;
    for (let i = 0; i < 32; i += 8) sad += Math.abs(((a >>> i) & 0xff) - ((e >>> i) & 0xff));
    expect(r.lr).toBe(sad);
  });
});
