/**
 * Cycle rules of cpu/arm/timing.ts on tiny sequences (no wait states). Each expectation is the sum
 * of the documented rules, spelled out.
 */
import { describe, expect, it } from 'vitest';
import { codeMachine, runToLoop, HANDLER } from './helpers.js';
import * as T from '../../cpu/arm/timing.js';

const cycles = (code: number[]) => runToLoop(codeMachine(code).m);

describe('Cortex-M4 timing rules', () => {
  it('ALU 1, taken branch 1+P (P_IMM), not taken 1', () => {
    // movs r0,#10; 1: subs r0,#1; bne 1b
    expect(cycles([0x200a, 0x3801, 0xd1fd, 0xe7fe])).toBe(1 + 10 * 1 + 9 * (1 + T.P_IMM) + T.NOT_TAKEN);
  });
  it('loads pipeline after a load; address dependency on the previous ALU result stalls', () => {
    // mov.w r0,#0x20000000; ldr r1,[r0]; ldr r2,[r0,#4]; ldr r3,[r0,#8]; nop
    expect(cycles([0xf04f, 0x5000, 0x6801, 0x6842, 0x6883, 0xbf00, 0xe7fe])).toBe(
      1 + (T.LS_SINGLE + T.ADDR_DEP_STALL) + T.LS_PIPELINED + T.LS_PIPELINED + 1,
    );
    // mov.w r0,#0x20000000; nop; adds r0,#4; ldr r1,[r0]
    expect(cycles([0xf04f, 0x5000, 0xbf00, 0x3004, 0x6801, 0xe7fe])).toBe(1 + 1 + 1 + T.LS_SINGLE + T.ADDR_DEP_STALL);
  });
  it('LDM 1+N', () => {
    // mov.w r0,#0x20000000; ldm r0,{r1-r4}
    expect(cycles([0xf04f, 0x5000, 0xe890, 0x001e, 0xe7fe])).toBe(1 + T.LSM_BASE + 4);
  });
  it('BL 1+P_IMM, BX LR 1+P_REG', () => {
    expect(cycles([0xf000, 0xf801, 0xe7fe, 0x4770])).toBe(1 + T.P_IMM + 1 + T.P_REG);
  });
  it('TBB: 2 (load) + 1 (add) + P_LOAD', () => {
    expect(cycles([0x2001, 0xe8df, 0xf000, 0x0302, 0x210a, 0xe7fe, 0x2114, 0xe7fe])).toBe(1 + 3 + T.P_LOAD + 1);
  });
  it('UDIV/SDIV early termination by quotient size, by zero 2', () => {
    // 100/7 = 14 (4 bits): 2 + ceil(4/3) = 4; -100/7 likewise; x/0: 2
    expect(T.divCycles(100, 7)).toBe(4);
    expect(T.divCycles(0xffffffff, 1)).toBe(12);
    expect(T.divCycles(5, 0)).toBe(2);
    expect(cycles([0x2064, 0x2107, 0xfbb0, 0xf2f1, 0xf06f, 0x0363, 0xfb93, 0xf4f1, 0x2500, 0xfbb0, 0xf6f5, 0xe7fe])).toBe(1 + 1 + 4 + 1 + 4 + 1 + 2);
  });
  it('exception entry 12 cycles after the SVC', () => {
    const { m } = codeMachine([0xdf01, 0xe7fe]);
    expect(runToLoop(m)).toBe(1 + T.EXC_ENTRY);
    expect(m.cpu.pc).toBe(HANDLER);
  });
  it('exception return 12 and tail-chain 6', () => {
    // handler: bx lr (returns to thread: 1 + P_REG... the return itself costs EXC_RETURN)
    const { m } = codeMachine([0xdf01, 0xbf00, 0xe7fe], [0x4770]);
    expect(runToLoop(m)).toBe(1 + T.EXC_ENTRY + 1 + T.P_REG + T.EXC_RETURN + 1);
  });
  it('flat fetch wait states: once per 32-bit fetch word consumed', () => {
    // movs r0,#10; 1: subs r0,#1; bne 1b: words 0x100 (movs, subs), 0x104 (bne, b .)
    // first pass fetches both words, each of the 9 taken branches refetches 0x100 then 0x104
    const { m } = codeMachine([0x200a, 0x3801, 0xd1fd, 0xe7fe], [0xe7fe], 2);
    expect(runToLoop(m)).toBe(1 + 10 * 1 + 9 * (1 + T.P_IMM) + T.NOT_TAKEN + 2 * (2 + 2 * 9));
  });
});
