/**
 * Maps a request path to (virtual upstream label, dialect, operation). An optional leading `/~<label>` segment names
 * a virtual upstream so one process can act as many deployments; the dialect comes from the next prefix:
 *   /openai/v1/…  or  /v1/chat|embeddings|models   OpenAI
 *   /azure/openai/deployments/{deployment}/…        Azure OpenAI
 *   /anthropic/v1/…  or  /v1/messages               Anthropic
 *   /mistral/v1/…                                   Mistral
 */
import type { Dialect, Operation } from '../types';

export interface Route {
  label: string | null;
  dialect: Dialect;
  operation: Operation;
  /** Path after the label prefix. */
  path: string;
  /** Azure deployment name from the path; stands in for the model. */
  deployment: string | null;
}

const AZURE = /^\/azure\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;

function operationOf(rest: string, method: string, dialect: Dialect): Operation | null {
  if (method === 'POST') {
    if (rest === '/chat/completions' && dialect !== 'anthropic') return 'chat';
    if (rest === '/messages' && dialect === 'anthropic') return 'chat';
    if (rest === '/embeddings' && dialect !== 'anthropic') return 'embeddings';
  } else if (method === 'GET' && rest === '/models') {
    return 'models';
  }
  return null;
}

/** Splits `/~label/rest` into label and rest. */
export function splitLabel(path: string): { label: string | null; path: string } {
  if (!path.startsWith('/~')) return { label: null, path };
  const slash = path.indexOf('/', 2);
  if (slash < 0) return { label: decodeURIComponent(path.slice(2)), path: '/' };
  return { label: decodeURIComponent(path.slice(2, slash)), path: path.slice(slash) };
}

/** The dialect a path is meant for, even when the route itself is unknown (to shape the 404). */
export function dialectOfPath(path: string): Dialect | null {
  if (path.startsWith('/azure/')) return 'azure';
  if (path.startsWith('/anthropic/') || path === '/v1/messages') return 'anthropic';
  if (path.startsWith('/mistral/')) return 'mistral';
  if (path.startsWith('/openai/') || path.startsWith('/v1/')) return 'openai';
  return null;
}

export function parseRoute(method: string, label: string | null, path: string): Route | null {
  const azure = AZURE.exec(path);
  if (azure) {
    if (method !== 'POST') return null;
    const deployment = decodeURIComponent(azure[1] ?? '');
    return { label, dialect: 'azure', operation: azure[2] === 'embeddings' ? 'embeddings' : 'chat', path, deployment };
  }
  let dialect: Dialect;
  let rest: string;
  if (path.startsWith('/openai/v1/')) [dialect, rest] = ['openai', path.slice(10)];
  else if (path.startsWith('/anthropic/v1/')) [dialect, rest] = ['anthropic', path.slice(13)];
  else if (path.startsWith('/mistral/v1/')) [dialect, rest] = ['mistral', path.slice(11)];
  else if (path === '/v1/messages') [dialect, rest] = ['anthropic', '/messages'];
  else if (path.startsWith('/v1/')) [dialect, rest] = ['openai', path.slice(3)];
  else return null;
  const operation = operationOf(rest, method, dialect);
  return operation ? { label, dialect, operation, path, deployment: null } : null;
}
