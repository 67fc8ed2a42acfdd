/**
 * Thumb encodings of ARMv7E-M (ARM DDI 0403E, chapter A5 "The Thumb Instruction Set Encoding" and
 * the per-instruction encodings of A7.7), declared as data.
 *
 * Each entry: [mnemonic, semantic op, bit pattern, options]. The pattern lists the bits of the
 * instruction from the most significant (16 characters for a 16-bit instruction, 32 for hw1:hw2):
 *   '0' / '1'  fixed bits           'x'  don't care
 *   letters    fields; bits of the same letter are concatenated in order of appearance
 * Field letters (see decode.ts for how they land in the decoded form):
 *   d Rd   n Rn   m Rm   t Rt   a Ra   u Rt2   l RdLo (-> d slot)   h RdHi (-> a slot)
 *   i immediate    v imm4 of MOVW/MOVT    y shift type    S setflags    P U W addressing bits
 *   c condition    r register list        g j k branch S/J1/J2    o op bits / options    e second immediate
 * Options: imm (how the immediate is formed), fix (fixed field values), s ('it' = 16-bit form that
 * sets flags only outside an IT block), over (names of entries this one overrides: the table is
 * scanned in order and the first match wins; every overlap must be declared, test/arm-core checks
 * that), dis (disassembly template, see disasm.ts).
 *
 * Should-be-zero / should-be-one bits ("(0)" / "(1)" in the ARM ARM encodings) are written 'x' in
 * 32-bit entries (SBFX/UBFX/BFI/BFC/SSAT/USAT/SSAT16/USAT16, the extends, MRS/MSR): a
 * violation is UNPREDICTABLE, and executing the instruction as if the bits were right is a permitted
 * behaviour (and what capstone and objdump decode). test/arm-core/decoder.test.ts lists the places
 * where capstone disagrees.
 */
import { Op } from './ops.js';

export type ImmKind =
  | 'sat' // SSAT/USAT: shift type sh:0, amount i
  | 'z' // zero-extended field
  | 'x2' | 'x4' // zero-extended, scaled
  | 'tei' // ThumbExpandImm_C (12-bit modified immediate, with carry out)
  | 'sh' // DecodeImmShift(y, i) -> shift type/amount
  | 'lsl' // i is an LSL amount
  | 's9' | 's12' // sign-extended branch offsets (imm << 1)
  | 'bcc' // B<c>.W: S:J2:J1:imm6:imm11:0
  | 'b24' // B.W / BL: S:I1:I2:imm10:imm11:0
  | 'cbz' // i:imm5:0
  | 'push16' | 'pop16' // 16-bit PUSH/POP lists with the M / P bit
  | 'w16'; // MOVW/MOVT imm4:i:imm3:imm8

export interface EncOpts {
  imm?: ImmKind;
  fix?: Record<string, number>;
  s?: 'it';
  over?: string[];
  dis?: string;
}

export type EncRow = [name: string, op: Op, pattern: string, opts?: EncOpts];

const T = 'it' as const;
/** Encodings the architecture leaves UNDEFINED inside otherwise allocated space. */
const UNDEF = '(undefined)';

