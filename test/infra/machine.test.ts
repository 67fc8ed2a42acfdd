import { describe, it, expect } from 'vitest';
import { Machine } from '../../machine/machine.js';
import { cpuFactories } from '../../cpu/index.js';
import type { Cpu, CpuHost, HaltInfo } from '../../machine/cpu.js';
import type { BoardDesc } from '../../peripherals/boards/types.js';
import { deviceFactories } from '../../peripherals/registry.js';
import { Peripheral } from '../../peripherals/peripheral.js';

/** A device whose register 0 asks the chip to power off (1) or reset (2) when written. */
class PowerDevice extends Peripheral {
  resets = 0;
  readReg() {
    return 0;
  }
  writeReg(_o: number, v: number) {
    if (v === 1) this.ctx.system.powerOff('test: power off');
    if (v === 2) this.ctx.system.reset('test: watchdog');
  }
  override reset() {
    this.resets++;
  }
}
deviceFactories['test.power'] = (d, c) => new PowerDevice(d, c);

/**
 * A scripted fake core: each step costs `cost` cycles; the script says what happens at given steps.
 * It exercises the run loop (budgets, sleep skipping, events, --until, exit) without a real ISA.
 */
type Action = { print?: string; sleep?: boolean; exit?: number; halt?: HaltInfo };
class FakeCpu implements Cpu {
  readonly arch = 'arm' as const;
  sleeping = false;
  halted: HaltInfo | null = null;
  instructions = 0;
  pc = 0;
  irqs: number[] = [];
  constructor(
    private host: CpuHost,
    private script: Map<number, Action>,
    private cost = 1,
  ) {}
  resetCount = 0;
  reset() {
    this.resetCount++;
  }
  setIrq(line: number, level: boolean) {
    if (level) {
      this.irqs.push(line);
      this.sleeping = false;
      this.host.sched.requestBreak();
    }
  }
  run() {
    const s = this.host.sched;
    while (s.now < s.limit && !this.sleeping && !this.halted) {
      const a = this.script.get(this.instructions);
      this.instructions++;
      this.pc += 2;
      s.now += this.cost;
      if (!a) continue;
      if (a.print) this.host.console.writeString(a.print);
      if (a.sleep) this.sleeping = true;
      if (a.exit !== undefined) this.halted = { kind: 'exit', code: a.exit, message: '' };
      if (a.halt) this.halted = a.halt;
    }
  }
  registerDump() {
    return '  r0=00000000';
  }
  disassemble() {
    return 'udf #0';
  }
  registers() {
    return { pc: this.pc };
  }
}

function machineWith(script: Record<number, Action>, cost = 1) {
  let cpu!: FakeCpu;
  cpuFactories['fake'] = (host) => (cpu = new FakeCpu(host, new Map(Object.entries(script).map(([k, v]) => [Number(k), v])), cost));
  const board: BoardDesc = {
    name: 'fakeboard',
    description: 'test',
    arch: 'arm',
    cpu: 'fake',
    elfMachine: 40,
    clockHz: 1_000_000,
    memory: [{ name: 'ram', base: 0, size: 0x1000, kind: 'ram', access: 'rwx' }],
    peripherals: [{ type: 'test.power', name: 'PWR', base: 0x4000_0000, size: 0x1000 }],
    sources: [],
  };
  let out = '';
  const m = new Machine(board, { consoleSink: (s) => (out += s) });
  return { m, cpu: () => cpu, out: () => out };
}

