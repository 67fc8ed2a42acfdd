/**
 * Disassembler in objdump-like syntax, driven by the `dis` templates of the encoding table.
 * Template tokens: {d} {n} {m} {t} {a} {u} registers; {i} immediate; {s} 's' when the form sets
 * flags (16-bit forms outside an IT block); {cc} condition; {lbl} branch target; {lit} PC-relative
 * literal; {mem} [Rn, #imm] with pre/post-index; {memx} exclusive address; {list} register list;
 * {wb} '!' on writeback; {shift} ', lsl #n'; {shname}/{shimm} MOV-as-shift; {sha} shift amount;
 * {lslm} ', lsl #n' register-offset shift; {ror} extend rotation; {e} {e1} {bfw} second immediate;
 * {xy} {x} {y} {r} DSP variants; {sysm} special register; {bar} barrier option; {itm} {itc} IT.
 */
import type { Bus } from '../../peripherals/bus.js';
import * as fpu from './fpu.js';
import { decode, newDecoded, isWide, X_S, X_SIT, X_P, X_U, X_W, X_SHN_SHIFT, X_SHT_MASK, X_O_SHIFT, X_COND_SHIFT, type Decoded } from './decode.js';
import { Op } from './ops.js';

const REG = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'sl', 'fp', 'ip', 'sp', 'lr', 'pc'];
export const COND = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', ''];
const SHN = ['lsl', 'lsr', 'asr', 'ror', 'rrx'];
const SYSM: Record<number, string> = {
  0: 'apsr', 1: 'iapsr', 2: 'eapsr', 3: 'xpsr', 5: 'ipsr', 6: 'epsr', 7: 'iepsr', 8: 'msp', 9: 'psp',
  16: 'primask', 17: 'basepri', 18: 'basepri_max', 19: 'faultmask', 20: 'control',
};
const BAR: Record<number, string> = { 15: 'sy', 14: 'st', 11: 'ish', 10: 'ishst', 7: 'nsh', 6: 'nshst', 3: 'osh', 2: 'oshst' };

const fpMod = fpu as unknown as { disasmFp?: (op: number, hw1: number, hw2: number, pc: number) => string; decodeFp?: (hw1: number, hw2: number) => number };

function hex(v: number): string {
  return '0x' + (v >>> 0).toString(16);
}

function regList(list: number): string {
  const out: string[] = [];
  for (let i = 0; i < 16; i++) if (list & (1 << i)) out.push(REG[i]);
  return '{' + out.join(', ') + '}';
}

