/**
 * QEMU (mps2-an386, Cortex-M4F) as the reference for the Cortex-M4 test programs: console output
 * and exit code of a semihosting run, and the register file at a breakpoint through QEMU's gdbstub
 * driven by gdb-multiarch in batch mode.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'pipe', timeout: 10000 });
  return r.status === 0;
}

export const haveQemu = has('qemu-system-arm', ['--version']);
export const haveGdb = has('gdb-multiarch', ['--version']);

// Semihosting console on a stdio chardev: without one QEMU writes it to stderr when stdout is not a tty.
const QEMU_ARGS = [
  '-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'none',
  '-chardev', 'stdio,id=semi', '-semihosting-config', 'enable=on,target=native,chardev=semi',
];

export interface QemuRun {
  output: string;
  exitCode: number;
}

/** Runs an ELF to its semihosting exit (icount mode: instruction-driven virtual time). */
export function runQemu(elf: string, timeoutMs = 30000): QemuRun {
  const r = spawnSync('qemu-system-arm', [...QEMU_ARGS, '-icount', 'shift=0', '-kernel', elf], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (r.error) throw new Error(`qemu-system-arm on ${elf}: ${r.error.message}`);
  return { output: r.stdout, exitCode: r.status ?? -1 };
}

/**
 * Register values when execution first reaches addr: r0-r12, sp, lr, pc, xpsr, s0-s31, fpscr.
 * The gdbstub port is derived from the process id (no randomness).
 */
export function qemuRegistersAt(elf: string, addr: number, timeoutMs = 30000): Record<string, number> {
  const port = 20000 + (process.pid % 20000);
  const q = spawn('qemu-system-arm', [...QEMU_ARGS, '-icount', 'shift=0', '-kernel', elf, '-S', '-gdb', `tcp:127.0.0.1:${port}`], {
    stdio: 'ignore',
  });
  try {
    const sregs = Array.from({ length: 32 }, (_, i) => `s${i}`).join(' ');
    let out = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      const r = spawnSync(
        'gdb-multiarch',
        [
          '-nx',
          '-batch',
          '-ex',
          `target remote 127.0.0.1:${port}`,
          '-ex',
          `break *0x${addr.toString(16)}`,
          '-ex',
          'continue',
          '-ex',
          'info registers',
          '-ex',
          `info registers ${sregs} fpscr`,
          elf,
        ],
        { encoding: 'utf8', timeout: timeoutMs },
      );
      out = r.stdout;
      if (out.includes('Breakpoint 1,')) break;
      execFileSync('sleep', ['0.2']);
    }
    if (!out.includes('Breakpoint 1,')) throw new Error(`gdb did not reach 0x${addr.toString(16)} in ${elf}:\n${out}`);
    const regs: Record<string, number> = {};
    for (const line of out.slice(out.indexOf('Breakpoint 1,')).split('\n')) {
      const m = /^(\w+)\s+(0x[0-9a-f]+|\S+)\s+(.*)$/.exec(line.trim());
      if (!m) continue;
      const raw = /\(raw (0x[0-9a-f]+)\)/.exec(m[3]);
      const v = raw ? raw[1] : m[2];
      if (/^0x[0-9a-f]+$/.test(v)) regs[m[1]] = Number(BigInt(v) & 0xffffffffn);
    }
    return regs;
  } finally {
    q.kill('SIGKILL');
  }
}
