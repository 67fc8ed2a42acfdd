/**
 * GDB remote serial protocol stub: lets gdb (gdb-multiarch) debug the firmware a Machine runs.
 *
 * Packets are `$data#cs` with a two-hex-digit modulo-256 checksum, acknowledged with `+`/`-` until
 * QStartNoAckMode; a lone 0x03 byte interrupts a running target (GDB manual, "Remote Protocol").
 * The stub talks to the machine only through its public pieces: cpu (registers, pc), bus (peeks and
 * debugger loads, never device registers), sched (the cycle clock) and Machine.run with cycle budgets.
 *
 * Time stays cycle-based: continuing runs Machine.run in slices bounded by cycles (no breakpoints) or
 * one instruction at a time (breakpoints set); the socket only decides when to stop and resume.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Machine, RunSummary } from './machine.js';
import { UserError } from './errors.js';

// ------------------------------------------------------------------------------------------------
// Framing

/** Modulo-256 sum of the bytes of s (latin1). */
export function checksum(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = (c + (s.charCodeAt(i) & 0xff)) & 0xff;
  return c;
}

/** `$data#cs` for a reply payload, with `#`, `$`, `}` and `*` escaped (0x7d, byte ^ 0x20). */
export function framePacket(data: string): string {
  const esc = escapeBinary(data);
  return '$' + esc + '#' + checksum(esc).toString(16).padStart(2, '0');
}

export function escapeBinary(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x23 || c === 0x24 || c === 0x7d || c === 0x2a) out += '}' + String.fromCharCode(c ^ 0x20);
    else out += s[i];
  }
  return out;
}

export function unescapeBinary(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 0x7d && i + 1 < s.length) out += String.fromCharCode(s.charCodeAt(++i) ^ 0x20);
    else out += s[i];
  }
  return out;
}

export type ReaderEvent =
  | { kind: 'packet'; data: string }
  | { kind: 'bad-checksum'; data: string }
  | { kind: 'ack' }
  | { kind: 'nack' }
  | { kind: 'interrupt' };

/** Splits the incoming byte stream into packets, acks and interrupts. Keeps partial packets across calls. */
export class PacketReader {
  private buf = '';
  private inPacket = false;

  feed(chunk: Buffer | string): ReaderEvent[] {
    const s = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const ev: ReaderEvent[] = [];
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (!this.inPacket) {
        if (ch === '$') {
          this.inPacket = true;
          this.buf = '';
        } else if (ch === '+') ev.push({ kind: 'ack' });
        else if (ch === '-') ev.push({ kind: 'nack' });
        else if (ch === '\x03') ev.push({ kind: 'interrupt' });
        continue; // anything else between packets is noise
      }
      this.buf += ch;
      // the packet ends 2 characters after its '#' (a '#' in the data is always escaped)
      const n = this.buf.length;
      if (n >= 3 && this.buf[n - 3] === '#') {
        const body = this.buf.slice(0, n - 3);
        const cs = parseInt(this.buf.slice(n - 2), 16);
        this.inPacket = false;
        this.buf = '';
        ev.push(cs === checksum(body) ? { kind: 'packet', data: body } : { kind: 'bad-checksum', data: body });
      }
    }
    return ev;
  }
}

