/** Small typed client of the `/__mock/*` control API, for tests: `mockControl(mock.url).setBehavior({...})`. */
import type { BehaviorRule, Dialect, MockStats, RecordedRequest } from './types';

export interface RequestsFilter {
  label?: string;
  dialect?: Dialect;
  limit?: number;
}

export interface MockControl {
  /** Adds a rule; returns its id. */
  setBehavior(rule: BehaviorRule): Promise<number>;
  clearBehaviors(): Promise<void>;
  requests(filter?: RequestsFilter): Promise<RecordedRequest[]>;
  clearRequests(): Promise<void>;
  stats(): Promise<MockStats>;
  /** Clears behaviours, recorded requests and counters. */
  reset(): Promise<void>;
  /** Polls the recorded requests until `predicate` holds for one of them (e.g. `r => r.aborted`). */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, filter?: RequestsFilter, timeoutMs?: number): Promise<RecordedRequest>;
}

export function mockControl(baseUrl: string): MockControl {
  const base = baseUrl.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`mock control ${method} ${path} -> ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }
  function query(filter: RequestsFilter = {}): string {
    const params = new URLSearchParams();
    if (filter.label !== undefined) params.set('label', filter.label);
    if (filter.dialect !== undefined) params.set('dialect', filter.dialect);
    if (filter.limit !== undefined) params.set('limit', String(filter.limit));
    const s = params.toString();
    return s ? `?${s}` : '';
  }
  const control: MockControl = {
    setBehavior: async (rule) => (await call<{ id: number }>('POST', '/__mock/behaviors', rule)).id,
    clearBehaviors: async () => void (await call('DELETE', '/__mock/behaviors')),
    requests: async (filter) => (await call<{ requests: RecordedRequest[] }>('GET', `/__mock/requests${query(filter)}`)).requests,
    clearRequests: async () => void (await call('DELETE', '/__mock/requests')),
    stats: () => call<MockStats>('GET', '/__mock/stats'),
    reset: async () => void (await call('POST', '/__mock/reset')),
    waitForRequest: async (predicate, filter, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await control.requests(filter)).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('mock-llm: no recorded request matched within ' + timeoutMs + ' ms');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  return control;
}
