import { describe, it, expect } from 'vitest';
import { parseElf, checkImageForBoard, functionSymbols, EM_ARM, EM_RISCV } from '../../loader/elf.js';
import { computeFootprint, formatFootprint } from '../../loader/footprint.js';
import { nrf52840dk } from '../../peripherals/boards/nrf52840dk.js';
import { hifive1b } from '../../peripherals/boards/hifive1b.js';
import { esp8266Esp12x } from '../../peripherals/boards/esp8266.js';
import { readElfFile } from '../../loader/elf.js';
import { UserError } from '../../machine/errors.js';
import { buildElf } from '../helpers/elf-builder.js';

const text = new Uint8Array(64).fill(0x11);
const data = new Uint8Array(16).fill(0x22);

function good() {
  return buildElf({
    machine: EM_ARM,
    entry: 0x101,
    segments: [
      { vaddr: 0, data: text, name: '.text', flags: 5 },
      { vaddr: 0x20000000, paddr: 0x40, data, name: '.data', flags: 6 },
      { vaddr: 0x20000010, data: new Uint8Array(0), memsz: 0x100, name: '.bss', flags: 6, nobits: true },
    ],
    symbols: [
      { name: 'main', value: 0x11, size: 20, type: 2, section: 1 },
      { name: 'reset', value: 0x1, size: 16, type: 2, section: 1 },
      { name: 'counter', value: 0x20000000, size: 4, type: 1, section: 2 },
      { name: 'big_buffer', value: 0x20000010, size: 0x100, type: 1, section: 3 },
    ],
  });
}

function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('ELF loader', () => {
  it('reads segments, sections with load addresses, and the symbol table', () => {
    const img = parseElf(good(), 'good.elf');
    expect(img.machine).toBe(EM_ARM);
    expect(img.entry).toBe(0x101);
    expect(img.segments).toHaveLength(3);
    expect(img.segments[1]).toMatchObject({ paddr: 0x40, vaddr: 0x20000000, sections: ['.data'] });
    expect(img.sections.find((s) => s.name === '.data')).toMatchObject({ addr: 0x20000000, lma: 0x40, alloc: true, write: true });
    expect(img.sections.find((s) => s.name === '.bss')?.nobits).toBe(true);
    expect(img.symbols.map((s) => s.name).sort()).toEqual(['big_buffer', 'counter', 'main', 'reset']);
    const fns = functionSymbols(img);
    expect(fns.map((f) => [f.name, f.value])).toEqual([
      ['reset', 0],
      ['main', 0x10],
    ]);
    expect(img.sha256).toMatch(/^[0-9a-f]{64}$/);
    checkImageForBoard(img, nrf52840dk);
  });

  it('rejects malformed files with a clear message', () => {
    expect(userError(() => parseElf(Buffer.alloc(10), 'x.elf'))).toMatch(/x\.elf: not a valid ELF file: only 10 bytes/);
    expect(userError(() => parseElf(Buffer.from('#!/bin/sh\necho hello world, this is not an ELF file at all\n'), 'x.elf'))).toMatch(/bad magic/);
    const b64 = good();
    b64[4] = 2;
    expect(userError(() => parseElf(b64, 'x.elf'))).toMatch(/64-bit/);
    const be = good();
    be[5] = 2;
    expect(userError(() => parseElf(be, 'x.elf'))).toMatch(/big-endian/);
    const trunc = good().subarray(0, 200);
    expect(userError(() => parseElf(Buffer.from(trunc), 'x.elf'))).toMatch(/outside the file|past the end/);
    const rel = buildElf({ machine: EM_ARM, type: 1, segments: [{ vaddr: 0, data: text }] });
    expect(userError(() => parseElf(rel, 'x.o'))).toMatch(/not an executable/);
  });

  it('checks the architecture against the board', () => {
    const img = parseElf(buildElf({ machine: EM_RISCV, segments: [{ vaddr: 0, data: text }] }), 'rv.elf');
    expect(userError(() => checkImageForBoard(img, nrf52840dk))).toMatch(/wrong architecture: the ELF is for RISC-V but board nrf52840dk runs ARM images \(core cortex-m4f\)/);
  });

  it('refuses segments outside the memory map or beyond a region, naming section, address, size and limit', () => {
    const outside = parseElf(buildElf({ machine: EM_ARM, segments: [{ vaddr: 0x30000000, data: text, name: '.fast' }] }), 'o.elf');
    expect(userError(() => checkImageForBoard(outside, nrf52840dk))).toMatch(/section \.fast at 0x30000000 \(64 bytes, load address\) lies outside the memory of board nrf52840dk/);
    const tooBig = parseElf(
      buildElf({ machine: EM_ARM, segments: [{ vaddr: 0x2003fff0, data: new Uint8Array(0), memsz: 0x100, name: '.bss', nobits: true }] }),
      'b.elf',
    );
    expect(userError(() => checkImageForBoard(tooBig, nrf52840dk))).toMatch(/section \.bss at 0x2003fff0 \(256 bytes, run address\) ends at 0x200400ef, beyond ram of board nrf52840dk \(262144 bytes, last address 0x2003ffff\)/);
  });
});

describe('footprint', () => {
  it('counts flash (text + data load image) and RAM (data + bss) against the limits', () => {
    const img = parseElf(good(), 'good.elf');
    const fp = computeFootprint(img, nrf52840dk, [{ name: 'app', match: /^main$|^counter$/ }]);
    expect(fp.flash).toBe(64 + 16);
    expect(fp.ram).toBe(16 + 0x100);
    expect(fp.flashLimit).toBe(1024 * 1024);
    expect(fp.ramLimit).toBe(256 * 1024);
    expect(fp.symbols[0]).toMatchObject({ name: 'big_buffer', size: 256, memory: 'ram' });
    expect(fp.components.find((c) => c.name === 'app')).toMatchObject({ flash: 20, ram: 4, symbols: 2 });
    const text = formatFootprint(fp);
    expect(text).toMatch(/flash 80 \/ 1048576 bytes/);
    expect(text).toMatch(/big_buffer/);
  });

  it('ESP8266: the boot ROM loads IRAM code and .data from the flash image, so they count in flash too', () => {
    const img = readElfFile('firmware/prebuilt/esp8266-esp-12x/femtosim-demo.elf');
    const fp = computeFootprint(img, esp8266Esp12x);
    const sec = (n: string) => fp.sections.find((x) => x.name === n)!;
    for (const n of ['.iram', '.data']) expect(sec(n).flash, n).toBe(sec(n).size);
    expect(sec('.bss').flash).toBe(0);
    expect(fp.flash).toBe(sec('.iram').size + sec('.flash.text').size + sec('.data').size);
    // the limit is the flash chip's window, not the boot ROM region
    expect(fp.flashLimit).toBe(1024 * 1024);
  });

  it('the flash limit counts flash regions only (not OTP)', () => {
    expect(computeFootprint(readElfFile('firmware/prebuilt/hifive1b/femtosim-demo.elf'), hifive1b).flashLimit).toBe(4 * 1024 * 1024);
  });
});
