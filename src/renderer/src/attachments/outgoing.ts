// What the chat faces need to send a composed message with images.
import { ApiError } from '../../../shared/apiError';
import type { ApiInput } from '../../../shared/contract';
import type { OutgoingMessage } from '../chat/Composer';

export function chatSendInput(conversationId: string, message: OutgoingMessage): ApiInput<'chat.send'> {
  return {
    conversationId,
    text: message.text,
    ...(message.images.length ? { images: message.images } : {}),
    ...(message.allowNonVision ? { allowNonVision: true } : {}),
  };
}

/** chat.send refused the images because the model is known not to see them (the composer then shows its offer). */
export function isVisionConflict(error: unknown, message: OutgoingMessage): boolean {
  return error instanceof ApiError && error.code === 'conflict' && message.images.length > 0 && !message.allowNonVision;
}
