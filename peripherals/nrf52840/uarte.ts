/**
 * UARTE (UART with EasyDMA) and legacy UART at the same base (nRF52840 PS v1.7 "UARTE — Universal
 * asynchronous receiver/transmitter with EasyDMA" and "UART — Universal asynchronous
 * receiver/transmitter"). ENABLE = 4 selects the legacy UART, 8 the UARTE; one class serves both.
 *
 * Timing: one frame = start bit + 8 data bits + parity (CONFIG.PARITY) + 1 or 2 stop bits
 * (CONFIG.STOP) at the rate given by BAUDRATE (a fraction of 16 MHz: baud = BAUDRATE * 16e6 / 2^32,
 * lower 12 bits ignored). 8N1 is 10 bits per byte: 86.8 µs at 115200 baud.
 *
 * Console: the instance with config.console = true writes transmitted bytes to the console and
 * takes received bytes from its input queue, one per frame time, only while the receiver is
 * started. When the legacy UART's 6-byte RX FIFO is full, or no UARTE buffer is armed, input is
 * held back (never dropped): the emulated peer behaves as if flow-controlled.
 *
 * EasyDMA reaches Data RAM only (PS "EasyDMA"): a TXD.PTR/RXD.PTR outside RAM transfers nothing
 * and is reported once.
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import type { MemRegion } from '../bus.js';
import { NrfPeripheral } from './common.js';
import { NRF52840_TIMING } from './timing.js';

// Tasks
const TASKS_STARTRX = 0x000;
const TASKS_STOPRX = 0x004;
const TASKS_STARTTX = 0x008;
const TASKS_STOPTX = 0x00c;
const TASKS_SUSPEND = 0x01c; // legacy UART only
const TASKS_FLUSHRX = 0x02c; // UARTE only
// Events
const EVENTS_CTS = 0x100;
const EVENTS_RXDRDY = 0x108;
const EVENTS_ENDRX = 0x110;
const EVENTS_TXDRDY = 0x11c;
const EVENTS_ENDTX = 0x120;
const EVENTS_ERROR = 0x124;
const EVENTS_RXTO = 0x144;
const EVENTS_RXSTARTED = 0x14c;
const EVENTS_TXSTARTED = 0x150;
const EVENTS_TXSTOPPED = 0x158;
// Shortcuts
const SHORT_CTS_STARTRX = 1 << 3; // legacy UART
const SHORT_ENDRX_STARTRX = 1 << 5; // UARTE
const SHORT_ENDRX_STOPRX = 1 << 6; // UARTE
// Registers
const ERRORSRC = 0x480;
const ENABLE = 0x500;
const PSEL_RTS = 0x508;
const PSEL_TXD = 0x50c;
const PSEL_CTS = 0x510;
const PSEL_RXD = 0x514;
const RXD = 0x518; // legacy UART
const TXD = 0x51c; // legacy UART
const BAUDRATE = 0x524;
const RXD_PTR = 0x534;
const RXD_MAXCNT = 0x538;
const RXD_AMOUNT = 0x53c;
const TXD_PTR = 0x544;
const TXD_MAXCNT = 0x548;
const TXD_AMOUNT = 0x54c;
const CONFIG = 0x56c;
const POWER = 0xffc;

export const UART_ENABLE_UART = 4;
export const UART_ENABLE_UARTE = 8;
const RX_FIFO_SIZE = 6; // legacy UART RX FIFO (PS "UART", reception)
const MAXCNT_MASK = 0xffff; // 16-bit MAXCNT on the nRF52840
const BAUDRATE_RESET = 0x04000000; // 250 kbaud

export class NrfUarte extends NrfPeripheral {
  private enable = 0;
  private baudrate = BAUDRATE_RESET;
  private config = 0;
  private errorsrc = 0;
  private psel = [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff];
  private power = 1;
  private readonly console: boolean;
  /** Core cycles per frame, recomputed when BAUDRATE/CONFIG change. */
  private frameCycles = 0;

  // Transmitter
  private txStarted = false;
  private txPtr = 0;
  private txMaxcnt = 0;
  private txAmount = 0;
  private txActivePtr = 0;
  private txActiveCount = 0;
  private txBusy = false; // a byte is on the wire
  private txHolding = -1; // legacy: byte written to TXD while busy
  private readonly txEv: SchedEvent;

  // Receiver
  private rxStarted = false;
  private rxPtr = 0;
  private rxMaxcnt = 0;
  private rxAmount = 0;
  private rxActivePtr = 0;
  private rxActiveMax = 0;
  private rxCount = 0;
  private rxBufferArmed = false;
  private readonly rxFifo: number[] = [];
  private readonly rxEv: SchedEvent;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.console = desc.config?.console === true;
    this.txEv = ctx.sched.event(`${desc.name}.tx`, () => this.txDone());
    this.rxEv = ctx.sched.event(`${desc.name}.rx`, () => this.rxByte());
    this.recomputeFrame();
    if (this.console) {
      const prev = ctx.console.onInput;
      ctx.console.onInput = () => {
        if (prev) prev();
        this.armRx();
      };
    }
    ctx.clock.onChange(() => this.recomputeFrame());
  }

  /** Baud rate the BAUDRATE register selects. */
  get baud(): number {
    return ((this.baudrate & ~0xfff) >>> 0) * NRF52840_TIMING.uartBaseHz / 2 ** 32;
  }

  /** Bits per frame: start + 8 data + parity + stop bits. */
  get frameBits(): number {
    const parity = (this.config >> 1) & 7 ? 1 : 0;
    const stop = (this.config >> 4) & 1 ? 2 : 1;
    return 1 + 8 + parity + stop;
  }

  private recomputeFrame(): void {
    const baud = this.baud;
    this.frameCycles = baud > 0 ? Math.max(1, Math.round((this.frameBits * this.ctx.clock.hz) / baud)) : Infinity;
  }

  private get mode(): number {
    return this.enable;
  }

  /**
   * Power resources (peripherals/power.ts): the transmitter holds the HF clock from STARTTX until
   * STOPTX, the receiver from STARTRX until STOPRX (PS v1.7, UARTE: "the UARTE transmitter/receiver
   * ... stopped by STOPTX/STOPRX ... to save power"); a byte still on the wire holds it too.
   */
  private updatePower(): void {
    const on = this.enable !== 0 && (this.txStarted || this.txBusy || this.rxStarted);
    this.ctx.power.set('hfclk', this.name, on);
  }

  task(offset: number): void {
    this.handleTask(offset);
    this.updatePower();
  }

  private handleTask(offset: number): void {
    const mode = this.mode;
    if (mode !== UART_ENABLE_UART && mode !== UART_ENABLE_UARTE) return;
    switch (offset) {
      case TASKS_STARTTX:
        this.startTx();
        return;
      case TASKS_STOPTX:
        this.stopTx();
        return;
      case TASKS_STARTRX:
        this.startRx();
        return;
      case TASKS_STOPRX:
        this.stopRx();
        return;
      case TASKS_SUSPEND:
        if (mode === UART_ENABLE_UART) {
          this.stopTx();
          this.rxStarted = false;
          this.ctx.sched.cancel(this.rxEv);
        }
        return;
      case TASKS_FLUSHRX:
        if (mode === UART_ENABLE_UARTE) {
          // Nothing is held in the RX FIFO (input waits in the console queue): ENDRX with 0 bytes.
          this.rxAmount = 0;
          this.fire(EVENTS_ENDRX);
        }
        return;
    }
    this.unimplemented(offset, true);
  }

  // ---- transmitter ----

  private startTx(): void {
    if (this.mode === UART_ENABLE_UARTE) {
      if (this.txBusy) return; // already transmitting a buffer
      this.txActivePtr = this.txPtr;
      this.txActiveCount = this.txMaxcnt & MAXCNT_MASK;
      this.txAmount = 0;
      this.txStarted = true;
      this.fire(EVENTS_TXSTARTED);
      if (this.txActiveCount === 0 || !this.dmaOk(this.txActivePtr, this.txActiveCount, 'TXD.PTR')) {
        this.txStarted = false;
        this.fire(EVENTS_ENDTX);
        return;
      }
      this.txBusy = true;
      this.ctx.sched.after(this.txEv, this.frameCycles);
    } else {
      this.txStarted = true;
      if (this.txHolding >= 0 && !this.txBusy) this.sendLegacy();
    }
  }

  private stopTx(): void {
    if (this.mode === UART_ENABLE_UARTE) {
      if (this.txBusy) {
        // The byte on the wire is abandoned; AMOUNT counts the bytes completed so far.
        this.ctx.sched.cancel(this.txEv);
        this.txBusy = false;
        this.fire(EVENTS_ENDTX);
      }
      this.txStarted = false;
      this.fire(EVENTS_TXSTOPPED);
    } else {
      this.txStarted = false;
    }
  }

  private sendLegacy(): void {
    this.txBusy = true;
    this.txActiveCount = this.txHolding;
    this.txHolding = -1;
    this.ctx.sched.after(this.txEv, this.frameCycles);
  }

  /** End of a transmitted frame. */
  private txDone(): void {
    if (this.mode === UART_ENABLE_UARTE) {
      const b = this.dmaRead(this.txActivePtr + this.txAmount);
      if (this.console) this.ctx.console.write(b);
      this.txAmount++;
      this.fire(EVENTS_TXDRDY);
      if (this.txAmount >= this.txActiveCount) {
        this.txBusy = false;
        this.fire(EVENTS_ENDTX);
      } else {
        this.ctx.sched.after(this.txEv, this.frameCycles);
      }
    } else {
      if (this.console) this.ctx.console.write(this.txActiveCount & 0xff);
      this.txBusy = false;
      this.fire(EVENTS_TXDRDY);
      if (this.txHolding >= 0 && this.txStarted) this.sendLegacy();
    }
    this.updatePower();
  }

  // ---- receiver ----

  private startRx(): void {
    if (this.mode === UART_ENABLE_UARTE) {
      this.rxActivePtr = this.rxPtr;
      this.rxActiveMax = this.rxMaxcnt & MAXCNT_MASK;
      this.rxCount = 0;
      this.rxBufferArmed = this.rxActiveMax > 0 && this.dmaOk(this.rxActivePtr, this.rxActiveMax, 'RXD.PTR');
      this.rxStarted = true;
      this.fire(EVENTS_RXSTARTED);
    } else {
      this.rxStarted = true;
    }
    this.armRx();
  }

  private stopRx(): void {
    if (!this.rxStarted) return;
    this.rxStarted = false;
    this.ctx.sched.cancel(this.rxEv);
    if (this.mode === UART_ENABLE_UARTE) {
      if (this.rxBufferArmed) {
        this.rxBufferArmed = false;
        this.rxAmount = this.rxCount;
        this.fire(EVENTS_ENDRX);
      }
    }
    this.fire(EVENTS_RXTO);
  }

  /** Schedules the next received byte if the receiver can take one and input is waiting. */
  private armRx(): void {
    if (!this.console || !this.rxStarted || this.rxEv.armed) return;
    if (!this.ctx.console.hasInput) return;
    if (this.mode === UART_ENABLE_UARTE ? !this.rxBufferArmed : this.rxFifo.length >= RX_FIFO_SIZE) return;
    this.ctx.sched.after(this.rxEv, this.frameCycles);
  }

  /** A frame finished arriving on RXD. */
  private rxByte(): void {
    if (!this.rxStarted) return;
    const b = this.ctx.console.readByte();
    if (b < 0) return;
    if (this.mode === UART_ENABLE_UARTE) {
      this.dmaWrite(this.rxActivePtr + this.rxCount, b);
      this.rxCount++;
      this.fire(EVENTS_RXDRDY);
      if (this.rxCount >= this.rxActiveMax) {
        this.rxBufferArmed = false;
        this.rxAmount = this.rxCount;
        this.fire(EVENTS_ENDRX); // shortcuts may restart the receiver here
      }
    } else {
      this.rxFifo.push(b);
      this.fire(EVENTS_RXDRDY);
    }
    this.armRx();
  }

  protected override onEvent(offset: number): void {
    if (offset === EVENTS_ENDRX && this.mode === UART_ENABLE_UARTE) {
      if (this.shorts & SHORT_ENDRX_STARTRX) this.startRx();
      else if (this.shorts & SHORT_ENDRX_STOPRX) this.stopRx();
    } else if (offset === EVENTS_CTS && this.shorts & SHORT_CTS_STARTRX) {
      this.startRx();
    }
    this.updatePower();
  }

  // ---- EasyDMA ----

  private ramAt(addr: number): MemRegion | null {
    const r = this.ctx.bus.regionAt(addr);
    return r !== null && r.desc.kind === 'ram' ? r : null;
  }

  private dmaOk(ptr: number, len: number, reg: string): boolean {
    const r = this.ramAt(ptr);
    if (r !== null && ptr + len <= r.end) return true;
    this.ctx.diag.warnOnce(
      `${this.name}:dma:${reg}`,
      `warning: ${this.name} ${reg}=0x${(ptr >>> 0).toString(16)} (${len} bytes) is not in Data RAM: EasyDMA cannot reach it, nothing transferred`,
    );
    return false;
  }

  private dmaRead(addr: number): number {
    const r = this.ramAt(addr);
    return r === null ? 0 : r.u8[(addr >>> 0) - r.base];
  }

  private dmaWrite(addr: number, b: number): void {
    const r = this.ramAt(addr);
    if (r === null) return;
    const o = (addr >>> 0) - r.base;
    r.u8[o] = b;
    r.invalidateCode(o, 1);
  }

  // ---- registers ----

  protected readOther(offset: number): number {
    const uarte = this.mode === UART_ENABLE_UARTE;
    switch (offset) {
      case ERRORSRC:
        return this.errorsrc;
      case ENABLE:
        return this.enable;
      case PSEL_RTS:
      case PSEL_TXD:
      case PSEL_CTS:
      case PSEL_RXD:
        return this.psel[(offset - PSEL_RTS) >> 2];
      case BAUDRATE:
        return this.baudrate;
      case CONFIG:
        return this.config;
      case POWER:
        return this.power;
      case RXD:
        if (!uarte) {
          const b = this.rxFifo.length ? this.rxFifo.shift()! : 0;
          this.armRx();
          return b;
        }
        break;
      case RXD_PTR:
        return this.rxPtr;
      case RXD_MAXCNT:
        return this.rxMaxcnt;
      case RXD_AMOUNT:
        return this.rxAmount;
      case TXD_PTR:
        return this.txPtr;
      case TXD_MAXCNT:
        return this.txMaxcnt;
      case TXD_AMOUNT:
        return this.txAmount;
    }
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    switch (offset) {
      case ERRORSRC:
        this.errorsrc &= ~value; // write 1 to clear
        return;
      case ENABLE:
        this.setEnable(value & 0xf);
        return;
      case PSEL_RTS:
      case PSEL_TXD:
      case PSEL_CTS:
      case PSEL_RXD:
        this.psel[(offset - PSEL_RTS) >> 2] = value >>> 0;
        return;
      case BAUDRATE:
        this.baudrate = value >>> 0;
        this.recomputeFrame();
        return;
      case CONFIG:
        this.config = value & 0x1f;
        this.recomputeFrame();
        return;
      case POWER:
        this.power = value & 1;
        if (!this.power) this.reset();
        return;
      case TXD:
        if (this.mode === UART_ENABLE_UART) {
          this.txHolding = value & 0xff;
          if (this.txStarted && !this.txBusy) this.sendLegacy();
          this.updatePower();
          return;
        }
        break;
      case RXD_PTR:
        this.rxPtr = value >>> 0;
        return;
      case RXD_MAXCNT:
        this.rxMaxcnt = value & MAXCNT_MASK;
        return;
      case TXD_PTR:
        this.txPtr = value >>> 0;
        return;
      case TXD_MAXCNT:
        this.txMaxcnt = value & MAXCNT_MASK;
        return;
    }
    this.unimplemented(offset, true);
  }

  private setEnable(v: number): void {
    if (v === this.enable) return;
    if (v !== 0 && v !== UART_ENABLE_UART && v !== UART_ENABLE_UARTE) {
      this.ctx.diag.warnOnce(`${this.name}:enable:${v}`, `warning: ${this.name} ENABLE=${v} is not a valid mode (0, 4 = UART, 8 = UARTE)`);
    }
    // Switching mode or disabling stops any transfer in progress.
    this.ctx.sched.cancel(this.txEv);
    this.ctx.sched.cancel(this.rxEv);
    this.txBusy = false;
    this.txStarted = false;
    this.rxStarted = false;
    this.rxBufferArmed = false;
    this.rxFifo.length = 0;
    this.txHolding = -1;
    this.enable = v;
    this.updatePower();
  }

  override reset(): void {
    super.reset();
    this.setEnable(0);
    this.baudrate = BAUDRATE_RESET;
    this.config = 0;
    this.errorsrc = 0;
    this.psel.fill(0xffffffff);
    this.rxPtr = this.rxMaxcnt = this.rxAmount = 0;
    this.txPtr = this.txMaxcnt = this.txAmount = 0;
    this.power = 1;
    this.recomputeFrame();
  }

  /** Core cycles one frame takes at the current settings. */
  get frameTime(): number {
    return this.frameCycles;
  }
}

export function createUarte(desc: PeripheralDesc, ctx: PeripheralContext): NrfUarte {
  return new NrfUarte(desc, ctx);
}
