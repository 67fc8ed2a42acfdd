import { describe, it, expect } from 'vitest';
import { makeBench } from './harness.js';

// TIMER (PS "TIMER") and RTC (PS "RTC") offsets
const T_START = 0x000, T_STOP = 0x004, T_COUNT = 0x008, T_CLEAR = 0x00c, T_CAPTURE0 = 0x040;
const T_COMPARE0 = 0x140, T_SHORTS = 0x200, T_INTENSET = 0x304;
const T_MODE = 0x504, T_BITMODE = 0x508, T_PRESCALER = 0x510, T_CC0 = 0x540;
const R_START = 0x000, R_CLEAR = 0x008, R_TRIGOVRFLW = 0x00c;
const R_TICK = 0x100, R_OVRFLW = 0x104, R_COMPARE0 = 0x140;
const R_INTENSET = 0x304, R_EVTENSET = 0x344, R_COUNTER = 0x504, R_PRESCALER = 0x508, R_CC0 = 0x540;

describe('nRF52840 TIMER', () => {
  it('counts at 16 MHz / 2^PRESCALER and fires COMPARE at the exact cycle', () => {
    const b = makeBench();
    b.wr('TIMER1', T_PRESCALER, 4); // 1 MHz: 64 core cycles per tick
    b.wr('TIMER1', T_BITMODE, 3); // 32 bit
    b.wr('TIMER1', T_CC0 + 4, 1000); // CC[1]
    b.wr('TIMER1', T_INTENSET, 1 << 17);
    b.advance(123);
    const t0 = b.sched.now;
    b.wr('TIMER1', T_START, 1);
    b.advance(64 * 1000 - 1);
    expect(b.rd('TIMER1', T_COMPARE0 + 4)).toBe(0);
    b.wr('TIMER1', T_CAPTURE0, 1);
    expect(b.rd('TIMER1', T_CC0)).toBe(999);
    b.advance(1);
    expect(b.rd('TIMER1', T_COMPARE0 + 4)).toBe(1);
    expect(b.irq.level(b.irqOf('TIMER1'))).toBe(true);
    expect(b.irq.log.at(-1)!.cycle).toBe(t0 + 64_000);
  });

  it('COMPARE_CLEAR short makes a periodic timer; STOP freezes the counter', () => {
    const b = makeBench();
    b.wr('TIMER0', T_PRESCALER, 0); // 16 MHz: 4 cycles per tick
    b.wr('TIMER0', T_CC0, 100);
    b.wr('TIMER0', T_SHORTS, 1); // COMPARE0_CLEAR
    b.wr('TIMER0', T_START, 1);
    const fired: number[] = [];
    for (let i = 0; i < 3; i++) {
      while (b.rd('TIMER0', T_COMPARE0) === 0) b.advance(1);
      fired.push(b.sched.now);
      b.wr('TIMER0', T_COMPARE0, 0);
    }
    expect(fired).toEqual([400, 800, 1200]);
    b.advance(40);
    b.wr('TIMER0', T_STOP, 1);
    b.wr('TIMER0', T_CAPTURE0 + 4, 1);
    expect(b.rd('TIMER0', T_CC0 + 4)).toBe(10);
    b.advance(1000);
    b.wr('TIMER0', T_CAPTURE0 + 4, 1);
    expect(b.rd('TIMER0', T_CC0 + 4)).toBe(10);
    b.wr('TIMER0', T_CLEAR, 1);
    b.wr('TIMER0', T_CAPTURE0 + 4, 1);
    expect(b.rd('TIMER0', T_CC0 + 4)).toBe(0);
  });

  it('16-bit mode wraps; counter mode counts COUNT tasks', () => {
    const b = makeBench();
    b.wr('TIMER2', T_PRESCALER, 0);
    b.wr('TIMER2', T_CC0, 5);
    b.wr('TIMER2', T_START, 1);
    b.advance(4 * 6); // counter = 6, past CC
    b.wr('TIMER2', T_COMPARE0, 0);
    b.advance(4 * (65536 - 1) - 1); // counter = 65541 mod 65536 = 5 minus one cycle
    expect(b.rd('TIMER2', T_COMPARE0)).toBe(0);
    b.advance(1);
    expect(b.rd('TIMER2', T_COMPARE0)).toBe(1);

    b.wr('TIMER3', T_MODE, 2); // low-power counter
    b.wr('TIMER3', T_CC0 + 20, 3); // CC[5] exists on TIMER3
    b.wr('TIMER3', T_START, 1);
    for (let i = 0; i < 3; i++) b.wr('TIMER3', T_COUNT, 1);
    expect(b.rd('TIMER3', T_COMPARE0 + 20)).toBe(1);
    b.advance(1_000_000);
    b.wr('TIMER3', T_CAPTURE0, 1);
    expect(b.rd('TIMER3', T_CC0)).toBe(3);
  });
});

