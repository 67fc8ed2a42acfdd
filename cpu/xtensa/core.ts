/**
 * Xtensa LX106 core (ESP8266): call0 ABI, code density, MUL16/MULL, NSA, XEA2 exceptions and
 * interrupts (levels 1, debug 2, NMI 3), CCOUNT/CCOMPARE0, LITBASE, QEMU `simcall` semihosting.
 *
 * Execution: instructions are predecoded once per address into the region's `codeCache`
 * (codeShift 0: one Int32 per byte). Slot `off` holds the packed form, slot `off + 1` the
 * immediate:  bits 0-7 op | 8-11 r | 12-15 s | 16-19 t | 20 three-byte | 21 valid | 22-24 source
 * register fields (r, s, t) for the load-use interlock. The bus clears the slots of written bytes.
 * The loop (exec) is one switch over op with pc, cycle and instruction count in locals; it
 * allocates nothing. Exceptions leave the loop by throwing a preallocated signal (or the bus's
 * BusFault), run() turns them into the architectural exception. Timing comes from timing.ts.
 *
 * Interrupt lines (IrqSink.setIrq): line n = Xtensa interrupt number n (0..14) as in core-isa.h:
 * 0-5 external level-triggered (level 1), 6 CCOMPARE0 timer (internal), 7 software (INTSET),
 * 8-13 external edge-triggered (level 1), 14 NMI (edge, level 3).
 */
import type { Cpu, CpuHost, ExecObserver, HaltInfo, StallCounters } from '../../machine/cpu.js';
import { isBusFault, type FetchModel, type MemRegion } from '../../peripherals/bus.js';
import type { SchedEvent } from '../../peripherals/scheduler.js';
import { Op, OPS, SR, SR_NAMES, Cause, CAUSE_NAMES, B4CONST, B4CONSTU, PS_EXCM, PS_INTLEVEL, PS_UM } from './encodings.js';
import { decode, formatDecoded, newDecoded, litAddr } from './decode.js';
import { LX106, type Lx106Timing } from './timing.js';

const F_LEN3 = 1 << 20;
const F_VALID = 1 << 21;

/** Vector offsets from VECBASE (core-isa.h XCHAL_*_VECOFS). */
export const VEC = { DEBUG: 0x10, NMI: 0x20, KERNEL: 0x30, USER: 0x50, DOUBLE: 0x70 } as const;
export const IRQ_TIMER0 = 6;
export const IRQ_SOFTWARE = 7;
export const IRQ_NMI = 14;
/** Level-triggered external lines (XCHAL_INTTYPE_MASK_EXTERN_LEVEL) and edge lines (EXTERN_EDGE | NMI). */
const LEVEL_MASK = 0x3f;
const EDGE_MASK = 0x3f00 | 0x4000;
const NUM_INTERRUPTS = 15;
const NMI_LEVEL = 3;
const DEBUG_LEVEL = 2;
const EXCM_LEVEL = 1;

/** QEMU xtensa simcall numbers (target/xtensa/xtensa-semi.c): a2 = call, result a2, errno a3. */
const SIM_EXIT = 1;
const SIM_READ = 3;
const SIM_WRITE = 4;
const ENOSYS = 88;
const EBADF = 9;

class ExcSignal {
  cause = 0;
  vaddr = 0;
}

export class Lx106Core implements Cpu {
  readonly arch = 'xtensa' as const;
  readonly a = new Int32Array(16);
  pc = 0;
  ps = 0;
  sar = 0;
  litbase = 0;
  vecbase = 0x4000_0000;
  exccause = 0;
  excvaddr = 0;
  depc = 0;
  /** EPC1..3, EPS2..3, EXCSAVE1..3 indexed by level. */
  readonly epc = new Int32Array(4);
  readonly eps = new Int32Array(4);
  readonly excsave = new Int32Array(4);
  intenable = 0;
  /** INTERRUPT register: latched edge/software/timer bits, plus level lines while asserted. */
  private intPending = 0;
  private levelLines = 0;
  ccompare0 = 0;
  debugcause = 0;
  /** Other special registers that only hold a value here (IBREAKA0, DDR...). */
  private readonly misc = new Int32Array(256);
  /** CCOUNT = now - ccBase (mod 2^32). */
  private ccBase = 0;
  private readonly ccEvent: SchedEvent;
  instret = 0;
  sleeping = false;
  halted: HaltInfo | null = null;

  readonly timing: Lx106Timing = LX106;
  /** Cycle at which each register's pending load/multiply result is available. */
  private readonly ready = new Float64Array(16);
  private readyMax = 0;
  readonly stalls: StallCounters = { fetch: 0, loadUse: 0, branch: 0 };

