/**
 * rBPF application image (docs/femto-abi.md): 28-byte header of seven little-endian u32
 * (magic "rBPF" bytes, version, flags, data_len, rodata_len, text_len, functions), then .data,
 * .rodata, .text, then the function table (u16 name offset into rodata, u16 flags, u16 text offset).
 */
import { FemtoInputError, hex } from './errors.js';

export const HEADER_SIZE = 28;
export const FUNCTION_ENTRY_SIZE = 6;
/** Magic as bytes in file order. */
export const MAGIC_BYTES: readonly number[] = [0x72, 0x42, 0x50, 0x46]; // "rBPF"
export const FLAG_COMPRESSED = 0x1;

export interface FcFunction {
  name: string;
  /** offset of the NUL-terminated name in rodata */
  nameOffset: number;
  flags: number;
  /** byte offset of the first instruction in text */
  textOffset: number;
}

export interface FcImage {
  version: number;
  flags: number;
  data: Uint8Array;
  rodata: Uint8Array;
  text: Uint8Array;
  functions: FcFunction[];
  /** non-fatal findings of parseImage (unpadded sections, trailing bytes) */
  warnings: string[];
}

function u32(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}
function u16(b: Uint8Array, off: number): number {
  return b[off] | (b[off + 1] << 8);
}

