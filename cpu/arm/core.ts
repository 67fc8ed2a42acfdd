/**
 * Cortex-M4 (ARMv7E-M) integer core: predecoded interpreter, exception model, NVIC state.
 * Reference: ARM DDI 0403E (ARMv7-M ARM): A7 instruction semantics, B1.5 exception model.
 * The system control space (SCB, NVIC, SysTick, MPU, DWT registers) is in system.ts; cycle figures in
 * timing.ts; encodings in encodings.ts.
 *
 * Execution: instructions are decoded once per distinct encoding into a pool of typed arrays
 * (op, registers, immediate, misc bits); the region's codeCache maps each halfword address to its
 * pool slot. R[15] holds the current instruction's address + 4 while it executes (what reads of the
 * PC see), so a fault's instruction address is R[15] - 4.
 *
 * Speed (nothing here changes a cycle count): run() keeps the pipeline and fetch-timing state in
 * locals; single loads/stores, LDRD/STRD and LDM/STM read and write the RAM region's (and, for loads,
 * the read-only region's) typed arrays directly, adding the same wait states the bus would, and fall
 * back to the bus for everything else (peripherals, unaligned words, region ends). With the MPU on,
 * the direct paths test a per-32-byte-granule verdict cache (mpuGranule), dropped whenever an MPU
 * register changes (mpuChanged); a granule not computed yet or denied takes the checked path.
 * APSR.NZCV is one field (nzcv), so a condition is one table lookup (COND_TABLE). Long multiplies
 * use exact 16-bit-limb arithmetic (mul64) instead of BigInt. Rare operations live in execCold().
 */
import type { Cpu, CpuHost, ExecObserver, HaltInfo, StallCounters } from '../../machine/cpu.js';
import { isBusFault, MemRegion, type Bus, type FetchModel } from '../../peripherals/bus.js';
import { Op } from './ops.js';
import {
  decode, newDecoded, isWide, X_S, X_SIT, X_P, X_U, X_W, X_CV, X_CO, X_SHN_SHIFT, X_SHT_MASK, X_O_SHIFT, X_COND_SHIFT,
  SH_LSL, SH_LSR, SH_ASR, SH_ROR,
} from './decode.js';
import * as T from './timing.js';
import { disassembleAt } from './disasm.js';
import { SystemSpace } from './system.js';
import { FpBridge } from './fpbridge.js';

// Exception numbers (B1.5.2).
export const EXC_RESET = 1;
export const EXC_NMI = 2;
export const EXC_HARDFAULT = 3;
export const EXC_MEMMANAGE = 4;
export const EXC_BUSFAULT = 5;
export const EXC_USAGEFAULT = 6;
export const EXC_SVCALL = 11;
export const EXC_DEBUGMON = 12;
export const EXC_PENDSV = 14;
export const EXC_SYSTICK = 15;

// CFSR bits (B3.2.15).
export const MMFSR_IACCVIOL = 1 << 0;
export const MMFSR_DACCVIOL = 1 << 1;
export const MMFSR_MUNSTKERR = 1 << 3;
export const MMFSR_MSTKERR = 1 << 4;
export const MMFSR_MLSPERR = 1 << 5;
export const MMFSR_MMARVALID = 1 << 7;
export const BFSR_IBUSERR = 1 << 8;
export const BFSR_PRECISERR = 1 << 9;
export const BFSR_UNSTKERR = 1 << 11;
export const BFSR_STKERR = 1 << 12;
export const BFSR_LSPERR = 1 << 13;
export const BFSR_BFARVALID = 1 << 15;
export const UFSR_UNDEFINSTR = 1 << 16;
export const UFSR_INVSTATE = 1 << 17;
export const UFSR_INVPC = 1 << 18;
export const UFSR_NOCP = 1 << 19;
export const UFSR_UNALIGNED = 1 << 24;
export const UFSR_DIVBYZERO = 1 << 25;
export const HFSR_VECTTBL = 1 << 1;
export const HFSR_FORCED = 1 << 30;
export const HFSR_DEBUGEVT = 1 << 31;

// CCR bits.
export const CCR_UNALIGN_TRP = 1 << 3;
export const CCR_DIV_0_TRP = 1 << 4;
export const CCR_STKALIGN = 1 << 9;

// FPCCR bits.
export const FPCCR_LSPACT = 1 << 0;
export const FPCCR_USER = 1 << 1;
export const FPCCR_THREAD = 1 << 3;
export const FPCCR_HFRDY = 1 << 4;
export const FPCCR_MMRDY = 1 << 5;
export const FPCCR_BFRDY = 1 << 6;
export const FPCCR_MONRDY = 1 << 8;
export const FPCCR_LSPEN = 1 << 30;
export const FPCCR_ASPEN = 1 << 31;

const EXC_NAMES = ['thread', 'Reset', 'NMI', 'HardFault', 'MemManage', 'BusFault', 'UsageFault', '7', '8', '9', '10', 'SVCall', 'DebugMonitor', '13', 'PendSV', 'SysTick'];
export function excName(n: number): string {
  return n < 16 ? EXC_NAMES[n] : `IRQ${n - 16}`;
}

/** A synchronous fault raised by an instruction (thrown as one preallocated object). */
export class ArmFault {
  readonly isArmFault = true;
  exc = 0;
  bits = 0;
  addr = 0;
  /** Return address to stack instead of the faulting instruction's (INVSTATE after an interworking branch), or -1. */
  retPc = -1;
}
function isArmFault(e: unknown): e is ArmFault {
  return typeof e === 'object' && e !== null && (e as ArmFault).isArmFault === true;
}

const POOL_INIT = 1 << 14;
/** Entries of the MPU verdict cache for addresses outside the direct-path regions (power of two). */
const MPU_CACHE = 256;
/** Stand-in for a missing direct-path region: size 0, so every bounds check fails. */
const NO_REGION = new MemRegion({ name: '(none)', base: 0, size: 0, kind: 'ram', access: '' });

// Pool word 0 layout: op (bits 0-7), wide (8), timing class (9-11, from timing.ts), d n m t a (12-31).
const W_LS_STORE = 1 << 9; // single store (timing.ts LS_KIND 1)
const W_LS_LOAD = 1 << 10; // single load (LS_KIND 2)
const W_LS_MASK = W_LS_STORE | W_LS_LOAD;
const W_DP = 1 << 11; // data processing writing d (DP_WRITES_D)
/** Shift amount bits of Decoded.x: zero means the register operand is used unshifted. */
const SHN_MASK = 63 << X_SHN_SHIFT;

/** ConditionPassed (A7.3.1) by table: index cond << 4 | N << 3 | Z << 2 | C << 1 | V. */
const COND_TABLE = new Uint8Array(256);
for (let c = 0; c < 16; c++) {
  for (let f = 0; f < 16; f++) {
    const N = (f >>> 3) & 1, Z = (f >>> 2) & 1, C = (f >>> 1) & 1, V = f & 1;
    const r = [Z === 1, Z === 0, C === 1, C === 0, N === 1, N === 0, V === 1, V === 0,
      C === 1 && Z === 0, C === 0 || Z === 1, N === V, N !== V, Z === 0 && N === V, Z === 1 || N !== V, true, true][c];
    COND_TABLE[(c << 4) | f] = r ? 1 : 0;
  }
}

export class CortexM4 implements Cpu {
  /** Stall cycles by cause (machine/cpu.ts StallCounters): fetch waits, address interlocks, branch refills. */
  readonly stalls: StallCounters = { fetch: 0, loadUse: 0, branch: 0 };
  readonly arch = 'arm' as const;
  readonly host: CpuHost;
  readonly r = new Int32Array(16);
  // APSR / EPSR / IPSR
  /** APSR.NZCV as bits 3..0 (N 8, Z 4, C 2, V 1): one field, so a condition is one table lookup. */
  nzcv = 0;
  fQ = 0;
  ge = 0;
  it = 0;
  ipsr = 0;
  // special registers
  msp = 0;
  psp = 0;
  /** CONTROL.nPRIV, SPSEL, FPCA. */
  npriv = 0;
  spsel = 0;
  fpca = 0;
  primask = 0;
  faultmask = 0;
  basepri = 0;
  /** Next instruction to execute (valid outside run()). */
  pcv = 0;
  instructions = 0;
  sleeping = false;
  halted: HaltInfo | null = null;
  /** Event register (WFE/SEV). */
  eventReg = 0;
  /** Exclusive monitor: address of the open LDREX, or -1. */
  exclAddr = -1;

  // Exception state (numbers 0 .. 15+irqCount).
  readonly nExc: number;
  readonly irqCount: number;
  readonly priorityBits: number;
  readonly pending: Uint8Array;
  readonly active: Uint8Array;
  readonly enabled: Uint8Array;
  readonly level: Uint8Array;
  /** Raw 8-bit priority of configurable exceptions; fixed ones are handled by priorityOf. */
  readonly prio: Uint8Array;
  pendCount = 0;
  activeCount = 0;
  // SCB registers kept by the core (system.ts reads/writes them)
  vtor = 0;
  prigroup = 0;
  scr = 0;
  ccr = CCR_STKALIGN;
  cfsr = 0;
  hfsr = 0;
  mmfar = 0;
  bfar = 0;
  cpacr = 0;
  fpccr = (FPCCR_ASPEN | FPCCR_LSPEN) >>> 0;
  fpcar = 0;
  // MPU
  mpuCtrl = 0;
  mpuOn = false;
  readonly mpuRbar = new Int32Array(8);
  readonly mpuRasr = new Int32Array(8);

  readonly sys: SystemSpace;
  readonly fp: FpBridge;
  private readonly fault = new ArmFault();
  private obs: ExecObserver | null = null;

  // predecoded pool: 4 words per slot: [op | wide<<8 | d<<12 | n<<16 | m<<20 | t<<24 | a<<28, imm, x, hw1:hw2]
  private pool = new Int32Array(POOL_INIT * 4);
  private poolUsed = 1;
  private readonly intern = new Map<number, number>();
  private readonly dec = newDecoded();

  // code region of the last fetch
  private creg: MemRegion | null = null;
  private cbase = 0;
  private cend = 0;
  /**
   * Execution window of run(): [wlo, whi) inside the code region, with wcc the code cache viewed from
   * wlo. Without the MPU it is the whole region; with the MPU on, the run of 32-byte granules around
   * the PC that the current privilege may execute (B3.5: read permission and XN = 0), so run() checks
   * instruction-fetch permission only when the PC leaves the window. Dropped (codeWinDirty) whenever
   * the MPU, the privilege or the MPU bypass (FAULTMASK, HardFault/NMI) may have changed.
   */
  private wlo = 0;
  private whi = 0;
  private wcc: Int32Array | null = null;
  private codeWinDirty = false;
  /** Fetch-timing model of the current region (or null) and the last fetch unit consumed. */
  private fm: FetchModel | null = null;
  private fmMask = 0;
  private lastFetch = -1;
  private flatFetchWait = 0;
  /** Pipeline state carried between run slices (timing.ts [LS] rules). */
  private prevLoad = -1;
  private prevDp = -1;
  /** Shifter carry out of the last shiftC. */
  private sc = 0;
  /** High word of the last mul64. */
  private mhi = 0;
  /** Regions the interpreter reads and writes directly (RAM) and reads directly (read-only memory). */
  private dram = NO_REGION;
  private drom = NO_REGION;
  private regionsPicked = false;
  private readonly bus: Bus;
  /** MPU verdicts per 32-byte granule of dram / drom (mpuGranule), 0 = not computed yet. */
  private permRam = new Uint8Array(0);
  private permRom = new Uint8Array(0);
  /** Verdicts of other granules (mpuCheck): granule number (address >>> 5) and bits, direct-mapped. */
  private readonly mpuKeys = new Int32Array(MPU_CACHE).fill(-1);
  private readonly mpuBits = new Uint8Array(MPU_CACHE);

  constructor(host: CpuHost) {
    this.host = host;
    this.bus = host.bus;
    const cfg = host.board.cpuConfig ?? {};
    this.irqCount = typeof cfg.irqCount === 'number' ? cfg.irqCount : 32;
    this.priorityBits = typeof cfg.priorityBits === 'number' ? cfg.priorityBits : 3;
    this.nExc = 16 + this.irqCount;
    this.pending = new Uint8Array(this.nExc);
    this.active = new Uint8Array(this.nExc);
    this.enabled = new Uint8Array(this.nExc);
    this.level = new Uint8Array(this.nExc);
    this.prio = new Uint8Array(this.nExc);
    this.fp = new FpBridge(this, cfg.fpu !== false);
    this.sys = new SystemSpace(this, host);
    host.bus.addDevice(this.sys);
  }

  // ------------------------------------------------------------------------------------------
  // Cpu interface

  get fN(): number {
    return (this.nzcv >>> 3) & 1;
  }
  get fZ(): number {
    return (this.nzcv >>> 2) & 1;
  }
  get fC(): number {
    return (this.nzcv >>> 1) & 1;
  }
  get fV(): number {
    return this.nzcv & 1;
  }