  private region: MemRegion | null = null;
  private rBase = 0;
  private rSize = 0;
  private rCode: Int32Array = new Int32Array(0);
  private rU8: Uint8Array = new Uint8Array(0);
  private rFetch: FetchModel | null = null;
  private rFetchWait = 0;
  private fetchShift = 2;
  private fetchWord = -1;

  private readonly observerSlot: Array<ExecObserver | null> = [null];
  private readonly sig = new ExcSignal();
  private readonly scratch = newDecoded();
  private readonly prid: number;

  constructor(private readonly host: CpuHost) {
    const cc = host.board.cpuConfig ?? {};
    this.prid = typeof cc.prid === 'number' ? cc.prid : 0;
    if (typeof cc.vecbase === 'number') this.vecbase = cc.vecbase;
    this.ccEvent = host.sched.event('ccompare0', () => this.raiseInt(IRQ_TIMER0));
  }

  get instructions(): number {
    return this.instret;
  }

  // ---- interrupts --------------------------------------------------------------------------------
  setIrq(line: number, level: boolean): void {
    if (line < 0 || line >= NUM_INTERRUPTS || line === IRQ_TIMER0 || line === IRQ_SOFTWARE) {
      throw new Error(`LX106: interrupt line ${line} is not an external interrupt (0-5 level, 8-13 edge, 14 NMI)`);
    }
    const bit = 1 << line;
    if ((bit & LEVEL_MASK) !== 0) {
      this.levelLines = level ? this.levelLines | bit : this.levelLines & ~bit;
      if (level) this.wake();
    } else if (level && (this.levelLines & bit) === 0) {
      // Edge-triggered: a rising edge latches the bit until INTCLEAR.
      this.levelLines |= bit;
      this.raiseInt(line);
    } else if (!level) this.levelLines &= ~bit;
  }

  private raiseInt(n: number): void {
    this.intPending |= 1 << n;
    this.wake();
  }

  private wake(): void {
    if (this.takeableLevel() > 0) {
      this.sleeping = false;
      this.host.sched.requestBreak();
    }
  }

  /** INTERRUPT as read by RSR. */
  get interrupt(): number {
    return (this.intPending | (this.levelLines & LEVEL_MASK)) >>> 0;
  }

  /** Level of the highest interrupt that would be taken now (0: none). */
  private takeableLevel(): number {
    if ((this.intPending & (1 << IRQ_NMI)) !== 0) return NMI_LEVEL;
    const p = this.interrupt & this.intenable & 0x3fff;
    if (p === 0) return 0;
    const il = this.ps & PS_INTLEVEL;
    const mask = (this.ps & PS_EXCM) !== 0 && il < EXCM_LEVEL ? EXCM_LEVEL : il;
    return 1 > mask ? 1 : 0;
  }

  private ccount(now: number): number {
    return (now - this.ccBase) >>> 0;
  }

  private armCompare(now: number): void {
    let d = (this.ccompare0 - this.ccount(now)) >>> 0;
    if (d === 0) d = 0x1_0000_0000;
    this.host.sched.at(this.ccEvent, now + d);
  }

  // ---- reset / state -----------------------------------------------------------------------------
  reset(): void {
    this.a.fill(0);
    // PS after reset: INTLEVEL 15, EXCM 1 (ISA Reference Manual, "Processor Status"; XEA2 reset value 0x1F).
    this.ps = 0x1f;
    this.sar = this.litbase = this.exccause = this.excvaddr = this.depc = 0;
    this.epc.fill(0);
    this.eps.fill(0);
    this.excsave.fill(0);
    this.misc.fill(0);
    this.intenable = 0;
    this.intPending = 0;
    this.ccompare0 = 0;
    this.debugcause = 0;
    const cc = this.host.board.cpuConfig ?? {};
    this.vecbase = typeof cc.vecbase === 'number' ? cc.vecbase : 0x4000_0000;
    this.ccBase = this.host.sched.now;
    this.host.sched.cancel(this.ccEvent);
    this.instret = 0;
    this.sleeping = false;
    this.halted = null;
    this.ready.fill(0);
    this.readyMax = 0;
    this.region = null;
    this.rSize = 0;
    this.fetchWord = -1;
    this.pc = this.resetPc();
  }

  /**
   * The ESP8266 boot ROM jumps to the image's entry point (we do not model the ROM): start at the
   * ELF entry; without an image, at cpuConfig.resetVector (default XCHAL_RESET_VECTOR1 0x40000080).
   */
  private resetPc(): number {
    const img = this.host.image;
    if (img) return img.entry >>> 0;
    const rv = this.host.board.cpuConfig?.resetVector;
    return typeof rv === 'number' ? rv >>> 0 : 0x4000_0080;
  }

  /** Argument register n of the call0 ABI (a2..a7). */
  callArg(n: number): number {
    return n >= 0 && n < 6 ? this.a[2 + n] : 0;
  }

