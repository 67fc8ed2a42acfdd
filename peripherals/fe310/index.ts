/** FE310-G002 peripheral models, by type name (as used in board descriptions). */
import type { PeripheralFactory } from '../peripheral.js';
import { Clint } from './clint.js';
import { Plic } from './plic.js';
import { Prci } from './prci.js';
import { Aon } from './aon.js';
import { Uart } from './uart.js';
import { Gpio } from './gpio.js';
import { Qspi } from './qspi.js';
import { Otp } from './otp.js';

export const fe310Devices: Record<string, PeripheralFactory> = {
  'fe310.clint': (d, c) => new Clint(d, c),
  'fe310.plic': (d, c) => new Plic(d, c),
  'fe310.prci': (d, c) => new Prci(d, c),
  'fe310.aon': (d, c) => new Aon(d, c),
  'fe310.uart': (d, c) => new Uart(d, c),
  'fe310.gpio': (d, c) => new Gpio(d, c),
  'fe310.qspi': (d, c) => new Qspi(d, c),
  'fe310.otp': (d, c) => new Otp(d, c),
};
