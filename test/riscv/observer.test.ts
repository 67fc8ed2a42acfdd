/**
 * The profiler's view of the E31 core: the fast loop with an observer attached reports calls
 * (JAL/JALR with rd = ra), returns (JALR x0, 0(ra)), traps and MRET with the addresses and cycle
 * stamps an independent single-step oracle derives, and attaching it changes no cycle count.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Machine } from '../../machine/machine.js';
import { hifive1b } from '../../peripherals/boards/hifive1b.js';
import { functionSymbols, readElfFile } from '../../loader/elf.js';
import { Profiler } from '../../machine/profiler.js';
import { decode, newDecoded } from '../../cpu/riscv/decode.js';
import { Op } from '../../cpu/riscv/encodings.js';
import type { E31Core } from '../../cpu/riscv/core.js';

const dir = fileURLToPath(new URL('../../firmware/tests/riscv/prebuilt/', import.meta.url));

type Ev = [kind: string, from: number, to: number, now: number];

function machine(p: string) {
  const img = readElfFile(`${dir}${p}.elf`);
  const m = new Machine(hifive1b, { warn: () => {} });
  m.load(img);
  return { m, img };
}

function recorder(events: Ev[]) {
  return { onControl: (k: string, from: number, to: number, now: number) => void events.push([k, from >>> 0, to >>> 0, now]) };
}

/** Fast loop with the observer attached. */
function observed(p: string) {
  const { m } = machine(p);
  const events: Ev[] = [];
  m.setObserver(recorder(events));
  const s = m.run({ maxTimeMs: 10_000 });
  return { s, events };
}

/**
 * Oracle: one instruction per run slice; after each step the instruction just executed (decoded
 * from memory at the previous pc) says which event the step must have produced. Trap entries are
 * recognised by mcause/mepc changing with pc landing on mtvec.
 */
function stepped(p: string) {
  const { m } = machine(p);
  const cpu = m.cpu as unknown as E31Core;
  const events: Ev[] = [];
  const reported: Ev[] = [];
  m.setObserver(recorder(reported));
  const d = newDecoded();
  let s;
  for (let i = 0; i < 2_000_000; i++) {
    const pc = cpu.pc >>> 0;
    const half = m.bus.peek32(pc) ?? 0;
    const before = reported.length;
    s = m.run({ maxCycles: m.sched.now + 1 });
    const now = m.sched.now;
    const to = cpu.pc >>> 0;
    const traps = reported.slice(before).filter((e) => e[0] === 'exc');
    if (traps.length > 0) {
      // A step that takes a trap retires nothing: from = mepc, to = the vector, after the redirect.
      expect(traps.length).toBe(1);
      const t = traps[0];
      const code = cpu.mcause & 0x7fffffff;
      const vector = ((cpu.mtvec & 3) === 1 && cpu.mcause < 0 ? (cpu.mtvec & ~3) + 4 * code : cpu.mtvec & ~3) >>> 0;
      expect([t[1], t[2], t[3]]).toEqual([cpu.mepc >>> 0, vector, now]);
      expect(to).toBe(vector);
      events.push(t);
      if (s.stopReason !== 'max-cycles') break;
      continue;
    }
    decode(half, d);
    if (d.op === Op.JAL || d.op === Op.JALR) {
      if (d.rd === 1) events.push(['call', pc, to, now]);
      else if (d.op === Op.JALR && d.rd === 0 && d.rs1 === 1 && d.imm === 0) events.push(['ret', pc, to, now]);
    } else if (d.op === Op.MRET) events.push(['eret', pc, to, now]);
    if (s.stopReason !== 'max-cycles') break;
  }
  return { s: s!, events, reported };
}