  setObserver(obs: ExecObserver | null): void {
    this.observerSlot[0] = obs;
  }

  registers(): Record<string, number> {
    const r: Record<string, number> = {};
    for (let i = 0; i < 16; i++) r['a' + i] = this.a[i] >>> 0;
    r.pc = this.pc >>> 0;
    r.ps = this.ps >>> 0;
    r.sar = this.sar;
    r.exccause = this.exccause;
    r.excvaddr = this.excvaddr >>> 0;
    r.epc1 = this.epc[1] >>> 0;
    r.depc = this.depc >>> 0;
    r.vecbase = this.vecbase >>> 0;
    r.intenable = this.intenable >>> 0;
    r.interrupt = this.interrupt;
    r.ccount = this.ccount(this.host.sched.now);
    return r;
  }

  registerDump(): string {
    const h = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
    const lines: string[] = [];
    for (let i = 0; i < 16; i += 4) lines.push('  ' + [0, 1, 2, 3].map((j) => `${('a' + (i + j)).padStart(3)}=${h(this.a[i + j])}`).join(' '));
    lines.push(`   pc=${h(this.pc)} ps=${h(this.ps)} sar=${this.sar} exccause=${this.exccause} excvaddr=${h(this.excvaddr)} epc1=${h(this.epc[1])} depc=${h(this.depc)} vecbase=${h(this.vecbase)}`);
    return lines.join('\n');
  }

  disassemble(addr: number): string {
    const bus = this.host.bus;
    const b0 = bus.peek8(addr);
    const b1 = bus.peek8(addr + 1);
    if (b0 === null || b1 === null) return '<unmapped>';
    let w = b0 | (b1 << 8);
    if ((b0 & 8) === 0) {
      const b2 = bus.peek8(addr + 2);
      if (b2 === null) return '<truncated instruction>';
      w |= b2 << 16;
    }
    decode(w, this.scratch);
    return formatDecoded(this.scratch, addr >>> 0, this.litbase);
  }

  // ---- fetch region and predecode ----------------------------------------------------------------
  private selectRegion(pc: number): void {
    const r = this.host.bus.fetchRegion(pc, 2);
    if (r.codeCache === null || r.codeShift !== 0) {
      r.codeCache = new Int32Array(r.size + 3);
      r.codeShift = 0;
    }
    this.region = r;
    this.rBase = r.base;
    this.rSize = r.size;
    this.rCode = r.codeCache;
    this.rU8 = r.u8;
    this.rFetch = r.fetchModel;
    this.rFetchWait = r.fetchWait;
    // XCHAL_INST_FETCH_WIDTH 4: the core fetches aligned 4-byte words (or the model's unit).
    const fb = r.fetchModel !== null ? r.fetchModel.fetchBytes : 4;
    this.fetchShift = 31 - Math.clz32(fb);
    this.fetchWord = -1;
  }

  private predecode(off: number): number {
    const u8 = this.rU8;
    let w = u8[off];
    const len = (w & 8) !== 0 ? 2 : 3;
    if (off + len > this.rSize) this.host.bus.raise(this.rBase + off, len, 'fetch', `instruction crosses the end of ${this.region!.name}`);
    w |= u8[off + 1] << 8;
    if (len === 3) w |= u8[off + 2] << 16;
    const d = decode(w, this.scratch);
    let imm = d.imm;
    if (d.op === Op.EXTUI) imm = d.imm | (d.imm2 << 8);
    else if (d.op === Op.BBCI || d.op === Op.BBSI) imm = (d.imm & 0xffffff) | (d.imm2 << 24);
    const packed = d.op | (d.r << 8) | (d.s << 12) | (d.t << 16) | (len === 3 ? F_LEN3 : 0) | F_VALID | (OPS[d.op].src << 22);
    this.rCode[off] = packed;
    this.rCode[off + 1] = imm;
    return packed;
  }

  // ---- run ---------------------------------------------------------------------------------------
  run(): void {
    const sched = this.host.sched;
    while (this.halted === null && !this.sleeping && sched.now < sched.limit) {
      const lvl = this.takeableLevel();
      if (lvl > 0) {
        this.takeInterrupt(lvl);
        continue;
      }
      try {
        this.exec();
        return;
      } catch (e) {
        if (e === this.sig) this.exception(this.sig.cause, this.sig.vaddr);
        else if (isBusFault(e)) {
          const cause = e.kind === 'fetch' ? Cause.INST_FETCH_PROHIBITED : e.kind === 'write' ? Cause.STORE_PROHIBITED : Cause.LOAD_PROHIBITED;
          this.exception(cause, e.addr, e.describe());
        } else throw e;
      }
    }
  }

