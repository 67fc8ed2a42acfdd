/**
 * Semihosting calls shared by the ARM (BKPT 0xAB) and RISC-V (slli/ebreak/srai) cores.
 * Operation numbers and parameter blocks: ARM "Semihosting for AArch32 and AArch64" (IHI 0090);
 * RISC-V semihosting uses the same operations with XLEN-sized fields.
 * Only what bare-metal C runtimes use for a console and exit is served; files other than the
 * console (":tt") are refused (-1), and time comes from emulated cycles.
 */
import type { Bus } from '../peripherals/bus.js';
import type { Console } from '../peripherals/console.js';

export const SYS_OPEN = 0x01;
export const SYS_CLOSE = 0x02;
export const SYS_WRITEC = 0x03;
export const SYS_WRITE0 = 0x04;
export const SYS_WRITE = 0x05;
export const SYS_READ = 0x06;
export const SYS_READC = 0x07;
export const SYS_ISERROR = 0x08;
export const SYS_ISTTY = 0x09;
export const SYS_SEEK = 0x0a;
export const SYS_FLEN = 0x0c;
export const SYS_CLOCK = 0x10;
export const SYS_TIME = 0x11;
export const SYS_ERRNO = 0x13;
export const SYS_GET_CMDLINE = 0x15;
export const SYS_HEAPINFO = 0x16;
export const SYS_EXIT = 0x18;
export const SYS_EXIT_EXTENDED = 0x20;
export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

export interface SemihostResult {
  value: number;
  /** Set when the call ends the program. */
  exitCode: number | null;
}

const TT_IN = 1;
const TT_OUT = 2;

export class Semihosting {
  private readonly result: SemihostResult = { value: 0, exitCode: null };
  constructor(
    private readonly bus: Bus,
    private readonly console: Console,
    private readonly nowUs: () => number,
  ) {}

  private word(addr: number): number {
    const v = this.bus.peek32(addr);
    return v === null ? 0 : v;
  }

  call(op: number, param: number): SemihostResult {
    const r = this.result;
    r.exitCode = null;
    r.value = 0;
    switch (op) {
      case SYS_WRITEC: {
        const b = this.bus.peek8(param);
        if (b !== null) this.console.write(b);
        break;
      }
      case SYS_WRITE0: {
        for (let a = param >>> 0, n = 0; n < 65536; a++, n++) {
          const b = this.bus.peek8(a);
          if (b === null || b === 0) break;
          this.console.write(b);
        }
        break;
      }
      case SYS_WRITE: {
        const fd = this.word(param);
        const ptr = this.word(param + 4);
        const len = this.word(param + 8);
        if (fd !== TT_OUT && fd !== 1 && fd !== 2) {
          r.value = len;
          break;
        }
        let i = 0;
        for (; i < len; i++) {
          const b = this.bus.peek8(ptr + i);
          if (b === null) break;
          this.console.write(b);
        }
        r.value = len - i;
        break;
      }
      case SYS_READ: {
        const ptr = this.word(param + 4);
        const len = this.word(param + 8);
        let i = 0;
        for (; i < len; i++) {
          const b = this.console.readByte();
          if (b < 0) break;
          this.bus.loadBytes(ptr + i, Uint8Array.of(b));
          if (b === 0x0a) {
            i++;
            break;
          }
        }
        r.value = len - i;
        break;
      }
      case SYS_READC:
        r.value = this.console.readByte();
        break;
      case SYS_OPEN: {
        const name = this.bus.peekString(this.word(param), 256) ?? '';
        const mode = this.word(param + 4);
        r.value = name === ':tt' ? (mode < 4 ? TT_IN : TT_OUT) : -1;
        break;
      }
      case SYS_CLOSE:
        r.value = 0;
        break;
      case SYS_ISTTY:
        r.value = 1;
        break;
      case SYS_ISERROR:
        r.value = (param | 0) < 0 ? 1 : 0;
        break;
      case SYS_SEEK:
      case SYS_FLEN:
        r.value = -1;
        break;
      case SYS_CLOCK:
        r.value = Math.floor(this.nowUs() / 10000);
        break;
      case SYS_TIME:
        r.value = Math.floor(this.nowUs() / 1e6);
        break;
      case SYS_ERRNO:
        r.value = 0;
        break;
      case SYS_GET_CMDLINE: {
        const buf = this.word(param);
        const len = this.word(param + 4);
        if (len >= 1) {
          this.bus.loadBytes(buf, Uint8Array.of(0));
          this.bus.loadBytes(param + 4, Uint8Array.of(0, 0, 0, 0));
        }
        r.value = 0;
        break;
      }
      case SYS_HEAPINFO: {
        // Four zero words: the C runtime keeps the heap and stack its linker script defines.
        const block = this.word(param);
        this.bus.loadBytes(block, new Uint8Array(16));
        r.value = 0;
        break;
      }
      case SYS_EXIT: {
        // AArch32: the parameter is the reason code itself; some runtimes pass a block pointer.
        let reason = param >>> 0;
        let sub = 0;
        if (reason >= 0x20000 && reason <= 0x20030) {
          r.exitCode = reason === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1;
        } else {
          const blockReason = this.bus.peek32(param);
          if (blockReason !== null && blockReason >= 0x20000 && blockReason <= 0x20030) {
            reason = blockReason;
            sub = this.word(param + 4);
            r.exitCode = reason === ADP_STOPPED_APPLICATION_EXIT ? sub | 0 : 1;
          } else {
            r.exitCode = reason | 0;
          }
        }
        break;
      }
      case SYS_EXIT_EXTENDED: {
        const reason = this.word(param);
        const sub = this.word(param + 4);
        r.exitCode = reason === ADP_STOPPED_APPLICATION_EXIT ? sub | 0 : 1;
        break;
      }
      default:
        r.value = -1;
    }
    return r;
  }
}
