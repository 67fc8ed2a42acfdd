/**
 * PMP as the FE310's E31 has it (8 entries, 4-byte granularity; Privileged spec §3.7) and user mode.
 * Whole-program checks against QEMU are in firmware.test.ts (pmp.elf); these pin the details.
 */
import { describe, it, expect } from 'vitest';
import { rv, machineWith, runTo, DTIM } from './helpers.js';

const T0 = 5, T1 = 6, A0 = 10;
const PMPCFG0 = 0x3a0, PMPCFG1 = 0x3a1, PMPADDR0 = 0x3b0, MSTATUS = 0x300, MEPC = 0x341, MTVEC = 0x305;
const R = 1, W = 2, X = 4, TOR = 0x08, NA4 = 0x10, NAPOT = 0x18, L = 0x80;

/** li rd, v (lui + addi). */
function li(rd: number, v: number): number[] {
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return [rv.lui(rd, hi), rv.addi(rd, rd, lo)];
}
const csrw = (csr: number, v: number) => [...li(T0, v), rv.csrrw(0, csr, T0)];

/** A core with the given PMP CSR writes done directly (M-mode, no code). */
function core(writes: Array<[number, number]>) {
  const { cpu } = machineWith([rv.halt()]);
  for (const [csr, v] of writes) cpu.csrWrite(csr, v | 0);
  return cpu;
}

describe('PMP address matching', () => {
  it('NAPOT: trailing ones give the size; the whole access must lie inside', () => {
    // 16 KiB at 0x80000000: pmpaddr = base>>2 | (size/8 - 1).
    const cpu = core([[PMPADDR0, (0x80000000 >>> 2) | 0x7ff], [PMPCFG0, NAPOT | R]]);
    expect(cpu.pmpAllows(0x80000000, 4, R, 0)).toBe(true);
    expect(cpu.pmpAllows(0x80003ffc, 4, R, 0)).toBe(true);
    expect(cpu.pmpAllows(0x80004000, 4, R, 0)).toBe(false); // no match: U denied
    expect(cpu.pmpAllows(0x80004000, 4, R, 3)).toBe(true); // no match: M allowed
    expect(cpu.pmpAllows(0x80003ffe, 4, R, 3)).toBe(false); // a partial match fails whatever the mode (§3.7.1.3)
    expect(cpu.pmpAllows(0x80000000, 4, W, 0)).toBe(false); // R only
  });
  it('NA4 and TOR; the lowest-numbered matching entry decides', () => {
    const cpu = core([
      [PMPADDR0, 0x80000010 >>> 2],
      [PMPADDR0 + 1, 0x80000000 >>> 2],
      [PMPADDR0 + 2, 0x80000100 >>> 2],
      [PMPCFG0, NA4 | ((TOR | R | W) << 16)], // entry 0 NA4 no access; entry 1 off (TOR base); entry 2 TOR RW
    ]);
    expect(cpu.pmpAllows(0x80000010, 4, R, 0)).toBe(false);
    expect(cpu.pmpAllows(0x80000014, 4, W, 0)).toBe(true);
    expect(cpu.pmpAllows(0x8000000c, 1, R, 0)).toBe(true);
    expect(cpu.pmpAllows(0x800000fc, 4, R, 0)).toBe(true);
    expect(cpu.pmpAllows(0x80000100, 4, R, 0)).toBe(false);
    expect(cpu.pmpAllows(0x7ffffffc, 4, R, 0)).toBe(false);
    expect(cpu.pmpAllows(0x800000fe, 4, R, 0)).toBe(false); // partly inside TOR: fails
  });
  it('an access matching an entry only in part fails even in M-mode when the entry is locked', () => {
    const cpu = core([[PMPADDR0, 0x80000010 >>> 2], [PMPCFG0, L | NA4 | R | W]]);
    expect(cpu.pmpAllows(0x80000010, 4, W, 3)).toBe(true);
    expect(cpu.pmpAllows(0x8000000e, 4, W, 3)).toBe(false);
    expect(cpu.pmpAllows(0x80000010, 4, X, 3)).toBe(false);
  });
});

