/** A streamed answer as pre-encoded SSE frames; the responder decides when (and whether) each part is written. */
export interface StreamScript {
  /** Written together with the first delta, after `ttftMs`. */
  prelude: string;
  /** One entry per content delta, `interChunkMs` apart. */
  deltas: string[];
  /** Finish, usage and terminator frames, written with the last delta. */
  epilogue: string;
}

export const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json';