  private vector(off: number, what: string, pc: number): number {
    const target = (this.vecbase + off) >>> 0;
    const r = this.host.bus.regionAt(target);
    if (r === null || !r.executable) {
      this.fault(`${what} at pc=0x${hex(pc)}; the vector 0x${hex(target)} (VECBASE=0x${hex(this.vecbase)} + 0x${off.toString(16)}) is ${r === null ? 'unmapped' : 'not executable'}`);
      return -1;
    }
    return target;
  }

  private fault(message: string): void {
    this.halted = { kind: 'fault', code: 0, message };
  }

  /** General (level-1) exception entry, XEA2. */
  exception(cause: number, vaddr: number, detail = ''): void {
    const pc = this.pc >>> 0;
    const name = CAUSE_NAMES[cause] ?? `cause ${cause}`;
    const what = `${name}${detail ? ' (' + detail + ')' : cause === Cause.ALIGNMENT || cause >= 20 ? ` (EXCVADDR=0x${hex(vaddr)})` : ''}`;
    if ((this.ps & PS_EXCM) !== 0) {
      // Double exception: the firmware's handlers faulted (or none are installed yet).
      this.exccause = cause;
      this.depc = pc;
      this.fault(`double exception: ${what} at pc=0x${hex(pc)} with PS.EXCM=1 (EPC1=0x${hex(this.epc[1])}, EXCCAUSE=${cause})`);
      return;
    }
    const target = this.vector((this.ps & PS_UM) !== 0 ? VEC.USER : VEC.KERNEL, `unhandled exception ${what}`, pc);
    if (target < 0) return;
    this.exccause = cause;
    if (cause !== Cause.LEVEL1_INTERRUPT && cause !== Cause.SYSCALL && cause !== Cause.ILLEGAL) this.excvaddr = vaddr | 0;
    this.enter(1, pc, target, false);
  }

  private takeInterrupt(level: number): void {
    const pc = this.pc >>> 0;
    if (level === 1) {
      const target = this.vector((this.ps & PS_UM) !== 0 ? VEC.USER : VEC.KERNEL, 'level-1 interrupt', pc);
      if (target < 0) return;
      this.exccause = Cause.LEVEL1_INTERRUPT;
      this.enter(1, pc, target, false);
    } else {
      // NMI (level 3): edge, taken whatever PS.INTLEVEL; clears its latched bit.
      this.intPending &= ~(1 << IRQ_NMI);
      const target = this.vector(VEC.NMI, 'NMI', pc);
      if (target < 0) return;
      this.enter(NMI_LEVEL, pc, target, true);
    }
  }

  /** Saves EPC/EPS for `level`, sets PS, jumps to the vector and charges the entry. */
  private enter(level: number, pc: number, target: number, high: boolean): void {
    const sched = this.host.sched;
    this.epc[level] = pc | 0;
    if (high) {
      this.eps[level] = this.ps;
      this.ps = (this.ps & ~PS_INTLEVEL) | level | PS_EXCM;
    } else this.ps |= PS_EXCM;
    this.pc = target;
    this.sleeping = false;
    sched.now += this.timing.exceptionEntry;
    this.stalls.branch += this.timing.exceptionEntry;
    const obs = this.observerSlot[0];
    if (obs !== null) obs.onControl('exc', pc, target, sched.now);
  }

  /** Debug exception for BREAK/BREAK.N (level 2), when PS.INTLEVEL < DEBUGLEVEL; otherwise a no-op. */
  private debugBreak(pc: number, narrow: boolean): boolean {
    if ((this.ps & PS_INTLEVEL) >= DEBUG_LEVEL) return false;
    const target = this.vector(VEC.DEBUG, `BREAK${narrow ? '.N' : ''} without a debugger`, pc);
    if (target < 0) return true;
    this.debugcause = narrow ? 0x10 : 0x08;
    this.enter(DEBUG_LEVEL, pc, target, true);
    return true;
  }

  private raise(cause: number, vaddr: number, pc: number, now: number, instret: number): never {
    this.pc = pc;
    this.host.sched.now = now;
    this.instret = instret;
    this.sig.cause = cause;
    this.sig.vaddr = vaddr;
    throw this.sig;
  }

  // ---- special registers -------------------------------------------------------------------------
  private rsr(sr: number, now: number): number {
    switch (sr) {
      case SR.SAR: return this.sar;
      case SR.LITBASE: return this.litbase;
      case SR.PS: return this.ps;
      case SR.VECBASE: return this.vecbase | 0;
      case SR.EXCCAUSE: return this.exccause;
      case SR.EXCVADDR: return this.excvaddr;
      case SR.DEPC: return this.depc;
      case SR.EPC1: case SR.EPC2: case SR.EPC3: return this.epc[sr - SR.EPC1 + 1];
      case SR.EPS2: case SR.EPS3: return this.eps[sr - SR.EPS2 + 2];
      case SR.EXCSAVE1: case SR.EXCSAVE2: case SR.EXCSAVE3: return this.excsave[sr - SR.EXCSAVE1 + 1];
      case SR.INTERRUPT: return this.interrupt | 0;
      case SR.INTENABLE: return this.intenable;
      case SR.CCOUNT: return this.ccount(now) | 0;
      case SR.CCOMPARE0: return this.ccompare0 | 0;
      case SR.PRID: return this.prid;
      case SR.DEBUGCAUSE: return this.debugcause;
      case SR.INTCLEAR: return 0;
      default: return this.misc[sr];
    }
  }