/** Formats one decoded instruction at addr (inIt: inside an IT block, for 16-bit flag-setting forms). */
export function format(dd: Decoded, addr: number, inIt = false): string {
  const e = dd.enc;
  if (dd.op === Op.FP && fpMod.disasmFp) return fpMod.disasmFp(dd.imm, dd.hw1, dd.hw2, addr);
  if (e === null || dd.op === Op.UNDEF) return dd.size === 4 ? `.inst.w ${hex(((dd.hw1 << 16) | dd.hw2) >>> 0)}` : `.inst.n ${hex(dd.hw1)}`;
  const tpl = e.opts.dis ?? e.name;
  const x = dd.x;
  const pcv = (addr + 4) | 0;
  const shType = x & X_SHT_MASK;
  const shAmt = (x >>> X_SHN_SHIFT) & 63;
  const o = (x >>> X_O_SHIFT) & 0xff;
  const sets = (x & X_S) !== 0 || ((x & X_SIT) !== 0 && !inIt);
  return tpl.replace(/\{(\w+)\}/g, (_all, k: string) => {
    switch (k) {
      case 'd': return REG[dd.d];
      case 'n': return REG[dd.n];
      case 'm': return REG[dd.m];
      case 't': return REG[dd.t];
      case 'a': case 'u': return REG[dd.a];
      case 'i': return dd.imm >= -9 && dd.imm <= 9 ? String(dd.imm) : dd.imm < 0 ? String(dd.imm) : hex(dd.imm) === '0x' ? '0' : String(dd.imm >>> 0);
      case 's': return sets ? 's' : '';
      case 'cc': return COND[(x >>> X_COND_SHIFT) & 15];
      case 'lbl': return hex((pcv + dd.imm) | 0);
      case 'lit': {
        const base = pcv & ~3;
        return `[pc, #${x & X_U ? '' : '-'}${dd.imm}]\t@ ${hex(x & X_U ? base + dd.imm : base - dd.imm)}`;
      }
      case 'mem': {
        const off = x & X_U ? dd.imm : -dd.imm;
        const wb = (x & X_W) !== 0;
        if (!(x & X_P)) return `[${REG[dd.n]}], #${off}`;
        return off === 0 && !wb ? `[${REG[dd.n]}]` : `[${REG[dd.n]}, #${off}]${wb ? '!' : ''}`;
      }
      case 'memx': return dd.imm ? `[${REG[dd.n]}, #${dd.imm}]` : `[${REG[dd.n]}]`;
      case 'list': return regList(dd.imm);
      case 'wb': return x & X_W ? '!' : '';
      case 'shift': return shType === 4 ? ', rrx' : shAmt === 0 ? '' : `, ${SHN[shType]} #${shAmt}`;
      case 'shname': return shType === 0 && shAmt === 0 ? 'mov' : SHN[shType];
      case 'shimm': return shType === 4 || (shType === 0 && shAmt === 0) ? '' : `, #${shAmt}`;
      case 'sha': return String(shAmt);
      case 'lslm': return shAmt ? `, lsl #${shAmt}` : '';
      case 'ror': return dd.imm ? `, ror #${dd.imm * 8}` : '';
      case 'e': return String(o & 31);
      case 'e1': return String((o & 31) + 1);
      case 'bfw': return String((o & 31) - dd.imm + 1);
      case 'xy': return (o & 2 ? 't' : 'b') + (o & 1 ? 't' : 'b');
      case 'x': return o & 1 ? 'x' : '';
      case 'y': return o & 1 ? 't' : 'b';
      case 'r': return o & 1 ? 'r' : '';
      case 'sysm': return SYSM[dd.imm] ?? String(dd.imm);
      case 'bar': return BAR[dd.imm] ?? `#${dd.imm}`;
      case 'c2': return dd.hw1 & 0x1000 ? '2' : '';
      case 'cl': return dd.hw1 & 0x40 ? 'l' : '';
      case 'cps': return `${o ? 'id' : 'ie'} ${dd.imm & 2 ? 'i' : ''}${dd.imm & 1 ? 'f' : ''}`;
      case 'itm': {
        const fc = o >>> 4;
        const mask = o & 15;
        let s = '';
        const tz = mask & 1 ? 0 : mask & 2 ? 1 : mask & 4 ? 2 : 3;
        for (let i = 3; i > tz; i--) s += ((mask >>> i) & 1) === (fc & 1) ? 't' : 'e';
        return s;
      }
      case 'itc': return COND[o >>> 4] || 'al';
    }
    return k;
  });
}

/** Decodes and formats the halfwords hw1(:hw2) at addr. */
export function disassembleWords(hw1: number, hw2: number, addr: number): string {
  const dd = decode(hw1, hw2, newDecoded(), fpMod.decodeFp ?? null);
  return format(dd, addr);
}

/** Disassembles the instruction at addr, reading memory without side effects. */
export function disassembleAt(bus: Bus, addr: number): string {
  const lo = bus.peek8(addr);
  const hi = bus.peek8(addr + 1);
  if (lo === null || hi === null) return '<unreadable>';
  const hw1 = lo | (hi << 8);
  let hw2 = 0;
  if (isWide(hw1)) {
    const a = bus.peek8(addr + 2);
    const b = bus.peek8(addr + 3);
    if (a === null || b === null) return '<unreadable>';
    hw2 = a | (b << 8);
  }
  const words = isWide(hw1) ? `${hw1.toString(16).padStart(4, '0')} ${hw2.toString(16).padStart(4, '0')}` : hw1.toString(16).padStart(4, '0');
  return `${words}\t${disassembleWords(hw1, hw2, addr)}`;
}