describe('PMP CSRs', () => {
  it('W without R is reserved: W is dropped; entries beyond 8 read as zero', () => {
    const cpu = core([[PMPCFG0, (NA4 | W) | ((NAPOT | R | W | X) << 8)], [PMPCFG0 + 2, 0x1f1f1f1f], [PMPADDR0 + 9, 0x1234]]);
    expect(cpu.csrRead(PMPCFG0)! >>> 0).toBe((NA4 | ((NAPOT | R | W | X) << 8)) >>> 0);
    expect(cpu.csrRead(PMPCFG0 + 2)).toBe(0);
    expect(cpu.csrRead(PMPADDR0 + 9)).toBe(0);
  });
  it('a locked entry ignores writes to its pmpcfg byte and pmpaddr; locked TOR also locks pmpaddr below', () => {
    const cpu = core([
      [PMPADDR0, 0x100],
      [PMPADDR0 + 1, 0x200],
      [PMPCFG0, (L | TOR | R) << 8],
      [PMPCFG0, 0x0f0f0f0f],
      [PMPADDR0, 0x555],
      [PMPADDR0 + 1, 0x666],
      [PMPADDR0 + 2, 0x777],
    ]);
    expect((cpu.csrRead(PMPCFG0)! >>> 8) & 0xff).toBe(L | TOR | R);
    expect(cpu.csrRead(PMPCFG0)! & 0xff).toBe(0x0f); // entry 0 is not locked
    expect([cpu.csrRead(PMPADDR0), cpu.csrRead(PMPADDR0 + 1), cpu.csrRead(PMPADDR0 + 2)]).toEqual([0x100, 0x200, 0x777]);
  });
  it('reset clears the PMP (the core is back in M-mode with no checks)', () => {
    const cpu = core([[PMPADDR0, 0x100], [PMPCFG0, L | NA4]]);
    cpu.reset();
    expect([cpu.csrRead(PMPCFG0), cpu.csrRead(PMPADDR0), cpu.priv]).toEqual([0, 0, 3]);
  });
});

describe('user mode under the PMP', () => {
  /**
   * M-mode setup at DTIM: mtvec = the halt at `trap`, PMP entry 0 = TOR [0, limit) RWX, entry 1
   * off; mret to `user` (U-mode), which runs a straight line of instructions.
   */
  function userRun(limit: number, user: number[]) {
    const userOff = 0x100;
    const trapOff = 0x200;
    const setup = [
      ...csrw(MTVEC, DTIM + trapOff),
      ...csrw(PMPADDR0, limit >>> 2),
      ...csrw(PMPCFG0, TOR | R | W | X),
      ...csrw(MEPC, DTIM + userOff),
      ...li(T1, 3 << 11),
      rv.csrrc(0, MSTATUS, T1), // MPP = U
      rv.mret(),
    ];
    const words = new Array(trapOff / 4 + 1).fill(rv.addi(0, 0, 0));
    setup.forEach((w, i) => (words[i] = w));
    user.forEach((w, i) => (words[userOff / 4 + i] = w));
    words[trapOff / 4] = rv.halt();
    const { m, cpu } = machineWith(words);
    runTo(m, DTIM + trapOff);
    return cpu;
  }

  it('straight-line U-mode code runs up to the end of its X range, then faults there (mcause 1, mtval = pc)', () => {
    const limit = DTIM + 0x140;
    const cpu = userRun(limit, [rv.addi(A0, 0, 1), rv.addi(A0, A0, 1)]); // then nops up to the limit
    expect([cpu.mcause, cpu.mepc >>> 0, cpu.mtval >>> 0, cpu.priv]).toEqual([1, limit, limit, 3]);
    expect(cpu.x[A0]).toBe(2);
    expect((cpu.mstatus >>> 11) & 3).toBe(0); // MPP = U: the fault came from U-mode
  });

  it('a 32-bit instruction whose second half lies outside the X range faults with mtval = that half', () => {
    const limit = DTIM + 0x140;
    const words: number[] = [];
    for (let i = 0; i < 0x40 / 4 - 2; i++) words.push(rv.addi(0, 0, 0));
    words.push(0x00010001); // c.nop; c.nop  (limit-8 .. limit-4)
    // c.nop at limit-4, then addi a0, a0, 5 starting at limit-2.
    const addi = rv.addi(A0, A0, 5);
    words.push(0x0001 | ((addi & 0xffff) << 16));
    words.push(addi >>> 16);
    const cpu2 = userRun(limit, words);
    expect([cpu2.mcause, cpu2.mepc >>> 0, cpu2.mtval >>> 0]).toEqual([1, limit - 2, limit]);
    expect(cpu2.x[A0]).toBe(0);
  });

  it('U-mode without a matching entry cannot load; ecall from U is cause 8', () => {
    const limit = DTIM + 0x140;
    const cpu = userRun(limit, [...li(T1, DTIM + 0x1000), rv.lw(A0, T1, 0)]); // above the TOR range
    expect([cpu.mcause, cpu.mtval >>> 0, cpu.mepc >>> 0]).toEqual([5, DTIM + 0x1000, DTIM + 0x108]);
    const cpu2 = userRun(limit, [rv.ecall()]);
    expect([cpu2.mcause, cpu2.mepc >>> 0, cpu2.priv]).toEqual([8, DTIM + 0x100, 3]);
  });
});
