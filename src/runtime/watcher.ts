// Watches --tasks for edits and reports the changed task files in debounced batches (an
// editor's save is often several events: write, rename, chmod).
import { type FSWatcher, watch } from 'node:fs';
import { basename, join } from 'node:path';
import { errorMessage } from '../errors.js';
import { isTaskFileName, isUnderTaskRoots } from './discover.js';

export interface TaskWatcher {
  close(): void;
}

export function watchTasks(
  root: string,
  onChange: (files: string[]) => void,
  onError: (message: string) => void,
  debounceMs = 200,
): TaskWatcher {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const flush = () => {
    timer = undefined;
    const files = [...pending].sort();
    pending.clear();
    if (files.length > 0) onChange(files);
  };
  try {
    watcher = watch(root, { recursive: true, persistent: false }, (_event, filename) => {
      if (!filename) return;
      const file = join(root, filename.toString());
      if (!isTaskFileName(basename(file)) || !isUnderTaskRoots(root, file)) return;
      pending.add(file);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    });
    watcher.on('error', (error) => onError(`stopped watching ${root}: ${errorMessage(error)}`));
  } catch (error) {
    onError(`cannot watch ${root} for changes: ${errorMessage(error)}`);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
