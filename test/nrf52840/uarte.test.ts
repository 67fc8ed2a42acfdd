import { describe, it, expect } from 'vitest';
import { makeBench, RAM } from './harness.js';

// UARTE register offsets (nRF52840 PS "UARTE")
const STARTRX = 0x000, STOPRX = 0x004, STARTTX = 0x008, STOPTX = 0x00c;
const RXDRDY = 0x108, ENDRX = 0x110, TXDRDY = 0x11c, ENDTX = 0x120, RXTO = 0x144, RXSTARTED = 0x14c, TXSTARTED = 0x150, TXSTOPPED = 0x158;
const SHORTS = 0x200, INTENSET = 0x304, INTENCLR = 0x308;
const ENABLE = 0x500, RXD = 0x518, TXD = 0x51c, BAUDRATE = 0x524, CONFIG = 0x56c;
const RXD_PTR = 0x534, RXD_MAXCNT = 0x538, RXD_AMOUNT = 0x53c, TXD_PTR = 0x544, TXD_MAXCNT = 0x548, TXD_AMOUNT = 0x54c;
const BAUD115200_UARTE = 0x01d60000; // 114746 baud exactly (BAUDRATE * 16 MHz / 2^32)
const FRAME = 5578; // 10 bits / 114746.09 baud at 64 MHz = 5577.5 cycles

function setupUarte(b: ReturnType<typeof makeBench>) {
  b.wr('UARTE0', ENABLE, 8);
  b.wr('UARTE0', BAUDRATE, BAUD115200_UARTE);
}

