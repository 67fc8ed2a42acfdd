/** E31 core: instruction semantics, CSRs, traps, interrupts and the E31 timing rules (exact cycles). */
import { describe, it, expect } from 'vitest';
import { rv, machineWith, runTo, DTIM, FLASH, MCYCLE, MINSTRET } from './helpers.js';
import { divLatency, E31 } from '../../cpu/riscv/timing.js';
import { ICache } from '../../peripherals/icache.js';

const A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, T0 = 5, T1 = 6, T2 = 7, SP = 2;

/** Runs `body` and returns the registers at the final halt. */
function exec(body: number[], base = DTIM) {
  const words = [...body, rv.halt()];
  const { m, cpu } = machineWith(words, base);
  runTo(m, base + 4 * body.length);
  expect(cpu.halted).toBeNull();
  return { r: cpu.x, cpu, m };
}

/** Cycles taken by `seq`, measured by the program itself with mcycle (what firmware sees). */
function cyclesOf(seq: number[], setup: number[] = [], base = DTIM): number {
  const { r } = exec([...setup, rv.csrrs(T0, MCYCLE, 0), ...seq, rv.csrrs(T1, MCYCLE, 0), rv.sub(T2, T1, T0)], base);
  return r[T2] - 1; // minus the first csrr itself
}

describe('RV32IM semantics', () => {
  it('arithmetic, lui, x0 stays zero', () => {
    const { r } = exec([rv.addi(A0, 0, -5), rv.addi(A1, A0, 7), rv.lui(A2, 0xfffff), rv.addi(0, 0, 123), rv.sub(A3, A0, A1)]);
    expect([r[A0], r[A1], r[A2] >>> 0, r[0], r[A3]]).toEqual([-5, 2, 0xfffff000, 0, -7]);
  });
  it('multiply high parts and division corner cases (Vol. I §7.2 table 7.1)', () => {
    const { r } = exec([
      rv.lui(A0, 0x80000), // a0 = INT_MIN
      rv.addi(A1, 0, -1),
      rv.div(A2, A0, A1), // overflow -> INT_MIN
      rv.rem(A3, A0, A1), // -> 0
      rv.divu(14, A1, 0), // /0 -> all ones
      rv.rem(15, A1, 0), // %0 -> dividend
      rv.mulh(16, A0, A1), // INT_MIN * -1 high = 0
      rv.mulhu(17, A1, A1), // 0xffffffff^2 high = 0xfffffffe
      rv.mulhsu(28, A1, A1), // -1 * 0xffffffff high = -1
      rv.mul(29, A0, A1),
    ]);
    expect([r[A2] >>> 0, r[A3], r[14], r[15], r[16], r[17] >>> 0, r[28], r[29] >>> 0]).toEqual([0x80000000, 0, -1, -1, 0, 0xfffffffe, -1, 0x80000000]);
  });
  it('loads and stores with sign extension; LR/SC and AMOs', () => {
    const { r, m } = exec([
      rv.lui(SP, DTIM >>> 12), rv.addi(SP, SP, 0x400),
      rv.addi(A0, 0, -2), rv.sw(A0, SP, 0), rv.lb(A1, SP, 0), rv.lh(A2, SP, 2), rv.lw(A3, SP, 0),
      rv.lr(14, SP), rv.addi(15, 0, 9), rv.sc(16, SP, 15), rv.sc(17, SP, 15), // second SC fails
      rv.amoadd(28, SP, 15), rv.amomaxu(29, SP, A0),
    ]);
    expect([r[A1], r[A2], r[A3], r[14], r[16], r[17], r[28], r[29]]).toEqual([-2, -1, -2, -2, 0, 1, 9, 18]);
    expect(m.bus.peek32(DTIM + 0x400)).toBe(0xfffffffe);
  });
});

