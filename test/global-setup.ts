// Compiles the project to dist/ once before the tests (CLI tests run bin/femtosim.js, which loads dist/).
import { execFileSync } from 'node:child_process';
export default function setup(): void {
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'pipe' });
  } catch (e) {
    // Type errors still emit JavaScript; show them, the type-check test reports them as a failure.
    process.stderr.write(String((e as { stdout?: Buffer }).stdout ?? e));
  }
}
