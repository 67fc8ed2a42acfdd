/**
 * Verifier and reference interpreter for femtosim femto-containers, with the semantics and error
 * codes of docs/femto-abi.md. Registers are 64-bit, held as (lo, hi) u32 pairs so the run loop
 * allocates nothing. Addresses the program sees are virtual: each region gets its own base (LAYOUT).
 */
import { OPCODES, isWide, unsupportedReason } from './opcodes.js';
import { decodeAt, formatInsn } from './disasm.js';
import { cString, FcImage } from './image.js';

export const FC_OK = 0;
export const FC_ILLEGAL_INSTRUCTION = -1;
export const FC_ILLEGAL_MEM = -2;
export const FC_ILLEGAL_JUMP = -3;
export const FC_ILLEGAL_CALL = -4;
export const FC_ILLEGAL_LEN = -5;
export const FC_ILLEGAL_REGISTER = -6;
export const FC_NO_RETURN = -7;
export const FC_OUT_OF_BRANCHES = -8;
export const FC_ILLEGAL_DIV = -9;

export const ERROR_NAMES: Readonly<Record<number, string>> = {
  0: 'ok', [-1]: 'illegal instruction', [-2]: 'illegal memory access', [-3]: 'illegal jump', [-4]: 'illegal call',
  [-5]: 'illegal length', [-6]: 'illegal register', [-7]: 'no return', [-8]: 'out of branches', [-9]: 'division by zero',
};

export const HELPER_PRINTF = 0x01;
export const HELPER_MEMCPY = 0x02;
export const HELPER_KV_STORE_LOCAL = 0x10;
export const HELPER_KV_STORE_GLOBAL = 0x11;
export const HELPER_KV_FETCH_LOCAL = 0x12;
export const HELPER_KV_FETCH_GLOBAL = 0x13;
export const HELPER_NOW_MS = 0x20;
export const HELPER_NOW_US = 0x21;
export const HELPER_SENSOR_READ = 0x30;
export const HELPER_GPIO_SET = 0x40;
export const HELPER_IDS: ReadonlySet<number> = new Set([0x01, 0x02, 0x10, 0x11, 0x12, 0x13, 0x20, 0x21, 0x30, 0x40]);

export const DEFAULT_BRANCH_BUDGET = 200;
export const DEFAULT_STACK_SIZE = 512;
export const PRINTF_MAX_BYTES = 128;
export const KV_CAPACITY = 16;
/** Sensor 0 default: 25.00 degC in 0.25 degC units (nRF52840 TEMP register scale). */
export const DEFAULT_SENSORS: ReadonlyMap<number, bigint> = new Map([[0, 100n]]);

/** Virtual base address of each region (32-bit space; programs must not rely on them). */
export const LAYOUT = { stack: 0x10000000, data: 0x20000000, rodata: 0x30000000, ctx: 0x40000000 } as const;

export interface VerifyResult {
  code: number;
  /** instruction index of the offending instruction, -1 when not tied to one */
  pc: number;
  message: string;
}

const slotDesc = (text: Uint8Array, pc: number) => `instruction ${pc} (.text+0x${(pc * 8).toString(16)}: ${formatInsn(decodeAt(text, pc), pc)})`;

