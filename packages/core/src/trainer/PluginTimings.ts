import type { TrainerHooks } from './hooks';

interface TapLike {
  type: 'sync' | 'async' | 'promise';
  name: string;
  fn: (...args: unknown[]) => unknown;
}

/**
 * Measures the wall time spent in each plugin's taps, through a tapable `register`
 * interceptor on every hook: each tap's function is wrapped with a timer keyed by the
 * tap's name (by convention the plugin's name).
 */
export class PluginTimings {
  private readonly totals = new Map<string, { ms: number; calls: number }>();

  attach(hooks: TrainerHooks): void {
    for (const hook of Object.values(hooks.all())) {
      hook.intercept({ register: (tap: TapLike) => this.wrap(tap) });
    }
  }

  /** Milliseconds and call counts per tap name. */
  summary(): Record<string, { ms: number; calls: number }> {
    return Object.fromEntries([...this.totals].map(([name, t]) => [name, { ms: Math.round(t.ms * 10) / 10, calls: t.calls }]));
  }

  private add(name: string, start: number): void {
    const total = this.totals.get(name) ?? { ms: 0, calls: 0 };
    total.ms += performance.now() - start;
    total.calls += 1;
    this.totals.set(name, total);
  }

  private wrap(tap: TapLike): TapLike {
    const { fn, name } = tap;
    if (tap.type === 'promise') {
      return {
        ...tap,
        fn: async (...args: unknown[]) => {
          const start = performance.now();
          try {
            return await fn(...args);
          } finally {
            this.add(name, start);
          }
        },
      };
    }
    if (tap.type === 'async') {
      return {
        ...tap,
        fn: (...args: unknown[]) => {
          const start = performance.now();
          const callback = args.pop() as (...r: unknown[]) => void;
          return fn(...args, (...result: unknown[]) => {
            this.add(name, start);
            callback(...result);
          });
        },
      };
    }
    return {
      ...tap,
      fn: (...args: unknown[]) => {
        const start = performance.now();
        try {
          return fn(...args);
        } finally {
          this.add(name, start);
        }
      },
    };
  }
}
