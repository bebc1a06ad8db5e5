import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';

/**
 * A context manager that tracks nothing: `context.active()` is always the root context and `context.with` just
 * calls its function. For processes that pass every parent context explicitly (the gateway's data plane).
 *
 * Why: the SDK's default AsyncLocalStorage manager is enabled by the first `context.with` — which the batch span
 * processor makes on every export — and from then on Node (20) runs its async hooks on every promise of the process,
 * about 2.5 times the cost of a bare `await`. Traces are unchanged; only "the active span" (e.g. trace ids in log
 * lines written outside explicit spans) is unavailable.
 */
export class ExplicitContextManager implements ContextManager {
  active(): Context {
    return ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(_context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return fn.call(thisArg, ...args);
  }

  bind<T>(_context: Context, target: T): T {
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    return this;
  }
}
