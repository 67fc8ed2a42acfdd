/**
 * PPI — Programmable peripheral interconnect (nRF52840 PS v1.7 "PPI").
 *
 * 20 programmable channels (CH[n].EEP event address -> CH[n].TEP task address, FORK[n].TEP a
 * second task), 12 fixed channels 20..31 (pre-programmed, only enabled/disabled through CHEN),
 * and 6 channel groups (CHG[n] masks; TASKS_CHG[n].EN / .DIS enable or disable a group).
 * Routing is rebuilt into the hub's event -> tasks table whenever a register changes, so an event
 * costs one map lookup. Tasks fire in the same cycle as the event (the PS's one-PCLK16M delay is
 * below the model's resolution).
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import { NrfPeripheral } from './common.js';

const TASKS_CHG0_EN = 0x000; // TASKS_CHG[n].EN at 8n, .DIS at 8n + 4, n = 0..5
const CHEN = 0x500;
const CHENSET = 0x504;
const CHENCLR = 0x508;
const CH0_EEP = 0x510; // CH[n].EEP at 0x510 + 8n, TEP at 0x514 + 8n, n = 0..19
const CHG0 = 0x800;
const FORK0_TEP = 0x910;

const PROGRAMMABLE = 20;
const CHANNELS = 32;
const GROUPS = 6;

/**
 * Fixed channels 20..31: event and task addresses (PS "PPI", "Pre-programmed channels").
 * RADIO/AAR/CCM are not modelled; their tasks then go nowhere.
 */
const RADIO = 0x40001000;
const TIMER0 = 0x40008000;
const RTC0 = 0x4000b000;
const CCM_AAR = 0x4000f000;
const FIXED: ReadonlyArray<readonly [number, number]> = [
  [TIMER0 + 0x140, RADIO + 0x000], // 20 TIMER0 COMPARE[0] -> RADIO TXEN
  [TIMER0 + 0x140, RADIO + 0x004], // 21 TIMER0 COMPARE[0] -> RADIO RXEN
  [TIMER0 + 0x144, RADIO + 0x010], // 22 TIMER0 COMPARE[1] -> RADIO DISABLE
  [RADIO + 0x128, CCM_AAR + 0x000], // 23 RADIO BCMATCH -> AAR START
  [RADIO + 0x100, CCM_AAR + 0x000], // 24 RADIO READY -> CCM KSGEN
  [RADIO + 0x104, CCM_AAR + 0x004], // 25 RADIO ADDRESS -> CCM CRYPT
  [RADIO + 0x104, TIMER0 + 0x044], // 26 RADIO ADDRESS -> TIMER0 CAPTURE[1]
  [RADIO + 0x10c, TIMER0 + 0x048], // 27 RADIO END -> TIMER0 CAPTURE[2]
  [RTC0 + 0x140, RADIO + 0x000], // 28 RTC0 COMPARE[0] -> RADIO TXEN
  [RTC0 + 0x140, RADIO + 0x004], // 29 RTC0 COMPARE[0] -> RADIO RXEN
  [RTC0 + 0x140, TIMER0 + 0x00c], // 30 RTC0 COMPARE[0] -> TIMER0 CLEAR
  [RTC0 + 0x140, TIMER0 + 0x000], // 31 RTC0 COMPARE[0] -> TIMER0 START
];

export class NrfPpi extends NrfPeripheral {
  private chen = 0;
  private readonly eep = new Uint32Array(PROGRAMMABLE);
  private readonly tep = new Uint32Array(PROGRAMMABLE);
  private readonly fork = new Uint32Array(CHANNELS);
  private readonly chg = new Uint32Array(GROUPS);

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.intenMask = 0;
    this.shortsMask = 0;
  }

  private rebuild(): void {
    const routes = new Map<number, number[]>();
    const add = (ev: number, t: number) => {
      if (ev === 0 || t === 0) return;
      let l = routes.get(ev);
      if (l === undefined) routes.set(ev, (l = []));
      l.push(t);
    };
    for (let n = 0; n < CHANNELS; n++) {
      if (!((this.chen >>> n) & 1)) continue;
      const ev = n < PROGRAMMABLE ? this.eep[n] : FIXED[n - PROGRAMMABLE][0];
      add(ev, n < PROGRAMMABLE ? this.tep[n] : FIXED[n - PROGRAMMABLE][1]);
      add(ev, this.fork[n]);
    }
    this.hub.setRoutes(routes);
  }

  task(offset: number): void {
    if (offset >= TASKS_CHG0_EN && offset < TASKS_CHG0_EN + 8 * GROUPS) {
      const g = offset >> 3;
      if (offset & 4) this.chen &= ~this.chg[g];
      else this.chen |= this.chg[g];
      this.rebuild();
      return;
    }
    this.unimplemented(offset, true);
  }

  protected readOther(offset: number): number {
    if (offset === CHEN || offset === CHENSET || offset === CHENCLR) return this.chen >>> 0;
    if (offset >= CH0_EEP && offset < CH0_EEP + 8 * PROGRAMMABLE) {
      const n = (offset - CH0_EEP) >> 3;
      return offset & 4 ? this.tep[n] : this.eep[n];
    }
    if (offset >= CHG0 && offset < CHG0 + 4 * GROUPS) return this.chg[(offset - CHG0) >> 2];
    if (offset >= FORK0_TEP && offset < FORK0_TEP + 4 * CHANNELS) return this.fork[(offset - FORK0_TEP) >> 2];
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    if (offset === CHEN) this.chen = value >>> 0;
    else if (offset === CHENSET) this.chen |= value;
    else if (offset === CHENCLR) this.chen &= ~value;
    else if (offset >= CH0_EEP && offset < CH0_EEP + 8 * PROGRAMMABLE) {
      const n = (offset - CH0_EEP) >> 3;
      if (offset & 4) this.tep[n] = value;
      else this.eep[n] = value;
    } else if (offset >= CHG0 && offset < CHG0 + 4 * GROUPS) this.chg[(offset - CHG0) >> 2] = value;
    else if (offset >= FORK0_TEP && offset < FORK0_TEP + 4 * CHANNELS) this.fork[(offset - FORK0_TEP) >> 2] = value;
    else {
      this.unimplemented(offset, true);
      return;
    }
    this.rebuild();
  }

  override reset(): void {
    super.reset();
    this.chen = 0;
    this.eep.fill(0);
    this.tep.fill(0);
    this.fork.fill(0);
    this.chg.fill(0);
    this.rebuild();
  }
}

export function createPpi(desc: PeripheralDesc, ctx: PeripheralContext): NrfPpi {
  return new NrfPpi(desc, ctx);
}
