/**
 * Embeddings wire shape (OpenAI, Azure, Mistral):
 *   request  {"model","input": string | string[] | number[] | number[][],"encoding_format"?: "float"|"base64",
 *            "dimensions"? (OpenAI) | "output_dimension"? (Mistral)}
 *   response {"object":"list","data":[{"object":"embedding","index","embedding": number[] | base64 of float32 LE}],
 *            "model","usage":{"prompt_tokens","total_tokens"}}  (Mistral adds "id" and completion_tokens: 0)
 * Vectors are unit-length and deterministic per (text, dimensions). The openai SDK asks for base64 by default.
 * https://platform.openai.com/docs/api-reference/embeddings/create, https://docs.mistral.ai/api/#tag/embeddings
 */
import { createRng } from '../behavior/rng';
import { InvalidChatRequest } from '../chat/chat-request';
import { ids } from '../chat/ids';
import type { Dialect } from '../types';

const DEFAULT_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-large': 3072,
  'mistral-embed': 1024,
  'codestral-embed': 1536,
};

const vectorCache = new Map<string, Float32Array>();
const CACHE_LIMIT = 256;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Deterministic unit vector for `text`. */
export function embeddingVector(text: string, dimensions: number): Float32Array {
  const key = `${dimensions}:${text}`;
  const cached = vectorCache.get(key);
  if (cached) return cached;
  const rng = createRng(fnv1a(text));
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    const v = rng() * 2 - 1;
    vector[i] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] ?? 0) * scale;
  if (vectorCache.size >= CACHE_LIMIT) vectorCache.clear();
  vectorCache.set(key, vector);
  return vector;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Inputs as texts; token-id arrays become a text of that many placeholder tokens (4 chars each). */
function readInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) throw new InvalidChatRequest("'input' is a required property");
  if (input.every((x) => typeof x === 'number')) return ['tokn'.repeat(input.length)];
  return input.map((item) => {
    if (typeof item === 'string') return item;
    if (Array.isArray(item)) return 'tokn'.repeat(item.length);
    throw new InvalidChatRequest("Invalid 'input': expected a string or an array of strings.");
  });
}

export function readEmbeddingModel(body: unknown, pathModel: string | null): string | null {
  return isRecord(body) && typeof body.model === 'string' ? body.model : pathModel;
}

export function embeddingsResponse(dialect: Dialect, body: unknown, pathModel: string | null): string {
  if (!isRecord(body)) throw new InvalidChatRequest('Request body must be a JSON object.');
  const model = readEmbeddingModel(body, pathModel);
  if (!model) throw new InvalidChatRequest("'model' is a required property");
  const texts = readInputs(body.input);
  const requested = dialect === 'mistral' ? body.output_dimension : body.dimensions;
  const dimensions = typeof requested === 'number' && requested > 0 ? Math.floor(requested) : (DEFAULT_DIMENSIONS[model] ?? 1536);
  const base64 = body.encoding_format === 'base64';
  let promptTokens = 0;
  const data = texts.map((text, index) => {
    promptTokens += Math.ceil(text.length / 4);
    const vector = embeddingVector(text, dimensions);
    const embedding = base64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  if (dialect === 'mistral') {
    return JSON.stringify({
      id: ids.mistralCompletion(),
      object: 'list',
      data,
      model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0 },
    });
  }
  return JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
}
