/** ESP8266EX peripheral models, by type name (as used in board descriptions). */
import type { PeripheralFactory } from '../peripheral.js';
import { Esp8266Uart } from './uart.js';
import { Esp8266Timer } from './timer.js';
import { Esp8266Dport } from './dport.js';
import { Esp8266Gpio } from './gpio.js';
import { Esp8266FlashCache } from './flashcache.js';

export const esp8266Devices: Record<string, PeripheralFactory> = {
  'esp8266.uart': (d, c) => new Esp8266Uart(d, c),
  'esp8266.timer': (d, c) => new Esp8266Timer(d, c),
  'esp8266.dport': (d, c) => new Esp8266Dport(d, c),
  'esp8266.gpio': (d, c) => new Esp8266Gpio(d, c),
  'esp8266.flashcache': (d, c) => new Esp8266FlashCache(d, c),
};
