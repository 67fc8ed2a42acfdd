/**
 * Measurement commands: profile, containers, report, compare, demo. Registered into the CLI by
 * importing this module (machine/main.ts).
 */
import type { Argv } from 'yargs';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerCommands, guarded, prepareMachine, runOptionsFrom, withRunOptions, unescapeInput, type RunArgs } from './cli.js';
import { Machine, formatSummary } from './machine.js';
import { formatEnergy } from './energy.js';
import { formatProfile, formatMeasures, toFolded, toSpeedscope } from './profiler.js';
import { formatContainers } from './containers.js';
import { measureRun, imageReport, reportDocument, type MeasuredRun } from './report.js';
import { compareReports, compareMarkdown, compareJUnit, validateReport } from './compare.js';
import { renderHtml } from './html.js';
import { UserError } from './errors.js';
import { traceRun } from './trace.js';
import { boards } from '../peripherals/boards/index.js';
import { readElfFile } from '../loader/elf.js';

interface ProfileArgs extends RunArgs {
  measure?: string;
  folded?: string;
  speedscope?: string;
  top?: number;
}

function measureList(s: string | undefined): string[] {
  return s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [];
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UserError(`${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Runs one image with everything attached; console output goes to stdout unless quiet. */
function runMeasured(a: RunArgs, measure: string[], sink?: (s: string) => void): MeasuredRun {
  const opts = runOptionsFrom(a);
  const { machine, image } = prepareMachine(a, sink);
  return measureRun(machine, image, opts, { measure });
}

function printSummary(r: MeasuredRun, quiet?: boolean): void {
  if (r.summary.fault) process.stderr.write(`\nfemtosim: ${r.summary.stopReason}: ${r.summary.fault}\n`);
  if (!quiet) process.stderr.write(formatSummary(r.summary) + '\n' + formatEnergy(r.energy) + '\n');
  for (const n of r.notes) process.stderr.write(`femtosim: note: ${n}\n`);
}

function cmdProfile(a: ProfileArgs): number {
  const r = runMeasured(a, measureList(a.measure));
  printSummary(r, a.quiet);
  if (!r.profile) throw new UserError(`board ${r.summary.board}: the ${r.machine.board.cpu} core cannot be profiled yet`);
  process.stdout.write('\n' + formatProfile(r.profile, a.top ?? 25) + '\n');
  if (a.folded) write(a.folded, toFolded(r.profile));
  if (a.speedscope) write(a.speedscope, JSON.stringify(toSpeedscope(r.profile, `${r.summary.board}: ${a.elf}`)) + '\n');
  if (a.json) write(a.json, JSON.stringify(imageReport(r), null, 2) + '\n');
  return r.summary.exitCode;
}

function cmdContainers(a: RunArgs & { measure?: string }): number {
  const r = runMeasured(a, measureList(a.measure));
  printSummary(r, a.quiet);
  if (!r.profile) throw new UserError(`board ${r.summary.board}: the ${r.machine.board.cpu} core cannot be profiled yet, so container runs cannot be measured`);
  process.stdout.write('\n' + formatContainers(r.containers ?? { engine: null, clockHz: r.summary.clockHz, containers: [] }) + '\n');
  if (r.profile.measured.length) process.stdout.write(formatMeasures(r.profile.measured) + '\n');
  if (a.json) write(a.json, JSON.stringify(imageReport(r).containers, null, 2) + '\n');
  return r.summary.exitCode;
}

interface TraceArgs extends RunArgs {
  from?: string;
  count?: number;
  regs?: boolean;
  out?: string;
}

function cmdTrace(a: TraceArgs): number {
  const count = a.count ?? 1000;
  if (!Number.isInteger(count) || count < 0) throw new UserError('--count must be a non-negative integer');
  const opts = runOptionsFrom(a);
  let text = '';
  const { machine, image } = prepareMachine(a, (s) => (text += s));
  const chunks: string[] = [];
  const fd = a.out ? openSync(a.out, 'w') : 1;
  const out = (line: string) => {
    chunks.push(line);
    if (chunks.length >= 256) {
      writeSync(fd, chunks.join('\n') + '\n');
      chunks.length = 0;
    }
  };
  let r;
  try {
    r = traceRun(machine, image, opts, { count, from: a.from, regs: a.regs }, out, {
      take: () => {
        const t = text;
        text = '';
        return t;
      },
    });
    if (chunks.length) writeSync(fd, chunks.join('\n') + '\n');
  } finally {
    if (fd !== 1) closeSync(fd);
  }
  if (!r.reached) process.stderr.write(`femtosim: trace: ${a.from} was not called before the run stopped (${r.summary.stopReason})\n`);
  if (r.summary.fault) process.stderr.write(`\nfemtosim: ${r.summary.stopReason}: ${r.summary.fault}\n`);
  if (!a.quiet) process.stderr.write(`femtosim: traced ${r.traced} instructions; ${formatSummary(r.summary)}\n`);
  return r.summary.stopReason === 'max-cycles' ? 0 : r.summary.exitCode;
}

interface ReportArgs extends Omit<RunArgs, 'elf'> {
  elf: string[];
  measure?: string;
  html?: string;
}

function cmdReport(a: ReportArgs): number {
  const images = [];
  let exit = 0;
  for (const elf of a.elf) {
    const r = runMeasured({ ...a, elf }, measureList(a.measure), () => {});
    if (!a.quiet) process.stderr.write(`${elf}: ${r.summary.board}, ${r.summary.cycles} cycles, stop ${r.summary.stopReason}\n`);
    if (r.summary.exitCode !== 0 && exit === 0) exit = r.summary.exitCode;
    images.push(imageReport(r));
  }
  const doc = reportDocument(images);
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (a.json) write(a.json, text);
  else process.stdout.write(text);
  if (a.html) write(a.html, renderHtml(doc));
  return exit;
}

function readReport(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not JSON (${(e as Error).message})`);
  }
  return validateReport(doc, file);
}

