import { describe, expect, it } from 'vitest';
import { ENGINE_PROFILES, detectEngines } from '../../femto-host/engines.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

describe('engine profiles', () => {
  it('every profile names symbols for each phase and a source', () => {
    for (const p of ENGINE_PROFILES) {
      expect(p.startupSymbols.length, p.engine).toBeGreaterThan(0);
      expect(p.verifySymbols.length, p.engine).toBeGreaterThan(0);
      expect(p.executeSymbols.length, p.engine).toBeGreaterThan(0);
      expect(p.source.length, p.engine).toBeGreaterThan(20);
    }
  });
  it('detects engines from symbol names', () => {
    expect(detectEngines(['main', 'f12r_run', 'f12r_verify_preflight', 'f12r_setup']).map((m) => m.profile.engine)).toEqual(['riot-femto-container']);
    const m = detectEngines(['bpf_run', 'bpf_setup', 'printf']);
    expect(m.map((x) => x.profile.engine)).toEqual(['riot-sys-bpf']);
    expect(m[0].found).toEqual({ startup: ['bpf_setup'], verify: [], execute: ['bpf_run'] });
    expect(detectEngines(['main', 'printf'])).toEqual([]);
  });
  it('femtosim profile names functions declared in firmware/fc/fc.h', () => {
    const header = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../firmware/fc/fc.h');
    const text = readFileSync(header, 'utf8');
    const p = ENGINE_PROFILES.find((x) => x.engine === 'femtosim-fc');
    for (const s of [...p!.startupSymbols, ...p!.verifySymbols, ...p!.executeSymbols]) expect(text).toMatch(new RegExp(`\\b${s}\\(`));
  });
});
