/**
 * Function-level cycle profiler: an ExecObserver that keeps a shadow call stack keyed by the ELF's
 * function symbols and attributes every cycle between two control events to the function on top.
 *
 * Events (from the core's profiler loop variant):
 *   call   push a frame for the function holding `to`
 *   ret    pop back to the frame whose caller holds `to` (tolerates longjmp and unbalanced returns)
 *   tail   a jump into another function's entry: the callee runs in a tail frame on top of the
 *          caller's; both activations end when the chain returns. When the top frame is an
 *          exception frame (or an exception return is pending), 'tail' is the core's exception
 *          tail-chaining: the next handler gets its own exception frame.
 *   exc    push an exception frame (the handler) on top of whatever ran; `from` is the address
 *          the exception returns to.
 *   eret   pop down to and including the newest exception frame. The return lands at `to`, or,
 *          when the core passes 0 (Cortex-M: the return address is only known after unstacking),
 *          at the `to` of the core's follow-up return event or the `from` of the next event.
 *          Landing anywhere but the address the exception frame was entered from means the core
 *          switched threads: the interrupted stack is parked with its resume address and the stack
 *          parked at the landing address (else the one parked in the landing function, else a fresh
 *          one) resumes.
 * A call or return whose `from` lies outside the top function means control moved there without an
 * event (a tail call by plain branch, a fall-through): a tail frame is pushed first. Its entry time
 * is that event's time, so a function reached by a plain branch is charged from its first call or
 * return on (its first instructions count to the function that branched to it).
 *
 * Watchers (CallWatcher) see every activation of a function with a serial number unique over the
 * run; enclosing() tells them which watched activation, on the current thread's stack, encloses
 * the one starting (container measurements use it to tie a verification to its run).
 *
 * Hot path: onControl allocates nothing in steady state (typed-array stacks, a path trie whose
 * nodes are created once per distinct call path); thread switches copy the parked stack.
 */
import type { ExecObserver, StallCounters } from './cpu.js';
import type { ElfSymbol } from '../loader/elf.js';
import { UserError } from './errors.js';

type ControlKind = 'call' | 'ret' | 'exc' | 'eret' | 'tail';

/** How an activation began: a call event (argument registers hold the call's arguments). */
export const ENTRY_CALL = 0;
/** A plain branch found at a later event, or a tail event (arguments not readable any more). */
export const ENTRY_TAIL = 1;
/** An exception entry. */
export const ENTRY_EXC = 2;
export type EntryKind = typeof ENTRY_CALL | typeof ENTRY_TAIL | typeof ENTRY_EXC;

/** Called at entry and exit of every activation of a watched function (measurements, containers). */
export interface CallWatcher {
  /** An activation of the function began at cycle `now`; `serial` identifies it until its exit. */
  enter(now: number, serial: number, how: EntryKind): void;
  /**
   * That activation ended: cycles from entry to the start of its return (nested calls, tail-called
   * functions and interrupts included), and the cycles slept meanwhile.
   */
  exit(now: number, cycles: number, sleepCycles: number, serial: number): void;
}

export interface FunctionProfile {
  name: string;
  addr: number;
  calls: number;
  /** Cycles spent in the function itself (sleep included). */
  self: number;
  /** Cycles from entry to exit, outermost activations only (recursion counted once). */
  inclusive: number;
  /** Of self, cycles the core slept (WFI) with this function on top. */
  sleep: number;
  stalls?: { fetch: number; loadUse: number; branch: number };
}

export interface MeasureStats {
  name: string;
  count: number;
  min: number;
  median: number;
  max: number;
  total: number;
  /** Every call's cycles in call order (completed calls only). */
  samples: number[];
}

export interface ProfileResult {
  totalCycles: number;
  functions: FunctionProfile[];
  /** Collapsed stacks: call path (root first) and self cycles on it. */
  stacks: Array<{ path: string[]; cycles: number }>;
  measured: MeasureStats[];
  /** Whether the core reported stall causes. */
  hasStalls: boolean;
}

