/**
 * A peripheral the SoC has but femtosim does not model (RADIO, SAADC, PWM, ...). It occupies its
 * real address window so that firmware touching it sees what the user was promised for
 * unimplemented registers: one warning per register naming the peripheral and offset, reads as
 * zero, writes ignored — and with --strict the access faults. An address where the SoC has
 * nothing stays unmapped and faults as on the hardware.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc, type PeripheralFactory } from './peripheral.js';

export class UnmodelledPeripheral extends Peripheral {
  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
  }
  readReg(offset: number): number {
    return this.unimplemented(offset, false);
  }
  writeReg(offset: number): void {
    this.unimplemented(offset, true);
  }
}

export const createUnmodelled: PeripheralFactory = (desc, ctx) => new UnmodelledPeripheral(desc, ctx);
