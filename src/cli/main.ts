// The `qiao` command: the same core, store and keychain as the app, through the same api.ts.
// Exit codes: 0 success, 1 provider / network / runtime error, 2 bad usage.
import { resolve as absolutePath } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createCore, type Core } from '../main/core/core';
import { createApi, type Api } from '../main/api';
import type { ApiOutput } from '../shared/contract';
import type { ApiMethodName } from '../shared/methods';
import { chatParamsSchema, type ChatParams, type Message, type Preset } from '../shared/domain';
import { readStdin } from './stdin';
import { NonVisionModelError, prepareChatImages, storeChatImages } from './chatImages';
import { ImageError } from '../main/core/images';

const version = '0.1.0';

const usage = `qiao ${version} — 桥 Qiao from the command line

Usage:
  qiao provider list
  qiao provider add <id> --protocol openai|anthropic --base-url <url> [--name <name>] [--model <id>]...
  qiao provider set <id> [--base-url <url>] [--openid <id>] [--userid <id>] [--node overseas|domestic]
                         [--test-account | --no-test-account] [--endpoint messages|chat] [--enable | --disable]
  qiao provider models <id>        refresh the model list from the gateway
  qiao provider quota <id>         show the account quota (zyinfo)
  qiao key set <provider> [--field apiKey|openid]   read the secret from standard input into the keychain
  qiao key delete <provider> [--field apiKey|openid]
  qiao chat --provider <id> --model <model> [--system <text> | --preset <name>] [--temperature x] [--top-p x]
            [--max-tokens n] [--stop s]... [--frequency-penalty x] [--presence-penalty x] [--logprobs n] [--n n]
            [--user s] [--no-stream] [--show-reasoning] [--conversation <id>] <message>
            [--image <file>]... [--allow-non-vision]   attach PNG/JPEG/WebP/GIF images (the message may be "")
  qiao conversations list
  qiao conversations show <id>
  qiao search <query> [--limit n]     one match per line: conversation id, message id (- for a title), snippet
  qiao export <conversation-id> | --all --format md|json --out <path> [--reasoning]
                                   json: one complete file; md: a file (one conversation) or a directory (--all)
  qiao import <file.json>          import a JSON export (importing the same file twice adds nothing)

Environment:
  QIAO_HOME   data directory (default: the app's data directory)`;

class UsageError extends Error {}
class RuntimeError extends Error {}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(`${usage}\n`);
    return argv.length ? 0 : 2;
  }
  if (argv[0] === '--version') {
    io.out(`${version}\n`);
    return 0;
  }
  let core: Core | undefined;
  try {
    const command = resolveCommand(argv);
    // One command and out: its reads run on the main connection (see CoreOptions.readerWorker).
    core = createCore({ readerWorker: false });
    return await command(createApi(core, { version, face: 'trusted' }), core, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`qiao: ${error.message}\nRun 'qiao --help' for usage.\n`);
      return 2;
    }
    io.err(`qiao: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    core?.close();
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin(): Promise<string>;
  onInterrupt(handler: () => void): () => void;
}

function defaultIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: readStdin,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

type Command = (api: Api, core: Core, io: CliIo) => Promise<number>;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, positionals: number) {
  // `--presence-penalty -0.5` is what people type; parseArgs would take "-0.5" for an option.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    const next = args[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: joined, options, allowPositionals: true, strict: true, allowNegative: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(`expected ${positionals} argument${positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
  }
  return parsed;
}

async function call<M extends ApiMethodName>(api: Api, method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = await api.call(method, input);
  if (result.ok) return result.value as ApiOutput<M>;
  const detail = result.error.issues?.map((issue) => `${issue.path || 'input'}: ${issue.message}`).join('; ');
  if (result.error.code === 'validation') throw new UsageError(detail ? `invalid input: ${detail}` : result.error.message);
  throw new RuntimeError(result.error.message);
}