export interface ProfilerOptions {
  /** Cumulative sleep cycles of the machine (so sleep can be told apart from execution). */
  sleepCycles?: () => number;
  /** The core's stall counters, if it has them. */
  stalls?: StallCounters;
  /** Function names whose per-call cycles are recorded. Unknown names are an error. */
  measure?: string[];
}

const UNKNOWN = '[unknown]';
const MAX_PARKED = 64;

interface ParkedStack {
  fn: Int32Array;
  node: Int32Array;
  exc: Uint8Array;
  tail: Uint8Array;
  outer: Uint8Array;
  entry: Float64Array;
  sleep: Float64Array;
  serial: Float64Array;
  ret: Float64Array;
  depth: number;
  /** Address the thread resumes at (-1: unknown). */
  resume: number;
}

export class Profiler implements ExecObserver {
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  readonly names: string[];
  private readonly nfun: number;
  /** Index of the pseudo-function for addresses outside every symbol. */
  private readonly unknownId: number;

  // Per function (index nfun = unknown).
  private readonly selfC: Float64Array;
  private readonly inclC: Float64Array;
  private readonly sleepC: Float64Array;
  private readonly callsC: Float64Array;
  private readonly onStack: Int32Array;
  private readonly stallF: Float64Array;
  private readonly stallL: Float64Array;
  private readonly stallB: Float64Array;
  private readonly watchers: Array<CallWatcher[] | undefined>;

  // Shadow stack (struct of arrays).
  private cap = 256;
  private depth = 0;
  private sFn = new Int32Array(this.cap);
  private sNode = new Int32Array(this.cap);
  /** 1: exception frame. */
  private sExc = new Uint8Array(this.cap);
  /** 1: entered by a tail call from the frame below (which stays open). */
  private sTail = new Uint8Array(this.cap);
  private sOuter = new Uint8Array(this.cap);
  private sEntry = new Float64Array(this.cap);
  private sSleep = new Float64Array(this.cap);
  private sSerial = new Float64Array(this.cap);
  /** Exception frames: the address the exception returns to (-1 unknown). */
  private sRet = new Float64Array(this.cap);
  private serial = 0;

  // Call-path trie: node -> (fn, parent); children by key parent*(nfun+1)+fn.
  private nodeFn: number[] = [-1];
  private nodeParent: number[] = [-1];
  private nodeSelf: number[] = [0];
  private readonly children = new Map<number, number>();

  private lastNow = 0;
  private lastSleep = 0;
  private lastF = 0;
  private lastL = 0;
  private lastB = 0;
  private started = false;
  private readonly sleepSrc: (() => number) | undefined;
  private readonly stalls: StallCounters | undefined;
  private readonly parked: ParkedStack[] = [];
  private readonly measures: Array<{ name: string; samples: number[] }> = [];
  private lookupLo = 0;
  private lookupHi = 0;
  private lookupId = -1;
  /** An exception return whose landing address is not known yet (the core passed 0). */
  private eretPending = false;
  /** Function on top when that return began (the handler's last instruction lies in it). */
  private eretFromFn = -1;
  /** Resume address recorded in the exception frame that return popped. */
  private eretResume = -1;

