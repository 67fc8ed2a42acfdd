import { describe, it, expect } from 'vitest';
import { Profiler, formatProfile, toFolded, toSpeedscope, measureStats } from '../../machine/profiler.js';
import type { ElfSymbol } from '../../loader/elf.js';
import { UserError } from '../../machine/errors.js';
import { fakeMachine } from './fake.js';
import { measureRun } from '../../machine/report.js';

const fn = (name: string, value: number, size = 0x40): ElfSymbol => ({ name, value, size, type: 2, bind: 1, shndx: 1, section: '.text' });
const SYMS = [fn('main', 0x100), fn('a', 0x140), fn('b', 0x180), fn('isr', 0x1c0), fn('c', 0x200)];

function byName(p: ReturnType<Profiler['finish']>) {
  return Object.fromEntries(p.functions.map((f) => [f.name, f]));
}

describe('profiler: shadow call stack', () => {
  it('attributes self and inclusive cycles through calls, returns and an interrupt', () => {
    const p = new Profiler(SYMS);
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    p.onControl('call', 0x150, 0x180, 30);
    p.onControl('exc', 0x190, 0x1c0, 35);
    p.onControl('eret', 0x1d0, 0x190, 45);
    p.onControl('ret', 0x1a0, 0x154, 60);
    p.onControl('ret', 0x160, 0x114, 70);
    const r = p.finish(100);
    const f = byName(r);
    expect([f.main.self, f.a.self, f.b.self, f.isr.self]).toEqual([40, 30, 20, 10]);
    expect([f.main.inclusive, f.a.inclusive, f.b.inclusive, f.isr.inclusive]).toEqual([100, 60, 30, 10]);
    expect([f.main.calls, f.a.calls, f.b.calls, f.isr.calls]).toEqual([1, 1, 1, 1]);
    expect(r.functions.reduce((s, x) => s + x.self, 0)).toBe(100);
    expect(toFolded(r)).toBe('main 40\nmain;a 30\nmain;a;b 20\nmain;a;b;isr 10\n');
  });

  it('handles tail calls, recursion and a longjmp-like return to an outer frame', () => {
    const p = new Profiler(SYMS, { measure: ['b'] });
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    p.onControl('tail', 0x150, 0x200, 20);
    p.onControl('call', 0x210, 0x180, 30);
    p.onControl('call', 0x190, 0x180, 40);
    p.onControl('ret', 0x1a0, 0x118, 50); // straight back into main
    const r = p.finish(60);
    const f = byName(r);
    expect([f.main.self, f.a.self, f.c.self, f.b.self]).toEqual([20, 10, 10, 20]);
    // Recursion counted once in inclusive time; the tail-calling a stays open until its chain returns.
    expect([f.main.inclusive, f.a.inclusive, f.c.inclusive, f.b.inclusive]).toEqual([60, 40, 30, 20]);
    expect(f.b.calls).toBe(2);
    expect(toFolded(r)).toBe('main 20\nmain;a 10\nmain;a;c 10\nmain;a;c;b 10\nmain;a;c;b;b 10\n');
    expect(r.measured).toHaveLength(1);
    const m = r.measured[0];
    expect([m.count, m.min, m.median, m.max, m.total]).toEqual([2, 10, 15, 20, 30]);
    expect(m.samples).toEqual([10, 20]);
  });

  it('re-synchronises when control reached another function without an event (branch tail call)', () => {
    const p = new Profiler(SYMS);
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    p.onControl('call', 0x210, 0x180, 20); // a branched into c, which calls b
    p.onControl('ret', 0x1a0, 0x214, 30);
    p.onControl('ret', 0x220, 0x118, 40);
    const f = byName(p.finish(50));
    expect([f.main.self, f.a.self, f.c.self, f.b.self]).toEqual([20, 10, 10, 10]);
  });

  it('survives a return into a caller it never saw (profiling started inside a function)', () => {
    const p = new Profiler(SYMS);
    p.start(0x150, 0); // inside a
    p.onControl('ret', 0x160, 0x118, 10); // a returns to main, which was never pushed
    p.onControl('call', 0x11c, 0x180, 20);
    p.onControl('ret', 0x1a0, 0x120, 25);
    const r = p.finish(30);
    const f = byName(r);
    expect([f.a.self, f.main.self, f.b.self]).toEqual([10, 15, 5]);
    expect(toFolded(r)).toBe('a 10\nmain 15\nmain;b 5\n');
  });

  it('keeps one shadow stack per thread across context switches in an exception', () => {
    const p = new Profiler(SYMS);
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    p.onControl('exc', 0x150, 0x1c0, 20); // PendSV in thread A (main -> a)
    p.onControl('eret', 0x1d0, 0x180, 25); // returns into thread B, starting in b
    p.onControl('exc', 0x190, 0x1c0, 35);
    p.onControl('eret', 0x1d0, 0x150, 40); // back to thread A, still in a
    p.onControl('ret', 0x160, 0x114, 50);
    const r = p.finish(60);
    const f = byName(r);
    expect([f.main.self, f.a.self, f.isr.self, f.b.self]).toEqual([20, 20, 10, 10]);
    expect(toFolded(r)).toBe('b 10\nb;isr 5\nmain 20\nmain;a 20\nmain;a;isr 5\n');
    expect(f.isr.calls).toBe(2);
  });

  it('a branch tail call is found late and its caller stays open until the chain returns (RIOT f12r_execute_ctx -> f12r_run)', () => {
    const p = new Profiler(SYMS, { measure: ['a', 'c'] });
    const seen: string[] = [];
    p.watch('a', { enter: (_n, serial, how) => seen.push(`a+${serial}/${how}`), exit: (_n, cyc, _s, serial) => seen.push(`a-${serial}=${cyc}`) });
    p.watch('c', { enter: (_n, serial, how) => seen.push(`c+${serial}/${how}`), exit: (_n, cyc, _s, serial) => seen.push(`c-${serial}=${cyc}`) });
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10); // main calls a; a branches to c (no event)
    p.onControl('call', 0x210, 0x180, 20); // c calls b: c found here
    p.onControl('ret', 0x1a0, 0x214, 30);
    p.onControl('ret', 0x220, 0x114, 40); // c returns straight to main
    const r = p.finish(50);
    const f = byName(r);
    expect([f.main.self, f.a.self, f.c.self, f.b.self]).toEqual([20, 10, 10, 10]);
    expect([f.a.inclusive, f.c.inclusive]).toEqual([30, 20]);
    expect(r.measured.map((m) => m.samples)).toEqual([[30], [20]]);
    // a entered by its call (arguments readable), c by a tail (not readable); c closes before a.
    expect(seen).toEqual(['a+2/0', 'c+3/1', 'c-3=20', 'a-2=30']);
    expect(toFolded(r)).toBe('main 20\nmain;a 10\nmain;a;c 10\nmain;a;c;b 10\n');
  });

  it('bounds a tail-call loop: a function already in the chain is returned to', () => {
    const p = new Profiler(SYMS);
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    for (let i = 0; i < 100; i++) {
      p.onControl('call', 0x210, 0x180, 20 + 4 * i); // in c
      p.onControl('ret', 0x1a0, 0x214, 21 + 4 * i);
      p.onControl('call', 0x150, 0x180, 22 + 4 * i); // back in a
      p.onControl('ret', 0x1a0, 0x154, 23 + 4 * i);
    }
    p.onControl('ret', 0x160, 0x114, 500);
    const r = p.finish(510);
    expect(r.stacks.every((s) => s.path.length <= 4)).toBe(true);
    expect(byName(r).a.inclusive).toBe(490);
  });

  it('Cortex-M exception return: eret without a target, then the follow-up return names it', () => {
    const p = new Profiler(SYMS, { measure: ['a'] });
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    p.onControl('exc', 0x150, 0x1c0, 20); // interrupt in a, returns to 0x150
    p.onControl('eret', 0xdead, 0, 30); // excReturn: target not known yet
    p.onControl('ret', 0x1d0, 0x150, 42); // the handler's bx lr / pop {pc} with the landing address
    p.onControl('ret', 0x160, 0x114, 50);
    const r = p.finish(60);
    const f = byName(r);
    // The exception return's own cycles (30..42) count to where it returns.
    expect([f.main.self, f.a.self, f.isr.self]).toEqual([20, 30, 10]);
    expect(f.a.inclusive).toBe(40);
    expect(r.measured[0].samples).toEqual([40]);
    expect(toFolded(r)).toBe('main 20\nmain;a 30\nmain;a;isr 10\n');
  });

  it('Cortex-M tail-chaining and a nested return without a follow-up event', () => {
    const p = new Profiler(SYMS);
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    p.onControl('exc', 0x150, 0x1c0, 20);
    p.onControl('eret', 0, 0, 25);
    p.onControl('tail', 0, 0x200, 31); // the next handler (c) runs instead of unstacking
    p.onControl('eret', 0, 0, 40); // bx lr: no follow-up event when it lands in a handler... here a
    p.onControl('call', 0x150, 0x180, 52); // a calls b: a is where it landed
    p.onControl('ret', 0x1a0, 0x154, 55);
    p.onControl('ret', 0x160, 0x114, 60);
    const r = p.finish(70);
    const f = byName(r);
    // The cycles between an exception return and the next event count to where it returns (a).
    expect([f.main.self, f.a.self, f.isr.self, f.c.self, f.b.self]).toEqual([20, 33, 5, 9, 3]);
    expect(toFolded(r)).toBe('main 20\nmain;a 33\nmain;a;b 3\nmain;a;c 9\nmain;a;isr 5\n');
  });

  it('Cortex-M thread switch in PendSV: stacks parked and resumed by their exact resume address', () => {
    const p = new Profiler(SYMS, { measure: ['a'] });
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10); // thread A: main -> a
    p.onControl('exc', 0x150, 0x1c0, 20);
    p.onControl('eret', 0, 0, 25);
    p.onControl('ret', 0x1d0, 0x180, 26); // lands in b: thread B (new)
    p.onControl('call', 0x184, 0x140, 30); // thread B calls a too
    p.onControl('exc', 0x144, 0x1c0, 35); // preempted inside its a
    p.onControl('eret', 0, 0, 40);
    p.onControl('ret', 0x1d0, 0x150, 41); // back to thread A at its resume address
    p.onControl('ret', 0x160, 0x114, 50); // A's a returns
    p.onControl('exc', 0x118, 0x1c0, 55);
    p.onControl('eret', 0, 0, 58);
    p.onControl('ret', 0x1d0, 0x144, 59); // thread B resumes in its a
    p.onControl('ret', 0x160, 0x188, 65);
    const r = p.finish(70);
    // A's a: 10..50 (with B's time in between), B's a: 30..65.
    expect(r.measured[0].samples).toEqual([40, 35]);
    expect(toFolded(r)).toBe('b 9\nb;a 12\nb;a;isr 5\nmain 16\nmain;a 20\nmain;a;isr 5\nmain;isr 3\n');
    expect(r.functions.reduce((s, x) => s + x.self, 0)).toBe(70);
  });

  it('counts addresses outside every symbol as [unknown]', () => {
    const p = new Profiler(SYMS);
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x9000, 10);
    p.onControl('ret', 0x9010, 0x114, 15);
    const f = byName(p.finish(20));
    expect(f['[unknown]'].self).toBe(5);
  });

  it('rejects --measure of an unknown function with a clear error', () => {
    expect(() => new Profiler(SYMS, { measure: ['mian'] })).toThrow(UserError);
    expect(() => new Profiler(SYMS, { measure: ['mai'] })).toThrow(/no function 'mai'.*similar: main/);
  });

  it('median of an even and odd sample count', () => {
    expect(measureStats('x', [5, 1, 3]).median).toBe(3);
    expect(measureStats('x', [4, 1, 3, 2]).median).toBe(2.5);
    expect(measureStats('x', []).count).toBe(0);
  });
});

