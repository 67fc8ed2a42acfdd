/** Test container sources under fixtures/ and the clang flags they are built with (the .o files are committed). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const FIXTURES: Record<string, string[]> = {
  hello: ['-O2'],
  kvstore: ['-O2'],
  sensor: ['-O2'],
  localcall: ['-O2'],
  extern: ['-O2'],
  ptrdata: ['-O2'],
  alu32: ['-O2', '-mcpu=v3'],
};

export function clangArgs(name: string, out: string): string[] {
  return ['-target', 'bpf', ...FIXTURES[name], '-c', path.join(FIXTURE_DIR, `${name}.c`), '-o', out];
}

/** undefined when clang with the BPF target works, else the reason tests are skipped. */
export function clangUnavailable(): string | undefined {
  try {
    execFileSync('clang', ['-target', 'bpf', '-x', 'c', '-c', '-o', '/dev/null', '-'], { input: 'int f(void){return 0;}', stdio: ['pipe', 'ignore', 'pipe'] });
    return undefined;
  } catch (e) {
    return `clang -target bpf not usable: ${(e as Error).message.split('\n')[0]}`;
  }
}
