/**
 * Device model registry: peripheral type name -> factory. Each SoC family contributes its table.
 */
import type { PeripheralFactory } from './peripheral.js';
import { nrf52840Devices } from './nrf52840/index.js';
import { fe310Devices } from './fe310/index.js';
import { esp8266Devices } from './esp8266/index.js';
import { createUnmodelled } from './unmodelled.js';

export const deviceFactories: Record<string, PeripheralFactory> = {
  ...nrf52840Devices,
  ...fe310Devices,
  ...esp8266Devices,
  unmodelled: createUnmodelled,
};
