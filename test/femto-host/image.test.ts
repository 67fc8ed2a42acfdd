import { describe, expect, it } from 'vitest';
import { parseImage, writeImage, appendNames, HEADER_SIZE } from '../../femto-host/image.js';
import { FemtoInputError } from '../../femto-host/errors.js';

function sample() {
  const { rodata, offsets } = appendNames(new Uint8Array([1, 2, 3]), ['main', 'second']);
  const text = new Uint8Array(24);
  text[0] = 0xb7; text[8] = 0xb7; text[16] = 0x95;
  return {
    version: 3, flags: 0, data: new Uint8Array([9, 8, 7, 6, 5]), rodata, text,
    functions: [{ name: 'main', nameOffset: offsets[0], flags: 0, textOffset: 0 }, { name: 'second', nameOffset: offsets[1], flags: 7, textOffset: 8 }],
  };
}

const setU32 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer).setUint32(off, v, true);

describe('rBPF image', () => {
  it('round-trips header, sections and the function table, padding data and rodata to 8', () => {
    const bytes = writeImage(sample());
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x72, 0x42, 0x50, 0x46]);
    const img = parseImage(bytes);
    expect(img.version).toBe(3);
    expect(img.data.length).toBe(8);
    expect(Array.from(img.data)).toEqual([9, 8, 7, 6, 5, 0, 0, 0]);
    expect(img.rodata.length).toBe(16); // 3 + "main\0" + "second\0" = 15 -> 16
    expect(img.text.length).toBe(24);
    expect(img.functions).toEqual([
      { name: 'main', nameOffset: 3, flags: 0, textOffset: 0 },
      { name: 'second', nameOffset: 8, flags: 7, textOffset: 8 },
    ]);
    expect(img.warnings).toEqual([]);
    expect(bytes.length).toBe(HEADER_SIZE + 8 + 16 + 24 + 12);
    expect(writeImage(img)).toEqual(bytes);
  });

  const bad = (mutate: (b: Uint8Array) => Uint8Array | void, pattern: RegExp) => {
    const b = writeImage(sample());
    const m = mutate(b) ?? b;
    expect(() => parseImage(m, 'x.rbf')).toThrow(FemtoInputError);
    expect(() => parseImage(m, 'x.rbf')).toThrow(pattern);
  };
  it('rejects short files', () => bad((b) => b.subarray(0, 20), /x\.rbf: file is 20 bytes, shorter than the 28-byte/));
  it('rejects bad magic and recognises the byte-swapped one', () => {
    bad((b) => { b[0] = 0x41; }, /bad magic 41 42 50 46/);
    bad((b) => { b.set([0x46, 0x50, 0x42, 0x72]); }, /byte-swapped magic/);
  });
  it('rejects compressed text', () => bad((b) => setU32(b, 8, 1), /compressed/));
  it('rejects section lengths beyond the file', () => {
    bad((b) => setU32(b, 12, 1000), /\.data of 1000 bytes .* runs past the end/);
    bad((b) => setU32(b, 16, 1000), /\.rodata of 1000 bytes/);
    bad((b) => setU32(b, 20, 0xffffff00), /\.text of 4294967040 bytes/);
    bad((b) => setU32(b, 24, 50), /function table of 50 entries/);
  });
  it('rejects misaligned text', () => bad((b) => { setU32(b, 20, 20); }, /text length 20 is not a multiple of 8/));
  it('rejects bad function entries', () => {
    const fnTable = HEADER_SIZE + 8 + 16 + 24;
    bad((b) => { new DataView(b.buffer).setUint16(fnTable, 400, true); }, /function 0: name offset 400 is outside \.rodata/);
    bad((b) => { new DataView(b.buffer).setUint16(fnTable + 4, 4, true); }, /function 0 "main": text offset 4 is not a multiple of 8/);
    bad((b) => { new DataView(b.buffer).setUint16(fnTable + 10, 24, true); }, /function 1 "second": text offset 24 is outside/);
    bad((b) => { b[HEADER_SIZE + 8 + 15] = 0x41; new DataView(b.buffer).setUint16(fnTable + 6, 15, true); }, /name at \.rodata\+15 has no terminating NUL/);
  });
  it('warns about trailing bytes and unpadded sections', () => {
    const b = writeImage(sample());
    const longer = new Uint8Array(b.length + 3);
    longer.set(b);
    expect(parseImage(longer).warnings).toEqual([`3 trailing bytes after the function table (at file offset ${b.length})`]);
  });
  it('writer refuses values that do not fit the format', () => {
    const s = sample();
    expect(() => writeImage({ ...s, text: new Uint8Array(12) })).toThrow(/not a multiple of 8/);
    expect(() => writeImage({ ...s, functions: [{ name: 'f', nameOffset: 0, flags: 0, textOffset: 80 }] })).toThrow(/text offset 80/);
    expect(() => writeImage({ ...s, flags: 1 })).toThrow(/compressed/);
  });
});
