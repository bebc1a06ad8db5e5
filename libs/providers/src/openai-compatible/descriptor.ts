/**
 * OpenAI-compatible endpoints and auth: `POST {baseUrl}/chat/completions` and `/embeddings`,
 * `Authorization: Bearer <key>` (https://platform.openai.com/docs/api-reference/chat/create). Self-hosted
 * servers (vLLM, Ollama, TGI) follow the same layout under their own `/v1` root and often need no key.
 */
import type { DeploymentTarget, UpstreamRequest } from '../types';

export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.replace(/\/+$/, '') : url;
}

export function bearerHeaders(target: DeploymentTarget, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' };
  if (target.apiKey) headers['authorization'] = `Bearer ${target.apiKey}`;
  return headers;
}

export function openAiChatRequest(args: { target: DeploymentTarget; body: string; stream: boolean }): UpstreamRequest {
  return { url: `${trimSlash(args.target.baseUrl)}/chat/completions`, method: 'POST', headers: bearerHeaders(args.target, args.stream), body: args.body };
}

export function openAiEmbeddingsRequest(args: { target: DeploymentTarget; body: string }): UpstreamRequest {
  return { url: `${trimSlash(args.target.baseUrl)}/embeddings`, method: 'POST', headers: bearerHeaders(args.target, false), body: args.body };
}
