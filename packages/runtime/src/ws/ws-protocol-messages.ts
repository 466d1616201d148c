/** What a client may send over graphql-transport-ws, as this server reads it. */
export interface SubscribeMessage {
  type: 'subscribe';
  id: string;
  payload: { query: string; operationName?: string; variables?: Record<string, unknown> };
}

export type Message =
  | { type: 'connection_init'; payload?: unknown }
  | { type: 'ping'; payload?: unknown }
  | { type: 'pong'; payload?: unknown }
  | SubscribeMessage
  | { type: 'complete'; id: string };

/** A protocol message, or null when the text is not one (the protocol then closes with 4400). */
export function parseMessage(text: string | null): Message | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.type !== 'string') return null;
  switch (value.type) {
    case 'connection_init':
    case 'ping':
    case 'pong':
      return value as Message;
    case 'subscribe': {
      const payload = value.payload;
      if (
        typeof value.id !== 'string' ||
        value.id.length === 0 ||
        !isObject(payload) ||
        typeof payload.query !== 'string'
      )
        return null;
      if (
        payload.operationName !== undefined &&
        payload.operationName !== null &&
        typeof payload.operationName !== 'string'
      )
        return null;
      if (payload.variables !== undefined && payload.variables !== null && !isObject(payload.variables)) return null;
      return {
        type: 'subscribe',
        id: value.id,
        payload: {
          query: payload.query,
          ...(typeof payload.operationName === 'string' ? { operationName: payload.operationName } : {}),
          ...(isObject(payload.variables) ? { variables: payload.variables } : {}),
        },
      };
    }
    case 'complete':
      return typeof value.id === 'string' ? { type: 'complete', id: value.id } : null;
    default:
      return null;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
