/** Shared shapes of the mock LLM provider: behaviours (failure injection) and recorded requests. */

/** Wire dialect, chosen by the path prefix (`/openai`, `/azure/openai`, `/anthropic`, `/mistral`). */
export type Dialect = 'openai' | 'azure' | 'anthropic' | 'mistral';

/** What the request asks for; the models listing is not a "chat" so behaviours can target chat only. */
export type Operation = 'chat' | 'embeddings' | 'models';

/** Where a reset or stall happens: before any response byte, or right after the first streamed content delta. */
export type FailurePoint = 'before-headers' | 'after-first-chunk';

/** One failure of a probabilistic mix: a full behaviour override, or a bare HTTP status as shorthand. */
export type FailureMode = Omit<Behavior, 'failRate' | 'failWith' | 'seed'> | number;

/**
 * How the mock answers. Every field is optional; the effective behaviour of a request is, in order of precedence:
 * in-band prompt directives, then matching control rules (later rules win), then process defaults.
 */
export interface Behavior {
  /** Answer with this HTTP status and the dialect's real error body (429 adds `retry-after`). */
  status?: number;
  /** Value of the `retry-after` header on 429 (default 1). */
  retryAfterSeconds?: number;
  /** Override the error message of `status`. */
  errorMessage?: string;
  /** Destroy the socket before sending headers, or after the first streamed chunk (unary: same as before-headers). */
  reset?: FailurePoint;
  /** Stop sending and keep the socket open until the client gives up. */
  stall?: FailurePoint;
  /** Streams: after the first content delta send the dialect's in-stream error and end the response. */
  midStreamError?: boolean;
  /** Delay before the response headers. */
  latencyMs?: number;
  /** Streams: delay between the headers and the first content delta. */
  ttftMs?: number;
  /** Streams: delay between content deltas. */
  interChunkMs?: number;
  /** Completion tokens (= words of content) when the request's max tokens does not cut it shorter (default 12). */
  outputTokens?: number;
  /** Streams: number of content deltas (default: one per output token). */
  chunks?: number;
  /** Prompt tokens served from cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`). */
  cachedInputTokens?: number;
  /** Anthropic `cache_creation_input_tokens`. */
  cacheCreationInputTokens?: number;
  /** Answer with a call to the first declared tool (or `mock_tool`) even when the tool choice is `auto`. */
  toolCall?: boolean;
  /** Probability (0..1) that a request fails with one of `failWith` (picked uniformly). */
  failRate?: number;
  failWith?: FailureMode[];
  /** Seed of the random generator behind `failRate` (per rule; default 1). */
  seed?: number;
}

/** Selects the requests a control rule applies to; absent fields match anything. */
export interface BehaviorMatch {
  label?: string;
  model?: string;
  dialect?: Dialect;
  operation?: Operation;
}

/** Body of `POST /__mock/behaviors`. */
export interface BehaviorRule {
  match?: BehaviorMatch;
  behavior: Behavior;
  /** Apply to the next N matching requests, then expire; absent = until cleared. */
  times?: number;
}

/** One request as the mock received it (`GET /__mock/requests`). */
export interface RecordedRequest {
  seq: number;
  /** ISO-8601 arrival time. */
  time: string;
  /** Virtual upstream from the `/~label` path prefix, or null. */
  label: string | null;
  dialect: Dialect | null;
  operation: Operation | null;
  method: string;
  /** Path without the `/~label` prefix and without the query string. */
  path: string;
  query: string;
  model: string | null;
  stream: boolean;
  /** Credential and tracing headers only (authorization, x-api-key, api-key, anthropic-version, traceparent, ...). */
  headers: Record<string, string>;
  /** Parsed JSON body, or null. */
  body: unknown;
  /** Status sent (0 when no status was sent: reset, stall, abort before headers). */
  status: number;
  /** The response finished normally. */
  completed: boolean;
  /** The client went away before the response completed. */
  aborted: boolean;
  /** The mock destroyed the socket on purpose (`reset`). */
  reset: boolean;
}

export interface MockStats {
  total: number;
  inFlight: number;
  completed: number;
  aborted: number;
  resets: number;
  byDialect: Record<string, number>;
  byStatus: Record<string, number>;
}