describe('nRF52840 UARTE0', () => {
  it('transmits a DMA buffer to the console, one byte per frame time, then ENDTX with an IRQ', () => {
    const b = makeBench();
    setupUarte(b);
    const msg = 'hi!\n';
    for (let i = 0; i < msg.length; i++) b.bus.write8(RAM + 0x100 + i, msg.charCodeAt(i));
    b.wr('UARTE0', TXD_PTR, RAM + 0x100);
    b.wr('UARTE0', TXD_MAXCNT, msg.length);
    b.wr('UARTE0', INTENSET, 1 << 8); // ENDTX
    const irq = b.irqOf('UARTE0');
    b.wr('UARTE0', STARTTX, 1);
    expect(b.rd('UARTE0', TXSTARTED)).toBe(1);
    b.advance(FRAME - 1);
    expect(b.console.output).toBe('');
    expect(b.rd('UARTE0', TXDRDY)).toBe(0);
    b.advance(1);
    expect(b.rd('UARTE0', TXDRDY)).toBe(1);
    expect(b.rd('UARTE0', ENDTX)).toBe(0);
    expect(b.irq.level(irq)).toBe(false);
    b.advanceTo(4 * FRAME);
    expect(b.console.output).toBe('hi!\n');
    expect(b.rd('UARTE0', ENDTX)).toBe(1);
    expect(b.rd('UARTE0', TXD_AMOUNT)).toBe(4);
    expect(b.irq.level(irq)).toBe(true);
    expect(b.irq.log.find((e) => e.line === irq && e.level)!.cycle).toBe(4 * FRAME);
    b.wr('UARTE0', ENDTX, 0);
    expect(b.irq.level(irq)).toBe(false);
    b.wr('UARTE0', STOPTX, 1);
    expect(b.rd('UARTE0', TXSTOPPED)).toBe(1);
  });

  it('frame time follows BAUDRATE and CONFIG (parity, two stop bits)', () => {
    const b = makeBench();
    setupUarte(b);
    b.wr('UARTE0', CONFIG, (7 << 1) | (1 << 4)); // parity included, 2 stop bits: 12 bits
    b.bus.write8(RAM, 0x41);
    b.wr('UARTE0', TXD_PTR, RAM);
    b.wr('UARTE0', TXD_MAXCNT, 1);
    b.wr('UARTE0', STARTTX, 1);
    b.advance(6692);
    expect(b.rd('UARTE0', ENDTX)).toBe(0);
    b.advance(1); // 12 * 64e6 / 114746.09 = 6693.04 -> 6693
    expect(b.rd('UARTE0', ENDTX)).toBe(1);
  });

  it('receives console input only while the receiver is started, at the baud rate', () => {
    const b = makeBench();
    setupUarte(b);
    b.console.feed('s');
    b.advance(100 * FRAME);
    // Not started: nothing delivered, input stays queued.
    expect(b.rd('UARTE0', RXDRDY)).toBe(0);
    expect(b.console.hasInput).toBe(true);
    b.wr('UARTE0', RXD_PTR, RAM + 0x200);
    b.wr('UARTE0', RXD_MAXCNT, 1);
    b.wr('UARTE0', SHORTS, 1 << 5); // ENDRX_STARTRX
    b.wr('UARTE0', INTENSET, 1 << 4); // ENDRX
    const t0 = b.sched.now;
    b.wr('UARTE0', STARTRX, 1);
    expect(b.rd('UARTE0', RXSTARTED)).toBe(1);
    b.advance(FRAME - 1);
    expect(b.rd('UARTE0', ENDRX)).toBe(0);
    b.advance(1);
    expect(b.rd('UARTE0', ENDRX)).toBe(1);
    expect(b.rd('UARTE0', RXD_AMOUNT)).toBe(1);
    expect(b.bus.read8(RAM + 0x200)).toBe(0x73);
    expect(b.irq.level(b.irqOf('UARTE0'))).toBe(true);
    expect(b.sched.now - t0).toBe(FRAME);
    // Input arriving later is delivered one frame after it is fed (the short restarted RX).
    b.wr('UARTE0', ENDRX, 0);
    b.wr('UARTE0', RXD_PTR, RAM + 0x201);
    b.advance(10 * FRAME);
    b.console.feed('ok');
    b.advance(FRAME);
    expect(b.bus.read8(RAM + 0x200)).toBe(0x6f); // the buffer latched at restart was RAM+0x200
    b.advance(FRAME);
    expect(b.bus.read8(RAM + 0x201)).toBe(0x6b);
    // STOPRX (shortcut off first, else ENDRX would restart the receiver): RXTO, and no more bytes.
    b.wr('UARTE0', SHORTS, 0);
    b.wr('UARTE0', STOPRX, 1);
    expect(b.rd('UARTE0', RXTO)).toBe(1);
    b.console.feed('x');
    b.wr('UARTE0', ENDRX, 0);
    b.advance(10 * FRAME);
    expect(b.rd('UARTE0', ENDRX)).toBe(0);
    expect(b.console.hasInput).toBe(true);
    b.wr('UARTE0', INTENCLR, 0xffffffff);
  });

  it('legacy UART mode (ENABLE = 4): TXD/RXD registers, TXDRDY per byte, RXDRDY with a FIFO', () => {
    const b = makeBench();
    b.wr('UARTE0', ENABLE, 4);
    b.wr('UARTE0', BAUDRATE, 0x01d7e000); // UART 115200 setting: 115203.86 baud
    b.wr('UARTE0', STARTTX, 1);
    b.wr('UARTE0', TXD, 0x4f);
    b.advance(5554);
    expect(b.rd('UARTE0', TXDRDY)).toBe(0);
    b.advance(1); // 10 * 64e6 / 115203.86 = 5555.4 -> 5555 cycles
    expect(b.rd('UARTE0', TXDRDY)).toBe(1);
    b.wr('UARTE0', TXDRDY, 0);
    b.wr('UARTE0', TXD, 0x4b);
    b.advance(6000);
    expect(b.rd('UARTE0', TXDRDY)).toBe(1);
    expect(b.console.output).toBe('OK');
    b.console.feed('ab');
    b.wr('UARTE0', STARTRX, 1);
    b.advance(2 * 5556);
    expect(b.rd('UARTE0', RXDRDY)).toBe(1);
    expect(b.rd('UARTE0', RXD)).toBe(0x61);
    expect(b.rd('UARTE0', RXD)).toBe(0x62);
  });

  it('reports a DMA pointer outside RAM and transfers nothing', () => {
    const b = makeBench();
    setupUarte(b);
    b.wr('UARTE0', TXD_PTR, 0x1000); // flash
    b.wr('UARTE0', TXD_MAXCNT, 4);
    b.wr('UARTE0', STARTTX, 1);
    expect(b.rd('UARTE0', ENDTX)).toBe(1);
    expect(b.rd('UARTE0', TXD_AMOUNT)).toBe(0);
    expect(b.warnings.join('\n')).toMatch(/UARTE0 TXD\.PTR=0x1000 .*not in Data RAM/);
  });

  it('UARTE1 does not write to the console', () => {
    const b = makeBench();
    b.wr('UARTE1', ENABLE, 8);
    b.bus.write8(RAM, 0x41);
    b.wr('UARTE1', TXD_PTR, RAM);
    b.wr('UARTE1', TXD_MAXCNT, 1);
    b.wr('UARTE1', STARTTX, 1);
    b.advance(100_000);
    expect(b.rd('UARTE1', ENDTX)).toBe(1);
    expect(b.console.output).toBe('');
  });
});
