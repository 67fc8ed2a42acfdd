/**
 * Timing figures of the nRF52840 peripheral models, each with its source.
 *
 * "PS" is the nRF52840 Product Specification v1.7 (chapters named, since numbering differs between revisions). Figures marked [check] were taken from memory
 * of the electrical-specification tables and could not be re-read while writing this file; they
 * are typical values. Models take them from here only, so correcting a figure is a one-line change.
 */
export const NRF52840_TIMING = {
  /** HFXO (64 MHz via 32 MHz crystal) start-up: PS "CLOCK" chapter, HFXO electrical specification, tSTART,HFXO typ 0.36 ms [check]. */
  hfxoStartUs: 360,
  /** LFRC start-up: PS "CLOCK" chapter, LFRC electrical specification, tSTART,LFRC typ 600 µs [check]. */
  lfrcStartUs: 600,
  /** LFXO (32.768 kHz crystal) start-up: PS "CLOCK" chapter, LFXO electrical specification, tSTART,LFXO typ 0.25 s [check]. */
  lfxoStartUs: 250_000,
  /** LFSYNT (synthesized from HFCLK) start-up: PS "CLOCK" chapter, LFSYNT electrical specification, tSTART,LFSYNT typ 100 µs [check]. */
  lfsyntStartUs: 100,
  /** LFRC calibration (TASKS_CAL -> EVENTS_DONE): no figure found in the PS while
   *  writing this; ASSUMPTION: 1024 LFCLK periods (31.25 ms). RIOT only waits for it with CLOCK_LFCLK=RC. */
  lfrcCalUs: 31_250,
  /** TEMP conversion: PS "TEMP — Temperature sensor", electrical specification, tTEMP = 36 µs (START -> DATARDY). */
  tempConversionUs: 36,
  /** RNG byte generation, bias correction off: PS "RNG — Random number generator", electrical specification, tRNG,RAW: typ 30 µs per byte [check]. */
  rngByteUs: 30,
  /** RNG byte generation, bias correction (CONFIG.DERCEN) on: PS "RNG", electrical specification, typ 120 µs per byte [check]. */
  rngByteBiasUs: 120,
  /** NVMC word write: PS "NVMC — Non-volatile memory controller", electrical specification, tWRITE max 41 µs [check]. */
  flashWriteUs: 41,
  /** NVMC page erase: PS "NVMC", electrical specification, tERASEPAGE max 85 ms [check]. */
  flashErasePageUs: 85_000,
  /** NVMC erase all (flash + UICR): PS "NVMC", electrical specification, tERASEALL max 169 ms [check]. */
  flashEraseAllUs: 169_000,
  /** UICR erase: PS "NVMC", electrical specification, tERASEUICR max 85 ms (same as a page) [check]. */
  flashEraseUicrUs: 85_000,
  /**
   * CPU wait states fetching from flash at 64 MHz: PS "CPU" chapter, electrical specification (CPU performance),
   * W_FLASH (cache disabled) 2..3 and W_FLASHCACHE (cache enabled) 0..3 [check]. The model charges
   * `flashWaitCacheOff` per 32-bit fetch with the cache off and `cacheMissPenalty` per missed cache
   * line with it on (hits are free).
   */
  flashWaitCacheOff: 2,
  cacheMissPenalty: 3,
  /**
   * Instruction cache geometry. The nRF52840 PS describes the cache (NVMC ICACHECNF, IHIT/IMISS)
   * but gives no size or organisation; these are assumptions to be calibrated against a DK:
   * 2 KiB, 2-way set associative, LRU, 16-byte lines (ASSUMPTION, not from the PS).
   */
  cacheBytes: 2048,
  cacheWays: 2,
  cacheLineBytes: 16,
  /** WDT counts the 32.768 kHz LFCLK: PS "WDT — Watchdog timer": timeout = (CRV + 1) / 32768 s. */
  lfclkHz: 32_768,
  /** TIMER base clock: PS "TIMER — Timer/counter": fTIMER = 16 MHz / 2^PRESCALER. */
  timerBaseHz: 16_000_000,
  /** UART(E) baud generator: PS "UART"/"UARTE" register BAUDRATE is a fraction of 16 MHz: baud = value * 16e6 / 2^32. */
  uartBaseHz: 16_000_000,
} as const;