  get pc(): number {
    return this.pcv >>> 0;
  }

  reset(): void {
    this.r.fill(0);
    this.nzcv = this.fQ = this.ge = this.it = this.ipsr = 0;
    this.npriv = this.spsel = this.fpca = this.primask = this.faultmask = this.basepri = 0;
    this.pending.fill(0);
    this.active.fill(0);
    this.enabled.fill(0);
    this.prio.fill(0);
    this.pendCount = this.activeCount = 0;
    this.vtor = 0;
    this.prigroup = 0;
    this.scr = 0;
    this.ccr = CCR_STKALIGN;
    this.cfsr = this.hfsr = this.mmfar = this.bfar = 0;
    this.cpacr = 0;
    this.fpccr = (FPCCR_ASPEN | FPCCR_LSPEN) >>> 0;
    this.fpcar = 0;
    this.mpuCtrl = 0;
    this.mpuOn = false;
    this.mpuRbar.fill(0);
    this.mpuRasr.fill(0);
    this.mpuChanged();
    this.sleeping = false;
    this.halted = null;
    this.eventReg = 0;
    this.exclAddr = -1;
    this.fp.reset();
    this.sys.reset();
    this.lastFetch = -1;
    // the pending-interrupt levels survive a core reset: the lines are driven by peripherals
    for (let i = 16; i < this.nExc; i++) if (this.level[i]) this.setPending(i);
    const bus = this.host.bus;
    const sp = bus.peek32(this.vtor);
    const rv = bus.peek32(this.vtor + 4);
    if (sp === null || rv === null) {
      this.halted = { kind: 'fault', code: 3, message: `reset: no vector table at 0x${this.vtor.toString(16).padStart(8, '0')}` };
      return;
    }
    this.msp = sp & ~3;
    this.psp = 0;
    this.r[13] = this.msp;
    this.r[14] = -1;
    if ((rv & 1) === 0) {
      this.halted = { kind: 'fault', code: 3, message: `reset vector 0x${rv.toString(16)} has bit 0 clear (not a Thumb address)` };
    }
    this.pcv = rv & ~1;
  }

  setIrq(line: number, level: boolean): void {
    const n = 16 + line;
    if (line < 0 || n >= this.nExc) return;
    this.level[n] = level ? 1 : 0;
    if (level) this.setPending(n);
  }

  setObserver(obs: ExecObserver | null): void {
    this.obs = obs;
  }

  /** Integer argument register n (r0..r3, AAPCS), read while a 'call' event is delivered. */
  callArg(n: number): number {
    return n >= 0 && n < 4 ? this.r[n] : 0;
  }

  registers(): Record<string, number> {
    const o: Record<string, number> = {};
    const R = this.r;
    for (let i = 0; i < 13; i++) o['r' + i] = R[i] >>> 0;
    o.sp = R[13] >>> 0;
    o.lr = R[14] >>> 0;
    o.pc = this.pcv >>> 0;
    o.xpsr = this.xpsr() >>> 0;
    const inPsp = this.spsel === 1 && this.ipsr === 0;
    o.msp = (inPsp ? this.msp : R[13]) >>> 0;
    o.psp = (inPsp ? R[13] : this.psp) >>> 0;
    o.control = this.control();
    o.primask = this.primask;
    o.basepri = this.basepri;
    o.faultmask = this.faultmask;
    o.cfsr = this.cfsr >>> 0;
    o.hfsr = this.hfsr >>> 0;
    o.mmfar = this.mmfar >>> 0;
    o.bfar = this.bfar >>> 0;
    this.fp.registers(o);
    return o;
  }

  registerDump(): string {
    const o = this.registers();
    const h = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
    const lines: string[] = [];
    for (let i = 0; i < 16; i += 4) {
      const names = i < 12 ? [`r${i}`, `r${i + 1}`, `r${i + 2}`, `r${i + 3}`] : ['r12', 'sp', 'lr', 'pc'];
      lines.push('  ' + names.map((n) => `${n.padStart(3)}=${h(o[n])}`).join('  '));
    }
    const flags = `${this.fN ? 'N' : 'n'}${this.fZ ? 'Z' : 'z'}${this.fC ? 'C' : 'c'}${this.fV ? 'V' : 'v'}${this.fQ ? 'Q' : 'q'}`;
    lines.push(`  xpsr=${h(o.xpsr)} [${flags}] mode=${this.ipsr ? 'handler ' + excName(this.ipsr) : 'thread'}  msp=${h(o.msp)} psp=${h(o.psp)} control=${o.control}`);
    lines.push(`  primask=${o.primask} basepri=0x${o.basepri.toString(16)} faultmask=${o.faultmask}  cfsr=${h(o.cfsr)} hfsr=${h(o.hfsr)} mmfar=${h(o.mmfar)} bfar=${h(o.bfar)}`);
    return lines.join('\n');
  }

  disassemble(addr: number): string {
    return disassembleAt(this.host.bus, addr >>> 0);
  }

  // ------------------------------------------------------------------------------------------
  // Registers

  xpsr(): number {
    const it = this.it;
    return (
      (this.nzcv << 28) | (this.fQ << 27) |
      ((it & 3) << 25) | (1 << 24) | (this.ge << 16) | ((it >>> 2) << 10) | this.ipsr
    );
  }

  control(): number {
    return this.npriv | (this.spsel << 1) | (this.fpca << 2);
  }

  /** Applies a new SPSEL / mode combination: R13 is the active stack pointer. */
  private switchStack(usePsp: boolean): void {
    const cur = this.spsel === 1 && this.ipsr === 0;
    if (cur === usePsp) return;
    if (cur) {
      this.psp = this.r[13];
      this.r[13] = this.msp;
    } else {
      this.msp = this.r[13];
      this.r[13] = this.psp;
    }
  }

  /** Sets mode (ipsr) and SPSEL, banking R13. */
  private setModeStack(ipsr: number, spsel: number): void {
    const usePsp = spsel === 1 && ipsr === 0;
    this.switchStack(usePsp);
    this.ipsr = ipsr;
    this.spsel = spsel;
  }

  get privileged(): boolean {
    return this.ipsr !== 0 || this.npriv === 0;
  }

  // ------------------------------------------------------------------------------------------
  // Priorities and pending exceptions

  /** Group priority of exception n (fixed negative ones for Reset/NMI/HardFault). */
  groupPri(n: number): number {
    if (n === EXC_RESET) return -3;
    if (n === EXC_NMI) return -2;
    if (n === EXC_HARDFAULT) return -1;
    return this.prio[n] & this.groupMask();
  }

  private groupMask(): number {
    // PRIGROUP p: bits [p:0] are subpriority (B1.5.4)
    return (0xff << (this.prigroup + 1)) & 0xff;
  }

  private fullPri(n: number): number {
    if (n <= EXC_HARDFAULT) return n - 4;
    return this.prio[n];
  }

  /** Execution priority (B1.5.4): active exceptions and the mask registers. 256 = thread, nothing boosts. */
  execPriority(ignorePrimask = false): number {
    let p = 256;
    if (this.activeCount > 0) {
      const act = this.active;
      for (let i = 1; i < this.nExc; i++) if (act[i]) {
        const g = this.groupPri(i);
        if (g < p) p = g;
      }
    }
    if (this.basepri !== 0) {
      const b = this.basepri & this.groupMask();
      if (b < p) p = b;
    }
    if (this.primask && !ignorePrimask && p > 0) p = 0;
    if (this.faultmask && p > -1) p = -1;
    return p;
  }

  /** Highest-priority pending enabled exception, or 0. */
  private bestPending(): number {
    if (this.pendCount === 0) return 0;
    let best = 0;
    let bp = 1e9;
    const pend = this.pending;
    const en = this.enabled;
    for (let i = 1; i < this.nExc; i++) {
      if (pend[i] === 0) continue;
      if (i >= 16 && en[i] === 0) continue;
      const p = this.fullPri(i);
      // group priority first, then subpriority, then exception number
      const g = this.groupPri(i);
      const key = g * 1024 + p * 2 + 0;
      if (key < bp) {
        bp = key;
        best = i;
      }
    }
    return best;
  }

  setPending(n: number): void {
    if (this.pending[n] === 0) {
      this.pending[n] = 1;
      this.pendCount++;
    }
    this.host.sched.requestBreak();
    if (this.sleeping) this.maybeWake();
  }

  clearPending(n: number): void {
    if (this.pending[n] !== 0) {
      this.pending[n] = 0;
      this.pendCount--;
    }
  }

  /** Wake-up rule of WFI/WFE (B1.5.19): a pending exception that would preempt if PRIMASK were clear. */
  private maybeWake(): void {
    const best = this.bestPending();
    if (best !== 0 && this.groupPri(best) < this.execPriority(true)) {
      this.sleeping = false;
      return;
    }
    if (this.wfeSleep && (this.scr & 0x10) && this.pendCount > 0) {
      // SEVONPEND: any newly pending interrupt, enabled or not, is an event
      this.sleeping = false;
      this.eventReg = 0;
    }
  }
  private wfeSleep = false;

  /** Called after register writes that can unmask an exception. */
  nvicChanged(): void {
    this.host.sched.requestBreak();
    if (this.sleeping) this.maybeWake();
  }

  /** Takes the best pending exception if it preempts the current execution priority. */
  private checkPending(): void {
    const best = this.bestPending();
    if (best === 0) return;
    if (this.groupPri(best) >= this.execPriority()) return;
    this.sleeping = false;
    this.pcv = this.excEnter(best, this.pcv, false);
    this.host.sched.now += T.EXC_ENTRY;
  }

  // ------------------------------------------------------------------------------------------
  // Exception entry and return (B1.5.6 - B1.5.8)

  private fpFrame(): boolean {
    return this.fpca === 1 && this.fp.present;
  }

  /** Pushes the frame (unless tail-chaining), activates exception n and returns its handler address. */
  excEnter(n: number, retAddr: number, tail: boolean, excReturn = 0): number {
    const bus = this.host.bus;
    if (!tail) {
      const fpf = this.fpFrame();
      const size = fpf ? 0x68 : 0x20;
      const sp = this.r[13];
      const align = (this.ccr & CCR_STKALIGN) !== 0 && (sp & 4) !== 0 ? 1 : 0;
      const frame = ((sp - size) & ((this.ccr & CCR_STKALIGN) !== 0 ? ~7 : ~3)) | 0;
      const xpsr = (this.xpsr() & ~(1 << 9)) | (align << 9);
      const R = this.r;
      try {
        bus.write32(frame, R[0]);
        bus.write32(frame + 4, R[1]);
        bus.write32(frame + 8, R[2]);
        bus.write32(frame + 12, R[3]);
        bus.write32(frame + 16, R[12]);
        bus.write32(frame + 20, R[14]);
        bus.write32(frame + 24, retAddr & ~1);
        bus.write32(frame + 28, xpsr);
        if (fpf) {
          if (this.fpccr & FPCCR_LSPEN) {
            this.fpccr |= FPCCR_LSPACT;
            this.fpcar = frame + 0x20;
            this.fpccr = (this.fpccr & ~(FPCCR_USER | FPCCR_THREAD)) | (this.privileged ? 0 : FPCCR_USER) | (this.ipsr === 0 ? FPCCR_THREAD : 0);
          } else {
            this.fp.stack(frame + 0x20);
            this.host.sched.now += 18 * T.FP_STACK_WORD;
          }
        }
      } catch (e) {
        if (!isBusFault(e)) throw e;
        // Stacking error (B1.5.6 PushStack): BusFault STKERR, derived exception.
        this.cfsr |= BFSR_STKERR;
      }
      R[13] = frame;
      const thread = this.ipsr === 0;
      excReturn = (0xffffffe1 | (fpf ? 0 : 0x10) | (thread ? 8 : 0) | (thread && this.spsel ? 4 : 0)) | 0;
    }
    this.r[14] = excReturn;
    this.clearPending(n);
    if (!this.active[n]) {
      this.active[n] = 1;
      this.activeCount++;
    }
    this.setModeStack(n, 0);
    this.fpca = 0;
    this.it = 0;
    this.exclAddr = -1;
    const va = (this.vtor + 4 * n) >>> 0;
    const v = bus.peek32(va);
    if (this.obs) this.obs.onControl(tail ? 'tail' : 'exc', retAddr >>> 0, (v ?? 0) & ~1, this.host.sched.now);
    if (v === null) {
      this.halt('fault', `vector fetch for ${excName(n)} at 0x${va.toString(16)} failed (VTOR=0x${this.vtor.toString(16)})`);
      return retAddr;
    }
    if (v === 0) {
      this.halt('fault', `${excName(n)} taken but its vector table entry (0x${va.toString(16)}) is 0`);
      return retAddr;
    }
    if ((v & 1) === 0) {
      // the handler would run with EPSR.T = 0: INVSTATE on its first instruction
      this.it = 0;
      this.pendingInvstate = true;
      this.attn = true;
    }
    return v & ~1;
  }
  private pendingInvstate = false;
  /** Something to look at before the next instruction (INVSTATE, SLEEPONEXIT). */
  private attn = false;