  private wsr(sr: number, v: number, now: number): void {
    switch (sr) {
      case SR.SAR: this.sar = v & 63; break;
      case SR.LITBASE: this.litbase = v & 0xfffff001; break;
      case SR.PS: this.ps = v & 0x7ffff; break;
      case SR.VECBASE: this.vecbase = v & ~0x3ff; break;
      case SR.EXCCAUSE: this.exccause = v & 63; break;
      case SR.EXCVADDR: this.excvaddr = v; break;
      case SR.DEPC: this.depc = v; break;
      case SR.EPC1: case SR.EPC2: case SR.EPC3: this.epc[sr - SR.EPC1 + 1] = v; break;
      case SR.EPS2: case SR.EPS3: this.eps[sr - SR.EPS2 + 2] = v & 0x7ffff; break;
      case SR.EXCSAVE1: case SR.EXCSAVE2: case SR.EXCSAVE3: this.excsave[sr - SR.EXCSAVE1 + 1] = v; break;
      // WSR INTERRUPT is INTSET: only the software interrupt bit can be set (XCHAL_INTTYPE_MASK_SOFTWARE).
      case SR.INTERRUPT: this.intPending |= v & (1 << IRQ_SOFTWARE); break;
      // INTCLEAR clears software and edge-triggered bits.
      case SR.INTCLEAR: this.intPending &= ~(v & ((1 << IRQ_SOFTWARE) | (EDGE_MASK & ~(1 << IRQ_NMI)))); break;
      case SR.INTENABLE: this.intenable = v & 0x3fff; break;
      case SR.CCOUNT: this.ccBase = now - (v >>> 0); this.armCompare(now); break;
      case SR.CCOMPARE0:
        this.ccompare0 = v >>> 0;
        this.intPending &= ~(1 << IRQ_TIMER0);
        this.armCompare(now);
        break;
      case SR.PRID: case SR.DEBUGCAUSE: break; // read-only
      default: this.misc[sr] = v;
    }
    this.host.sched.requestBreak(); // PS / INTENABLE / INTSET may make an interrupt takeable
  }

  // ---- semihosting -------------------------------------------------------------------------------
  private simcall(): void {
    const a = this.a;
    const bus = this.host.bus;
    switch (a[2]) {
      case SIM_EXIT:
        this.halted = { kind: 'exit', code: a[3], message: `simcall exit(${a[3]})` };
        return;
      case SIM_WRITE: {
        const fd = a[3], buf = a[4] >>> 0, len = a[5] >>> 0;
        if (fd !== 1 && fd !== 2) { a[2] = -1; a[3] = EBADF; return; }
        for (let i = 0; i < len; i++) {
          const b = bus.peek8(buf + i);
          if (b === null) break;
          this.host.console.write(b);
        }
        a[2] = len;
        a[3] = 0;
        return;
      }
      case SIM_READ: {
        const fd = a[3], buf = a[4] >>> 0, len = a[5] >>> 0;
        if (fd !== 0) { a[2] = -1; a[3] = EBADF; return; }
        let n = 0;
        for (; n < len; n++) {
          const b = this.host.console.readByte();
          if (b < 0) break;
          bus.write8(buf + n, b);
        }
        a[2] = n;
        a[3] = 0;
        return;
      }
      default:
        a[2] = -1;
        a[3] = ENOSYS;
    }
  }

  private control(obs: ExecObserver, kind: 'call' | 'ret' | 'eret', from: number, to: number, now: number): void {
    this.pc = to;
    this.host.sched.now = now;
    obs.onControl(kind, from, to, now);
  }

