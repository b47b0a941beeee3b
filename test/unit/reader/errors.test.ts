// Errors crossing the reader worker's boundary (src/main/core/reader/errors.ts) come back as the classes they were,
// with the same messages, and never carry a secret of the request.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorFromData, errorToData } from '../../../src/main/core/reader/errors';
import { readerWorkerEntry } from '../../../src/main/core/reader/client';
import { NotFoundError, SchemaTooNewError } from '../../../src/main/core/store/errors';
import { ImportError } from '../../../src/main/core/export';

/** What the worker sends, through the structured clone postMessage uses. */
const across = (error: unknown, secrets: string[] = []) => errorFromData(structuredClone(errorToData(error)), secrets);

describe('reader errors', () => {
  it('rebuilds the classes api.ts tells apart, with their fields and messages', () => {
    const notFound = across(new NotFoundError('Conversation', 'c-1'));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound).toMatchObject({ name: 'NotFoundError', what: 'Conversation', id: 'c-1', message: 'Conversation not found: c-1' });
    const invalid = across(new ImportError('Not a JSON file (it does not parse as JSON)'));
    expect(invalid).toBeInstanceOf(ImportError);
    expect(invalid.message).toBe('Not a JSON file (it does not parse as JSON)');
    const tooNew = across(new SchemaTooNewError(9, 5, '/data/qiao.db'));
    expect(tooNew).toBeInstanceOf(SchemaTooNewError);
    expect(tooNew.message).toBe(new SchemaTooNewError(9, 5, '/data/qiao.db').message);
  });

  it('keeps the name, message and code of any other error (a file error, a SQLite error)', () => {
    let fileError: unknown;
    try {
      fs.readFileSync(path.join('/nonexistent-qiao-dir', 'x.json'));
    } catch (error) {
      fileError = error;
    }
    const revived = across(fileError);
    expect(revived).toBeInstanceOf(Error);
    expect(revived).toMatchObject({ message: (fileError as Error).message, code: 'ENOENT', syscall: 'open', path: '/nonexistent-qiao-dir/x.json' });
    const sqlite = Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });
    expect(across(sqlite)).toMatchObject({ name: 'SqliteError', message: 'database is locked', code: 'SQLITE_BUSY' });
    expect(across('a string was thrown')).toMatchObject({ name: 'Error', message: 'a string was thrown' });
  });

  it('redacts the request\'s secrets from the message and every string field', () => {
    const secret = 'sk-secret-0123456789abcdef';
    const error = Object.assign(new Error(`EACCES: permission denied, open '/tmp/${secret}.json'`), { code: 'EACCES', path: `/tmp/${secret}.json` });
    const revived = across(error, [secret]);
    expect(revived.message).toBe("EACCES: permission denied, open '/tmp/[redacted].json'");
    expect(JSON.stringify({ ...revived, message: revived.message, stack: revived.stack })).not.toContain(secret);
    const notFound = across(new NotFoundError('Conversation', secret), [secret]);
    expect(notFound.message).toBe('Conversation not found: [redacted]');
  });
});

describe('readerWorkerEntry', () => {
  it('starts bootstrap.mjs beside the source and readerWorker.js beside a bundle', () => {
    const source = readerWorkerEntry();
    expect(source.pathname.endsWith('/src/main/core/reader/bootstrap.mjs')).toBe(true);
    expect(fs.existsSync(source)).toBe(true);
    expect(readerWorkerEntry(pathToFileURL('/app/out/main/index.js').href).href).toBe(pathToFileURL('/app/out/main/readerWorker.js').href);
  });
});
