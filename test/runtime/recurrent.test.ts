import { describe, expect, it } from 'vitest';
import { nextRunAt } from '../../src/runtime/recurrent.js';

// The scheduler moves second S once round(now / 1000) >= S, i.e. from S * 1000 - 500 on.
const movedAt = (at: number) => at - 500;

describe('nextRunAt', () => {
  it('lands within half a second of now + frequency, never within half a second of now', () => {
    for (const frequency of [1000, 1500, 2500, 5000, 60_000]) {
      for (let now = 1_700_000_000_000; now < 1_700_000_002_000; now += 37) {
        const at = nextRunAt(now, frequency);
        expect(at % 1000).toBe(0);
        expect(Math.abs(movedAt(at) - (now + frequency))).toBeLessThanOrEqual(500);
        expect(movedAt(at)).toBeGreaterThanOrEqual(now + 500);
      }
    }
  });

  it('keeps a steady one-second period for frequency 1000 when runs end a little after the move', () => {
    let now = 1_700_000_000_123;
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) {
      now = movedAt(nextRunAt(now, 1000)) + 180; // scheduler + worker pick-up latency
      runs.push(now);
    }
    const gaps = runs.slice(1).map((t, i) => t - runs[i]);
    expect(new Set(gaps)).toEqual(new Set([1000]));
  });

  it('runs sub-second frequencies about once a second, not in bursts', () => {
    const now = 1_700_000_000_900;
    expect(movedAt(nextRunAt(now, 100))).toBeGreaterThanOrEqual(now + 500);
  });
});
