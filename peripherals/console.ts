/**
 * The firmware console: bytes a UART transmits and bytes the user feeds to its receiver.
 *
 * Output goes to a sink (stdout in the CLI, a string in tests) and is kept in a bounded window so
 * that `--until REGEX` can be matched as text arrives. Input is a queue of bytes that the UART
 * model takes one at a time at its own baud rate.
 */
export class Console {
  private out: number[] = [];
  private text = '';
  private all = '';
  private untilRe: RegExp | null = null;
  /** Set when the --until pattern matched; the machine stops at the next instruction boundary. */
  matched = false;
  private readonly input: number[] = [];
  private inputPos = 0;
  /** Called when output matched the --until pattern. */
  onMatch: (() => void) | null = null;
  /** Called when new input is queued (UARTs waiting for data re-arm their receive event). */
  onInput: (() => void) | null = null;

  constructor(
    private readonly sink: (chunk: string) => void = () => {},
    private readonly keepAll = true,
  ) {}

  /** Sets the pattern for --until; matching starts afresh from the output that follows. */
  setUntil(re: RegExp | null): void {
    this.untilRe = re;
    this.matched = false;
    this.text = '';
  }

  /** A byte transmitted by the firmware. */
  write(byte: number): void {
    this.out.push(byte & 0xff);
    if (byte === 0x0a || this.out.length >= 256) this.flush();
  }

  writeString(s: string): void {
    for (let i = 0; i < s.length; i++) this.write(s.charCodeAt(i) & 0xff);
  }

  flush(): void {
    if (this.out.length === 0) return;
    const chunk = Buffer.from(this.out).toString('latin1');
    this.out.length = 0;
    this.sink(chunk);
    if (this.keepAll) this.all += chunk;
    if (this.untilRe !== null && !this.matched) {
      this.text += chunk;
      if (this.text.length > 65536) this.text = this.text.slice(-32768);
      if (this.untilRe.test(this.text)) {
        this.matched = true;
        if (this.onMatch) this.onMatch();
      }
    }
  }

  /** Everything the firmware printed so far (flushed). */
  get output(): string {
    this.flush();
    return this.all;
  }

  /** Queues bytes for the firmware's UART receiver. */
  feed(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (const b of bytes) this.input.push(b);
    if (this.onInput) this.onInput();
  }

  get hasInput(): boolean {
    return this.inputPos < this.input.length;
  }

  /** Takes the next input byte, or -1 when none is queued. */
  readByte(): number {
    if (this.inputPos >= this.input.length) return -1;
    return this.input[this.inputPos++];
  }
}
