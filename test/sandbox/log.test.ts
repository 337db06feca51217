import { describe, expect, it } from 'vitest';
import { createLog, normalizeLevel } from '../../src/sandbox/log.js';

describe('sandbox log', () => {
  it('keeps the newest entries up to its capacity, oldest first', () => {
    const log = createLog(3);
    for (let i = 1; i <= 5; i++) log.info(`m${i}`);
    expect(log.entries().map((e) => e.message)).toEqual(['m3', 'm4', 'm5']);
    log.warn('m6', { x: 1 });
    expect(log.entries().map((e) => e.message)).toEqual(['m4', 'm5', 'm6']);
    expect(log.entries()[2]).toMatchObject({ level: 'warn', data: { x: 1 } });
  });

  it('tells subscribers until they unsubscribe, and survives a throwing one', () => {
    const log = createLog();
    const seen: string[] = [];
    log.subscribe(() => {
      throw new Error('broken listener');
    });
    const off = log.subscribe((e) => seen.push(e.message));
    log.error('a');
    off();
    log.error('b');
    expect(seen).toEqual(['a']);
    expect(log.entries()).toHaveLength(2);
  });

  it('maps Stellar level names onto info, warn and error', () => {
    expect(['debug', 'notice', 'info', undefined].map(normalizeLevel)).toEqual([
      'info',
      'info',
      'info',
      'info',
    ]);
    expect(['warning', 'WARN'].map(normalizeLevel)).toEqual(['warn', 'warn']);
    expect(['error', 'crit', 'alert', 'emerg'].map(normalizeLevel)).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
  });
});
