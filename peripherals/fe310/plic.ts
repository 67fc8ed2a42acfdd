/**
 * FE310-G002 PLIC (platform-level interrupt controller), base 0x0C000000.
 * Source: FE310-G002 Manual v1p1, chapter 10 "Platform-Level Interrupt Controller": 52 sources
 * (1..52), 3-bit priorities at 0x0000 + 4*id, pending bits at 0x1000 (2 words), hart 0 M-mode
 * enables at 0x2000 (2 words), threshold at 0x200000, claim/complete at 0x200004.
 * Interrupt source ids (chapter 10 table): 1 watchdog, 2 RTC, 3 UART0, 4 UART1, 5 QSPI0, 6 SPI1,
 * 7 SPI2, 8-39 GPIO0-31, 40-51 PWM0-2, 52 I2C.
 *
 * Sources are level-sensitive inputs: the gateway latches a pending bit when a source is high and
 * no claim of it is in progress; a claim clears the pending bit; completion lets the gateway
 * forward the next request. The output is MEIP: some enabled pending source with priority above
 * the threshold. The PLIC registers itself with the core for source lines (see cpu/riscv/irq.ts).
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { asRiscvHost, IRQ_MEIP, LOCAL_IRQ_BASE } from '../../cpu/riscv/irq.js';

export const PLIC_PRIORITY = 0x000000;
export const PLIC_PENDING = 0x001000;
export const PLIC_ENABLE = 0x002000;
export const PLIC_THRESHOLD = 0x200000;
export const PLIC_CLAIM = 0x200004;

export class Plic extends Peripheral {
  readonly sources: number;
  private readonly priority: Uint8Array;
  private readonly pending: Uint8Array;
  private readonly enabled: Uint8Array;
  private readonly level: Uint8Array;
  private readonly inService: Uint8Array;
  private threshold = 0;
  private meip = false;
  private readonly resync: SchedEvent;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.sources = (desc.config?.sources as number | undefined) ?? 52;
    const n = this.sources + 1;
    this.priority = new Uint8Array(n);
    this.pending = new Uint8Array(n);
    this.enabled = new Uint8Array(n);
    this.level = new Uint8Array(n);
    this.inService = new Uint8Array(n);
    this.resync = ctx.sched.event(`${desc.name}.gateways`, () => {
      for (let i = 1; i <= this.sources; i++) if (this.level[i]) this.pending[i] = 1;
      this.update();
    });
    const self = this;
    asRiscvHost(ctx.irq, desc.name).attachExternalController({
      setIrq(line: number, level: boolean) {
        self.source(line, level);
      },
    });
  }

  /**
   * Reset: priorities, enables, threshold, pending bits and claims cleared. The gateways forward
   * the sources still asserted once every peripheral has reset (an event at the reset cycle), so
   * the result does not depend on the order in which the machine resets its peripherals.
   */
  override reset(): void {
    this.priority.fill(0);
    this.enabled.fill(0);
    this.inService.fill(0);
    this.pending.fill(0);
    this.threshold = 0;
    this.update();
    this.ctx.sched.at(this.resync, this.ctx.sched.now);
  }

  /** A source's level changed. */
  source(id: number, level: boolean): void {
    if (id < 1 || id > this.sources) throw new Error(`${this.name}: interrupt source ${id} out of range 1..${this.sources}`);
    this.level[id] = level ? 1 : 0;
    if (level && !this.inService[id]) this.pending[id] = 1;
    this.update();
  }

  private best(): number {
    let id = 0;
    let pri = this.threshold;
    for (let i = 1; i <= this.sources; i++) {
      if (this.pending[i] && this.enabled[i] && this.priority[i] > pri) {
        pri = this.priority[i];
        id = i;
      }
    }
    return id;
  }

  private update(): void {
    const on = this.best() !== 0;
    if (on !== this.meip) {
      this.meip = on;
      this.ctx.irq.setIrq(LOCAL_IRQ_BASE + IRQ_MEIP, on);
    }
  }

  private bitsWord(arr: Uint8Array, word: number): number {
    let v = 0;
    for (let b = 0; b < 32; b++) {
      const i = word * 32 + b;
      if (i <= this.sources && arr[i]) v |= 1 << b;
    }
    return v >>> 0;
  }

  readReg(offset: number): number {
    if (offset < PLIC_PENDING) {
      const id = offset >> 2;
      return id >= 1 && id <= this.sources ? this.priority[id] : 0;
    }
    if (offset === PLIC_PENDING || offset === PLIC_PENDING + 4) return this.bitsWord(this.pending, (offset - PLIC_PENDING) >> 2);
    if (offset === PLIC_ENABLE || offset === PLIC_ENABLE + 4) return this.bitsWord(this.enabled, (offset - PLIC_ENABLE) >> 2);
    if (offset === PLIC_THRESHOLD) return this.threshold;
    if (offset === PLIC_CLAIM) {
      const id = this.best();
      if (id !== 0) {
        this.pending[id] = 0;
        this.inService[id] = 1;
        this.update();
      }
      return id;
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    if (offset < PLIC_PENDING) {
      const id = offset >> 2;
      if (id >= 1 && id <= this.sources) this.priority[id] = value & 7;
      this.update();
      return;
    }
    if (offset === PLIC_PENDING || offset === PLIC_PENDING + 4) return; // read-only
    if (offset === PLIC_ENABLE || offset === PLIC_ENABLE + 4) {
      const w = (offset - PLIC_ENABLE) >> 2;
      for (let b = 0; b < 32; b++) {
        const i = w * 32 + b;
        if (i >= 1 && i <= this.sources) this.enabled[i] = (value >>> b) & 1;
      }
      this.update();
      return;
    }
    if (offset === PLIC_THRESHOLD) {
      this.threshold = value & 7;
      this.update();
      return;
    }
    if (offset === PLIC_CLAIM) {
      const id = value >>> 0;
      if (id >= 1 && id <= this.sources && this.inService[id]) {
        this.inService[id] = 0;
        if (this.level[id]) this.pending[id] = 1; // still asserted: the gateway forwards it again
        this.update();
      }
      return;
    }
    this.unimplemented(offset, true);
  }
}
