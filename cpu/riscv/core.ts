/**
 * SiFive E31 core: RV32IMAC, Zicsr, Zifencei, machine + user mode, with the E31 cycle model.
 *
 * Execution: instructions are predecoded once per address into the region's `codeCache`
 * (MemRegion, codeShift 0: one Int32 per byte), the instruction at byte offset `off` as a packed
 * word in slot `off` and its immediate in slot `off + 1` (side by side for the loop's two loads):
 *   bits 0-7 op | 8-13 rd (0 is mapped to the scratch register 32) | 14-18 rs1 | 19-23 rs2 |
 *   24 32-bit instruction | 25 valid | 26 a 32-bit instruction at offset 30 of a 32-byte fetch line
 * The bus clears the slots of bytes written (codeShift 0 covers both slots of an instruction).
 * The loop (exec) is one monomorphic switch over op with locals for pc, cycle and instret; it
 * allocates nothing. Exceptions leave the loop by throwing a preallocated signal (or the bus's
 * preallocated BusFault) and are turned into traps by run(). Timing comes from timing.ts.
 * The same loop serves the profiler: with an observer attached it also reports calls, returns and
 * MRET (one null check on JAL/JALR/MRET; traps report from trap()).
 * PMP (Privileged spec §3.7): checks run only when they can fail, i.e. in U-mode, with MPRV, or
 * with a locked entry. Fetches are then checked once per stretch of addresses the same entry
 * decides (the fetch window), loads and stores at each access.
 */
import type { Cpu, CpuHost, ExecObserver, HaltInfo, StallCounters } from '../../machine/cpu.js';
import type { IrqSink } from '../../peripherals/peripheral.js';
import { isBusFault, type FetchModel, type MemRegion } from '../../peripherals/bus.js';
import { Op, ABI_NAMES } from './encodings.js';
import { decode, formatDecoded, newDecoded } from './decode.js';
import { E31, divLatency, type E31Timing } from './timing.js';
import { LOCAL_IRQ_BASE, type RiscvInterruptHost } from './irq.js';
import * as C from './csr.js';

/** pmpcfg fields (Privileged spec §3.7.1): R, W, X, A (OFF/TOR/NA4/NAPOT), L. */
const PMP_R = 1;
const PMP_W = 2;
const PMP_X = 4;
const PMP_A = 0x18;
const PMP_TOR = 0x08;
const PMP_NA4 = 0x10;
const PMP_NAPOT = 0x18;
const PMP_L = 0x80;

const F_VALID = 1 << 25;
const F_CROSS = 1 << 26;
const F_WIDE = 1 << 24;
const SCRATCH = 32;

/** Semihosting marker sequence around EBREAK (RISC-V Semihosting spec v0.2, §2). */
const SEMI_PRE = 0x01f01013; // slli x0, x0, 0x1f
const SEMI_POST = 0x40705013; // srai x0, x0, 7

/** Thrown inside exec() to raise a synchronous exception; run() turns it into a trap. */
class TrapSignal {
  cause = 0;
  tval = 0;
}

export interface E31Config {
  resetVector: number;
  hartId: number;
  marchid: number;
  mimpid: number;
  pmpEntries: number;
}

export class E31Core implements Cpu, RiscvInterruptHost {
  readonly arch = 'riscv' as const;
  /** x0..x31 plus the scratch slot 32 that writes to x0 land in. */
  readonly x = new Int32Array(33);
  pc = 0;
  priv = C.PRIV_M;
  mstatus = 0;
  mie = 0;
  mip = 0;
  mtvec = 0;
  mepc = 0;
  mcause = 0;
  mtval = 0;
  mscratch = 0;
  mcounteren = 0;
  readonly pmpcfg: Uint8Array;
  readonly pmpaddr: Int32Array;
  /** Decoded PMP ranges [pmpLo, pmpHi) in bytes (empty when the entry is off). */
  private readonly pmpLo: Float64Array;
  private readonly pmpHi: Float64Array;
  /** An active entry is locked (then M-mode accesses are checked too). */
  private pmpLockedActive = false;
  /** Instruction fetches / loads and stores go through the PMP check (U-mode, MPRV, or a locked entry). */
  private fetchPmp = false;
  private dataPmp = false;
  /**
   * Fetch window: while pc lies in [winLo, winHi) the loop needs no region or PMP check. Without
   * PMP checks it is the current region; with them, the part of it where the PMP grants X.
   */
  private winLo = 0;
  private winHi = 0;
  instret = 0;
  /** mcycle = now - cycleBase; minstret = instret - instretBase (written values shift the bases). */
  private cycleBase = 0;
  private instretBase = 0;
  sleeping = false;
  halted: HaltInfo | null = null;
  /** Reservation set by LR.W (address, or -1). */
  private reservation = -1;
  private lastTrapTarget = -1;
  private lastTrapInstret = -1;

  // ---- timing state (E31 model) ----
  readonly timing: E31Timing = E31;
  /** Cycle at which each register's pending result is available. */
  private readonly ready = new Float64Array(33);
  /**
   * Stall cycles by cause since construction (read by the profiler at each control event):
   * fetch = I-cache refills from the QSPI flash; loadUse = read-after-write interlocks (waiting for
   * a load, CSR read, multiply or divide result); branch = mispredicts and the pipeline refills of
   * traps, MRET and FENCE.I.
   */
  readonly stalls: StallCounters = { fetch: 0, loadUse: 0, branch: 0 };
  /** Upper bound of ready[] (the loop skips the interlock check when it lies in the past). */
  private readyMax = 0;
  /** Cycle until which the multiplier/divider is busy. */
  private mdBusy = 0;
  private readonly bht: Uint8Array;
  private readonly btbTag: Float64Array;
  private readonly btbTarget: Float64Array;
  private readonly ras: Float64Array;
  private rasTop = 0;
  /** Last instruction-cache line fetched (address >>> 5), -1 after a redirect to a new region. */
  private fetchLine = -1;

  // ---- current fetch region ----
  private region: MemRegion | null = null;
  private rBase = 0;
  private rSize = 0;
  private rCode: Int32Array = new Int32Array(0);
  private rU16: Uint16Array = new Uint16Array(0);
  private rFetch: FetchModel | null = null;

  private external: IrqSink | null = null;
  private timeSource: (() => number) | null = null;
  /**
   * The profiler, in a one-slot array: a plain field that stays null would be embedded as a
   * constant in the optimised loop, and attaching a profiler would then throw that code away.
   */
  private readonly observerSlot: Array<ExecObserver | null> = [null];
  private readonly trapSignal = new TrapSignal();
  private readonly scratchDecoded = newDecoded();
  readonly cfg: E31Config;