describe('Machine run loop', () => {
  it('stops on the cycle budget with exit code 124', () => {
    const { m } = machineWith({});
    const s = m.run({ maxCycles: 1000 });
    expect(s).toMatchObject({ cycles: 1000, instructions: 1000, stopReason: 'max-cycles', exitCode: 124 });
  });

  it('converts --max-time to cycles at the board clock', () => {
    const { m } = machineWith({});
    const s = m.run({ maxTimeMs: 2 });
    expect(s).toMatchObject({ cycles: 2000, stopReason: 'max-time', exitCode: 124, timeUs: 2000 });
  });

  it('stops when the console matches --until, exit code 0', () => {
    const { m, out } = machineWith({ 10: { print: 'hello ' }, 20: { print: 'world\n' } });
    const s = m.run({ until: /world/, maxCycles: 10000 });
    expect(s.stopReason).toBe('until');
    expect(s.exitCode).toBe(0);
    expect(s.cycles).toBe(21);
    expect(out()).toBe('hello world\n');
  });

  it('skips sleep to the next event and counts it as sleep', () => {
    const { m, cpu } = machineWith({ 5: { sleep: true } });
    const wake = m.sched.event('wake', () => cpu().setIrq(3, true));
    m.sched.at(wake, 500);
    const s = m.run({ maxCycles: 600 });
    expect(cpu().irqs).toEqual([3]);
    expect(s.sleepCycles).toBe(494);
    expect(s.sleepShare).toBeCloseTo(494 / 600);
    expect(s.instructions).toBe(6 + 100);
  });

  it('asleep with nothing scheduled: idle stop, 0 with --exit-on-idle, 124 without', () => {
    const a = machineWith({ 3: { sleep: true } }).m.run({ exitOnIdle: true });
    expect(a).toMatchObject({ stopReason: 'idle', exitCode: 0, cycles: 4 });
    const b = machineWith({ 3: { sleep: true } }).m.run({});
    expect(b).toMatchObject({ stopReason: 'idle', exitCode: 124 });
    const c = machineWith({ 3: { sleep: true } }).m.run({ maxCycles: 100 });
    expect(c).toMatchObject({ stopReason: 'max-cycles', exitCode: 124, sleepCycles: 96 });
  });

  it('firmware exit codes pass through; lockups end with 3 and a report', () => {
    expect(machineWith({ 7: { exit: 5 } }).m.run({})).toMatchObject({ stopReason: 'exit', exitCode: 5 });
    const r = machineWith({ 7: { halt: { kind: 'lockup', code: 0, message: 'lockup: fault in HardFault' } } }).m.run({});
    expect(r.stopReason).toBe('lockup');
    expect(r.exitCode).toBe(3);
    expect(r.fault).toMatch(/lockup: fault in HardFault\n  at pc=0x00000010: udf #0\n  r0=00000000/);
  });

  it('semihosting exit ends the run with the given code', () => {
    const { m } = machineWith({});
    m.bus.write32(0x100, 0x20026);
    m.bus.write32(0x104, 42);
    m.semihost(0x20, 0x100);
    expect(m.run({ maxCycles: 50 })).toMatchObject({ stopReason: 'exit', exitCode: 42 });
  });

  it('a peripheral powering the chip off ends the run (exit 0); a reset restarts core and peripherals', () => {
    const off = machineWith({});
    off.m.bus.write32(0x4000_0000, 1);
    expect(off.m.run({ maxCycles: 100 })).toMatchObject({ stopReason: 'system-off', exitCode: 0, cycles: 0 });
    const warnings: string[] = [];
    const rs = machineWith({});
    (rs.m as unknown as { warn: (s: string) => void }).warn = (s) => warnings.push(s);
    rs.m.sched.now = 40;
    rs.m.bus.write32(0x4000_0000, 2);
    const s = rs.m.run({ maxCycles: 100 });
    expect(s.stopReason).toBe('max-cycles');
    expect(rs.cpu().resetCount).toBe(1);
    expect((rs.m.peripherals.get('PWR') as PowerDevice).resets).toBe(1);
    expect(rs.m.resets).toEqual([{ cycle: 40, reason: 'test: watchdog' }]);
    expect(warnings).toEqual(['femtosim: system reset at cycle 40: test: watchdog']);
  });

  it('is deterministic', () => {
    const run = () => {
      const { m, cpu } = machineWith({ 5: { sleep: true }, 300: { print: 'x\n' } }, 3);
      const ev = m.sched.event('t', () => {
        cpu().setIrq(1, true);
        m.sched.after(ev, 77);
      });
      m.sched.at(ev, 100);
      return m.run({ maxCycles: 5000 });
    };
    expect(run()).toEqual(run());
  });
});