describe('profiler: output formats', () => {
  function sample() {
    const p = new Profiler(SYMS, { measure: ['a'] });
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 10);
    p.onControl('call', 0x150, 0x180, 30);
    p.onControl('ret', 0x1a0, 0x154, 60);
    p.onControl('ret', 0x160, 0x114, 70);
    return p.finish(100);
  }

  it('text table lists functions by self cycles with percentages and the measured calls', () => {
    const t = formatProfile(sample());
    const lines = t.split('\n');
    expect(lines[0]).toBe('profile: 100 cycles, 3 functions');
    expect(lines[2]).toMatch(/^\s+40\s+40\.0%\s+100\s+100\.0%\s+1  main$/);
    // a and b tie on self cycles: by name.
    expect(lines[3]).toMatch(/^\s+30\s+30\.0%\s+60\s+60\.0%\s+1  a$/);
    expect(lines[4]).toMatch(/^\s+30\s+30\.0%\s+30\s+30\.0%\s+1  b$/);
    expect(t).toMatch(/\s1\s+60\s+60\s+60\s+60  a$/m);
  });

  it('speedscope document follows the file-format schema (sampled profile)', () => {
    const r = sample();
    const doc = toSpeedscope(r, 'test') as {
      $schema: string;
      shared: { frames: Array<{ name: string }> };
      profiles: Array<{ type: string; unit: string; startValue: number; endValue: number; samples: number[][]; weights: number[] }>;
      activeProfileIndex: number;
    };
    expect(doc.$schema).toBe('https://www.speedscope.app/file-format-schema.json');
    expect(doc.shared.frames.map((f) => f.name)).toEqual(['main', 'a', 'b']);
    const prof = doc.profiles[0];
    expect(prof.type).toBe('sampled');
    expect(prof.unit).toBe('none');
    expect(prof.samples).toEqual([[0], [0, 1], [0, 1, 2]]);
    expect(prof.weights).toEqual([40, 30, 30]);
    expect(prof.startValue).toBe(0);
    expect(prof.endValue).toBe(100);
    expect(prof.samples.length).toBe(prof.weights.length);
    for (const s of prof.samples) for (const i of s) expect(i).toBeLessThan(doc.shared.frames.length);
    expect(doc.activeProfileIndex).toBe(0);
  });

  it('folded stacks escape separators in names', () => {
    const p = new Profiler([fn('operator new;x', 0x100), fn('a b', 0x140)]);
    p.start(0x100, 0);
    p.onControl('call', 0x110, 0x140, 5);
    expect(toFolded(p.finish(9))).toBe('operator_new_x 5\noperator_new_x;a_b 4\n');
  });
});