describe('predecode cache', () => {
  it('code rewritten in DTIM runs as rewritten (store + FENCE.I)', () => {
    const T1 = 6;
    const prog = [
      rv.addi(A1, 0, 0),
      rv.addi(A0, A0, 1), // 0x04: rewritten below to addi a0, a0, 100
      rv.bne(A1, 0, 0x28 - 0x08),
      rv.addi(A1, 0, 1),
      rv.lui(T0, DTIM >>> 12),
      rv.lw(T1, T0, 0x2c),
      rv.sw(T1, T0, 4),
      0x0000100f, // fence.i
      rv.jal(0, 0x04 - 0x20),
      rv.addi(0, 0, 0),
      rv.halt(), // 0x28
      rv.addi(A0, A0, 100), // 0x2c: the new instruction, as data
    ];
    const { m, cpu } = machineWith(prog);
    runTo(m, DTIM + 0x28);
    expect(cpu.pc >>> 0).toBe(DTIM + 0x28);
    expect(cpu.x[A0]).toBe(101);
  });
});

describe('CSRs', () => {
  it('misa, mvendorid, mhartid; mcycle/minstret writable and counting', () => {
    const { r } = exec([
      rv.csrrs(A0, 0x301, 0), rv.csrrs(A1, 0xf11, 0), rv.csrrs(A2, 0xf14, 0),
      rv.addi(T0, 0, 100), rv.csrrw(0, MINSTRET, T0), rv.csrrs(A3, MINSTRET, 0),
      rv.csrrw(0, MCYCLE, 0), rv.addi(0, 0, 0), rv.csrrs(14, MCYCLE, 0),
    ]);
    expect(r[A0] >>> 0).toBe(0x40101105);
    expect(r[A1]).toBe(0x489);
    expect(r[A2]).toBe(0);
    expect(r[A3]).toBe(100); // the instruction after the write reads the written value
    // mcycle = 0 is what the instruction after the write would read; the read one later sees 1.
    expect(r[14]).toBe(1);
  });
  it('unknown CSR and writes to read-only CSRs raise illegal instruction', () => {
    const handler = DTIM + 0x100;
    const { m, cpu } = machineWith([rv.lui(T0, handler >>> 12), rv.addi(T0, T0, 0x100), rv.csrrw(0, 0x305, T0), rv.csrrw(0, 0xf11, A0)]);
    m.bus.loadBytes(handler, new Uint8Array(new Uint32Array([rv.halt()]).buffer));
    runTo(m, handler);
    expect(cpu.mcause).toBe(2);
    expect(cpu.mtval >>> 0).toBe(rv.csrrw(0, 0xf11, A0));
    expect(cpu.mepc >>> 0).toBe(DTIM + 12);
  });
});

describe('traps', () => {
  it('ecall saves mepc/mcause and mstatus.MPIE/MPP; mret restores them', () => {
    const handler = DTIM + 0x100;
    const { m, cpu } = machineWith([
      rv.lui(T0, handler >>> 12), rv.addi(T0, T0, 0x100), rv.csrrw(0, 0x305, T0),
      rv.csrrwi(0, 0x300, 8), // MIE = 1
      rv.ecall(),
      rv.halt(),
    ]);
    // handler: a0 = mcause; a1 = mstatus; mepc += 4; mret
    const h = [rv.csrrs(A0, 0x342, 0), rv.csrrs(A1, 0x300, 0), rv.csrrs(T1, 0x341, 0), rv.addi(T1, T1, 4), rv.csrrw(0, 0x341, T1), rv.mret()];
    m.bus.loadBytes(handler, new Uint8Array(new Uint32Array(h).buffer));
    runTo(m, DTIM + 20);
    expect(cpu.x[A0]).toBe(11);
    expect(cpu.x[A1]).toBe((3 << 11) | (1 << 7)); // MPP = M, MPIE = 1, MIE = 0
    expect(cpu.mstatus & 8).toBe(8); // MIE restored
  });
  it('misaligned load traps with mtval = address (the E31 has no misaligned access support)', () => {
    const handler = DTIM + 0x100;
    const { m, cpu } = machineWith([rv.lui(T0, handler >>> 12), rv.addi(T0, T0, 0x100), rv.csrrw(0, 0x305, T0), rv.addi(A0, T0, 2), rv.lw(A1, A0, 0)]);
    m.bus.loadBytes(handler, new Uint8Array(new Uint32Array([rv.halt()]).buffer));
    runTo(m, handler);
    expect([cpu.mcause, cpu.mtval >>> 0]).toEqual([4, handler + 2]);
  });
  it('access fault on unmapped load (mcause 5, mtval = address)', () => {
    const handler = DTIM + 0x100;
    const { m, cpu } = machineWith([rv.lui(T0, handler >>> 12), rv.addi(T0, T0, 0x100), rv.csrrw(0, 0x305, T0), rv.lui(A0, 0x70000), rv.lw(A1, A0, 0)]);
    m.bus.loadBytes(handler, new Uint8Array(new Uint32Array([rv.halt()]).buffer));
    runTo(m, handler);
    expect([cpu.mcause, cpu.mtval >>> 0]).toEqual([5, 0x70000000]);
  });
  it('a trap with mtvec at unmapped memory halts with a fault report', () => {
    const { m, cpu } = machineWith([rv.ecall()]);
    const s = m.run({ maxCycles: 1000 });
    expect(cpu.halted?.kind).toBe('fault');
    expect(s.stopReason).toBe('fault');
    expect(s.fault).toMatch(/environment call from M-mode .*mtvec=0x0 points at unmapped memory/s);
    expect(s.fault).toMatch(/pc=0x80000000: ecall/);
  });
  it('semihosting exit through the slli/ebreak/srai sequence', () => {
    const block = DTIM + 0x200;
    const { m } = machineWith([rv.addi(A0, 0, 0x18), rv.lui(A1, 0x20), rv.addi(A1, A1, 0x26), ...rv.semihostingCall(), rv.halt()]);
    void block;
    const s = m.run({ maxCycles: 10000 });
    expect([s.stopReason, s.exitCode]).toEqual(['exit', 0]);
  });
});

