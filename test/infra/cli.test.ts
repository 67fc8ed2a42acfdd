import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { femtosim } from '../helpers/cli.js';
import { buildElf } from '../helpers/elf-builder.js';
import { EM_ARM } from '../../loader/elf.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'femtosim-cli-'));
  writeFileSync(join(dir, 'garbage.elf'), 'this is not an ELF file, just some text that is long enough to pass the size check');
  writeFileSync(join(dir, 'x86.elf'), buildElf({ machine: 62, segments: [{ vaddr: 0, data: new Uint8Array(8) }] }));
  writeFileSync(join(dir, 'outside.elf'), buildElf({ machine: EM_ARM, segments: [{ vaddr: 0x30000000, data: new Uint8Array(8), name: '.text' }] }));
  writeFileSync(join(dir, 'ok.elf'), buildElf({ machine: EM_ARM, segments: [{ vaddr: 0, data: new Uint8Array(64), name: '.text' }], symbols: [{ name: 'main', value: 1, size: 60, type: 2 }] }));
  mkdirSync(join(dir, 'adir'));
});

function expectUserError(args: string[], re: RegExp) {
  const r = femtosim(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(re);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
}

describe('CLI bad input: clear message, exit code 2, no stack trace', () => {
  it('missing file', () => expectUserError(['run', join(dir, 'nope.elf')], /nope\.elf: cannot read the file \(no such file\)/));
  it('a directory', () => expectUserError(['run', join(dir, 'adir')], /is a directory/));
  it('corrupt ELF', () => expectUserError(['run', join(dir, 'garbage.elf')], /not a valid ELF file: bad magic/));
  it('architecture no board runs', () => expectUserError(['run', join(dir, 'x86.elf')], /no board runs x86-64 images/));
  it('wrong architecture for the named board', () => expectUserError(['run', join(dir, 'x86.elf'), '--board', 'nrf52840dk'], /wrong architecture/));
  it('segment outside the board memory', () => expectUserError(['run', join(dir, 'outside.elf')], /section \.text at 0x30000000 \(8 bytes, load address\) lies outside the memory of board nrf52840dk/));
  it('unknown board', () => expectUserError(['run', join(dir, 'ok.elf'), '--board', 'arduino-uno'], /unknown board 'arduino-uno' \(known boards: nrf52840dk, hifive1b/));
  it('bad regex', () => expectUserError(['run', join(dir, 'ok.elf'), '--until', '(['], /--until: invalid regular expression/));
  it('unknown command', () => expectUserError(['frobnicate'], /Unknown argument|unknown/i));
});

describe('CLI size and boards', () => {
  it('size reports flash and RAM against the limits', () => {
    const r = femtosim(['size', join(dir, 'ok.elf')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/board nrf52840dk: flash 64 \/ 1048576 bytes/);
    expect(r.stdout).toMatch(/main/);
  });
  it('size groups symbols into components: named rules and the femto-container engine', () => {
    const r = femtosim(['size', 'firmware/prebuilt/nrf52840dk/femtosim-demo.elf', '--component', 'kernel=^k_', '--top', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^kernel\s+\d+\s+\d+\s+\d+$/m);
    expect(r.stdout).toMatch(/^femtosim-fc\s+[1-9]\d+\s+\d+\s+\d+$/m);
    expect(r.stdout).toMatch(/^other\s+\d+/m);
    const bad = femtosim(['size', 'firmware/prebuilt/nrf52840dk/femtosim-demo.elf', '--component', 'oops']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--component oops: expected NAME=REGEX/);
  });
  it('boards lists every board with its memory', () => {
    const r = femtosim(['boards']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/nrf52840dk\s+arm\s+cortex-m4f\s+64 MHz/);
    expect(r.stdout).toMatch(/hifive1b\s+riscv/);
  });
});
