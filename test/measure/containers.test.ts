import { describe, it, expect } from 'vitest';
import { fakeMachine } from './fake.js';
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
      for (const s of [...p.startupSymbols, ...p.verifySymbols]) expect(e.startup).toContain(s);
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

  it('RIOT femto-container: verification inside the first execute counts as start-up; wrapper + interpreter is one run', () => {
    const FNS: Record<string, [number, number]> = {
      main: [0x100, 0x40],
      f12r_setup: [0x140, 0x40],
      f12r_verify_preflight: [0x180, 0x40],
      f12r_execute_ctx: [0x1c0, 0x40],
      f12r_run: [0x200, 0x40],
    };
    const { machine, image } = fakeMachine(FNS, [
      { at: 10, kind: 'call', from: 0x110, to: 0x140, args: [H] },
      { at: 30, kind: 'ret', from: 0x150, to: 0x114 },
      { at: 40, kind: 'call', from: 0x118, to: 0x1c0, args: [H] },
      { at: 50, kind: 'call', from: 0x1d0, to: 0x180, args: [H] },
      { at: 80, kind: 'ret', from: 0x190, to: 0x1d4 },
      { at: 90, kind: 'call', from: 0x1d8, to: 0x200, args: [H] },
      { at: 190, kind: 'ret', from: 0x210, to: 0x1dc },
      { at: 200, kind: 'ret', from: 0x1e0, to: 0x11c },
      { at: 210, kind: 'exit' },
    ]);
    const r = measureRun(machine, image, {});
    const k = r.containers!.containers;
    expect(r.containers!.engine!.id).toBe('riot-femto-container');
    expect(k).toHaveLength(1);
    expect(k[0].name).toBe('container@0x20000100');
    expect(k[0].startupCycles).toBe(50);
    expect(k[0].startupCalls).toBe(2);
    expect(k[0].runs.map((x) => x.cycles)).toEqual([130]);
    expect(k[0].native).toBeNull();
    expect(k[0].ratio).toBeNull();
  });

  it('an image without an engine reports none', () => {
    const { machine, image } = fakeMachine({ main: [0x100, 0x40] }, [{ at: 5, kind: 'exit' }]);
    const r = measureRun(machine, image, {});
    expect(r.containers!.engine).toBeNull();
    expect(formatContainers(r.containers!)).toMatch(/no femto-container engine/);
  });
});
