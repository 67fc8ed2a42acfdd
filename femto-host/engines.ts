/**
 * Engine profiles for profiling femto-containers in emulated firmware: which ELF symbols mark
 * container start-up (load + setup), pre-flight verification and execution, per engine, and the
 * documented behaviour differences from docs/femto-abi.md. Symbol names are matched exactly.
 */

export type EngineId = 'femtosim-fc' | 'riot-femto-container' | 'riot-sys-bpf';

export interface EngineQuirk {
  id: string;
  description: string;
}

export interface EngineProfile {
  engine: EngineId;
  title: string;
  /** functions covering load + setup of a container (time-to-first-run) */
  startupSymbols: readonly string[];
  /** pre-flight verifier */
  verifySymbols: readonly string[];
  /** one execution of a container (interpreter entry and its public wrappers) */
  executeSymbols: readonly string[];
  /** symbols that identify the engine without being profiled (any one present is enough) */
  markerSymbols: readonly string[];
  quirks: readonly EngineQuirk[];
  /** where the names and quirks were read */
  source: string;
}

export const ENGINE_PROFILES: readonly EngineProfile[] = [
  {
    engine: 'femtosim-fc',
    title: 'femtosim engine (firmware/fc)',
    startupSymbols: ['fc_container_start', 'fc_container_start_unverified'],
    verifySymbols: ['fc_verify'],
    executeSymbols: ['fc_container_run'],
    markerSymbols: ['fc_container_start', 'fc_container_run', 'fc_kv_global'],
    quirks: [
      { id: 'bad-image-code', description: 'returns -10 (FC_BAD_IMAGE, firmware-only) for unusable headers or .data larger than FC_DATA_MAX (192 bytes)' },
    ],
    source: 'firmware/fc/fc.h in this repository (declarations marked "profiled by symbol"); check firmware/README.md when the firmware helper documents the names there',
  },
  {
    engine: 'riot-femto-container',
    title: "RIOT pkg/femto-container (Femto-Container engine, 'f12r' API)",
    startupSymbols: ['f12r_setup'],
    verifySymbols: ['f12r_verify_preflight'],
    executeSymbols: ['f12r_run', 'f12r_execute', 'f12r_execute_ctx'],
    markerSymbols: ['f12r_run', 'f12r_verify_preflight', 'f12r_get_external_call'],
    quirks: [
      { id: 'neg-0x8f-only', description: 'neg is registered only at opcode 0x8f (ALU_OPCODE_REG(NEG)); clang emits 0x87, which runs as illegal instruction (-1)' },
      { id: 'mov64-truncates', description: 'mov64 imm and mov64 reg store (uint32_t) of the operand: the upper 32 bits are cleared (mov r0, -1 gives 0xffffffff; mov r1, r2 drops r2\'s high word)' },
      { id: 'no-opcode-check-in-verifier', description: 'pre-flight does not check opcodes: unknown opcodes fail at run time with -1 only when reached' },
      { id: 'jump-check-off-by-one', description: 'pre-flight checks pc+off instead of pc+1+off, so a jump to one past the end of text is accepted' },
      { id: 'no-r10-check', description: 'writes to r10 are not rejected' },
      { id: 'lddw-only-two-slot-in-verifier', description: 'pre-flight skips the second slot of 0x18 only; jumps into the middle of a two-slot load are not detected' },
      { id: 'helper-return-32bit', description: 'helpers return uint32_t, so r0 after a call is zero-extended 32 bits' },
      { id: 'helpers-unchecked', description: 'helpers are not covered by region checks (e.g. memcpy copies without checking pointers)' },
      { id: 'shift-unmasked', description: 'shift amounts are used as-is in C (amounts >= 64 are undefined behaviour), femtosim masks them to 0..63' },
      { id: 'magic-unchecked', description: 'RBPF_MAGIC_NO 0x72425046 is defined but never checked against the image' },
      {
        id: 'preflight-every-run',
        description:
          'f12r_run calls f12r_verify_preflight on every execution: the full check runs until it succeeds once (it sets FC_FLAG_PREFLIGHT_DONE), ' +
          'later calls return after testing that flag; f12r_setup does not verify, so the first run carries the verification cost ' +
          '(femtosim reports it per run, inside execution)',
      },
      {
        id: 'execute-tail-calls-run',
        description:
          'f12r_execute / f12r_execute_ctx inline _execute and end in a plain branch to f12r_run (a tail call), so f12r_run returns straight to the caller; ' +
          'one run is the execute call up to that return',
      },
    ],
    source:
      'future-proof-iot/Femto-Container include/femtocontainer/femtocontainer.h, src/jumptable.c (f12r_run), src/verify.c; ' +
      'RIOT fork future-proof-iot/middleware2022-femtocontainers RIOT/pkg/femto-container (PKG_VERSION 6987a20c, contrib/call.c uses f12r_*)',
  },
  {
    engine: 'riot-sys-bpf',
    title: 'RIOT sys/bpf (older in-tree rBPF VM)',
    startupSymbols: ['bpf_setup'],
    verifySymbols: ['bpf_verify_preflight'],
    executeSymbols: ['bpf_run', 'bpf_execute', 'bpf_execute_ctx', 'bpf_hook_execute'],
    markerSymbols: ['bpf_run', 'bpf_verify_preflight', 'bpf_get_call'],
    quirks: [
      { id: 'neg-0x87', description: 'jumptable variant registers neg via ALU_OPCODE_IMM(NEG, 0x80), i.e. opcode 0x87 (unlike the pkg engine)' },
      { id: 'mov64-truncates', description: 'mov64 imm and reg store (uint32_t) of the operand (upper 32 bits cleared)' },
      { id: 'no-opcode-check-in-verifier', description: 'pre-flight does not check opcodes' },
      { id: 'jump-check-off-by-one', description: 'pre-flight checks pc+off instead of pc+1+off' },
      { id: 'no-r10-check', description: 'writes to r10 are not rejected' },
      { id: 'helper-args-32bit', description: 'helpers are called as call(bpf, r1..r5) through bpf_call_t, which the older engine header declares with uint32_t arguments and return [check RIOT sys/include/bpf.h]' },
      { id: 'shift-unmasked', description: 'shift amounts are used as-is in C (>= 64 undefined)' },
      {
        id: 'preflight-every-run',
        description: 'bpf_run calls bpf_verify_preflight on every execution; only the first successful call does the full check (BPF_FLAG_PREFLIGHT_DONE) (RIOT fork sys/bpf/jumptable.c, verify.c)',
      },
    ],
    source: 'future-proof-iot/middleware2022-femtocontainers RIOT/sys/bpf/jumptable.c (bpf_run), verify.c (bpf_verify_preflight), bpf.c (bpf_setup, bpf_execute, bpf_execute_ctx, bpf_hook_execute)',
  },
];

export interface EngineMatch {
  profile: EngineProfile;
  /** profiled symbols of the profile found in the ELF */
  found: { startup: string[]; verify: string[]; execute: string[] };
}

/** Engines whose marker symbols appear in `symbols` (function/object names of a firmware ELF). */
export function detectEngines(symbols: Iterable<string>): EngineMatch[] {
  const have = new Set(symbols);
  const pick = (names: readonly string[]) => names.filter((n) => have.has(n));
  return ENGINE_PROFILES.filter((p) => p.markerSymbols.some((m) => have.has(m))).map((profile) => ({
    profile,
    found: { startup: pick(profile.startupSymbols), verify: pick(profile.verifySymbols), execute: pick(profile.executeSymbols) },
  }));
}
