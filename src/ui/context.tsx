// Injection: the store, backend and lifecycle hooks reach components through context, so each
// app (and each test) has its own.
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { ControlContext } from './control/context.js';
import type { UiState } from './store.js';

const Ctx = createContext<ControlContext | null>(null);

export function UiProvider({ value, children }: { value: ControlContext; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useControl(): ControlContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useControl outside <UiProvider>');
  return ctx;
}

/** Subscribes to one slice of the UI state (select primitives or stable references). */
export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(useControl().store, selector);
}
