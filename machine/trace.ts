/**
 * Instruction trace: `femtosim trace <elf> [--from FUNC] [--count N] [--regs]`.
 *
 * Runs at full speed up to the first call of FUNC (the profiler's control events, no per-instruction
 * cost), then one instruction at a time through the ordinary run loop (a one-cycle budget runs
 * exactly one instruction: Machine.step), printing for each: the cycle it started at, the cycles it took
 * (wait states and stalls included), its address as function+offset, and its disassembly;
 * optionally the registers it changed. Sleep, exception entry and console output appear as their
 * own lines. Emulated time is the same as in a plain run: tracing changes nothing the firmware sees.
 */
import type { ElfImage, ElfSymbol } from '../loader/elf.js';
import { functionSymbols } from '../loader/elf.js';
import type { Machine, RunOptions, RunSummary } from './machine.js';
import { UserError } from './errors.js';

export interface TraceOptions {
  /** Instructions to trace. */
  count: number;
  /** Start at the first call of this function (name) instead of at reset. */
  from?: string;
  /** Print the registers each instruction changed. */
  regs?: boolean;
}

export interface TraceResult {
  summary: RunSummary;
  /** Instructions traced. */
  traced: number;
  /** Whether --from was reached (true when not asked). */
  reached: boolean;
}

const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** Address -> "function+0xoff" over the image's function symbols (binary search). */
export function symbolizer(img: ElfImage): (addr: number) => string {
  const syms: ElfSymbol[] = functionSymbols(img);
  return (addr: number) => {
    let lo = 0;
    let hi = syms.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (syms[mid].value <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return hex(addr);
    const s = syms[best];
    const off = addr - s.value;
    if (s.size > 0 && off >= s.size && off > 0x1000) return hex(addr);
    return off === 0 ? s.name : `${s.name}+0x${off.toString(16)}`;
  };
}

/**
 * Traces `opts.count` instructions of a loaded machine. `out` receives whole lines; the console's
 * output is buffered into lines prefixed "| " so that it reads in order with the instructions.
 */
export function traceRun(m: Machine, img: ElfImage, run: RunOptions, opts: TraceOptions, out: (line: string) => void, consoleText: { take(): string }): TraceResult {
  const where = symbolizer(img);
  const cpu = m.cpu;
  const budget = run.maxCycles ?? Infinity;
  let pendingConsole = '';
  const flushConsole = (all: boolean) => {
    pendingConsole += consoleText.take();
    const lines = pendingConsole.split('\n');
    pendingConsole = all ? '' : lines.pop()!;
    for (const l of all ? lines.filter((x, i) => x !== '' || i < lines.length - 1) : lines) out(`| ${l.replace(/\r$/, '')}`);
  };

  let summary: RunSummary | null = null;
  let reached = true;
  if (opts.from !== undefined) {
    const sym = functionSymbols(img).find((s) => s.name === opts.from);
    if (!sym) throw new UserError(`--from: no function '${opts.from}' in ${img.path}`);
    const target = sym.value >>> 0;
    if ((cpu.pc >>> 0) !== target) {
      let hit = false;
      m.setObserver({
        onControl(_kind, _from, to) {
          if ((to >>> 0) === target && !hit) {
            hit = true;
            m.sched.requestBreak();
          }
        },
      });
      try {
        summary = m.run({ ...run, breakWhen: () => hit });
      } finally {
        m.setObserver(null);
      }
      flushConsole(false);
      reached = hit;
      if (!hit) {
        flushConsole(true);
        return { summary, traced: 0, reached };
      }
      out(`-- ${opts.from} entered at cycle ${m.sched.now}`);
    }
  }

  let traced = 0;
  let prevRegs = opts.regs ? cpu.registers() : null;
  while (traced < opts.count) {
    const pc = cpu.pc >>> 0;
    const i0 = cpu.instructions;
    const c0 = m.sched.now;
    const asleep = cpu.sleeping;
    const dis = asleep ? '' : cpu.disassemble(pc);
    summary = m.step(run);
    flushConsole(false);
    if (cpu.instructions > i0) {
      traced++;
      let line = `${String(c0).padStart(10)} +${String(m.sched.now - c0).padEnd(3)} ${hex(pc)} ${where(pc).padEnd(28)} ${dis}`;
      if (prevRegs !== null) {
        const now = cpu.registers();
        const changed = Object.keys(now).filter((k) => k !== 'pc' && now[k] !== prevRegs![k]);
        if (changed.length) line += `   ; ${changed.map((k) => `${k}=${hex(now[k])}`).join(' ')}`;
        prevRegs = now;
      }
      out(line);
    } else if (asleep) {
      out(`${String(c0).padStart(10)} -- asleep until cycle ${m.sched.now}`);
    } else if ((cpu.pc >>> 0) !== pc) {
      out(`${String(c0).padStart(10)} -- exception entry: ${hex(cpu.pc)} ${where(cpu.pc >>> 0)} (+${m.sched.now - c0} cycles)`);
      if (prevRegs !== null) prevRegs = cpu.registers();
    }
    if (summary.stopReason !== 'max-cycles' || m.sched.now >= budget) break;
  }
  flushConsole(true);
  return { summary: summary ?? m.run({ ...run, maxCycles: m.sched.now }), traced, reached };
}
