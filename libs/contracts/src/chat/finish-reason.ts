/**
 * Why generation stopped, in the gateway's own vocabulary. Each provider maps its reasons here
 * (`finish-reason.ts` in its folder) and each client dialect maps them back.
 * - `stop`: natural end or a stop sequence;  `length`: max tokens;  `tool_calls`: the model wants tool results;
 * - `content_filter`: the provider refused or filtered;  `other`: anything unknown (kept, never guessed).
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';
