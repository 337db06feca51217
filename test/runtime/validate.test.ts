import { describe, expect, it } from 'vitest';
import { validateTask } from '../../src/runtime/validate.js';

const run = (_api: unknown, _params: unknown, next: () => void) => next();

describe('validateTask', () => {
  it('fills the defaults and keeps pluginOptions as given', () => {
    const { task, problems } = validateTask({
      name: 'auth.sessionValidation',
      run,
      plugins: ['QueueLock'],
      pluginOptions: { QueueLock: { lockTimeout: 5 } },
    });
    expect(problems).toEqual([]);
    expect(task?.definition).toEqual({
      name: 'auth.sessionValidation',
      queue: 'default',
      frequency: 0,
      plugins: ['QueueLock'],
      pluginOptions: { QueueLock: { lockTimeout: 5 } },
    });
  });

  it('gives periodic tasks JobLock, QueueLock and DelayQueueLock once each', () => {
    const { task } = validateTask({
      name: 'tick',
      run,
      frequency: 1000,
      plugins: ['JobLock'],
      description: 'd',
    });
    expect(task?.definition.plugins.sort()).toEqual(['DelayQueueLock', 'JobLock', 'QueueLock']);
    expect(task?.definition.description).toBe('d');
  });

  it('says what is wrong with each field', () => {
    expect(validateTask(42).problems).toEqual(['not a task: expected an object with name and run']);
    expect(validateTask({ run }).problems).toEqual(['name is required (a non-empty string)']);
    expect(validateTask({ name: 'x' }).problems).toEqual(['run is required (a function)']);
    expect(validateTask({ name: 'x', run: 'nope' }).problems).toEqual(['run must be a function']);
    expect(validateTask({ name: 'a b', run }).problems[0]).toMatch(/may not contain spaces/);
    const many = validateTask({
      name: 'x',
      run,
      queue: '',
      frequency: -1,
      plugins: ['queueLock'],
      pluginOptions: [],
      description: 3,
    }).problems;
    expect(many).toEqual([
      'description must be a string',
      'queue must be a non-empty string without spaces or commas',
      'frequency must be a number of milliseconds >= 0',
      'plugins: unknown plugin "queueLock" (known, case-sensitive: QueueLock, JobLock, DelayQueueLock, Retry, Noop)',
      'pluginOptions must be an object keyed by plugin name',
    ]);
  });
});
