// A seeded generator of what a hostile or broken Redis client might write. Same seed, same data.

const NASTY = [
  '\u001b[2J',
  '\u001b]0;owned\u0007',
  '\u001b]8;;http://x\u001b\\',
  '\u001bP1$r\u001b\\',
  '\u009b31m',
  '\u009d0;t\u009c',
  '\u0007',
  '\r',
  '\b',
  '\u0000',
  '\u007f',
  '\u202e',
  '\u2066',
  '\u2028',
  '🎉',
  '📧',
  '漢字',
  'é',
  '\n',
  '\t',
  ':',
  ',',
  '"',
  '\\',
  '{',
];

const HUGE = [
  '1e999',
  '-1e999',
  '123456789012345678901234567890',
  '1e308',
  '-0',
  '5e-324',
  '9007199254740993',
];

export class Gen {
  private x: number;

  constructor(seed: number) {
    this.x = seed >>> 0 || 1;
  }

  /** xorshift32 in [0, 1). */
  r(): number {
    this.x ^= this.x << 13;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    return (this.x >>> 0) / 0x1_0000_0000;
  }

  int(n: number): number {
    return Math.floor(this.r() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  text(max = 20): string {
    let s = '';
    const n = this.int(max + 1);
    for (let i = 0; i < n; i++)
      s += this.r() < 0.3 ? this.pick(NASTY) : String.fromCharCode(32 + this.int(95));
    return s;
  }

  name(): string {
    return this.r() < 0.5 ? `q${this.int(20)}` : this.text(12);
  }

  /** Random bytes, not valid UTF-8 as often as not. */
  bytes(): Buffer {
    return Buffer.from(Array.from({ length: this.int(64) }, () => this.int(256)));
  }

  /** A number as JSON text: huge, tiny, negative, or beyond a double. */
  numberText(): string {
    return this.r() < 0.5 ? this.pick(HUGE) : String((this.r() - 0.5) * 10 ** this.int(25));
  }

  /** Any JSON value, as text (so it can hold 1e999 and similar). */
  json(depth = 0): string {
    const kind = this.int(depth > 3 ? 5 : 8);
    switch (kind) {
      case 0:
        return 'null';
      case 1:
        return this.r() < 0.5 ? 'true' : 'false';
      case 2:
        return this.numberText();
      case 3:
      case 4:
        return JSON.stringify(this.text());
      case 5:
        return `[${Array.from({ length: this.int(4) }, () => this.json(depth + 1)).join(',')}]`;
      default: {
        const keys = ['class', 'queue', 'args', 'payload', '__proto__', 'time', 'run_at', this.text(6)];
        const n = this.int(5);
        return `{${Array.from({ length: n }, () => `${JSON.stringify(this.pick(keys))}:${this.json(depth + 1)}`).join(',')}}`;
      }
    }
  }

  /** Arrays nested deeper than JSON.stringify can follow on a normal stack. */
  deep(): string {
    const d = 100 + this.int(8000);
    return `${'['.repeat(d)}1${']'.repeat(d)}`;
  }

  /** A field value: mostly plausible, sometimes any JSON at all. */
  field(plausible: string): string {
    return this.r() < 0.6 ? plausible : this.json();
  }

  /** A string or Buffer for the failed list. */
  failedValue(): string | Buffer {
    const shape = this.int(10);
    if (shape === 0) return this.bytes();
    if (shape === 1) return this.text(60);
    if (shape === 2) return this.json();
    const q = JSON.stringify(this.name());
    const when = this.pick([
      JSON.stringify(new Date(1.7e12 + this.int(1e10)).toString()),
      JSON.stringify(new Date(1.7e12).toISOString()),
      String(1_700_000_000 + this.int(1e6)),
      String(1.7e12 + this.int(1e9)),
      this.numberText(),
      JSON.stringify(this.text()),
    ]);
    const args = this.r() < 0.1 ? `[${this.deep()}]` : this.field(`[${this.json()}]`);
    const payload = this.field(
      `{"class":${this.field(JSON.stringify(this.text()))},"queue":${q},"args":${args}}`,
    );
    const fields = [
      `"worker":${this.field(JSON.stringify(this.text()))}`,
      `"queue":${this.field(q)}`,
      `"payload":${payload}`,
      `"exception":${this.field(JSON.stringify(this.text()))}`,
      `"error":${this.field(JSON.stringify(this.text(80)))}`,
      `"backtrace":${this.field(`[${JSON.stringify(this.text())},${this.json()}]`)}`,
      `"failed_at":${this.field(when)}`,
    ].filter(() => this.r() < 0.9);
    const full = `{${fields.join(',')}}`;
    return shape === 3 ? full.slice(0, this.int(full.length)) : full;
  }

  jobValue(): string | Buffer {
    const shape = this.int(6);
    if (shape === 0) return this.bytes();
    if (shape === 1) return this.json();
    const args = this.r() < 0.1 ? `[${this.deep()}]` : this.field(`[${this.json()}]`);
    const job = `{"class":${this.field(JSON.stringify(this.text()))},"queue":${this.field(JSON.stringify(this.name()))},"args":${args}}`;
    return shape === 2 ? job.slice(0, this.int(job.length)) : job;
  }

  /** [member, score]: usually a second, sometimes not. */
  scheduleEntry(): [string, string] {
    const sec = 1_700_000_000 + this.int(1e8);
    const member = this.r() < 0.8 ? String(sec) : this.text(10);
    const score = this.pick([
      String(sec),
      String(sec),
      'inf',
      '-inf',
      '1e300',
      '-5',
      member === String(sec) ? '0' : '7',
    ]);
    return [member, score];
  }

  workerEntry(): string {
    const colons = this.int(5);
    return Array.from({ length: colons + 1 }, () => this.text(8)).join(':');
  }

  workerJobValue(): string | Buffer {
    if (this.r() < 0.2) return this.bytes();
    const runAt = this.pick([JSON.stringify(new Date().toString()), this.numberText(), this.json()]);
    return `{"run_at":${runAt},"queue":${this.field(JSON.stringify(this.name()))},"payload":${this.json()}}`;
  }

  pingValue(): string {
    return this.r() < 0.3 ? this.text() : `{"time":${this.field(String(Math.floor(Date.now() / 1000)))}}`;
  }

  /** A counter or a name: a number, huge, or text. */
  scalar(): string | Buffer {
    return this.pick([
      () => String(this.int(1e6)),
      () => this.numberText(),
      () => this.text(),
      () => this.bytes(),
    ])();
  }
}