describe('interrupts', () => {
  it('CLINT timer: WFI sleeps until mtime reaches mtimecmp, then MTIP traps', () => {
    const handler = DTIM + 0x100;
    const clint = 0x0200_0000;
    const { m, cpu } = machineWith([
      rv.lui(T0, handler >>> 12), rv.addi(T0, T0, 0x100), rv.csrrw(0, 0x305, T0),
      rv.lui(A0, (clint + 0x4000) >>> 12), rv.addi(A1, 0, 100), rv.sw(0, A0, 4), rv.sw(A1, A0, 0), // mtimecmp = 100 ticks
      rv.addi(A2, 0, 128), rv.csrrs(0, 0x304, A2), rv.csrrwi(0, 0x300, 8),
      rv.wfi(), rv.halt(),
    ]);
    m.bus.loadBytes(handler, new Uint8Array(new Uint32Array([rv.csrrs(A3, MCYCLE, 0), rv.halt()]).buffer));
    runTo(m, handler + 4, 100_000_000);
    expect(cpu.mcause >>> 0).toBe(0x80000007);
    expect(m.sleepCycles).toBeGreaterThan(0);
    // 100 lfclk ticks at 13.8 MHz: the handler runs right after the cycle mtime reaches 100
    // (+3 for the trap redirect).
    const cycle = Math.ceil((100 * 13_800_000) / 32768);
    expect(cpu.x[A3]).toBe(cycle + E31.trapRedirect);
  });
  it('PLIC: priority, enable, threshold, claim/complete drive MEIP', () => {
    const { m, cpu } = machineWith([rv.halt()]);
    const plic = 0x0c00_0000;
    m.bus.write32(plic + 4 * 3, 2);
    cpu.setIrq(3, true);
    expect(cpu.mip & (1 << 11)).toBe(0); // not enabled
    m.bus.write32(plic + 0x2000, 1 << 3);
    expect(cpu.mip & (1 << 11)).toBe(1 << 11);
    m.bus.write32(plic + 0x200000, 2); // threshold = priority: masked
    expect(cpu.mip & (1 << 11)).toBe(0);
    m.bus.write32(plic + 0x200000, 0);
    expect(m.bus.read32(plic + 0x1000) & (1 << 3)).toBe(1 << 3);
    expect(m.bus.read32(plic + 0x200004)).toBe(3); // claim
    expect(cpu.mip & (1 << 11)).toBe(0);
    expect(m.bus.read32(plic + 0x200004)).toBe(0);
    cpu.setIrq(3, false);
    m.bus.write32(plic + 0x200004, 3); // complete; the source is low now
    expect(cpu.mip & (1 << 11)).toBe(0);
  });
});

