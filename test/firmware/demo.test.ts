/**
 * Runs the prebuilt femtosim demo firmware (firmware/prebuilt) in femtosim (nrf52840dk, hifive1b) and in
 * QEMU — mps2-an386 for the Cortex-M4
 * code, sifive_e rev B for the FE310 code — and checks the console: every container's result equals
 * its native twin and the reference VM (femto-host/vm.ts), every malformed container reports its code,
 * the hooks ran, a console line typed after the demo reaches the console-line container, and the demo
 * ends with "femtosim-demo: done". QEMU time is not a measurement: cycle values are only checked for form.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseImage } from '../../femto-host/image.js';
import { FemtoContainer, KvStore } from '../../femto-host/vm.js';
import { Machine } from '../../machine/machine.js';
import { findBoard } from '../../peripherals/boards/index.js';
import { readElfFile } from '../../loader/elf.js';

/** firmware/demo/main.c MEASURE_REPS: the container and its native twin each run this often. */
const MEASURE_REPS = 5;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PREBUILT = path.join(ROOT, 'firmware/prebuilt');

const APPS = [
  'fletcher32', 'sensor_avg', 'kv_counter', 'ctx_switch', 'console_line', 'bench_alu', 'bench_mul', 'bench_div',
  'bench_ldst', 'bench_branch_taken', 'bench_branch_untaken',
];

const MALFORMED: [string, 'preflight' | 'run', number][] = [
  ['bad_magic', 'preflight', -10], ['empty_text', 'preflight', -5], ['odd_length', 'preflight', -5],
  ['alu32_insn', 'preflight', -1], ['register_r11', 'preflight', -6], ['write_r10', 'preflight', -6],
  ['jump_outside', 'preflight', -3], ['jump_into_lddw', 'preflight', -3], ['unknown_helper', 'preflight', -4],
  ['no_exit', 'preflight', -7], ['load_kernel_ram', 'run', -2], ['store_below_stack', 'run', -2],
  ['store_rodata', 'run', -2], ['store_ro_context', 'run', -2], ['memcpy_to_kernel', 'run', -2],
  ['printf_null_fmt', 'run', -2], ['div_by_zero', 'run', -9], ['mod_by_zero', 'run', -9],
  ['endless_loop', 'run', -8], ['unverified_alu32', 'run', -1],
];

interface Target { board: string; qemu?: string; machine?: string; /** run in femtosim on this board */ femtosim?: string }
const TARGETS: Target[] = [
  { board: 'mps2-an386', qemu: 'qemu-system-arm', machine: 'mps2-an386' },
  { board: 'hifive1b', qemu: 'qemu-system-riscv32', machine: 'sifive_e,revb=true' },
  { board: 'nrf52840dk', femtosim: 'nrf52840dk' },
  { board: 'hifive1b', femtosim: 'hifive1b' },
];

/** The same protocol as runQemu, in femtosim: run to "done", type `input`, run until `after` (emulated time). */
function runFemtosim(t: Target, elf: string, input: string, after: RegExp): Promise<string> {
  const m = new Machine(findBoard(t.femtosim!), { warn: () => {} });
  m.load(readElfFile(elf));
  const first = m.run({ until: /femtosim-demo: done\n/, maxTimeMs: 5000 });
  if (first.stopReason !== 'until') return Promise.reject(new Error(`${t.board}: demo did not finish (${first.stopReason}):\n${m.console.output}`));
  m.console.feed(input);
  const second = m.run({ until: after, maxTimeMs: 6000 });
  if (second.stopReason !== 'until') return Promise.reject(new Error(`${t.board}: no ${after} (${second.stopReason}):\n${m.console.output}`));
  return Promise.resolve(m.console.output.replace(/\r/g, ''));
}

const hasQemu = (bin: string) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;

