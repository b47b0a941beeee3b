// The `qiao` command: the same core, store and keychain as the app. Exit codes: 0 ok, 1 provider/runtime
// error, 2 bad usage.
import { createCore } from '../main/core/core';
import { createApi } from '../main/api';
import type { Conversation } from '../shared/domain';

const usage = `Usage: qiao <command>

Commands:
  conversations list         List saved conversations
  --version                  Print the version
  --help                     Show this help

Environment:
  QIAO_HOME                  Data directory (default: the app's data directory)`;

export async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  if (command === 'conversations' && sub === 'list') {
    const core = createCore();
    try {
      const result = await createApi(core).call('conversations.list', {});
      if (!result.ok) {
        process.stderr.write(`qiao: ${result.error.message}\n`);
        return 1;
      }
      for (const c of result.value as Conversation[]) process.stdout.write(`${c.id}\t${c.title}\n`);
      return 0;
    } finally {
      core.close();
    }
  }
  process.stderr.write(`qiao: unknown command '${argv.join(' ')}'\n${usage}\n`);
  return 2;
}
