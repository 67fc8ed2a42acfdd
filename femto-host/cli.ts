/**
 * `fc` command for the femtosim CLI (yargs): pack, inspect, run. Also the body of the standalone
 * packer entry (pack-main.ts). Input problems print a message and exit with status 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { FemtoInputError } from './errors.js';
import { packObject } from './pack.js';
import { parseImage, FcImage, HEADER_SIZE, FUNCTION_ENTRY_SIZE } from './image.js';
import { disassemble } from './disasm.js';
import { FemtoContainer, verify, ERROR_NAMES, DEFAULT_BRANCH_BUDGET, DEFAULT_SENSORS } from './vm.js';

export interface FcIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, bytes: Uint8Array): void;
}

export const processIo: FcIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => { process.exitCode = c; },
  readFile: (p) => new Uint8Array(readFileSync(p)),
  writeFile: (p, b) => writeFileSync(p, b),
};

export const EXIT_OK = 0;
export const EXIT_FAULT = 1;
export const EXIT_BAD_INPUT = 2;

function readInput(io: FcIo, path: string): Uint8Array {
  try {
    return io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FemtoInputError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
  }
}

/** Runs `body`, turning input errors into a message and exit status 2. Other errors are bugs: rethrown. */
function guarded(io: FcIo, body: () => number): void {
  try {
    io.setExitCode(body());
  } catch (e) {
    if (!(e instanceof FemtoInputError)) throw e;
    io.err(`error: ${e.message}\n`);
    io.setExitCode(EXIT_BAD_INPUT);
  }
}