/** Inputs the demo gives the containers (firmware/demo/main.c), rebuilt here independently. */
function fletcherBuffer(): Uint8Array {
  const out = new Uint8Array(128);
  let x = 0x2545f491;
  for (let i = 0; i < 64; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[2 * i] = x & 0xff;
    out[2 * i + 1] = (x >>> 8) & 0xff;
  }
  return out;
}
function fletcher32(buf: Uint8Array): bigint {
  let a = 0xffff, b = 0xffff;
  for (let i = 0; i < buf.length; i += 2) { a += buf[i] | (buf[i + 1] << 8); b += a; }
  for (let k = 0; k < 2; k++) { a = (a & 0xffff) + (a >>> 16); b = (b & 0xffff) + (b >>> 16); }
  return BigInt(((b << 16) | a) >>> 0);
}
function contexts(): Record<string, Uint8Array | undefined> {
  const bench = new Uint8Array(16);
  new DataView(bench.buffer).setBigUint64(0, 0x0123456789abcdefn, true);
  new DataView(bench.buffer).setBigUint64(8, 64n, true);
  const sw = new Uint8Array(8);
  sw[0] = 1; sw[4] = 2;
  const line = new Uint8Array(64);
  line[0] = 7;
  line.set(Array.from('measure', (c) => c.charCodeAt(0)), 4);
  const b: Record<string, Uint8Array | undefined> = { fletcher32: fletcherBuffer(), ctx_switch: sw, console_line: line };
  for (const a of APPS) if (a.startsWith('bench_')) b[a] = bench;
  return b;
}

/**
 * Runs QEMU until the console shows "femtosim-demo: done", then types `input` and waits for `after`.
 * The console goes to a regular file: QEMU's UART models drop bytes when a pipe would block.
 */
function runQemu(t: Target, elf: string, input: string, after: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'femtosim-qemu-'));
    const file = path.join(dir, 'console.txt');
    const fd = openSync(file, 'w');
    const p = spawn(t.qemu!, ['-M', t.machine!, '-nographic', '-kernel', elf], { stdio: ['pipe', fd, fd] });
    closeSync(fd);
    let out = '';
    let typed = false;
    const finish = (err?: Error) => {
      clearInterval(poll);
      clearTimeout(timer);
      p.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      if (err) reject(err);
      else resolve(out.replace(/\r/g, ''));
    };
    const poll = setInterval(() => {
      out = readFileSync(file, 'latin1');
      if (!typed && out.includes('femtosim-demo: done\n')) {
        typed = true;
        p.stdin!.write(input);
      }
      if (typed && after.test(out)) finish();
    }, 50);
    const timer = setTimeout(() => {
      finish(new Error(`${t.board}: no "${typed ? after : 'femtosim-demo: done'}" within 90 s of QEMU; console so far:\n${out}`));
    }, 90000);
    p.on('error', (e) => finish(e));
  });
}

