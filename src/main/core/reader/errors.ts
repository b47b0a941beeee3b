// Errors across the worker boundary. An Error subclass does not survive postMessage (the structured clone keeps only
// name and message, as a plain Error), but api.ts maps classes to API error codes: NotFoundError from an export of
// an unknown conversation must still be a `not_found` with the same message. So the worker sends
// {name, message, fields} and the main side rebuilds the class it names.
import { NotFoundError, SchemaTooNewError } from '../store/errors';
import { ImportError } from '../export/importJson';
import { redactText } from '../export/redact';

export interface ErrorData {
  name: string;
  message: string;
  /** The error's own primitive fields: NotFoundError's what/id, a file error's code/syscall/path, SQLite's code. */
  fields: Record<string, string | number | boolean | null>;
}

/** The worker was closed (core.close()) before it answered. */
export class ReaderClosedError extends Error {
  constructor(what: string) {
    super(`The ${what} did not finish: Qiao's reader was closed`);
    this.name = 'ReaderClosedError';
  }
}

/** The worker stopped on its own (a crash); the next request starts a new one. */
export class ReaderCrashedError extends Error {
  constructor(what: string, reason: string) {
    super(`The ${what} did not finish: Qiao's reader stopped unexpectedly (${reason}); try again`);
    this.name = 'ReaderCrashedError';
  }
}

export function errorToData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: ErrorData['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as string | number | boolean | null;
  }
  return { name: error.name, message: error.message, fields };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const number = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** The classes api.ts (or a face) tells apart, rebuilt from their fields; anything else becomes a plain Error. */
const revivers: Record<string, (data: ErrorData) => Error | undefined> = {
  NotFoundError: ({ fields }) => {
    const what = text(fields.what);
    const id = text(fields.id);
    return what !== undefined && id !== undefined ? new NotFoundError(what, id) : undefined;
  },
  ImportError: ({ message }) => new ImportError(message),
  SchemaTooNewError: ({ fields }) => {
    const [fileVersion, appVersion, file] = [number(fields.fileVersion), number(fields.appVersion), text(fields.file)];
    return fileVersion !== undefined && appVersion !== undefined && file !== undefined ? new SchemaTooNewError(fileVersion, appVersion, file) : undefined;
  },
};

/**
 * The error the worker reported, as the class it was. `secrets` are redacted from the message and every string
 * field first: an export request carries the user's keys (to keep them out of the file), and whatever went wrong
 * while it ran must not carry one into an API error or a log.
 */
export function errorFromData(data: ErrorData, secrets: readonly string[] = []): Error {
  const clean = (value: string) => redactText(value, secrets);
  const message = clean(data.message);
  const fields = Object.fromEntries(Object.entries(data.fields).map(([key, value]) => [key, typeof value === 'string' ? clean(value) : value]));
  const revived = revivers[data.name]?.({ name: data.name, message, fields });
  const error = revived ?? Object.assign(new Error(message), fields);
  // The same text as in-process, whatever a constructor would make of the fields.
  error.message = message;
  if (!revived) error.name = data.name;
  return error;
}