  /** Exception return (B1.5.8): returns the address to continue at. */
  private excReturn(exc: number): number {
    const low = exc & 0xf;
    const ret = this.ipsr;
    if (((exc >>> 4) & 0xffffff) !== 0xfffffe && ((exc >>> 4) & 0xffffff) !== 0xffffff) return this.raiseUsage(UFSR_INVPC);
    if ((low !== 1 && low !== 9 && low !== 13) || !this.active[ret]) return this.raiseUsage(UFSR_INVPC);
    const toThread = (low & 8) !== 0;
    // deactivate
    this.active[ret] = 0;
    this.activeCount--;
    if (ret !== EXC_NMI) this.faultmask = 0;
    this.codeWindowChanged();
    if (ret >= 16 && this.level[ret]) this.setPending(ret); // level-sensitive line still high
    if (this.obs) this.obs.onControl('eret', this.pcv >>> 0, 0, this.host.sched.now);
    if (toThread && this.activeCount !== 0 && !(this.ccr & 1)) {
      // returning to thread mode with exceptions still active (CCR.NONBASETHRDENA = 0)
      this.active[ret] = 1;
      this.activeCount++;
      return this.raiseUsage(UFSR_INVPC);
    }
    // tail-chaining: a pending exception that preempts the context we return to
    const best = this.bestPending();
    if (best !== 0) {
      const savedIpsr = this.ipsr;
      this.ipsr = toThread ? 0 : this.ipsr; // execution priority of the target context
      const ep = this.execPriority();
      this.ipsr = savedIpsr;
      if (this.groupPri(best) < ep) {
        this.host.sched.now += T.EXC_TAILCHAIN;
        return this.excEnter(best, 0, true, exc);
      }
    }
    if (toThread && (this.scr & 2) && this.activeCount === 0) {
      // SLEEPONEXIT: sleep instead of unstacking; the next interrupt tail-chains from here
      // (modelled as unstack + WFI at the return address)
      this.sleepOnExitPending = true;
      this.attn = true;
    }
    this.host.sched.now += T.EXC_RETURN;
    // unstack
    const usePsp = toThread && (low & 4) !== 0;
    this.setModeStack(toThread ? 0 : this.ipsr, usePsp ? 1 : 0);
    const bus = this.host.bus;
    const R = this.r;
    const frame = R[13];
    let pc = 0;
    let xpsr = 0;
    const fpf = (exc & 0x10) === 0;
    try {
      R[0] = bus.read32(frame);
      R[1] = bus.read32(frame + 4);
      R[2] = bus.read32(frame + 8);
      R[3] = bus.read32(frame + 12);
      R[12] = bus.read32(frame + 16);
      R[14] = bus.read32(frame + 20);
      pc = bus.read32(frame + 24);
      xpsr = bus.read32(frame + 28);
      if (fpf) {
        if (this.fpccr & FPCCR_LSPACT) this.fpccr &= ~FPCCR_LSPACT;
        else {
          this.fp.unstack(frame + 0x20);
          this.host.sched.now += 18 * T.FP_STACK_WORD;
        }
      }
    } catch (e) {
      if (!isBusFault(e)) throw e;
      this.cfsr |= BFSR_UNSTKERR;
      return this.raiseFault(EXC_BUSFAULT, 0, 0);
    }
    R[13] = (frame + (fpf ? 0x68 : 0x20) + ((xpsr >>> 9) & 1 && this.ccr & CCR_STKALIGN ? 4 : 0)) | 0;
    this.ipsr = toThread ? 0 : xpsr & 0x1ff;
    if (!toThread && this.ipsr === 0) return this.raiseUsage(UFSR_INVPC);
    this.fpca = fpf ? 1 : 0;
    this.nzcv = (xpsr >>> 28) & 0xf;
    this.fQ = (xpsr >>> 27) & 1;
    this.ge = (xpsr >>> 16) & 0xf;
    this.it = ((xpsr >>> 25) & 3) | (((xpsr >>> 10) & 0x3f) << 2);
    this.exclAddr = -1;
    if (((xpsr >>> 24) & 1) === 0) {
      this.pendingInvstate = true;
      this.attn = true;
    }
    return pc & ~1;
  }
  private sleepOnExitPending = false;

  // ------------------------------------------------------------------------------------------
  // Faults

  /** Raises a synchronous fault: throws the preallocated ArmFault. */
  raiseFault(exc: number, bits: number, addr: number, retPc = -1): never {
    const f = this.fault;
    f.exc = exc;
    f.bits = bits;
    f.addr = addr;
    f.retPc = retPc;
    throw f;
  }

  raiseUsage(bits: number, retPc = -1): never {
    return this.raiseFault(EXC_USAGEFAULT, bits, 0, retPc);
  }

  private shcsrEnabled(exc: number): boolean {
    // SHCSR MEMFAULTENA bit16, BUSFAULTENA 17, USGFAULTENA 18 (enabled[] mirrors them)
    return this.enabled[exc] !== 0;
  }

  /**
   * Enters the handler of a synchronous exception (fault, SVC, BKPT->HardFault) with escalation
   * (B1.5.15). Returns the handler address (or the current pc when the core locked up).
   */
  private takeSync(exc: number, bits: number, addr: number, retPc: number): number {
    // record the status bits
    if (exc === EXC_MEMMANAGE || exc === EXC_BUSFAULT || exc === EXC_USAGEFAULT) {
      this.cfsr |= bits;
      if (exc === EXC_MEMMANAGE && (bits & (MMFSR_DACCVIOL)) !== 0) {
        this.mmfar = addr;
        this.cfsr |= MMFSR_MMARVALID;
      }
      if (exc === EXC_BUSFAULT && (bits & BFSR_PRECISERR) !== 0) {
        this.bfar = addr;
        this.cfsr |= BFSR_BFARVALID;
      }
    } else if (exc === EXC_HARDFAULT) {
      this.hfsr |= bits;
    }
    const ep = this.execPriority();
    let target = exc;
    if (exc !== EXC_HARDFAULT && exc !== EXC_NMI) {
      const enabled = exc === EXC_SVCALL ? true : this.shcsrEnabled(exc);
      if (!enabled || this.groupPri(exc) >= ep) {
        target = EXC_HARDFAULT;
        this.hfsr |= HFSR_FORCED;
      }
    }
    if (target === EXC_HARDFAULT && ep <= -1) {
      // fault at priority -1 or higher (in HardFault, NMI, or FAULTMASK set): lockup (B1.5.15)
      this.halt('lockup', `lockup: ${excName(exc)} while executing at priority ${ep} (${this.ipsr ? excName(this.ipsr) : 'thread'}); CFSR=0x${(this.cfsr >>> 0).toString(16)} HFSR=0x${(this.hfsr >>> 0).toString(16)}`);
      return retPc;
    }
    this.host.sched.now += T.EXC_ENTRY;
    return this.excEnter(target, retPc, false);
  }

  halt(kind: 'lockup' | 'fault' | 'exit', message: string, code = 3): void {
    if (this.halted) return;
    this.halted = { kind, code, message };
    this.host.sched.requestBreak();
  }

  // ------------------------------------------------------------------------------------------
  // Memory access with MPU checks (B3.5)

  /** MPU disabled for this access: HardFault/NMI/FAULTMASK (execution priority < 0) with HFNMIENA = 0. */
  private mpuBypassed(): boolean {
    return (this.mpuCtrl & 2) === 0 && (this.faultmask !== 0 || this.active[EXC_NMI] !== 0 || this.active[EXC_HARDFAULT] !== 0);
  }

  /** The enabled MPU region that decides for addr (the highest-numbered match, B3.5.3), or -1. */
  private mpuRegionAt(addr: number): number {
    for (let i = 7; i >= 0; i--) {
      const rasr = this.mpuRasr[i];
      if ((rasr & 1) === 0) continue;
      const sizeLog = ((rasr >>> 1) & 0x1f) + 1;
      if (sizeLog < 5) continue;
      const size = 2 ** sizeLog;
      const base = (this.mpuRbar[i] >>> 0) & ~0x1f & (sizeLog >= 32 ? 0 : ~(size - 1) >>> 0);
      const off = addr - (sizeLog >= 32 ? 0 : base >>> 0);
      if (off < 0 || off >= size) continue;
      if (sizeLog >= 8 && (rasr >>> (8 + Math.floor(off / (size / 8)))) & 1) continue; // subregion disabled
      return i;
    }
    return -1;
  }

  /** Whether the MPU lets an access at addr through (B3.5.3), for the given privilege and direction. */
  private mpuAccess(addr: number, priv: boolean, write: boolean): boolean {
    const i = this.mpuRegionAt(addr);
    if (i < 0) return (this.mpuCtrl & 4) !== 0 && priv; // PRIVDEFENA
    switch ((this.mpuRasr[i] >>> 24) & 7) {
      case 1: return priv;
      case 2: return priv || !write;
      case 3: return true;
      case 5: return priv && !write;
      case 6: case 7: return !write;
      default: return false;
    }
  }

  /**
   * Permission bits of the 32-byte granule at addr (regions and subregions are at least 32 bytes,
   * so one granule has one answer): 1 privileged read, 2 privileged write, 4 unprivileged read,
   * 8 unprivileged write, 0x10 computed.
   */
  private mpuGranule(addr: number): number {
    return (this.mpuAccess(addr, true, false) ? 1 : 0) | (this.mpuAccess(addr, true, true) ? 2 : 0) |
      (this.mpuAccess(addr, false, false) ? 4 : 0) | (this.mpuAccess(addr, false, true) ? 8 : 0) | 0x10;
  }

  /**
   * MPU verdict for offset o of a direct-path region (perm: its granule cache); write 0 or 1. The
   * direct paths in run() and read32... test the cached granule bits inline and come here (through
   * mpuCheck) when the granule is not computed yet or denies the access; a denial then faults, unless
   * the MPU is bypassed (HardFault, NMI, FAULTMASK).
   */
  private mpuAllow(perm: Uint8Array, base: number, o: number, write: number): boolean {
    if (this.mpuBypassed()) return true;
    const g = o >>> 5;
    let p = perm[g];
    if (p === 0) {
      p = this.mpuGranule((base + (o & ~31)) >>> 0);
      perm[g] = p;
    }
    const priv = this.ipsr !== 0 || this.npriv === 0;
    return (p & (1 << ((priv ? 0 : 2) + write))) !== 0;
  }

  /** mpuAllow for every granule of [o, o + len). */
  private mpuAllowRange(perm: Uint8Array, base: number, o: number, len: number, write: number): boolean {
    for (let g = o & ~31; g < o + len; g += 32) if (!this.mpuAllow(perm, base, g, write)) return false;
    return true;
  }

  /** Called by the system space when an MPU register changes: forgets the cached granule verdicts. */
  mpuChanged(): void {
    this.permRam.fill(0);
    this.permRom.fill(0);
    this.mpuKeys.fill(-1);
    this.codeWinDirty = true;
    this.attn = true;
  }

  private mpuCheck(addr: number, write: boolean): void {
    addr >>>= 0;
    if (addr >= 0xe0000000 && addr < 0xe0100000) return; // PPB: default map, always
    if (this.mpuBypassed()) return;
    let ok: boolean;
    const dr = this.dram, fr = this.drom;
    if (addr - dr.base >= 0 && addr - dr.base < dr.size) ok = this.mpuAllow(this.permRam, dr.base, addr - dr.base, write ? 1 : 0);
    else if (addr - fr.base >= 0 && addr - fr.base < fr.size) ok = this.mpuAllow(this.permRom, fr.base, addr - fr.base, write ? 1 : 0);
    else {
      // elsewhere (peripherals): a small direct-mapped cache of granule verdicts
      const g = addr >>> 5;
      const i = g & (MPU_CACHE - 1);
      let p = this.mpuBits[i];
      if (this.mpuKeys[i] !== g) {
        p = this.mpuGranule((addr & ~31) >>> 0);
        this.mpuKeys[i] = g;
        this.mpuBits[i] = p;
      }
      ok = (p & (1 << ((this.privileged ? 0 : 2) + (write ? 1 : 0)))) !== 0;
    }
    if (!ok) this.raiseFault(EXC_MEMMANAGE, MMFSR_DACCVIOL, addr);
  }