/** Pre-flight verification (docs/femto-abi.md), checks in the order listed there for each instruction. */
export function verify(text: Uint8Array, helpers: ReadonlySet<number> = HELPER_IDS): VerifyResult {
  if (text.length === 0 || text.length % 8 !== 0) {
    return { code: FC_ILLEGAL_LEN, pc: -1, message: `text length ${text.length} is not a non-zero multiple of 8` };
  }
  const n = text.length / 8;
  const dv = new DataView(text.buffer, text.byteOffset, text.byteLength);
  const second = new Uint8Array(n);
  const jumps: number[] = [];
  for (let pc = 0; pc < n; pc++) {
    const b = pc * 8;
    const op = text[b];
    const info = OPCODES[op];
    if (!info) return { code: FC_ILLEGAL_INSTRUCTION, pc, message: `${slotDesc(text, pc)}: ${unsupportedReason(op)}` };
    const dst = text[b + 1] & 0xf;
    const src = text[b + 1] >> 4;
    if (dst > 10 || src > 10) return { code: FC_ILLEGAL_REGISTER, pc, message: `instruction ${pc}: register r${Math.max(dst, src)} does not exist` };
    if (info.writesDst && dst === 10) return { code: FC_ILLEGAL_REGISTER, pc, message: `${slotDesc(text, pc)}: writes the read-only frame pointer r10` };
    if (isWide(op)) {
      if (pc + 1 >= n) return { code: FC_ILLEGAL_INSTRUCTION, pc, message: `instruction ${pc}: two-slot ${info.mnemonic} is cut off by the end of text` };
      second[pc + 1] = 1;
      pc++;
      continue;
    }
    if (info.kind === 'ja' || info.kind === 'jcc') {
      const target = pc + 1 + dv.getInt16(b + 2, true);
      if (target < 0 || target >= n) return { code: FC_ILLEGAL_JUMP, pc, message: `${slotDesc(text, pc)}: target ${target} is outside text (0..${n - 1})` };
      jumps.push(pc, target);
    }
    if (info.kind === 'call') {
      const id = dv.getInt32(b + 4, true);
      if (!helpers.has(id)) return { code: FC_ILLEGAL_CALL, pc, message: `${slotDesc(text, pc)}: helper id ${id} is not registered` };
    }
  }
  for (let i = 0; i < jumps.length; i += 2) {
    if (second[jumps[i + 1]]) {
      return { code: FC_ILLEGAL_JUMP, pc: jumps[i], message: `${slotDesc(text, jumps[i])}: target ${jumps[i + 1]} is the second half of a two-slot load` };
    }
  }
  if (second[n - 1] || text[(n - 1) * 8] !== 0x95) {
    return { code: FC_NO_RETURN, pc: n - 1, message: `last instruction ${n - 1} is not exit` };
  }
  return { code: FC_OK, pc: -1, message: 'ok' };
}

/** Key-value store of a container (local) or shared by all containers (global). */
export class KvStore {
  readonly entries = new Map<number, bigint>();
  constructor(readonly capacity = KV_CAPACITY) {}
  /** 0 on success, -1 when the table is full and the key is new. */
  store(key: number, value: bigint): number {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) return -1;
    this.entries.set(key, value);
    return 0;
  }
  fetch(key: number): bigint {
    return this.entries.get(key) ?? 0n;
  }
}

export interface ExtraRegion {
  name: string;
  /** virtual start address (32-bit), must not overlap another region */
  start: number;
  bytes: Uint8Array;
  writable: boolean;
}

export interface RunOptions {
  /** context bytes; r1 points at them (LAYOUT.ctx). Without ctx, r1 = 0. */
  ctx?: Uint8Array;
  /** context writable (default true, as RIOT's execute_ctx) */
  ctxWritable?: boolean;
  /** entry: function name from the image's table, or text byte offset (default 0) */
  entry?: string | number;
  /** taken-branch budget (default 200) */
  budget?: number;
  stackSize?: number;
  /** microseconds since boot, for now_ms / now_us (default: always 0) */
  clockUs?: () => bigint;
  /** sensor values by id (default: sensor 0 = 100, i.e. 25 degC); unknown ids read -1 */
  sensors?: ReadonlyMap<number, bigint>;
  /** global key-value store, share it between containers (default: a fresh one per run) */
  kvGlobal?: KvStore;
  extraRegions?: readonly ExtraRegion[];
}

export interface RunResult {
  code: number;
  /** r0 as a signed 64-bit value (RIOT returns int64_t) */
  r0: bigint;
  output: string;
  /** instructions started (a two-slot load counts once; the faulting one counts) */
  instructions: number;
  /** taken branches that were within the budget */
  branches: number;
  /** instruction index where execution stopped (exit or fault), -1 when verification failed */
  pc: number;
  /** human-readable outcome, naming the instruction on faults */
  message: string;
  gpio: { pin: number; value: number }[];
}

// 64-bit scratch results (module-level so helpers return two words without allocating).
let RLO = 0;
let RHI = 0;
let MLO = 0; // remainder of divu64
let MHI = 0;

