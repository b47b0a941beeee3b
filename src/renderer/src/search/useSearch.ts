// Search as you type: debounced, the newest request wins, the previous results stay on screen while the next
// ones load. While the core is still indexing a backlog (pendingIndexing > 0) the same search runs again shortly,
// so results fill in without the user typing again.
import { useEffect, useState } from 'react';
import type { ApiInput, ApiOutput } from '../../../shared/contract';
import { api } from '../api';

export type SearchRequest = ApiInput<'search.query'>;
export type SearchOutput = ApiOutput<'search.query'>;
export type SearchResult = SearchOutput['results'][number];

const REFRESH_WHILE_INDEXING_MS = 1000;

interface State {
  key: string;
  output: SearchOutput | null;
  error: string | null;
}

export function useSearch(request: SearchRequest | null, delayMs = 150): { output: SearchOutput | null; error: string | null; searching: boolean; forKey: string } {
  const key = request && request.query.trim() ? JSON.stringify(request) : '';
  const [state, setState] = useState<State>({ key: '', output: null, error: null });

  useEffect(() => {
    if (!key) {
      setState({ key: '', output: null, error: null });
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const run = () => {
      api.search.query(JSON.parse(key) as SearchRequest).then(
        (output) => {
          if (cancelled) return;
          setState({ key, output, error: null });
          if (output.pendingIndexing > 0) timer = setTimeout(run, REFRESH_WHILE_INDEXING_MS);
        },
        (e: Error) => !cancelled && setState({ key, output: null, error: e.message }),
      );
    };
    timer = setTimeout(run, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, delayMs]);

  return { output: key ? state.output : null, error: key ? state.error : null, searching: key !== state.key, forKey: state.key };
}