  constructor(private readonly host: CpuHost) {
    const cc = host.board.cpuConfig ?? {};
    const num = (k: string, d: number) => (typeof cc[k] === 'number' ? (cc[k] as number) : d);
    this.cfg = {
      resetVector: num('resetVector', 0x2001_0000),
      hartId: num('hartId', 0),
      marchid: num('marchid', 0),
      mimpid: num('mimpid', 0),
      pmpEntries: num('pmpEntries', 8),
    };
    this.pmpcfg = new Uint8Array(this.cfg.pmpEntries);
    this.pmpaddr = new Int32Array(this.cfg.pmpEntries);
    this.pmpLo = new Float64Array(this.cfg.pmpEntries);
    this.pmpHi = new Float64Array(this.cfg.pmpEntries);
    const t = this.timing;
    this.bht = new Uint8Array(t.bhtEntries);
    this.btbTag = new Float64Array(t.btbEntries);
    this.btbTarget = new Float64Array(t.btbEntries);
    this.ras = new Float64Array(t.rasEntries);
  }

  get instructions(): number {
    return this.instret;
  }

  // ---- interrupt wiring (irq.ts) -----------------------------------------------------------
  attachExternalController(c: IrqSink): void {
    this.external = c;
  }
  attachTimeSource(f: () => number): void {
    this.timeSource = f;
  }

  setIrq(line: number, level: boolean): void {
    if (line >= LOCAL_IRQ_BASE) {
      const bit = 1 << (line - LOCAL_IRQ_BASE);
      const before = this.mip;
      this.mip = level ? this.mip | bit : this.mip & ~bit;
      if (this.mip !== before && (this.mip & this.mie) !== 0) {
        this.sleeping = false;
        this.host.sched.requestBreak();
      }
      return;
    }
    if (this.external === null) throw new Error(`interrupt line ${line} raised but no PLIC is attached to the E31 core`);
    this.external.setIrq(line, level);
  }

  // ---- reset / state --------------------------------------------------------------------------
  reset(): void {
    this.x.fill(0);
    this.priv = C.PRIV_M;
    this.mstatus = 0;
    this.mie = 0;
    this.mip &= C.MIP_MEIP | C.MIP_MTIP | C.MIP_MSIP; // levels driven by the controllers stay
    this.mtvec = 0;
    this.mepc = this.mcause = this.mtval = this.mscratch = this.mcounteren = 0;
    this.pmpcfg.fill(0);
    this.pmpaddr.fill(0);
    this.instret = 0;
    this.cycleBase = this.host.sched.now;
    this.instretBase = 0;
    this.sleeping = false;
    this.halted = null;
    this.reservation = -1;
    this.ready.fill(0);
    this.readyMax = 0;
    this.mdBusy = 0;
    this.bht.fill(1);
    this.btbTag.fill(-1);
    this.ras.fill(-1);
    this.rasTop = 0;
    this.fetchLine = -1;
    this.region = null;
    this.rSize = 0;
    this.pmpUpdate();
    this.pc = this.resetPc();
  }

  /**
   * The HiFive1 Rev B boot loader jumps to 0x20010000. When the loaded image puts something there,
   * start there (as the board does); otherwise (an image linked elsewhere, e.g. for DTIM) start
   * at the ELF entry point.
   */
  private resetPc(): number {
    const rv = this.cfg.resetVector >>> 0;
    const img = this.host.image;
    if (!img) return rv;
    const covers = img.segments.some((s) => s.data.length > 0 && rv >= s.paddr && rv < s.paddr + s.data.length);
    return covers ? rv : img.entry >>> 0;
  }

  /** Integer argument register n (a0..a7), read while a 'call' event is delivered. */
  callArg(n: number): number {
    return n >= 0 && n < 8 ? this.x[10 + n] : 0;
  }

  setObserver(obs: ExecObserver | null): void {
    this.observerSlot[0] = obs;
  }

  registers(): Record<string, number> {
    const r: Record<string, number> = {};
    for (let i = 0; i < 32; i++) r[ABI_NAMES[i]] = this.x[i] >>> 0;
    r.pc = this.pc >>> 0;
    r.mstatus = this.mstatus >>> 0;
    r.mcause = this.mcause >>> 0;
    r.mepc = this.mepc >>> 0;
    r.mtval = this.mtval >>> 0;
    r.mtvec = this.mtvec >>> 0;
    r.mie = this.mie >>> 0;
    r.mip = this.mip >>> 0;
    r.priv = this.priv;
    return r;
  }

  registerDump(): string {
    const h = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
    const lines: string[] = [];
    for (let i = 0; i < 32; i += 4) {
      lines.push('  ' + [0, 1, 2, 3].map((j) => `${ABI_NAMES[i + j].padStart(4)}=${h(this.x[i + j])}`).join(' '));
    }
    lines.push(`    pc=${h(this.pc)} mstatus=${h(this.mstatus)} mcause=${h(this.mcause)} mepc=${h(this.mepc)} mtval=${h(this.mtval)} mtvec=${h(this.mtvec)} priv=${this.priv === 3 ? 'M' : 'U'}`);
    return lines.join('\n');
  }

  disassemble(addr: number): string {
    const bus = this.host.bus;
    const lo = bus.peek8(addr);
    const lo2 = bus.peek8(addr + 1);
    if (lo === null || lo2 === null) return '<unmapped>';
    let w = lo | (lo2 << 8);
    if ((w & 3) === 3) {
      const hi = bus.peek8(addr + 2);
      const hi2 = bus.peek8(addr + 3);
      if (hi === null || hi2 === null) return '<truncated 32-bit instruction>';
      w |= (hi << 16) | (hi2 << 24);
    }
    decode(w, this.scratchDecoded);
    return formatDecoded(this.scratchDecoded, addr >>> 0, w);
  }

  // ---- fetch region and predecode -------------------------------------------------------------
  private selectRegion(pc: number): void {
    const r = this.host.bus.fetchRegion(pc, 2);
    if (r.codeCache === null || r.codeShift !== 0) {
      r.codeCache = new Int32Array(r.size + 2);
      r.codeShift = 0;
    }
    this.region = r;
    this.rBase = r.base;
    this.rSize = r.size;
    this.rCode = r.codeCache;
    this.rU16 = r.u16;
    this.rFetch = r.fetchModel;
    if (r.fetchModel !== null && r.fetchModel.fetchBytes !== 32) {
      throw new Error(`E31 core: the fetch model in front of ${r.name} delivers ${r.fetchModel.fetchBytes}-byte lines; the core's fetch loop assumes the E31's 32-byte I-cache lines`);
    }
    this.fetchLine = -1;
    this.winLo = r.base;
    this.winHi = r.base + r.size;
  }