  // ---- the interpreter loop ----------------------------------------------------------------------
  private exec(): void {
    const host = this.host;
    const obs = this.observerSlot[0];
    const sched = host.sched;
    const bus = host.bus;
    const a = this.a;
    const ready = this.ready;
    const tm = this.timing;
    const BR = tm.takenBranch;
    const LL = tm.loadLatency;
    const ML = tm.mulLatency;
    let pc = this.pc >>> 0;
    let now = sched.now;
    let instret = this.instret;
    if (this.region === null || pc < this.rBase || pc - this.rBase >= this.rSize) this.selectRegion(pc);
    let rBase = this.rBase;
    let rSize = this.rSize;
    let code = this.rCode;
    let fm = this.rFetch;
    let fwait = this.rFetchWait;
    let fsh = this.fetchShift;
    let fword = this.fetchWord;
    let rmax = this.readyMax;
    try {
      while (now < sched.limit) {
        let off = pc - rBase;
        if (off < 0 || off >= rSize) {
          this.pc = pc;
          sched.now = now;
          this.selectRegion(pc);
          rBase = this.rBase;
          rSize = this.rSize;
          code = this.rCode;
          fm = this.rFetch;
          fwait = this.rFetchWait;
          fsh = this.fetchShift;
          fword = -1;
          off = pc - rBase;
        }
        let w = code[off];
        if (w === 0) {
          this.pc = pc;
          w = this.predecode(off);
        }
        const imm = code[off + 1];
        const r = (w >>> 8) & 15;
        const s = (w >>> 12) & 15;
        const t = (w >>> 16) & 15;
        const len = (w & F_LEN3) !== 0 ? 3 : 2;
        let c = now;
        // Instruction fetch: one access per new aligned fetch unit the instruction touches.
        if (fm !== null || fwait !== 0) {
          const w0 = pc >>> fsh;
          const w1 = (pc + len - 1) >>> fsh;
          if (w0 !== fword) {
            const f = fm !== null ? fm.fetch(pc) : fwait;
            c += f;
            this.stalls.fetch += f;
          }
          if (w1 !== w0) {
            const f = fm !== null ? fm.fetch(pc + len - 1) : fwait;
            c += f;
            this.stalls.fetch += f;
          }
          fword = w1;
        }
        if (rmax > c) {
          const src = w >>> 22;
          const c0 = c;
          if ((src & 1) !== 0 && ready[r] > c) c = ready[r];
          if ((src & 2) !== 0 && ready[s] > c) c = ready[s];
          if ((src & 4) !== 0 && ready[t] > c) c = ready[t];
          if (c !== c0) this.stalls.loadUse += c - c0;
        }
        const op = w & 0xff;
        let next = pc + len;
        switch (op) {
          case Op.ADD: case Op.ADD_N: a[r] = a[s] + a[t]; break;
          case Op.ADDX2: a[r] = (a[s] << 1) + a[t]; break;
          case Op.ADDX4: a[r] = (a[s] << 2) + a[t]; break;
          case Op.ADDX8: a[r] = (a[s] << 3) + a[t]; break;
          case Op.SUB: a[r] = a[s] - a[t]; break;
          case Op.SUBX2: a[r] = (a[s] << 1) - a[t]; break;
          case Op.SUBX4: a[r] = (a[s] << 2) - a[t]; break;
          case Op.SUBX8: a[r] = (a[s] << 3) - a[t]; break;
          case Op.AND: a[r] = a[s] & a[t]; break;
          case Op.OR: a[r] = a[s] | a[t]; break;
          case Op.XOR: a[r] = a[s] ^ a[t]; break;
          case Op.NEG: a[r] = -a[t]; break;
          case Op.ABS: { const v = a[t]; a[r] = v < 0 ? -v : v; break; }
          case Op.MOVEQZ: if (a[t] === 0) a[r] = a[s]; break;
          case Op.MOVNEZ: if (a[t] !== 0) a[r] = a[s]; break;
          case Op.MOVLTZ: if (a[t] < 0) a[r] = a[s]; break;
          case Op.MOVGEZ: if (a[t] >= 0) a[r] = a[s]; break;
          case Op.MUL16U: a[r] = Math.imul(a[s] & 0xffff, a[t] & 0xffff); ready[r] = c + ML; if (c + ML > rmax) rmax = c + ML; break;
          case Op.MUL16S: a[r] = Math.imul((a[s] << 16) >> 16, (a[t] << 16) >> 16); ready[r] = c + ML; if (c + ML > rmax) rmax = c + ML; break;
          case Op.MULL: a[r] = Math.imul(a[s], a[t]); ready[r] = c + ML; if (c + ML > rmax) rmax = c + ML; break;
          case Op.NSA: { const v = a[s]; a[t] = v < 0 ? Math.clz32(~v) - 1 : v === 0 ? 31 : Math.clz32(v) - 1; break; }
          case Op.NSAU: a[t] = Math.clz32(a[s]); break;
          case Op.SLLI: a[r] = imm === 32 ? 0 : a[s] << imm; break;
          case Op.SRAI: a[r] = a[t] >> imm; break;
          case Op.SRLI: a[r] = a[t] >>> imm; break;
          case Op.SRC: {
            const sa = this.sar;
            a[r] = sa === 0 ? a[t] : sa === 32 ? a[s] : (a[t] >>> sa) | (a[s] << (32 - sa));
            break;
          }
          case Op.SRL: { const sa = this.sar; a[r] = sa >= 32 ? 0 : a[t] >>> sa; break; }
          case Op.SLL: { const sh = 32 - this.sar; a[r] = sh >= 32 ? 0 : a[s] << sh; break; }
          case Op.SRA: { const sa = this.sar; a[r] = a[t] >> (sa >= 32 ? 31 : sa); break; }
          case Op.SSR: this.sar = a[s] & 31; break;
          case Op.SSL: this.sar = 32 - (a[s] & 31); break;
          case Op.SSA8L: this.sar = (a[s] & 3) << 3; break;
          case Op.SSA8B: this.sar = 32 - ((a[s] & 3) << 3); break;
          case Op.SSAI: this.sar = imm; break;
          case Op.EXTUI: { const bits = imm >>> 8; a[r] = (a[t] >>> (imm & 31)) & (bits === 32 ? -1 : (1 << bits) - 1); break; }
          case Op.MOVI: case Op.MOVI_N: a[op === Op.MOVI ? t : s] = imm; break;
          case Op.ADDI: case Op.ADDMI: a[t] = a[s] + imm; break;
          case Op.ADDI_N: a[r] = a[s] + imm; break;
          case Op.MOV_N: a[t] = a[s]; break;
          case Op.L8UI: {
            const ad = (a[s] + imm) | 0;
            sched.now = c;
            a[t] = bus.read8(ad);
            if (bus.stall !== 0) { c += bus.stall; bus.stall = 0; }
            ready[t] = c + LL; if (c + LL > rmax) rmax = c + LL;
            break;
          }
          case Op.L16UI: case Op.L16SI: {
            const ad = (a[s] + imm) | 0;
            if ((ad & 1) !== 0) this.raise(Cause.ALIGNMENT, ad, pc, c, instret);
            sched.now = c;
            const v = bus.read16(ad);
            a[t] = op === Op.L16SI ? (v << 16) >> 16 : v;
            if (bus.stall !== 0) { c += bus.stall; bus.stall = 0; }
            ready[t] = c + LL; if (c + LL > rmax) rmax = c + LL;
            break;
          }
          case Op.L32I: case Op.L32I_N: {
            const ad = (a[s] + imm) | 0;
            if ((ad & 3) !== 0) this.raise(Cause.ALIGNMENT, ad, pc, c, instret);
            sched.now = c;
            a[t] = bus.read32(ad);
            if (bus.stall !== 0) { c += bus.stall; bus.stall = 0; }
            ready[t] = c + LL; if (c + LL > rmax) rmax = c + LL;
            break;
          }
          case Op.L32R: {
            const ad = litAddr(pc, imm, this.litbase);
            sched.now = c;
            a[t] = bus.read32(ad);
            if (bus.stall !== 0) { c += bus.stall; bus.stall = 0; }
            ready[t] = c + LL; if (c + LL > rmax) rmax = c + LL;
            break;
          }
          case Op.S8I: {
            const ad = (a[s] + imm) | 0;
            sched.now = c;
            bus.write8(ad, a[t] & 0xff);
            if (bus.stall !== 0) { c += bus.stall; bus.stall = 0; }
            break;
          }
          case Op.S16I: {
            const ad = (a[s] + imm) | 0;
            if ((ad & 1) !== 0) this.raise(Cause.ALIGNMENT, ad, pc, c, instret);
            sched.now = c;
            bus.write16(ad, a[t] & 0xffff);
            if (bus.stall !== 0) { c += bus.stall; bus.stall = 0; }
            break;
          }
          case Op.S32I: case Op.S32I_N: {
            const ad = (a[s] + imm) | 0;
            if ((ad & 3) !== 0) this.raise(Cause.ALIGNMENT, ad, pc, c, instret);
            sched.now = c;
            bus.write32(ad, a[t]);
            if (bus.stall !== 0) { c += bus.stall; bus.stall = 0; }
            break;
          }
          case Op.CALL0:
            a[0] = pc + 3;
            next = ((pc & ~3) + imm) >>> 0;
            c += BR; this.stalls.branch += BR;
            if (obs !== null) this.control(obs, 'call', pc, next, c + 1);
            break;
          case Op.CALLX0: {
            const tg = a[s] >>> 0;
            a[0] = pc + 3;
            next = tg;
            c += BR; this.stalls.branch += BR;
            if (obs !== null) this.control(obs, 'call', pc, next, c + 1);
            break;
          }
          case Op.J: next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; break;
          case Op.JX: next = a[s] >>> 0; c += BR; this.stalls.branch += BR; break;
          case Op.RET: case Op.RET_N:
            next = a[0] >>> 0;
            c += BR; this.stalls.branch += BR;
            if (obs !== null) this.control(obs, 'ret', pc, next, c + 1);
            break;
          case Op.BEQZ: case Op.BEQZ_N: if (a[s] === 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BNEZ: case Op.BNEZ_N: if (a[s] !== 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BLTZ: if (a[s] < 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BGEZ: if (a[s] >= 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BEQI: if (a[s] === B4CONST[r]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BNEI: if (a[s] !== B4CONST[r]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BLTI: if (a[s] < B4CONST[r]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BGEI: if (a[s] >= B4CONST[r]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BLTUI: if (a[s] >>> 0 < B4CONSTU[r]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BGEUI: if (a[s] >>> 0 >= B4CONSTU[r]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BNONE: if ((a[s] & a[t]) === 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BANY: if ((a[s] & a[t]) !== 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BALL: if ((~a[s] & a[t]) === 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BNALL: if ((~a[s] & a[t]) !== 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BEQ: if (a[s] === a[t]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BNE: if (a[s] !== a[t]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BLT: if (a[s] < a[t]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BGE: if (a[s] >= a[t]) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BLTU: if (a[s] >>> 0 < a[t] >>> 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BGEU: if (a[s] >>> 0 >= a[t] >>> 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BBC: if (((a[s] >>> (a[t] & 31)) & 1) === 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BBS: if (((a[s] >>> (a[t] & 31)) & 1) !== 0) { next = (pc + imm) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BBCI: if (((a[s] >>> (imm >>> 24)) & 1) === 0) { next = (pc + ((imm << 8) >> 8)) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.BBSI: if (((a[s] >>> (imm >>> 24)) & 1) !== 0) { next = (pc + ((imm << 8) >> 8)) >>> 0; c += BR; this.stalls.branch += BR; } break;
          case Op.NOP: case Op.NOP_N: case Op.MEMW: case Op.EXTW: case Op.EXCW: case Op.RSYNC: case Op.ESYNC: case Op.DSYNC: break;
          case Op.ISYNC: c += tm.isync - 1; this.stalls.branch += tm.isync - 1; break;
          case Op.RSR: a[t] = this.rsr(imm, c); break;
          case Op.WSR: this.wsr(imm, a[t], c); break;
          case Op.XSR: { const v = this.rsr(imm, c); this.wsr(imm, a[t], c); a[t] = v; break; }
          case Op.RSIL: { const v = this.ps; this.ps = (v & ~PS_INTLEVEL) | s; a[t] = v; sched.requestBreak(); break; }
          case Op.RFE:
            this.ps &= ~PS_EXCM;
            next = this.epc[1] >>> 0;
            c += tm.exceptionReturn; this.stalls.branch += tm.exceptionReturn;
            sched.requestBreak();
            if (obs !== null) this.control(obs, 'eret', pc, next, c + 1);
            break;
          case Op.RFDE:
            this.ps &= ~PS_EXCM;
            next = this.depc >>> 0;
            c += tm.exceptionReturn; this.stalls.branch += tm.exceptionReturn;
            sched.requestBreak();
            if (obs !== null) this.control(obs, 'eret', pc, next, c + 1);
            break;
          case Op.RFI:
            next = this.epc[s] >>> 0;
            this.ps = this.eps[s];
            c += tm.exceptionReturn; this.stalls.branch += tm.exceptionReturn;
            sched.requestBreak();
            if (obs !== null) this.control(obs, 'eret', pc, next, c + 1);
            break;
          case Op.WAITI:
            this.ps = (this.ps & ~PS_INTLEVEL) | s;
            this.pc = next;
            this.instret = instret + 1;
            sched.now = c + tm.waiti;
            this.sleeping = this.takeableLevel() === 0;
            sched.requestBreak();
            return;
          case Op.SIMCALL:
            this.pc = pc;
            sched.now = c;
            this.simcall();
            if (this.halted !== null) {
              this.instret = instret + 1;
              sched.now = c + 1;
              return;
            }
            break;
          case Op.SYSCALL: this.raise(Cause.SYSCALL, 0, pc, c, instret);
          case Op.BREAK: case Op.BREAK_N:
            this.pc = pc;
            sched.now = c;
            this.instret = instret;
            if (this.debugBreak(pc, op === Op.BREAK_N)) return;
            break;
          default: // ILLEGAL, ILL.N, anything outside the configuration
            this.raise(Cause.ILLEGAL, 0, pc, c, instret);
        }
        now = c + 1;
        pc = next;
        instret++;
      }
    } catch (e) {
      if (isBusFault(e)) {
        this.pc = pc;
        this.instret = instret;
      }
      throw e;
    } finally {
      this.fetchWord = fword;
      this.readyMax = rmax;
    }
    this.pc = pc;
    sched.now = now;
    this.instret = instret;
  }
}

function hex(v: number): string {
  return (v >>> 0).toString(16);
}

export { SR_NAMES };