  /** `symbols`: function symbols sorted by address (loader/elf.ts functionSymbols). */
  constructor(symbols: ElfSymbol[], opts: ProfilerOptions = {}) {
    const n = symbols.length;
    this.nfun = n;
    this.unknownId = n;
    this.starts = new Uint32Array(n);
    this.ends = new Uint32Array(n);
    this.names = symbols.map((s) => s.name).concat(UNKNOWN);
    for (let i = 0; i < n; i++) {
      const s = symbols[i];
      this.starts[i] = s.value >>> 0;
      const next = i + 1 < n ? symbols[i + 1].value >>> 0 : 0xffff_ffff;
      // A sized symbol ends at its size; an unsized one (assembly) runs to the next symbol.
      const end = s.size > 0 ? Math.min((s.value >>> 0) + s.size, next) : next;
      this.ends[i] = end >>> 0;
    }
    const m = n + 1;
    this.selfC = new Float64Array(m);
    this.inclC = new Float64Array(m);
    this.sleepC = new Float64Array(m);
    this.callsC = new Float64Array(m);
    this.onStack = new Int32Array(m);
    this.stallF = new Float64Array(m);
    this.stallL = new Float64Array(m);
    this.stallB = new Float64Array(m);
    this.watchers = new Array(m);
    this.sleepSrc = opts.sleepCycles;
    this.stalls = opts.stalls;
    for (const name of opts.measure ?? []) {
      const samples: number[] = [];
      this.measures.push({ name, samples });
      this.watch(name, { enter() {}, exit: (_now, cycles) => samples.push(cycles) });
    }
  }

  /** Index of the function holding addr (the unknown pseudo-function when none). */
  lookup(addr: number): number {
    addr >>>= 0;
    if (addr >= this.lookupLo && addr < this.lookupHi) return this.lookupId;
    const st = this.starts;
    let lo = 0;
    let hi = this.nfun - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (st[mid] <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0 && addr < this.ends[found]) {
      this.lookupLo = st[found];
      this.lookupHi = this.ends[found];
      this.lookupId = found;
      return found;
    }
    return this.unknownId;
  }

  /** Index of a function by name; throws a UserError naming close matches when absent. */
  functionId(name: string): number {
    const i = this.names.indexOf(name);
    if (i < 0 || i === this.unknownId) {
      const close = this.names.filter((x) => x.includes(name) || name.includes(x)).slice(0, 5);
      throw new UserError(`no function '${name}' in the image's symbols${close.length ? ` (similar: ${close.join(', ')})` : ''}`);
    }
    return i;
  }

  /** Calls `w` at entry and exit of every activation of the function `name`. */
  watch(name: string, w: CallWatcher): void {
    const id = this.functionId(name);
    (this.watchers[id] ??= []).push(w);
  }

  /** A per-function flag array (for enclosing()) with the named functions that exist set. */
  functionFlags(names: Iterable<string>): Uint8Array {
    const f = new Uint8Array(this.nfun + 1);
    for (const n of names) {
      const i = this.names.indexOf(n);
      if (i >= 0 && i !== this.unknownId) f[i] = 1;
    }
    return f;
  }

  /**
   * Serial of the newest activation below the top frame, on the current stack and not beyond an
   * exception frame, whose function is flagged; -1 when none. Meant to be called from a watcher's
   * enter (the top frame is then the activation being entered).
   */
  enclosing(flags: Uint8Array): number {
    for (let d = this.depth - 2; d >= 0; d--) {
      if (this.sExc[d + 1]) return -1;
      if (flags[this.sFn[d]]) return this.sSerial[d];
    }
    return -1;
  }

  /** Starts profiling with the core at `pc` and the clock at `now`. */
  start(pc: number, now: number): void {
    this.lastNow = now;
    this.lastSleep = this.sleepSrc ? this.sleepSrc() : 0;
    if (this.stalls) {
      this.lastF = this.stalls.fetch;
      this.lastL = this.stalls.loadUse;
      this.lastB = this.stalls.branch;
    }
    this.depth = 0;
    this.eretPending = false;
    this.push(this.lookup(pc), ENTRY_CALL, now);
    this.started = true;
  }

