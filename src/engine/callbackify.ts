// Task code written for Stellar passes node-style callbacks to api.tasks methods; every engine
// method also returns a promise. A trailing function argument is taken as the callback.

export type Callback<T> = (error: Error | null, result?: T) => void;

// biome-ignore lint/suspicious/noExplicitAny: the wrapper is generic over any method signature
type AsyncFn = (...args: any[]) => Promise<unknown>;

/** The method's own signature, plus any argument list ending in a callback. */
export type WithCallback<F extends AsyncFn> = F & ((...args: unknown[]) => ReturnType<F>);

export function callbackify<F extends AsyncFn>(fn: F): WithCallback<F> {
  const wrapped = (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (typeof last !== 'function') return fn(...args);
    const callback = last as Callback<unknown>;
    // With a callback the error goes to it: the promise then resolves to undefined so that it
    // never becomes an unhandled rejection.
    return fn(...args.slice(0, -1)).then(
      (result) => {
        callback(null, result);
        return result;
      },
      (error: Error) => {
        callback(error);
        return undefined;
      },
    );
  };
  return wrapped as WithCallback<F>;
}
