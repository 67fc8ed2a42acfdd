/**
 * ESP8266EX UART (UART0 at 0x60000000, UART1 at 0x60000F00; both on CPU interrupt 5, ETS_UART_INUM).
 * Register map: Espressif ESP8266 SDK `uart_register.h` / ESP8266 Technical Reference ch. "UART":
 *   FIFO 0x00 (write: push a byte to the TX FIFO; read: pop from the RX FIFO)
 *   INT_RAW 0x04, INT_ST 0x08 (= RAW & ENA), INT_ENA 0x0C, INT_CLR 0x10 (write 1 to clear)
 *     bits: 0 RXFIFO_FULL, 1 TXFIFO_EMPTY, 4 RXFIFO_OVF, 8 RXFIFO_TOUT (others not modelled)
 *   CLKDIV 0x14 (19:0; baud = APB 80 MHz / CLKDIV)
 *   STATUS 0x1C (RXFIFO_CNT 7:0, TXFIFO_CNT 23:16)
 *   CONF0 0x20 (BIT_NUM 3:2 = data bits - 5, STOP_BIT_NUM 5:4 (1 = 1, 2 = 1.5, 3 = 2),
 *     RXFIFO_RST 17, TXFIFO_RST 18) [check the reset bit positions]
 *   CONF1 0x24 (RXFIFO_FULL_THRHD 6:0, TXFIFO_EMPTY_THRHD 14:8, RX_TOUT_THRHD 30:24, RX_TOUT_EN 31)
 *   DATE 0x78, ID 0x7C (read-only identification, values not modelled: read 0).
 * FIFOs: 128 bytes each (ESP8266 Technical Reference, UART chapter).
 *
 * Interrupt status: RXFIFO_FULL and TXFIFO_EMPTY follow their FIFO conditions (RXFIFO_CNT >=
 * threshold, TXFIFO_CNT < threshold) and re-assert after a clear while the condition holds;
 * RXFIFO_OVF and RXFIFO_TOUT latch until cleared. The RX time-out fires when the RX FIFO holds
 * data and no byte arrived for RX_TOUT_THRHD byte times [check: the reference gives the unit as
 * the time of one byte at the current baud rate]. The line is level-triggered.
 *
 * Timing: a frame is 1 start + data bits + stop bits, each CLKDIV APB cycles; the APB runs at 80 MHz
 * whatever the CPU clock (DPORT 160 MHz switch), so core cycles per frame follow the core clock.
 * A byte reaches the console when its frame ends; TXFIFO_CNT counts it until then. RX (console UART
 * only) takes console input one frame at a time.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';

export const UART_FIFO = 0x00;
export const UART_INT_RAW = 0x04;
export const UART_INT_ST = 0x08;
export const UART_INT_ENA = 0x0c;
export const UART_INT_CLR = 0x10;
export const UART_CLKDIV = 0x14;
export const UART_AUTOBAUD = 0x18;
export const UART_STATUS = 0x1c;
export const UART_CONF0 = 0x20;
export const UART_CONF1 = 0x24;
export const UART_DATE = 0x78;
export const UART_ID = 0x7c;

export const UART_INT_RXFIFO_FULL = 1 << 0;
export const UART_INT_TXFIFO_EMPTY = 1 << 1;
export const UART_INT_RXFIFO_OVF = 1 << 4;
export const UART_INT_RXFIFO_TOUT = 1 << 8;
const LATCHED = UART_INT_RXFIFO_OVF | UART_INT_RXFIFO_TOUT;
const CONF0_RXFIFO_RST = 1 << 17;
const CONF0_TXFIFO_RST = 1 << 18;

export const UART_FIFO_BYTES = 128;
/** APB clock feeding the UART baud generator (ESP8266EX datasheet: 80 MHz). */
export const APB_HZ = 80_000_000;
/** Reset values chosen as the SDK's defaults: 115200 baud at 80 MHz, 8N1 [check against the TRM reset column]. */
const CLKDIV_RESET = 694;
const CONF0_RESET = 0x1c;
const CONF1_RESET = 0x6060;