/** 16-bit encodings (first halfword not 0b11101/0b11110/0b11111). */
export const ENC16: EncRow[] = [
  // A5.2.1 shift (immediate), add, subtract, move, compare
  ['movs', Op.MOV_REG, '0000000000mmmddd', { fix: { S: 1 }, over: ['lsls'], dis: 'movs {d}, {m}' }],
  ['lsls', Op.MOV_SHI, '00000iiiiimmmddd', { imm: 'sh', fix: { y: 0 }, s: T, dis: 'lsl{s} {d}, {m}, #{sha}' }],
  ['lsrs', Op.MOV_SHI, '00001iiiiimmmddd', { imm: 'sh', fix: { y: 1 }, s: T, dis: 'lsr{s} {d}, {m}, #{sha}' }],
  ['asrs', Op.MOV_SHI, '00010iiiiimmmddd', { imm: 'sh', fix: { y: 2 }, s: T, dis: 'asr{s} {d}, {m}, #{sha}' }],
  ['adds', Op.ADD_REG, '0001100mmmnnnddd', { s: T, dis: 'add{s} {d}, {n}, {m}' }],
  ['subs', Op.SUB_REG, '0001101mmmnnnddd', { s: T, dis: 'sub{s} {d}, {n}, {m}' }],
  ['adds', Op.ADD_IMM, '0001110iiinnnddd', { s: T, dis: 'add{s} {d}, {n}, #{i}' }],
  ['subs', Op.SUB_IMM, '0001111iiinnnddd', { s: T, dis: 'sub{s} {d}, {n}, #{i}' }],
  ['movs', Op.MOV_IMM, '00100dddiiiiiiii', { s: T, dis: 'mov{s} {d}, #{i}' }],
  ['cmp', Op.CMP_IMM, '00101nnniiiiiiii', { dis: 'cmp {n}, #{i}' }],
  ['adds', Op.ADD_IMM, '00110dddiiiiiiii', { s: T, dis: 'add{s} {d}, #{i}', fix: { n: -1 } }],
  ['subs', Op.SUB_IMM, '00111dddiiiiiiii', { s: T, dis: 'sub{s} {d}, #{i}', fix: { n: -1 } }],
  // A5.2.2 data processing (Rdn, Rm)
  ['ands', Op.AND_REG, '0100000000mmmddd', { s: T, fix: { n: -1 }, dis: 'and{s} {d}, {m}' }],
  ['eors', Op.EOR_REG, '0100000001mmmddd', { s: T, fix: { n: -1 }, dis: 'eor{s} {d}, {m}' }],
  ['lsls', Op.SHIFT_REG, '0100000010mmmddd', { s: T, fix: { n: -1, y: 0 }, dis: 'lsl{s} {d}, {m}' }],
  ['lsrs', Op.SHIFT_REG, '0100000011mmmddd', { s: T, fix: { n: -1, y: 1 }, dis: 'lsr{s} {d}, {m}' }],
  ['asrs', Op.SHIFT_REG, '0100000100mmmddd', { s: T, fix: { n: -1, y: 2 }, dis: 'asr{s} {d}, {m}' }],
  ['adcs', Op.ADC_REG, '0100000101mmmddd', { s: T, fix: { n: -1 }, dis: 'adc{s} {d}, {m}' }],
  ['sbcs', Op.SBC_REG, '0100000110mmmddd', { s: T, fix: { n: -1 }, dis: 'sbc{s} {d}, {m}' }],
  ['rors', Op.SHIFT_REG, '0100000111mmmddd', { s: T, fix: { n: -1, y: 3 }, dis: 'ror{s} {d}, {m}' }],
  ['tst', Op.TST_REG, '0100001000mmmnnn', { dis: 'tst {n}, {m}' }],
  ['rsbs', Op.RSB_IMM, '0100001001nnnddd', { s: T, dis: 'rsb{s} {d}, {n}, #0' }],
  ['cmp', Op.CMP_REG, '0100001010mmmnnn', { dis: 'cmp {n}, {m}' }],
  ['cmn', Op.CMN_REG, '0100001011mmmnnn', { dis: 'cmn {n}, {m}' }],
  ['orrs', Op.ORR_REG, '0100001100mmmddd', { s: T, fix: { n: -1 }, dis: 'orr{s} {d}, {m}' }],
  ['muls', Op.MUL, '0100001101nnnddd', { s: T, fix: { m: -1 }, dis: 'mul{s} {d}, {n}, {d}' }],
  ['bics', Op.BIC_REG, '0100001110mmmddd', { s: T, fix: { n: -1 }, dis: 'bic{s} {d}, {m}' }],
  ['mvns', Op.MVN_REG, '0100001111mmmddd', { s: T, dis: 'mvn{s} {d}, {m}' }],
  // A5.2.3 special data instructions and branch and exchange
  ['add', Op.ADD_REG, '01000100dmmmmddd', { fix: { n: -1 }, dis: 'add {d}, {m}' }],
  ['cmp', Op.CMP_REG, '01000101nmmmmnnn', { dis: 'cmp {n}, {m}' }],
  ['mov', Op.MOV_REG, '01000110dmmmmddd', { dis: 'mov {d}, {m}' }],
  ['bx', Op.BX, '010001110mmmm000', { dis: 'bx {m}' }],
  ['blx', Op.BLX_REG, '010001111mmmm000', { dis: 'blx {m}' }],
  // A5.2.4 load from literal pool
  ['ldr', Op.LDR_LIT, '01001tttiiiiiiii', { imm: 'x4', fix: { U: 1 }, dis: 'ldr {t}, {lit}' }],
  // A5.2.4 load/store single data item
  ['str', Op.STR_REG, '0101000mmmnnnttt', { dis: 'str {t}, [{n}, {m}]' }],
  ['strh', Op.STRH_REG, '0101001mmmnnnttt', { dis: 'strh {t}, [{n}, {m}]' }],
  ['strb', Op.STRB_REG, '0101010mmmnnnttt', { dis: 'strb {t}, [{n}, {m}]' }],
  ['ldrsb', Op.LDRSB_REG, '0101011mmmnnnttt', { dis: 'ldrsb {t}, [{n}, {m}]' }],
  ['ldr', Op.LDR_REG, '0101100mmmnnnttt', { dis: 'ldr {t}, [{n}, {m}]' }],
  ['ldrh', Op.LDRH_REG, '0101101mmmnnnttt', { dis: 'ldrh {t}, [{n}, {m}]' }],
  ['ldrb', Op.LDRB_REG, '0101110mmmnnnttt', { dis: 'ldrb {t}, [{n}, {m}]' }],
  ['ldrsh', Op.LDRSH_REG, '0101111mmmnnnttt', { dis: 'ldrsh {t}, [{n}, {m}]' }],
  ['str', Op.STR_IMM, '01100iiiiinnnttt', { imm: 'x4', fix: { P: 1, U: 1 }, dis: 'str {t}, {mem}' }],
  ['ldr', Op.LDR_IMM, '01101iiiiinnnttt', { imm: 'x4', fix: { P: 1, U: 1 }, dis: 'ldr {t}, {mem}' }],
  ['strb', Op.STRB_IMM, '01110iiiiinnnttt', { fix: { P: 1, U: 1 }, dis: 'strb {t}, {mem}' }],
  ['ldrb', Op.LDRB_IMM, '01111iiiiinnnttt', { fix: { P: 1, U: 1 }, dis: 'ldrb {t}, {mem}' }],
  ['strh', Op.STRH_IMM, '10000iiiiinnnttt', { imm: 'x2', fix: { P: 1, U: 1 }, dis: 'strh {t}, {mem}' }],
  ['ldrh', Op.LDRH_IMM, '10001iiiiinnnttt', { imm: 'x2', fix: { P: 1, U: 1 }, dis: 'ldrh {t}, {mem}' }],
  ['str', Op.STR_IMM, '10010tttiiiiiiii', { imm: 'x4', fix: { n: 13, P: 1, U: 1 }, dis: 'str {t}, {mem}' }],
  ['ldr', Op.LDR_IMM, '10011tttiiiiiiii', { imm: 'x4', fix: { n: 13, P: 1, U: 1 }, dis: 'ldr {t}, {mem}' }],
  // A5.2.5 generate PC-relative address / SP-relative address
  ['adr', Op.ADR, '10100dddiiiiiiii', { imm: 'x4', fix: { U: 1 }, dis: 'adr {d}, {lit}' }],
  ['add', Op.ADD_IMM, '10101dddiiiiiiii', { imm: 'x4', fix: { n: 13 }, dis: 'add {d}, sp, #{i}' }],
  // A5.2.5 miscellaneous 16-bit instructions
  ['add', Op.ADD_IMM, '101100000iiiiiii', { imm: 'x4', fix: { d: 13, n: 13 }, dis: 'add sp, #{i}' }],
  ['sub', Op.SUB_IMM, '101100001iiiiiii', { imm: 'x4', fix: { d: 13, n: 13 }, dis: 'sub sp, #{i}' }],
  ['cbz', Op.CBZ, '101100i1iiiiinnn', { imm: 'cbz', dis: 'cbz {n}, {lbl}' }],
  ['cbnz', Op.CBNZ, '101110i1iiiiinnn', { imm: 'cbz', dis: 'cbnz {n}, {lbl}' }],
  ['sxth', Op.SXTH, '1011001000mmmddd', { dis: 'sxth {d}, {m}' }],
  ['sxtb', Op.SXTB, '1011001001mmmddd', { dis: 'sxtb {d}, {m}' }],
  ['uxth', Op.UXTH, '1011001010mmmddd', { dis: 'uxth {d}, {m}' }],
  ['uxtb', Op.UXTB, '1011001011mmmddd', { dis: 'uxtb {d}, {m}' }],
  ['push', Op.STMDB, '1011010rrrrrrrrr', { imm: 'push16', fix: { n: 13, W: 1 }, dis: 'push {list}' }],
  ['cps', Op.CPS, '10110110011o0xii', { dis: 'cps{cps}' }],
  ['rev', Op.REV, '1011101000mmmddd', { dis: 'rev {d}, {m}' }],
  ['rev16', Op.REV16, '1011101001mmmddd', { dis: 'rev16 {d}, {m}' }],
  ['revsh', Op.REVSH, '1011101011mmmddd', { dis: 'revsh {d}, {m}' }],
  ['pop', Op.LDM, '1011110rrrrrrrrr', { imm: 'pop16', fix: { n: 13, W: 1 }, dis: 'pop {list}' }],
  ['bkpt', Op.BKPT, '10111110iiiiiiii', { dis: 'bkpt #{i}' }],
  ['nop', Op.NOP, '1011111100000000', { over: ['it'], dis: 'nop' }],
  ['yield', Op.NOP, '1011111100010000', { over: ['it', 'nop'], dis: 'yield' }],
  ['wfe', Op.WFE, '1011111100100000', { over: ['it', 'nop'], dis: 'wfe' }],
  ['wfi', Op.WFI, '1011111100110000', { over: ['it', 'nop'], dis: 'wfi' }],
  ['sev', Op.SEV, '1011111101000000', { over: ['it', 'nop'], dis: 'sev' }],
  ['nop', Op.NOP, '10111111oooo0000', { over: ['it'], dis: 'nop' }], // other hints execute as NOP (A5.2.5)
  ['it', Op.IT, '10111111oooooooo', { dis: 'it{itm} {itc}' }],
  // A5.2.6 load/store multiple
  ['stm', Op.STM, '11000nnnrrrrrrrr', { fix: { W: 1 }, dis: 'stm {n}!, {list}' }],
  ['ldm', Op.LDM, '11001nnnrrrrrrrr', { fix: { W: 2 }, dis: 'ldm {n}{wb}, {list}' }], // W=2: writeback unless n in list
  // A5.2.7 conditional branch and supervisor call
  ['udf', Op.UDF, '11011110iiiiiiii', { over: ['b'], dis: 'udf #{i}' }],
  ['svc', Op.SVC, '11011111iiiiiiii', { over: ['b'], dis: 'svc #{i}' }],
  ['b', Op.BCC, '1101cccciiiiiiii', { imm: 's9', dis: 'b{cc} {lbl}' }],
  // A7.7.12 B T2
  ['b', Op.B, '11100iiiiiiiiiii', { imm: 's12', dis: 'b {lbl}' }],
];