  onControl(kind: ControlKind, from: number, to: number, now: number): void {
    if (!this.started) this.start(from, now);
    this.account(now);
    if (this.eretPending) {
      this.eretPending = false;
      if (kind === 'tail') {
        // Exception tail-chaining: the next handler runs before anything is unstacked.
        this.push(this.lookup(to), ENTRY_EXC, now, this.eretResume);
        return;
      }
      const fromFn = this.lookup(from);
      if ((kind === 'ret' || kind === 'eret') && (fromFn === this.eretFromFn || this.depth === 0 || fromFn !== this.sFn[this.depth - 1])) {
        // The core's follow-up event of the same exception return: it names the landing address.
        this.land(to, now);
        return;
      }
      // Control is already elsewhere: the code that runs now is where the return landed.
      this.land(from, now);
    }
    if (this.depth === 0) this.push(this.lookup(from), ENTRY_TAIL, now);
    const fromFn = this.lookup(from);
    switch (kind) {
      case 'call':
        if (fromFn !== this.sFn[this.depth - 1]) this.tailTo(fromFn, now);
        this.push(this.lookup(to), ENTRY_CALL, now);
        break;
      case 'tail': {
        const t = this.lookup(to);
        if (this.sExc[this.depth - 1]) {
          // Exception tail-chaining reported on a handler's frame: the old handler is done.
          const resume = this.sRet[this.depth - 1];
          this.pop(now);
          this.push(t, ENTRY_EXC, now, resume);
        } else if (t !== this.sFn[this.depth - 1]) this.tailTo(t, now);
        break;
      }
      case 'ret':
        this.ret(fromFn, this.lookup(to), now);
        break;
      case 'exc':
        if (fromFn !== this.sFn[this.depth - 1] && from !== 0) this.tailTo(fromFn, now);
        this.push(this.lookup(to), ENTRY_EXC, now, from === 0 ? -1 : from >>> 0);
        break;
      case 'eret':
        this.eret(to, now);
        break;
    }
  }

  /** Attributes the cycles since the last event to the top frame. */
  private account(now: number): void {
    const top = this.depth > 0 ? this.sFn[this.depth - 1] : this.unknownId;
    const d = now - this.lastNow;
    this.lastNow = now;
    this.selfC[top] += d;
    if (this.depth > 0) this.nodeSelf[this.sNode[this.depth - 1]] += d;
    if (this.sleepSrc) {
      const s = this.sleepSrc();
      this.sleepC[top] += s - this.lastSleep;
      this.lastSleep = s;
    }
    const st = this.stalls;
    if (st) {
      this.stallF[top] += st.fetch - this.lastF;
      this.stallL[top] += st.loadUse - this.lastL;
      this.stallB[top] += st.branch - this.lastB;
      this.lastF = st.fetch;
      this.lastL = st.loadUse;
      this.lastB = st.branch;
    }
  }

