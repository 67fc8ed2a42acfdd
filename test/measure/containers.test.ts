import { describe, it, expect } from 'vitest';
import { fakeMachine, type Step } from './fake.js';
import { measureRun } from '../../machine/report.js';
import { detectEngine, knownEngines, formatContainers } from '../../machine/containers.js';
import { ENGINE_PROFILES } from '../../femto-host/engines.js';

const NAME_ADDR = 0x2000_0000;
const H = 0x2000_0100;
const nameBytes = new TextEncoder().encode('fletcher32\0');

describe('engine detection', () => {
  it('covers every engine of femto-host/engines.ts with its symbols', () => {
    expect(knownEngines.map((e) => e.id)).toEqual(ENGINE_PROFILES.map((p) => p.engine));
    for (const p of ENGINE_PROFILES) {
      const e = knownEngines.find((x) => x.id === p.engine)!;
      for (const s of p.startupSymbols) expect(e.startup).toContain(s);
      for (const s of p.verifySymbols) expect(e.verify).toContain(s);
      for (const s of p.executeSymbols) expect(e.execute).toContain(s);
    }
  });
  it('finds the engine from symbol names', () => {
    expect(detectEngine(['main', 'fc_container_start', 'fc_container_run'])?.id).toBe('femtosim-fc');
    expect(detectEngine(['f12r_setup', 'f12r_verify_preflight', 'f12r_execute_ctx', 'f12r_run'])?.id).toBe('riot-femto-container');
    expect(detectEngine(['bpf_setup', 'bpf_run', 'bpf_execute'])?.id).toBe('riot-sys-bpf');
    expect(detectEngine(['main', 'printf'])).toBeNull();
  });
});