function cmdCompare(a: { base: string; head: string; 'cycles-tolerance'?: number; 'size-tolerance'?: number; junit?: string; markdown?: string }): number {
  const ct = a['cycles-tolerance'] ?? 0;
  const st = a['size-tolerance'] ?? 0;
  if (!Number.isFinite(ct) || ct < 0) throw new UserError('--cycles-tolerance must be a non-negative percentage');
  if (!Number.isFinite(st) || st < 0) throw new UserError('--size-tolerance must be a non-negative number of bytes');
  const c = compareReports(readReport(a.base), readReport(a.head), { cyclesTolerancePct: ct, sizeToleranceBytes: st });
  const md = compareMarkdown(c);
  process.stdout.write(md);
  if (a.markdown) write(a.markdown, md);
  if (a.junit) write(a.junit, compareJUnit(c));
  return c.regressions > 0 ? 1 : 0;
}

// ---------------------------------------------------------------- demo

/** Root of the installed package (dist/machine/.. or machine/..). */
function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(d, 'package.json'))) return d;
    d = dirname(d);
  }
  return resolve('.');
}

export interface DemoBoardResult {
  board: string;
  arch: string;
  elf: string;
  status: 'ok' | 'missing-firmware' | 'no-core' | 'error';
  message?: string;
  run?: MeasuredRun;
}

export interface DemoOptions {
  root?: string;
  maxTimeMs?: number;
  until?: string;
  input?: string;
}

