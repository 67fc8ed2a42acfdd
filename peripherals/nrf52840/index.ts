/** nRF52840 peripheral models, by type name (as used in board descriptions). */
import type { PeripheralFactory } from '../peripheral.js';

export const nrf52840Devices: Record<string, PeripheralFactory> = {};
