/**
 * GDB remote protocol stub, in process: framing (checksums, escaping, split packets, acks) and the
 * commands against real machines, through a fake transport.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GdbStub, PacketReader, checksum, escapeBinary, framePacket, hex32le, parseGdbPort, parseHex32le, unescapeBinary } from '../../machine/gdbstub.js';
import { prepareMachine } from '../../machine/cli.js';
import type { Machine } from '../../machine/machine.js';
import { ROOT } from '../helpers/cli.js';
import { faultElf, idleElf, spinElf } from './progs.js';

const ARITH = resolve(ROOT, 'firmware/tests/arm/prebuilt/arith.elf');
const HELLO = resolve(ROOT, 'firmware/tests/riscv/prebuilt/hello.elf');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'femtosim-gdb-'));
});

describe('framing', () => {
  it('checksum is the byte sum modulo 256', () => {
    expect(checksum('')).toBe(0);
    expect(checksum('OK')).toBe(0x9a);
    expect(checksum('\xff\x02')).toBe(0x01);
    expect(framePacket('OK')).toBe('$OK#9a');
    expect(framePacket('qSupported')).toBe('$qSupported#37');
  });

  it('escapes #, $, } and * with 0x7d and xor 0x20, and unescapes them back', () => {
    expect(escapeBinary('a#b$c}d*e')).toBe('a}\x03b}\x04c}]d}\x0ae');
    expect(unescapeBinary(escapeBinary('a#b$c}d*e\x00\xff'))).toBe('a#b$c}d*e\x00\xff');
    const p = framePacket('m#');
    expect(p).toBe('$m}\x03#' + checksum('m}\x03').toString(16).padStart(2, '0'));
  });

  it('reads packets split across chunks, acks, interrupts and bad checksums', () => {
    const r = new PacketReader();
    expect(r.feed('+$q')).toEqual([{ kind: 'ack' }]);
    expect(r.feed('C#')).toEqual([]);
    expect(r.feed('b4-\x03$?#3f$g#00')).toEqual([
      { kind: 'packet', data: 'qC' },
      { kind: 'nack' },
      { kind: 'interrupt' },
      { kind: 'packet', data: '?' },
      { kind: 'bad-checksum', data: 'g' },
    ]);
    // binary data with escapes keeps its raw form until the command unescapes it
    const body = 'X20000000,1:}\x03'; // one data byte, an escaped '#'
    expect(r.feed('$' + body + '#' + checksum(body).toString(16).padStart(2, '0'))).toEqual([{ kind: 'packet', data: body }]);
  });

  it('little-endian register hex', () => {
    expect(hex32le(0x12345678)).toBe('78563412');
    expect(parseHex32le('78563412')).toBe(0x12345678);
    expect(hex32le(-1)).toBe('ffffffff');
  });

  it('port numbers', () => {
    expect(parseGdbPort(1234)).toBe(1234);
    expect(parseGdbPort(0)).toBe(0);
    expect(() => parseGdbPort(70000)).toThrow(/not a TCP port/);
    expect(() => parseGdbPort(NaN)).toThrow(/not a TCP port/);
    expect(() => parseGdbPort(-1)).toThrow(/not a TCP port/);
  });
});

/** A stub over a fake socket: replies are collected, continues are run by drain(). */
class Session {
  readonly out: string[] = [];
  readonly queue: Array<() => void> = [];
  readonly logs: string[] = [];
  readonly stub: GdbStub;
  constructor(readonly machine: Machine) {
    this.stub = new GdbStub(machine, { write: (d) => this.out.push(d), end() {} });
    this.stub.defer = (fn) => this.queue.push(fn);
    this.stub.log = (m) => this.logs.push(m);
  }
  /** Sends one command; returns the payload of the last reply packet (after draining continues). */
  cmd(data: string, maxSlices = 100000): string {
    this.out.length = 0;
    this.stub.receive(framePacket(data));
    this.drain(maxSlices);
    return this.lastReply();
  }
  drain(maxSlices = 100000): void {
    for (let i = 0; i < maxSlices && this.queue.length; i++) this.queue.shift()!();
  }
  lastReply(): string {
    const all = this.out.join('');
    const m = [...all.matchAll(/\$([^#]*)#([0-9a-f]{2})/g)];
    if (!m.length) return '<none>';
    const last = m[m.length - 1];
    expect(parseInt(last[2], 16)).toBe(checksum(last[1]));
    return unescapeBinary(last[1]);
  }
}

function armSession(elf = ARITH): { s: Session; m: Machine; main: number } {
  const { machine, image } = prepareMachine({ elf }, () => {});
  const sym = image.symbols.find((x) => x.name === 'main')!;
  return { s: new Session(machine), m: machine, main: sym.value & ~1 };
}

describe('stub on the nRF52840 DK (arith.elf)', () => {
  it('acks packets, nacks bad checksums, resends on -, and stops acking after QStartNoAckMode', () => {
    const { s } = armSession();
    s.stub.receive('$qC#b4');
    expect(s.out.join('')).toBe('+$QC1#c5');
    s.out.length = 0;
    s.stub.receive('$qC#00');
    expect(s.out.join('')).toBe('-');
    s.out.length = 0;
    s.stub.receive('-');
    expect(s.out.join('')).toBe('$QC1#c5');
    expect(s.cmd('QStartNoAckMode')).toBe('OK');
    s.out.length = 0;
    s.stub.receive('$qC#b4');
    expect(s.out.join('')).toBe('$QC1#c5');
  });

  it('qSupported, threads, attach and the target description', () => {
    const { s } = armSession();
    const sup = s.cmd('qSupported:multiprocess+;swbreak+;xmlRegisters=i386');
    expect(sup).toMatch(/PacketSize=[0-9a-f]+/);
    expect(sup).toContain('qXfer:features:read+');
    expect(s.cmd('qAttached')).toBe('1');
    expect(s.cmd('qfThreadInfo')).toBe('m1');
    expect(s.cmd('qsThreadInfo')).toBe('l');
    expect(s.cmd('vCont?')).toBe('vCont;c;C;s;S');
    expect(s.cmd('?')).toBe('S05');
    expect(s.cmd('qXfer:features:read:other.xml:0,100')).toBe('E00');
    // read the XML in small pieces, as gdb may
    let xml = '';
    for (let off = 0; ; off += 0x40) {
      const r = s.cmd(`qXfer:features:read:target.xml:${off.toString(16)},40`);
      xml += r.slice(1);
      if (r[0] === 'l') break;
      expect(r[0]).toBe('m');
    }
    expect(xml).toBe(s.stub.target.xml);
    expect(xml).toContain('<feature name="org.gnu.gdb.arm.m-profile">');
    const names = [...xml.matchAll(/<reg name="([^"]+)"/g)].map((m) => m[1]);
    expect(names.slice(0, 17)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'xpsr']);
    expect(names).toContain('d15'); // the M4F has an FPU
    expect(names).toContain('fpscr');
  });

  it('g / p / P / G agree with the core', () => {
    const { s, m } = armSession();
    const regs = m.cpu.registers();
    const g = s.cmd('g');
    const total = s.stub.target.regs.reduce((n, r) => n + r.bits / 4, 0);
    expect(g.length).toBe(total);
    expect(g.slice(15 * 8, 16 * 8)).toBe(hex32le(m.cpu.pc));
    expect(g.slice(13 * 8, 14 * 8)).toBe(hex32le(regs.sp));
    expect(g.slice(16 * 8, 17 * 8)).toBe(hex32le(regs.xpsr));
    expect(s.cmd('pf')).toBe(hex32le(m.cpu.pc));
    expect(s.cmd('p10')).toBe(hex32le(regs.xpsr));
    expect(s.cmd('p1000')).toBe('E01');
    expect(s.cmd('P3=78563412')).toBe('OK');
    expect(m.cpu.registers().r3).toBe(0x12345678);
    expect(s.cmd('P11=00000000')).toBe('E01'); // msp is read-only here
    // G with the register file as read, except r4: writes r4, accepts the unchanged read-only ones
    const g2 = s.cmd('g');
    const patched = g2.slice(0, 4 * 8) + hex32le(0xcafe) + g2.slice(5 * 8);
    expect(s.cmd('G' + patched)).toBe('OK');
    expect(m.cpu.registers().r4).toBe(0xcafe);
    expect(s.cmd('g')).toBe(patched);
  });

  it('m / M / X read and write memory without side effects; devices and holes read as errors', () => {
    const { s, m } = armSession();
    const sp = m.cpu.registers().sp;
    expect(s.cmd('m0,8')).toBe(Buffer.from([0, 1, 2, 3, 4, 5, 6, 7].map((i) => m.bus.peek8(i)!)).toString('hex'));
    expect(s.cmd('M20000100,4:01020304')).toBe('OK');
    expect(m.bus.peek32(0x20000100)).toBe(0x04030201);
    expect(s.cmd('m20000100,4')).toBe('01020304');
    expect(s.cmd('X20000104,3:#}*')).toBe('OK'); // cmd() escapes the binary data as gdb does
    expect(s.cmd('m20000104,3')).toBe('237d2a');
    expect(s.cmd('m40000000,4')).toBe('E01'); // CLOCK peripheral: not read by the debugger
    expect(s.cmd('mf0000000,4')).toBe('E01'); // unmapped
    expect(s.cmd('Mf0000000,1:00')).toBe('E01');
    expect(s.cmd(`m${(sp - 4).toString(16)},4`)).toBe(hex32le(m.bus.peek32(sp - 4)!));
  });

  it('s retires one instruction; Z0 + c stops at main; c runs to the exit (W00), as deterministic as a plain run', () => {
    const { s, m, main } = armSession();
    const pc0 = m.cpu.pc;
    const r = s.cmd('s');
    expect(r).toMatch(/^T05/);
    expect(m.cpu.instructions).toBe(1);
    expect(m.cpu.pc).not.toBe(pc0);
    expect(r).toBe(`T050f:${hex32le(m.cpu.pc)};thread:1;`);
    expect(s.cmd(`Z0,${main.toString(16)},2`)).toBe('OK');
    expect(s.cmd('vCont;c')).toBe(`T050f:${hex32le(main)};thread:1;`);
    expect(m.cpu.pc).toBe(main);
    expect(s.cmd(`z0,${main.toString(16)},2`)).toBe('OK');
    const stepped = m.cpu.instructions;
    expect(s.cmd('vCont;s:1')).toMatch(/^T05/);
    expect(m.cpu.instructions).toBe(stepped + 1);
    expect(s.cmd('c')).toBe('W00');
    expect(s.cmd('?')).toBe('W00');
    // the same run without the debugger
    const { machine: plain } = prepareMachine({ elf: ARITH }, () => {});
    const sum = plain.run();
    expect(sum.stopReason).toBe('exit');
    expect(m.sched.now).toBe(sum.cycles);
    expect(m.cpu.instructions).toBe(sum.instructions);
  });

  it('breakpoints inside a loop are hit on every pass, at the same cycles as with single steps', () => {
    const { s, m } = armSession();
    const pcs: number[] = [];
    for (let i = 0; i < 40; i++) {
      s.cmd('s');
      pcs.push(m.cpu.pc);
    }
    const cyclesAfter40 = m.sched.now;
    const { s: s2, m: m2 } = armSession();
    const target = pcs[39];
    const hitsBefore = pcs.slice(0, 39).filter((p) => p === target).length;
    s2.cmd(`Z0,${target.toString(16)},2`);
    for (let i = 0; i <= hitsBefore; i++) expect(s2.cmd('c')).toMatch(/^T05/);
    expect(m2.cpu.pc).toBe(target);
    expect(m2.sched.now).toBe(cyclesAfter40);
  });

  it('an interrupt (0x03) stops a running target with T02', () => {
    const { s, m } = armSession(spinElf(dir));
    s.out.length = 0;
    s.stub.receive(framePacket('c'));
    for (let i = 0; i < 3; i++) s.queue.shift()!();
    expect(s.lastReply()).toBe('<none>'); // still running
    const cycles = m.sched.now;
    expect(cycles).toBeGreaterThan(500_000);
    s.stub.receive('\x03');
    s.drain();
    expect(s.lastReply()).toMatch(/^T02/);
    expect(m.cpu.pc).toBe(0x10);
    expect(m.sched.now).toBe(cycles); // the interrupt stops between slices: no cycles run after it
  });

  it('asleep with nothing scheduled, a continue waits without advancing time until the interrupt', async () => {
    const { s, m } = armSession(idleElf(dir));
    s.out.length = 0;
    s.stub.receive(framePacket('c'));
    s.drain(10);
    expect(m.cpu.sleeping).toBe(true);
    const cycles = m.sched.now;
    await new Promise((r) => setTimeout(r, 60));
    expect(s.lastReply()).toBe('<none>');
    expect(m.sched.now).toBe(cycles);
    s.stub.receive('\x03');
    await new Promise((r) => setTimeout(r, 60));
    expect(s.lastReply()).toBe(`T020f:${hex32le(0x12)};thread:1;`);
    expect(s.cmd('s')).toMatch(/^T05/); // a step while asleep with nothing to wake the core: stops at once
    expect(m.sched.now).toBe(cycles);
  });

  it('an unhandled fault stops with SIGSEGV (T0b) and femtosim\'s fault report', () => {
    const { s } = armSession(faultElf(dir));
    expect(s.cmd('c')).toMatch(/^T0b0f:/);
    expect(s.logs.join('\n')).toMatch(/fault: HardFault taken but its vector table entry[\s\S]*pc=0x00000014: 6800\s+ldr r0, \[r0\][\s\S]*bfar=0x80000000/);
    expect(s.cmd('?')).toMatch(/^T0b/);
  });

  it('k ends the session', () => {
    const { s } = armSession();
    let ended = '';
    s.stub.onEnd = (e) => (ended = e.kind);
    s.stub.receive(framePacket('k'));
    expect(ended).toBe('killed');
  });
});

describe('stub on the HiFive1 Rev B (hello.elf)', () => {
  it('describes x0..x31, pc and CSRs; registers and steps match the core', () => {
    const { machine: m, image } = prepareMachine({ elf: HELLO }, () => {});
    const s = new Session(m);
    const xml = s.stub.target.xml;
    expect(xml).toContain('<architecture>riscv:rv32</architecture>');
    expect(xml).toContain('<feature name="org.gnu.gdb.riscv.cpu">');
    expect(xml).toContain('<reg name="pc" bitsize="32" regnum="32" type="code_ptr"/>');
    expect(xml).toContain('<reg name="mtvec"');
    const g = s.cmd('g');
    expect(g.length).toBe((33 + 7) * 8);
    expect(g.slice(32 * 8, 33 * 8)).toBe(hex32le(m.cpu.pc));
    expect(s.cmd('P0=01000000')).toBe('OK');
    expect(s.cmd('p0')).toBe('00000000'); // x0 stays zero
    const main = image.symbols.find((x) => x.name === 'main')!.value;
    expect(s.cmd(`Z0,${main.toString(16)},2`)).toBe('OK');
    expect(s.cmd('c')).toBe(`T0520:${hex32le(main)};thread:1;`);
    const sp = m.cpu.registers().sp;
    expect(s.cmd('p2')).toBe(hex32le(sp));
    expect(s.cmd(`m${sp.toString(16)},4`)).toBe(hex32le(m.bus.peek32(sp)!));
    const n = m.cpu.instructions;
    expect(s.cmd('s')).toMatch(/^T05/);
    expect(m.cpu.instructions).toBe(n + 1);
    expect(s.cmd('z0,' + main.toString(16) + ',2')).toBe('OK');
    expect(s.cmd('c')).toBe('W00');
  });
});
