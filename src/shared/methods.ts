// The list of API methods and events, with no dependencies: the preload and the e2e harness build
// `window.api` from these lists, so every face exposes exactly the same surface.
export const apiMethodNames = [
  'app.info',
  'settings.get',
  'settings.update',
  'providers.list',
  'providers.add',
  'providers.update',
  'providers.delete',
  'providers.refreshModels',
  'providers.quota',
  'providers.test',
  'keys.status',
  'keys.set',
  'keys.delete',
  'presets.list',
  'presets.create',
  'presets.update',
  'presets.delete',
  'presets.duplicate',
  'conversations.list',
  'conversations.get',
  'conversations.create',
  'conversations.rename',
  'conversations.setPinned',
  'conversations.update',
  'conversations.setActiveLeaf',
  'conversations.showMessage',
  'conversations.delete',
  'conversations.setArchived',
  'messages.list',
  'messages.path',
  'messages.get',
  'messages.delete',
  'chat.send',
  'chat.regenerate',
  'chat.editAndResend',
  'chat.stop',
  'chat.continue',
  'search.query',
  'export.toFile',
  'import.fromFile',
  'import.fromJson',
  'attachments.pick',
  'attachments.ingest',
  'attachments.get',
  'attachments.checkTarget',
] as const;
/** What a renderer may call (window.api is built from this list). */
export type RendererMethodName = (typeof apiMethodNames)[number];

/**
 * Methods that take file-system paths. Only trusted faces (the CLI, tests) may call them; a renderer never can —
 * it exports and imports through the main process's own save/open dialogs (export.toFile, import.fromFile).
 */
export const trustedMethodNames = ['export.conversations', 'import.conversations'] as const;

export const allMethodNames = [...apiMethodNames, ...trustedMethodNames] as const;
export type ApiMethodName = (typeof allMethodNames)[number];

export const apiEventNames = ['conversations.changed', 'chat.delta', 'chat.status'] as const;
export type ApiEventName = (typeof apiEventNames)[number];

/** The IPC channels the Electron face uses. */
export const ipcChannels = { invoke: 'qiao:invoke', event: 'qiao:event' } as const;
