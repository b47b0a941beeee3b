// The JSON export file: complete (the whole message tree with every field, the conversation's settings, the
// images) and canonical (key order from these schemas, conversations and messages in creation order), so
// exporting what was imported gives the same bytes. Images are embedded as base64: one self-contained file
// that is validated and imported in one transaction (no half-copied folder), and each image's SHA-256 is
// checked against its name on the way in.
import { z } from 'zod';
import { conversationSchema, imagePartSchema, messageSchema } from '../../../shared/domain';

export const EXPORT_FORMAT = 'qiao.conversations';
export const EXPORT_VERSION = 1;

/** A message inside its conversation (the conversation id is implied by the nesting). */
export const exportedMessageSchema = messageSchema.omit({ conversationId: true }).strict();
export type ExportedMessage = z.infer<typeof exportedMessageSchema>;

/** Who chose the title: the user, the first line of the first message, or the model (see core/titles). */
export const titleSourceSchema = z.enum(['user', 'first-message', 'model']);
export type TitleSourceName = z.infer<typeof titleSourceSchema>;

export const exportedConversationSchema = conversationSchema
  .extend({
    titleSource: titleSourceSchema,
    messages: z.array(exportedMessageSchema),
  })
  .strict();
export type ExportedConversation = z.infer<typeof exportedConversationSchema>;

export const exportedImageSchema = z
  .object({
    hash: imagePartSchema.shape.hash,
    mime: imagePartSchema.shape.mime,
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    /** The image bytes, base64. */
    data: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
  })
  .strict();
export type ExportedImage = z.infer<typeof exportedImageSchema>;

export const exportFileSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    conversations: z.array(exportedConversationSchema),
    images: z.array(exportedImageSchema),
  })
  .strict();
export type ExportFile = z.infer<typeof exportFileSchema>;

export const titleSourceNames: Record<0 | 1 | 2, TitleSourceName> = { 0: 'user', 1: 'first-message', 2: 'model' };
export const titleSourceValues: Record<TitleSourceName, 0 | 1 | 2> = { user: 0, 'first-message': 1, model: 2 };