describe('nRF52840 RTC', () => {
  it('counts 32.768 kHz and fires COMPARE at the exact cycle (15625 cycles per 8 ticks at 64 MHz)', () => {
    const b = makeBench();
    b.wr('RTC1', R_CC0, 8);
    b.wr('RTC1', R_INTENSET, 1 << 16);
    b.wr('RTC1', R_START, 1);
    b.advance(15624);
    expect(b.rd('RTC1', R_COUNTER)).toBe(7);
    expect(b.rd('RTC1', R_COMPARE0)).toBe(0);
    b.advance(1);
    expect(b.rd('RTC1', R_COUNTER)).toBe(8);
    expect(b.rd('RTC1', R_COMPARE0)).toBe(1);
    expect(b.irq.level(b.irqOf('RTC1'))).toBe(true);
    expect(b.irq.log.at(-1)!.cycle).toBe(15625);
    expect(b.warnings.join()).toMatch(/RTC1 started while LFCLK is not running/);
  });

  it('no LFCLK warning once CLOCK started LFCLK', () => {
    const b = makeBench();
    b.wr('CLOCK', 0x008, 1); // LFCLKSTART (RC, 600 µs)
    b.advance(600 * 64);
    b.wr('RTC1', R_START, 1);
    expect(b.warnings).toEqual([]);
  });

  it('N+2 rule: a CC written at COUNTER + 1 still fires here, with a warning; CC >= N+2 is silent', () => {
    const b = makeBench();
    b.wr('CLOCK', 0x008, 1); // LFCLKSTART
    b.advance(600 * 64);
    b.wr('RTC1', R_START, 1);
    b.advance(15625); // COUNTER = 8
    b.wr('RTC1', R_CC0, 10);
    expect(b.warnings).toEqual([]);
    b.wr('RTC1', R_CC0 + 4, 9); // N+1
    expect(b.warnings.join()).toMatch(/RTC1 CC\[1\] = 9 written with COUNTER = 8 \(N\+1\).*CC >= N\+2/);
    b.advance(2 * 1954);
    expect(b.rd('RTC1', R_COMPARE0 + 4)).toBe(1);
  });

  it('PRESCALER divides; TICK only scheduled when enabled; OVRFLW at 2^24', () => {
    const b = makeBench();
    b.wr('RTC2', R_PRESCALER, 327); // 100 Hz (32768 / 328 = 99.9)
    b.wr('RTC2', R_START, 1);
    expect(b.sched.pendingCount).toBe(4); // 4 CC channels, no tick, no overflow
    b.advance(64e6 / 10); // 0.1 s -> 9 ticks at 99.9 Hz
    expect(b.rd('RTC2', R_COUNTER)).toBe(9);
    expect(b.rd('RTC2', R_TICK)).toBe(0);
    b.wr('RTC2', R_EVTENSET, 1); // TICK routed: now generated
    const c = b.rd('RTC2', R_COUNTER);
    b.advance(Math.ceil(64e6 / (32768 / 328)) + 1);
    expect(b.rd('RTC2', R_TICK)).toBe(1);
    expect(b.rd('RTC2', R_COUNTER)).toBe(c + 1);

    b.wr('RTC0', R_INTENSET, 2); // OVRFLW
    b.wr('RTC0', R_START, 1);
    b.wr('RTC0', R_TRIGOVRFLW, 1); // counter = 0xFFFFF0
    expect(b.rd('RTC0', R_COUNTER)).toBe(0xfffff0);
    b.advance(Math.ceil((16 * 64e6) / 32768) - 1);
    expect(b.rd('RTC0', R_OVRFLW)).toBe(0);
    b.advance(1);
    expect(b.rd('RTC0', R_OVRFLW)).toBe(1);
    expect(b.rd('RTC0', R_COUNTER)).toBe(0);
    b.wr('RTC0', R_CLEAR, 1);
    expect(b.rd('RTC0', R_COUNTER)).toBe(0);
  });
});

describe('PPI', () => {
  it('routes RTC COMPARE (with EVTEN) to TIMER START, and fixed channel 30/31 from RTC0', () => {
    const b = makeBench();
    const CHEN = 0x500, CH0_EEP = 0x510, CH0_TEP = 0x514;
    b.wr('PPI', CH0_EEP, b.addr('RTC1', R_COMPARE0));
    b.wr('PPI', CH0_TEP, b.addr('TIMER4', T_START));
    b.wr('PPI', CHEN, 1);
    b.wr('TIMER4', T_PRESCALER, 0);
    b.wr('RTC1', R_CC0, 1);
    b.wr('RTC1', R_START, 1);
    b.advance(10_000);
    b.wr('TIMER4', T_CAPTURE0, 1);
    expect(b.rd('TIMER4', T_CC0)).toBe(0); // COMPARE not routed without EVTEN
    b.wr('RTC1', R_EVTENSET, 1 << 16);
    b.wr('RTC1', R_CLEAR, 1);
    const t = b.sched.now;
    b.advance(1954); // one 32.768 kHz tick: 1953.125 cycles -> edge at +1954
    b.advance(400);
    b.wr('TIMER4', T_CAPTURE0, 1);
    expect(b.rd('TIMER4', T_CC0)).toBe(100);
    expect(b.sched.now - t).toBe(2354);

    // Fixed channel 31: RTC0 COMPARE[0] -> TIMER0 START
    b.wr('PPI', 0x504, 1 << 31);
    b.wr('RTC0', R_EVTENSET, 1 << 16);
    b.wr('RTC0', R_CC0, 2);
    b.wr('TIMER0', T_PRESCALER, 0);
    b.wr('RTC0', R_START, 1);
    const t2 = b.sched.now;
    b.advance(3907); // 2 ticks = 3906.25 cycles -> 3907
    b.advance(40);
    b.wr('TIMER0', T_CAPTURE0, 1);
    expect(b.rd('TIMER0', T_CC0)).toBe(10);
    expect(b.sched.now - t2).toBe(3947);
  });
});