describe('E31 observer (profiler loop)', () => {
  for (const p of ['hello', 'traps', 'irq']) {
    it(`${p}: events match the single-step oracle; cycles as without observer`, () => {
      const plain = machine(p).m.run({ maxTimeMs: 10_000 });
      const fast = observed(p);
      const ref = stepped(p);
      expect([fast.s.cycles, fast.s.instructions, fast.s.exitCode]).toEqual([plain.cycles, plain.instructions, plain.exitCode]);
      expect([ref.s.cycles, ref.s.instructions]).toEqual([plain.cycles, plain.instructions]);
      expect(fast.events.length).toBeGreaterThan(10);
      expect(fast.events).toEqual(ref.events);
      expect(ref.reported).toEqual(ref.events);
    });
  }

  it('traps: ecall from U, illegal instructions and mret are reported with their addresses', () => {
    const { events } = observed('traps');
    const kinds = new Set(events.map((e) => e[0]));
    expect([...kinds].sort()).toEqual(['call', 'eret', 'exc', 'ret']);
    const { m, img } = machine('traps');
    const sym = (n: string) => img.symbols.find((f) => f.name === n)!.value >>> 0;
    m.run({ maxTimeMs: 10_000 });
    const handler = (m.cpu as unknown as E31Core).mtvec >>> 0; // rt.S's trap_entry (a local label)
    const excs = events.filter((e) => e[0] === 'exc');
    for (const e of excs) expect(e[2]).toBe(handler);
    // Every exception returns (mret) after the handler ran: one eret per exc, in order, later in time.
    const erets = events.filter((e) => e[0] === 'eret');
    expect(erets.length).toBe(excs.length + 1); // plus the mret that enters user mode
    // The user-mode entry: an mret to user_code.
    expect(erets.some((e) => e[2] === sym('user_code'))).toBe(true);
    // Calls land on function entries (direct calls) and stamps never go back in time.
    for (let i = 1; i < events.length; i++) expect(events[i][3]).toBeGreaterThanOrEqual(events[i - 1][3]);
    expect(events.filter((e) => e[0] === 'call' && e[2] === sym('trap_handler')).length).toBe(excs.length);
  });

  it('callArg reads a0..a7 while a call is delivered (fib(n) in hello: every n from 15 down to 0)', () => {
    const { m, img } = machine('hello');
    const cpu = m.cpu as unknown as E31Core;
    const fib = img.symbols.find((f) => f.name === 'fib')!.value >>> 0;
    const seen = new Map<number, number>();
    m.setObserver({
      onControl(k: string, _from: number, to: number) {
        if (k === 'call' && to === fib) seen.set(cpu.callArg(0), (seen.get(cpu.callArg(0)) ?? 0) + 1);
      },
    });
    m.run({ maxTimeMs: 10_000 });
    // The compiler may unroll the recursion; whatever it calls fib with lies in 0..15, and the
    // outermost call has n = 15.
    expect(seen.size).toBeGreaterThan(0);
    expect(seen.get(15)).toBe(1);
    for (const n of seen.keys()) expect(n >= 0 && n <= 15).toBe(true);
    expect(cpu.callArg(8)).toBe(0);
  });

  it('profiler stall columns: flash code pays I-cache refills, attributed to the functions that ran', () => {
    const { m, img } = machine('compute');
    const cpu = m.cpu as unknown as E31Core;
    const prof = new Profiler(functionSymbols(img), { sleepCycles: () => m.sleepCycles, stalls: cpu.stalls });
    prof.start(cpu.pc, m.sched.now); // as machine/report.ts does
    m.setObserver(prof);
    const s = m.run({ maxTimeMs: 10_000 });
    const r = prof.finish(s.cycles);
    const sum = (k: 'fetch' | 'loadUse' | 'branch') => r.functions.reduce((a, f) => a + (f.stalls?.[k] ?? 0), 0);
    expect(cpu.stalls.fetch).toBeGreaterThan(0);
    expect([sum('fetch'), sum('loadUse'), sum('branch')]).toEqual([cpu.stalls.fetch, cpu.stalls.loadUse, cpu.stalls.branch]);
    expect(cpu.stalls.fetch + cpu.stalls.loadUse + cpu.stalls.branch).toBeLessThan(s.cycles - s.instructions + 1);
  });

  it('the profiler attributes the trap handler its calls', () => {
    const { m, img } = machine('traps');
    const prof = new Profiler(functionSymbols(img), { sleepCycles: () => m.sleepCycles });
    m.setObserver(prof);
    const s = m.run({ maxTimeMs: 10_000 });
    const r = prof.finish(s.cycles);
    const th = r.functions.find((f) => f.name === 'trap_handler')!;
    const excs = observed('traps').events.filter((e) => e[0] === 'exc').length;
    expect(th.calls).toBe(excs);
    expect(r.functions.find((f) => f.name === 'main')!.inclusive).toBeGreaterThan(0);
  });
});