  private child(parent: number, fn: number): number {
    const key = parent * (this.nfun + 1) + fn;
    let c = this.children.get(key);
    if (c === undefined) {
      c = this.nodeFn.length;
      this.nodeFn.push(fn);
      this.nodeParent.push(parent);
      this.nodeSelf.push(0);
      this.children.set(key, c);
    }
    return c;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(cap);
      b.set(a);
      return b;
    };
    this.sFn = g(this.sFn, Int32Array);
    this.sNode = g(this.sNode, Int32Array);
    this.sExc = g(this.sExc, Uint8Array);
    this.sTail = g(this.sTail, Uint8Array);
    this.sOuter = g(this.sOuter, Uint8Array);
    this.sEntry = g(this.sEntry, Float64Array);
    this.sSleep = g(this.sSleep, Float64Array);
    this.sSerial = g(this.sSerial, Float64Array);
    this.sRet = g(this.sRet, Float64Array);
    this.cap = cap;
  }

  private push(fn: number, how: EntryKind, now: number, resume = -1): void {
    if (this.depth === this.cap) this.grow();
    const d = this.depth;
    const parentNode = d > 0 ? this.sNode[d - 1] : 0;
    this.sFn[d] = fn;
    this.sNode[d] = this.child(parentNode, fn);
    this.sExc[d] = how === ENTRY_EXC ? 1 : 0;
    this.sTail[d] = how === ENTRY_TAIL && d > 0 ? 1 : 0;
    this.sOuter[d] = this.onStack[fn] === 0 ? 1 : 0;
    this.sEntry[d] = now;
    this.sSleep[d] = this.lastSleep;
    this.sRet[d] = resume;
    const serial = ++this.serial;
    this.sSerial[d] = serial;
    this.onStack[fn]++;
    this.callsC[fn]++;
    this.depth = d + 1;
    const w = this.watchers[fn];
    if (w) for (let i = 0; i < w.length; i++) w[i].enter(now, serial, how);
  }

  /** Closes frame d's activation (inclusive time, watchers) without changing the depth. */
  private close(d: number, now: number): void {
    const fn = this.sFn[d];
    const cycles = now - this.sEntry[d];
    if (this.sOuter[d]) this.inclC[fn] += cycles;
    this.onStack[fn]--;
    const w = this.watchers[fn];
    if (w) {
      const sl = this.lastSleep - this.sSleep[d];
      for (let i = 0; i < w.length; i++) w[i].exit(now, cycles, sl, this.sSerial[d]);
    }
  }

  private pop(now: number): void {
    this.close(this.depth - 1, now);
    this.depth--;
  }

  /**
   * Control reached `fn` by a plain branch: a tail frame on top of the current one. A function
   * already in the top call's tail chain is returned to instead (tail loops stay bounded).
   */
  private tailTo(fn: number, now: number): void {
    for (let d = this.depth - 1; d >= 0; d--) {
      if (this.sFn[d] === fn) {
        while (this.depth > d + 1) this.pop(now);
        return;
      }
      if (!this.sTail[d]) break;
    }
    this.push(fn, ENTRY_TAIL, now);
  }

  /** Pops the top call's tail chain down to the frame that was called. */
  private popChain(now: number): void {
    while (this.depth > 1 && this.sTail[this.depth - 1]) this.pop(now);
  }

  private ret(fromFn: number, toFn: number, now: number): void {
    if (fromFn !== this.sFn[this.depth - 1]) this.tailTo(fromFn, now);
    // Topmost called frame (not a tail frame) whose caller runs toFn, without popping an exception frame.
    for (let i = this.depth - 1; i >= 1 && this.sExc[i] === 0; i--) {
      if (this.sTail[i] === 0 && this.sFn[i - 1] === toFn) {
        while (this.depth > i) this.pop(now);
        return;
      }
    }
    // Unbalanced: a return into a caller the profiler never saw call (profiling started inside it,
    // or the stack was switched). The top call ends and the caller takes its place.
    if (this.sFn[this.depth - 1] === toFn) return;
    this.popChain(now);
    const exc = this.sExc[this.depth - 1];
    const resume = this.sRet[this.depth - 1];
    this.pop(now);
    this.push(toFn, exc ? ENTRY_EXC : ENTRY_TAIL, now, resume);
  }

  private eret(to: number, now: number): void {
    let i = this.depth - 1;
    while (i >= 0 && this.sExc[i] === 0) i--;
    if (i < 0) {
      // No exception frame: treat like a return.
      if (to !== 0) {
        const toFn = this.lookup(to);
        if (this.sFn[this.depth - 1] !== toFn) {
          this.popChain(now);
          this.pop(now);
          this.push(toFn, ENTRY_TAIL, now);
        }
      }
      return;
    }
    this.eretFromFn = this.sFn[this.depth - 1];
    this.eretResume = this.sRet[i];
    while (this.depth > i) this.pop(now);
    if (to === 0) this.eretPending = true;
    else this.land(to, now);
  }

  /** The pending exception return landed at `addr`: same thread, or a thread switch. */
  private land(addr: number, now: number): void {
    addr >>>= 0;
    const toFn = this.lookup(addr);
    if (this.depth > 0 && (addr === this.eretResume || (this.eretResume < 0 && this.sFn[this.depth - 1] === toFn))) {
      // Back where the exception struck (in a function reached by a plain branch, maybe).
      if (this.sFn[this.depth - 1] !== toFn) this.tailTo(toFn, now);
      return;
    }
    // A thread switch. Park this stack, resume the one parked at addr (else in toFn).
    if (this.depth > 0) {
      this.parked.push({
        fn: this.sFn.slice(0, this.depth),
        node: this.sNode.slice(0, this.depth),
        exc: this.sExc.slice(0, this.depth),
        tail: this.sTail.slice(0, this.depth),
        outer: this.sOuter.slice(0, this.depth),
        entry: this.sEntry.slice(0, this.depth),
        sleep: this.sSleep.slice(0, this.depth),
        serial: this.sSerial.slice(0, this.depth),
        ret: this.sRet.slice(0, this.depth),
        depth: this.depth,
        resume: this.eretResume,
      });
      if (this.parked.length > MAX_PARKED) this.dropParked(0, now);
    }
    let k = -1;
    for (let j = this.parked.length - 1; j >= 0 && k < 0; j--) if (this.parked[j].resume === addr) k = j;
    for (let j = this.parked.length - 1; j >= 0 && k < 0; j--) {
      const p = this.parked[j];
      if (p.resume < 0 && p.fn[p.depth - 1] === toFn) k = j;
    }
    if (k < 0) {
      this.depth = 0;
      this.push(toFn, ENTRY_TAIL, now);
      return;
    }
    const p = this.parked[k];
    this.parked.splice(k, 1);
    while (this.cap < p.depth) this.grow();
    this.sFn.set(p.fn);
    this.sNode.set(p.node);
    this.sExc.set(p.exc);
    this.sTail.set(p.tail);
    this.sOuter.set(p.outer);
    this.sEntry.set(p.entry);
    this.sSleep.set(p.sleep);
    this.sSerial.set(p.serial);
    this.sRet.set(p.ret);
    this.depth = p.depth;
    if (this.sFn[this.depth - 1] !== toFn) this.tailTo(toFn, now);
  }

  /** Closes every activation of parked stack k (its thread never resumed) and forgets it. */
  private dropParked(k: number, now: number): void {
    const p = this.parked[k];
    this.parked.splice(k, 1);
    for (let d = p.depth - 1; d >= 0; d--) {
      const fn = p.fn[d];
      const cycles = now - p.entry[d];
      if (p.outer[d]) this.inclC[fn] += cycles;
      this.onStack[fn]--;
      const w = this.watchers[fn];
      if (w) for (let i = 0; i < w.length; i++) w[i].exit(now, cycles, this.lastSleep - p.sleep[d], p.serial[d]);
    }
  }

  /** Ends profiling at cycle `now`; open frames are closed there (parked threads' frames too). */
  finish(now: number): ProfileResult {
    if (!this.started) this.start(0, now);
    this.account(now);
    this.eretPending = false;
    while (this.depth > 0) this.pop(now);
    while (this.parked.length) this.dropParked(this.parked.length - 1, now);
    this.started = false;
    return this.result(now);
  }

  private result(total: number): ProfileResult {
    const functions: FunctionProfile[] = [];
    const hasStalls = this.stalls !== undefined;
    for (let i = 0; i <= this.nfun; i++) {
      if (this.callsC[i] === 0 && this.selfC[i] === 0) continue;
      const f: FunctionProfile = {
        name: this.names[i],
        addr: i < this.nfun ? this.starts[i] : 0,
        calls: this.callsC[i],
        self: this.selfC[i],
        inclusive: this.inclC[i],
        sleep: this.sleepC[i],
      };
      if (hasStalls) f.stalls = { fetch: this.stallF[i], loadUse: this.stallL[i], branch: this.stallB[i] };
      functions.push(f);
    }
    functions.sort((a, b) => b.self - a.self || a.name.localeCompare(b.name));
    const stacks: Array<{ path: string[]; cycles: number }> = [];
    for (let n = 1; n < this.nodeFn.length; n++) {
      if (this.nodeSelf[n] <= 0) continue;
      const path: string[] = [];
      for (let k = n; k > 0; k = this.nodeParent[k]) path.push(this.names[this.nodeFn[k]]);
      path.reverse();
      stacks.push({ path, cycles: this.nodeSelf[n] });
    }
    stacks.sort((a, b) => (a.path.join(';') < b.path.join(';') ? -1 : 1));
    const measured = this.measures.map((m) => measureStats(m.name, m.samples));
    return { totalCycles: total, functions, stacks, measured, hasStalls };
  }
}