/**
 * Parallel add/subtract (A5.3.13): op1 = hw1[6:4] selects the operation, op2 = hw2[6:4] the prefix
 * (signed, saturating, halving, unsigned...). One semantic op (PAR) with o = op1:op2.
 */
const PAR_OPS: Array<[string, string]> = [
  ['add8', '000'], ['add16', '001'], ['asx', '010'], ['sax', '110'], ['sub16', '101'], ['sub8', '100'],
];
const PAR_PFX: Array<[string, string]> = [
  ['s', '000'], ['q', '001'], ['sh', '010'], ['u', '100'], ['uq', '101'], ['uh', '110'],
];
const PARALLEL: EncRow[] = [];
for (const [pn, pb] of PAR_PFX) {
  for (const [on, ob] of PAR_OPS) {
    PARALLEL.push([pn + on, Op.PAR, `111110101${ob}nnnn1111dddd0${pb}mmmm`, { fix: { o: parseInt(ob + pb, 2) }, dis: `${pn}${on} {d}, {n}, {m}` }]);
  }
}

/** Data-processing (shifted register, A5.3.11 / modified immediate, A5.3.1) operation table. */
const DP: Array<[name: string, reg: Op, imm: Op, bits: string, special?: string]> = [
  ['and', Op.AND_REG, Op.AND_IMM, '0000', 'tst'], ['bic', Op.BIC_REG, Op.BIC_IMM, '0001'],
  ['orr', Op.ORR_REG, Op.ORR_IMM, '0010', 'mov'], ['orn', Op.ORN_REG, Op.ORN_IMM, '0011', 'mvn'],
  ['eor', Op.EOR_REG, Op.EOR_IMM, '0100', 'teq'], ['add', Op.ADD_REG, Op.ADD_IMM, '1000', 'cmn'],
  ['adc', Op.ADC_REG, Op.ADC_IMM, '1010'], ['sbc', Op.SBC_REG, Op.SBC_IMM, '1011'],
  ['sub', Op.SUB_REG, Op.SUB_IMM, '1101', 'cmp'], ['rsb', Op.RSB_REG, Op.RSB_IMM, '1110'],
];
const TESTS: Record<string, [Op, Op]> = {
  tst: [Op.TST_REG, Op.TST_IMM], teq: [Op.TEQ_REG, Op.TEQ_IMM], cmn: [Op.CMN_REG, Op.CMN_IMM], cmp: [Op.CMP_REG, Op.CMP_IMM],
};
const DP_REG: EncRow[] = [];
const DP_IMM: EncRow[] = [];
for (const [name, reg, imm, bits, special] of DP) {
  if (special !== undefined && TESTS[special]) {
    const [tr, ti] = TESTS[special];
    DP_REG.push([special, tr, `1110101${bits}1nnnnxiii1111iiyymmmm`, { imm: 'sh', over: [name], dis: `${special}.w {n}, {m}{shift}` }]);
    DP_IMM.push([special, ti, `11110i0${bits}1nnnn0iii1111iiiiiiii`, { imm: 'tei', over: [name], dis: `${special}.w {n}, #{i}` }]);
  }
  if (special === 'mov') {
    // MOV (register) and the shifts by an immediate (A7.7.76, A7.7.67...): ORR with Rn = PC.
    DP_REG.push(['mov', Op.MOV_SHI, '11101010010S1111xiiiddddiiyymmmm', { imm: 'sh', over: ['orr'], dis: '{shname}{s}.w {d}, {m}{shimm}' }]);
    DP_IMM.push(['mov', Op.MOV_IMM, '11110i00010S11110iiiddddiiiiiiii', { imm: 'tei', over: ['orr'], dis: 'mov{s}.w {d}, #{i}' }]);
  }
  if (special === 'mvn') {
    DP_REG.push(['mvn', Op.MVN_REG, '11101010011S1111xiiiddddiiyymmmm', { imm: 'sh', over: ['orn'], dis: 'mvn{s}.w {d}, {m}{shift}' }]);
    DP_IMM.push(['mvn', Op.MVN_IMM, '11110i00011S11110iiiddddiiiiiiii', { imm: 'tei', over: ['orn'], dis: 'mvn{s} {d}, #{i}' }]);
  }
  const w = name === 'orn' ? '' : '.w';
  DP_REG.push([name, reg, `1110101${bits}Snnnnxiiiddddiiyymmmm`, { imm: 'sh', dis: `${name}{s}${w} {d}, {n}, {m}{shift}` }]);
  DP_IMM.push([name, imm, `11110i0${bits}Snnnn0iiiddddiiiiiiii`, { imm: 'tei', dis: `${name}{s}${w} {d}, {n}, #{i}` }]);
}

