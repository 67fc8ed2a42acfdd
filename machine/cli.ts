/**
 * femtosim command line.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { writeFileSync } from 'node:fs';
import { boards, boardForMachine, findBoard } from '../peripherals/boards/index.js';
import { checkImageForBoard, readElfFile, type ElfImage } from '../loader/elf.js';
import { computeFootprint, formatFootprint, type ComponentRule } from '../loader/footprint.js';
import { detectEngine } from './containers.js';
import { Machine, formatSummary, type RunOptions, type RunSummary } from './machine.js';
import { UserError } from './errors.js';
import { EnergyMeter, formatEnergy, formatPowerModel } from './energy.js';
import type { BoardDesc } from '../peripherals/boards/types.js';
import { parseGdbPort, serveGdb } from './gdbstub.js';

export interface RunArgs {
  elf: string;
  board?: string;
  input?: string;
  until?: string;
  'max-cycles'?: number;
  'max-time'?: number;
  'exit-on-idle'?: boolean;
  strict?: boolean;
  json?: string;
  quiet?: boolean;
  gdb?: number;
}

/** Adds the options shared by every command that runs firmware. */
export function withRunOptions<T>(y: Argv<T>) {
  return y
    .positional('elf', { type: 'string', demandOption: true, describe: 'firmware image (ELF)' })
    .option('board', { type: 'string', describe: 'board name (default: per the ELF architecture)' })
    .option('input', { type: 'string', describe: 'text fed to the console UART receiver (\\n, \\r, \\t, \\xNN escapes)' })
    .option('until', { type: 'string', describe: 'stop when the console output matches this regular expression' })
    .option('max-cycles', { type: 'number', describe: 'stop after N core cycles' })
    .option('max-time', { type: 'number', describe: 'stop after N emulated milliseconds' })
    .option('exit-on-idle', { type: 'boolean', describe: 'stop when the core sleeps with nothing scheduled' })
    .option('strict', { type: 'boolean', describe: 'accesses to unimplemented registers fault' })
    .option('json', { type: 'string', describe: 'write the run summary as JSON to FILE' })
    .option('quiet', { type: 'boolean', describe: 'no summary on stderr' });
}

/** `run --gdb PORT`: the core waits at reset for gdb on 127.0.0.1:PORT (0: any free port, printed). */
function withGdbOption<T>(y: Argv<T>) {
  return y.option('gdb', {
    type: 'number',
    describe: 'serve the GDB remote protocol on 127.0.0.1:PORT (0: a free port); the core waits at reset until gdb resumes it',
  });
}

export function unescapeInput(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|n|r|t|\\)/g, (_m, e: string) =>
    e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16)),
  );
}

export function resolveBoard(img: ElfImage, name?: string): BoardDesc {
  if (name) return findBoard(name);
  const b = boardForMachine(img.machine);
  if (!b) throw new UserError(`${img.path}: no board runs ${img.machineName} images (boards: ${boards.map((x) => `${x.name} (${x.arch})`).join(', ')})`);
  return b;
}

export function runOptionsFrom(a: RunArgs): RunOptions {
  let until: RegExp | undefined;
  if (a.until !== undefined) {
    try {
      until = new RegExp(a.until, 'm');
    } catch (e) {
      throw new UserError(`--until: invalid regular expression: ${(e as Error).message}`);
    }
  }
  const num = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new UserError(`--${name} must be a non-negative number`);
    return v;
  };
  return {
    until,
    maxCycles: num('max-cycles', a['max-cycles']),
    maxTimeMs: num('max-time', a['max-time']),
    exitOnIdle: a['exit-on-idle'] ?? false,
  };
}

/** Builds a machine for the image (board by name or by architecture) with the console on stdout. */
export function prepareMachine(a: RunArgs, sink: (s: string) => void = (s) => process.stdout.write(s)): { machine: Machine; image: ElfImage } {
  const image = readElfFile(a.elf);
  const board = resolveBoard(image, a.board);
  checkImageForBoard(image, board);
  const machine = new Machine(board, { consoleSink: sink, strict: a.strict ?? false });
  machine.load(image);
  if (a.input !== undefined) machine.console.feed(unescapeInput(a.input));
  return { machine, image };
}

export function summaryJson(s: RunSummary, image?: ElfImage) {
  return {
    board: s.board,
    arch: s.arch,
    clockHz: s.clockHz,
    elf: image?.path,
    elfSha256: image?.sha256,
    cycles: s.cycles,
    instructions: s.instructions,
    timeUs: s.timeUs,
    sleepCycles: s.sleepCycles,
    sleepShare: s.sleepShare,
    stopReason: s.stopReason,
    exitCode: s.exitCode,
    fault: s.fault ?? null,
  };
}

function cmdRun(a: RunArgs): number {
  const opts = runOptionsFrom(a);
  const { machine, image } = prepareMachine(a);
  const meter = new EnergyMeter(machine);
  const s = machine.run(opts);
  const energy = meter.report();
  if (s.fault) process.stderr.write(`\nfemtosim: ${s.stopReason}: ${s.fault}\n`);
  if (!a.quiet) process.stderr.write(formatSummary(s) + '\n' + formatEnergy(energy) + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify({ ...summaryJson(s, image), energyUj: energy.available ? energy.totalUj : null, averageMw: energy.available ? energy.averageMw : null }, null, 2) + '\n');
  return s.exitCode;
}