export function cmdPack(io: FcIo, obj: string, outPath: string, version = 0): number {
  const packed = packObject(readInput(io, obj), { source: obj, version });
  for (const w of packed.warnings) io.err(`warning: ${obj}: ${w}\n`);
  try {
    io.writeFile(outPath, packed.bytes);
  } catch (e) {
    throw new FemtoInputError(`${outPath}: cannot write file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const img = packed.image;
  io.out(
    `${obj} -> ${outPath}: ${packed.bytes.length} bytes (text ${img.text.length}, data ${img.data.length}, rodata ${img.rodata.length}); ` +
      `functions: ${img.functions.map((f) => f.name).join(', ') || 'none'}\n`,
  );
  return EXIT_OK;
}

function hexdump(bytes: Uint8Array, limit = 256): string[] {
  const lines: string[] = [];
  for (let o = 0; o < Math.min(bytes.length, limit); o += 16) {
    const row = bytes.subarray(o, Math.min(o + 16, bytes.length));
    const hexs = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const asc = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`    ${o.toString(16).padStart(4, '0')}  ${hexs.padEnd(47)}  ${asc}`);
  }
  if (bytes.length > limit) lines.push(`    ... ${bytes.length - limit} more bytes`);
  return lines;
}

export function inspectText(img: FcImage, name = 'image'): string {
  const L: string[] = [];
  const dataOff = HEADER_SIZE;
  const rodataOff = dataOff + img.data.length;
  const textOff = rodataOff + img.rodata.length;
  const fnOff = textOff + img.text.length;
  L.push(`${name}: rBPF image version ${img.version}, flags 0x${img.flags.toString(16)}`);
  L.push('sections:');
  L.push(`  .data    ${String(img.data.length).padStart(6)} bytes at file offset ${dataOff}`);
  L.push(`  .rodata  ${String(img.rodata.length).padStart(6)} bytes at file offset ${rodataOff}`);
  L.push(`  .text    ${String(img.text.length).padStart(6)} bytes at file offset ${textOff} (${img.text.length / 8} slots)`);
  L.push(`  functions ${img.functions.length} x ${FUNCTION_ENTRY_SIZE} bytes at file offset ${fnOff}`);
  L.push('function table:');
  if (img.functions.length === 0) L.push('  (empty)');
  for (const f of img.functions) {
    L.push(`  ${f.name.padEnd(24)} text+0x${f.textOffset.toString(16).padStart(4, '0')}  name at rodata+${f.nameOffset}  flags 0x${f.flags.toString(16)}`);
  }
  for (const w of img.warnings) L.push(`warning: ${w}`);
  const v = verify(img.text);
  L.push(`verification: ${v.code} (${ERROR_NAMES[v.code]})${v.code ? `: ${v.message}` : ''}`);
  if (img.data.length) L.push('.data:', ...hexdump(img.data));
  if (img.rodata.length) L.push('.rodata:', ...hexdump(img.rodata));
  L.push('disassembly:');
  const labels = new Map(img.functions.map((f) => [f.textOffset, f.name] as [number, string]));
  L.push(...disassemble(img.text, { labels }).map((l) => '  ' + l));
  return L.join('\n') + '\n';
}

export function cmdInspect(io: FcIo, path: string): number {
  io.out(inspectText(parseImage(readInput(io, path), path), path));
  return EXIT_OK;
}

export interface RunArgs {
  ctx?: string;
  function?: string;
  budget?: number;
  sensor?: number;
  clockUs?: number;
}

export function parseHex(text: string, what: string): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/[\s:_-]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) {
    throw new FemtoInputError(`${what}: "${text}" is not an even number of hex digits`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const intArg = (v: number | undefined, what: string, min: number): number | undefined => {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < min) throw new FemtoInputError(`${what} must be an integer >= ${min}, got ${v}`);
  return v;
};

export function cmdRun(io: FcIo, path: string, args: RunArgs): number {
  const img = parseImage(readInput(io, path), path);
  for (const w of img.warnings) io.err(`warning: ${path}: ${w}\n`);
  const budget = intArg(args.budget, '--budget', 0) ?? DEFAULT_BRANCH_BUDGET;
  const clock = intArg(args.clockUs, '--clock-us', 0) ?? 0;
  const sensor = args.sensor === undefined ? undefined : intArg(args.sensor, '--sensor', Number.MIN_SAFE_INTEGER);
  const sensors = sensor === undefined ? DEFAULT_SENSORS : new Map([[0, BigInt(sensor)]]);
  const ctx = args.ctx === undefined ? undefined : parseHex(args.ctx, '--ctx');
  const r = new FemtoContainer(img).run({ ctx, entry: args.function, budget, sensors, clockUs: () => BigInt(clock) });
  if (r.output) io.out(r.output.endsWith('\n') ? r.output : r.output + '\n');
  io.out(`r0: ${r.r0} (0x${BigInt.asUintN(64, r.r0).toString(16)})\n`);
  io.out(`code: ${r.code} (${ERROR_NAMES[r.code] ?? 'unknown'})\n`);
  io.out(`instructions: ${r.instructions}, taken branches: ${r.branches}\n`);
  for (const g of r.gpio) io.out(`gpio: pin ${g.pin} <- ${g.value}\n`);
  if (ctx && r.code === 0) io.out(`ctx after: ${Array.from(ctx, (b) => b.toString(16).padStart(2, '0')).join('')}\n`);
  if (r.code !== 0) io.err(`${r.message}\n`);
  return r.code === 0 ? EXIT_OK : EXIT_FAULT;
}

/** The slice of the yargs 18 API used here (yargs ships no type declarations for its main entry). */
export interface YargsLike {
  command(cmd: string, description: string, builder: (y: any) => any, handler?: (argv: any) => void): any;
}

/** Adds `fc pack|inspect|run` to a yargs instance; returns the instance. */
export function registerFcCommands<T extends YargsLike>(yargs: T, io: FcIo = processIo): T {
  yargs.command('fc', 'femto-container tools: pack, inspect and run rBPF images', (fc: any) =>
    fc
      .command(
        'pack <obj>',
        'pack a clang BPF object (clang -target bpf -O2 -c app.c) into an rBPF image',
        (y: any) =>
          y.positional('obj', { type: 'string', describe: 'BPF relocatable object (.o)' })
            .option('o', { alias: 'output', type: 'string', demandOption: true, describe: 'output image (.rbf)' })
            .option('app-version', { type: 'number', default: 0, describe: 'version field of the image header' }),
        (argv: any) => guarded(io, () => cmdPack(io, argv.obj, argv.output, argv.appVersion)),
      )
      .command(
        'inspect <image>',
        'show header, sections, function table and disassembly of an rBPF image',
        (y: any) => y.positional('image', { type: 'string' }),
        (argv: any) => guarded(io, () => cmdInspect(io, argv.image)),
      )
      .command(
        'run <image>',
        'run an rBPF image in the reference VM (exit 0 when the VM returns 0, 1 on a VM error, 2 on bad input)',
        (y: any) =>
          y.positional('image', { type: 'string' })
            .option('ctx', { type: 'string', describe: 'context bytes as hex; r1 points to them' })
            .option('function', { type: 'string', describe: 'entry function from the image function table' })
            .option('budget', { type: 'number', describe: `taken-branch budget (default ${DEFAULT_BRANCH_BUDGET})` })
            .option('sensor', { type: 'number', describe: 'value of sensor 0 (0.25 degC units; default 100 = 25 degC)' })
            .option('clock-us', { type: 'number', describe: 'time since boot seen by now_ms/now_us, in microseconds (default 0)' }),
        (argv: any) => guarded(io, () => cmdRun(io, argv.image, { ctx: argv.ctx, function: argv.function, budget: argv.budget, sensor: argv.sensor, clockUs: argv.clockUs })),
      )
      .demandCommand(1, 'fc needs a subcommand: pack, inspect or run'),
  );
  return yargs;
}

/** Standalone packer: `pack-main <in.o> -o <out.rbf>`; returns the exit status. */
export function packMain(argv: readonly string[], io: FcIo = processIo): number {
  const usage = 'usage: pack-main <in.o> -o <out.rbf>\n';
  let input: string | undefined;
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o' || a === '--output') output = argv[++i];
    else if (a.startsWith('--output=')) output = a.slice('--output='.length);
    else if (a === '-h' || a === '--help') { io.out(usage); return EXIT_OK; }
    else if (a.startsWith('-') || input !== undefined) { io.err(`error: unexpected argument "${a}"\n${usage}`); return EXIT_BAD_INPUT; }
    else input = a;
  }
  if (!input || !output) { io.err(`error: ${!input ? 'missing input object' : 'missing -o <out.rbf>'}\n${usage}`); return EXIT_BAD_INPUT; }
  let status = EXIT_OK;
  guarded({ ...io, setExitCode: (c) => { status = c; } }, () => cmdPack(io, input as string, output as string));
  return status;
}
