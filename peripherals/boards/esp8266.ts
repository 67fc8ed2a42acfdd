/**
 * ESP-12x module boards (RIOT's `esp8266-esp-12x`): Espressif ESP8266EX, Tensilica L106 (Xtensa LX106,
 * call0 ABI), 80 MHz CPU by default (160 MHz through DPORT 0x3FF00014 bit 0), 4 MiB SPI flash on the
 * ESP-12E/F module of which 1 MiB is mapped for execution at 0x40200000 at a time.
 *
 * Memory map: ESP8266EX datasheet §3.1 ("Memory": 32 KiB instruction RAM, 80 KiB user data RAM,
 * flash behind a cache) and the SDK linker scripts (`eagle.app.v6.ld`: dram0_0_seg 0x3FFE8000
 * len 0x14000, iram1_0_seg 0x40100000 len 0x8000, irom0_0_seg 0x40201010 ...); boot ROM at
 * 0x40000000 64 KiB (contents not available to femtosim: the region is neither readable nor
 * executable, so an image that calls ROM functions stops with an error naming it).
 * Peripherals: `eagle_soc.h` base addresses (UART0 0x60000000, SPI1 0x60000100, SPI0 0x60000200,
 * GPIO 0x60000300, TIMER 0x60000600, RTC 0x60000700, IO MUX 0x60000800, WDT 0x60000900,
 * SLC 0x60000B00, I2S 0x60000E00, UART1 0x60000F00, RTC memory 0x60001000, DPORT 0x3FF00000).
 * CPU interrupt numbers: `ets_sys.h` of espressif/ESP8266_RTOS_SDK (SLC 1, SPI 2, GPIO 4, UART0 and
 * UART1 5, soft 7, WDT 8, FRC1 timer 9); CCOMPARE0 is the core's timer interrupt 6 (LX106 core
 * configuration, XCHAL_TIMER0_INTERRUPT) and is modelled by the core, not a peripheral.
 *
 * Interrupt wiring the core must provide (cpuConfig): lines 0-5 external level-triggered, level 1;
 * 6 CCOMPARE0 timer; 7 software (INTSET/INTCLEAR); 8-13 external edge-triggered latched in INTERRUPT
 * until INTCLEAR (the FRC1 model pulses line 9: high then low in the same cycle) [check the types
 * of 8-13 against the LX106 core-isa.h]; 14 NMI (not raised by any model here).
 */
import type { BoardDesc } from './types.js';

const EM_XTENSA = 94;
const DATASHEET = 'Espressif ESP8266EX Datasheet v6.x';