describe('E31 timing rules (E31 manual §3.3, §3.2)', () => {
  it('independent ALU instructions: 1 cycle each', () => {
    expect(cyclesOf([rv.addi(A0, 0, 1), rv.addi(A1, 0, 2), rv.addi(A2, 0, 3), rv.addi(A3, 0, 4)])).toBe(4);
  });
  const stack = [rv.lui(SP, DTIM >>> 12), rv.addi(SP, SP, 0x400)];
  it('LW result latency 2: a dependent instruction stalls 1 cycle', () => {
    expect(cyclesOf([rv.lw(A0, SP, 0), rv.addi(A1, A0, 1)], stack)).toBe(3);
    expect(cyclesOf([rv.lw(A0, SP, 0), rv.addi(A1, 0, 1), rv.addi(A2, A0, 1)], stack)).toBe(3);
  });
  it('LB/LH result latency 3', () => {
    expect(cyclesOf([rv.lb(A0, SP, 0), rv.addi(A1, A0, 1)], stack)).toBe(4);
    expect(cyclesOf([rv.lh(A0, SP, 0), rv.addi(A1, A0, 1)], stack)).toBe(4);
  });
  it('CSR read latency 3', () => {
    expect(cyclesOf([rv.csrrs(A0, 0x340, 0), rv.addi(A1, A0, 1)])).toBe(4);
  });
  it('MUL latency 5; the multiplier blocks a following MUL until done', () => {
    expect(cyclesOf([rv.mul(A0, A1, A2), rv.addi(A3, A0, 1)])).toBe(6);
    // 8 bits per cycle: the unit is busy 4 cycles, the second MUL issues on the 5th.
    expect(cyclesOf([rv.mul(A0, A1, A2), rv.mul(A3, A1, A2)])).toBe(5);
  });
  it('DIV latency depends on the operands (2..33)', () => {
    expect(divLatency(0x80000000 | 0, 1, false)).toBe(33);
    expect(divLatency(5, 0, true)).toBe(2);
    expect(divLatency(3, 7, false)).toBe(2);
    expect(divLatency(100, 3, false)).toBe(7 - 2 + 1 + 1);
    expect(cyclesOf([rv.divu(A0, A1, A2), rv.addi(A3, A0, 1)], [rv.lui(A1, 0x80000), rv.addi(A2, 0, 1)])).toBe(34);
  });
  it('stall counters (profiler): RAW interlock cycles and mispredicts by cause', () => {
    const { cpu } = exec([...stack, rv.lw(A0, SP, 0), rv.addi(A1, A0, 1), rv.mul(A2, A1, A1), rv.addi(A3, A2, 1), rv.beq(0, 0, 4), rv.addi(0, 0, 0)]);
    // lw -> use: 1; mul -> use: 4; beq taken, predicted not taken: 3, and the final halt (a jump
    // the BTB does not know yet): 3; DTIM code: no fetch stalls.
    expect(cpu.stalls).toEqual({ fetch: 0, loadUse: 1 + 4, branch: 2 * E31.mispredictPenalty });
  });
  it('branches: mispredict costs 3 cycles, a learned branch none', () => {
    // beq x0,x0,+4 is taken; the cold predictor says not taken.
    expect(cyclesOf([rv.beq(0, 0, 4)])).toBe(1 + E31.mispredictPenalty);
    // not-taken branch predicted not taken: 1 cycle.
    expect(cyclesOf([rv.bne(0, 0, 8)])).toBe(1);
    // A loop of 4 iterations: addi; bne back. Trained after two taken outcomes (BHT 2-bit from 1).
    const loop = [rv.addi(A0, 0, 4), rv.addi(A0, A0, -1), rv.bne(A0, 0, -4)];
    // iterations: taken (mispredict, BHT 1->2, BTB filled), taken (predicted), taken (predicted),
    // not taken (mispredict): 4 addi + 4 bne + 2 * 3 + initial addi.
    expect(cyclesOf(loop)).toBe(1 + 8 + 2 * E31.mispredictPenalty);
  });
  it('JAL: the first one misses the BTB (3), repeated ones are free', () => {
    expect(cyclesOf([rv.jal(0, 4)])).toBe(1 + E31.mispredictPenalty);
  });
  it('I-cache: a miss costs the QSPI line read (reset settings: 8 x 290 cycles), a hit nothing', () => {
    const ic = new ICache(16384, 32);
    ic.missCycles = 2320;
    expect(ic.fetch(0x20010000)).toBe(2320);
    expect(ic.fetch(0x2001001c)).toBe(0);
    expect(ic.fetch(0x20010000 + 8192)).toBe(2320); // same set, second way
    expect(ic.fetch(0x20010000)).toBe(0);
    expect(ic.fetch(0x20010000 + 16384)).toBe(2320); // evicts the LRU way (+8192)
    expect(ic.fetch(0x20010000 + 8192)).toBe(2320);
    const { m } = machineWith([rv.halt()]);
    const qspi = m.peripherals.get('QSPI0') as unknown as { icache: ICache };
    expect(qspi.icache.missCycles).toBe(2 * 4 * (1 + 8 + 24 + 256 + 1));
    m.bus.write32(0x1001_4000, 0); // sckdiv 0
    m.bus.write32(0x1001_4064, (0xeb << 16) | (2 << 12) | (2 << 10) | (4 << 4) | (3 << 1) | 1); // quad I/O, 4 dummy
    expect(qspi.icache.missCycles).toBe(2 * (1 + 8 + 6 + 4 + 64 + 1));
  });
  it('code in flash pays I-cache misses; mcycle sees them', () => {
    // csrr at FLASH (line 0 miss before it), 7 addi in the same line, csrr in line 1: a miss whose
    // fill continues the QSPI transaction of line 0 (sequential), so it clocks only the 32 data
    // bytes: 2 (sckdiv + 1) x 256 at the reset settings instead of x 290.
    const seq = [0, 1, 2, 3, 4, 5, 6].map((i) => rv.addi(A0, 0, i));
    expect(cyclesOf(seq, [], FLASH)).toBe(7 + 2 * 4 * 256);
  });
  it('data loads from flash: a QSPI read each (no data cache); sequential ones continue the transaction', () => {
    const loads = [rv.lw(A0, A1, 0x100), rv.lw(A2, A1, 0x104), rv.lw(A3, A1, 0x200), rv.lb(A4, A1, 0x204)];
    const inFlash = cyclesOf(loads, [rv.lui(A1, 0x20000)]);
    const inDtim = cyclesOf(loads, [rv.lui(A1, DTIM >>> 12)]);
    // Reset settings, 8 core cycles per SCK: a fresh word read 1 + 8 + 24 + 32 + 1 SCK, a
    // sequential one 32 SCK, a sequential byte 8 SCK.
    expect(inFlash - inDtim).toBe(8 * 66 + 8 * 32 + 8 * 66 + 8 * 8);
    const { m } = machineWith([rv.halt()]);
    const qspi = m.peripherals.get('QSPI0') as unknown as { transfer(a: number, n: number): number };
    m.bus.write32(0x1001_4000, 0); // sckdiv 0: 2 core cycles per SCK; reprogramming ends the open transaction
    m.bus.write32(0x1001_4064, (0xeb << 16) | (2 << 12) | (2 << 10) | (4 << 4) | (3 << 1) | 1); // quad I/O, 4 dummy
    expect(qspi.transfer(0x2000_0000, 4)).toBe(2 * (1 + 8 + 6 + 4 + 8 + 1));
    expect(qspi.transfer(0x2000_0004, 4)).toBe(2 * 8);
  });
});

describe('determinism and speed', () => {
  it('two runs give the same cycles and registers', () => {
    const prog = [rv.addi(A0, 0, 100), rv.mul(A1, A0, A0), rv.addi(A0, A0, -1), rv.bne(A0, 0, -8)];
    const a = exec(prog);
    const b = exec(prog);
    expect(a.m.sched.now).toBe(b.m.sched.now);
    expect(Array.from(a.r)).toEqual(Array.from(b.r));
  });
});