/** Reads a NUL-terminated string starting at `off` in `bytes`; undefined when no NUL before the end. */
export function cString(bytes: Uint8Array, off: number): string | undefined {
  let end = off;
  while (end < bytes.length && bytes[end] !== 0) end++;
  if (end >= bytes.length) return undefined;
  let s = '';
  for (let i = off; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Parses an image; throws FemtoInputError naming the problem. `source` names the file in messages. */
export function parseImage(bytes: Uint8Array, source = 'image'): FcImage {
  const where = (s: string) => `${source}: ${s}`;
  if (bytes.length < HEADER_SIZE) {
    throw new FemtoInputError(where(`file is ${bytes.length} bytes, shorter than the ${HEADER_SIZE}-byte rBPF header`));
  }
  const magicOk = MAGIC_BYTES.every((m, i) => bytes[i] === m);
  if (!magicOk) {
    const got = Array.from(bytes.subarray(0, 4), (c) => c.toString(16).padStart(2, '0')).join(' ');
    const swapped = MAGIC_BYTES.every((m, i) => bytes[3 - i] === m);
    throw new FemtoInputError(
      where(`bad magic ${got}, expected 72 42 50 46 ("rBPF")` + (swapped ? ' (the file holds the byte-swapped magic "FPBr")' : '')),
    );
  }
  const version = u32(bytes, 4);
  const flags = u32(bytes, 8);
  const dataLen = u32(bytes, 12);
  const rodataLen = u32(bytes, 16);
  const textLen = u32(bytes, 20);
  const nFunctions = u32(bytes, 24);
  if (flags & FLAG_COMPRESSED) throw new FemtoInputError(where('compressed text (flags bit 0) is not supported'));
  const warnings: string[] = [];

  let off = HEADER_SIZE;
  const take = (len: number, what: string): Uint8Array => {
    if (off + len > bytes.length) {
      throw new FemtoInputError(
        where(`${what} of ${len} bytes at file offset ${off} runs past the end of the ${bytes.length}-byte file`),
      );
    }
    const s = bytes.slice(off, off + len);
    off += len;
    return s;
  };
  const data = take(dataLen, '.data');
  const rodata = take(rodataLen, '.rodata');
  const text = take(textLen, '.text');
  if (textLen % 8 !== 0) throw new FemtoInputError(where(`text length ${textLen} is not a multiple of 8 (instructions are 8 bytes)`));
  if (dataLen % 8 !== 0) warnings.push(`.data length ${dataLen} is not padded to 8 bytes`);
  if (rodataLen % 8 !== 0) warnings.push(`.rodata length ${rodataLen} is not padded to 8 bytes`);
  if (nFunctions > (bytes.length - off) / FUNCTION_ENTRY_SIZE) {
    throw new FemtoInputError(
      where(`function table of ${nFunctions} entries (${nFunctions * FUNCTION_ENTRY_SIZE} bytes) at file offset ${off} runs past the end of the ${bytes.length}-byte file`),
    );
  }
  const functions: FcFunction[] = [];
  for (let i = 0; i < nFunctions; i++) {
    const e = off + i * FUNCTION_ENTRY_SIZE;
    const nameOffset = u16(bytes, e);
    const fflags = u16(bytes, e + 2);
    const textOffset = u16(bytes, e + 4);
    if (nameOffset >= rodataLen) {
      throw new FemtoInputError(where(`function ${i}: name offset ${nameOffset} is outside .rodata (${rodataLen} bytes)`));
    }
    const name = cString(rodata, nameOffset);
    if (name === undefined) throw new FemtoInputError(where(`function ${i}: name at .rodata+${nameOffset} has no terminating NUL`));
    if (textOffset % 8 !== 0) throw new FemtoInputError(where(`function ${i} "${name}": text offset ${textOffset} is not a multiple of 8`));
    if (textOffset >= textLen) {
      throw new FemtoInputError(where(`function ${i} "${name}": text offset ${textOffset} is outside .text (${textLen} bytes)`));
    }
    functions.push({ name, nameOffset, flags: fflags, textOffset });
  }
  off += nFunctions * FUNCTION_ENTRY_SIZE;
  if (off < bytes.length) warnings.push(`${bytes.length - off} trailing bytes after the function table (at file offset ${off})`);
  return { version, flags, data, rodata, text, functions, warnings };
}

function pad8(b: Uint8Array): Uint8Array {
  if (b.length % 8 === 0) return b;
  const out = new Uint8Array(b.length + (8 - (b.length % 8)));
  out.set(b);
  return out;
}

/** Serialises an image. data and rodata are zero-padded to 8 bytes; text must be a multiple of 8. */
export function writeImage(img: Pick<FcImage, 'version' | 'flags' | 'data' | 'rodata' | 'text' | 'functions'>): Uint8Array {
  if (img.flags & FLAG_COMPRESSED) throw new FemtoInputError('compressed text (flags bit 0) is not supported');
  if (img.text.length % 8 !== 0) throw new FemtoInputError(`text length ${img.text.length} is not a multiple of 8`);
  const data = pad8(img.data);
  const rodata = pad8(img.rodata);
  for (const f of img.functions) {
    if (f.nameOffset > 0xffff || f.nameOffset >= rodata.length) {
      throw new FemtoInputError(`function "${f.name}": name offset ${f.nameOffset} does not fit the u16 table field or lies outside .rodata (${rodata.length} bytes)`);
    }
    if (f.textOffset > 0xffff || f.textOffset % 8 !== 0 || f.textOffset >= img.text.length) {
      throw new FemtoInputError(`function "${f.name}": text offset ${f.textOffset} must be a multiple of 8 below min(65536, text length ${img.text.length})`);
    }
    if (f.flags < 0 || f.flags > 0xffff) throw new FemtoInputError(`function "${f.name}": flags ${hex(f.flags)} do not fit in u16`);
  }
  const total = HEADER_SIZE + data.length + rodata.length + img.text.length + img.functions.length * FUNCTION_ENTRY_SIZE;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(MAGIC_BYTES, 0);
  dv.setUint32(4, img.version >>> 0, true);
  dv.setUint32(8, img.flags >>> 0, true);
  dv.setUint32(12, data.length, true);
  dv.setUint32(16, rodata.length, true);
  dv.setUint32(20, img.text.length, true);
  dv.setUint32(24, img.functions.length, true);
  let off = HEADER_SIZE;
  out.set(data, off);
  off += data.length;
  out.set(rodata, off);
  off += rodata.length;
  out.set(img.text, off);
  off += img.text.length;
  for (const f of img.functions) {
    dv.setUint16(off, f.nameOffset, true);
    dv.setUint16(off + 2, f.flags, true);
    dv.setUint16(off + 4, f.textOffset, true);
    off += FUNCTION_ENTRY_SIZE;
  }
  return out;
}

/** Appends NUL-terminated names to rodata; returns the new rodata and each name's offset. */
export function appendNames(rodata: Uint8Array, names: readonly string[]): { rodata: Uint8Array; offsets: number[] } {
  const offsets: number[] = [];
  let len = rodata.length;
  for (const n of names) {
    offsets.push(len);
    len += n.length + 1;
  }
  const out = new Uint8Array(len);
  out.set(rodata);
  names.forEach((n, i) => {
    for (let j = 0; j < n.length; j++) {
      const c = n.charCodeAt(j);
      if (c === 0 || c > 0x7f) throw new FemtoInputError(`function name "${n}" must be printable ASCII`);
      out[offsets[i] + j] = c;
    }
  });
  return { rodata: out, offsets };
}