/**
 * Load/store single (A5.3.10 store, A5.3.9 load byte, A5.3.8 load halfword, A5.3.7 load word).
 * ops = [immediate, register, literal]; unprivOp: the unprivileged form (LDRT...), an offset
 * access checked as from unprivileged code whatever the current privilege.
 */
function loadStore(name: string, ops: [Op, Op, Op?], sz: string, sign: string, unprivOp: Op): EncRow[] {
  const load = ops[2] !== undefined;
  const L = load ? '1' : '0';
  const rows: EncRow[] = [];
  const unpriv = name + 't';
  if (!load) rows.push([UNDEF, Op.UNDEF, `1111100${sign}x${sz}${L}1111xxxxxxxxxxxxxxxx`, { over: [name, unpriv], dis: 'udf' }]); // Rn = PC
  if (load) rows.push([name, ops[2]!, `1111100${sign}U${sz}${L}1111ttttiiiiiiiiiiii`, { over: [name, unpriv], dis: `${name}.w {t}, {lit}` }]);
  rows.push([name, ops[0], `1111100${sign}1${sz}${L}nnnnttttiiiiiiiiiiii`, { fix: { P: 1, U: 1 }, dis: `${name}.w {t}, {mem}` }]);
  rows.push([unpriv, unprivOp, `1111100${sign}0${sz}${L}nnnntttt1110iiiiiiii`, { fix: { P: 1, U: 1, Q: 1 }, over: [name], dis: `${unpriv} {t}, {mem}` }]);
  rows.push([name, ops[0], `1111100${sign}0${sz}${L}nnnntttt1PUWiiiiiiii`, { dis: `${name} {t}, {mem}` }]);
  rows.push([name, ops[1], `1111100${sign}0${sz}${L}nnnntttt000000iimmmm`, { imm: 'lsl', dis: `${name}.w {t}, [{n}, {m}{lslm}]` }]);
  return rows;
}

