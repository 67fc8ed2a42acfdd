/**
 * `femtosim run ELF --gdb PORT` end to end: the real gdb-multiarch in batch mode (skipped when it is
 * not installed) and a raw socket client, against the compiled CLI (dist/, built by the global setup).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, connect, type Server } from 'node:net';
import { BIN, ROOT, femtosim } from '../helpers/cli.js';
import { prepareMachine } from '../../machine/cli.js';
import { framePacket } from '../../machine/gdbstub.js';
import { faultElf, spinElf } from './progs.js';

const ARITH = resolve(ROOT, 'firmware/tests/arm/prebuilt/arith.elf');
const RISCV = resolve(ROOT, 'firmware/tests/riscv/prebuilt/compute.elf');
const GDB = 'gdb-multiarch';
const haveGdb = spawnSync(GDB, ['--version'], { encoding: 'utf8' }).status === 0;
if (!haveGdb) console.warn(`test/gdb: ${GDB} is not installed: the gdb end-to-end tests are skipped`);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'femtosim-gdb-e2e-'));
});

interface Served {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number>;
}

/** Starts `femtosim run ELF --gdb 0` and waits for the port it listens on. */
async function serve(elf: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'run', elf, '--gdb', '0', ...extra], { cwd: ROOT });
  let err = '';
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const exit = new Promise<number>((res) => child.on('exit', (c) => res(c ?? -1)));
  const port = await new Promise<number>((res, rej) => {
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /waiting for gdb on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) res(Number(m[1]));
    });
    child.on('exit', () => rej(new Error('femtosim exited before listening: ' + err)));
  });
  return { child, port, stderr: () => err, stdout: () => out, exit };
}

function gdb(elf: string, port: number, cmds: string[]): Promise<string> {
  const args = ['-nx', '-batch', elf, '-ex', `target remote :${port}`];
  for (const c of cmds) args.push('-ex', c);
  return new Promise((res) => {
    execFile(GDB, args, { timeout: 20000, encoding: 'utf8' }, (_e, stdout, stderr) => res(stdout + stderr));
  });
}

const hex = (v: number) => '0x' + (v >>> 0).toString(16);

/** The machine state femtosim itself reaches at the first arrival at addr (stepping, no debugger). */
function stateAt(elf: string, addr: number) {
  const { machine } = prepareMachine({ elf }, () => {});
  for (let i = 0; i < 1_000_000 && machine.cpu.pc !== addr; i++) machine.run({ maxCycles: machine.sched.now + 1 });
  expect(machine.cpu.pc).toBe(addr);
  return machine;
}

