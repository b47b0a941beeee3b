// The provider simulator in its own process, so the main process's CPU and event loop measure only Qiao.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimReply } from '../../test/sim/server';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface SimProcess {
  baseUrls: { baystone: string; zyinfoOverseas: string; zyinfoDomestic: string; szaiai: string };
  enqueue(...replies: SimReply[]): Promise<void>;
  /** CPU time the simulator process has used so far (ms): tells whether it was the bottleneck of a run. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

export async function startSimProcess(): Promise<SimProcess> {
  const child: ChildProcess = fork(path.join(here, 'simChild.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const pending = new Map<number, (cpuMs?: number) => void>();
  const ready = new Promise<SimProcess['baseUrls']>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: { type: string; id?: number; baseUrls?: SimProcess['baseUrls']; cpuMs?: number }) => {
      if (message.type === 'ready') resolve(message.baseUrls!);
      if (message.type === 'ack') {
        pending.get(message.id!)?.(message.cpuMs);
        pending.delete(message.id!);
      }
    });
  });
  const baseUrls = await ready;
  return {
    baseUrls,
    enqueue: (...replies) =>
      new Promise<void>((resolve) => {
        const id = ++seq;
        pending.set(id, () => resolve());
        child.send({ type: 'enqueue', id, replies });
      }),
    cpuMs: () =>
      new Promise<number>((resolve) => {
        const id = ++seq;
        pending.set(id, (cpuMs) => resolve(cpuMs ?? 0));
        child.send({ type: 'cpu', id });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}
