import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resolveRedisBinary, startEmbeddedRedis } from '../src/sandbox/embedded-redis.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded redis', () => {
  it('starts on loopback on a free port and leaves no process behind', async () => {
    const redis = await startEmbeddedRedis();
    expect(redis.host).toBe('127.0.0.1');
    expect(redis.port).toBeGreaterThan(0);
    expect(redis.pid).toBeDefined();
    const pong = execFileSync('redis-cli', ['-p', String(redis.port), 'ping'])
      .toString()
      .trim();
    expect(pong).toBe('PONG');
    await redis.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(redis.pid!)).toBe(false);
  });

  it('prefers REDISMS_SYSTEM_BINARY over PATH', () => {
    const before = process.env.REDISMS_SYSTEM_BINARY;
    process.env.REDISMS_SYSTEM_BINARY = '/opt/custom/redis-server';
    try {
      expect(resolveRedisBinary()).toBe('/opt/custom/redis-server');
    } finally {
      if (before === undefined) delete process.env.REDISMS_SYSTEM_BINARY;
      else process.env.REDISMS_SYSTEM_BINARY = before;
    }
  });

  it('reports the three ways to get a binary when none can be found', async () => {
    const path = process.env.PATH;
    const dl = process.env.REDISMS_DOWNLOAD_DIR;
    process.env.PATH = '/nonexistent';
    process.env.REDISMS_DOWNLOAD_DIR = '/nonexistent-dir/cannot-create';
    try {
      await expect(startEmbeddedRedis()).rejects.toThrow(/REDISMS_SYSTEM_BINARY.*download/);
    } finally {
      process.env.PATH = path;
      if (dl === undefined) delete process.env.REDISMS_DOWNLOAD_DIR;
      else process.env.REDISMS_DOWNLOAD_DIR = dl;
    }
  });
});
