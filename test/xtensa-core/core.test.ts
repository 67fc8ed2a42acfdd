/** Core behaviour on hand-encoded code: timing rules (one test each), faults, observer, speed. */
import { describe, expect, it } from 'vitest';
import { DRAM, machineWithCode } from './helpers.js';
import { LX106 } from '../../cpu/xtensa/timing.js';
import type { ExecObserver } from '../../machine/cpu.js';

const b3 = (w: number) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff];
const rrr = (op1: number, op2: number, r: number, s: number, t: number) => b3((t << 4) | (s << 8) | (r << 12) | (op1 << 16) | (op2 << 20));
const X = {
  add: (r: number, s: number, t: number) => rrr(0, 8, r, s, t),
  mull: (r: number, s: number, t: number) => rrr(2, 8, r, s, t),
  l32i: (t: number, s: number, off: number) => b3(2 | (t << 4) | (s << 8) | (2 << 12) | ((off >> 2) << 16)),
  movi: (t: number, v: number) => b3(2 | (t << 4) | (((v >> 8) & 15) << 8) | (10 << 12) | ((v & 0xff) << 16)),
  j: (off: number) => b3(6 | ((off & 0x3ffff) << 6)),
  beqz: (s: number, off: number) => b3(6 | (1 << 4) | (0 << 6) | (s << 8) | ((off & 0xfff) << 12)),
  nop: () => b3(0x0020f0),
  ill: () => [0, 0, 0],
  exit: () => [...X.movi(2, 1), ...X.movi(3, 0), ...b3(0x005100)],
};

/** Cycles to run `body` then exit, minus the same for the bare exit. */
function cost(body: number[][], opts: { fetchWait?: number; setup?: (a: Int32Array) => void } = {}) {
  const run = (code: number[]) => {
    const { m, cpu } = machineWithCode(code, opts);
    cpu.a[1] = DRAM;
    opts.setup?.(cpu.a);
    const s = m.run({ maxCycles: 100_000 });
    expect(s.stopReason).toBe('exit');
    return { cycles: s.cycles, stalls: { ...cpu.stalls } };
  };
  const base = run(X.exit());
  const r = run([...body.flat(), ...X.exit()]);
  return { cycles: r.cycles - base.cycles, stalls: r.stalls };
}

describe('LX106 timing rules (cpu/xtensa/timing.ts)', () => {
  it('independent ALU instructions: 1 cycle each', () => {
    expect(cost([X.add(4, 2, 2), X.add(5, 2, 2), X.nop(), X.add(6, 4, 5)]).cycles).toBe(4);
  });
  it(`taken branch / jump: 1 + ${LX106.takenBranch} cycles; not-taken branch 1 cycle`, () => {
    const j = cost([X.j(-1)]); // jump to the next instruction
    expect(j.cycles).toBe(1 + LX106.takenBranch);
    expect(j.stalls.branch).toBe(LX106.takenBranch);
    expect(cost([X.movi(7, 1), X.beqz(7, -1)]).cycles).toBe(2); // a7 != 0: not taken
    expect(cost([X.movi(7, 0), X.beqz(7, -1)]).cycles).toBe(2 + LX106.takenBranch);
  });
  it(`load-use interlock: a load's result used by the next instruction costs ${LX106.loadLatency - 1} stall cycle(s)`, () => {
    const dep = cost([X.l32i(2, 1, 0), X.add(4, 2, 2)]);
    expect(dep.cycles).toBe(2 + LX106.loadLatency - 1);
    expect(dep.stalls.loadUse).toBe(LX106.loadLatency - 1);
    expect(cost([X.l32i(2, 1, 0), X.add(4, 3, 3), X.add(5, 2, 2)]).cycles).toBe(3); // hidden by an independent op
  });
  it(`MULL result latency ${LX106.mulLatency}`, () => {
    expect(cost([X.mull(4, 2, 3), X.add(5, 4, 4)]).cycles).toBe(2 + LX106.mulLatency - 1);
    expect(cost([X.mull(4, 2, 3), X.add(5, 2, 3)]).cycles).toBe(2);
  });
  it('fetch wait states from the region: charged once per aligned 4-byte fetch word', () => {
    // 4 NOPs of 3 bytes = 12 bytes = 3 fetch words (the exit code is measured separately)
    const plain = cost([X.nop(), X.nop(), X.nop(), X.nop()]);
    const slow = cost([X.nop(), X.nop(), X.nop(), X.nop()], { fetchWait: 2 });
    expect(plain.cycles).toBe(4);
    expect(slow.cycles - plain.cycles).toBe(2 * 3);
    expect(slow.stalls.fetch).toBeGreaterThan(0);
  });
  it(`exception entry: ${LX106.exceptionEntry} cycles to the vector`, () => {
    const { m, cpu } = machineWithCode([...X.ill()]);
    cpu.vecbase = 0x4010_0000 + 0x400; // vectors in IRAM (zeros there: ILL again -> double exception)
    cpu.ps = 0; // reset leaves PS.EXCM = 1: any exception would be a double exception
    const s = m.run({ maxCycles: 1000 });
    expect(s.stopReason).toBe('fault');
    expect(cpu.halted?.message).toMatch(/double exception: IllegalInstructionCause/);
    expect(cpu.exccause).toBe(0);
    expect(cpu.epc[1]).toBe(0x4010_0000);
    expect(s.cycles).toBe(LX106.exceptionEntry); // the faulting ILL issues no cycle of its own
  });
});