function resolveCommand(argv: string[]): Command {
  const [group, action, ...rest] = argv;
  const key = `${group} ${action ?? ''}`.trim();
  switch (key) {
    case 'provider list':
      parse(rest, {}, 0);
      return async (api, _core, io) => {
        for (const p of await call(api, 'providers.list', {})) {
          const status = await call(api, 'keys.status', { providerId: p.id });
          io.out(`${p.id}\t${p.protocol}\t${p.baseUrl}\tkey:${status.state}\t${p.enabled ? 'enabled' : 'disabled'}\t${p.name}\n`);
        }
        return 0;
      };
    case 'provider add': {
      const { values, positionals } = parse(rest, { protocol: { type: 'string' }, 'base-url': { type: 'string' }, name: { type: 'string' }, model: { type: 'string', multiple: true } }, 1);
      if (!values.protocol || !values['base-url']) throw new UsageError('provider add needs --protocol and --base-url');
      return async (api, _core, io) => {
        const p = await call(api, 'providers.add', { id: positionals[0], name: values.name ?? positionals[0], protocol: values.protocol, baseUrl: values['base-url'], models: values.model ?? [] });
        io.out(`added ${p.id}\n`);
        return 0;
      };
    }
    case 'provider set': {
      const { values, positionals } = parse(
        rest,
        {
          'base-url': { type: 'string' },
          openid: { type: 'string' },
          userid: { type: 'string' },
          node: { type: 'string' },
          'test-account': { type: 'boolean' },
          endpoint: { type: 'string' },
          enable: { type: 'boolean' },
          disable: { type: 'boolean' },
        },
        1,
      );
      const id = positionals[0]!;
      if (values.node !== undefined && !['overseas', 'domestic'].includes(values.node)) throw new UsageError('--node is overseas or domestic');
      if (values.endpoint !== undefined && !['messages', 'chat'].includes(values.endpoint)) throw new UsageError('--endpoint is messages or chat');
      return async (api, _core, io) => {
        const current = (await call(api, 'providers.list', {})).find((p) => p.id === id);
        if (!current) throw new RuntimeError(`no provider "${id}"`);
        const options: Record<string, string | boolean> = {};
        if (values.userid !== undefined) options.userid = values.userid;
        if (values['test-account'] !== undefined) options.useTestAccount = values['test-account'];
        if (values.endpoint !== undefined) options.endpoint = values.endpoint;
        let baseUrl = values['base-url'];
        if (values.node !== undefined) {
          options.node = values.node;
          // Choosing a zyinfo node without an explicit URL selects that node's documented address.
          if (!baseUrl && current.kind === 'zyinfo') {
            const { ZYINFO_NODES } = await import('../main/core/providers');
            baseUrl = ZYINFO_NODES[values.node as 'overseas' | 'domestic'].url;
          }
        }
        await call(api, 'providers.update', {
          id,
          ...(baseUrl ? { baseUrl } : {}),
          ...(values.enable ? { enabled: true } : values.disable ? { enabled: false } : {}),
          ...(Object.keys(options).length ? { options } : {}),
        });
        if (values.openid !== undefined) await call(api, 'keys.set', { providerId: id, field: 'openid', secret: values.openid });
        io.out(`updated ${id}\n`);
        return 0;
      };
    }
    case 'provider models': {
      const { positionals } = parse(rest, {}, 1);
      return async (api, _core, io) => {
        const p = await call(api, 'providers.refreshModels', { id: positionals[0] });
        for (const m of p.models) io.out(`${m.id}${m.contextTokens ? `\t${m.contextTokens}` : ''}\n`);
        return 0;
      };
    }
    case 'provider quota': {
      const { positionals } = parse(rest, {}, 1);
      return async (api, _core, io) => {
        io.out(`${JSON.stringify(await call(api, 'providers.quota', { id: positionals[0] }), null, 2)}\n`);
        return 0;
      };
    }
    case 'key set': {
      const { values, positionals } = parse(rest, { field: { type: 'string', default: 'apiKey' } }, 1);
      return async (api, _core, io) => {
        const secret = (await io.stdin()).replace(/\r?\n$/, '').trim();
        if (!secret) throw new UsageError('no key on standard input (pipe it in, e.g. `qiao key set baystone < key.txt`)');
        const status = await call(api, 'keys.set', { providerId: positionals[0], field: values.field, secret });
        io.out(`${positionals[0]}: ${status.state === 'keychain' ? 'saved in the system keychain' : status.state}\n`);
        return 0;
      };
    }
    case 'key delete': {
      const { values, positionals } = parse(rest, { field: { type: 'string', default: 'apiKey' } }, 1);
      return async (api, _core, io) => {
        await call(api, 'keys.delete', { providerId: positionals[0], field: values.field });
        io.out(`${positionals[0]}: deleted\n`);
        return 0;
      };
    }
    case 'conversations list':
      parse(rest, {}, 0);
      return async (api, _core, io) => {
        for (const c of await call(api, 'conversations.list', { includeArchived: true, limit: 10_000 })) {
          io.out(`${c.id}\t${new Date(c.updatedAt).toISOString()}\t${c.model ?? ''}\t${c.title}\n`);
        }
        return 0;
      };
    case 'conversations show': {
      const { positionals } = parse(rest, {}, 1);
      return async (api, _core, io) => {
        const conversation = await call(api, 'conversations.get', { id: positionals[0] });
        const messages = await call(api, 'messages.list', { conversationId: conversation.id });
        io.out(`# ${conversation.title || '(untitled)'}\n`);
        if (conversation.systemPrompt) io.out(`\n[system]\n${conversation.systemPrompt}\n`);
        for (const m of activePath(messages, conversation.activeLeafId)) {
          const text = m.parts.map((p) => (p.type === 'text' ? p.text : p.type === 'image' ? `[image ${p.hash.slice(0, 12)}]` : '')).filter(Boolean).join('\n');
          io.out(`\n[${m.role}${m.model ? ` · ${m.model}` : ''}${m.status !== 'done' ? ` · ${m.status}` : ''}]\n${text}\n`);
          if (m.error) io.out(`(${m.error.message})\n`);
        }
        return 0;
      };
    }
    default:
      if (group === 'chat') return chatCommand([action, ...rest].filter((a): a is string => a !== undefined));
      if (group === 'search') return searchCommand([action, ...rest].filter((a): a is string => a !== undefined));
      if (group === 'export') return exportCommand([action, ...rest].filter((a): a is string => a !== undefined));
      if (group === 'import') return importCommand([action, ...rest].filter((a): a is string => a !== undefined));
      throw new UsageError(`unknown command '${argv.join(' ')}'`);
  }
}