export function measureStats(name: string, samples: number[]): MeasureStats {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? 0 : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return {
    name,
    count: n,
    min: n ? s[0] : 0,
    median,
    max: n ? s[n - 1] : 0,
    total: s.reduce((a, b) => a + b, 0),
    samples: [...samples],
  };
}

// ---------------------------------------------------------------- output formats

function pct(a: number, b: number): string {
  return b > 0 ? ((100 * a) / b).toFixed(1) + '%' : '-';
}

/** The text table: the top functions by self cycles. */
export function formatProfile(p: ProfileResult, top = 25): string {
  const lines: string[] = [];
  const stall = p.hasStalls;
  lines.push(`profile: ${p.totalCycles} cycles, ${p.functions.length} functions`);
  lines.push(
    '    self  self%   inclusive  incl%     calls' + (stall ? '   fetch  ld-use  branch' : '') + '  function',
  );
  for (const f of p.functions.slice(0, top)) {
    let l = `${String(f.self).padStart(8)} ${pct(f.self, p.totalCycles).padStart(6)} ${String(f.inclusive).padStart(11)} ${pct(f.inclusive, p.totalCycles).padStart(6)} ${String(f.calls).padStart(9)}`;
    if (stall) {
      const s = f.stalls!;
      l += ` ${String(s.fetch).padStart(7)} ${String(s.loadUse).padStart(7)} ${String(s.branch).padStart(7)}`;
    }
    l += `  ${f.name}${f.sleep > 0 ? ` (asleep ${f.sleep})` : ''}`;
    lines.push(l);
  }
  if (p.functions.length > top) lines.push(`(${p.functions.length - top} more functions)`);
  if (p.measured.length) {
    lines.push('');
    lines.push(formatMeasures(p.measured));
  }
  return lines.join('\n');
}

