import { startSimulator, type SimReply } from '../../test/sim/server';

const sim = await startSimulator();
process.on('message', async (message: { type: string; id?: number; replies?: SimReply[] }) => {
  if (message.type === 'enqueue') {
    sim.enqueue(...(message.replies ?? []));
    process.send!({ type: 'ack', id: message.id });
  } else if (message.type === 'cpu') {
    const used = process.cpuUsage();
    process.send!({ type: 'ack', id: message.id, cpuMs: (used.user + used.system) / 1000 });
  } else if (message.type === 'close') {
    await sim.close();
    process.exit(0);
  }
});
process.send!({ type: 'ready', baseUrls: sim.baseUrls });
