/**
 * Power resources: the shared clocks and domains that peripherals keep running (a high-frequency
 * clock, a crystal oscillator, a fast peripheral clock...). A peripheral model holds a resource
 * while its hardware would request it (a TIMER running, a UART transmitting) and releases it when
 * the hardware would; the energy model (machine/energy.ts) integrates emulated time per set of
 * held resources and charges the board's figures for that state (BoardDesc.power.states).
 *
 * Resource names are the board power model's vocabulary ('hfclk', 'hfxo', 'pclk16m' on the
 * nRF52840). Holding is per requester, so a requester may call `hold` repeatedly without counting.
 * Changes are rare (task triggers, buffer starts and ends), never per instruction.
 */
export class PowerResources {
  private readonly index = new Map<string, number>();
  private readonly holders: Array<Set<string>> = [];
  private readonly listeners: Array<(next: number) => void> = [];
  private bits = 0;

  /** Number of a resource (numbered as first named; at most 31, one bit each in `mask`). */
  private indexOf(resource: string): number {
    let i = this.index.get(resource);
    if (i === undefined) {
      i = this.holders.length;
      if (i >= 31) throw new Error(`too many power resources (${resource})`);
      this.index.set(resource, i);
      this.holders.push(new Set());
    }
    return i;
  }

  /** Names of the resources set in a mask. */
  names(mask: number): string[] {
    const out: string[] = [];
    for (const [name, i] of this.index) if (mask & (1 << i)) out.push(name);
    return out.sort();
  }

  /** The resources held now, one bit each. */
  get mask(): number {
    return this.bits;
  }

  isOn(resource: string): boolean {
    return (this.bits & (1 << this.indexOf(resource))) !== 0;
  }

  /** `requester` holds (on) or releases (off) `resource`. */
  set(resource: string, requester: string, on: boolean): void {
    const i = this.indexOf(resource);
    const b = 1 << i;
    const set = this.holders[i];
    if (on) set.add(requester);
    else set.delete(requester);
    this.update(on ? this.bits | b : set.size > 0 ? this.bits : this.bits & ~b);
  }

  /** Everything released (system reset: every peripheral returns to its reset state). */
  releaseAll(): void {
    for (const s of this.holders) s.clear();
    this.update(0);
  }

  /**
   * Called just before each change of the held set with the new mask (`mask` still holds the old
   * state), so that the time spent in the old state can be closed off.
   */
  onChange(fn: (next: number) => void): void {
    this.listeners.push(fn);
  }

  private update(bits: number): void {
    if (bits === this.bits) return;
    for (const fn of this.listeners) fn(bits);
    this.bits = bits;
  }
}
