/** FE310-G002 peripheral models, by type name (as used in board descriptions). */
import type { PeripheralFactory } from '../peripheral.js';

export const fe310Devices: Record<string, PeripheralFactory> = {};