/** `run --gdb`: serve one gdb session, then finish like `run` (after a detach the run goes on with its stop conditions). */
async function cmdRunGdb(a: RunArgs): Promise<number> {
  const port = parseGdbPort(a.gdb);
  const opts = runOptionsFrom(a);
  const { machine, image } = prepareMachine(a);
  const end = await serveGdb(machine, port);
  let s: RunSummary;
  if (end.kind === 'exited') s = end.summary; // a fault report was already printed when gdb was told
  else if (end.kind === 'detached') {
    s = machine.run(opts);
    if (s.fault) process.stderr.write(`\nfemtosim: ${s.stopReason}: ${s.fault}\n`);
  } else {
    process.stderr.write(end.kind === 'killed' ? 'femtosim: killed by the debugger\n' : 'femtosim: the debugger disconnected\n');
    s = { ...machine.run({ maxCycles: machine.sched.now }), stopReason: 'break', exitCode: 0 };
  }
  if (!a.quiet) process.stderr.write(formatSummary(s) + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify(summaryJson(s, image), null, 2) + '\n');
  return s.exitCode;
}

/** Components for `size`: --component NAME=REGEX rules, plus the femto-container engine the image holds. */
export function sizeComponents(image: ElfImage, specs: string[] = []): ComponentRule[] {
  const rules: ComponentRule[] = specs.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UserError(`--component ${spec}: expected NAME=REGEX`);
    try {
      return { name: spec.slice(0, eq), match: new RegExp(spec.slice(eq + 1)) };
    } catch (e) {
      throw new UserError(`--component ${spec}: invalid regular expression: ${(e as Error).message}`);
    }
  });
  const engine = detectEngine(image.symbols.map((s) => s.name));
  if (engine) rules.push({ name: engine.id, match: engine.footprint });
  return rules;
}

function cmdSize(a: { elf: string; board?: string; top?: number; json?: string; component?: string[] }): number {
  const image = readElfFile(a.elf);
  const board = resolveBoard(image, a.board);
  const fp = computeFootprint(image, board, sizeComponents(image, a.component));
  process.stdout.write(formatFootprint(fp, a.top ?? 10) + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify(fp, null, 2) + '\n');
  return fp.flash > fp.flashLimit || fp.ram > fp.ramLimit ? 1 : 0;
}

function cmdBoards(power = false): number {
  for (const b of boards) {
    if (power) {
      process.stdout.write(formatPowerModel(b.name, b.power, b.clockHz) + '\n');
      continue;
    }
    process.stdout.write(`${b.name.padEnd(16)} ${b.arch.padEnd(7)} ${b.cpu.padEnd(11)} ${(b.clockHz / 1e6).toFixed(0).padStart(4)} MHz  ${b.description}\n`);
    const w = Math.max(8, ...b.memory.map((m) => m.name.length));
    for (const m of b.memory) {
      process.stdout.write(`${''.padEnd(17)}${m.name.padEnd(w)} 0x${m.base.toString(16).padStart(8, '0')}  ${String(m.size / 1024).padStart(6)} KiB  ${m.access || '-'}\n`);
    }
  }
  return 0;
}

export type CommandRegistrar = (y: Argv, setExit: (code: number) => void) => Argv;
const extraCommands: CommandRegistrar[] = [];
/** Lets other modules (femto-host, profiler, report) add commands. */
export function registerCommands(r: CommandRegistrar): void {
  extraCommands.push(r);
}

/** A user error becomes a message and exit code 2; anything else propagates. */
function reportUserError(e: unknown, setExit: (code: number) => void): void {
  if (!(e instanceof UserError)) throw e;
  process.stderr.write(`femtosim: error: ${e.message}\n`);
  setExit(2);
}

/** Runs a command body, turning user errors into a message and exit code 2. */
export function guarded(fn: () => number, setExit: (code: number) => void): void {
  try {
    setExit(fn());
  } catch (e) {
    reportUserError(e, setExit);
  }
}

/** guarded() for an asynchronous command body. */
export async function guardedAsync(fn: () => Promise<number>, setExit: (code: number) => void): Promise<void> {
  try {
    setExit(await fn());
  } catch (e) {
    reportUserError(e, setExit);
  }
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (c: number) => {
    exitCode = c;
  };
  let y = yargs(argv)
    .scriptName('femtosim')
    .strict()
    .command(
      'run <elf>',
      'run a firmware image on its board; console on stdout, summary on stderr',
      (y) => withGdbOption(withRunOptions(y)),
      (a) =>
        (a as unknown as RunArgs).gdb !== undefined
          ? guardedAsync(() => cmdRunGdb(a as unknown as RunArgs), setExit)
          : guarded(() => cmdRun(a as unknown as RunArgs), setExit),
    )
    .command(
      'size <elf>',
      'flash and RAM used against the board limits, per section, with the largest symbols',
      (y) =>
        y
          .positional('elf', { type: 'string', demandOption: true })
          .option('board', { type: 'string' })
          .option('top', { type: 'number', default: 10 })
          .option('component', { type: 'string', array: true, describe: 'group symbols NAME=REGEX (repeatable); the femto-container engine is found by itself' })
          .option('json', { type: 'string' }),
      (a) => guarded(() => cmdSize(a as { elf: string; board?: string; top?: number; json?: string; component?: string[] }), setExit),
    )
    .command('boards', 'list the boards femtosim emulates', (y) => y.option('power', { type: 'boolean', describe: 'print each board\'s power model with its sources' }), (a) => guarded(() => cmdBoards(a.power ?? false), setExit));
  for (const r of extraCommands) y = r(y, setExit);
  y = y
    .demandCommand(1, 'give a command (femtosim --help lists them)')
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`femtosim: error: ${msg}\n`);
      exitCode = 2;
    })
    .help();
  await y.parseAsync();
  return exitCode;
}

export async function cliEntry(): Promise<void> {
  const code = await main(hideBin(process.argv));
  process.exitCode = code;
}