  /** Decodes the instruction at region offset `off` into the cache; returns the packed word. */
  private predecode(off: number): number {
    const u16 = this.rU16;
    let w = u16[off >> 1];
    if ((w & 3) === 3) {
      if (off + 4 > this.rSize) this.host.bus.raise(this.rBase + off + 2, 2, 'fetch', `32-bit instruction crosses the end of ${this.region!.name}`);
      w |= u16[(off >> 1) + 1] << 16;
    }
    const d = decode(w, this.scratchDecoded);
    const rd = d.rd === 0 ? SCRATCH : d.rd;
    let packed = d.op | (rd << 8) | (d.rs1 << 14) | (d.rs2 << 19) | (d.size === 4 ? F_WIDE : 0) | F_VALID;
    if (d.size === 4 && ((this.rBase + off) & 31) === 30) packed |= F_CROSS;
    let imm = d.imm;
    // Illegal instructions keep their encoding in the immediate (for mtval).
    if (d.op === Op.ILLEGAL) imm = d.size === 4 ? w : w & 0xffff;
    this.rCode[off] = packed;
    this.rCode[off + 1] = imm;
    return packed;
  }

  // ---- run ------------------------------------------------------------------------------------
  run(): void {
    const sched = this.host.sched;
    while (this.halted === null && !this.sleeping && sched.now < sched.limit) {
      if ((this.mip & this.mie) !== 0 && (this.priv < C.PRIV_M || (this.mstatus & C.MSTATUS_MIE) !== 0)) {
        this.takeInterrupt();
        continue;
      }
      try {
        this.exec();
        return;
      } catch (e) {
        if (e === this.trapSignal) this.trap(this.trapSignal.cause, this.trapSignal.tval);
        else if (isBusFault(e)) this.accessFault(e.kind, e.addr);
        else throw e;
      }
    }
  }

  private accessFault(kind: string, addr: number): void {
    if (kind === 'fetch') {
      this.trap(C.CAUSE_FETCH_ACCESS, addr);
      return;
    }
    // Which instruction faulted decides load vs store/AMO (AMO reads report store/AMO faults).
    const op = this.opAt(this.pc);
    const isLoad = op === Op.LB || op === Op.LH || op === Op.LW || op === Op.LBU || op === Op.LHU || op === Op.LR_W;
    this.trap(isLoad ? C.CAUSE_LOAD_ACCESS : C.CAUSE_STORE_ACCESS, addr);
  }

  private opAt(pc: number): number {
    const r = this.region;
    if (r === null || pc < r.base || pc >= r.end) return Op.ILLEGAL;
    const w = this.rCode[pc - r.base];
    return w === 0 ? Op.ILLEGAL : w & 0xff;
  }

  private takeInterrupt(): void {
    const p = this.mip & this.mie;
    // Priority order MEI > MSI > MTI (Privileged spec §3.1.9).
    const n = p & C.MIP_MEIP ? 11 : p & C.MIP_MSIP ? 3 : 7;
    this.trap((0x80000000 | n) | 0, 0);
  }

  /** Enters the trap handler (exceptions and interrupts); halts when the vector is unusable. */
  trap(cause: number, tval: number): void {
    const sched = this.host.sched;
    const interrupt = cause < 0;
    const code = cause & 0x7fffffff;
    const pc = this.pc >>> 0;
    const base = this.mtvec & ~3;
    const target = ((this.mtvec & 3) === 1 && interrupt ? base + 4 * code : base) >>> 0;
    const what = interrupt ? `interrupt ${code}` : `${C.CAUSE_NAMES[code] ?? 'exception ' + code}`;
    const detail = !interrupt && code !== C.CAUSE_ILLEGAL && code !== C.CAUSE_ECALL_M && code !== C.CAUSE_ECALL_U ? ` (mtval=0x${(tval >>> 0).toString(16)})` : '';
    if (!interrupt && pc === this.lastTrapTarget && this.instret === this.lastTrapInstret) {
      this.halted = { kind: 'fault', code: 0, message: `unhandled trap: ${what}${detail} at the trap vector 0x${pc.toString(16)} itself (mtvec=0x${(this.mtvec >>> 0).toString(16)})` };
      return;
    }
    const r = this.host.bus.regionAt(target);
    if (r === null || !r.executable) {
      this.halted = {
        kind: 'fault',
        code: 0,
        message: `unhandled trap: ${what}${detail} at pc=0x${pc.toString(16)}; mtvec=0x${(this.mtvec >>> 0).toString(16)} points at ${r === null ? 'unmapped memory' : 'non-executable memory'}`,
      };
      return;
    }
    this.mepc = pc | 0;
    this.mcause = cause;
    this.mtval = tval | 0;
    const mie = (this.mstatus & C.MSTATUS_MIE) !== 0;
    this.mstatus = (this.mstatus & ~(C.MSTATUS_MIE | C.MSTATUS_MPIE | C.MSTATUS_MPP)) | (mie ? C.MSTATUS_MPIE : 0) | (this.priv << C.MSTATUS_MPP_SHIFT);
    this.priv = C.PRIV_M;
    this.reservation = -1;
    this.pmpModeChanged();
    this.pc = target;
    this.lastTrapTarget = target;
    this.lastTrapInstret = this.instret;
    sched.now += this.timing.trapRedirect;
    this.stalls.branch += this.timing.trapRedirect;
    const obs = this.observerSlot[0];
    if (obs !== null) obs.onControl('exc', pc, target, sched.now);
  }

  private raise(cause: number, tval: number): never {
    const s = this.trapSignal;
    s.cause = cause;
    s.tval = tval;
    throw s;
  }

  /**
   * Profiler hook for JAL, JALR and MRET, called only with an observer attached (few call sites
   * that plain runs never reach: each costs the optimised loop one deopt when profiling starts).
   * Reports calls (rd = ra), returns
   * (JALR x0, 0(ra)) and MRET, with the state (pc, time) after the instruction.
   */
  private control(obs: ExecObserver, op: number, from: number, to: number, rd: number, rs1: number, imm: number, now: number): void {
    let kind: 'call' | 'ret' | 'eret';
    if (op === Op.MRET) kind = 'eret';
    else if (rd === 1) kind = 'call';
    else if (op === Op.JALR && rd === SCRATCH && rs1 === 1 && imm === 0) kind = 'ret';
    else return;
    this.pc = to;
    this.host.sched.now = now;
    obs.onControl(kind, from, to, now);
  }