function mul64(alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
  const mid = a0 * b1 + a1 * b0; // < 2^33
  const low = a0 * b0 + (mid % 0x10000) * 0x10000; // < 2^33
  RLO = low >>> 0;
  const carry = Math.floor(low / 0x100000000);
  RHI = (a1 * b1 + Math.floor(mid / 0x10000) + carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) >>> 0;
}

/** Unsigned 64-bit division: quotient in RLO/RHI, remainder in MLO/MHI. b must be non-zero. */
function divu64(alo: number, ahi: number, blo: number, bhi: number): void {
  if (ahi === 0 && bhi === 0) {
    RLO = Math.floor(alo / blo) >>> 0; RHI = 0;
    MLO = alo % blo; MHI = 0;
    return;
  }
  let qlo = 0, qhi = 0, rlo = 0, rhi = 0;
  for (let i = 63; i >= 0; i--) {
    const carry = rhi >>> 31;
    rhi = ((rhi << 1) | (rlo >>> 31)) >>> 0;
    rlo = ((rlo << 1) | (i >= 32 ? (ahi >>> (i - 32)) & 1 : (alo >>> i) & 1)) >>> 0;
    if (carry || rhi > bhi || (rhi === bhi && rlo >= blo)) {
      const borrow = rlo < blo ? 1 : 0;
      rlo = (rlo - blo) >>> 0;
      rhi = (rhi - bhi - borrow) >>> 0;
      if (i >= 32) qhi = (qhi | (1 << (i - 32))) >>> 0;
      else qlo = (qlo | (1 << i)) >>> 0;
    }
  }
  RLO = qlo; RHI = qhi; MLO = rlo; MHI = rhi;
}

const toBig = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/**
 * A loaded container: image sections, its (persistent) .data and local key-value store.
 * Verification runs once, at the first run.
 */
export class FemtoContainer {
  readonly data: Uint8Array;
  readonly rodata: Uint8Array;
  readonly text: Uint8Array;
  readonly functions: FcImage['functions'];
  readonly kvLocal: KvStore;
  private verified: VerifyResult | undefined;
  private readonly op: Uint8Array;
  private readonly dst: Uint8Array;
  private readonly src: Uint8Array;
  private readonly off: Int16Array;
  private readonly imm: Int32Array;
  private readonly helpers: ReadonlySet<number>;

  constructor(image: Pick<FcImage, 'data' | 'rodata' | 'text' | 'functions'>, helpers: ReadonlySet<number> = HELPER_IDS) {
    this.data = image.data.slice();
    this.rodata = image.rodata.slice();
    this.text = image.text.slice();
    this.functions = image.functions;
    this.kvLocal = new KvStore();
    this.helpers = helpers;
    const n = Math.floor(this.text.length / 8);
    this.op = new Uint8Array(n);
    this.dst = new Uint8Array(n);
    this.src = new Uint8Array(n);
    this.off = new Int16Array(n);
    this.imm = new Int32Array(n);
    const dv = new DataView(this.text.buffer, this.text.byteOffset, this.text.byteLength);
    for (let pc = 0; pc < n; pc++) {
      this.op[pc] = this.text[pc * 8];
      this.dst[pc] = this.text[pc * 8 + 1] & 0xf;
      this.src[pc] = this.text[pc * 8 + 1] >> 4;
      this.off[pc] = dv.getInt16(pc * 8 + 2, true);
      this.imm[pc] = dv.getInt32(pc * 8 + 4, true);
    }
  }

  verify(): VerifyResult {
    if (!this.verified) this.verified = verify(this.text, this.helpers);
    return this.verified;
  }

