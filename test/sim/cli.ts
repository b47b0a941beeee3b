// `npm run sim [-- --port 8787] [--host 127.0.0.1] [--delay 30] [--chunk 4] [--quiet]`
// Runs the provider simulator until Ctrl-C and prints what to paste into Qiao's provider settings.
import { startSimulator, type RecordedRequest } from './server';

interface Args {
  port?: number;
  host?: string;
  delay?: number;
  chunk?: number;
  quiet: boolean;
}

const USAGE = `Usage: npm run sim -- [--port N] [--host H] [--delay MS] [--chunk N] [--quiet]
  --port N     listen on port N (default: any free port)
  --host H     bind address (default 127.0.0.1)
  --delay MS   default pause between streamed deltas, so Stop can be tried (default 0)
  --chunk N    default characters per delta (default 4)
  --quiet      do not log each request`;

function parseArgs(argv: string[]): Args {
  const args: Args = { quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const [flag, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a non-negative integer, got "${v}"`);
      return n;
    };
    switch (flag) {
      case '--port':
        args.port = int();
        break;
      case '--host':
        args.host = value();
        break;
      case '--delay':
        args.delay = int();
        break;
      case '--chunk':
        args.chunk = int();
        break;
      case '--quiet':
        args.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${raw}\n${USAGE}`);
    }
  }
  return args;
}

function logLine(r: RecordedRequest): string {
  const who = r.zyinfo ? ` openid=${r.zyinfo.openid} userid=${r.zyinfo.userid} model=${r.zyinfo.model}` : '';
  return `${new Date(r.receivedAt).toISOString().slice(11, 23)} ${r.gateway} ${r.method} ${r.path} → ${r.status ?? '-'} ${r.outcome ?? ''}${who}`;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  const sim = await startSimulator({
    port: args.port,
    host: args.host,
    onRequest: args.quiet ? undefined : (r) => console.log(logLine(r)),
  });
  if (args.delay !== undefined || args.chunk !== undefined) sim.setDefault({ delayMs: args.delay, chunkSize: args.chunk || undefined });
  const b = sim.baseUrls;
  console.log(`Qiao provider simulator (桥·模拟器) listening on ${sim.url}

  Baystone 英智   base URL ${b.baystone}            key: ${[...sim.validKeys].join(', ')}
  zyinfo 展映     overseas node ${b.zyinfoOverseas}   (streams)
                 domestic node ${b.zyinfoDomestic}   (no native stream)
                 e.g. ${b.zyinfoOverseas}/llm_api/test/test/qwen/v1   openid: ${[...sim.validOpenids].join(', ')}, any key
                 stop:  ${b.zyinfoOverseas}/llm_api/suspend_current_generate?openid=test&userid=test
                 quota: ${b.zyinfoDomestic}/api_user/info?openid=test&type=json
  szaiai 小艾引擎 base URL ${b.szaiai}  (Anthropic /v1/messages; OpenAI ${b.szaiai}/v1)  key: ${[...sim.validKeys].join(', ')}

Ctrl-C to stop.`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