describe('container runs (scripted core)', () => {
  it("femtosim engine: start-up with nested verifier, runs, native twin and ratio, named from the start-up call", () => {
    const FNS: Record<string, [number, number]> = {
      main: [0x100, 0x40],
      fc_container_start: [0x140, 0x40],
      fc_container_run: [0x180, 0x40],
      fc_verify: [0x1c0, 0x40],
      native_fletcher32: [0x200, 0x40],
    };
    const { machine, image } = fakeMachine(
      FNS,
      [
        { at: 10, kind: 'call', from: 0x110, to: 0x140, args: [H, NAME_ADDR, 0, 0] },
        { at: 20, kind: 'call', from: 0x150, to: 0x1c0 },
        { at: 50, kind: 'ret', from: 0x1d0, to: 0x154 },
        { at: 110, kind: 'ret', from: 0x160, to: 0x114 },
        { at: 120, kind: 'call', from: 0x118, to: 0x180, args: [H, 0, 0, 0] },
        { at: 320, kind: 'ret', from: 0x190, to: 0x11c },
        { at: 330, kind: 'call', from: 0x120, to: 0x180, args: [H, 0, 0, 0] },
        { at: 540, kind: 'ret', from: 0x190, to: 0x124 },
        { at: 550, kind: 'call', from: 0x128, to: 0x200 },
        { at: 600, kind: 'ret', from: 0x210, to: 0x12c },
        { at: 610, kind: 'exit' },
      ],
      { addr: NAME_ADDR, bytes: nameBytes },
    );
    const r = measureRun(machine, image, {});
    const c = r.containers!;
    expect(c.engine!.id).toBe('femtosim-fc');
    expect(c.containers).toHaveLength(1);
    const k = c.containers[0];
    expect(k.name).toBe('fletcher32');
    expect(k.handle).toBe(H);
    expect(k.startupCycles).toBe(100);
    expect(k.startupCalls).toBe(1);
    expect(k.runs.map((x) => x.cycles)).toEqual([200, 210]);
    expect(k.exec.median).toBe(205);
    expect(k.native!.stats.median).toBe(50);
    expect(k.ratio).toBeCloseTo(4.1, 12);
    expect(k.startupUs).toBeCloseTo(1.5625, 12);
    expect(k.startupUj).toBeCloseTo(100 * 1.546875e-4, 12);
    expect(k.execUs).toBeCloseTo(205 / 64, 12);
    const t = formatContainers(c);
    expect(t).toMatch(/fletcher32\s+100\s+1\.56\s+0\.015\s+2\s+205\s+3\.20\s+0\.032\s+50\s+4\.1x/);
    // Footprint component for the engine's symbols.
    expect(r.footprint.components.map((x) => x.name)).toEqual(['femtosim-fc', 'other']);
    expect(r.footprint.components[0].symbols).toBe(3);
  });

  it('RIOT femto-container (tests/pkg_femto-container call pattern): execute_ctx tail-branches to f12r_run, which verifies on every run', () => {
    // f12r_execute_ctx ends in `b.w f12r_run` (no event); f12r_run's first event is its memset call,
    // whose r0 is a stack buffer, not the container: the run must still be the container's.
    const FNS: Record<string, [number, number]> = {
      main: [0x100, 0x40],
      f12r_setup: [0x140, 0x40],
      f12r_verify_preflight: [0x180, 0x40],
      f12r_execute_ctx: [0x1c0, 0x40],
      f12r_run: [0x200, 0x40],
      memset: [0x240, 0x40],
    };
    const STACKBUF = 0x2000_0f00;
    const script: Step[] = [
      { at: 10, kind: 'call', from: 0x110, to: 0x140, args: [H] },
      { at: 30, kind: 'ret', from: 0x150, to: 0x114 },
    ];
    let t = 40;
    const verify = [300, 20, 20];
    for (let i = 0; i < 3; i++) {
      script.push(
        { at: t, kind: 'call', from: 0x118, to: 0x1c0, args: [H, 0, 0, 0] },
        { at: t + 15, kind: 'call', from: 0x208, to: 0x240, args: [STACKBUF, 0, 80, 0] },
        { at: t + 40, kind: 'ret', from: 0x250, to: 0x20c },
        { at: t + 45, kind: 'call', from: 0x210, to: 0x180, args: [H] },
        { at: t + 45 + verify[i], kind: 'ret', from: 0x190, to: 0x214 },
        { at: t + 1000 + verify[i], kind: 'ret', from: 0x220, to: 0x11c },
      );
      t += 1100 + verify[i];
    }
    script.push({ at: t, kind: 'exit' });
    const { machine, image } = fakeMachine(FNS, script);
    const r = measureRun(machine, image, {}, { measure: ['f12r_execute_ctx', 'f12r_run'] });
    const k = r.containers!.containers;
    expect(r.containers!.engine!.id).toBe('riot-femto-container');
    expect(k.map((c) => c.name)).toEqual(['container@0x20000100']);
    expect(k[0].startupCycles).toBe(20);
    expect(k[0].startupCalls).toBe(1);
    expect(k[0].runs.map((x) => x.cycles)).toEqual([1300, 1020, 1020]);
    expect(k[0].runs.map((x) => x.verifyCycles)).toEqual(verify);
    expect(k[0].exec.median).toBe(1020);
    expect(k[0].verify!.samples).toEqual(verify);
    expect(k[0].native).toBeNull();
    expect(k[0].ratio).toBeNull();
    // --measure sees the execute call to its chain's return, and f12r_run from where it was found.
    expect(r.profile!.measured[0].samples).toEqual([1300, 1020, 1020]);
    expect(r.profile!.measured[1].samples).toEqual([1285, 1005, 1005]);
    const text = formatContainers(r.containers!);
    expect(text).toMatch(/verify\/run/);
    expect(text).toMatch(/container@0x20000100\s+20\s+0\.31\s+0\.003\s+3\s+1020\s+15\.94\s+0\.158\s+20\s+-\s+-/);
    expect(text).toMatch(/container@0x20000100: verification 300 cycles in the first run, then median 20 \(min 20, max 20\); 340 cycles over 3 runs/);
  });

  it('runs on two threads: a run preempted by a thread switch (PendSV, Cortex-M eret) and a run in the other thread', () => {
    const FNS: Record<string, [number, number]> = {
      main: [0x100, 0x40],
      fc_container_run: [0x140, 0x40],
      pendsv: [0x180, 0x40],
      thread_b: [0x1c0, 0x40],
      fc_container_start: [0x200, 0x40],
    };
    const H2 = 0x2000_0200;
    const { machine, image } = fakeMachine(FNS, [
      { at: 10, kind: 'call', from: 0x110, to: 0x140, args: [H, 0, 0, 0] }, // thread A runs container H
      { at: 50, kind: 'exc', from: 0x150, to: 0x180 }, // preempted
      { at: 60, kind: 'eret', from: 0, to: 0 },
      { at: 72, kind: 'ret', from: 0x190, to: 0x1c4 }, // lands in thread B
      { at: 80, kind: 'call', from: 0x1c8, to: 0x140, args: [H2, 0, 0, 0] }, // B runs container H2
      { at: 180, kind: 'ret', from: 0x160, to: 0x1cc },
      { at: 190, kind: 'exc', from: 0x1d0, to: 0x180 },
      { at: 200, kind: 'eret', from: 0, to: 0 },
      { at: 212, kind: 'ret', from: 0x190, to: 0x150 }, // back to A inside its run
      { at: 300, kind: 'ret', from: 0x160, to: 0x114 },
      { at: 310, kind: 'exit' },
    ]);
    const r = measureRun(machine, image, {});
    const k = r.containers!.containers;
    expect(k.map((c) => [c.handle, c.runs.map((x) => x.cycles)])).toEqual([
      [H, [290]],
      [H2, [100]],
    ]);
  });

  it('one handle set up again for each case (RIOT bench_bpf_unit: f12r_t on the stack in a loop) gives one container per set-up', () => {
    const FNS: Record<string, [number, number]> = {
      main: [0x100, 0x40],
      f12r_setup: [0x140, 0x40],
      f12r_verify_preflight: [0x180, 0x40],
      f12r_execute_ctx: [0x1c0, 0x40],
      f12r_run: [0x200, 0x40],
    };
    const script: Step[] = [];
    for (let i = 0; i < 3; i++) {
      const t = 10 + 1000 * i;
      script.push(
        { at: t, kind: 'call', from: 0x110, to: 0x140, args: [H] },
        { at: t + 30, kind: 'ret', from: 0x150, to: 0x114 },
        { at: t + 40, kind: 'call', from: 0x118, to: 0x1c0, args: [H] },
        { at: t + 50, kind: 'call', from: 0x210, to: 0x180, args: [H] },
        { at: t + 60, kind: 'ret', from: 0x190, to: 0x214 },
        { at: t + 100 * (i + 1), kind: 'ret', from: 0x220, to: 0x11c },
      );
    }
    script.push({ at: 5000, kind: 'exit' });
    const { machine, image } = fakeMachine(FNS, script);
    const k = measureRun(machine, image, {}).containers!.containers;
    expect(k.map((c) => [c.name, c.startupCycles, c.runs.map((x) => x.cycles)])).toEqual([
      ['container@0x20000100#1', 30, [60]],
      ['container@0x20000100#2', 30, [160]],
      ['container@0x20000100#3', 30, [260]],
    ]);
  });

  it('an image without an engine reports none', () => {
    const { machine, image } = fakeMachine({ main: [0x100, 0x40] }, [{ at: 5, kind: 'exit' }]);
    const r = measureRun(machine, image, {});
    expect(r.containers!.engine).toBeNull();
    expect(formatContainers(r.containers!)).toMatch(/no femto-container engine/);
  });
});