/** Memory hints (A5.3.9/A5.3.8: loads with Rt = PC): PLD, PLI and the unallocated hints (NOP). */
function hints(name: string, op: Op, sign: string, sz: string, over: string[]): EncRow[] {
  return [
    [name, op, `1111100${sign}U${sz}111111111iiiiiiiiiiii`, { fix: { n: 15 }, over, dis: `${name} {lit}` }],
    [name, op, `1111100${sign}1${sz}1nnnn1111iiiiiiiiiiii`, { fix: { U: 1 }, over, dis: `${name} [{n}, #{i}]` }],
    [name, op, `1111100${sign}0${sz}1nnnn11111100iiiiiiii`, { over, dis: `${name} [{n}, #-{i}]` }],
    [name, op, `1111100${sign}0${sz}1nnnn1111000000iimmmm`, { imm: 'lsl', over, dis: `${name} [{n}, {m}{lslm}]` }],
  ];
}

/** 32-bit encodings. */
export const ENC32: EncRow[] = [
  // A5.3.5 load/store multiple
  ['stm', Op.STM, '1110100010W0nnnnrrrrrrrrrrrrrrrr', { dis: 'stm.w {n}{wb}, {list}' }],
  ['pop', Op.LDM, '1110100010111101rrrrrrrrrrrrrrrr', { fix: { W: 1, n: 13 }, over: ['ldm'], dis: 'pop.w {list}' }],
  ['ldm', Op.LDM, '1110100010W1nnnnrrrrrrrrrrrrrrrr', { dis: 'ldm.w {n}{wb}, {list}' }],
  ['push', Op.STMDB, '1110100100101101rrrrrrrrrrrrrrrr', { fix: { W: 1, n: 13 }, over: ['stmdb'], dis: 'push.w {list}' }],
  ['stmdb', Op.STMDB, '1110100100W0nnnnrrrrrrrrrrrrrrrr', { dis: 'stmdb {n}{wb}, {list}' }],
  ['ldmdb', Op.LDMDB, '1110100100W1nnnnrrrrrrrrrrrrrrrr', { dis: 'ldmdb {n}{wb}, {list}' }],
  // A5.3.6 load/store dual, exclusive, table branch
  ['strex', Op.STREX, '111010000100nnnnttttddddiiiiiiii', { imm: 'x4', over: ['strd'], dis: 'strex {d}, {t}, {memx}' }],
  ['ldrex', Op.LDREX, '111010000101nnnntttt1111iiiiiiii', { imm: 'x4', over: ['ldrd'], dis: 'ldrex {t}, {memx}' }],
  ['strexb', Op.STREXB, '111010001100nnnntttt11110100dddd', { over: ['strd', UNDEF], dis: 'strexb {d}, {t}, [{n}]' }],
  ['strexh', Op.STREXH, '111010001100nnnntttt11110101dddd', { over: ['strd', UNDEF], dis: 'strexh {d}, {t}, [{n}]' }],
  [UNDEF, Op.UNDEF, '111010001100xxxxxxxxxxxxxxxxxxxx', { over: ['strd'], dis: 'udf' }],
  ['tbb', Op.TBB, '111010001101nnnn111100000000mmmm', { over: ['ldrd', UNDEF], dis: 'tbb [{n}, {m}]' }],
  ['tbh', Op.TBH, '111010001101nnnn111100000001mmmm', { over: ['ldrd', UNDEF], dis: 'tbh [{n}, {m}, lsl #1]' }],
  ['ldrexb', Op.LDREXB, '111010001101nnnntttt111101001111', { over: ['ldrd', UNDEF], dis: 'ldrexb {t}, [{n}]' }],
  ['ldrexh', Op.LDREXH, '111010001101nnnntttt111101011111', { over: ['ldrd', UNDEF], dis: 'ldrexh {t}, [{n}]' }],
  [UNDEF, Op.UNDEF, '111010001101xxxxxxxxxxxxxxxxxxxx', { over: ['ldrd'], dis: 'udf' }],
  ['strd', Op.STRD, '1110100PU1W0nnnnttttuuuuiiiiiiii', { imm: 'x4', dis: 'strd {t}, {u}, {mem}' }],
  ['ldrd', Op.LDRD_LIT, '1110100PU1W11111ttttuuuuiiiiiiii', { imm: 'x4', over: ['ldrd'], dis: 'ldrd {t}, {u}, {lit}' }],
  ['ldrd', Op.LDRD, '1110100PU1W1nnnnttttuuuuiiiiiiii', { imm: 'x4', dis: 'ldrd {t}, {u}, {mem}' }],
  // A5.3.11 data processing (shifted register); PKHBT/PKHTB (A7.7.93)
  ['pkhtb', Op.PKHTB, '111010101100nnnnxiiiddddii10mmmm', { imm: 'sh', fix: { y: 2 }, dis: 'pkhtb {d}, {n}, {m}{shift}' }],
  ['pkhbt', Op.PKHBT, '111010101100nnnnxiiiddddii00mmmm', { imm: 'sh', fix: { y: 0 }, dis: 'pkhbt {d}, {n}, {m}{shift}' }],
  ...DP_REG,
  // A5.3.18 coprocessor instructions (FP: cp10/cp11 are handed to fpu.ts by decode.ts)
  [UNDEF, Op.UNDEF, '111x1100000xxxxxxxxxxxxxxxxxxxxx', { over: ['stc', 'ldc'], dis: 'udf' }],
  ['mcrr', Op.COPROC, '111x11000100xxxxxxxxxxxxxxxxxxxx', { over: ['stc'], dis: 'mcrr{c2}' }],
  ['mrrc', Op.COPROC, '111x11000101xxxxxxxxxxxxxxxxxxxx', { over: ['ldc'], dis: 'mrrc{c2}' }],
  ['stc', Op.COPROC, '111x110xxxx0xxxxxxxxxxxxxxxxxxxx', { dis: 'stc{c2}{cl}' }],
  ['ldc', Op.COPROC, '111x110xxxx1xxxxxxxxxxxxxxxxxxxx', { dis: 'ldc{c2}{cl}' }],
  ['cdp', Op.COPROC, '111x1110xxxxxxxxxxxxxxxxxxx0xxxx', { dis: 'cdp{c2}' }],
  ['mcr', Op.COPROC, '111x1110xxx0xxxxxxxxxxxxxxx1xxxx', { dis: 'mcr{c2}' }],
  ['mrc', Op.COPROC, '111x1110xxx1xxxxxxxxxxxxxxx1xxxx', { dis: 'mrc{c2}' }],
  // A5.3.1 data processing (modified immediate)
  ...DP_IMM,
  // A5.3.3 data processing (plain binary immediate)
  ['adr', Op.ADR, '11110i10000011110iiiddddiiiiiiii', { fix: { U: 1 }, over: ['addw'], dis: 'adr.w {d}, {lit}' }],
  ['addw', Op.ADD_IMM, '11110i100000nnnn0iiiddddiiiiiiii', { dis: 'addw {d}, {n}, #{i}' }],
  ['movw', Op.MOVW, '11110i100100vvvv0iiiddddiiiiiiii', { imm: 'w16', dis: 'movw {d}, #{i}' }],
  ['adr', Op.ADR, '11110i10101011110iiiddddiiiiiiii', { fix: { U: 0 }, over: ['subw'], dis: 'adr.w {d}, {lit}' }],
  ['subw', Op.SUB_IMM, '11110i101010nnnn0iiiddddiiiiiiii', { dis: 'subw {d}, {n}, #{i}' }],
  ['movt', Op.MOVT, '11110i101100vvvv0iiiddddiiiiiiii', { imm: 'w16', dis: 'movt {d}, #{i}' }],
  ['ssat16', Op.SSAT16, '11110x110010nnnn0000dddd00xxeeee', { over: ['ssat'], dis: 'ssat16 {d}, #{e1}, {n}' }],
  ['ssat', Op.SSAT, '11110x1100y0nnnn0iiiddddiixeeeee', { imm: 'sat', dis: 'ssat {d}, #{e1}, {n}{shift}' }],
  ['sbfx', Op.SBFX, '11110x110100nnnn0iiiddddiixeeeee', { dis: 'sbfx {d}, {n}, #{i}, #{e1}' }],
  ['bfc', Op.BFC, '11110x11011011110iiiddddiixeeeee', { over: ['bfi'], dis: 'bfc {d}, #{i}, #{bfw}' }],
  ['bfi', Op.BFI, '11110x110110nnnn0iiiddddiixeeeee', { dis: 'bfi {d}, {n}, #{i}, #{bfw}' }],
  ['usat16', Op.USAT16, '11110x111010nnnn0000dddd00xxeeee', { over: ['usat'], dis: 'usat16 {d}, #{e}, {n}' }],
  ['usat', Op.USAT, '11110x1110y0nnnn0iiiddddiixeeeee', { imm: 'sat', dis: 'usat {d}, #{e}, {n}{shift}' }],
  ['ubfx', Op.UBFX, '11110x111100nnnn0iiiddddiixeeeee', { dis: 'ubfx {d}, {n}, #{i}, #{e1}' }],
  // A5.3.4 branches and miscellaneous control
  ['msr', Op.MSR, '11110011100xnnnn10x0oo00iiiiiiii', { over: ['b', UNDEF], dis: 'msr {sysm}, {n}' }],
  ['nop', Op.NOP, '11110011101011111000000000000000', { over: ['b', UNDEF, 'nop'], dis: 'nop.w' }],
  ['yield', Op.NOP, '11110011101011111000000000000001', { over: ['b', UNDEF, 'nop'], dis: 'yield.w' }],
  ['wfe', Op.WFE, '11110011101011111000000000000010', { over: ['b', UNDEF, 'nop'], dis: 'wfe.w' }],
  ['wfi', Op.WFI, '11110011101011111000000000000011', { over: ['b', UNDEF, 'nop'], dis: 'wfi.w' }],
  ['sev', Op.SEV, '11110011101011111000000000000100', { over: ['b', UNDEF, 'nop'], dis: 'sev.w' }],
  ['dbg', Op.NOP, '1111001110101111100000001111iiii', { over: ['b', UNDEF, 'nop'], dis: 'dbg #{i}' }],
  ['nop', Op.NOP, '111100111010111110000000oooooooo', { over: ['b', UNDEF], dis: 'nop.w' }], // unallocated hints (A5.3.4)
  ['clrex', Op.CLREX, '1111001110111111100011110010xxxx', { over: ['b', UNDEF], dis: 'clrex' }],
  ['dsb', Op.BARRIER, '1111001110111111100011110100iiii', { over: ['b', UNDEF], dis: 'dsb {bar}' }],
  ['dmb', Op.BARRIER, '1111001110111111100011110101iiii', { over: ['b', UNDEF], dis: 'dmb {bar}' }],
  ['isb', Op.ISB, '1111001110111111100011110110iiii', { over: ['b', UNDEF], dis: 'isb {bar}' }],
  ['mrs', Op.MRS, '11110011111xxxxx10x0ddddiiiiiiii', { over: ['b', UNDEF], dis: 'mrs {d}, {sysm}' }],
  ['udf', Op.UDF, '111101111111iiii1010iiiiiiiiiiii', { over: ['b', UNDEF], dis: 'udf.w #{i}' }],
  [UNDEF, Op.UNDEF, '11110x111xxxxxxx10x0xxxxxxxxxxxx', { over: ['b'], dis: 'udf' }], // B<c> space with cond 111x
  ['b', Op.BCC, '11110gcccciiiiii10j0kiiiiiiiiiii', { imm: 'bcc', dis: 'b{cc}.w {lbl}' }],
  ['b', Op.B, '11110giiiiiiiiii10j1kiiiiiiiiiii', { imm: 'b24', dis: 'b.w {lbl}' }],
  ['bl', Op.BL, '11110giiiiiiiiii11j1kiiiiiiiiiii', { imm: 'b24', dis: 'bl {lbl}' }],
  // A5.3.10 store single data item
  ...loadStore('strb', [Op.STRB_IMM, Op.STRB_REG], '00', '0', Op.STRBT),
  ...loadStore('strh', [Op.STRH_IMM, Op.STRH_REG], '01', '0', Op.STRHT),
  ...loadStore('str', [Op.STR_IMM, Op.STR_REG], '10', '0', Op.STRT),
  // A5.3.9 load byte, memory hints; A5.3.8 load halfword, unallocated memory hints
  ...hints('pld', Op.PLD, '0', '00', ['ldrb', 'ldrbt']),
  ...hints('pli', Op.PLD, '1', '00', ['ldrsb', 'ldrsbt']),
  ...hints('nop', Op.NOP, '0', '01', ['ldrh', 'ldrht']),
  ...hints('nop', Op.NOP, '1', '01', ['ldrsh', 'ldrsht']),
  ...loadStore('ldrb', [Op.LDRB_IMM, Op.LDRB_REG, Op.LDRB_LIT], '00', '0', Op.LDRBT),
  ...loadStore('ldrsb', [Op.LDRSB_IMM, Op.LDRSB_REG, Op.LDRSB_LIT], '00', '1', Op.LDRSBT),
  ...loadStore('ldrh', [Op.LDRH_IMM, Op.LDRH_REG, Op.LDRH_LIT], '01', '0', Op.LDRHT),
  ...loadStore('ldrsh', [Op.LDRSH_IMM, Op.LDRSH_REG, Op.LDRSH_LIT], '01', '1', Op.LDRSHT),
  ...loadStore('ldr', [Op.LDR_IMM, Op.LDR_REG, Op.LDR_LIT], '10', '0', Op.LDRT),
  // A5.3.12 data processing (register)
  ['lsl', Op.SHIFT_REG, '11111010000Snnnn1111dddd0000mmmm', { fix: { y: 0 }, dis: 'lsl{s}.w {d}, {n}, {m}' }],
  ['lsr', Op.SHIFT_REG, '11111010001Snnnn1111dddd0000mmmm', { fix: { y: 1 }, dis: 'lsr{s}.w {d}, {n}, {m}' }],
  ['asr', Op.SHIFT_REG, '11111010010Snnnn1111dddd0000mmmm', { fix: { y: 2 }, dis: 'asr{s}.w {d}, {n}, {m}' }],
  ['ror', Op.SHIFT_REG, '11111010011Snnnn1111dddd0000mmmm', { fix: { y: 3 }, dis: 'ror{s}.w {d}, {n}, {m}' }],
  ['sxth', Op.SXTAH, '11111010000011111111dddd1xiimmmm', { fix: { n: 15 }, over: ['sxtah'], dis: 'sxth.w {d}, {m}{ror}' }],
  ['sxtah', Op.SXTAH, '111110100000nnnn1111dddd1xiimmmm', { dis: 'sxtah {d}, {n}, {m}{ror}' }],
  ['uxth', Op.UXTAH, '11111010000111111111dddd1xiimmmm', { fix: { n: 15 }, over: ['uxtah'], dis: 'uxth.w {d}, {m}{ror}' }],
  ['uxtah', Op.UXTAH, '111110100001nnnn1111dddd1xiimmmm', { dis: 'uxtah {d}, {n}, {m}{ror}' }],
  ['sxtb16', Op.SXTAB16, '11111010001011111111dddd1xiimmmm', { fix: { n: 15 }, over: ['sxtab16'], dis: 'sxtb16 {d}, {m}{ror}' }],
  ['sxtab16', Op.SXTAB16, '111110100010nnnn1111dddd1xiimmmm', { dis: 'sxtab16 {d}, {n}, {m}{ror}' }],
  ['uxtb16', Op.UXTAB16, '11111010001111111111dddd1xiimmmm', { fix: { n: 15 }, over: ['uxtab16'], dis: 'uxtb16 {d}, {m}{ror}' }],
  ['uxtab16', Op.UXTAB16, '111110100011nnnn1111dddd1xiimmmm', { dis: 'uxtab16 {d}, {n}, {m}{ror}' }],
  ['sxtb', Op.SXTAB, '11111010010011111111dddd1xiimmmm', { fix: { n: 15 }, over: ['sxtab'], dis: 'sxtb.w {d}, {m}{ror}' }],
  ['sxtab', Op.SXTAB, '111110100100nnnn1111dddd1xiimmmm', { dis: 'sxtab {d}, {n}, {m}{ror}' }],
  ['uxtb', Op.UXTAB, '11111010010111111111dddd1xiimmmm', { fix: { n: 15 }, over: ['uxtab'], dis: 'uxtb.w {d}, {m}{ror}' }],
  ['uxtab', Op.UXTAB, '111110100101nnnn1111dddd1xiimmmm', { dis: 'uxtab {d}, {n}, {m}{ror}' }],
  ...PARALLEL,
  // A5.3.14 miscellaneous operations (Rm is encoded twice; the copies must agree: checked in decode.ts)
  ['qadd', Op.QADD, '111110101000nnnn1111dddd1000mmmm', { dis: 'qadd {d}, {m}, {n}' }],
  ['qdadd', Op.QDADD, '111110101000nnnn1111dddd1001mmmm', { dis: 'qdadd {d}, {m}, {n}' }],
  ['qsub', Op.QSUB, '111110101000nnnn1111dddd1010mmmm', { dis: 'qsub {d}, {m}, {n}' }],
  ['qdsub', Op.QDSUB, '111110101000nnnn1111dddd1011mmmm', { dis: 'qdsub {d}, {m}, {n}' }],
  ['rev', Op.REV, '111110101001nnnn1111dddd1000mmmm', { dis: 'rev.w {d}, {m}' }],
  ['rev16', Op.REV16, '111110101001nnnn1111dddd1001mmmm', { dis: 'rev16.w {d}, {m}' }],
  ['rbit', Op.RBIT, '111110101001nnnn1111dddd1010mmmm', { dis: 'rbit {d}, {m}' }],
  ['revsh', Op.REVSH, '111110101001nnnn1111dddd1011mmmm', { dis: 'revsh.w {d}, {m}' }],
  ['sel', Op.SEL, '111110101010nnnn1111dddd1000mmmm', { dis: 'sel {d}, {n}, {m}' }],
  ['clz', Op.CLZ, '111110101011nnnn1111dddd1000mmmm', { dis: 'clz {d}, {m}' }],
  // A5.3.16 multiply, multiply accumulate, absolute difference
  ['mul', Op.MUL, '111110110000nnnn1111dddd0000mmmm', { over: ['mla'], dis: 'mul {d}, {n}, {m}' }],
  ['mla', Op.MLA, '111110110000nnnnaaaadddd0000mmmm', { dis: 'mla {d}, {n}, {m}, {a}' }],
  ['mls', Op.MLS, '111110110000nnnnaaaadddd0001mmmm', { dis: 'mls {d}, {n}, {m}, {a}' }],
  ['smul', Op.SMULXY, '111110110001nnnn1111dddd00oommmm', { over: ['smla'], dis: 'smul{xy} {d}, {n}, {m}' }],
  ['smla', Op.SMLAXY, '111110110001nnnnaaaadddd00oommmm', { dis: 'smla{xy} {d}, {n}, {m}, {a}' }],
  ['smuad', Op.SMUAD, '111110110010nnnn1111dddd000ommmm', { over: ['smlad'], dis: 'smuad{x} {d}, {n}, {m}' }],
  ['smlad', Op.SMLAD, '111110110010nnnnaaaadddd000ommmm', { dis: 'smlad{x} {d}, {n}, {m}, {a}' }],
  ['smulw', Op.SMULWY, '111110110011nnnn1111dddd000ommmm', { over: ['smlaw'], dis: 'smulw{y} {d}, {n}, {m}' }],
  ['smlaw', Op.SMLAWY, '111110110011nnnnaaaadddd000ommmm', { dis: 'smlaw{y} {d}, {n}, {m}, {a}' }],
  ['smusd', Op.SMUSD, '111110110100nnnn1111dddd000ommmm', { over: ['smlsd'], dis: 'smusd{x} {d}, {n}, {m}' }],
  ['smlsd', Op.SMLSD, '111110110100nnnnaaaadddd000ommmm', { dis: 'smlsd{x} {d}, {n}, {m}, {a}' }],
  ['smmul', Op.SMMUL, '111110110101nnnn1111dddd000ommmm', { over: ['smmla'], dis: 'smmul{r} {d}, {n}, {m}' }],
  ['smmla', Op.SMMLA, '111110110101nnnnaaaadddd000ommmm', { dis: 'smmla{r} {d}, {n}, {m}, {a}' }],
  ['smmls', Op.SMMLS, '111110110110nnnnaaaadddd000ommmm', { dis: 'smmls{r} {d}, {n}, {m}, {a}' }],
  ['usad8', Op.USADA8, '111110110111nnnn1111dddd0000mmmm', { fix: { a: 15 }, over: ['usada8'], dis: 'usad8 {d}, {n}, {m}' }],
  ['usada8', Op.USADA8, '111110110111nnnnaaaadddd0000mmmm', { dis: 'usada8 {d}, {n}, {m}, {a}' }],
  // A5.3.17 long multiply, long multiply accumulate, divide
  ['smull', Op.SMULL, '111110111000nnnnllllhhhh0000mmmm', { dis: 'smull {d}, {a}, {n}, {m}' }],
  ['sdiv', Op.SDIV, '111110111001nnnn1111dddd1111mmmm', { dis: 'sdiv {d}, {n}, {m}' }],
  ['umull', Op.UMULL, '111110111010nnnnllllhhhh0000mmmm', { dis: 'umull {d}, {a}, {n}, {m}' }],
  ['udiv', Op.UDIV, '111110111011nnnn1111dddd1111mmmm', { dis: 'udiv {d}, {n}, {m}' }],
  ['smlal', Op.SMLAL, '111110111100nnnnllllhhhh0000mmmm', { dis: 'smlal {d}, {a}, {n}, {m}' }],
  ['smlal', Op.SMLALXY, '111110111100nnnnllllhhhh10oommmm', { dis: 'smlal{xy} {d}, {a}, {n}, {m}' }],
  ['smlald', Op.SMLALD, '111110111100nnnnllllhhhh110ommmm', { dis: 'smlald{x} {d}, {a}, {n}, {m}' }],
  ['smlsld', Op.SMLSLD, '111110111101nnnnllllhhhh110ommmm', { dis: 'smlsld{x} {d}, {a}, {n}, {m}' }],
  ['umlal', Op.UMLAL, '111110111110nnnnllllhhhh0000mmmm', { dis: 'umlal {d}, {a}, {n}, {m}' }],
  ['umaal', Op.UMAAL, '111110111110nnnnllllhhhh0110mmmm', { dis: 'umaal {d}, {a}, {n}, {m}' }],
];
