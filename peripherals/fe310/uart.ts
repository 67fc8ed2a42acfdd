/**
 * FE310-G002 UART, bases 0x10013000 (UART0, PLIC source 3) and 0x10023000 (UART1, source 4).
 * Source: FE310-G002 Manual v1p1, chapter 18 "Universal Asynchronous Receiver/Transmitter":
 * txdata 0x00 (data 7:0, full 31), rxdata 0x04 (data 7:0, empty 31), txctrl 0x08 (txen 0,
 * nstop 1, txcnt 18:16), rxctrl 0x0C (rxen 0, rxcnt 18:16), ie 0x10 / ip 0x14 (txwm 0, rxwm 1),
 * div 0x18 (baud = tlclk / (div + 1)); 8-entry transmit and receive FIFOs; txwm pending while the
 * transmit FIFO holds fewer than txcnt entries, rxwm while the receive FIFO holds more than rxcnt.
 *
 * Timing: a frame is 1 start + 8 data + nstop+1 stop bits, each (div+1) tlclk cycles; tlclk is
 * the core clock (FE310-G002: the peripheral bus runs on coreclk). A transmitted byte reaches the
 * console when its frame ends. The receiver takes console input (console UART only) one frame at a
 * time while rxen is set.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';

export const UART_TXDATA = 0x00;
export const UART_RXDATA = 0x04;
export const UART_TXCTRL = 0x08;
export const UART_RXCTRL = 0x0c;
export const UART_IE = 0x10;
export const UART_IP = 0x14;
export const UART_DIV = 0x18;

const FIFO = 8;
const IP_TXWM = 1;
const IP_RXWM = 2;

export class Uart extends Peripheral {
  private readonly tx: number[] = [];
  private readonly rx: number[] = [];
  private txctrl = 0;
  private rxctrl = 0;
  private ie = 0;
  private div: number;
  private shifting = false;
  private readonly txEv: SchedEvent;
  private readonly rxEv: SchedEvent;
  readonly isConsole: boolean;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.div = (desc.config?.resetDiv as number | undefined) ?? 0x21f;
    this.isConsole = (desc.config?.console as boolean | undefined) ?? false;
    this.txEv = ctx.sched.event(`${desc.name}.tx`, () => this.txDone());
    this.rxEv = ctx.sched.event(`${desc.name}.rx`, () => this.rxDone());
    if (this.isConsole) ctx.console.onInput = () => this.armRx();
  }

  /** Reset: FIFOs empty, transmitter and receiver off, no interrupt, divisor back to its reset value. */
  override reset(): void {
    this.tx.length = 0;
    this.rx.length = 0;
    this.txctrl = this.rxctrl = this.ie = 0;
    this.div = (this.desc.config?.resetDiv as number | undefined) ?? 0x21f;
    this.shifting = false;
    this.ctx.sched.cancel(this.txEv);
    this.ctx.sched.cancel(this.rxEv);
    this.updateIrq();
  }

  /** Core cycles per frame. */
  get frameCycles(): number {
    const stop = (this.txctrl >>> 1) & 1 ? 2 : 1;
    return (1 + 8 + stop) * (this.div + 1);
  }

  private get ip(): number {
    let ip = 0;
    if (this.tx.length < ((this.txctrl >>> 16) & 7)) ip |= IP_TXWM;
    if (this.rx.length > ((this.rxctrl >>> 16) & 7)) ip |= IP_RXWM;
    return ip;
  }

  private updateIrq(): void {
    this.setIrq((this.ip & this.ie) !== 0);
  }

  private startTx(): void {
    if (this.shifting || this.tx.length === 0 || (this.txctrl & 1) === 0) return;
    this.shifting = true;
    this.ctx.sched.after(this.txEv, this.frameCycles);
  }

  private txDone(): void {
    this.shifting = false;
    const b = this.tx.shift()!;
    if (this.isConsole || this.desc.config?.echo) this.ctx.console.write(b);
    this.startTx();
    this.updateIrq();
  }

  private armRx(): void {
    if ((this.rxctrl & 1) === 0 || this.rxEv.armed || !this.ctx.console.hasInput || this.rx.length >= FIFO) return;
    this.ctx.sched.after(this.rxEv, this.frameCycles);
  }

  private rxDone(): void {
    if ((this.rxctrl & 1) === 0) return;
    const b = this.ctx.console.readByte();
    if (b >= 0) this.rx.push(b);
    this.updateIrq();
    this.armRx();
  }

  readReg(offset: number): number {
    switch (offset) {
      case UART_TXDATA:
        return this.tx.length >= FIFO ? 0x80000000 : 0;
      case UART_RXDATA: {
        if (this.rx.length === 0) return 0x80000000;
        const b = this.rx.shift()!;
        this.updateIrq();
        this.armRx();
        return b;
      }
      case UART_TXCTRL:
        return this.txctrl;
      case UART_RXCTRL:
        return this.rxctrl;
      case UART_IE:
        return this.ie;
      case UART_IP:
        return this.ip;
      case UART_DIV:
        return this.div;
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case UART_TXDATA:
        if (this.tx.length < FIFO) this.tx.push(value & 0xff);
        this.startTx();
        this.updateIrq();
        return;
      case UART_RXDATA:
        return;
      case UART_TXCTRL:
        this.txctrl = value & 0x70003;
        this.startTx();
        this.updateIrq();
        return;
      case UART_RXCTRL:
        this.rxctrl = value & 0x70001;
        if (this.rxctrl & 1) this.armRx();
        else this.ctx.sched.cancel(this.rxEv);
        this.updateIrq();
        return;
      case UART_IE:
        this.ie = value & 3;
        this.updateIrq();
        return;
      case UART_IP:
        return;
      case UART_DIV:
        this.div = value & 0xffff;
        return;
    }
    this.unimplemented(offset, true);
  }
}
