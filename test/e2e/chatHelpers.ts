// Steps the chat specs share: pick a model on the start page, send, read the replies.
import { expect, type Locator, type Page } from '@playwright/test';
import type { RecordedRequest, Simulator } from '../sim/server';

/** On the start page: choose a model of a provider for the next new chat. */
export async function pickNewChatModel(page: Page, provider: string, model: string): Promise<void> {
  await page.getByTestId('new-chat').click();
  await page.getByTestId('new-chat-model').click();
  await page.locator(`[data-testid="model-option"][data-provider="${provider}"][data-model="${model}"]`).click();
  await expect(page.getByTestId('new-chat-model')).toContainText(model);
}

/** Types into the composer and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
}

/** Starts a new chat with `model` and sends the first message; resolves when the chat pane shows it. */
export async function startChat(page: Page, text: string, provider = 'baystone', model = 'llama-3.1-instruct'): Promise<void> {
  await pickNewChatModel(page, provider, model);
  await send(page, text);
  await expect(page.getByTestId('chat-pane')).toBeVisible();
  await expect(page.locator('[data-role="user"]').last()).toContainText(text.split('\n')[0]!);
}

export function replies(page: Page): Locator {
  return page.locator('[data-testid="message"][data-role="assistant"]');
}

export function lastReply(page: Page): Locator {
  return replies(page).last();
}

export async function waitForDone(page: Page): Promise<void> {
  await expect(lastReply(page)).toHaveAttribute('data-status', /done|error|interrupted/);
}

export function lastChatBody(sim: Simulator): Record<string, unknown> {
  const requests = sim.chatRequests();
  const last: RecordedRequest | undefined = requests[requests.length - 1];
  if (!last) throw new Error('no chat request reached the simulator');
  return last.body as Record<string, unknown>;
}