for (const t of TARGETS) {
  const elf = path.join(PREBUILT, t.board, 'femtosim-demo.elf');
  const available = t.femtosim !== undefined || hasQemu(t.qemu!);
  const reason = !available ? `${t.qemu} is not installed` : !existsSync(elf) ? `${elf} missing (run scripts/build-firmware.sh)` : '';
  const where = t.femtosim ? 'femtosim' : 'QEMU';
  describe.skipIf(reason !== '')(`firmware demo in ${where} on ${t.board}${reason ? ` (skipped: ${reason})` : ''}`, () => {
    let console_: Promise<string> | undefined;
    const runner = t.femtosim ? runFemtosim : runQemu;
    const run = () => (console_ ??= runner(t, elf, 'ping femto\r', /hook,console,console_line,run=2,[^\n]*\n/));

    it('runs every app as a container with the same result as its native twin and the reference VM', async () => {
      const out = await run();
      const ctx = contexts();
      for (const app of APPS) {
        const m = out.match(new RegExp(`^result,${app},code=(-?\\d+),container=0x([0-9a-f]+),native=0x([0-9a-f]+),(\\w+)$`, 'm'));
        expect(m, `result line of ${app}`).not.toBeNull();
        const [, code, container, native, verdict] = m as RegExpMatchArray;
        expect(code).toBe('0');
        expect(verdict).toBe('match');
        expect(container).toBe(native);
        const image = parseImage(readFileSync(path.join(PREBUILT, 'containers', `${app}.rbf`)), `${app}.rbf`);
        // The firmware runs each container MEASURE_REPS times on one instance (state carries over).
        const vm = new FemtoContainer(image);
        const kvGlobal = new KvStore();
        let ref = vm.run({ ctx: ctx[app], kvGlobal });
        for (let i = 1; i < MEASURE_REPS; i++) ref = vm.run({ ctx: ctx[app], kvGlobal });
        expect(ref.code, `${app} in the reference VM: ${ref.message}`).toBe(0);
        expect(BigInt('0x' + container), `${app}: firmware engine vs reference VM`).toBe(BigInt.asUintN(64, ref.r0));
        for (const what of ['startup', 'container', 'native']) {
          expect(out, `${app} ${what} CSV`).toMatch(new RegExp(`^csv,${t.board},${app},${what},\\d+$`, 'm'));
        }
      }
      expect(BigInt('0x' + (out.match(/^result,fletcher32,code=0,container=0x([0-9a-f]+)/m) as RegExpMatchArray)[1]))
        .toBe(fletcher32(fletcherBuffer()));
    });

    it('reports every pre-flight and run-time error code and keeps running', async () => {
      const out = await run();
      for (const [name, phase, code] of MALFORMED) {
        expect(out, name).toMatch(new RegExp(`^fc-error,${name},${phase},expected=${code},got=${code},[a-z ]+,ok$`, 'm'));
      }
      expect(out).not.toMatch(/FAIL|MISMATCH|FAULT/);
      expect(out).toMatch(/^kernel alive after malformed containers: tick \d+$/m);
    });

    it('runs containers concurrently from the timer, console and context-switch hooks', async () => {
      const out = await run();
      const fl = fletcher32(fletcherBuffer());
      for (let r = 1; r <= 3; r++) {
        expect(out).toMatch(new RegExp(`^hook,timer,fletcher32,run=${r},code=0,r0=${fl},thread=fletcher32$`, 'm'));
        expect(out).toMatch(new RegExp(`^hook,timer,sensor_avg,run=${r},code=0,r0=100,thread=sensor_avg$`, 'm'));
        expect(out).toMatch(new RegExp(`^hook,timer,kv_counter,run=${r},code=0,r0=${r},thread=kv_counter$`, 'm'));
      }
      expect(out).toMatch(/^hook,timer,kernel_writer,run=1,code=-2,r0=0,thread=kernel_writer$/m);
      expect(out).toMatch(/^hook,timer,kernel_writer,detached after error -2 \(illegal memory access\)/m);
      expect(out).not.toMatch(/^hook,timer,kernel_writer,run=2/m);
      const letters = (s: string) => [...s].filter((c) => /[a-z]/i.test(c)).length;
      const demo = 'hello from the console hook';
      expect(out).toContain(`fc console_line: '${demo}' len=${demo.length} letters=${letters(demo)}\n`);
      expect(out).toMatch(new RegExp(`^hook,console,console_line,run=1,code=0,r0=${letters(demo)},thread=console_line$`, 'm'));
      const sw = out.match(/^hook,switch,ctx_switch,runs=(\d+),r0=(\d+),code=0,ok$/m);
      expect(sw).not.toBeNull();
      expect(Number((sw as RegExpMatchArray)[1])).toBeGreaterThan(10);
      // 3 hook runs + the measurement runs of the container and of its native twin (same global store);
      // the kernel_writer never got as far as storing anything
      expect(out).toMatch(new RegExp(`^kv,global,0x100=${3 + 2 * MEASURE_REPS},0x200=${demo.length}$`, 'm'));
      expect(out.indexOf('femtosim-demo: done')).toBeGreaterThan(out.indexOf('hook,switch,ctx_switch'));
    });

    it('stays responsive after the demo: a typed console line reaches the console-line container', async () => {
      const out = await run();
      expect(out).toContain("fc console_line: 'ping femto' len=10 letters=9\n");
      expect(out).toMatch(/^hook,console,console_line,run=2,code=0,r0=9,thread=console_line$/m);
    });
  });
}
