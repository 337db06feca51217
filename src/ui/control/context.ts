// What command handlers need: the store, the backend, and hooks into the app's lifecycle.
import type { Backend } from '../backend.js';
import type { UiStore } from '../store.js';
import type { ContextSwitcher } from './contexts.js';

export interface ControlContext {
  store: UiStore;
  backend: Backend;
  /** Ask for a refresh now (after an action, or when the list scrolled past the loaded rows). */
  refresh(): void;
  quit(): void;
  /** Named contexts (`:ctx`): absent where the console cannot list or switch them (tests). */
  contexts?: ContextSwitcher;
}
