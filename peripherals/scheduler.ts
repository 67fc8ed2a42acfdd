/**
 * Deterministic event scheduler counted in CPU cycles.
 *
 * The CPU's cycle counter is the only clock: `now` is advanced by the core as it executes
 * (and jumped forward when it sleeps). Peripherals own `SchedEvent`s, arm them at an absolute
 * cycle and get called back when the core reaches that cycle. Events are kept in a binary heap;
 * ties are broken by the order in which they were armed, so a run is reproducible.
 *
 * The core runs while `now < limit`; `limit` is the earliest of the next event and the run budget.
 * Anything that must be looked at before the next instruction (an interrupt became pending, the
 * run must stop) calls `requestBreak()`, which pulls `limit` down to 0.
 */
export type EventCallback = (now: number) => void;

export class SchedEvent {
  /** Absolute cycle at which the event fires; meaningful while armed. */
  time = 0;
  /** Position in the heap, -1 when not armed. */
  heapIndex = -1;
  seq = 0;
  constructor(readonly name: string, readonly callback: EventCallback) {}
  get armed(): boolean {
    return this.heapIndex >= 0;
  }
}

export class Scheduler {
  /** Current cycle. Advanced by the CPU. */
  now = 0;
  /** The core executes while now < limit. */
  limit = 0;
  /** Cycle at which the current run slice must end (budget). */
  private end = Infinity;
  private heap: SchedEvent[] = [];
  private seqCounter = 0;
  private breakRequested = false;

  /** Creates an event owned by the caller; arm it with `at` or `after`. */
  event(name: string, callback: EventCallback): SchedEvent {
    return new SchedEvent(name, callback);
  }

  /** Arms (or re-arms) `ev` to fire at absolute cycle `time` (clamped to now). */
  at(ev: SchedEvent, time: number): void {
    if (time < this.now) time = this.now;
    if (ev.heapIndex >= 0) this.remove(ev);
    ev.time = time;
    ev.seq = this.seqCounter++;
    const h = this.heap;
    ev.heapIndex = h.length;
    h.push(ev);
    this.siftUp(ev.heapIndex);
    if (time < this.limit) this.limit = time;
  }

  /** Arms `ev` to fire `cycles` cycles from now. */
  after(ev: SchedEvent, cycles: number): void {
    this.at(ev, this.now + cycles);
  }

  cancel(ev: SchedEvent): void {
    if (ev.heapIndex >= 0) this.remove(ev);
  }

  /** Cycle of the earliest armed event, Infinity when none. */
  get nextTime(): number {
    return this.heap.length ? this.heap[0].time : Infinity;
  }

  get pendingCount(): number {
    return this.heap.length;
  }

  /** Makes the core stop before its next instruction (limit := now). */
  requestBreak(): void {
    this.breakRequested = true;
    this.limit = 0;
  }

  /** Sets the end of the current slice and recomputes `limit`. */
  beginSlice(end: number): void {
    this.end = end;
    this.breakRequested = false;
    this.updateLimit();
  }

  consumeBreak(): boolean {
    const b = this.breakRequested;
    this.breakRequested = false;
    return b;
  }

  private updateLimit(): void {
    const next = this.nextTime;
    this.limit = next < this.end ? next : this.end;
    if (this.breakRequested) this.limit = 0;
  }

  /** Fires every event whose time is <= now, in time then arming order. */
  runDue(): void {
    const h = this.heap;
    while (h.length && h[0].time <= this.now) {
      const ev = h[0];
      this.remove(ev);
      ev.callback(ev.time);
    }
    this.updateLimit();
  }

  private remove(ev: SchedEvent): void {
    const h = this.heap;
    const i = ev.heapIndex;
    const last = h.pop()!;
    ev.heapIndex = -1;
    if (i < h.length) {
      h[i] = last;
      last.heapIndex = i;
      this.siftDown(i);
      this.siftUp(last.heapIndex);
    }
  }

  private less(a: SchedEvent, b: SchedEvent): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const ev = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(ev, h[p])) break;
      h[i] = h[p];
      h[i].heapIndex = i;
      i = p;
    }
    h[i] = ev;
    ev.heapIndex = i;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const ev = h[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1], h[c])) c++;
      if (!this.less(h[c], ev)) break;
      h[i] = h[c];
      h[i].heapIndex = i;
      i = c;
    }
    h[i] = ev;
    ev.heapIndex = i;
  }
}