describe.skipIf(!haveGdb)('gdb-multiarch against femtosim --gdb', () => {
  it('ARM arith.elf: break at main, registers, stepi, memory, continue to a normal exit', async () => {
    const { image } = prepareMachine({ elf: ARITH }, () => {});
    const main = image.symbols.find((s) => s.name === 'main')!.value & ~1;
    const ref = stateAt(ARITH, main);
    const regs = ref.cpu.registers();
    const s = await serve(ARITH);
    const out = await gdb(ARITH, s.port, [`break *${hex(main)}`, 'continue', 'info registers', 'stepi', 'p/x $pc', 'x/4xw $sp', 'continue']);
    expect(await s.exit).toBe(0);
    expect(out).toMatch(new RegExp(`Breakpoint 1, ${hex(main).replace('0x', '0x0*')} in main`));
    for (const r of ['r0', 'r1', 'r4', 'r7', 'sp', 'lr', 'xpsr']) {
      expect(out).toMatch(new RegExp(`^${r}\\s+${hex(regs[r])}\\s`, 'm'));
    }
    expect(out).toMatch(new RegExp(`^pc\\s+${hex(main)}\\s`, 'm'));
    // stepi: one Thumb instruction further (2 or 4 bytes; the reference machine says which)
    ref.run({ maxCycles: ref.sched.now + 1 });
    expect(ref.cpu.pc - main === 2 || ref.cpu.pc - main === 4).toBe(true);
    expect(out).toContain(`$1 = ${hex(ref.cpu.pc)}`);
    const sp = ref.cpu.registers().sp;
    const words = [0, 4, 8, 12].map((o) => '0x' + ref.bus.peek32(sp + o)!.toString(16).padStart(8, '0'));
    expect(out).toContain(`${hex(sp)}:\t${words.join('\t')}`);
    expect(out).toContain('[Inferior 1 (Remote target) exited normally]');
    expect(s.stdout()).toContain('PASS arith');
    expect(s.stderr()).toMatch(/stop reason\s+exit \(exit code 0\)/);
  }, 20000);

  it('RISC-V compute.elf: break at main, stepi, CSRs, continue to the exit', async () => {
    const { image } = prepareMachine({ elf: RISCV }, () => {});
    const main = image.symbols.find((s) => s.name === 'main')!.value;
    const ref = stateAt(RISCV, main);
    const regs = ref.cpu.registers();
    const s = await serve(RISCV);
    const out = await gdb(RISCV, s.port, ['break *main', 'continue', 'p/x $pc', 'p/x $sp', 'p/x $ra', 'p/x $mtvec', 'stepi', 'p/x $pc', 'continue']);
    expect(await s.exit).toBe(0);
    expect(out).toMatch(/Breakpoint 1, main \(\)/);
    expect(out).toContain(`$1 = ${hex(main)}`);
    expect(out).toContain(`$2 = ${hex(regs.sp)}`);
    expect(out).toContain(`$3 = ${hex(regs.ra)}`);
    expect(out).toContain(`$4 = ${hex(regs.mtvec)}`);
    ref.run({ maxCycles: ref.sched.now + 1 });
    expect(out).toContain(`$5 = ${hex(ref.cpu.pc)}`);
    expect(out).toContain('[Inferior 1 (Remote target) exited normally]');
  }, 20000);

  it('an unhandled fault reaches gdb as SIGSEGV with femtosim\'s fault report on stderr', async () => {
    const elf = faultElf(dir);
    const s = await serve(elf);
    const out = await gdb(elf, s.port, ['continue', 'p/x $pc', 'kill']);
    expect(out).toContain('Program received signal SIGSEGV');
    expect(out).toContain('$1 = 0x14');
    await s.exit;
    expect(s.stderr()).toMatch(/femtosim: fault: HardFault taken[\s\S]*at pc=0x00000014/);
  }, 20000);
});

describe('femtosim --gdb over a raw socket', () => {
  it('Ctrl-C (0x03) interrupts a running target; k ends femtosim', async () => {
    const s = await serve(spinElf(dir));
    const sock = connect(s.port, '127.0.0.1');
    let got = '';
    sock.on('data', (d) => (got += d.toString('latin1')));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 400 && !re.test(got); i++) await new Promise((r) => setTimeout(r, 10));
      expect(got).toMatch(re);
    };
    await new Promise((r) => sock.on('connect', r));
    sock.write(framePacket('?'));
    await waitFor(/\$S05#/);
    sock.write(framePacket('vCont;c'));
    await new Promise((r) => setTimeout(r, 200));
    expect(got).not.toMatch(/\$T/);
    sock.write('\x03');
    await waitFor(/\$T02[^#]*#/);
    expect(got).toMatch(/\$T020f:10000000;thread:1;#/);
    sock.write(framePacket('k'));
    expect(await s.exit).toBe(0);
    sock.destroy();
    expect(s.stderr()).toContain('killed by the debugger');
  }, 20000);

  it('a detach lets the run go on with its usual stop conditions', async () => {
    const s = await serve(ARITH, ['--max-cycles', '100000']);
    const sock = connect(s.port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    sock.write(framePacket('D'));
    expect(await s.exit).toBe(0);
    sock.destroy();
    expect(s.stdout()).toContain('PASS arith');
  }, 20000);
});

describe('--gdb bad input: clear message, exit code 2, no stack trace', () => {
  const noTrace = /\n\s+at .*\(.*:\d+:\d+\)/;
  it('a port out of range', () => {
    const r = femtosim(['run', ARITH, '--gdb', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gdb: '70000' is not a TCP port/);
    expect(r.stderr).not.toMatch(noTrace);
  });
  it('not a number', () => {
    const r = femtosim(['run', ARITH, '--gdb', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gdb: .* is not a TCP port/);
  });
  it('a port in use', async () => {
    const srv: Server = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    const r = await new Promise<{ code: number; stderr: string }>((res) => {
      execFile(process.execPath, [BIN, 'run', ARITH, '--gdb', String(port)], { cwd: ROOT, timeout: 20000, encoding: 'utf8' }, (e, _o, stderr) =>
        res({ code: e ? ((e as { code?: number }).code ?? -1) : 0, stderr }),
      );
    });
    srv.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--gdb ${port}: cannot listen: the port is in use`));
    expect(r.stderr).not.toMatch(noTrace);
  });
});
