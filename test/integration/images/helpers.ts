// Driving image turns through the API as the renderer does, and reading what reached the simulator.
import { expect } from 'vitest';
import type { Api } from '../../../src/main/api';
import type { Core } from '../../../src/main/core/core';
import type { ApiOutput } from '../../../src/shared/contract';
import type { ApiErrorData } from '../../../src/shared/apiError';
import type { Message } from '../../../src/shared/domain';
import { messagesRepo } from '../../../src/main/core/store';

export async function ingest(api: Api, bytes: Buffer, name = 'photo.jpg', target: { providerId?: string; model?: string } = {}): Promise<ApiOutput<'attachments.ingest'>> {
  const result = await api.call('attachments.ingest', { name, dataBase64: bytes.toString('base64'), ...target });
  if (!result.ok) throw new Error(`ingest failed: ${result.error.message}`);
  return result.value as ApiOutput<'attachments.ingest'>;
}

export async function failure(api: Api, method: string, input: unknown): Promise<ApiErrorData> {
  const result = await api.call(method, input);
  expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(false);
  return (result as { ok: false; error: ApiErrorData }).error;
}

type TurnOutput = ApiOutput<'chat.send'>;

/** Calls a chat method through the API and waits until every reply of the turn has ended. */
export async function turn(api: Api, core: Core, method: 'chat.send' | 'chat.regenerate' | 'chat.editAndResend', input: unknown): Promise<{ ids: TurnOutput; replies: Message[] }> {
  const ended = new Set<string>();
  let check = () => {};
  const unsubscribe = core.events.subscribe((event, payload) => {
    if (event !== 'chat.status') return;
    const status = payload as { messageId: string; status: string };
    if (status.status !== 'streaming') ended.add(status.messageId);
    check();
  });
  try {
    const result = await api.call(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
    const ids = result.value as TurnOutput;
    await new Promise<void>((resolve) => {
      check = () => ids.assistantMessageIds.every((id) => ended.has(id)) && resolve();
      check();
    });
    return { ids, replies: ids.assistantMessageIds.map((id) => messagesRepo.getMessage(core.db, id)) };
  } finally {
    unsubscribe();
  }
}

export function attachmentCount(core: Core): number {
  return (core.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n;
}

/** The `messages` of a recorded chat request body. */
export function sentMessages(body: unknown): Array<{ role: string; content: unknown }> {
  return (body as { messages: Array<{ role: string; content: unknown }> }).messages;
}

/** Splits `data:<mime>;base64,<data>` into its media type and bytes. */
export function fromDataUrl(url: string): { mime: string; bytes: Buffer } {
  const match = /^data:([^;,]+);base64,([A-Za-z0-9+/=]+)$/.exec(url);
  expect(match, url.slice(0, 60)).not.toBeNull();
  return { mime: match![1]!, bytes: Buffer.from(match![2]!, 'base64') };
}