/** Runs firmware/prebuilt/<board>/femtosim-demo.elf on every board; a board that cannot run is reported, not fatal. */
export function runDemo(o: DemoOptions = {}): DemoBoardResult[] {
  const root = o.root ?? packageRoot();
  const out: DemoBoardResult[] = [];
  for (const b of boards) {
    const elf = join(root, 'firmware', 'prebuilt', b.name, 'femtosim-demo.elf');
    const base = { board: b.name, arch: b.arch, elf };
    if (!existsSync(elf)) {
      out.push({ ...base, status: 'missing-firmware', message: `no demo firmware at ${elf}` });
      continue;
    }
    let machine: Machine;
    try {
      machine = new Machine(b, { consoleSink: () => {}, warn: () => {} });
    } catch (e) {
      if (e instanceof UserError) {
        out.push({ ...base, status: 'no-core', message: e.message });
        continue;
      }
      throw e;
    }
    try {
      const image = readElfFile(elf);
      machine.load(image);
      if (o.input) machine.console.feed(unescapeInput(o.input));
      const run = measureRun(machine, image, { maxTimeMs: o.maxTimeMs ?? 2000, until: o.until ? new RegExp(o.until, 'm') : undefined, exitOnIdle: true });
      out.push({ ...base, status: run.summary.stopReason === 'fault' || run.summary.stopReason === 'lockup' ? 'error' : 'ok', message: run.summary.fault, run });
    } catch (e) {
      // A core still under construction may throw anything: report it, keep going with the other boards.
      out.push({ ...base, status: e instanceof UserError ? 'error' : 'no-core', message: (e as Error).message });
    }
  }
  return out;
}

