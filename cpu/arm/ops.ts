/**
 * Semantic operations of the Cortex-M4 integer core. Several encodings (encodings.ts) share one
 * operation; the core's interpreter (core.ts) has one case per operation and the timing table
 * (timing.ts) one row per operation.
 */
export const enum Op {
  UNDEF, // no encoding matched, or an UNDEFINED encoding: UsageFault UNDEFINSTR
  // moves and ALU
  MOV_REG, MOV_SHI, MOV_IMM, MVN_REG, MVN_IMM, MOVW, MOVT,
  ADD_REG, ADD_IMM, ADC_REG, ADC_IMM, SUB_REG, SUB_IMM, SBC_REG, SBC_IMM, RSB_REG, RSB_IMM,
  AND_REG, AND_IMM, ORR_REG, ORR_IMM, ORN_REG, ORN_IMM, EOR_REG, EOR_IMM, BIC_REG, BIC_IMM,
  TST_REG, TST_IMM, TEQ_REG, TEQ_IMM, CMP_REG, CMP_IMM, CMN_REG, CMN_IMM,
  SHIFT_REG, ADR,
  // multiply and divide
  MUL, MLA, MLS, SMULL, UMULL, SMLAL, UMLAL, UMAAL, SDIV, UDIV,
  SMULXY, SMLAXY, SMUAD, SMLAD, SMUSD, SMLSD, SMULWY, SMLAWY, SMMUL, SMMLA, SMMLS, USADA8,
  SMLALXY, SMLALD, SMLSLD,
  // saturate, bitfield, extend, misc data
  SSAT, USAT, SSAT16, USAT16, SBFX, UBFX, BFI, BFC,
  SXTB, SXTH, UXTB, UXTH, SXTAB, SXTAH, UXTAB, UXTAH, SXTAB16, UXTAB16,
  REV, REV16, REVSH, RBIT, CLZ, SEL, QADD, QSUB, QDADD, QDSUB, PAR, PKHBT, PKHTB,
  // branches
  B, BCC, BL, BX, BLX_REG, CBZ, CBNZ, TBB, TBH,
  // loads and stores
  LDR_IMM, LDRB_IMM, LDRH_IMM, LDRSB_IMM, LDRSH_IMM, STR_IMM, STRB_IMM, STRH_IMM,
  LDR_REG, LDRB_REG, LDRH_REG, LDRSB_REG, LDRSH_REG, STR_REG, STRB_REG, STRH_REG,
  LDR_LIT, LDRB_LIT, LDRH_LIT, LDRSB_LIT, LDRSH_LIT,
  LDRD, STRD, LDRD_LIT, LDM, LDMDB, STM, STMDB,
  LDREX, LDREXB, LDREXH, STREX, STREXB, STREXH, CLREX, PLD,
  // unprivileged loads/stores (A7.7: LDRT...): the access is checked as from unprivileged code
  LDRT, LDRBT, LDRHT, LDRSBT, LDRSHT, STRT, STRBT, STRHT,
  // system
  MRS, MSR, CPS, IT, NOP, WFE, WFI, SEV, BARRIER, ISB, SVC, BKPT, UDF, COPROC, FP,
  COUNT,
}