function activePath(messages: Message[], leafId: string | null): Message[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const path: Message[] = [];
  for (let cursor = leafId ? byId.get(leafId) : undefined; cursor; cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined) path.push(cursor);
  return path.reverse();
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n)) throw new UsageError(`${flag} needs a number, got "${value}"`);
  return n;
}

function chatCommand(args: string[]): Command {
  const { values, positionals } = parse(
    args,
    {
      provider: { type: 'string' },
      model: { type: 'string' },
      system: { type: 'string' },
      preset: { type: 'string' },
      temperature: { type: 'string' },
      'top-p': { type: 'string' },
      'max-tokens': { type: 'string' },
      stop: { type: 'string', multiple: true },
      'frequency-penalty': { type: 'string' },
      'presence-penalty': { type: 'string' },
      logprobs: { type: 'string' },
      n: { type: 'string' },
      user: { type: 'string' },
      stream: { type: 'boolean', default: true },
      'show-reasoning': { type: 'boolean', default: false },
      conversation: { type: 'string' },
      image: { type: 'string', multiple: true },
      'allow-non-vision': { type: 'boolean', default: false },
    },
    1,
  );
  const message = positionals[0]!;
  const imageFiles = values.image ?? [];
  if (!message.trim() && !imageFiles.length) throw new UsageError('the message is empty');
  if (values.system !== undefined && values.preset !== undefined) throw new UsageError('use --system or --preset, not both');
  if (!values.conversation && (!values.provider || !values.model)) throw new UsageError('chat needs --provider and --model (or --conversation)');
  const rawParams: ChatParams = {
    temperature: number(values.temperature, '--temperature'),
    topP: number(values['top-p'], '--top-p'),
    maxTokens: number(values['max-tokens'], '--max-tokens'),
    frequencyPenalty: number(values['frequency-penalty'], '--frequency-penalty'),
    presencePenalty: number(values['presence-penalty'], '--presence-penalty'),
    logprobs: number(values.logprobs, '--logprobs'),
    n: number(values.n, '--n'),
    stop: values.stop,
    user: values.user,
    stream: values.stream === false ? false : undefined,
  };
  const checked = chatParamsSchema.safeParse(Object.fromEntries(Object.entries(rawParams).filter(([, v]) => v !== undefined)));
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(`invalid --${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
  }
  const params = checked.data;

  return async (api, core, io) => {
    // Images are checked and downscaled before anything is created, so a refused file stores nothing.
    const current = values.conversation ? await call(api, 'conversations.get', { id: values.conversation }) : undefined;
    let preparedImages;
    try {
      preparedImages = await prepareChatImages(
        core,
        imageFiles,
        { providerId: values.provider ?? current?.providerId ?? null, model: values.model ?? current?.model ?? null },
        values['allow-non-vision'] === true,
      );
    } catch (error) {
      if (error instanceof ImageError || error instanceof NonVisionModelError) throw new UsageError(error.message);
      throw error;
    }
    let conversationId = values.conversation;
    if (conversationId) {
      const existing = await call(api, 'conversations.get', { id: conversationId });
      await call(api, 'conversations.update', {
        id: conversationId,
        ...(values.provider ? { providerId: values.provider } : {}),
        ...(values.model ? { model: values.model } : {}),
        ...(values.system !== undefined ? { systemPrompt: values.system } : {}),
        params: { ...existing.params, ...params },
      });
    } else {
      const providers = await call(api, 'providers.list', {});
      if (!providers.some((p) => p.id === values.provider)) throw new UsageError(`no provider "${values.provider}" (see 'qiao provider list')`);
      let preset: Preset | undefined;
      if (values.preset !== undefined) {
        preset = findPreset(await call(api, 'presets.list', {}), values.preset);
        if (!preset) throw new UsageError(`no preset "${values.preset}"`);
      }
      const created = await call(api, 'conversations.create', { ...(preset ? { presetId: preset.id } : {}), providerId: values.provider, model: values.model });
      conversationId = created.id;
      await call(api, 'conversations.update', {
        id: conversationId,
        ...(values.system !== undefined ? { systemPrompt: values.system } : {}),
        params: { ...created.params, ...params },
      });
    }

    // Print deltas of the first reply as they arrive; each reply's end arrives as a chat.status event.
    // Events can come before chat.send returns the ids, so they are buffered until then.
    type Delta = { messageId: string; text: string; reasoning: string; reset?: boolean };
    let watched: string | undefined;
    const early: Delta[] = [];
    const ended = new Set<string>();
    let onEnded = () => {};
    let printed = '';
    const write = (delta: Delta) => {
      if (delta.reset) {
        // The provider relabelled the reply (e.g. assumed reasoning turned out to be the answer): print only
        // what stdout has not shown yet.
        if (delta.text.startsWith(printed)) {
          io.out(delta.text.slice(printed.length));
          printed = delta.text;
        }
        return;
      }
      if (delta.reasoning && values['show-reasoning']) io.err(delta.reasoning);
      if (delta.text) {
        io.out(delta.text);
        printed += delta.text;
      }
    };
    const unsubscribe = core.events.subscribe((event, payload) => {
      if (event === 'chat.delta') {
        const delta = payload as Delta;
        if (watched === undefined) early.push(delta);
        else if (delta.messageId === watched) write(delta);
      } else if (event === 'chat.status') {
        const status = payload as { messageId: string; status: string };
        if (status.status !== 'streaming') ended.add(status.messageId);
        onEnded();
      }
    });
    let replies: Message[];
    try {
      const images = storeChatImages(core, preparedImages);
      const turn = await call(api, 'chat.send', {
        conversationId,
        text: message,
        ...(images.length ? { images, allowNonVision: values['allow-non-vision'] === true } : {}),
      });
      watched = turn.assistantMessageIds[0];
      for (const delta of early) if (delta.messageId === watched) write(delta);
      const stopOnInterrupt = io.onInterrupt(() => void call(api, 'chat.stop', { messageId: watched }));
      await new Promise<void>((resolve) => {
        onEnded = () => turn.assistantMessageIds.every((id) => ended.has(id)) && resolve();
        onEnded();
      });
      stopOnInterrupt();
      const all = await call(api, 'messages.list', { conversationId });
      replies = turn.assistantMessageIds.map((id) => all.find((m) => m.id === id)!).filter(Boolean);
    } finally {
      unsubscribe();
    }
    io.out('\n');
    const first = replies[0];
    if (replies.length > 1) io.err(`qiao: ${replies.length} replies saved as siblings in conversation ${conversationId}\n`);
    if (!first || first.status === 'done') return 0;
    io.err(`qiao: ${first.error?.message ?? (first.status === 'interrupted' ? 'stopped; the partial reply is saved' : first.status)}\n`);
    return 1;
  };
}

function findPreset(presets: Preset[], query: string): Preset | undefined {
  const q = query.trim().toLowerCase();
  return presets.find((p) => p.id.toLowerCase() === q || p.name.toLowerCase() === q || p.name.split('·').some((part) => part.trim().toLowerCase() === q));
}

function searchCommand(args: string[]): Command {
  const { values, positionals } = parse(args, { limit: { type: 'string', default: '20' } }, 1);
  const limit = number(values.limit, '--limit');
  return async (api, _core, io) => {
    const { results } = await call(api, 'search.query', { query: positionals[0], limit });
    // Plain text, one line per match: tabs and newlines inside a snippet become spaces.
    for (const r of results) io.out(`${r.conversationId}\t${r.messageId ?? '-'}\t${r.snippet.map((s) => s.text).join('').replace(/\s+/g, ' ').trim()}\n`);
    return 0;
  };
}

function exportCommand(args: string[]): Command {
  const { values, positionals } = parse(
    args,
    { all: { type: 'boolean', default: false }, format: { type: 'string' }, out: { type: 'string' }, reasoning: { type: 'boolean', default: false } },
    args.includes('--all') ? 0 : 1,
  );
  if (values.format !== 'md' && values.format !== 'json') throw new UsageError('export needs --format md or --format json');
  if (!values.out) throw new UsageError('export needs --out <path>');
  const target = absolutePath(values.out);
  return async (api, _core, io) => {
    const summary = await call(api, 'export.conversations', {
      ...(values.all ? { all: true } : { conversationIds: [positionals[0]] }),
      format: values.format,
      path: target,
      includeReasoning: values.reasoning,
    });
    io.out(`exported ${summary.conversations} conversation${summary.conversations === 1 ? '' : 's'} (${summary.messages} messages, ${summary.images} images) to ${target}\n`);
    return 0;
  };
}

function importCommand(args: string[]): Command {
  const { positionals } = parse(args, {}, 1);
  const file = absolutePath(positionals[0]!);
  return async (api, _core, io) => {
    const s = await call(api, 'import.conversations', { path: file });
    io.out(`imported ${s.conversationsAdded} new conversation${s.conversationsAdded === 1 ? '' : 's'}, ${s.messagesAdded} messages, ${s.imagesAdded} images` + (s.conversationsMerged ? `; ${s.conversationsMerged} existing conversations gained messages` : '') + '\n');
    return 0;
  };
}
