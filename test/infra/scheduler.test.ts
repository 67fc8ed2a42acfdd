import { describe, it, expect } from 'vitest';
import { Scheduler } from '../../peripherals/scheduler.js';

describe('Scheduler', () => {
  it('fires events in time order, ties in arming order', () => {
    const s = new Scheduler();
    const log: string[] = [];
    const a = s.event('a', (t) => log.push(`a@${t}`));
    const b = s.event('b', (t) => log.push(`b@${t}`));
    const c = s.event('c', (t) => log.push(`c@${t}`));
    s.at(c, 30);
    s.at(b, 10);
    s.at(a, 10);
    expect(s.nextTime).toBe(10);
    s.now = 10;
    s.runDue();
    expect(log).toEqual(['b@10', 'a@10']);
    s.now = 100;
    s.runDue();
    expect(log).toEqual(['b@10', 'a@10', 'c@30']);
    expect(s.nextTime).toBe(Infinity);
  });

  it('re-arming moves an event, cancel removes it', () => {
    const s = new Scheduler();
    const log: number[] = [];
    const evs = Array.from({ length: 20 }, (_, i) => s.event(`e${i}`, () => log.push(i)));
    evs.forEach((e, i) => s.at(e, 1000 - i * 10));
    s.at(evs[0], 5); // move e0 to the front
    s.cancel(evs[19]);
    s.cancel(evs[19]); // cancelling twice is harmless
    expect(evs[19].armed).toBe(false);
    s.now = 2000;
    s.runDue();
    expect(log[0]).toBe(0);
    expect(log).toHaveLength(19);
    expect(log.slice(1)).toEqual([18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('limit is the earliest of the next event and the slice end, and requestBreak pulls it to 0', () => {
    const s = new Scheduler();
    const e = s.event('e', () => {});
    s.beginSlice(500);
    expect(s.limit).toBe(500);
    s.at(e, 200);
    expect(s.limit).toBe(200);
    s.requestBreak();
    expect(s.limit).toBe(0);
    s.beginSlice(500);
    expect(s.limit).toBe(200);
  });

  it('an event armed from a callback for the current time fires in the same runDue', () => {
    const s = new Scheduler();
    const log: string[] = [];
    const second = s.event('second', () => log.push('second'));
    const first = s.event('first', () => {
      log.push('first');
      s.after(second, 0);
    });
    s.at(first, 7);
    s.now = 7;
    s.runDue();
    expect(log).toEqual(['first', 'second']);
  });
});
