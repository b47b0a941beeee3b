// Errors crossing a face boundary travel as plain data (IPC and WebSocket cannot carry Error subclasses).
export type ApiErrorCode =
  | 'validation'
  | 'unknown_method'
  | 'not_found'
  | 'conflict'
  | 'keychain_unavailable'
  | 'provider'
  | 'internal';

export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
  /** Field-level problems for `validation` errors. */
  issues?: Array<{ path: string; message: string }>;
}

export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiErrorData['issues'];
  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.issues = data.issues;
  }
  toData(): ApiErrorData {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}
