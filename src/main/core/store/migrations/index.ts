// The ordered list of schema steps. Add a file per step and append it here; never edit a shipped step.
import { migration001 } from './001_initial';
import { migration002 } from './002_message_logprobs';
import { migration003 } from './003_search_index';
import { migration004 } from './004_automatic_titles';
import { migration005 } from './005_message_roots';
import { migration006 } from './006_search_merges_in_steps';
import type { Migration } from './types';

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006];
export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
export type { Migration };