export class Esp8266Uart extends Peripheral {
  /** Ring buffers (no allocation when bytes come and go). */
  private readonly txBuf = new Uint8Array(UART_FIFO_BYTES);
  private txHead = 0;
  private txCount = 0;
  private readonly rxBuf = new Uint8Array(UART_FIFO_BYTES);
  private rxHead = 0;
  private rxCount = 0;
  private latched = 0;
  private ena = 0;
  private clkdiv = CLKDIV_RESET;
  private conf0 = CONF0_RESET;
  private conf1 = CONF1_RESET;
  private readonly txEv: SchedEvent;
  private readonly rxEv: SchedEvent;
  private readonly toutEv: SchedEvent;
  readonly isConsole: boolean;
  readonly hasRx: boolean;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.isConsole = (desc.config?.console as boolean | undefined) ?? false;
    this.hasRx = (desc.config?.rx as boolean | undefined) ?? this.isConsole;
    this.txEv = ctx.sched.event(`${desc.name}.tx`, () => this.txDone());
    this.rxEv = ctx.sched.event(`${desc.name}.rx`, () => this.rxDone());
    this.toutEv = ctx.sched.event(`${desc.name}.tout`, () => this.timeout());
    if (this.isConsole && this.hasRx) ctx.console.onInput = () => this.armRx();
  }

  override reset(): void {
    this.txHead = this.txCount = this.rxHead = this.rxCount = 0;
    this.latched = this.ena = 0;
    this.clkdiv = CLKDIV_RESET;
    this.conf0 = CONF0_RESET;
    this.conf1 = CONF1_RESET;
    this.ctx.sched.cancel(this.txEv);
    this.ctx.sched.cancel(this.rxEv);
    this.ctx.sched.cancel(this.toutEv);
    this.updateIrq();
  }

  /** Bits per frame: start + data + stop (1.5 stop bits rounded up to 2 for timing). */
  get frameBits(): number {
    const data = 5 + ((this.conf0 >>> 2) & 3);
    const stopSel = (this.conf0 >>> 4) & 3;
    const stop = stopSel <= 1 ? 1 : 2;
    return 1 + data + stop;
  }

  /** Core cycles per frame at the current core clock. */
  get frameCycles(): number {
    const div = Math.max(this.clkdiv, 1);
    return Math.max(1, Math.ceil((this.frameBits * div * this.ctx.clock.hz) / APB_HZ));
  }

  get txFifoCount(): number {
    return this.txCount;
  }

  get rxFifoCount(): number {
    return this.rxCount;
  }

  private get raw(): number {
    let r = this.latched;
    if (this.rxCount >= (this.conf1 & 0x7f) && (this.conf1 & 0x7f) !== 0) r |= UART_INT_RXFIFO_FULL;
    if (this.txCount < ((this.conf1 >>> 8) & 0x7f)) r |= UART_INT_TXFIFO_EMPTY;
    return r;
  }

  private updateIrq(): void {
    this.setIrq((this.raw & this.ena) !== 0);
  }

  private startTx(): void {
    if (this.txEv.armed || this.txCount === 0) return;
    this.ctx.sched.after(this.txEv, this.frameCycles);
  }

  private txDone(): void {
    const b = this.txBuf[this.txHead];
    this.txHead = (this.txHead + 1) % UART_FIFO_BYTES;
    this.txCount--;
    if (this.isConsole || this.desc.config?.echo) this.ctx.console.write(b);
    this.startTx();
    this.updateIrq();
  }

  private armRx(): void {
    if (!this.hasRx || this.rxEv.armed || !this.ctx.console.hasInput) return;
    this.ctx.sched.after(this.rxEv, this.frameCycles);
  }

  private rxDone(): void {
    const b = this.ctx.console.readByte();
    if (b >= 0) {
      if (this.rxCount < UART_FIFO_BYTES) {
        this.rxBuf[(this.rxHead + this.rxCount) % UART_FIFO_BYTES] = b;
        this.rxCount++;
      } else {
        this.latched |= UART_INT_RXFIFO_OVF;
      }
      this.armTimeout();
    }
    this.updateIrq();
    this.armRx();
  }

  private armTimeout(): void {
    const thr = (this.conf1 >>> 24) & 0x7f;
    if ((this.conf1 & 0x80000000) === 0 || thr === 0) {
      this.ctx.sched.cancel(this.toutEv);
      return;
    }
    this.ctx.sched.after(this.toutEv, thr * this.frameCycles);
  }

  private timeout(): void {
    if (this.rxCount > 0) this.latched |= UART_INT_RXFIFO_TOUT;
    this.updateIrq();
  }

  readReg(offset: number): number {
    switch (offset) {
      case UART_FIFO: {
        if (this.rxCount === 0) return 0;
        const b = this.rxBuf[this.rxHead];
        this.rxHead = (this.rxHead + 1) % UART_FIFO_BYTES;
        this.rxCount--;
        this.updateIrq();
        return b;
      }
      case UART_INT_RAW:
        return this.raw;
      case UART_INT_ST:
        return this.raw & this.ena;
      case UART_INT_ENA:
        return this.ena;
      case UART_INT_CLR:
        return 0;
      case UART_CLKDIV:
        return this.clkdiv;
      case UART_STATUS:
        return (this.rxCount & 0xff) | ((this.txCount & 0xff) << 16);
      case UART_CONF0:
        return this.conf0;
      case UART_CONF1:
        return this.conf1;
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case UART_FIFO:
        // A full FIFO drops the byte, as on the hardware (firmware polls TXFIFO_CNT first).
        if (this.txCount < UART_FIFO_BYTES) {
          this.txBuf[(this.txHead + this.txCount) % UART_FIFO_BYTES] = value & 0xff;
          this.txCount++;
        }
        this.startTx();
        this.updateIrq();
        return;
      case UART_INT_ENA:
        this.ena = value & 0x1ff;
        this.updateIrq();
        return;
      case UART_INT_CLR:
        this.latched &= ~value;
        this.updateIrq();
        return;
      case UART_CLKDIV:
        this.clkdiv = value & 0xfffff;
        return;
      case UART_CONF0:
        if (value & CONF0_TXFIFO_RST) {
          this.txCount = 0;
          this.ctx.sched.cancel(this.txEv);
        }
        if (value & CONF0_RXFIFO_RST) this.rxCount = 0;
        this.conf0 = value >>> 0;
        this.updateIrq();
        return;
      case UART_CONF1:
        this.conf1 = value >>> 0;
        this.updateIrq();
        return;
      case UART_INT_RAW:
      case UART_INT_ST:
      case UART_STATUS:
        return; // read-only
    }
    this.unimplemented(offset, true);
  }
}