export function formatMeasures(ms: MeasureStats[]): string {
  const lines = ['measured     count        min     median        max        total  function'];
  for (const m of ms) {
    lines.push(
      `${''.padEnd(8)} ${String(m.count).padStart(9)} ${String(m.min).padStart(10)} ${String(m.median).padStart(10)} ${String(m.max).padStart(10)} ${String(m.total).padStart(12)}  ${m.name}`,
    );
  }
  return lines.join('\n');
}

/** Collapsed stacks, one line per call path: "a;b;c <cycles>" (flamegraph.pl input). */
export function toFolded(p: ProfileResult): string {
  // flamegraph.pl splits frames on ';' and the count on the last space: keep names free of both.
  const clean = (s: string) => s.replace(/[;\s]/g, '_');
  return p.stacks.map((s) => `${s.path.map(clean).join(';')} ${s.cycles}`).join('\n') + (p.stacks.length ? '\n' : '');
}

/**
 * speedscope's file format (https://www.speedscope.app/file-format-schema.json), one "sampled"
 * profile whose samples are the distinct call paths weighted by their self cycles.
 */
export function toSpeedscope(p: ProfileResult, name: string): object {
  const frames: Array<{ name: string }> = [];
  const index = new Map<string, number>();
  const frameOf = (n: string) => {
    let i = index.get(n);
    if (i === undefined) {
      i = frames.length;
      frames.push({ name: n });
      index.set(n, i);
    }
    return i;
  };
  const samples = p.stacks.map((s) => s.path.map(frameOf));
  const weights = p.stacks.map((s) => s.cycles);
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    profiles: [
      {
        type: 'sampled',
        name: `${name} (core cycles)`,
        unit: 'none',
        startValue: 0,
        endValue: weights.reduce((a, b) => a + b, 0),
        samples,
        weights,
      },
    ],
    name,
    activeProfileIndex: 0,
    exporter: 'femtosim',
  };
}