  /**
   * The interpreter loop. With an observer attached (profiler) the same loop runs and reports
   * calls (JAL/JALR with rd = ra), returns (JALR x0, 0(ra)) and MRET; traps report themselves.
   */
  private exec(): void {
    const host = this.host;
    const obs = this.observerSlot[0];
    const sched = host.sched;
    const bus = host.bus;
    const x = this.x;
    const ready = this.ready;
    const lat = this.timing.resultLatency;
    let pc = this.pc >>> 0;
    let now = sched.now;
    let instret = this.instret;
    const dpmp = this.dataPmp;
    if (this.region === null || pc - this.rBase >= this.rSize || pc < this.rBase) this.selectRegion(pc);
    if (this.fetchPmp) this.winLo = this.winHi = 0;
    let wLo = this.winLo;
    let wHi = this.winHi;
    let rBase = this.rBase;
    let rSize = this.rSize;
    let code = this.rCode;
    let fm = this.rFetch;
    let fline = this.fetchLine;
    let rmax = this.readyMax;
    try {
      while (now < sched.limit) {
        if (pc < wLo || pc >= wHi) {
          // Left the fetch window: another region, or a PMP boundary.
          this.pc = pc;
          if (pc < rBase || pc - rBase >= rSize) {
            this.selectRegion(pc);
            rBase = this.rBase;
            rSize = this.rSize;
            code = this.rCode;
            fm = this.rFetch;
            fline = -1;
          }
          if (this.fetchPmp) this.pmpFetch(pc);
          else {
            this.winLo = rBase;
            this.winHi = rBase + rSize;
          }
          wLo = this.winLo;
          wHi = this.winHi;
        }
        const off = pc - rBase;
        let w = code[off];
        if (w === 0) {
          this.pc = pc;
          w = this.predecode(off);
        }
        const imm = code[off + 1];
        const rd = (w >>> 8) & 63;
        const rs1 = (w >>> 14) & 31;
        const rs2 = (w >>> 19) & 31;
        const len = (w & F_WIDE) !== 0 ? 4 : 2;
        // Issue cycle: operands ready (RAW interlock) and instruction fetched (I-cache).
        let t = now;
        if (fm !== null) {
          const l0 = pc >>> 5;
          if (l0 !== fline) {
            const f = fm.fetch(pc);
            if (f !== 0) {
              t += f;
              this.stalls.fetch += f;
            }
            fline = l0;
          }
          // Only a 32-bit instruction at offset 30 of a line spills into the next one.
          if ((w & F_CROSS) !== 0) {
            const f = fm.fetch(pc + 2);
            if (f !== 0) {
              t += f;
              this.stalls.fetch += f;
            }
            fline = l0 + 1;
          }
        }
        if (rmax > t) {
          // Some result is still in flight (rmax bounds every ready[]): read-after-write interlock.
          const t0 = t;
          const r1 = ready[rs1];
          if (r1 > t) t = r1;
          const r2 = ready[rs2];
          if (r2 > t) t = r2;
          if (t !== t0) this.stalls.loadUse += t - t0;
        }
        const op = w & 0xff;
        let next = pc + len;
        switch (op) {
          case Op.ADDI:
            x[rd] = x[rs1] + imm;
            break;
          case Op.ADD:
            x[rd] = x[rs1] + x[rs2];
            break;
          case Op.LW: {
            const a = (x[rs1] + imm) | 0;
            if ((a & 3) !== 0) this.raise(C.CAUSE_MISALIGNED_LOAD, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 4, PMP_R);
            const v = bus.read32(a);
            x[rd] = v;
            ready[rd] = t + 2;
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              ready[rd] += bus.stall;
              if (ready[rd] > rmax) rmax = ready[rd];
              bus.stall = 0;
            }
            break;
          }
          case Op.SW: {
            const a = (x[rs1] + imm) | 0;
            if ((a & 3) !== 0) this.raise(C.CAUSE_MISALIGNED_STORE, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 4, PMP_W);
            bus.write32(a, x[rs2]);
            if (bus.stall !== 0) {
              t += bus.stall;
              bus.stall = 0;
            }
            break;
          }
          case Op.BEQ:
            t += this.branch(pc, x[rs1] === x[rs2], imm);
            if (x[rs1] === x[rs2]) next = (pc + imm) >>> 0;
            break;
          case Op.BNE:
            t += this.branch(pc, x[rs1] !== x[rs2], imm);
            if (x[rs1] !== x[rs2]) next = (pc + imm) >>> 0;
            break;
          case Op.BLT:
            t += this.branch(pc, x[rs1] < x[rs2], imm);
            if (x[rs1] < x[rs2]) next = (pc + imm) >>> 0;
            break;
          case Op.BGE:
            t += this.branch(pc, x[rs1] >= x[rs2], imm);
            if (x[rs1] >= x[rs2]) next = (pc + imm) >>> 0;
            break;
          case Op.BLTU:
            t += this.branch(pc, x[rs1] >>> 0 < x[rs2] >>> 0, imm);
            if (x[rs1] >>> 0 < x[rs2] >>> 0) next = (pc + imm) >>> 0;
            break;
          case Op.BGEU:
            t += this.branch(pc, x[rs1] >>> 0 >= x[rs2] >>> 0, imm);
            if (x[rs1] >>> 0 >= x[rs2] >>> 0) next = (pc + imm) >>> 0;
            break;
          case Op.LUI:
            x[rd] = imm;
            break;
          case Op.AUIPC:
            x[rd] = pc + imm;
            break;
          case Op.JAL:
          case Op.JALR:
            // One case for both jumps: a single profiler call site (see control()).
            next = (op === Op.JAL ? pc + imm : (x[rs1] + imm) & ~1) >>> 0;
            t += this.jump(pc, next, rd, op === Op.JAL ? 0 : rs1, pc + len);
            x[rd] = pc + len;
            if (obs !== null) this.control(obs, op, pc, next, rd, rs1, imm, t + 1);
            break;
          case Op.LB: {
            const a = (x[rs1] + imm) | 0;
            sched.now = t;
            if (dpmp) this.pmpData(a, 1, PMP_R);
            x[rd] = (bus.read8(a) << 24) >> 24;
            ready[rd] = t + 3;
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              ready[rd] += bus.stall;
              if (ready[rd] > rmax) rmax = ready[rd];
              bus.stall = 0;
            }
            break;
          }
          case Op.LBU: {
            const a = (x[rs1] + imm) | 0;
            sched.now = t;
            if (dpmp) this.pmpData(a, 1, PMP_R);
            x[rd] = bus.read8(a);
            ready[rd] = t + 3;
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              ready[rd] += bus.stall;
              if (ready[rd] > rmax) rmax = ready[rd];
              bus.stall = 0;
            }
            break;
          }
          case Op.LH: {
            const a = (x[rs1] + imm) | 0;
            if ((a & 1) !== 0) this.raise(C.CAUSE_MISALIGNED_LOAD, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 2, PMP_R);
            x[rd] = (bus.read16(a) << 16) >> 16;
            ready[rd] = t + 3;
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              ready[rd] += bus.stall;
              if (ready[rd] > rmax) rmax = ready[rd];
              bus.stall = 0;
            }
            break;
          }
          case Op.LHU: {
            const a = (x[rs1] + imm) | 0;
            if ((a & 1) !== 0) this.raise(C.CAUSE_MISALIGNED_LOAD, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 2, PMP_R);
            x[rd] = bus.read16(a);
            ready[rd] = t + 3;
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              ready[rd] += bus.stall;
              if (ready[rd] > rmax) rmax = ready[rd];
              bus.stall = 0;
            }
            break;
          }
          case Op.SB: {
            const a = (x[rs1] + imm) | 0;
            sched.now = t;
            if (dpmp) this.pmpData(a, 1, PMP_W);
            bus.write8(a, x[rs2] & 0xff);
            if (bus.stall !== 0) {
              t += bus.stall;
              bus.stall = 0;
            }
            break;
          }
          case Op.SH: {
            const a = (x[rs1] + imm) | 0;
            if ((a & 1) !== 0) this.raise(C.CAUSE_MISALIGNED_STORE, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 2, PMP_W);
            bus.write16(a, x[rs2] & 0xffff);
            if (bus.stall !== 0) {
              t += bus.stall;
              bus.stall = 0;
            }
            break;
          }
          case Op.SLTI:
            x[rd] = x[rs1] < imm ? 1 : 0;
            break;
          case Op.SLTIU:
            x[rd] = x[rs1] >>> 0 < imm >>> 0 ? 1 : 0;
            break;
          case Op.XORI:
            x[rd] = x[rs1] ^ imm;
            break;
          case Op.ORI:
            x[rd] = x[rs1] | imm;
            break;
          case Op.ANDI:
            x[rd] = x[rs1] & imm;
            break;
          case Op.SLLI:
            x[rd] = x[rs1] << imm;
            break;
          case Op.SRLI:
            x[rd] = x[rs1] >>> imm;
            break;
          case Op.SRAI:
            x[rd] = x[rs1] >> imm;
            break;
          case Op.SUB:
            x[rd] = x[rs1] - x[rs2];
            break;
          case Op.SLL:
            x[rd] = x[rs1] << (x[rs2] & 31);
            break;
          case Op.SLT:
            x[rd] = x[rs1] < x[rs2] ? 1 : 0;
            break;
          case Op.SLTU:
            x[rd] = x[rs1] >>> 0 < x[rs2] >>> 0 ? 1 : 0;
            break;
          case Op.XOR:
            x[rd] = x[rs1] ^ x[rs2];
            break;
          case Op.SRL:
            x[rd] = x[rs1] >>> (x[rs2] & 31);
            break;
          case Op.SRA:
            x[rd] = x[rs1] >> (x[rs2] & 31);
            break;
          case Op.OR:
            x[rd] = x[rs1] | x[rs2];
            break;
          case Op.AND:
            x[rd] = x[rs1] & x[rs2];
            break;
          case Op.MUL:
          case Op.MULH:
          case Op.MULHSU:
          case Op.MULHU: {
            if (this.mdBusy > t) t = this.mdBusy;
            x[rd] = mulOp(op, x[rs1], x[rs2]);
            ready[rd] = t + lat[op];
            if (ready[rd] > rmax) rmax = ready[rd];
            this.mdBusy = t + lat[op] - 1;
            break;
          }
          case Op.DIV:
          case Op.DIVU:
          case Op.REM:
          case Op.REMU: {
            if (this.mdBusy > t) t = this.mdBusy;
            const a = x[rs1];
            const b = x[rs2];
            const l = divLatency(a, b, op === Op.DIV || op === Op.REM);
            x[rd] = divOp(op, a, b);
            ready[rd] = t + l;
            if (ready[rd] > rmax) rmax = ready[rd];
            this.mdBusy = t + l - 1;
            break;
          }
          case Op.FENCE:
            break;
          case Op.FENCE_I:
            // The predecode cache is kept coherent by the bus; the refetch costs a redirect.
            t += this.timing.mispredictPenalty;
            this.stalls.branch += this.timing.mispredictPenalty;
            fline = -1;
            break;
          case Op.CSRRW:
          case Op.CSRRS:
          case Op.CSRRC:
          case Op.CSRRWI:
          case Op.CSRRSI:
          case Op.CSRRCI: {
            sched.now = t;
            this.instret = instret;
            this.pc = pc;
            this.csrOp(op, rd, rs1, imm);
            ready[rd] = t + 3;
            if (ready[rd] > rmax) rmax = ready[rd];
            // A CSR write may enable a pending interrupt: end the slice after this instruction.
            break;
          }
          case Op.ECALL:
            this.raise(this.priv === C.PRIV_M ? C.CAUSE_ECALL_M : C.CAUSE_ECALL_U, 0);
            break;
          case Op.EBREAK:
            if (len === 4 && this.isSemihostingCall(pc)) {
              sched.now = t;
              x[10] = host.semihost(x[10], x[11]);
              break;
            }
            this.raise(C.CAUSE_BREAKPOINT, pc);
            break;
          case Op.MRET:
            if (this.priv !== C.PRIV_M) this.raise(C.CAUSE_ILLEGAL, this.instructionBits(pc));
            next = this.mepc >>> 0;
            this.mret();
            t += this.timing.trapRedirect;
            this.stalls.branch += this.timing.trapRedirect;
            sched.requestBreak();
            if (obs !== null) this.control(obs, op, pc, next, rd, rs1, imm, t + 1);
            break;
          case Op.WFI:
            // mstatus.TW: WFI below M-mode is illegal (its time limit is zero).
            if (this.priv !== C.PRIV_M && (this.mstatus & C.MSTATUS_TW) !== 0) this.raise(C.CAUSE_ILLEGAL, this.instructionBits(pc));
            if ((this.mip & this.mie) === 0) {
              this.sleeping = true;
              sched.requestBreak();
            }
            break;
          case Op.LR_W: {
            const a = (x[rs1]) | 0;
            if ((a & 3) !== 0) this.raise(C.CAUSE_MISALIGNED_LOAD, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 4, PMP_R);
            x[rd] = bus.read32(a);
            this.reservation = a;
            ready[rd] = t + lat[op];
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              bus.stall = 0;
            }
            break;
          }
          case Op.SC_W: {
            const a = (x[rs1]) | 0;
            if ((a & 3) !== 0) this.raise(C.CAUSE_MISALIGNED_STORE, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 4, PMP_W);
            if (this.reservation === a) {
              bus.write32(a, x[rs2]);
              x[rd] = 0;
            } else x[rd] = 1;
            this.reservation = -1;
            ready[rd] = t + lat[op];
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              bus.stall = 0;
            }
            break;
          }
          case Op.AMOSWAP_W:
          case Op.AMOADD_W:
          case Op.AMOXOR_W:
          case Op.AMOAND_W:
          case Op.AMOOR_W:
          case Op.AMOMIN_W:
          case Op.AMOMAX_W:
          case Op.AMOMINU_W:
          case Op.AMOMAXU_W: {
            const a = (x[rs1]) | 0;
            if ((a & 3) !== 0) this.raise(C.CAUSE_MISALIGNED_STORE, a);
            sched.now = t;
            if (dpmp) this.pmpData(a, 4, PMP_R | PMP_W);
            const old = bus.read32(a);
            bus.write32(a, amoOp(op, old, x[rs2]));
            x[rd] = old;
            ready[rd] = t + lat[op];
            if (ready[rd] > rmax) rmax = ready[rd];
            if (bus.stall !== 0) {
              t += bus.stall;
              bus.stall = 0;
            }
            break;
          }
          default:
            // Op.ILLEGAL: imm holds the instruction bits.
            this.raise(C.CAUSE_ILLEGAL, imm);
        }
        now = t + 1;
        instret++;
        pc = next;
      }
    } catch (e) {
      this.pc = pc;
      if (now > sched.now) sched.now = now;
      this.instret = instret;
      this.fetchLine = fline;
      this.readyMax = rmax;
      throw e;
    }
    this.pc = pc;
    sched.now = now;
    this.instret = instret;
    this.fetchLine = fline;
    this.readyMax = rmax;
  }

  private isSemihostingCall(pc: number): boolean {
    const bus = this.host.bus;
    return bus.peek32(pc - 4) === SEMI_PRE && bus.peek32(pc + 4) === SEMI_POST;
  }

  private mret(): void {
    const s = this.mstatus;
    const mpp = (s & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT;
    this.priv = mpp === C.PRIV_M ? C.PRIV_M : C.PRIV_U;
    // MIE <- MPIE, MPIE <- 1, MPP <- U (least-privileged supported mode).
    this.mstatus = (s & ~(C.MSTATUS_MIE | C.MSTATUS_MPP)) | (s & C.MSTATUS_MPIE ? C.MSTATUS_MIE : 0) | C.MSTATUS_MPIE;
    this.reservation = -1;
    this.pmpModeChanged();
  }

  // ---- branch prediction (timing.ts: BTB, BHT, RAS; 3-cycle mispredict) ----------------------
  /**
   * Conditional branch: predicted taken when its BHT counter (2-bit, indexed by pc) says taken and
   * the BTB holds its target; the fetch unit otherwise continues sequentially. A wrong prediction
   * costs the mispredict penalty. BTB: direct-mapped over its 40 entries (simplification of the
   * manual's unspecified organisation), filled by taken control transfers.
   */
  private branch(pc: number, taken: boolean, imm: number): number {
    const t = this.timing;
    const bi = (pc >>> 1) & (t.bhtEntries - 1);
    const c = this.bht[bi];
    const ti = (pc >>> 1) % t.btbEntries;
    const target = (pc + imm) >>> 0;
    const btbHit = this.btbTag[ti] === pc && this.btbTarget[ti] === target;
    const predicted = c >= 2 && btbHit;
    if (taken) {
      if (c < 3) this.bht[bi] = c + 1;
      this.btbTag[ti] = pc;
      this.btbTarget[ti] = target;
    } else if (c > 0) this.bht[bi] = c - 1;
    if (predicted === taken) return 0;
    this.stalls.branch += t.mispredictPenalty;
    return t.mispredictPenalty;
  }

  /**
   * JAL/JALR: returns (jalr x0, 0(ra)... any jalr with rd=x0 and rs1=ra) are predicted by the RAS;
   * other jumps by the BTB. Calls (rd = ra) push the return address.
   */
  private jump(pc: number, target: number, rd: number, rs1: number, link: number): number {
    const t = this.timing;
    let penalty = 0;
    if (rd === SCRATCH && rs1 === 1) {
      const top = (this.rasTop + t.rasEntries - 1) % t.rasEntries;
      penalty = this.ras[top] === target ? 0 : t.mispredictPenalty;
      this.ras[top] = -1;
      this.rasTop = top;
    } else {
      const ti = (pc >>> 1) % t.btbEntries;
      penalty = this.btbTag[ti] === pc && this.btbTarget[ti] === target ? 0 : t.mispredictPenalty;
      this.btbTag[ti] = pc;
      this.btbTarget[ti] = target;
    }
    if (penalty !== 0) this.stalls.branch += penalty;
    if (rd === 1) {
      this.ras[this.rasTop] = link >>> 0;
      this.rasTop = (this.rasTop + 1) % t.rasEntries;
    }
    return penalty;
  }

  // ---- PMP (RISC-V Privileged Architecture 20211203, §3.7) --------------------------------------
  /**
   * Recomputes the entries' byte ranges after a pmpcfg/pmpaddr write (and at reset). pmpaddr holds
   * address bits 33:2; this core's physical addresses are 32 bits wide, so bits 31:30 of pmpaddr
   * are not implemented (as QEMU's 16-entry PMP keeps them, readbacks of 0xffffffff differ).
   * Granularity is 4 bytes (G = 0), so NA4 is available.
   */
  private pmpUpdate(): void {
    let locked = false;
    for (let i = 0; i < this.pmpcfg.length; i++) {
      const cfg = this.pmpcfg[i];
      const a = this.pmpaddr[i] >>> 0;
      let lo = 0;
      let hi = 0;
      switch (cfg & PMP_A) {
        case PMP_TOR:
          lo = i === 0 ? 0 : (this.pmpaddr[i - 1] >>> 0) * 4;
          hi = a * 4;
          break;
        case PMP_NA4:
          lo = a * 4;
          hi = lo + 4;
          break;
        case PMP_NAPOT: {
          // Trailing ones t encode a 2^(t+3)-byte region aligned to its size.
          let t = 0;
          while (t < 32 && ((a >>> t) & 1) === 1) t++;
          const size = 2 ** (t + 3);
          lo = Math.floor((a * 4) / size) * size;
          hi = lo + size;
          break;
        }
      }
      if (hi <= lo) lo = hi = 0;
      this.pmpLo[i] = lo;
      this.pmpHi[i] = hi;
      if ((cfg & PMP_A) !== 0 && (cfg & PMP_L) !== 0) locked = true;
    }
    this.pmpLockedActive = locked;
    this.pmpModeChanged();
  }

  /**
   * Recomputes which accesses need checks after a privilege, MPRV/MPP or PMP change. Returns
   * true when a running loop must reload its view (checks on, or switched off).
   */
  private pmpModeChanged(): boolean {
    const s = this.mstatus;
    const dataPriv = this.priv === C.PRIV_M && (s & C.MSTATUS_MPRV) !== 0 ? (s & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT : this.priv;
    const f = this.priv !== C.PRIV_M || this.pmpLockedActive;
    const d = dataPriv !== C.PRIV_M || this.pmpLockedActive;
    const changed = f !== this.fetchPmp || d !== this.dataPmp || f || d;
    this.fetchPmp = f;
    this.dataPmp = d;
    if (f) this.winLo = this.winHi = 0;
    else if (this.region !== null) {
      this.winLo = this.rBase;
      this.winHi = this.rBase + this.rSize;
    }
    return changed;
  }

  /**
   * Whether an access of `size` bytes at `addr` with permission `perm` (PMP_R/W/X bits) is allowed
   * at privilege `priv`: the lowest-numbered entry matching any byte decides; it must cover all
   * bytes. M-mode is checked only against locked entries and passes when none matches; U-mode fails
   * when none matches (entries are implemented).
   */
  pmpAllows(addr: number, size: number, perm: number, priv: number): boolean {
    addr >>>= 0;
    const end = addr + size;
    for (let i = 0; i < this.pmpcfg.length; i++) {
      const lo = this.pmpLo[i];
      const hi = this.pmpHi[i];
      if (end <= lo || addr >= hi) continue;
      if (addr < lo || end > hi) return false;
      const cfg = this.pmpcfg[i];
      if (priv === C.PRIV_M && (cfg & PMP_L) === 0) return true;
      return (cfg & perm) === perm;
    }
    return priv === C.PRIV_M;
  }

  /** Load/store check (dataPmp set): raises the access fault with mtval = the address. */
  private pmpData(addr: number, size: number, perm: number): void {
    const s = this.mstatus;
    const priv = this.priv === C.PRIV_M && (s & C.MSTATUS_MPRV) !== 0 ? (s & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT : this.priv;
    if (!this.pmpAllows(addr, size, perm, priv)) this.raise(perm === PMP_R ? C.CAUSE_LOAD_ACCESS : C.CAUSE_STORE_ACCESS, addr);
  }

  /**
   * Fetch check at `pc` (fetchPmp set, pc inside the current region): raises the instruction access
   * fault, else sets the fetch window to the stretch around pc decided by the same entry.
   */
  private pmpFetch(pc: number): void {
    const off = pc - this.rBase;
    const len = (this.rU16[off >> 1] & 3) === 3 ? 4 : 2;
    const priv = this.priv;
    if (!this.pmpAllows(pc, 2, PMP_X, priv)) this.raise(C.CAUSE_FETCH_ACCESS, pc);
    if (len === 4 && !this.pmpAllows(pc + 2, 2, PMP_X, priv)) this.raise(C.CAUSE_FETCH_ACCESS, pc + 2);
    // Window: within the deciding entry (or, without one, between entries), clipped by the
    // higher-priority entries around pc; 2 bytes short of its end so that a 32-bit instruction
    // at the edge takes this check again.
    let lo = 0;
    let hi = 4294967296;
    for (let i = 0; i < this.pmpcfg.length; i++) {
      const elo = this.pmpLo[i];
      const ehi = this.pmpHi[i];
      if (ehi <= elo) continue;
      if (pc >= elo && pc < ehi) {
        if (elo > lo) lo = elo;
        if (ehi < hi) hi = ehi;
        break;
      }
      if (ehi <= pc) {
        if (ehi > lo) lo = ehi;
      } else if (elo < hi) hi = elo;
    }
    const rEnd = this.rBase + this.rSize;
    this.winLo = lo > this.rBase ? lo : this.rBase;
    this.winHi = hi - 2 < rEnd ? hi - 2 : rEnd;
  }

  // ---- CSRs -----------------------------------------------------------------------------------
  private csrOp(op: number, rd: number, rs1: number, csr: number): void {
    const uimm = op === Op.CSRRWI || op === Op.CSRRSI || op === Op.CSRRCI;
    const src = uimm ? rs1 : this.x[rs1];
    const kind = op === Op.CSRRW || op === Op.CSRRWI ? 0 : op === Op.CSRRS || op === Op.CSRRSI ? 1 : 2;
    const writes = kind === 0 || rs1 !== 0;
    const reads = kind !== 0 || rd !== SCRATCH;
    const illegal = () => this.raise(C.CAUSE_ILLEGAL, this.instructionBits(this.pc));
    // Privilege: bits 9:8 give the lowest privilege allowed; 11:10 = 3 means read-only.
    if (((csr >>> 8) & 3) > this.priv) illegal();
    if (writes && (csr >>> 10) === 3) illegal();
    const old = this.csrRead(csr);
    if (old === null) illegal();
    if (writes) {
      const v = kind === 0 ? src : kind === 1 ? old! | src : old! & ~src;
      this.csrWrite(csr, v | 0);
    }
    if (reads) this.x[rd] = old!;
  }

  private instructionBits(pc: number): number {
    const b = this.host.bus;
    const lo = b.peek8(pc) ?? 0;
    const w = lo | ((b.peek8(pc + 1) ?? 0) << 8);
    if ((w & 3) !== 3) return w;
    return (w | ((b.peek8(pc + 2) ?? 0) << 16) | ((b.peek8(pc + 3) ?? 0) << 24)) | 0;
  }

  private counterAllowed(csr: number): boolean {
    if (this.priv === C.PRIV_M) return true;
    return ((this.mcounteren >>> (csr & 31)) & 1) !== 0;
  }

  /** Reads a CSR; null when it does not exist (illegal instruction). */
  csrRead(csr: number): number | null {
    const now = this.host.sched.now;
    switch (csr) {
      case C.CSR_MSTATUS:
        return this.mstatus;
      case C.CSR_MISA:
        return C.MISA_E31 | 0;
      case C.CSR_MIE:
        return this.mie;
      case C.CSR_MTVEC:
        return this.mtvec;
      case C.CSR_MCOUNTEREN:
        return this.mcounteren;
      case C.CSR_MSCRATCH:
        return this.mscratch;
      case C.CSR_MEPC:
        return this.mepc;
      case C.CSR_MCAUSE:
        return this.mcause;
      case C.CSR_MTVAL:
        return this.mtval;
      case C.CSR_MIP:
        return this.mip;
      case C.CSR_MVENDORID:
        return C.MVENDORID_SIFIVE;
      case C.CSR_MARCHID:
        return this.cfg.marchid | 0;
      case C.CSR_MIMPID:
        return this.cfg.mimpid | 0;
      case C.CSR_MHARTID:
        return this.cfg.hartId;
      case C.CSR_MCYCLE:
        return lo32(now - this.cycleBase);
      case C.CSR_MCYCLEH:
        return hi32(now - this.cycleBase);
      case C.CSR_MINSTRET:
        return lo32(this.instret - this.instretBase);
      case C.CSR_MINSTRETH:
        return hi32(this.instret - this.instretBase);
      case C.CSR_CYCLE:
      case C.CSR_CYCLEH:
      case C.CSR_INSTRET:
      case C.CSR_INSTRETH:
      case C.CSR_TIME:
      case C.CSR_TIMEH: {
        if (!this.counterAllowed(csr)) return null;
        const low = (csr & 0x80) === 0;
        const which = csr & 0x7f;
        let v: number;
        if (which === 1) {
          if (this.timeSource === null) return null;
          v = this.timeSource();
        } else v = which === 0 ? now - this.cycleBase : this.instret - this.instretBase;
        return low ? lo32(v) : hi32(v);
      }
    }
    if (csr >= C.CSR_PMPCFG0 && csr < C.CSR_PMPCFG0 + 4) {
      let v = 0;
      const first = (csr - C.CSR_PMPCFG0) * 4;
      for (let i = 3; i >= 0; i--) v = (v << 8) | (first + i < this.pmpcfg.length ? this.pmpcfg[first + i] : 0);
      return v | 0;
    }
    if (csr >= C.CSR_PMPADDR0 && csr < C.CSR_PMPADDR0 + 16) {
      const i = csr - C.CSR_PMPADDR0;
      return i < this.pmpaddr.length ? this.pmpaddr[i] : 0;
    }
    return null;
  }

  csrWrite(csr: number, v: number): void {
    const sched = this.host.sched;
    switch (csr) {
      case C.CSR_MSTATUS: {
        let s = v & C.MSTATUS_WRITABLE;
        // MPP is WARL: only M (3) and U (0) exist.
        if ((s & C.MSTATUS_MPP) !== C.MSTATUS_MPP) s &= ~C.MSTATUS_MPP;
        this.mstatus = s;
        if ((this.mip & this.mie) !== 0) sched.requestBreak();
        if (this.pmpModeChanged()) sched.requestBreak();
        return;
      }
      case C.CSR_MIE:
        this.mie = v & C.MIE_WRITABLE;
        if ((this.mip & this.mie) !== 0) sched.requestBreak();
        return;
      case C.CSR_MTVEC:
        // MODE 0 (direct) or 1 (vectored); base 4-byte aligned (64-byte in vectored mode on CLINT cores).
        this.mtvec = (v & 3) === 1 ? (v & ~63) | 1 : v & ~3;
        return;
      case C.CSR_MCOUNTEREN:
        this.mcounteren = v & 7;
        return;
      case C.CSR_MSCRATCH:
        this.mscratch = v;
        return;
      case C.CSR_MEPC:
        this.mepc = v & ~1;
        return;
      case C.CSR_MCAUSE:
        this.mcause = v & 0x8000000f;
        return;
      case C.CSR_MTVAL:
        this.mtval = v;
        return;
      case C.CSR_MIP:
      case C.CSR_MISA:
        return; // MSIP/MTIP/MEIP are driven by the CLINT/PLIC; misa is read-only here
      case C.CSR_MCYCLE: {
        // The written value is what the next cycle reads... minus the cycle this instruction takes.
        const cur = sched.now - this.cycleBase;
        this.cycleBase = sched.now - (hi32(cur) * 4294967296 + (v >>> 0)) + 1;
        return;
      }
      case C.CSR_MCYCLEH: {
        const cur = sched.now - this.cycleBase;
        this.cycleBase = sched.now - ((v >>> 0) * 4294967296 + (lo32(cur) >>> 0)) + 1;
        return;
      }
      case C.CSR_MINSTRET: {
        const cur = this.instret - this.instretBase;
        this.instretBase = this.instret - (hi32(cur) * 4294967296 + (v >>> 0)) + 1;
        return;
      }
      case C.CSR_MINSTRETH: {
        const cur = this.instret - this.instretBase;
        this.instretBase = this.instret - ((v >>> 0) * 4294967296 + (lo32(cur) >>> 0)) + 1;
        return;
      }
    }
    if (csr >= C.CSR_PMPCFG0 && csr < C.CSR_PMPCFG0 + 4) {
      const first = (csr - C.CSR_PMPCFG0) * 4;
      for (let i = 0; i < 4; i++) {
        const e = first + i;
        if (e >= this.pmpcfg.length || (this.pmpcfg[e] & PMP_L) !== 0) continue; // locked entries ignore writes
        // W=1 with R=0 is reserved: keep the entry's previous value for W.
        let b = (v >>> (8 * i)) & 0x9f;
        if ((b & 3) === 2) b &= ~2;
        this.pmpcfg[e] = b;
      }
      this.pmpUpdate();
      sched.requestBreak();
      return;
    }
    if (csr >= C.CSR_PMPADDR0 && csr < C.CSR_PMPADDR0 + 16) {
      const i = csr - C.CSR_PMPADDR0;
      if (i >= this.pmpaddr.length || (this.pmpcfg[i] & PMP_L) !== 0) return;
      // A locked TOR entry also locks the address register below it (its range's start).
      if (i + 1 < this.pmpcfg.length && (this.pmpcfg[i + 1] & (PMP_L | PMP_A)) === (PMP_L | PMP_TOR)) return;
      this.pmpaddr[i] = v & 0x3fffffff;
      this.pmpUpdate();
      sched.requestBreak();
      return;
    }
  }
}

function lo32(v: number): number {
  return (v % 4294967296) | 0;
}
function hi32(v: number): number {
  return Math.floor(v / 4294967296) | 0;
}

function mulOp(op: number, a: number, b: number): number {
  switch (op) {
    case Op.MUL:
      return Math.imul(a, b);
    case Op.MULH: {
      // Signed high part from the unsigned one: subtract the other operand for each negative one.
      const hu = mulhu(a >>> 0, b >>> 0);
      return (hu - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
    }
    case Op.MULHU:
      return mulhu(a >>> 0, b >>> 0);
    default: {
      // MULHSU: signed a times unsigned b.
      const hu = mulhu(a >>> 0, b >>> 0);
      return a < 0 ? (hu - b) | 0 : hu;
    }
  }
}

/** High 32 bits of an unsigned 32x32 product, without BigInt. */
function mulhu(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

function divOp(op: number, a: number, b: number): number {
  switch (op) {
    case Op.DIV:
      if (b === 0) return -1;
      if (a === -2147483648 && b === -1) return a;
      return (a / b) | 0;
    case Op.DIVU:
      if (b === 0) return -1;
      return ((a >>> 0) / (b >>> 0)) >>> 0 | 0;
    case Op.REM:
      if (b === 0) return a;
      if (a === -2147483648 && b === -1) return 0;
      return a % b | 0;
    default:
      if (b === 0) return a;
      return ((a >>> 0) % (b >>> 0)) | 0;
  }
}

function amoOp(op: number, m: number, r: number): number {
  switch (op) {
    case Op.AMOSWAP_W:
      return r;
    case Op.AMOADD_W:
      return (m + r) | 0;
    case Op.AMOXOR_W:
      return m ^ r;
    case Op.AMOAND_W:
      return m & r;
    case Op.AMOOR_W:
      return m | r;
    case Op.AMOMIN_W:
      return m < r ? m : r;
    case Op.AMOMAX_W:
      return m > r ? m : r;
    case Op.AMOMINU_W:
      return m >>> 0 < r >>> 0 ? m : r;
    default:
      return m >>> 0 > r >>> 0 ? m : r;
  }
}
