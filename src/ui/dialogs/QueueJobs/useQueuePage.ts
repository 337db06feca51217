// Loads one page of a queue's jobs at a time (paged: a queue of a million jobs reads one page).
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../errors.js';
import type { Backend, QueueJob } from '../../backend.js';

export interface QueuePage {
  total: number;
  items: QueueJob[];
  loading: boolean;
  error?: string;
}

export function useQueuePage(backend: Backend, queue: string, offset: number, limit: number): QueuePage {
  const [page, setPage] = useState<QueuePage>({ total: 0, items: [], loading: true });
  useEffect(() => {
    let live = true;
    setPage((p) => ({ ...p, loading: true }));
    backend.queueJobs(queue, offset, limit).then(
      (r) => live && setPage({ total: r.total, items: r.items, loading: false }),
      (e) => live && setPage((p) => ({ ...p, loading: false, error: errorMessage(e) })),
    );
    return () => {
      live = false;
    };
  }, [backend, queue, offset, limit]);
  return page;
}
