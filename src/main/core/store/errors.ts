export class SchemaTooNewError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly appVersion: number,
    readonly file: string,
  ) {
    super(
      `The database ${file} was written by a newer version of Qiao (schema ${fileVersion}; this app knows up to ${appVersion}). ` +
        'It was left untouched. Update Qiao to open it.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export class NotFoundError extends Error {
  // Kept as fields so the reader worker can send the error as data and the main side rebuild the same one.
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} not found: ${id}`);
    this.name = 'NotFoundError';
  }
}
