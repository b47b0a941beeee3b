import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringifyInSteps } from '../../../src/main/core/export/steppedJson';
import { timeSliceStepper, type Stepper } from '../../../src/main/core/timeSlice';
import { buildJsonExport, buildJsonExportInSteps, serializeJsonExport } from '../../../src/main/core/export/exportJson';
import { redactSecrets } from '../../../src/main/core/export/redact';
import { attachmentsRepo, conversationsRepo, messagesRepo, openDatabase } from '../../../src/main/core/store';
import { tempDir } from '../../helpers/tempDir';
import { stringSlices } from '../../../src/main/core/export';

const everyItem: Stepper = { maybeYield: () => new Promise((resolve) => setImmediate(resolve)) };

describe('stringifyInSteps', () => {
  it('equals JSON.stringify(value, null, 2) byte for byte on awkward values', async () => {
    const values: unknown[] = [
      null,
      0,
      'x',
      [],
      {},
      [[], {}, [1, [2, [3, [4, [5]]]]]],
      { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: { e: { f: { g: { h: [1, { i: '\n"\\' }] } } } } },
      { date: new Date(0), nested: { toJSON: () => ({ replaced: true }) } },
      { '中文 key': '值\u2028\u0000', emoji: '🧪', list: Array.from({ length: 50 }, (_, i) => ({ i, s: `#${i}` })) },
    ];
    for (const value of values) {
      for (const walkDepth of [0, 1, 2, 4, 10]) {
        expect(await stringifyInSteps(value, everyItem, walkDepth)).toBe(JSON.stringify(value, null, 2));
      }
    }
  });

  it('the stepped JSON export equals the one-shot export, redaction included', async () => {
    const db = openDatabase(path.join(tempDir(), 'qiao.db'));
    const secret = 'sk-secret-pasted-into-chat';
    const image = attachmentsRepo.putAttachment(db, { data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 9]), mime: 'image/png', width: 1, height: 1 });
    const ids: string[] = [];
    for (let c = 0; c < 3; c++) {
      const conversation = conversationsRepo.createConversation(db, { title: `对话 ${c}`, params: { temperature: 0.5, stop: ['END'] } }, 1000 + c);
      ids.push(conversation.id);
      let parentId: string | null = null;
      for (let i = 0; i < 1200; i++) {
        parentId = messagesRepo.insertMessage(
          db,
          {
            conversationId: conversation.id,
            parentId,
            role: i % 2 ? 'assistant' : 'user',
            parts: i === 5 ? [{ type: 'image', hash: image.hash, mime: 'image/png', width: 1, height: 1 }, { type: 'text', text: `key ${secret}` }] : [{ type: 'text', text: `消息 ${i} "quoted" \\ back` }],
            status: 'done',
          },
          2000 + i,
        ).id;
      }
    }
    const expected = serializeJsonExport(redactSecrets(buildJsonExport(db, ids), [secret]));
    const stepper = timeSliceStepper(1);
    const file = await buildJsonExportInSteps(db, ids, (value) => redactSecrets(value, [secret]), stepper);
    const actual = `${await stringifyInSteps(file, stepper)}\n`;
    expect(actual).toBe(expected);
    expect(actual).not.toContain(secret);
  });
});

describe('stringSlices', () => {
  it('cuts a text into slices that join back to it and never split a surrogate pair', () => {
    const text = 'a😀b😀😀c'.repeat(50);
    for (const size of [1, 2, 3, 7, 64]) {
      const slices = [...stringSlices(text, size)];
      expect(slices.join('')).toBe(text);
      for (const slice of slices) expect(Buffer.from(slice, 'utf8').toString('utf8')).toBe(slice);
    }
  });
});
