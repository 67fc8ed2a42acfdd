/**
 * Nordic nRF52840 DK (PCA10056): nRF52840 SoC, Cortex-M4F at 64 MHz.
 * Memory map: nRF52840 Product Specification v1.7, section 4.2 "Memory" (flash 1 MiB at 0x00000000,
 * RAM 256 KiB at 0x20000000); peripherals: section 7 "Peripherals" instantiation table (ID = IRQ number).
 */
import type { BoardDesc } from './types.js';
import { EM_ARM } from '../../loader/elf.js';

export const nrf52840dk: BoardDesc = {
  name: 'nrf52840dk',
  description: 'Nordic nRF52840 DK (nRF52840, Cortex-M4F @ 64 MHz, 1 MiB flash, 256 KiB RAM)',
  arch: 'arm',
  cpu: 'cortex-m4f',
  elfMachine: EM_ARM,
  clockHz: 64_000_000,
  memory: [
    // Instruction fetches from flash are timed by the NVMC's cache model (FetchModel attached by
    // the 'nrf52.nvmc' peripheral); fetchWait is the cache-off figure, used only without the NVMC:
    // PS "CPU" electrical specification W_FLASH 2..3 wait states at 64 MHz [check]. Data reads from
    // flash: no figure in the PS, 0 assumed. RAM: W_RAM = 0.
    { name: 'flash', base: 0x0000_0000, size: 0x10_0000, kind: 'flash', access: 'rx', fetchWait: 2, readWait: 0, source: 'nRF52840 PS v1.7 §4.2; wait states: PS "CPU" electrical specification' },
    { name: 'ram', base: 0x2000_0000, size: 0x4_0000, kind: 'ram', access: 'rwx', readWait: 0, writeWait: 0, fetchWait: 0, source: 'nRF52840 PS v1.7 §4.2' },
  ],
  // Base = 0x40000000 + ID * 0x1000, irq = ID (PS "Peripherals", instantiation table).
  peripherals: [
    { type: 'nrf52.ficr', name: 'FICR', base: 0x1000_0000, size: 0x1000 },
    { type: 'nrf52.uicr', name: 'UICR', base: 0x1000_1000, size: 0x1000 },
    { type: 'nrf52.clock', name: 'CLOCK', base: 0x4000_0000, size: 0x1000, irq: 0 },
    { type: 'nrf52.uarte', name: 'UARTE0', base: 0x4000_2000, size: 0x1000, irq: 2, config: { console: true } },
    { type: 'nrf52.gpiote', name: 'GPIOTE', base: 0x4000_6000, size: 0x1000, irq: 6 },
    { type: 'nrf52.timer', name: 'TIMER0', base: 0x4000_8000, size: 0x1000, irq: 8, config: { channels: 4 } },
    { type: 'nrf52.timer', name: 'TIMER1', base: 0x4000_9000, size: 0x1000, irq: 9, config: { channels: 4 } },
    { type: 'nrf52.timer', name: 'TIMER2', base: 0x4000_a000, size: 0x1000, irq: 10, config: { channels: 4 } },
    { type: 'nrf52.rtc', name: 'RTC0', base: 0x4000_b000, size: 0x1000, irq: 11, config: { channels: 3 } },
    { type: 'nrf52.temp', name: 'TEMP', base: 0x4000_c000, size: 0x1000, irq: 12, config: { celsius: 25 } },
    { type: 'nrf52.rng', name: 'RNG', base: 0x4000_d000, size: 0x1000, irq: 13 },
    { type: 'nrf52.wdt', name: 'WDT', base: 0x4001_0000, size: 0x1000, irq: 16 },
    { type: 'nrf52.rtc', name: 'RTC1', base: 0x4001_1000, size: 0x1000, irq: 17, config: { channels: 4 } },
    { type: 'nrf52.timer', name: 'TIMER3', base: 0x4001_a000, size: 0x1000, irq: 26, config: { channels: 6 } },
    { type: 'nrf52.timer', name: 'TIMER4', base: 0x4001_b000, size: 0x1000, irq: 27, config: { channels: 6 } },
    { type: 'nrf52.nvmc', name: 'NVMC', base: 0x4001_e000, size: 0x1000 },
    { type: 'nrf52.ppi', name: 'PPI', base: 0x4001_f000, size: 0x1000 },
    { type: 'nrf52.rtc', name: 'RTC2', base: 0x4002_4000, size: 0x1000, irq: 36, config: { channels: 4 } },
    { type: 'nrf52.uarte', name: 'UARTE1', base: 0x4002_8000, size: 0x1000, irq: 40 },
    // P0 at 0x50000000 and P1 at 0x50000300 interleave: each is mapped as its register window
    // (port base + 0x500, OUT..PIN_CNF[31]); see peripherals/nrf52840/gpio.ts.
    { type: 'nrf52.gpio', name: 'P0', base: 0x5000_0500, size: 0x280, config: { port: 0 } },
    { type: 'nrf52.gpio', name: 'P1', base: 0x5000_0800, size: 0x280, config: { port: 1 } },
    // System ROM table identification (RIOT's nRF52 errata checks read 0xF0000FE0..FEC).
    // Present on the nRF52840 but not modelled: mapped so accesses warn (read 0) instead of faulting.
    // Instantiation table: nRF52840 PS v1.7 section 4.2.4 (ID = IRQ number, base = 0x40000000 + ID * 0x1000).
    ...[
      ['RADIO', 1], ['SPI_TWI0', 3], ['SPI_TWI1', 4], ['NFCT', 5], ['SAADC', 7], ['ECB', 14], ['CCM_AAR', 15],
      ['QDEC', 18], ['COMP', 19], ['EGU0', 20], ['EGU1', 21], ['EGU2', 22], ['EGU3', 23], ['EGU4', 24], ['EGU5', 25],
      ['PWM0', 28], ['PDM', 29], ['MWU', 32], ['PWM1', 33], ['PWM2', 34], ['SPI2', 35], ['I2S', 37], ['FPU', 38],
      ['USBD', 39], ['QSPI', 41], ['PWM3', 45], ['SPIM3', 47],
    ].map(([name, id]) => ({ type: 'unmodelled', name: name as string, base: 0x4000_0000 + (id as number) * 0x1000, size: 0x1000, irq: id as number })),
    { type: 'unmodelled', name: 'CRYPTOCELL', base: 0x5002_a000, size: 0x1000, irq: 42 },
    { type: 'nrf52.romtable', name: 'ROMTABLE', base: 0xf000_0000, size: 0x1000 },
  ],
  console: 'UARTE0',
  cpuConfig: { irqCount: 48, priorityBits: 3, fpu: true, mpu: true },
  // Figures from the PS "Current consumption > Electrical specification" tables (3 V, 25 °C, typical).
  power: {
    volts: 3,
    active: {
      mA: 3.3,
      source: 'nRF52840 PS v1.7, Electrical specification, CPU running: ICPU0 (CoreMark @64 MHz from flash, cache enabled, HFXO, DC/DC, 3 V)',
    },
    sleep: {
      mA: 0.00316,
      source: 'nRF52840 PS v1.7, Electrical specification, Sleep: ION_RAMON_RTC (System ON, full 256 KB RAM retained, wake on RTC, 3 V)',
    },
    // Resources held by the peripheral models: 'hfclk' (a peripheral needs the HF clock: a TIMER
    // running, a UART(E) transmitter or receiver started), 'hfxo' (CLOCK's HFXO started and
    // running), 'pclk16m' (a TIMER counting faster than 1 MHz runs from PCLK16M, not PCLK1M).
    // The TIMER scenarios are whole-chip totals with the CPU asleep (DC/DC, 3 V), so they are
    // states, not adders; differences between two of them isolate one resource.
    states: [
      {
        label: 'running, HF clock from HFINT',
        cpu: 'active',
        when: [],
        unless: ['hfxo'],
        kind: 'total',
        mA: 3.072,
        source: 'nRF52840 PS v1.7, CPU running ICPU0 and TIMER running ITIMER0 / ITIMER2',
        derivation: 'ICPU0 3.3 mA (HFXO) - (ITIMER2 646 uA - ITIMER0 418 uA) = 3.072 mA: the HFXO costs 228 uA over HFINT with everything else equal',
      },
      {
        label: 'asleep, HFXO running',
        cpu: 'asleep',
        when: ['hfxo'],
        kind: 'total',
        mA: 0.646,
        source: 'nRF52840 PS v1.7, Electrical specification, TIMER running: ITIMER2 (one TIMER @1 MHz, Clock = HFXO, CPU asleep)',
      },
      {
        label: 'asleep, HF clock from HFINT',
        cpu: 'asleep',
        when: ['hfclk'],
        kind: 'total',
        mA: 0.418,
        source: 'nRF52840 PS v1.7, Electrical specification, TIMER running: ITIMER0 (one TIMER @1 MHz, Clock = HFINT, CPU asleep); ITIMER1 (two TIMERs) is also 418 uA, so the TIMER itself adds nothing measurable at 1 MHz',
      },
      {
        label: 'TIMER faster than 1 MHz (PCLK16M)',
        cpu: 'any',
        when: ['pclk16m'],
        kind: 'adder',
        mA: 0.177,
        source: 'nRF52840 PS v1.7, Electrical specification, TIMER running: ITIMER3 / ITIMER0 and ITIMER4 / ITIMER2',
        derivation:
          'ITIMER3 595 uA - ITIMER0 418 uA = 177 uA (HFINT), equal to ITIMER4 823 uA - ITIMER2 646 uA (HFXO); measured with the CPU asleep and assumed to hold while it runs',
      },
    ],
    noFigure: [
      'UARTE0/UARTE1 (and legacy UART0): the PS gives no UART current for the nRF52840; a UART is charged only for the HF clock it holds (STARTTX..STOPTX, STARTRX..STOPRX)',
      'RNG, TEMP, SAADC, WDT: the PS has scenarios for them that were not read against the document; nothing is charged for them',
      'HFXO start-up current: not in the model (only the running crystal is charged)',
    ],
    notes: 'DC/DC regulator on (the DK populates its inductor); with the LDO the same CoreMark run draws 6.3 mA.',
  },
  sources: ['nRF52840 Product Specification v1.7', 'ARM DDI 0439B Cortex-M4 TRM', 'ARM DDI 0403E ARMv7-M ARM'],
};