  run(opts: RunOptions = {}): RunResult {
    const gpio: RunResult['gpio'] = [];
    let output = '';
    const v = this.verify();
    if (v.code !== FC_OK) return { code: v.code, r0: 0n, output, instructions: 0, branches: 0, pc: -1, message: `verification failed: ${v.message}`, gpio };
    const n = this.op.length;
    const budget = opts.budget ?? DEFAULT_BRANCH_BUDGET;
    const stackSize = opts.stackSize ?? DEFAULT_STACK_SIZE;
    const clockUs = opts.clockUs ?? (() => 0n);
    const sensors = opts.sensors ?? DEFAULT_SENSORS;
    const kvGlobal = opts.kvGlobal ?? new KvStore();
    const kvLocal = this.kvLocal;
    const stack = new Uint8Array(stackSize);

    // Regions, as parallel arrays.
    const rStart: number[] = [];
    const rEnd: number[] = [];
    const rWrite: boolean[] = [];
    const rBytes: Uint8Array[] = [];
    const rView: DataView[] = [];
    const rName: string[] = [];
    const addRegion = (name: string, start: number, bytes: Uint8Array, writable: boolean) => {
      for (let i = 0; i < rStart.length; i++) {
        if (start < rEnd[i] && rStart[i] < start + bytes.length) throw new RangeError(`region ${name} overlaps region ${rName[i]}`);
      }
      if (start < 0 || start + bytes.length > 0x100000000) throw new RangeError(`region ${name} does not fit the 32-bit address space`);
      rName.push(name); rStart.push(start); rEnd.push(start + bytes.length); rWrite.push(writable); rBytes.push(bytes);
      rView.push(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    };
    addRegion('stack', LAYOUT.stack, stack, true);
    addRegion('.data', LAYOUT.data, this.data, true);
    addRegion('.rodata', LAYOUT.rodata, this.rodata, false);
    if (opts.ctx) addRegion('context', LAYOUT.ctx, opts.ctx, opts.ctxWritable ?? true);
    for (const x of opts.extraRegions ?? []) addRegion(x.name, x.start >>> 0, x.bytes, x.writable);
    const nRegions = rStart.length;

    /** Region index holding [addr, addr+size) with the permission, or -1. addr is a (lo, hi) pair. */
    const find = (lo: number, hi: number, size: number, write: boolean): number => {
      if (hi !== 0) return -1;
      for (let i = 0; i < nRegions; i++) {
        if (lo >= rStart[i] && lo + size <= rEnd[i] && (!write || rWrite[i])) return i;
      }
      return -1;
    };

    const lo = new Uint32Array(11);
    const hi = new Uint32Array(11);
    if (opts.ctx) lo[1] = LAYOUT.ctx;
    lo[10] = LAYOUT.stack + stackSize;

    let pc = 0;
    if (opts.entry !== undefined) {
      let offset: number;
      if (typeof opts.entry === 'string') {
        const f = this.functions.find((x) => x.name === opts.entry);
        if (!f) {
          const known = this.functions.map((x) => x.name).join(', ') || 'none';
          return { code: FC_ILLEGAL_JUMP, r0: 0n, output, instructions: 0, branches: 0, pc: -1, message: `no function named "${opts.entry}" (functions: ${known})`, gpio };
        }
        offset = f.textOffset;
      } else offset = opts.entry;
      pc = offset / 8;
      const okEntry = Number.isInteger(pc) && pc >= 0 && pc < n && !(pc > 0 && isWide(this.op[pc - 1]) && verifyIsSecond(this.op, pc));
      if (!okEntry) return { code: FC_ILLEGAL_JUMP, r0: 0n, output, instructions: 0, branches: 0, pc: -1, message: `entry offset ${offset} is not an instruction in text`, gpio };
    }

    const { op, dst, src, off, imm } = this;
    let instructions = 0;
    let branches = 0;
    let code = FC_OK;
    let detail = '';

    // Memory helpers for the helper functions (not used by the run loop).
    const readCString = (alo: number, ahi: number): string | undefined => {
      const r = find(alo, ahi, 1, false);
      if (r < 0) return undefined;
      return cString(rBytes[r], alo - rStart[r]);
    };

    const printf = (): number => {
      const fmt = readCString(lo[1], hi[1]);
      if (fmt === undefined) { detail = 'printf: format string is not a NUL-terminated string in a readable region'; return FC_ILLEGAL_MEM; }
      let out = '';
      let arg = 2;
      for (let i = 0; i < fmt.length; i++) {
        const c = fmt[i];
        if (c !== '%') { out += c; continue; }
        let j = i + 1;
        let longs = 0;
        while (fmt[j] === 'l' && longs < 2) { longs++; j++; }
        const conv = fmt[j];
        if (conv === '%') { out += '%'; i = j; continue; }
        if (conv === undefined || !'diuxcs'.includes(conv)) { out += fmt.slice(i, j + 1); i = j; continue; }
        const alo = arg <= 5 ? lo[arg] : 0;
        const ahi = arg <= 5 ? hi[arg] : 0;
        arg++;
        const v = toBig(alo, ahi);
        switch (conv) {
          case 'd': case 'i': out += longs ? BigInt.asIntN(64, v).toString() : String(alo | 0); break;
          case 'u': out += longs ? v.toString() : String(alo >>> 0); break;
          case 'x': out += longs ? v.toString(16) : (alo >>> 0).toString(16); break;
          case 'c': out += String.fromCharCode(alo & 0xff); break;
          case 's': {
            const s = readCString(alo, ahi);
            if (s === undefined) { detail = `printf: %s argument 0x${v.toString(16)} is not a NUL-terminated string in a readable region`; return FC_ILLEGAL_MEM; }
            out += s;
            break;
          }
        }
        i = j;
      }
      if (out.length > PRINTF_MAX_BYTES) out = out.slice(0, PRINTF_MAX_BYTES);
      output += out;
      lo[0] = out.length; hi[0] = 0;
      return FC_OK;
    };

    const callHelper = (id: number): number => {
      switch (id) {
        case HELPER_PRINTF:
          return printf();
        case HELPER_MEMCPY: {
          const len = lo[3];
          if (hi[3] !== 0) { detail = 'memcpy: length above 4 GiB'; return FC_ILLEGAL_MEM; }
          if (len > 0) {
            const d = find(lo[1], hi[1], len, true);
            const s = find(lo[2], hi[2], len, false);
            if (d < 0 || s < 0) { detail = `memcpy: ${d < 0 ? 'destination' : 'source'} range of ${len} bytes is not inside one ${d < 0 ? 'writable' : 'readable'} region`; return FC_ILLEGAL_MEM; }
            rBytes[d].set(rBytes[s].subarray(lo[2] - rStart[s], lo[2] - rStart[s] + len), lo[1] - rStart[d]);
          }
          lo[0] = lo[1]; hi[0] = hi[1];
          return FC_OK;
        }
        case HELPER_KV_STORE_LOCAL:
        case HELPER_KV_STORE_GLOBAL: {
          const store = id === HELPER_KV_STORE_LOCAL ? kvLocal : kvGlobal;
          const r = store.store(lo[1], BigInt.asIntN(64, toBig(lo[2], hi[2])));
          lo[0] = r >>> 0; hi[0] = r < 0 ? 0xffffffff : 0;
          return FC_OK;
        }
        case HELPER_KV_FETCH_LOCAL:
        case HELPER_KV_FETCH_GLOBAL: {
          const store = id === HELPER_KV_FETCH_LOCAL ? kvLocal : kvGlobal;
          const r = find(lo[2], hi[2], 8, true);
          if (r < 0) { detail = 'kv_fetch: value pointer is not 8 writable bytes'; return FC_ILLEGAL_MEM; }
          rView[r].setBigInt64(lo[2] - rStart[r], store.fetch(lo[1]), true);
          lo[0] = 0; hi[0] = 0;
          return FC_OK;
        }
        case HELPER_NOW_MS:
        case HELPER_NOW_US: {
          const us = BigInt.asUintN(64, clockUs());
          const t = id === HELPER_NOW_MS ? us / 1000n : us;
          lo[0] = Number(t & 0xffffffffn); hi[0] = Number(t >> 32n);
          return FC_OK;
        }
        case HELPER_SENSOR_READ: {
          const s = BigInt.asUintN(64, sensors.get(lo[1]) ?? -1n);
          lo[0] = Number(s & 0xffffffffn); hi[0] = Number(s >> 32n);
          return FC_OK;
        }
        case HELPER_GPIO_SET:
          gpio.push({ pin: lo[1], value: lo[2] });
          lo[0] = 0; hi[0] = 0;
          return FC_OK;
      }
      detail = `helper ${id} is registered but has no implementation`;
      return FC_ILLEGAL_CALL;
    };

    run: for (;;) {
      instructions++;
      const o = op[pc];
      const d = dst[pc];
      if ((o & 0x07) === 0x07) {
        // ALU64
        let blo: number, bhi: number;
        if (o & 0x08) { blo = lo[src[pc]]; bhi = hi[src[pc]]; }
        else { blo = imm[pc] >>> 0; bhi = imm[pc] < 0 ? 0xffffffff : 0; }
        const alo = lo[d], ahi = hi[d];
        switch (o >> 4) {
          case 0x0: { const s = alo + blo; lo[d] = s; hi[d] = ahi + bhi + (s > 0xffffffff ? 1 : 0); break; }
          case 0x1: { lo[d] = alo - blo; hi[d] = ahi - bhi - (alo < blo ? 1 : 0); break; }
          case 0x2: mul64(alo, ahi, blo, bhi); lo[d] = RLO; hi[d] = RHI; break;
          case 0x3:
          case 0x9:
            if (blo === 0 && bhi === 0) { code = FC_ILLEGAL_DIV; detail = 'division by zero'; break run; }
            divu64(alo, ahi, blo, bhi);
            if (o >> 4 === 0x3) { lo[d] = RLO; hi[d] = RHI; } else { lo[d] = MLO; hi[d] = MHI; }
            break;
          case 0x4: lo[d] = alo | blo; hi[d] = ahi | bhi; break;
          case 0x5: lo[d] = alo & blo; hi[d] = ahi & bhi; break;
          case 0x6: { const s = blo & 63; if (s >= 32) { hi[d] = alo << (s - 32); lo[d] = 0; } else if (s > 0) { hi[d] = (ahi << s) | (alo >>> (32 - s)); lo[d] = alo << s; } break; }
          case 0x7: { const s = blo & 63; if (s >= 32) { lo[d] = ahi >>> (s - 32); hi[d] = 0; } else if (s > 0) { lo[d] = (alo >>> s) | (ahi << (32 - s)); hi[d] = ahi >>> s; } break; }
          case 0x8: { lo[d] = -alo; hi[d] = -ahi - (alo !== 0 ? 1 : 0); break; } // neg (0x87 and 0x8f)
          case 0xa: lo[d] = alo ^ blo; hi[d] = ahi ^ bhi; break;
          case 0xb: lo[d] = blo; hi[d] = bhi; break;
          case 0xc: { const s = blo & 63; if (s >= 32) { lo[d] = (ahi | 0) >> (s - 32); hi[d] = (ahi | 0) >> 31; } else if (s > 0) { lo[d] = (alo >>> s) | (ahi << (32 - s)); hi[d] = (ahi | 0) >> s; } break; }
        }
        pc++;
        continue;
      }
      switch (o) {
        case 0x95: break run; // exit
        case 0x85: {
          const c = callHelper(imm[pc]);
          if (c !== FC_OK) { code = c; break run; }
          pc++;
          continue;
        }
        case 0x18: lo[d] = imm[pc]; hi[d] = imm[pc + 1]; pc += 2; continue;
        case 0xb8:
        case 0xd8: {
          // base + imm (sign-extended) + (second imm << 32), as RIOT's engine computes it
          const base = o === 0xb8 ? LAYOUT.data : LAYOUT.rodata;
          const s = base + imm[pc];
          lo[d] = s; hi[d] = imm[pc + 1] + (s < 0 ? -1 : s > 0xffffffff ? 1 : 0);
          pc += 2;
          continue;
        }
      }
      const cls = o & 0x07;
      if (cls === 0x05) {
        // jumps
        let taken: boolean;
        if (o === 0x05) taken = true;
        else {
          const alo = lo[d], ahi = hi[d];
          let blo: number, bhi: number;
          if (o & 0x08) { blo = lo[src[pc]]; bhi = hi[src[pc]]; }
          else { blo = imm[pc] >>> 0; bhi = imm[pc] < 0 ? 0xffffffff : 0; }
          const sahi = ahi | 0, sbhi = bhi | 0;
          switch (o >> 4) {
            case 0x1: taken = alo === blo && ahi === bhi; break;
            case 0x2: taken = ahi > bhi || (ahi === bhi && alo > blo); break;
            case 0x3: taken = ahi > bhi || (ahi === bhi && alo >= blo); break;
            case 0x4: taken = (alo & blo) !== 0 || (ahi & bhi) !== 0; break;
            case 0x5: taken = alo !== blo || ahi !== bhi; break;
            case 0x6: taken = sahi > sbhi || (sahi === sbhi && alo > blo); break;
            case 0x7: taken = sahi > sbhi || (sahi === sbhi && alo >= blo); break;
            case 0xa: taken = ahi < bhi || (ahi === bhi && alo < blo); break;
            case 0xb: taken = ahi < bhi || (ahi === bhi && alo <= blo); break;
            case 0xc: taken = sahi < sbhi || (sahi === sbhi && alo < blo); break;
            case 0xd: taken = sahi < sbhi || (sahi === sbhi && alo <= blo); break;
            default: taken = false;
          }
        }
        if (taken) {
          if (branches >= budget) { code = FC_OUT_OF_BRANCHES; detail = `more than ${budget} taken branches`; break run; }
          branches++;
          pc += 1 + off[pc];
        } else pc++;
        continue;
      }
      // loads and stores: size from bits 4..3
      const sizeBits = o & 0x18;
      const size = sizeBits === 0x00 ? 4 : sizeBits === 0x08 ? 2 : sizeBits === 0x10 ? 1 : 8;
      const baseReg = cls === 0x01 ? src[pc] : d;
      const a = lo[baseReg] + off[pc];
      const alo = a >>> 0;
      const ahi = (hi[baseReg] + (a < 0 ? -1 : a > 0xffffffff ? 1 : 0)) >>> 0;
      const write = cls !== 0x01;
      const r = find(alo, ahi, size, write);
      if (r < 0) {
        code = FC_ILLEGAL_MEM;
        detail = `${size}-byte ${write ? 'store to' : 'load from'} 0x${toBig(alo, ahi).toString(16)} is not inside one ${write ? 'writable' : 'readable'} region`;
        break run;
      }
      const view = rView[r];
      const at = alo - rStart[r];
      if (cls === 0x01) {
        hi[d] = 0;
        if (size === 1) lo[d] = view.getUint8(at);
        else if (size === 2) lo[d] = view.getUint16(at, true);
        else if (size === 4) lo[d] = view.getUint32(at, true);
        else { lo[d] = view.getUint32(at, true); hi[d] = view.getUint32(at + 4, true); }
      } else {
        let vlo: number, vhi: number;
        if (cls === 0x03) { vlo = lo[src[pc]]; vhi = hi[src[pc]]; }
        else { vlo = imm[pc] >>> 0; vhi = imm[pc] < 0 ? 0xffffffff : 0; }
        if (size === 1) view.setUint8(at, vlo & 0xff);
        else if (size === 2) view.setUint16(at, vlo & 0xffff, true);
        else if (size === 4) view.setUint32(at, vlo, true);
        else { view.setUint32(at, vlo, true); view.setUint32(at + 4, vhi, true); }
      }
      pc++;
    }
    const message = code === FC_OK
      ? 'ok'
      : `${ERROR_NAMES[code]} at instruction ${pc} (.text+0x${(pc * 8).toString(16)}: ${formatInsn(decodeAt(this.text, pc), pc)}): ${detail}`;
    return { code, r0: BigInt.asIntN(64, toBig(lo[0], hi[0])), output, instructions, branches, pc, message, gpio };
  }
}

/** True when pc is the second slot of a two-slot load (scanning from the start of text). */
function verifyIsSecond(op: Uint8Array, pc: number): boolean {
  let i = 0;
  while (i < pc) i += isWide(op[i]) ? 2 : 1;
  return i !== pc;
}

/** Loads and runs an image once with a fresh container. */
export function runImage(image: Pick<FcImage, 'data' | 'rodata' | 'text' | 'functions'>, opts: RunOptions = {}): RunResult {
  return new FemtoContainer(image).run(opts);
}