/** Little-endian hex of a 32-bit word (target byte order of both cores). */
export function hex32le(v: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += ((v >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  return s;
}

export function parseHex32le(s: string): number {
  let v = 0;
  for (let i = 0; i < 4; i++) v |= parseInt(s.slice(2 * i, 2 * i + 2), 16) << (8 * i);
  return v >>> 0;
}

// ------------------------------------------------------------------------------------------------
// Registers per architecture

interface RegDef {
  name: string;
  bits: 32 | 64;
  feature: string;
  type?: string;
  group?: string;
  /** Register value as 32-bit words, low word first. */
  get(): number[];
  /** Writes the value; false when the register is read-only for the debugger. */
  set(words: number[]): boolean;
}

export interface TargetRegs {
  arch: string;
  regs: RegDef[];
  pcIndex: number;
  xml: string;
}

interface ArmCoreLike {
  r: Int32Array;
  pcv: number;
  nzcv: number;
  fQ: number;
  ge: number;
  it: number;
}

interface RiscvCoreLike {
  x: Int32Array;
  pc: number;
}

const ro = () => false;

function armRegs(m: Machine): TargetRegs {
  const core = m.cpu as unknown as ArmCoreLike;
  const named = (name: string) => () => [m.cpu.registers()[name] >>> 0];
  const regs: RegDef[] = [];
  const MP = 'org.gnu.gdb.arm.m-profile';
  for (let i = 0; i < 13; i++) {
    regs.push({ name: 'r' + i, bits: 32, feature: MP, get: () => [core.r[i] >>> 0], set: (w) => ((core.r[i] = w[0] | 0), true) });
  }
  regs.push({ name: 'sp', bits: 32, feature: MP, type: 'data_ptr', get: () => [core.r[13] >>> 0], set: (w) => ((core.r[13] = w[0] & ~3), true) });
  regs.push({ name: 'lr', bits: 32, feature: MP, get: () => [core.r[14] >>> 0], set: (w) => ((core.r[14] = w[0] | 0), true) });
  regs.push({ name: 'pc', bits: 32, feature: MP, type: 'code_ptr', get: () => [m.cpu.pc >>> 0], set: (w) => ((core.pcv = w[0] & ~1), true) });
  regs.push({
    name: 'xpsr', bits: 32, feature: MP, get: named('xpsr'),
    set: (w) => {
      const v = w[0];
      core.nzcv = (v >>> 28) & 0xf;
      core.fQ = (v >>> 27) & 1;
      core.ge = (v >>> 16) & 0xf;
      core.it = ((v >>> 25) & 3) | (((v >>> 10) & 0x3f) << 2);
      return true; // IPSR (exception number) and the T bit are not writable from the debugger
    },
  });
  const SYS = 'org.femtosim.arm.m-system';
  for (const n of ['msp', 'psp', 'primask', 'basepri', 'faultmask', 'control']) {
    regs.push({ name: n, bits: 32, feature: SYS, group: 'system', get: named(n), set: ro });
  }
  const r0 = m.cpu.registers();
  if ('s0' in r0) {
    const VFP = 'org.gnu.gdb.arm.vfp';
    for (let i = 0; i < 16; i++) {
      regs.push({
        name: 'd' + i, bits: 64, feature: VFP, type: 'ieee_double', group: 'float',
        get: () => {
          const o = m.cpu.registers();
          return [o['s' + 2 * i] >>> 0, o['s' + (2 * i + 1)] >>> 0];
        },
        set: ro,
      });
    }
    regs.push({ name: 'fpscr', bits: 32, feature: VFP, group: 'float', get: named('fpscr'), set: ro });
  }
  return { arch: 'arm', regs, pcIndex: 15, xml: targetXml('arm', regs) };
}

function riscvRegs(m: Machine): TargetRegs {
  const core = m.cpu as unknown as RiscvCoreLike;
  const names = Object.keys(m.cpu.registers()).slice(0, 32);
  const CPU = 'org.gnu.gdb.riscv.cpu';
  const regs: RegDef[] = [];
  for (let i = 0; i < 32; i++) {
    regs.push({
      name: names[i], bits: 32, feature: CPU, type: i === 2 ? 'data_ptr' : undefined,
      get: () => [core.x[i] >>> 0],
      set: (w) => {
        if (i !== 0) core.x[i] = w[0] | 0;
        return true;
      },
    });
  }
  regs.push({ name: 'pc', bits: 32, feature: CPU, type: 'code_ptr', get: () => [m.cpu.pc >>> 0], set: (w) => ((core.pc = w[0] & ~1), true) });
  for (const n of ['mstatus', 'mie', 'mtvec', 'mepc', 'mcause', 'mtval', 'mip']) {
    regs.push({ name: n, bits: 32, feature: 'org.gnu.gdb.riscv.csr', group: 'system', get: () => [m.cpu.registers()[n] >>> 0], set: ro });
  }
  return { arch: 'riscv', regs, pcIndex: 32, xml: targetXml('riscv:rv32', regs) };
}

function targetXml(arch: string, regs: RegDef[]): string {
  const lines = ['<?xml version="1.0"?>', '<!DOCTYPE target SYSTEM "gdb-target.dtd">', '<target version="1.0">', `<architecture>${arch}</architecture>`];
  let feature = '';
  regs.forEach((r, i) => {
    if (r.feature !== feature) {
      if (feature) lines.push('</feature>');
      feature = r.feature;
      lines.push(`<feature name="${feature}">`);
    }
    lines.push(`<reg name="${r.name}" bitsize="${r.bits}" regnum="${i}"${r.type ? ` type="${r.type}"` : ''}${r.group ? ` group="${r.group}"` : ''}/>`);
  });
  if (feature) lines.push('</feature>');
  lines.push('</target>');
  return lines.join('\n') + '\n';
}

export function targetRegsFor(m: Machine): TargetRegs {
  if (m.cpu.arch === 'arm') return armRegs(m);
  if (m.cpu.arch === 'riscv') return riscvRegs(m);
  throw new UserError(`--gdb: the ${m.cpu.arch} core has no debugger support yet`);
}

function regHex(r: RegDef): string {
  return r.get().map(hex32le).join('');
}

// ------------------------------------------------------------------------------------------------
// The stub

export interface Transport {
  write(data: string): void;
  end(): void;
}

/** How a debugging session ended. */
export type SessionEnd =
  | { kind: 'exited'; summary: RunSummary }
  | { kind: 'killed' }
  | { kind: 'detached' }
  | { kind: 'disconnected' };

/** Cycles run between looks at the socket while continuing without breakpoints. */
const SLICE_CYCLES = 250_000;
/** Instructions stepped between looks at the socket while continuing with breakpoints. */
const STEP_BATCH = 20_000;

type StepOutcome = 'ok' | 'idle' | 'end';

export class GdbStub {
  readonly target: TargetRegs;
  private readonly reader = new PacketReader();
  private noAck = false;
  private lastSent = '';
  private running = false;
  private interruptRequested = false;
  private readonly breakpoints = new Set<number>();
  /** Set once the firmware exited / faulted: the summary of that run. */
  private final: RunSummary | null = null;
  private lastStop = 'S05';
  private ended = false;
  /** Called once when the session ends. */
  onEnd: (e: SessionEnd) => void = () => {};
  /** Where fault reports and notes go. */
  log: (msg: string) => void = (m) => process.stderr.write(m + '\n');
  /** Schedules the next slice of a continue (setImmediate; tests may run it synchronously). */
  defer: (fn: () => void) => void = (fn) => setImmediate(fn);

  constructor(
    readonly machine: Machine,
    private readonly io: Transport,
  ) {
    this.target = targetRegsFor(machine);
  }

  /** Bytes from the debugger. */
  receive(chunk: Buffer | string): void {
    for (const ev of this.reader.feed(chunk)) {
      if (this.ended) return;
      switch (ev.kind) {
        case 'packet':
          if (!this.noAck) this.io.write('+');
          this.handle(ev.data);
          break;
        case 'bad-checksum':
          if (!this.noAck) this.io.write('-');
          break;
        case 'nack':
          if (this.lastSent) this.io.write(this.lastSent);
          break;
        case 'interrupt':
          if (this.running) this.interruptRequested = true;
          break;
        case 'ack':
          break;
      }
    }
  }

  /** The connection closed. */
  disconnected(): void {
    if (this.ended) return;
    this.running = false;
    this.finish(this.final ? { kind: 'exited', summary: this.final } : { kind: 'disconnected' });
  }

  private send(data: string): void {
    const p = framePacket(data);
    this.lastSent = p;
    this.io.write(p);
  }

  private finish(e: SessionEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(e);
  }

  private stopReply(sig: number): string {
    const pc = this.target.regs[this.target.pcIndex];
    return `T${sig.toString(16).padStart(2, '0')}${this.target.pcIndex.toString(16).padStart(2, '0')}:${regHex(pc)};thread:1;`;
  }

  private handle(p: string): void {
    if (this.running) {
      // gdb sends nothing but 0x03 while the target runs (non-stop mode is not offered)
      return;
    }
    const c = p[0];
    switch (c) {
      case '?':
        return this.send(this.lastStop);
      case 'g':
        return this.send(this.target.regs.map(regHex).join(''));
      case 'G':
        return this.send(this.writeAll(p.slice(1)));
      case 'p': {
        const i = parseInt(p.slice(1), 16);
        const r = this.target.regs[i];
        return this.send(r ? regHex(r) : 'E01');
      }
      case 'P': {
        const eq = p.indexOf('=');
        const i = parseInt(p.slice(1, eq), 16);
        const r = this.target.regs[i];
        if (!r || eq < 0) return this.send('E01');
        return this.send(r.set(wordsFromHex(p.slice(eq + 1), r.bits)) ? 'OK' : 'E01');
      }
      case 'm':
        return this.send(this.readMem(p.slice(1)));
      case 'M': {
        const colon = p.indexOf(':');
        const [addr, len] = parseAddrLen(p.slice(1, colon));
        const hex = p.slice(colon + 1);
        if (colon < 0 || addr === null || hex.length !== 2 * len) return this.send('E01');
        return this.send(this.writeMem(addr, Buffer.from(hex, 'hex')));
      }
      case 'X': {
        const colon = p.indexOf(':');
        const [addr, len] = parseAddrLen(p.slice(1, colon));
        const data = Buffer.from(unescapeBinary(p.slice(colon + 1)), 'latin1');
        if (colon < 0 || addr === null || data.length !== len) return this.send('E01');
        return this.send(len === 0 ? 'OK' : this.writeMem(addr, data));
      }
      case 'c':
      case 'C':
      case 's':
      case 'S': {
        // c[addr] / s[addr]; C sig[;addr] / S sig[;addr]: the signal is not delivered (no OS)
        const arg = c === 'c' || c === 's' ? p.slice(1) : (p.split(';')[1] ?? '');
        if (arg) this.target.regs[this.target.pcIndex].set([parseInt(arg, 16) >>> 0, 0]);
        return this.resume(c === 's' || c === 'S');
      }
      case 'v':
        return this.handleV(p);
      case 'q':
      case 'Q':
        return this.handleQuery(p);
      case 'H':
        return this.send('OK');
      case 'T':
        return this.send('OK');
      case 'Z':
      case 'z':
        return this.send(this.breakpoint(p));
      case 'k':
        this.finish({ kind: 'killed' });
        return;
      case 'D':
        this.send('OK');
        this.finish({ kind: 'detached' });
        return;
      default:
        return this.send('');
    }
  }

  private handleV(p: string): void {
    if (p === 'vCont?') return this.send('vCont;c;C;s;S');
    if (p.startsWith('vCont;')) {
      // one thread: the first action applies
      const action = p.slice(6).split(';')[0].split(':')[0];
      const a = action[0];
      if (a === 'c' || a === 'C') return this.resume(false);
      if (a === 's' || a === 'S') return this.resume(true);
      return this.send('E01');
    }
    if (p.startsWith('vKill')) {
      this.send('OK');
      this.finish({ kind: 'killed' });
      return;
    }
    return this.send('');
  }

  private handleQuery(p: string): void {
    if (p.startsWith('qSupported')) return this.send('PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;vContSupported+');
    if (p === 'QStartNoAckMode') {
      this.send('OK');
      this.noAck = true;
      return;
    }
    if (p.startsWith('qXfer:features:read:')) {
      const m = /^qXfer:features:read:([^:]*):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
      if (!m) return this.send('E00');
      if (m[1] !== 'target.xml') return this.send('E00');
      const off = parseInt(m[2], 16);
      const len = parseInt(m[3], 16);
      const xml = this.target.xml;
      if (off >= xml.length) return this.send('l');
      const part = xml.slice(off, off + len);
      return this.send((off + len >= xml.length ? 'l' : 'm') + part);
    }
    if (p === 'qAttached' || p.startsWith('qAttached:')) return this.send('1');
    if (p === 'qC') return this.send('QC1');
    if (p === 'qfThreadInfo') return this.send('m1');
    if (p === 'qsThreadInfo') return this.send('l');
    if (p.startsWith('qThreadExtraInfo')) return this.send(Buffer.from('core', 'latin1').toString('hex'));
    return this.send('');
  }

  private writeAll(hex: string): string {
    let at = 0;
    for (const r of this.target.regs) {
      const n = r.bits / 4;
      if (at + n > hex.length) break; // gdb may send fewer registers than described
      const w = wordsFromHex(hex.slice(at, at + n), r.bits);
      at += n;
      // read-only registers accept their current value (gdb writes the whole file back)
      if (!r.set(w) && regHex(r) !== hex.slice(at - n, at)) return 'E01';
    }
    return 'OK';
  }

  private readMem(arg: string): string {
    const [addr, len] = parseAddrLen(arg);
    if (addr === null || len > 0x10000) return 'E01';
    const bus = this.machine.bus;
    let out = '';
    for (let i = 0; i < len; i++) {
      // memory only: device registers may have read side effects, they read as an error
      const b = bus.peek8((addr + i) >>> 0);
      if (b === null) break;
      out += b.toString(16).padStart(2, '0');
    }
    return out === '' && len > 0 ? 'E01' : out;
  }

  private writeMem(addr: number, data: Buffer): string {
    return this.machine.bus.loadBytes(addr, new Uint8Array(data.buffer, data.byteOffset, data.length)) ? 'OK' : 'E01';
  }

  private breakpoint(p: string): string {
    const parts = p.slice(1).split(/[,;]/);
    const type = parts[0];
    const addr = parseInt(parts[1] ?? '', 16);
    if (!Number.isFinite(addr)) return 'E01';
    // software and hardware execution breakpoints are the same thing here; watchpoints are not offered
    if (type !== '0' && type !== '1') return '';
    const a = addr >>> 0 & ~1;
    if (p[0] === 'Z') this.breakpoints.add(a);
    else this.breakpoints.delete(a);
    return 'OK';
  }

  // --- execution ----------------------------------------------------------------------------

  /** Retires one instruction (or takes one exception entry); stops early on exit/fault. */
  private stepOne(): StepOutcome {
    const m = this.machine;
    const cpu = m.cpu;
    const sched = m.sched;
    const n0 = cpu.instructions;
    const pc0 = cpu.pc;
    for (;;) {
      if (this.final) return 'end';
      if (cpu.sleeping && sched.nextTime === Infinity) return 'idle';
      const s = m.step();
      if (this.ended) return 'end';
      if (s.stopReason !== 'max-cycles') {
        this.final = s;
        return 'end';
      }
      if (cpu.instructions !== n0 || cpu.pc !== pc0) return 'ok';
    }
  }

  private resume(step: boolean): void {
    if (this.final) return this.reportEnd(this.final);
    if (step) {
      const r = this.stepOne();
      if (r === 'end') return this.reportEnd(this.final!);
      return this.stopped(5);
    }
    this.running = true;
    this.interruptRequested = false;
    // the first instruction runs even when a breakpoint sits on it (gdb steps over its own
    // breakpoints, but a `jump`/`c addr` lands on one)
    const first = this.breakpoints.size > 0 ? this.stepOne() : 'ok';
    if (first === 'end') return this.reportEnd(this.final!);
    if (first === 'ok' && this.breakpoints.has(this.machine.cpu.pc)) return this.stopped(5);
    this.defer(() => this.slice());
  }

  private slice(): void {
    if (!this.running || this.ended) return;
    if (this.interruptRequested) return this.stopped(2);
    const m = this.machine;
    if (this.breakpoints.size === 0) {
      const s = m.run({ maxCycles: m.sched.now + SLICE_CYCLES, exitOnIdle: true });
      if (s.stopReason === 'idle') {
        // asleep with nothing scheduled: emulated time stands still until gdb interrupts
        this.defer(() => this.idleWait());
        return;
      }
      if (s.stopReason !== 'max-cycles') {
        this.final = s;
        return this.reportEnd(s);
      }
    } else {
      const bps = this.breakpoints;
      for (let i = 0; i < STEP_BATCH; i++) {
        const r = this.stepOne();
        if (r === 'end') return this.reportEnd(this.final!);
        if (r === 'idle') {
          this.defer(() => this.idleWait());
          return;
        }
        if (bps.has(m.cpu.pc)) return this.stopped(5);
      }
    }
    this.defer(() => this.slice());
  }

  private idleWait(): void {
    if (!this.running || this.ended) return;
    if (this.interruptRequested) return this.stopped(2);
    setTimeout(() => this.idleWait(), 20);
  }

  private stopped(sig: number): void {
    this.running = false;
    this.interruptRequested = false;
    this.lastStop = this.stopReply(sig);
    this.send(this.lastStop);
  }

  private reportEnd(s: RunSummary): void {
    this.running = false;
    if (s.stopReason === 'fault' || s.stopReason === 'lockup') {
      if (!this.lastStop.startsWith('T0b')) this.log(`femtosim: ${s.stopReason}: ${s.fault ?? ''}`);
      this.lastStop = this.stopReply(11);
      this.send(this.lastStop);
      return;
    }
    // exit, system off, --until and the like: the program is over
    this.lastStop = `W${(s.exitCode & 0xff).toString(16).padStart(2, '0')}`;
    this.send(this.lastStop);
  }
}

function parseAddrLen(s: string): [number | null, number] {
  const m = /^([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(s);
  if (!m) return [null, 0];
  return [parseInt(m[1], 16) >>> 0, parseInt(m[2], 16)];
}

function wordsFromHex(hex: string, bits: number): number[] {
  const w: number[] = [];
  for (let i = 0; i < bits / 32; i++) w.push(parseHex32le(hex.slice(8 * i, 8 * i + 8).padEnd(8, '0')));
  return w;
}

// ------------------------------------------------------------------------------------------------
// TCP server

/** Parses a --gdb port: an integer 0..65535 (0: any free port, printed when listening). */
export function parseGdbPort(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(`--gdb: '${String(v)}' is not a TCP port (0..65535)`);
  return n;
}

/**
 * Waits on 127.0.0.1:port for one gdb connection (the core stays at its reset state until gdb
 * resumes it) and serves it. Resolves with how the session ended.
 */
export function serveGdb(machine: Machine, port: number, log: (msg: string) => void = (m) => process.stderr.write(m + '\n')): Promise<SessionEnd> {
  targetRegsFor(machine); // an unsupported architecture is an error before listening
  return new Promise((resolve, reject) => {
    let server: Server | null = null;
    server = createServer({ noDelay: true }, (sock: Socket) => {
      server!.close(); // one debugger at a time
      sock.setNoDelay(true);
      const stub = new GdbStub(machine, {
        write: (d) => {
          if (!sock.destroyed) sock.write(d, 'latin1');
        },
        end: () => sock.end(),
      });
      stub.log = log;
      stub.onEnd = (e) => {
        // the reply already written still goes out; the debugger's side must not keep femtosim alive
        sock.end();
        sock.unref();
        resolve(e);
      };
      sock.on('data', (d) => stub.receive(d));
      sock.on('close', () => stub.disconnected());
      sock.on('error', () => stub.disconnected());
    });
    server.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? 'the port is in use' : e.code === 'EACCES' ? 'permission denied' : e.message;
      reject(new UserError(`--gdb ${port}: cannot listen: ${why}`));
    });
    server.listen(port, '127.0.0.1', () => {
      const a = server!.address();
      const p = typeof a === 'object' && a ? a.port : port;
      log(`femtosim: waiting for gdb on 127.0.0.1:${p} (target remote :${p})`);
    });
  });
}
