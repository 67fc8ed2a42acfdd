/**
 * ESP8266EX GPIO block at 0x60000300 as plain registers (Espressif ESP8266 SDK `eagle_soc.h` /
 * `gpio_register.h`): OUT 0x00, OUT_W1TS 0x04, OUT_W1TC 0x08, ENABLE 0x0C, ENABLE_W1TS 0x10,
 * ENABLE_W1TC 0x14, IN 0x18, STATUS 0x1C, STATUS_W1TS 0x20, STATUS_W1TC 0x24, PIN0..PIN15
 * 0x28..0x64 (stored). 16 pins. IN reads the driven level of output-enabled pins and the board's
 * configured input levels (config.inputs, default all low) elsewhere. Pin interrupts are not
 * modelled (STATUS only changes by firmware writes).
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';

export const GPIO_OUT = 0x00;
export const GPIO_OUT_W1TS = 0x04;
export const GPIO_OUT_W1TC = 0x08;
export const GPIO_ENABLE = 0x0c;
export const GPIO_ENABLE_W1TS = 0x10;
export const GPIO_ENABLE_W1TC = 0x14;
export const GPIO_IN = 0x18;
export const GPIO_STATUS = 0x1c;
export const GPIO_STATUS_W1TS = 0x20;
export const GPIO_STATUS_W1TC = 0x24;
export const GPIO_PIN0 = 0x28;
const PINS = 16;
const MASK = 0xffff;

export class Esp8266Gpio extends Peripheral {
  private out = 0;
  private enable = 0;
  private status = 0;
  private readonly pin = new Uint32Array(PINS);
  private readonly inputs: number;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.inputs = ((desc.config?.inputs as number | undefined) ?? 0) & MASK;
  }

  override reset(): void {
    this.out = this.enable = this.status = 0;
    this.pin.fill(0);
  }

  readReg(offset: number): number {
    switch (offset) {
      case GPIO_OUT:
        return this.out;
      case GPIO_ENABLE:
        return this.enable;
      case GPIO_IN:
        return ((this.out & this.enable) | (this.inputs & ~this.enable)) & MASK;
      case GPIO_STATUS:
        return this.status;
      case GPIO_OUT_W1TS:
      case GPIO_OUT_W1TC:
      case GPIO_ENABLE_W1TS:
      case GPIO_ENABLE_W1TC:
      case GPIO_STATUS_W1TS:
      case GPIO_STATUS_W1TC:
        return 0;
    }
    if (offset >= GPIO_PIN0 && offset < GPIO_PIN0 + 4 * PINS) return this.pin[(offset - GPIO_PIN0) >>> 2];
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case GPIO_OUT:
        this.out = value & MASK;
        return;
      case GPIO_OUT_W1TS:
        this.out |= value & MASK;
        return;
      case GPIO_OUT_W1TC:
        this.out &= ~value & MASK;
        return;
      case GPIO_ENABLE:
        this.enable = value & MASK;
        return;
      case GPIO_ENABLE_W1TS:
        this.enable |= value & MASK;
        return;
      case GPIO_ENABLE_W1TC:
        this.enable &= ~value & MASK;
        return;
      case GPIO_STATUS:
        this.status = value & MASK;
        return;
      case GPIO_STATUS_W1TS:
        this.status |= value & MASK;
        return;
      case GPIO_STATUS_W1TC:
        this.status &= ~value & MASK;
        return;
      case GPIO_IN:
        return;
    }
    if (offset >= GPIO_PIN0 && offset < GPIO_PIN0 + 4 * PINS) {
      this.pin[(offset - GPIO_PIN0) >>> 2] = value >>> 0;
      return;
    }
    this.unimplemented(offset, true);
  }
}