export const esp8266Esp12x: BoardDesc = {
  name: 'esp8266-esp-12x',
  description: 'ESP-12x module (Espressif ESP8266EX, Xtensa LX106 call0, 80 MHz, 32 KiB IRAM, 80 KiB DRAM, XIP flash at 0x40200000)',
  arch: 'xtensa',
  cpu: 'lx106',
  elfMachine: EM_XTENSA,
  clockHz: 80_000_000,
  memory: [
    {
      name: 'bootrom-unavailable',
      base: 0x4000_0000,
      size: 0x1_0000,
      kind: 'rom',
      access: '',
      source: `${DATASHEET} §3.1: 64 KiB boot ROM; its contents are not part of femtosim, so calls into ROM functions fault here`,
    },
    { name: 'dram', base: 0x3ffe_8000, size: 0x1_4000, kind: 'ram', access: 'rw', source: `${DATASHEET} §3.1.1 (80 KiB user data RAM); SDK eagle.app.v6.ld dram0_0_seg` },
    { name: 'iram', base: 0x4010_0000, size: 0x8000, kind: 'ram', access: 'rwx', source: `${DATASHEET} §3.1.1 (32 KiB instruction RAM); SDK eagle.app.v6.ld iram1_0_seg` },
    {
      name: 'flash',
      base: 0x4020_0000,
      size: 0x10_0000,
      kind: 'flash',
      access: 'rx',
      source: `${DATASHEET} §3.1.2 (external SPI flash, code executes through the cache); 1 MiB mapped window at 0x40200000 [check the window size]`,
    },
    { name: 'rtcram', base: 0x6000_1000, size: 0x300, kind: 'ram', access: 'rw', source: 'ESP8266 SDK (system_rtc_mem_*: 768 bytes of RTC memory at 0x60001000) [check]' },
  ],
  // DPORT first: the timer model looks up its edge-interrupt enable register.
  peripherals: [
    { type: 'esp8266.dport', name: 'DPORT', base: 0x3ff0_0000, size: 0x100, config: { cpuHz: 80_000_000, fastCpuHz: 160_000_000 } },
    { type: 'esp8266.uart', name: 'UART0', base: 0x6000_0000, size: 0x100, irq: 5, config: { console: true } },
    { type: 'unmodelled', name: 'SPI1', base: 0x6000_0100, size: 0x100, irq: 2 },
    {
      type: 'esp8266.flashcache',
      name: 'SPI0',
      base: 0x6000_0200,
      size: 0x100,
      config: { flashBase: 0x4020_0000, cacheBytes: 32768, lineBytes: 32, spiHz: 40_000_000, overheadClocks: 20, clocksPerByte: 2 },
    },
    { type: 'esp8266.gpio', name: 'GPIO', base: 0x6000_0300, size: 0x100, config: { inputs: 0 } },
    { type: 'esp8266.timer', name: 'TIMER', base: 0x6000_0600, size: 0x100, irq: 9, config: { dportBase: 0x3ff0_0000 } },
    { type: 'unmodelled', name: 'RTC', base: 0x6000_0700, size: 0x100 },
    { type: 'unmodelled', name: 'IOMUX', base: 0x6000_0800, size: 0x100 },
    { type: 'unmodelled', name: 'WDT', base: 0x6000_0900, size: 0x100, irq: 8 },
    { type: 'unmodelled', name: 'SLC', base: 0x6000_0b00, size: 0x100, irq: 1 },
    { type: 'unmodelled', name: 'I2S', base: 0x6000_0e00, size: 0x100 },
    { type: 'esp8266.uart', name: 'UART1', base: 0x6000_0f00, size: 0x100, irq: 5, config: { console: false, rx: false } },
  ],
  console: 'UART0',
  cpuConfig: {
    // LX106 configuration (Xtensa core-isa.h of the ESP8266 toolchain overlay) [check each]:
    interrupts: 15,
    levelTriggered: [0, 1, 2, 3, 4, 5],
    edgeTriggered: [8, 9, 10, 11, 12, 13],
    timerInterrupts: [6],
    softwareInterrupts: [7],
    nmi: 14,
    // Vectors are relative to VECBASE (reset value 0x40000000, in ROM: firmware sets its own).
    vecbaseReset: 0x4000_0000,
    // Reset: the boot ROM would load the image; femtosim starts at the ELF entry point.
    resetFromElfEntry: true,
  },
  // The ROM boot loader copies the image's IRAM and DRAM segments out of flash (esptool's image
  // format): they take flash too.
  ramImageInFlash: true,
  power: {
    volts: 3.3,
    active: {
      mA: 15,
      source: `${DATASHEET} table "Power consumption": Modem-sleep 15 mA (Wi-Fi modem off, CPU running) [check: the table does not state the CPU clock; taken for 80 MHz. Espressif's own description of the figure (bbs.espressif.com, "sleep modes") is an average over a DTIM3 cycle with the modem waking every 300 ms for beacons, so the CPU-only current is lower]`,
    },
    sleep: {
      mA: 0.9,
      source: `${DATASHEET} table "Power consumption": Light-sleep 0.9 mA [check: also a DTIM3 average per Espressif's description; the SDK's light-sleep gates clocks, plain WAITI does not: a lower bound for WAITI idle]`,
    },
    noFigure: ['UART0', 'UART1', 'TIMER', 'GPIO', 'SPI0 flash reads (included in the modem-sleep figure)'],
    notes:
      'The datasheet gives no figure per CPU clock (80 vs 160 MHz) nor per peripheral; deep-sleep (20 µA) and power-off (0.5 µA) are not reachable without the RTC model. All figures at 3.3 V, 25 °C [check].',
  },
  sources: [
    DATASHEET,
    'Espressif ESP8266 Technical Reference (UART, timer, GPIO chapters)',
    'espressif/ESP8266_RTOS_SDK: include/espressif/esp8266/ets_sys.h, eagle_soc.h, uart_register.h, ld/eagle.app.v6.ld',
  ],
};
