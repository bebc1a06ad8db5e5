import { Client } from 'pg';
import { CONFIG_CHANGED_CHANNEL, CONFIG_ENTITIES, type ConfigChange } from '../types';

/**
 * LISTEN asc_config_changed on a dedicated connection (a pooled one would lose the subscription).
 * Payload: JSON `{ entity, id, tenantId, action }` (see AdminChangeRepository.notify).
 *
 * If the connection drops it reconnects with backoff and then emits `resync`: notifications sent while it was
 * down are lost, so the receiver must reload everything.
 */
export type ConfigChangeEvent = { kind: 'change'; change: ConfigChange } | { kind: 'resync' };

export interface ConfigChangeListener {
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Reports connection problems (the listener keeps retrying). */
  onError?: (error: Error) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Resolves once LISTEN is active; rejects if the first connection fails. */
export async function listenConfigChanges(
  databaseUrl: string,
  onChange: (event: ConfigChangeEvent) => void,
  options: ListenOptions = {},
): Promise<ConfigChangeListener> {
  const minBackoff = options.minBackoffMs ?? 200;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  let closed = false;
  let client: Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let backoff = minBackoff;

  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: databaseUrl, application_name: 'asc-config-listener', keepAlive: true });
    next.on('notification', (message) => {
      if (message.channel === CONFIG_CHANGED_CHANNEL) onChange(parsePayload(message.payload));
    });
    next.on('error', (error) => {
      options.onError?.(error);
      void dropped(next);
    });
    next.on('end', () => void dropped(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${CONFIG_CHANGED_CHANNEL}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    backoff = minBackoff;
  };

  const dropped = async (which: Client): Promise<void> => {
    if (client !== which || closed) return;
    client = null;
    which.removeAllListeners('end');
    await which.end().catch(() => undefined);
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().then(
        () => {
          if (!closed) onChange({ kind: 'resync' });
        },
        (error: unknown) => {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
          backoff = Math.min(backoff * 2, maxBackoff);
          scheduleReconnect();
        },
      );
    }, backoff);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners('end');
        await current.end().catch(() => undefined);
      }
    },
  };
}

/** Anything unreadable (e.g. a hand-sent NOTIFY) is treated as "something changed": reload everything. */
function parsePayload(payload: string | undefined): ConfigChangeEvent {
  try {
    const value = JSON.parse(payload ?? '') as Partial<ConfigChange>;
    if (
      typeof value.entity === 'string' &&
      (CONFIG_ENTITIES as readonly string[]).includes(value.entity) &&
      typeof value.id === 'string' &&
      typeof value.action === 'string' &&
      (value.tenantId === null || typeof value.tenantId === 'string')
    ) {
      return { kind: 'change', change: { entity: value.entity, id: value.id, tenantId: value.tenantId, action: value.action } };
    }
  } catch {
    // fall through
  }
  return { kind: 'resync' };
}