  // Data accesses (FpHost and the instructions without an inline path in run()): the RAM region
  // directly when aligned, otherwise through the MPU check and the bus.
  read32(addr: number): number {
    const r = this.dram;
    const o = (addr - r.base) >>> 0;
    if (o < r.size - 3 && (o & 3) === 0 && (!this.mpuOn || (this.permRam[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
      this.bus.stall += r.readWait;
      return r.i32[o >> 2];
    }
    if (this.mpuOn) this.mpuCheck(addr, false);
    return this.bus.read32(addr);
  }
  read16(addr: number): number {
    const r = this.dram;
    const o = (addr - r.base) >>> 0;
    if (o < r.size - 1 && (o & 1) === 0 && (!this.mpuOn || (this.permRam[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
      this.bus.stall += r.readWait;
      return r.u16[o >> 1];
    }
    if (this.mpuOn) this.mpuCheck(addr, false);
    return this.bus.read16(addr);
  }
  read8(addr: number): number {
    const r = this.dram;
    const o = (addr - r.base) >>> 0;
    if (o < r.size && (!this.mpuOn || (this.permRam[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
      this.bus.stall += r.readWait;
      return r.u8[o];
    }
    if (this.mpuOn) this.mpuCheck(addr, false);
    return this.bus.read8(addr);
  }
  write32(addr: number, v: number): void {
    const r = this.dram;
    const o = (addr - r.base) >>> 0;
    if (o < r.size - 3 && (o & 3) === 0 && (!this.mpuOn || (this.permRam[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 2 : 8)) !== 0)) {
      this.bus.stall += r.writeWait;
      r.i32[o >> 2] = v;
      if (r.codeCache !== null) r.invalidateCode(o, 4);
      return;
    }
    if (this.mpuOn) this.mpuCheck(addr, true);
    this.bus.write32(addr, v);
  }
  write16(addr: number, v: number): void {
    if (this.mpuOn) this.mpuCheck(addr, true);
    this.bus.write16(addr, v);
  }
  write8(addr: number, v: number): void {
    if (this.mpuOn) this.mpuCheck(addr, true);
    this.bus.write8(addr, v);
  }
  /** Word / halfword accesses of LDR/STR/LDRH/STRH/TBH: CCR.UNALIGN_TRP makes unaligned ones fault (A3.2.1). */
  private ld32(addr: number): number {
    if ((addr & 3) !== 0 && (this.ccr & CCR_UNALIGN_TRP) !== 0) this.raiseUsage(UFSR_UNALIGNED);
    return this.read32(addr);
  }
  private ld16(addr: number): number {
    if ((addr & 1) !== 0 && (this.ccr & CCR_UNALIGN_TRP) !== 0) this.raiseUsage(UFSR_UNALIGNED);
    return this.read16(addr);
  }
  private st32(addr: number, v: number): void {
    if ((addr & 3) !== 0 && (this.ccr & CCR_UNALIGN_TRP) !== 0) this.raiseUsage(UFSR_UNALIGNED);
    this.write32(addr, v);
  }
  private st16(addr: number, v: number): void {
    if ((addr & 1) !== 0 && (this.ccr & CCR_UNALIGN_TRP) !== 0) this.raiseUsage(UFSR_UNALIGNED);
    this.write16(addr, v);
  }

  /** Picks the regions of the interpreter's direct load/store path (see run()). */
  private pickDataRegions(): void {
    const none = NO_REGION;
    this.regionsPicked = true;
    // A region whose read timing is dynamic (bus ReadModel) is left to the bus, which asks the model.
    const ok = (r: MemRegion) => r.readable && r.readModel === null && (r.base & 3) === 0 && (r.size & 3) === 0;
    const regs = this.host.bus.regions;
    this.dram = regs.find((r) => ok(r) && r.writable) ?? none;
    this.drom = regs.find((r) => ok(r) && !r.writable) ?? none;
    this.permRam = new Uint8Array(Math.ceil(this.dram.size / 32));
    this.permRom = new Uint8Array(Math.ceil(this.drom.size / 32));
  }

  /** FpHost: APSR.NZCV from bits 31..28. */
  setNZCV(v: number): void {
    this.nzcv = (v >>> 28) & 0xf;
  }
  fpUnaligned(_addr: number): never {
    return this.raiseUsage(UFSR_UNALIGNED);
  }

  // ------------------------------------------------------------------------------------------
  // ALU helpers

  private condPassed(c: number): boolean {
    return COND_TABLE[(c << 4) | this.nzcv] !== 0;
  }

  /** Shift by an immediate (decoded type/amount in x), carry out in this.sc. */
  private shiftC(v: number, x: number): number {
    const t = x & X_SHT_MASK;
    const n = (x >>> X_SHN_SHIFT) & 63;
    if (n === 0 && t !== 4) {
      this.sc = (this.nzcv >>> 1) & 1;
      return v;
    }
    switch (t) {
      case SH_LSL:
        this.sc = (v >>> (32 - n)) & 1;
        return n >= 32 ? 0 : v << n;
      case SH_LSR:
        this.sc = (v >>> (n - 1)) & 1;
        return n >= 32 ? 0 : v >>> n;
      case SH_ASR:
        this.sc = (v >> (n > 32 ? 31 : n - 1)) & 1;
        return n >= 32 ? v >> 31 : v >> n;
      case SH_ROR:
        this.sc = (v >>> ((n - 1) & 31)) & 1;
        return (v >>> n) | (v << (32 - n));
      default: // RRX
        this.sc = v & 1;
        return (((this.nzcv >>> 1) & 1) << 31) | (v >>> 1);
    }
  }

  /** Shift by a register amount (bottom byte), carry out in this.sc. */
  private shiftRegC(v: number, t: number, amt: number): number {
    const n = amt & 0xff;
    if (n === 0) {
      this.sc = (this.nzcv >>> 1) & 1;
      return v;
    }
    switch (t) {
      case SH_LSL:
        this.sc = n > 32 ? 0 : (v >>> (32 - n)) & 1;
        return n >= 32 ? 0 : v << n;
      case SH_LSR:
        this.sc = n > 32 ? 0 : (v >>> (n - 1)) & 1;
        return n >= 32 ? 0 : v >>> n;
      case SH_ASR:
        this.sc = (v >> (n > 32 ? 31 : n - 1)) & 1;
        return n >= 32 ? v >> 31 : v >> n;
      default: {
        const r = n & 31;
        this.sc = (v >>> ((n - 1) & 31)) & 1;
        return r === 0 ? v : (v >>> r) | (v << (32 - r));
      }
    }
  }

  private addFlags(a: number, b: number, c: number): number {
    const r = (a + b + c) | 0;
    this.nzcv = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | ((a >>> 0) + (b >>> 0) + c > 0xffffffff ? 2 : 0) | (((a ^ r) & (b ^ r)) >>> 31);
    return r;
  }

  /** 32 x 32 -> 64-bit product (signed or unsigned): returns the low word, the high word in this.mhi. */
  mul64(a: number, b: number, signed: boolean): number {
    const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
    const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
    const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    let hi = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536);
    if (signed) {
      if (a < 0) hi -= b >>> 0;
      if (b < 0) hi -= a >>> 0;
    }
    this.mhi = hi | 0;
    return ((mid << 16) | (p00 & 0xffff)) | 0;
  }

  private nz(r: number): void {
    this.nzcv = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | (this.nzcv & 3);
  }

  private sat(v: number, bits: number): number {
    // signed saturation to bits (1..32); sets Q
    const max = 2 ** (bits - 1) - 1;
    const min = -(2 ** (bits - 1));
    if (v > max) {
      this.fQ = 1;
      return max;
    }
    if (v < min) {
      this.fQ = 1;
      return min;
    }
    return v;
  }

  private usat(v: number, bits: number): number {
    const max = 2 ** bits - 1;
    if (v > max) {
      this.fQ = 1;
      return max;
    }
    if (v < 0) {
      this.fQ = 1;
      return 0;
    }
    return v;
  }

  // ------------------------------------------------------------------------------------------
  // Fetch and decode

  private setCodeRegion(pc: number): void {
    const r = this.host.bus.fetchRegion(pc, 2);
    if (r.codeCache === null) {
      r.codeCache = new Int32Array((r.size + 1) >>> 1);
      r.codeShift = 1;
    }
    this.creg = r;
    this.cbase = r.base;
    this.cend = r.end;
    this.setCodeWindow(pc);
    this.fm = r.fetchModel;
    this.fmMask = r.fetchModel ? ~(r.fetchModel.fetchBytes - 1) : ~3;
    this.flatFetchWait = r.fetchModel ? 0 : r.fetchWait;
    this.lastFetch = -1;
  }

  /** Sets the execution window around pc (see wlo); raises MemManage IACCVIOL when pc may not execute. */
  private setCodeWindow(pc: number): void {
    const r = this.creg!;
    this.codeWinDirty = false;
    if (!this.mpuOn || this.mpuBypassed()) {
      this.wlo = r.base;
      this.whi = r.end;
      this.wcc = r.codeCache;
      return;
    }
    const priv = this.privileged;
    const ok = (a: number) => this.mpuExec(a, priv);
    if (!ok(pc)) {
      // run() must not keep this region's window: the handler re-enters setCodeRegion
      this.codeWinDirty = true;
      this.attn = true;
      this.raiseFault(EXC_MEMMANAGE, MMFSR_IACCVIOL, 0);
    }
    // Grow the window granule by granule (at most 64 KiB each way: the scan runs at each window change).
    let lo = pc & ~31;
    let hi = lo + 32;
    const minLo = Math.max(r.base, lo - 0x10000), maxHi = Math.min(r.end, hi + 0x10000);
    while (lo - 32 >= minLo && ok(lo - 32)) lo -= 32;
    while (hi < maxHi && ok(hi)) hi += 32;
    this.wlo = Math.max(lo, r.base);
    this.whi = Math.min(hi, r.end);
    this.wcc = r.codeCache!.subarray((this.wlo - r.base) >>> 1);
  }

  /** Instruction fetch permission at addr (B3.5.3): the region's read permission and XN clear; the default map where no region matches. */
  private mpuExec(addr: number, priv: boolean): boolean {
    const i = this.mpuRegionAt(addr);
    if (i >= 0 && (this.mpuRasr[i] >>> 28) & 1) return false; // XN
    return this.mpuAccess(addr, priv, false);
  }

  /** The MPU, the privilege or the MPU bypass changed: run() recomputes its execution window. */
  private codeWindowChanged(): void {
    if (!this.mpuOn && this.wcc === (this.creg ? this.creg.codeCache : null)) return;
    this.codeWinDirty = true;
    this.attn = true;
  }

  /** Decodes the instruction at pc into the pool; returns its slot. */
  private decodeAt(pc: number): number {
    const r = this.creg!;
    const off = pc - this.cbase;
    const hw1 = r.u8[off] | (r.u8[off + 1] << 8);
    let hw2 = 0;
    if (isWide(hw1)) {
      if (pc + 4 > this.cend) this.host.bus.fetchRegion(pc + 2, 2); // throws
      hw2 = r.u8[off + 2] | (r.u8[off + 3] << 8);
    }
    const key = isWide(hw1) ? ((hw1 << 16) | hw2) >>> 0 : hw1;
    let slot = this.intern.get(key);
    if (slot === undefined) {
      const d = decode(hw1, hw2, this.dec, this.fp.decoder);
      slot = this.poolUsed++;
      if (slot * 4 >= this.pool.length) {
        const g = new Int32Array(this.pool.length * 2);
        g.set(this.pool);
        this.pool = g;
      }
      const p = this.pool;
      const lsk = T.LS_KIND[d.op];
      p[slot * 4] = d.op | (d.size === 4 ? 1 << 8 : 0) | (lsk === 1 ? W_LS_STORE : lsk === 2 ? W_LS_LOAD : 0) |
        (T.DP_WRITES_D[d.op] !== 0 ? W_DP : 0) | (d.d << 12) | (d.n << 16) | (d.m << 20) | (d.t << 24) | (d.a << 28);
      p[slot * 4 + 1] = d.imm;
      p[slot * 4 + 2] = d.x;
      p[slot * 4 + 3] = key | 0;
      this.intern.set(key, slot);
    }
    r.codeCache![off >>> 1] = slot;
    return slot;
  }

  /** Pipeline refill cost of a taken branch to target (timing.ts P rules). */
  private refill(base: number, target: number): number {
    if ((target & 2) !== 0 && target >= this.cbase && target + 2 <= this.cend) {
      const r = this.creg!;
      const o = target - this.cbase;
      if (isWide(r.u8[o] | (r.u8[o + 1] << 8))) return base + T.P_UNALIGNED_WIDE;
    }
    return base;
  }

  /** BXWritePC / LoadWritePC (A2.3.1): interworking branch or exception return. */
  private bxWritePC(v: number): number {
    if (this.ipsr !== 0 && (v >>> 28) === 0xf) return this.excReturn(v);
    if ((v & 1) === 0) return this.raiseUsage(UFSR_INVSTATE, v & ~1);
    return v & ~1;
  }

  // ------------------------------------------------------------------------------------------
  // The interpreter

  run(): void {
    if (this.halted !== null) return;
    if (this.pendCount > 0) this.checkPending();
    if (this.sleeping || this.halted !== null) return;
    if (!this.regionsPicked) this.pickDataRegions();
    const sched = this.host.sched;
    const bus = this.host.bus;
    const R = this.r;
    let pc = this.pcv;
    let itNow = 0;
    // timing state: register loaded by the previous single load (pipelining), register written by the
    // previous data-processing instruction (address dependency), last instruction fetch unit
    let prevLoad = this.prevLoad;
    let prevDp = this.prevDp;
    let lastFetch = this.lastFetch;
    const stl = this.stalls;
    const BASE = T.BASE;
    const COND = COND_TABLE;
    // Direct data paths (no MPU): the RAM region (loads and stores) and the read-only region (loads).
    // The same arrays, bounds and wait states the bus would use; anything else goes through the bus.
    const dr = this.dram;
    const dBase = dr.base, dSize = dr.size, dI32 = dr.i32, dU16 = dr.u16, dU8 = dr.u8;
    const dRW = dr.readWait, dWW = dr.writeWait;
    const fr = this.drom;
    const fBase = fr.base, fSize = fr.size, fI32 = fr.i32, fU16 = fr.u16, fU8 = fr.u8;
    const fRW = fr.readWait;
    const dPerm = this.permRam, fPerm = this.permRom;
    let icount = 0;
    for (;;) {
      try {
        let pool = this.pool;
        let cc = this.creg !== null && !this.codeWinDirty ? this.wcc : null;
        let cbase = this.wlo, cend = this.whi;
        let fm = this.fm;
        let fmMask = this.fmMask;
        let flatWait = this.flatFetchWait;
        while (sched.now < sched.limit) {
          if (this.attn) {
            // rare conditions checked between instructions (set together with requestBreak)
            this.attn = false;
            if (this.sleepOnExitPending) {
              this.sleepOnExitPending = false;
              if (!this.wakeReady(true)) {
                this.sleeping = true;
                this.wfeSleep = false;
                this.pcv = pc;
                this.instructions += icount;
                this.lastFetch = lastFetch;
                return;
              }
            }
            if (this.pendingInvstate) {
              this.pendingInvstate = false;
              R[15] = pc + 4;
              this.raiseUsage(UFSR_INVSTATE);
            }
            if (this.codeWinDirty) cc = null; // re-check fetch permission (MPU, privilege changed)
          }
          if (pc < cbase || pc >= cend || cc === null) {
            R[15] = pc + 4;
            this.setCodeRegion(pc);
            cc = this.wcc!;
            cbase = this.wlo;
            cend = this.whi;
            fm = this.fm;
            fmMask = this.fmMask;
            flatWait = this.flatFetchWait;
            lastFetch = -1;
          }
          let s = cc[(pc - cbase) >>> 1];
          if (s === 0) {
            R[15] = pc + 4;
            s = this.decodeAt(pc);
            pool = this.pool;
          }
          const s4 = s << 2;
          const w0 = pool[s4];
          const op = w0 & 0xff;
          R[15] = pc + 4;
          let npc = pc + 2 + ((w0 >>> 7) & 2);
          let cyc = BASE[op];
          // instruction fetch timing (flash cache / wait states): once per fetch unit consumed
          const lastUnit = (npc - 1) & fmMask;
          if ((pc & fmMask) !== lastFetch || lastUnit !== lastFetch) {
            const first = pc & fmMask;
            let fw = 0;
            if (fm !== null) {
              if (first !== lastFetch) fw += fm.fetch(first);
              if (lastUnit !== first) fw += fm.fetch(lastUnit);
            } else {
              if (first !== lastFetch) fw += flatWait;
              if (lastUnit !== first) fw += flatWait;
            }
            if (fw !== 0) {
              cyc += fw;
              stl.fetch += fw;
            }
            lastFetch = lastUnit;
          }
          itNow = this.it;
          if (itNow !== 0) {
            this.it = (itNow & 7) === 0 ? 0 : (itNow & 0xe0) | ((itNow << 1) & 0x1f);
            if (COND[((itNow >>> 4) << 4) | this.nzcv] === 0) {
              pc = npc;
              sched.now += T.NOT_TAKEN + (cyc - BASE[op]); // a skipped instruction was still fetched: its fetch waits count
              icount++;
              prevLoad = prevDp = -1;
              continue;
            }
          }
          const x = pool[s4 + 2];
          const d = (w0 >>> 12) & 15;
          const n = (w0 >>> 16) & 15;
          const m = (w0 >>> 20) & 15;
          const imm = pool[s4 + 1];
          let ls = 0; // single load/store: address registers for the pipelining rule
          switch (op) {
            // ---------------------------------------------------------------- moves
            case Op.MOV_REG: {
              const v = R[m];
              if (d === 15) {
                npc = v & ~1;
                { const p = (npc & 2) === 0 ? T.P_REG : this.refill(T.P_REG, npc); cyc += p; stl.branch += p; }
                break;
              }
              R[d] = v;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (this.nzcv & 3);
              }
              break;
            }
            case Op.MOV_SHI: {
              const v = this.shiftC(R[m], x);
              R[d] = v;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (this.sc << 1) | (this.nzcv & 1);
              }
              break;
            }
            case Op.MOV_IMM:
              R[d] = imm;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((imm >>> 28) & 8) | (imm === 0 ? 4 : 0) | (x & X_CV ? (x & X_CO ? 2 : 0) : this.nzcv & 2) | (this.nzcv & 1);
              }
              break;
            case Op.MVN_REG: {
              const v = ~this.shiftC(R[m], x);
              R[d] = v;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (this.sc << 1) | (this.nzcv & 1);
              }
              break;
            }
            case Op.MVN_IMM:
              R[d] = ~imm;
              if (x & X_S) {
                this.nzcv = ((~imm >>> 28) & 8) | (~imm === 0 ? 4 : 0) | (x & X_CV ? (x & X_CO ? 2 : 0) : this.nzcv & 2) | (this.nzcv & 1);
              }
              break;
            case Op.MOVW:
              R[d] = imm;
              break;
            case Op.MOVT:
              R[d] = (R[d] & 0xffff) | (imm << 16);
              break;
            // ---------------------------------------------------------------- add / subtract
            case Op.ADD_REG: {
              const b = (x & SHN_MASK) === 0 ? R[m] : this.shiftC(R[m], x);
              if (d === 15) {
                npc = (R[n] + b) & ~1;
                { const p = (npc & 2) === 0 ? T.P_REG : this.refill(T.P_REG, npc); cyc += p; stl.branch += p; }
                break;
              }
              const a = R[n];
              const r = (a + b) | 0;
              R[d] = r;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | ((a >>> 0) + (b >>> 0) > 0xffffffff ? 2 : 0) | (((a ^ r) & (b ^ r)) >>> 31);
              }
              break;
            }
            case Op.ADD_IMM: {
              const a = R[n];
              const r = (a + imm) | 0;
              R[d] = r;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | ((a >>> 0) + (imm >>> 0) > 0xffffffff ? 2 : 0) | (((a ^ r) & (imm ^ r)) >>> 31);
              }
              break;
            }
            case Op.ADC_REG: {
              const b = this.shiftC(R[m], x);
              R[d] = x & X_S || (x & X_SIT && itNow === 0) ? this.addFlags(R[n], b, (this.nzcv >>> 1) & 1) : (R[n] + b + ((this.nzcv >>> 1) & 1)) | 0;
              break;
            }
            case Op.ADC_IMM:
              R[d] = x & X_S ? this.addFlags(R[n], imm, (this.nzcv >>> 1) & 1) : (R[n] + imm + ((this.nzcv >>> 1) & 1)) | 0;
              break;
            case Op.SUB_REG: {
              const b = (x & SHN_MASK) === 0 ? R[m] : this.shiftC(R[m], x);
              const a = R[n];
              const r = (a - b) | 0;
              R[d] = r;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | ((a >>> 0) >= (b >>> 0) ? 2 : 0) | (((a ^ b) & (a ^ r)) >>> 31);
              }
              break;
            }
            case Op.SUB_IMM: {
              const a = R[n];
              const r = (a - imm) | 0;
              R[d] = r;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | ((a >>> 0) >= (imm >>> 0) ? 2 : 0) | (((a ^ imm) & (a ^ r)) >>> 31);
              }
              break;
            }
            case Op.SBC_REG: {
              const b = this.shiftC(R[m], x);
              R[d] = x & X_S || (x & X_SIT && itNow === 0) ? this.addFlags(R[n], ~b, (this.nzcv >>> 1) & 1) : (R[n] + ~b + ((this.nzcv >>> 1) & 1)) | 0;
              break;
            }
            case Op.SBC_IMM:
              R[d] = x & X_S ? this.addFlags(R[n], ~imm, (this.nzcv >>> 1) & 1) : (R[n] + ~imm + ((this.nzcv >>> 1) & 1)) | 0;
              break;
            case Op.RSB_REG: {
              const b = this.shiftC(R[m], x);
              R[d] = x & X_S ? this.addFlags(~R[n], b, 1) : (b - R[n]) | 0;
              break;
            }
            case Op.RSB_IMM:
              R[d] = x & X_S || (x & X_SIT && itNow === 0) ? this.addFlags(~R[n], imm, 1) : (imm - R[n]) | 0;
              break;
            case Op.ADR:
              R[d] = x & X_U ? ((R[15] & ~3) + imm) | 0 : ((R[15] & ~3) - imm) | 0;
              break;
            // ---------------------------------------------------------------- logical
            case Op.AND_REG: case Op.ORR_REG: case Op.ORN_REG: case Op.EOR_REG: case Op.BIC_REG: {
              let b = R[m];
              let sc = (this.nzcv >>> 1) & 1;
              if ((x & SHN_MASK) !== 0) {
                b = this.shiftC(b, x);
                sc = this.sc;
              }
              const a = R[n];
              let v: number;
              switch (op) {
                case Op.AND_REG: v = a & b; break;
                case Op.ORR_REG: v = a | b; break;
                case Op.EOR_REG: v = a ^ b; break;
                case Op.BIC_REG: v = a & ~b; break;
                default: v = a | ~b;
              }
              R[d] = v;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (sc << 1) | (this.nzcv & 1);
              }
              break;
            }
            case Op.AND_IMM: case Op.ORR_IMM: case Op.ORN_IMM: case Op.EOR_IMM: case Op.BIC_IMM: {
              const a = R[n];
              let v: number;
              switch (op) {
                case Op.AND_IMM: v = a & imm; break;
                case Op.ORR_IMM: v = a | imm; break;
                case Op.EOR_IMM: v = a ^ imm; break;
                case Op.BIC_IMM: v = a & ~imm; break;
                default: v = a | ~imm;
              }
              R[d] = v;
              if (x & X_S) {
                this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (x & X_CV ? (x & X_CO ? 2 : 0) : this.nzcv & 2) | (this.nzcv & 1);
              }
              break;
            }
            case Op.TST_REG: case Op.TEQ_REG: {
              const b = this.shiftC(R[m], x);
              const v = op === Op.TST_REG ? R[n] & b : R[n] ^ b;
              this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (this.sc << 1) | (this.nzcv & 1);
              break;
            }
            case Op.TST_IMM: case Op.TEQ_IMM: {
              const v = op === Op.TST_IMM ? R[n] & imm : R[n] ^ imm;
              this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (x & X_CV ? (x & X_CO ? 2 : 0) : this.nzcv & 2) | (this.nzcv & 1);
              break;
            }
            case Op.CMP_REG: case Op.CMP_IMM: {
              const a = R[n];
              const b = op === Op.CMP_IMM ? imm : (x & SHN_MASK) === 0 ? R[m] : this.shiftC(R[m], x);
              const r = (a - b) | 0;
              this.nzcv = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | ((a >>> 0) >= (b >>> 0) ? 2 : 0) | (((a ^ b) & (a ^ r)) >>> 31);
              break;
            }
            case Op.CMN_REG:
              this.addFlags(R[n], this.shiftC(R[m], x), 0);
              break;
            case Op.CMN_IMM:
              this.addFlags(R[n], imm, 0);
              break;
            case Op.SHIFT_REG: {
              const v = this.shiftRegC(R[n], x & X_SHT_MASK, R[m]);
              R[d] = v;
              if (x & X_S || (x & X_SIT && itNow === 0)) {
                this.nzcv = ((v >>> 28) & 8) | (v === 0 ? 4 : 0) | (this.sc << 1) | (this.nzcv & 1);
              }
              break;
            }
            // ---------------------------------------------------------------- multiply / divide
            case Op.MUL: {
              const v = Math.imul(R[n], R[m]);
              R[d] = v;
              if (x & X_SIT && itNow === 0) this.nz(v);
              break;
            }
            case Op.MLA:
              R[d] = (Math.imul(R[n], R[m]) + R[(w0 >>> 28)]) | 0;
              break;
            case Op.MLS:
              R[d] = (R[(w0 >>> 28)] - Math.imul(R[n], R[m])) | 0;
              break;
            case Op.SMULL: case Op.UMULL: case Op.SMLAL: case Op.UMLAL: case Op.UMAAL: {
              const a = w0 >>> 28;
              let lo = this.mul64(R[n], R[m], op === Op.SMULL || op === Op.SMLAL);
              let hi = this.mhi;
              if (op === Op.SMLAL || op === Op.UMLAL) {
                const l = (lo >>> 0) + (R[d] >>> 0);
                hi = (hi + R[a] + (l > 0xffffffff ? 1 : 0)) | 0;
                lo = l | 0;
              } else if (op === Op.UMAAL) {
                let l = (lo >>> 0) + (R[a] >>> 0);
                hi = (hi + (l > 0xffffffff ? 1 : 0)) | 0;
                l = (l >>> 0) + (R[d] >>> 0);
                hi = (hi + (l > 0xffffffff ? 1 : 0)) | 0;
                lo = l | 0;
              }
              R[d] = lo;
              R[a] = hi;
              break;
            }
            case Op.SDIV: case Op.UDIV: {
              const a = op === Op.SDIV ? R[n] : R[n] >>> 0;
              const b = op === Op.SDIV ? R[m] : R[m] >>> 0;
              cyc += T.divCycles(Math.abs(a), Math.abs(b)) - 1;
              if (b === 0) {
                if (this.ccr & CCR_DIV_0_TRP) this.raiseUsage(UFSR_DIVBYZERO);
                R[d] = 0;
              } else R[d] = op === Op.SDIV ? (a === -0x80000000 && b === -1 ? a : Math.trunc(a / b) | 0) : ((a / b) >>> 0) | 0;
              break;
            }
            case Op.SBFX: {
              const w = ((x >>> X_O_SHIFT) & 31) + 1;
              R[d] = (R[n] << (32 - imm - w)) >> (32 - w);
              break;
            }
            case Op.UBFX: {
              const w = ((x >>> X_O_SHIFT) & 31) + 1;
              R[d] = (R[n] << (32 - imm - w)) >>> (32 - w);
              break;
            }
            case Op.BFI: case Op.BFC: {
              const lsb = imm;
              const msb = (x >>> X_O_SHIFT) & 31;
              if (msb >= lsb) {
                const mask = ((msb - lsb === 31 ? -1 : (1 << (msb - lsb + 1)) - 1) << lsb);
                const src = op === Op.BFC ? 0 : R[n] << lsb;
                R[d] = (R[d] & ~mask) | (src & mask);
              }
              break;
            }
            case Op.SXTB: R[d] = (R[m] << 24) >> 24; break;
            case Op.SXTH: R[d] = (R[m] << 16) >> 16; break;
            case Op.UXTB: R[d] = R[m] & 0xff; break;
            case Op.UXTH: R[d] = R[m] & 0xffff; break;
            case Op.SXTAB: case Op.SXTAH: case Op.UXTAB: case Op.UXTAH: case Op.SXTAB16: case Op.UXTAB16: {
              const rot = imm << 3;
              const v = rot === 0 ? R[m] : (R[m] >>> rot) | (R[m] << (32 - rot));
              const a = n === 15 ? 0 : R[n];
              switch (op) {
                case Op.SXTAB: R[d] = (a + ((v << 24) >> 24)) | 0; break;
                case Op.SXTAH: R[d] = (a + ((v << 16) >> 16)) | 0; break;
                case Op.UXTAB: R[d] = (a + (v & 0xff)) | 0; break;
                case Op.UXTAH: R[d] = (a + (v & 0xffff)) | 0; break;
                case Op.SXTAB16:
                  R[d] = ((a + ((v << 24) >> 24)) & 0xffff) | ((((a >> 16) + ((v << 8) >> 24)) & 0xffff) << 16);
                  break;
                default:
                  R[d] = ((a + (v & 0xff)) & 0xffff) | ((((a >>> 16) + ((v >>> 16) & 0xff)) & 0xffff) << 16);
              }
              break;
            }
            case Op.REV: {
              const v = R[m];
              R[d] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
              break;
            }
            // ---------------------------------------------------------------- branches
            case Op.B:
              npc = (R[15] + imm) | 0;
              { const p = (npc & 2) === 0 ? T.P_IMM : this.refill(T.P_IMM, npc); cyc += p; stl.branch += p; }
              break;
            case Op.BCC:
              if (COND[(x >>> (X_COND_SHIFT - 4)) & 0xf0 | this.nzcv] !== 0) {
                npc = (R[15] + imm) | 0;
                { const p = (npc & 2) === 0 ? T.P_IMM : this.refill(T.P_IMM, npc); cyc += p; stl.branch += p; }
              }
              break;
            case Op.BL:
              R[14] = npc | 1;
              npc = (R[15] + imm) | 0;
              { const p = (npc & 2) === 0 ? T.P_IMM : this.refill(T.P_IMM, npc); cyc += p; stl.branch += p; }
              if (this.obs) this.obs.onControl('call', pc >>> 0, npc >>> 0, sched.now);
              break;
            case Op.BX: {
              const v = R[m];
              npc = this.bxWritePC(v);
              { const p = (npc & 2) === 0 ? T.P_REG : this.refill(T.P_REG, npc); cyc += p; stl.branch += p; }
              if (this.obs && m === 14 && this.ipsr === 0 || this.obs && m === 14 && (v >>> 28) !== 0xf) this.obs.onControl('ret', pc >>> 0, npc >>> 0, sched.now);
              break;
            }
            case Op.BLX_REG: {
              const v = R[m];
              R[14] = npc | 1;
              if ((v & 1) === 0) this.raiseUsage(UFSR_INVSTATE, v & ~1);
              npc = v & ~1;
              { const p = (npc & 2) === 0 ? T.P_REG : this.refill(T.P_REG, npc); cyc += p; stl.branch += p; }
              if (this.obs) this.obs.onControl('call', pc >>> 0, npc >>> 0, sched.now);
              break;
            }
            case Op.CBZ: case Op.CBNZ:
              if ((R[n] === 0) === (op === Op.CBZ)) {
                npc = (R[15] + imm) | 0;
                { const p = (npc & 2) === 0 ? T.P_IMM : this.refill(T.P_IMM, npc); cyc += p; stl.branch += p; }
              }
              break;
            case Op.TBB: case Op.TBH: {
              const base = R[n];
              const off = op === Op.TBB ? this.read8((base + R[m]) | 0) : this.ld16((base + (R[m] << 1)) | 0);
              npc = (R[15] + 2 * off) | 0;
              { const p = (npc & 2) === 0 ? T.P_LOAD : this.refill(T.P_LOAD, npc); cyc += p; stl.branch += p; }
              break;
            }
            // ---------------------------------------------------------------- single loads / stores
            case Op.LDR_IMM: case Op.LDR_REG: case Op.LDR_LIT: {
              let addr: number;
              if (op === Op.LDR_IMM) {
                const base = R[n];
                addr = x & X_P ? (base + (x & X_U ? imm : -imm)) | 0 : base;
                ls = x & X_W ? 32 + n : n;
              } else if (op === Op.LDR_REG) {
                addr = (R[n] + (R[m] << ((x >>> X_SHN_SHIFT) & 3))) | 0;
                ls = n | (m << 8) | 0x10000;
              } else {
                addr = x & X_U ? ((R[15] & ~3) + imm) | 0 : ((R[15] & ~3) - imm) | 0;
                ls = 15;
              }
              let v: number;
              let o = (addr - dBase) >>> 0;
              if (o < dSize - 3 && (o & 3) === 0 && (!this.mpuOn || (dPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
                v = dI32[o >> 2];
                cyc += dRW;
              } else {
                o = (addr - fBase) >>> 0;
                if (o < fSize - 3 && (o & 3) === 0 && (!this.mpuOn || (fPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
                  v = fI32[o >> 2];
                  cyc += fRW;
                } else v = this.ld32(addr);
              }
              if (op === Op.LDR_IMM && x & X_W) R[n] = (R[n] + (x & X_U ? imm : -imm)) | 0;
              const t = (w0 >>> 24) & 15;
              if (t === 15) {
                npc = this.bxWritePC(v);
                { const p = (npc & 2) === 0 ? T.P_LOAD : this.refill(T.P_LOAD, npc); cyc += p; stl.branch += p; }
                if (op === Op.LDR_IMM && this.obs && n === 13) this.obs.onControl('ret', pc >>> 0, npc >>> 0, sched.now);
              } else R[t] = v;
              break;
            }
            case Op.STR_IMM: case Op.STR_REG: {
              let addr: number;
              if (op === Op.STR_IMM) {
                const base = R[n];
                addr = x & X_P ? (base + (x & X_U ? imm : -imm)) | 0 : base;
                ls = x & X_W ? 32 + n : n;
              } else {
                addr = (R[n] + (R[m] << ((x >>> X_SHN_SHIFT) & 3))) | 0;
                ls = n | (m << 8) | 0x10000;
              }
              const v = R[(w0 >>> 24) & 15];
              const o = (addr - dBase) >>> 0;
              if (o < dSize - 3 && (o & 3) === 0 && (!this.mpuOn || (dPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 2 : 8)) !== 0)) {
                dI32[o >> 2] = v;
                cyc += dWW;
                if (dr.codeCache !== null) dr.invalidateCode(o, 4);
              } else this.st32(addr, v);
              if (op === Op.STR_IMM && x & X_W) R[n] = (R[n] + (x & X_U ? imm : -imm)) | 0;
              break;
            }
            case Op.LDRB_IMM: case Op.LDRSB_IMM: case Op.LDRB_REG: case Op.LDRSB_REG: case Op.LDRB_LIT: case Op.LDRSB_LIT: {
              let addr: number;
              if (op === Op.LDRB_IMM || op === Op.LDRSB_IMM) {
                const base = R[n];
                addr = x & X_P ? (base + (x & X_U ? imm : -imm)) | 0 : base;
                ls = x & X_W ? 32 + n : n;
              } else if (op === Op.LDRB_REG || op === Op.LDRSB_REG) {
                addr = (R[n] + (R[m] << ((x >>> X_SHN_SHIFT) & 3))) | 0;
                ls = n | (m << 8) | 0x10000;
              } else {
                addr = x & X_U ? ((R[15] & ~3) + imm) | 0 : ((R[15] & ~3) - imm) | 0;
                ls = 15;
              }
              let v: number;
              let o = (addr - dBase) >>> 0;
              if (o < dSize && (!this.mpuOn || (dPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
                v = dU8[o];
                cyc += dRW;
              } else {
                o = (addr - fBase) >>> 0;
                if (o < fSize && (!this.mpuOn || (fPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
                  v = fU8[o];
                  cyc += fRW;
                } else v = this.read8(addr);
              }
              if (op === Op.LDRSB_IMM || op === Op.LDRSB_REG || op === Op.LDRSB_LIT) v = (v << 24) >> 24;
              if (x & X_W && (op === Op.LDRB_IMM || op === Op.LDRSB_IMM)) R[n] = (R[n] + (x & X_U ? imm : -imm)) | 0;
              R[(w0 >>> 24) & 15] = v;
              break;
            }
            case Op.LDRH_IMM: case Op.LDRSH_IMM: case Op.LDRH_REG: case Op.LDRSH_REG: case Op.LDRH_LIT: case Op.LDRSH_LIT: {
              let addr: number;
              if (op === Op.LDRH_IMM || op === Op.LDRSH_IMM) {
                const base = R[n];
                addr = x & X_P ? (base + (x & X_U ? imm : -imm)) | 0 : base;
                ls = x & X_W ? 32 + n : n;
              } else if (op === Op.LDRH_REG || op === Op.LDRSH_REG) {
                addr = (R[n] + (R[m] << ((x >>> X_SHN_SHIFT) & 3))) | 0;
                ls = n | (m << 8) | 0x10000;
              } else {
                addr = x & X_U ? ((R[15] & ~3) + imm) | 0 : ((R[15] & ~3) - imm) | 0;
                ls = 15;
              }
              let v: number;
              let o = (addr - dBase) >>> 0;
              if (o < dSize - 1 && (o & 1) === 0 && (!this.mpuOn || (dPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
                v = dU16[o >> 1];
                cyc += dRW;
              } else {
                o = (addr - fBase) >>> 0;
                if (o < fSize - 1 && (o & 1) === 0 && (!this.mpuOn || (fPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 1 : 4)) !== 0)) {
                  v = fU16[o >> 1];
                  cyc += fRW;
                } else v = this.ld16(addr);
              }
              if (op === Op.LDRSH_IMM || op === Op.LDRSH_REG || op === Op.LDRSH_LIT) v = (v << 16) >> 16;
              if (x & X_W && (op === Op.LDRH_IMM || op === Op.LDRSH_IMM)) R[n] = (R[n] + (x & X_U ? imm : -imm)) | 0;
              R[(w0 >>> 24) & 15] = v;
              break;
            }
            case Op.STRB_IMM: case Op.STRB_REG: {
              let addr: number;
              if (op === Op.STRB_IMM) {
                const base = R[n];
                addr = x & X_P ? (base + (x & X_U ? imm : -imm)) | 0 : base;
                ls = x & X_W ? 32 + n : n;
              } else {
                addr = (R[n] + (R[m] << ((x >>> X_SHN_SHIFT) & 3))) | 0;
                ls = n | (m << 8) | 0x10000;
              }
              const v = R[(w0 >>> 24) & 15];
              const o = (addr - dBase) >>> 0;
              if (o < dSize && (!this.mpuOn || (dPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 2 : 8)) !== 0)) {
                dU8[o] = v;
                cyc += dWW;
                if (dr.codeCache !== null) dr.invalidateCode(o, 1);
              } else this.write8(addr, v);
              if (op === Op.STRB_IMM && x & X_W) R[n] = (R[n] + (x & X_U ? imm : -imm)) | 0;
              break;
            }
            case Op.STRH_IMM: case Op.STRH_REG: {
              let addr: number;
              if (op === Op.STRH_IMM) {
                const base = R[n];
                addr = x & X_P ? (base + (x & X_U ? imm : -imm)) | 0 : base;
                ls = x & X_W ? 32 + n : n;
              } else {
                addr = (R[n] + (R[m] << ((x >>> X_SHN_SHIFT) & 3))) | 0;
                ls = n | (m << 8) | 0x10000;
              }
              const v = R[(w0 >>> 24) & 15];
              const o = (addr - dBase) >>> 0;
              if (o < dSize - 1 && (o & 1) === 0 && (!this.mpuOn || (dPerm[o >>> 5] & (this.ipsr !== 0 || this.npriv === 0 ? 2 : 8)) !== 0)) {
                dU16[o >> 1] = v;
                cyc += dWW;
                if (dr.codeCache !== null) dr.invalidateCode(o, 2);
              } else this.st16(addr, v);
              if (op === Op.STRH_IMM && x & X_W) R[n] = (R[n] + (x & X_U ? imm : -imm)) | 0;
              break;
            }
            case Op.LDRD: case Op.STRD: case Op.LDRD_LIT: {
              const base = op === Op.LDRD_LIT ? R[15] & ~3 : R[n];
              const off = x & X_U ? imm : -imm;
              const addr = x & X_P ? (base + off) | 0 : base;
              if (addr & 3) this.raiseUsage(UFSR_UNALIGNED);
              const t = ((w0 >>> 24) & 15);
              const t2 = (w0 >>> 28);
              const o = (addr - dBase) >>> 0;
              if (op === Op.STRD) {
                if (o < dSize - 7 && (!this.mpuOn || this.mpuAllowRange(dPerm, dBase, o, 8, 1))) {
                  dI32[o >> 2] = R[t];
                  dI32[(o >> 2) + 1] = R[t2];
                  cyc += 2 * dWW;
                  if (dr.codeCache !== null) dr.invalidateCode(o, 8);
                } else {
                  this.write32(addr, R[t]);
                  this.write32(addr + 4, R[t2]);
                }
                if (x & X_W) R[n] = (base + off) | 0;
              } else {
                let v1: number, v2: number;
                if (o < dSize - 7 && (!this.mpuOn || this.mpuAllowRange(dPerm, dBase, o, 8, 0))) {
                  v1 = dI32[o >> 2];
                  v2 = dI32[(o >> 2) + 1];
                  cyc += 2 * dRW;
                } else {
                  v1 = this.read32(addr);
                  v2 = this.read32(addr + 4);
                }
                if (x & X_W && op === Op.LDRD) R[n] = (base + off) | 0;
                R[t] = v1;
                R[t2] = v2;
              }
              break;
            }
            case Op.LDM: case Op.LDMDB: case Op.STM: case Op.STMDB: {
              const list = imm;
              const cnt = popcount16(list);
              const base = R[n];
              let addr = op === Op.LDMDB || op === Op.STMDB ? (base - 4 * cnt) | 0 : base;
              if (addr & 3) this.raiseUsage(UFSR_UNALIGNED);
              const wbv = op === Op.LDMDB || op === Op.STMDB ? addr : (base + 4 * cnt) | 0;
              cyc += cnt;
              const o = (addr - dBase) >>> 0;
              const direct = o <= dSize - 4 * cnt && (!this.mpuOn || this.mpuAllowRange(dPerm, dBase, o, 4 * cnt, op === Op.STM || op === Op.STMDB ? 1 : 0));
              if (op === Op.STM || op === Op.STMDB) {
                if (direct) {
                  let k = o >> 2;
                  for (let i = 0; i < 15; i++) if (list & (1 << i)) { dI32[k++] = R[i]; cyc += dWW; }
                  if (dr.codeCache !== null) dr.invalidateCode(o, 4 * cnt);
                } else for (let i = 0; i < 15; i++) if (list & (1 << i)) { this.write32(addr, R[i]); addr += 4; }
                if (x & X_W) R[n] = wbv;
              } else {
                let newPc = -1;
                // loads complete before writeback; a loaded base wins (A7.7.40: writeback with Rn in list UNPREDICTABLE)
                if (direct) {
                  let k = o >> 2;
                  for (let i = 0; i < 15; i++) if (list & (1 << i)) R[i] = dI32[k++];
                  if (list & 0x8000) newPc = dI32[k];
                  cyc += cnt * dRW;
                } else {
                  for (let i = 0; i < 15; i++) if (list & (1 << i)) { R[i] = this.read32(addr); addr += 4; }
                  if (list & 0x8000) newPc = this.read32(addr);
                }
                if (x & X_W && !(list & (1 << n))) R[n] = wbv;
                if (list & 0x8000) {
                  npc = this.bxWritePC(newPc);
                  { const p = (npc & 2) === 0 ? T.P_LOAD : this.refill(T.P_LOAD, npc); cyc += p; stl.branch += p; }
                  if (this.obs) this.obs.onControl(this.ipsr !== 0 && (newPc >>> 28) === 0xf ? 'eret' : 'ret', pc >>> 0, npc >>> 0, sched.now);
                }
              }
              break;
            }
            case Op.LDREX: {
              const addr = (R[n] + imm) | 0;
              if (addr & 3) this.raiseUsage(UFSR_UNALIGNED);
              R[((w0 >>> 24) & 15)] = this.read32(addr);
              this.exclAddr = addr;
              ls = n;
              break;
            }
            case Op.LDREXB: R[((w0 >>> 24) & 15)] = this.read8(R[n]); this.exclAddr = R[n]; ls = n; break;
            case Op.LDREXH: {
              if (R[n] & 1) this.raiseUsage(UFSR_UNALIGNED);
              R[((w0 >>> 24) & 15)] = this.read16(R[n]);
              this.exclAddr = R[n];
              ls = n;
              break;
            }
            case Op.STREX: case Op.STREXB: case Op.STREXH: {
              const addr = op === Op.STREX ? (R[n] + imm) | 0 : R[n];
              if ((op === Op.STREX && addr & 3) || (op === Op.STREXH && addr & 1)) this.raiseUsage(UFSR_UNALIGNED);
              ls = n;
              if (this.exclAddr === addr) {
                const t = ((w0 >>> 24) & 15);
                if (op === Op.STREX) this.write32(addr, R[t]);
                else if (op === Op.STREXH) this.write16(addr, R[t]);
                else this.write8(addr, R[t]);
                R[d] = 0;
              } else R[d] = 1;
              this.exclAddr = -1;
              break;
            }
            case Op.CLREX: this.exclAddr = -1; break;
            case Op.PLD: break;
            // ---------------------------------------------------------------- system
            case Op.IT: this.it = (x >>> X_O_SHIFT) & 0xff; break;
            case Op.NOP: case Op.BARRIER: case Op.ISB: break;
            case Op.SVC:
              sched.now += cyc;
              cyc = 0;
              npc = this.takeSync(EXC_SVCALL, 0, 0, npc);
              break;
            case Op.BKPT:
              if (imm === 0xab) {
                R[0] = this.host.semihost(R[0] >>> 0, R[1] >>> 0);
              } else {
                sched.now += cyc;
                cyc = 0;
                npc = this.takeSync(EXC_HARDFAULT, HFSR_DEBUGEVT, 0, pc);
              }
              break;
            case Op.WFI:
              icount++;
              sched.now += cyc;
              pc = npc;
              if (!this.wakeReady(true)) {
                this.sleeping = true;
                this.wfeSleep = false;
                this.pcv = pc;
                this.instructions += icount;
                this.lastFetch = lastFetch;
                return;
              }
              continue;
            case Op.WFE:
              icount++;
              sched.now += cyc;
              pc = npc;
              if (this.eventReg) {
                this.eventReg = 0;
                continue;
              }
              if (!this.wakeReady(true)) {
                this.sleeping = true;
                this.wfeSleep = true;
                this.pcv = pc;
                this.instructions += icount;
                this.lastFetch = lastFetch;
                return;
              }
              continue;
            case Op.FP:
              cyc = this.fp.exec(imm, pool[s4 + 3], pc, itNow) + (cyc - T.BASE[op]);
              break;
            default:
              this.execCold(op, w0, x, imm); // rarely executed operations, out of the hot loop
          }
          // load/store timing rules (timing.ts [LS]); the kind is packed in the pool word (decodeAt)
          if ((w0 & W_LS_MASK) !== 0) {
            const rn = ls & 0xff;
            const rm = ls & 0x10000 ? (ls >>> 8) & 0xff : -2;
            if (prevLoad >= 0 && prevLoad !== rn && prevLoad !== rm) cyc -= T.LS_SINGLE - T.LS_PIPELINED;
            if (prevDp >= 0 && (prevDp === rn || prevDp === rm)) {
              cyc += T.ADDR_DEP_STALL;
              stl.loadUse += T.ADDR_DEP_STALL; // address interlock: the closest StallCounters cause
            }
            prevLoad = (w0 & W_LS_LOAD) !== 0 ? (op >= Op.STREX && op <= Op.STREXH ? 16 : ((w0 >>> 24) & 15)) : -1;
          } else prevLoad = -1;
          prevDp = (w0 & W_DP) !== 0 ? d : -1;
          const st = bus.stall;
          if (st !== 0) {
            cyc += st;
            bus.stall = 0;
          }
          sched.now += cyc;
          icount++;
          pc = npc;
        }
        this.pcv = pc;
        this.instructions += icount;
        this.prevLoad = prevLoad;
        this.prevDp = prevDp;
        this.lastFetch = lastFetch;
        return;
      } catch (e) {
        this.instructions += icount;
        icount = 0;
        const fpc = (R[15] - 4) | 0;
        prevLoad = prevDp = -1;
        bus.stall = 0;
        this.lastFetch = lastFetch;
        if (isArmFault(e)) {
          const f = e;
          if (f.exc === EXC_USAGEFAULT || f.exc === EXC_MEMMANAGE || f.exc === EXC_BUSFAULT || f.exc === EXC_HARDFAULT) this.it = itNow;
          this.pcv = fpc;
          pc = this.takeSync(f.exc, f.bits, f.addr, f.retPc >= 0 ? f.retPc : fpc);
        } else if (isBusFault(e)) {
          this.it = itNow;
          this.pcv = fpc;
          const fetch = e.kind === 'fetch';
          pc = this.takeSync(EXC_BUSFAULT, fetch ? BFSR_IBUSERR : BFSR_PRECISERR, e.addr, fpc);
        } else throw e;
        this.pcv = pc;
        lastFetch = this.lastFetch;
        if (this.halted !== null) return;
      }
    }
  }

  /** Operations rare in compiled code (DSP, saturation, packing, special registers): kept out of run() so its loop stays small. */
  private execCold(op: number, w0: number, x: number, imm: number): void {
    const R = this.r;
    const d = (w0 >>> 12) & 15;
    const n = (w0 >>> 16) & 15;
    const m = (w0 >>> 20) & 15;
    switch (op) {
      case Op.LDRT: case Op.LDRBT: case Op.LDRHT: case Op.LDRSBT: case Op.LDRSHT:
      case Op.STRT: case Op.STRBT: case Op.STRHT: {
        // A7.7 LDRT...: an offset access performed as unprivileged whatever the current mode, so the
        // MPU (and the system space) check it with unprivileged permissions: the privilege state is
        // lowered around the access and restored, also when the access faults.
        const addr = (R[n] + imm) | 0;
        const t = (w0 >>> 24) & 15;
        const ipsr = this.ipsr;
        const npriv = this.npriv;
        this.ipsr = 0;
        this.npriv = 1;
        try {
          switch (op) {
            case Op.LDRT: R[t] = this.ld32(addr); break;
            case Op.LDRBT: R[t] = this.read8(addr); break;
            case Op.LDRHT: R[t] = this.ld16(addr); break;
            case Op.LDRSBT: R[t] = (this.read8(addr) << 24) >> 24; break;
            case Op.LDRSHT: R[t] = (this.ld16(addr) << 16) >> 16; break;
            case Op.STRT: this.st32(addr, R[t]); break;
            case Op.STRBT: this.write8(addr, R[t]); break;
            default: this.st16(addr, R[t]);
          }
        } finally {
          this.ipsr = ipsr;
          this.npriv = npriv;
        }
        break;
      }
      case Op.SMULXY: case Op.SMLAXY: {
        const o = (x >>> X_O_SHIFT) & 3;
        const a = o & 2 ? R[n] >> 16 : (R[n] << 16) >> 16;
        const b = o & 1 ? R[m] >> 16 : (R[m] << 16) >> 16;
        const p = a * b;
        if (op === Op.SMULXY) R[d] = p;
        else {
          const v = p + R[(w0 >>> 28)];
          if (v !== (v | 0)) this.fQ = 1;
          R[d] = v | 0;
        }
        break;
      }
      case Op.SMULWY: case Op.SMLAWY: {
        const b = (x >>> X_O_SHIFT) & 1 ? R[m] >> 16 : (R[m] << 16) >> 16;
        // (Rn * b) >> 16: exact 48-bit product split so no bit is lost
        const p = Math.floor(((R[n] >> 16) * b) + ((R[n] & 0xffff) * b) / 65536);
        if (op === Op.SMULWY) R[d] = p | 0;
        else {
          const v = p + R[(w0 >>> 28)];
          if (v !== (v | 0)) this.fQ = 1;
          R[d] = v | 0;
        }
        break;
      }
      case Op.SMUAD: case Op.SMLAD: case Op.SMUSD: case Op.SMLSD: {
        let b = R[m];
        if ((x >>> X_O_SHIFT) & 1) b = (b >>> 16) | (b << 16);
        const p1 = ((R[n] << 16) >> 16) * ((b << 16) >> 16);
        const p2 = (R[n] >> 16) * (b >> 16);
        let v = op === Op.SMUAD || op === Op.SMLAD ? p1 + p2 : p1 - p2;
        if (op === Op.SMLAD || op === Op.SMLSD) v += R[(w0 >>> 28)];
        if (v !== (v | 0)) this.fQ = 1;
        R[d] = v | 0;
        break;
      }
      case Op.SMLALD: case Op.SMLSLD: {
        let b = R[m];
        if ((x >>> X_O_SHIFT) & 1) b = (b >>> 16) | (b << 16);
        const p1 = ((R[n] << 16) >> 16) * ((b << 16) >> 16);
        const p2 = (R[n] >> 16) * (b >> 16);
        const a = (w0 >>> 28);
        const acc = (BigInt(R[a]) << 32n) | BigInt(R[d] >>> 0);
        const v = acc + BigInt(op === Op.SMLALD ? p1 + p2 : p1 - p2);
        R[d] = Number(BigInt.asIntN(32, v));
        R[a] = Number(BigInt.asIntN(32, v >> 32n));
        break;
      }
      case Op.SMLALXY: {
        const o = (x >>> X_O_SHIFT) & 3;
        const a1 = o & 2 ? R[n] >> 16 : (R[n] << 16) >> 16;
        const b1 = o & 1 ? R[m] >> 16 : (R[m] << 16) >> 16;
        const a = (w0 >>> 28);
        const v = ((BigInt(R[a]) << 32n) | BigInt(R[d] >>> 0)) + BigInt(a1 * b1);
        R[d] = Number(BigInt.asIntN(32, v));
        R[a] = Number(BigInt.asIntN(32, v >> 32n));
        break;
      }
      case Op.SMMUL: case Op.SMMLA: case Op.SMMLS: {
        let lo = this.mul64(R[n], R[m], true);
        let hi = this.mhi;
        if (op === Op.SMMLS) {
          // (Ra << 32) - p
          hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
          lo = -lo | 0;
        }
        if (op !== Op.SMMUL) hi = (hi + R[(w0 >>> 28)]) | 0;
        if ((x >>> X_O_SHIFT) & 1) hi = (hi + (lo >>> 31)) | 0; // + 0x80000000 before taking the top word
        R[d] = hi;
        break;
      }
      case Op.USADA8: {
        const a = R[n];
        const b = R[m];
        let sum = 0;
        for (let i = 0; i < 32; i += 8) sum += Math.abs(((a >>> i) & 0xff) - ((b >>> i) & 0xff));
        R[d] = (sum + ((w0 >>> 28) === 15 ? 0 : R[(w0 >>> 28)])) | 0;
        break;
      }
      // ---------------------------------------------------------------- saturate, bitfield, extend
      case Op.SSAT: case Op.USAT: {
        const v = this.shiftC(R[n], x);
        const bits = (x >>> X_O_SHIFT) & 31;
        R[d] = op === Op.SSAT ? this.sat(v, bits + 1) : this.usat(v, bits);
        break;
      }
      case Op.SSAT16: case Op.USAT16: {
        const bits = (x >>> X_O_SHIFT) & 15;
        const lo = (R[n] << 16) >> 16;
        const hi = R[n] >> 16;
        R[d] = op === Op.SSAT16
          ? (this.sat(lo, bits + 1) & 0xffff) | (this.sat(hi, bits + 1) << 16)
          : (this.usat(lo, bits) & 0xffff) | (this.usat(hi, bits) << 16);
        break;
      }
      case Op.REV16: {
        const v = R[m];
        R[d] = ((v & 0x00ff00ff) << 8) | ((v >>> 8) & 0x00ff00ff);
        break;
      }
      case Op.REVSH: {
        const v = R[m];
        R[d] = (((v & 0xff) << 24) >> 16) | ((v >>> 8) & 0xff);
        break;
      }
      case Op.RBIT: {
        let v = R[m];
        v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
        v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
        R[d] = (v >>> 16) | (v << 16);
        break;
      }
      case Op.CLZ: R[d] = Math.clz32(R[m]); break;
      case Op.SEL: {
        const g = this.ge;
        const a = R[n];
        const b = R[m];
        R[d] = (g & 1 ? a & 0xff : b & 0xff) | (g & 2 ? a & 0xff00 : b & 0xff00) | (g & 4 ? a & 0xff0000 : b & 0xff0000) | (g & 8 ? a & 0xff000000 : b & 0xff000000);
        break;
      }
      case Op.QADD: R[d] = this.sat(R[m] + R[n], 32); break;
      case Op.QSUB: R[d] = this.sat(R[m] - R[n], 32); break;
      case Op.QDADD: R[d] = this.sat(R[m] + this.sat(2 * R[n], 32), 32); break;
      case Op.QDSUB: R[d] = this.sat(R[m] - this.sat(2 * R[n], 32), 32); break;
      case Op.PAR: R[d] = this.parallel((x >>> X_O_SHIFT) & 0x3f, R[n], R[m]); break;
      case Op.PKHBT: R[d] = (R[n] & 0xffff) | (this.shiftC(R[m], x) & 0xffff0000); break;
      case Op.PKHTB: R[d] = (R[n] & 0xffff0000) | (this.shiftC(R[m], x) & 0xffff); break;
      case Op.MRS: R[d] = this.mrs(imm); break;
      case Op.MSR: this.msr(imm, (x >>> X_O_SHIFT) & 3, R[n]); break;
      case Op.CPS:
        if (this.privileged) {
          const dis = (x >>> X_O_SHIFT) & 1;
          if (imm & 2) this.primask = dis;
          if (imm & 1 && (dis === 0 || this.execPriority() > -1)) this.faultmask = dis;
          this.codeWindowChanged();
          this.nvicChanged();
        }
        break;
      case Op.SEV: this.eventReg = 1; break;
      case Op.COPROC:
        this.raiseUsage(UFSR_NOCP);
        break;
      case Op.UDF:
      default:
        this.raiseUsage(UFSR_UNDEFINSTR);
    }
  }

  /** Exit of WFI/WFE: a pending exception that would preempt with PRIMASK ignored. */
  private wakeReady(ignorePrimask: boolean): boolean {
    const best = this.bestPending();
    return best !== 0 && this.groupPri(best) < this.execPriority(ignorePrimask);
  }

  /** Parallel add/subtract (A7.7.* S/Q/SH/U/UQ/UH ADD8...): o = op1(3):op2(3). */
  private parallel(o: number, a: number, b: number): number {
    const op1 = o >>> 3;
    const pfx = o & 7;
    const signed = pfx < 4;
    const lanes8 = op1 === 0 || op1 === 4;
    let res = 0;
    let ge = 0;
    const lanes = lanes8 ? 4 : 2;
    const w = lanes8 ? 8 : 16;
    const mask = lanes8 ? 0xff : 0xffff;
    for (let i = 0; i < lanes; i++) {
      const sh = i * w;
      let x: number;
      let y: number;
      if (signed) {
        x = ((a >>> sh) << (32 - w)) >> (32 - w);
        y = ((b >>> sh) << (32 - w)) >> (32 - w);
      } else {
        x = (a >>> sh) & mask;
        y = (b >>> sh) & mask;
      }
      let v: number;
      if (lanes8) v = op1 === 0 ? x + y : x - y;
      else {
        // ASX: lane0 = a.lo - b.hi, lane1 = a.hi + b.lo; SAX: lane0 = a.lo + b.hi, lane1 = a.hi - b.lo
        const yo = signed ? ((b >>> ((1 - i) * 16)) << 16) >> 16 : (b >>> ((1 - i) * 16)) & 0xffff;
        switch (op1) {
          case 1: v = x + y; break; // ADD16
          case 5: v = x - y; break; // SUB16
          case 2: v = i === 0 ? x - yo : x + yo; break; // ASX
          default: v = i === 0 ? x + yo : x - yo; break; // SAX (6)
        }
      }
      let r: number;
      switch (pfx) {
        case 0: // S: GE set when the signed result >= 0
          r = v;
          if (v >= 0) ge |= lanes8 ? 1 << i : 3 << (2 * i);
          break;
        case 4: { // U: GE = carry out of an addition lane / no borrow out of a subtraction lane
          r = v;
          const add = lanes8 ? op1 === 0 : op1 === 1 || (op1 === 2 && i === 1) || (op1 === 6 && i === 0);
          if (add ? v > mask : v >= 0) ge |= lanes8 ? 1 << i : 3 << (2 * i);
          break;
        }
        case 1: { // Q: signed saturate
          const max = lanes8 ? 127 : 32767;
          r = v > max ? max : v < -max - 1 ? -max - 1 : v;
          break;
        }
        case 5: // UQ: unsigned saturate
          r = v > mask ? mask : v < 0 ? 0 : v;
          break;
        default: // SH / UH: halving
          r = v >> 1;
      }
      res |= (r & mask) << sh;
    }
    if (pfx === 0 || pfx === 4) this.ge = ge;
    return res | 0;
  }

  // ------------------------------------------------------------------------------------------
  // Special registers (B5.2.2 MRS, B5.2.3 MSR)

  private mrs(sysm: number): number {
    if (sysm < 8) {
      let v = 0;
      if (sysm & 1) v |= this.ipsr;
      if ((sysm & 4) === 0) v |= (this.nzcv << 28) | (this.fQ << 27) | (this.ge << 16);
      return v;
    }
    const priv = this.privileged;
    switch (sysm) {
      case 8: return priv ? (this.spsel === 1 && this.ipsr === 0 ? this.msp : this.r[13]) : 0;
      case 9: return priv ? (this.spsel === 1 && this.ipsr === 0 ? this.r[13] : this.psp) : 0;
      case 16: return this.primask;
      case 17: case 18: return this.basepri;
      case 19: return this.faultmask;
      case 20: return this.control();
      default: return 0;
    }
  }

  private msr(sysm: number, mask: number, v: number): void {
    if (sysm < 8) {
      if ((sysm & 4) === 0) {
        if (mask & 2) {
          this.nzcv = (v >>> 28) & 0xf;
          this.fQ = (v >>> 27) & 1;
        }
        if (mask & 1) this.ge = (v >>> 16) & 0xf;
      }
      return;
    }
    if (!this.privileged) return;
    const inPsp = this.spsel === 1 && this.ipsr === 0;
    switch (sysm) {
      case 8:
        if (inPsp) this.msp = v & ~3;
        else this.r[13] = v & ~3;
        break;
      case 9:
        if (inPsp) this.r[13] = v & ~3;
        else this.psp = v & ~3;
        break;
      case 16:
        this.primask = v & 1;
        this.nvicChanged();
        break;
      case 17:
        this.basepri = v & this.prioMask();
        this.nvicChanged();
        break;
      case 18: {
        const b = v & this.prioMask();
        if (b !== 0 && (b < this.basepri || this.basepri === 0)) this.basepri = b;
        this.nvicChanged();
        break;
      }
      case 19:
        if (this.execPriority() > -1) this.faultmask = v & 1;
        this.codeWindowChanged();
        this.nvicChanged();
        break;
      case 20:
        this.npriv = v & 1;
        this.codeWindowChanged();
        if (this.ipsr === 0) this.setModeStack(0, (v >>> 1) & 1);
        if (this.fp.present) this.fpca = (v >>> 2) & 1;
        break;
    }
  }

  /** Implemented priority bits (the top priorityBits of a byte). */
  prioMask(): number {
    return (0xff << (8 - this.priorityBits)) & 0xff;
  }
}

function popcount16(v: number): number {
  v = v - ((v >>> 1) & 0x5555);
  v = (v & 0x3333) + ((v >>> 2) & 0x3333);
  v = (v + (v >>> 4)) & 0x0f0f;
  return (v + (v >>> 8)) & 0x1f;
}