describe('LX106 faults', () => {
  it('load from unmapped memory with VECBASE on unmapped memory: fault halt with cause, pc, disassembly', () => {
    const { m, cpu } = machineWithCode([...X.movi(3, 0), ...X.l32i(2, 3, 0)]);
    cpu.ps = 0;
    const s = m.run({ maxCycles: 1000 });
    expect(s.stopReason).toBe('fault');
    expect(cpu.halted?.message).toMatch(/LoadProhibitedCause.*read of 4 byte\(s\) at 0x00000000.*pc=0x40100003.*VECBASE=0x40000000/);
    expect(cpu.disassemble(0x4010_0003)).toBe('l32i\ta2, a3, 0');
    expect(cpu.registerDump()).toMatch(/pc=40100003/);
  });
  it('unaligned load raises LoadStoreAlignmentCause with EXCVADDR', () => {
    const { m, cpu } = machineWithCode([...X.l32i(2, 1, 0)]);
    cpu.a[1] = DRAM + 2;
    cpu.ps = 0;
    m.run({ maxCycles: 1000 });
    expect(cpu.halted?.message).toMatch(/LoadStoreAlignmentCause \(EXCVADDR=0x3ffe8002\)/);
  });
});

describe('LX106 observer and speed', () => {
  it('reports call/ret/exc/eret; callArg(n) is a2+n at the call', () => {
    const kinds: Record<string, number> = {};
    let cpuRef: { callArg(n: number): number; a: Int32Array } | null = null;
    let argsOk = 0;
    const obs: ExecObserver = {
      onControl(kind) {
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        if (kind === 'call' && cpuRef !== null && cpuRef.callArg(0) === cpuRef.a[2] && cpuRef.callArg(5) === cpuRef.a[7]) argsOk++;
      },
    };
    const r = runElfWithObserver('exc.elf', obs, (c) => (cpuRef = c));
    expect(r.out).toContain('soft=1');
    expect(kinds.call).toBeGreaterThan(10);
    expect(kinds.ret).toBeGreaterThan(10);
    expect(kinds.exc).toBe(8); // 3 sync exceptions + BREAK + 3 timer + 1 software interrupt
    expect(kinds.eret).toBe(8);
    expect(argsOk).toBe(kinds.call);
  });
});

import { Machine } from '../../machine/machine.js';
import { readElfFile } from '../../loader/elf.js';
import { testBoard, fixture } from './helpers.js';
import type { Lx106Core } from '../../cpu/xtensa/core.js';
function runElfWithObserver(name: string, obs: ExecObserver, onCpu?: (c: Lx106Core) => void) {
  let out = '';
  const m = new Machine(testBoard(), { consoleSink: (s) => (out += s), warn: () => {} });
  m.load(readElfFile(fixture(name)));
  m.cpu.setObserver!(obs);
  onCpu?.(m.cpu as unknown as Lx106Core);
  const s = m.run({ maxCycles: 50_000_000 });
  return { out, s };
}