describe('profiler on a machine (scripted core)', () => {
  const FNS = { main: [0x100, 0x40], a: [0x140, 0x40], b: [0x180, 0x40] } as Record<string, [number, number]>;

  it('attributes sleep and stall causes to the running function', () => {
    const { machine, image } = fakeMachine(FNS, [
      { at: 10, kind: 'call', from: 0x110, to: 0x140 },
      { at: 12, kind: 'stall', fetch: 3, loadUse: 1 },
      { at: 20, kind: 'sleep', until: 520 },
      { at: 530, kind: 'ret', from: 0x150, to: 0x114 },
      { at: 540, kind: 'stall', branch: 2 },
      { at: 550, kind: 'exit' },
    ]);
    const r = measureRun(machine, image, {});
    expect(r.summary.cycles).toBe(550);
    expect(r.summary.sleepCycles).toBe(500);
    const f = Object.fromEntries(r.profile!.functions.map((x) => [x.name, x]));
    expect(f.a.self).toBe(520);
    expect(f.a.sleep).toBe(500);
    expect(f.a.stalls).toEqual({ fetch: 3, loadUse: 1, branch: 0 });
    expect(f.main.stalls).toEqual({ fetch: 0, loadUse: 0, branch: 2 });
    expect(f.main.self).toBe(30);
    expect(formatProfile(r.profile!)).toMatch(/fetch\s+ld-use\s+branch/);
  });

  it('is deterministic: the same script gives the same numbers and bytes', () => {
    const script = () => [
      { at: 10, kind: 'call' as const, from: 0x110, to: 0x140 },
      { at: 25, kind: 'call' as const, from: 0x150, to: 0x180 },
      { at: 40, kind: 'ret' as const, from: 0x190, to: 0x154 },
      { at: 70, kind: 'ret' as const, from: 0x160, to: 0x114 },
      { at: 90, kind: 'exit' as const },
    ];
    const run = () => {
      const { machine, image } = fakeMachine(FNS, script());
      const r = measureRun(machine, image, {}, { measure: ['a', 'b'] });
      return JSON.stringify([r.profile, toFolded(r.profile!), toSpeedscope(r.profile!, 'x'), r.energy]);
    };
    expect(run()).toBe(run());
  });
});
