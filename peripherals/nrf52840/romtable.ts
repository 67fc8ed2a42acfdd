/**
 * The nRF52840's system ROM table identification words at 0xF0000FD0..0xF0000FFF (CoreSight
 * peripheral and component ID registers, ARM IHI 0029 "CoreSight Architecture" ROM table).
 * Nordic's early nRF52832 errata checks (RIOT's cpu_init "FTPAN" workarounds) read PID0..PID3 to
 * recognise an nRF52832 engineering sample (PID0 = 0x06); the model returns PID0 = 0x08 (the
 * nRF52840 part number, as FICR 0x10000130 reports) so those checks are correctly false, and the
 * standard ROM-table component ID (CID0..3 = 0x0D, 0x10, 0x05, 0xB1). The rest of the page is the
 * ROM table's entry list, which the model leaves empty (reads 0, the end-of-table marker).
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import { configNumber } from './common.js';

const PID4 = 0xfd0;
const PID0 = 0xfe0;
const PID1 = 0xfe4;
const PID2 = 0xfe8;
const PID3 = 0xfec;
const CID0 = 0xff0;
const CID1 = 0xff4;
const CID2 = 0xff8;
const CID3 = 0xffc;

export class NrfRomTable extends Peripheral {
  private readonly pid0: number;
  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.pid0 = configNumber(desc, 'pid0', 0x08);
  }

  readReg(offset: number): number {
    switch (offset) {
      case PID0:
        return this.pid0;
      case PID1:
      case PID2:
      case PID3:
      case PID4:
        return 0;
      case CID0:
        return 0x0d;
      case CID1:
        return 0x10;
      case CID2:
        return 0x05;
      case CID3:
        return 0xb1;
    }
    if (offset < PID4) return 0; // ROM table entries: none (0 ends the table)
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, _value: number): void {
    this.unimplemented(offset, true);
  }
}

export function createRomTable(desc: PeripheralDesc, ctx: PeripheralContext): NrfRomTable {
  return new NrfRomTable(desc, ctx);
}