/** One application's numbers on one board: start-up of its first instance, execution over all runs. */
export interface DemoAppRow {
  name: string;
  instances: number;
  runs: number;
  startupCycles: number;
  execCycles: number;
  nativeCycles: number | null;
  hz: number;
  uJPerCycle: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? 0 : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Groups a board's container reports by application name (first start-up, median execution). */
export function demoRows(r: DemoBoardResult): DemoAppRow[] {
  const cs = r.run?.containers?.containers ?? [];
  const byName = new Map<string, typeof cs>();
  for (const c of cs) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const rows: DemoAppRow[] = [];
  for (const [name, list] of byName) {
    const runs = list.flatMap((c) => c.runs.map((x) => x.cycles));
    const native = list.find((c) => c.native)?.native ?? null;
    const withEnergy = list.find((c) => c.startupUj !== null && c.startupCycles > 0);
    rows.push({
      name,
      instances: list.length,
      runs: runs.length,
      // The first instance is the demo's measurement slot (what its own CSV reports); later ones are
      // the concurrent hook containers, started with warmer caches.
      startupCycles: list[0].startupCycles,
      execCycles: median(runs),
      nativeCycles: native ? native.stats.median : null,
      hz: r.run!.summary.clockHz,
      uJPerCycle: withEnergy ? withEnergy.startupUj! / withEnergy.startupCycles : null,
    });
  }
  return rows;
}

export function formatDemo(results: DemoBoardResult[]): string {
  const lines = ['femtosim demo: femto-container cost per architecture (bundled firmware, median over runs)', ''];
  const n = (x: number | null, d: number) => (x === null ? '-' : x.toFixed(d));
  for (const r of results) {
    const head = `${r.board} (${r.arch})`;
    if (r.status !== 'ok' || !r.run) {
      lines.push(`${head}: ${r.status === 'missing-firmware' ? 'not run: ' : r.status === 'no-core' ? 'core not available: ' : 'failed: '}${(r.message ?? '').split('\n')[0]}`, '');
      continue;
    }
    const mhz = (r.run.summary.clockHz / 1e6).toFixed(0);
    const rows = demoRows(r);
    if (!rows.length) {
      lines.push(`${head} @ ${mhz} MHz: no container runs measured${r.run.notes.length ? ` (${r.run.notes.join('; ')})` : ''}`, '');
      continue;
    }
    lines.push(`${head} @ ${mhz} MHz`);
    lines.push('  app                   start-up cyc       µs   exec cyc        µs        µJ  native cyc  native µs  container/native');
    const apps = rows.filter((x) => x.nativeCycles !== null);
    const others = rows.filter((x) => x.nativeCycles === null);
    for (const a of apps) {
      const us = (c: number) => (c * 1e6) / a.hz;
      const uj = a.uJPerCycle === null ? null : a.execCycles * a.uJPerCycle;
      lines.push(
        `  ${a.name.padEnd(20)} ${String(a.startupCycles).padStart(13)} ${n(us(a.startupCycles), 2).padStart(8)} ${String(a.execCycles).padStart(10)} ${n(us(a.execCycles), 2).padStart(9)} ${n(uj, 3).padStart(9)} ${String(a.nativeCycles).padStart(11)} ${n(us(a.nativeCycles!), 2).padStart(10)} ${(a.nativeCycles! > 0 ? (a.execCycles / a.nativeCycles!).toFixed(1) + 'x' : '-').padStart(17)}`,
      );
    }
    if (others.length) {
      const st = others.map((o) => o.startupCycles);
      lines.push(`  + ${others.length} error-path containers (malformed images, faulting programs): start-up ${Math.min(...st)}-${Math.max(...st)} cycles`);
    }
    const fp = r.run.footprint;
    const eng = fp.components.find((c) => c.name !== 'other');
    const engTxt = eng && fp.flash > 0 ? `; engine ${eng.flash} B flash (${((100 * eng.flash) / fp.flash).toFixed(1)}% of the image), ${eng.ram} B RAM` : '';
    lines.push(`  footprint: flash ${fp.flash}/${fp.flashLimit} B, RAM ${fp.ram}/${fp.ramLimit} B${engTxt}`);
    lines.push(`  run: ${r.run.summary.cycles} cycles, ${(r.run.summary.timeUs / 1000).toFixed(3)} ms emulated, energy ${r.run.energy.available ? r.run.energy.totalUj.toFixed(3) + ' µJ' : 'unavailable (no datasheet figure)'}`);
    lines.push('');
  }
  // Cross-architecture view: execution time and slowdown per application.
  const ran = results.filter((r) => r.status === 'ok' && r.run);
  if (ran.length > 1) {
    const perBoard = ran.map((r) => ({ r, rows: new Map(demoRows(r).map((x) => [x.name, x])) }));
    const names = [...new Set(perBoard.flatMap((b) => [...b.rows.values()].filter((x) => x.nativeCycles !== null).map((x) => x.name)))];
    lines.push('per architecture: container execution µs (container/native)');
    lines.push('  ' + 'app'.padEnd(20) + perBoard.map((b) => b.r.board.padStart(22)).join(''));
    for (const name of names) {
      const cells = perBoard.map((b) => {
        const x = b.rows.get(name);
        if (!x) return '-'.padStart(22);
        const us = (x.execCycles * 1e6) / x.hz;
        return `${us.toFixed(2)} (${x.nativeCycles ? (x.execCycles / x.nativeCycles).toFixed(1) : '-'}x)`.padStart(22);
      });
      lines.push('  ' + name.padEnd(20) + cells.join(''));
    }
    lines.push('  ' + 'start-up (median)'.padEnd(20) + perBoard.map((b) => {
      const st = [...b.rows.values()].filter((x) => x.nativeCycles !== null).map((x) => (x.startupCycles * 1e6) / x.hz);
      return `${median(st).toFixed(2)} µs`.padStart(22);
    }).join(''));
  }
  return lines.join('\n');
}

function cmdDemo(a: { html?: string; json?: string; 'max-time'?: number }): number {
  const results = runDemo({ maxTimeMs: a['max-time'] });
  process.stdout.write(formatDemo(results) + '\n');
  const ran = results.filter((r) => r.run);
  const doc = reportDocument(ran.map((r) => imageReport(r.run!)));
  const html = a.html ?? 'report.html';
  write(html, renderHtml(doc, 'femtosim demo: femto-containers per architecture', results.filter((r) => !r.run).map((r) => `${r.board}: ${r.status}: ${(r.message ?? '').split('\n')[0]}`)));
  process.stdout.write(`wrote ${html}\n`);
  if (a.json) write(a.json, JSON.stringify(doc, null, 2) + '\n');
  return ran.length > 0 && ran.every((r) => r.status === 'ok') ? 0 : 1;
}

registerCommands((y: Argv, setExit) =>
  y
    .command(
      'trace <elf>',
      'instruction trace: cycle, cycles taken, address (function+offset), disassembly; console lines in order',
      (y) =>
        withRunOptions(y)
          .option('from', { type: 'string', describe: 'run at full speed to the first call of FUNC, then trace' })
          .option('count', { type: 'number', default: 1000, describe: 'instructions to trace' })
          .option('regs', { type: 'boolean', describe: 'show the registers each instruction changed' })
          .option('out', { type: 'string', describe: 'write the trace to FILE instead of stdout' }),
      (a) => guarded(() => cmdTrace(a as unknown as TraceArgs), setExit),
    )
    .command(
      'profile <elf>',
      'run with the profiler: per-function cycles, call counts, stalls; folded stacks and speedscope output',
      (y) =>
        withRunOptions(y)
          .option('measure', { type: 'string', describe: 'per-call cycles of these functions (FUNC[,FUNC])' })
          .option('folded', { type: 'string', describe: 'write collapsed stacks (flamegraph.pl input) to FILE' })
          .option('speedscope', { type: 'string', describe: 'write a speedscope profile (JSON) to FILE' })
          .option('top', { type: 'number', default: 25, describe: 'functions in the table' }),
      (a) => guarded(() => cmdProfile(a as unknown as ProfileArgs), setExit),
    )
    .command(
      'containers <elf>',
      'femto-container start-up and execution per container: cycles, µs, µJ, native ratio',
      (y) => withRunOptions(y).option('measure', { type: 'string', describe: 'also per-call cycles of these functions (FUNC[,FUNC])' }),
      (a) => guarded(() => cmdContainers(a as unknown as RunArgs), setExit),
    )
    .command(
      'report <elf..>',
      'run each image and write one versioned JSON report (docs/report-schema.md)',
      (y) =>
        y
          .positional('elf', { type: 'string', array: true, demandOption: true, describe: 'firmware images (ELF)' })
          .option('board', { type: 'string', describe: 'board name (default: per the ELF architecture)' })
          .option('input', { type: 'string', describe: 'text fed to the console UART receiver' })
          .option('until', { type: 'string', describe: 'stop when the console output matches this regular expression' })
          .option('max-cycles', { type: 'number', describe: 'stop after N core cycles' })
          .option('max-time', { type: 'number', describe: 'stop after N emulated milliseconds' })
          .option('exit-on-idle', { type: 'boolean', describe: 'stop when the core sleeps with nothing scheduled' })
          .option('strict', { type: 'boolean' })
          .option('measure', { type: 'string', describe: 'per-call cycles of these functions (FUNC[,FUNC])' })
          .option('json', { type: 'string', describe: 'write the report to FILE (default: stdout)' })
          .option('html', { type: 'string', describe: 'also write an HTML report to FILE' })
          .option('quiet', { type: 'boolean' }),
      (a) => guarded(() => cmdReport(a as unknown as ReportArgs), setExit),
    )
    .command(
      'compare <base> <head>',
      'compare two reports: Markdown table, exit 1 on a regression past tolerance',
      (y) =>
        y
          .positional('base', { type: 'string', demandOption: true })
          .positional('head', { type: 'string', demandOption: true })
          .option('cycles-tolerance', { type: 'number', default: 0, describe: 'allowed cycle increase, percent' })
          .option('size-tolerance', { type: 'number', default: 0, describe: 'allowed size increase, bytes' })
          .option('junit', { type: 'string', describe: 'write JUnit XML to FILE' })
          .option('markdown', { type: 'string', describe: 'also write the Markdown table to FILE' }),
      (a) => guarded(() => cmdCompare(a as unknown as Parameters<typeof cmdCompare>[0]), setExit),
    )
    .command(
      'demo',
      'run the bundled demo firmware on every board: the per-architecture container table, and report.html',
      (y) =>
        y
          .option('html', { type: 'string', describe: 'HTML report file (default report.html)' })
          .option('json', { type: 'string', describe: 'also write the JSON report to FILE' })
          .option('max-time', { type: 'number', describe: 'emulated milliseconds per board (default 2000)' }),
      (a) => guarded(() => cmdDemo(a as { html?: string; json?: string; 'max-time'?: number }), setExit),
    ),
);
