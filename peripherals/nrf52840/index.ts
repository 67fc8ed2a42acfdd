/** nRF52840 peripheral models, by type name (as used in board descriptions). */
import type { PeripheralFactory } from '../peripheral.js';
import { createClockPower } from './clock.js';
import { createNvmc } from './nvmc.js';
import { createFicr, createUicr } from './ficr.js';
import { createGpio } from './gpio.js';
import { createGpiote } from './gpiote.js';
import { createUarte } from './uarte.js';
import { createTimer } from './timer.js';
import { createRtc } from './rtc.js';
import { createRng } from './rng.js';
import { createTemp } from './temp.js';
import { createWdt } from './wdt.js';
import { createPpi } from './ppi.js';
import { createRomTable } from './romtable.js';

export const nrf52840Devices: Record<string, PeripheralFactory> = {
  'nrf52.clock': createClockPower,
  'nrf52.nvmc': createNvmc,
  'nrf52.ficr': createFicr,
  'nrf52.uicr': createUicr,
  'nrf52.gpio': createGpio,
  'nrf52.gpiote': createGpiote,
  'nrf52.uarte': createUarte,
  'nrf52.timer': createTimer,
  'nrf52.rtc': createRtc,
  'nrf52.rng': createRng,
  'nrf52.temp': createTemp,
  'nrf52.wdt': createWdt,
  'nrf52.ppi': createPpi,
  'nrf52.romtable': createRomTable,
};
