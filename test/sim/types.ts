// The simulator's public vocabulary. `server.ts` re-exports everything here; import from there.

/** What the next chat request should get. Every field is optional; absent fields take the defaults below. */
export interface SimReply {
  /** Assistant text; default `DEFAULT_REPLY_TEXT`, a short mixed Chinese/English reply. */
  text?: string;
  /** OpenAI n>1: one text per choice (index 0..n-1). If absent and the request asks n>1, n variants of `text`. */
  choices?: string[];
  /** Reasoning text emitted before the answer. */
  reasoning?: string;
  /**
   * How `reasoning` travels. Defaults: 'reasoning_content' on OpenAI endpoints, 'anthropic-thinking' on
   * /v1/messages. An OpenAI-only style on /v1/messages falls back to 'anthropic-thinking' and vice versa.
   *  - reasoning_content / reasoning: the OpenAI delta (and message) field of that name
   *  - think-tags: "<think>\n…\n</think>\n\n" inside content, split across deltas mid-tag
   *  - think-close-only: R1-distill style, content is "…\n</think>\n\nanswer" with no opening tag
   *  - anthropic-thinking: a thinking content block with thinking_delta (+ signature_delta) events
   */
  reasoningStyle?: 'reasoning_content' | 'reasoning' | 'think-tags' | 'think-close-only' | 'anthropic-thinking';
  /**
   * OpenAI finish_reason (default 'stop', or 'length' when max_tokens cut the text). On /v1/messages the
   * stop_reason (default 'end_turn'; 'max_tokens' / 'stop_sequence' when those cut the text).
   */
  finishReason?: string;
  /** null = send no usage at all; default: counts computed by the simulator's toy tokenizer. */
  usage?: { prompt: number; completion: number } | null;
  /** Force logprobs in chunks (also sent when the request asks for logprobs / top_logprobs). */
  logprobs?: boolean;
  /** Characters (code points) per delta; default 4. */
  chunkSize?: number;
  /** Milliseconds between deltas; default 0. Non-streamed answers wait the same total time before answering. */
  delayMs?: number;

  // ---- faults ----
  /** Answer with this HTTP status (>= 400) and that gateway's documented error body. */
  status?: number;
  /** Retry-After header value sent with `status`. */
  retryAfter?: string;
  /** Overrides the error `type` of `status` / `errorAfterChunks` (e.g. 'api_error' instead of 'overloaded_error'). */
  errorType?: string;
  /** Overrides the error `message` of `status` / `errorAfterChunks`. */
  errorMessage?: string;
  /**
   * After N deltas emit an in-stream error and end the stream (OpenAI: a `data: {"error":{…}}` chunk; Anthropic:
   * `event: error`). On a non-streamed request: an HTTP 500 with the error body after the simulated time.
   */
  errorAfterChunks?: number;
  /** After N deltas destroy the socket (no [DONE] / message_stop). Non-streamed: destroy without answering. */
  dropAfterChunks?: number;
  /** After N deltas send nothing more but keep the socket open (until the client aborts or the server closes). */
  stallAfterChunks?: number;
  /** Write the whole response body one byte per write (with a setImmediate between), to exercise parsers. */
  byteByByte?: boolean;
  /**
   * Hand each frame to Node's socket buffer without waiting until it reaches the socket, pausing only when the
   * buffer is full ('drain'): Node coalesces the frames into large writes, so the server streams as fast as a
   * server can (the bench's pipeline run). By default every frame is awaited on its own, one write each.
   */
  bufferedWrites?: boolean;
  /** Answer a stream:true request with a plain JSON (non-streamed) completion. */
  ignoreStream?: boolean;
  /**
   * /v1/messages only: send exactly the seed's minimal sequence — message_start, content_block_delta events
   * without content_block_start / index (plus the seed's trailing empty text_delta), message_stop — with no
   * content_block_stop, message_delta or ping.
   */
  anthropicMinimal?: boolean;
}

export type SimGateway = 'baystone' | 'zyinfo-overseas' | 'zyinfo-domestic' | 'szaiai';

/** What a recorded request was, as routed by the simulator. */
export type RequestKind =
  | 'chat' // OpenAI /v1/chat/completions (any gateway)
  | 'messages' // Anthropic /v1/messages (szaiai)
  | 'completions'
  | 'edits'
  | 'images'
  | 'models'
  | 'embeddings'
  | 'suspend'
  | 'quota'
  | 'file'
  | 'unknown';

/** How the simulator's side of a request ended (set when it ends). */
export type RequestOutcome =
  | 'completed' // answered normally (including error answers, see `status`)
  | 'suspended' // zyinfo suspend_current_generate ended it early
  | 'aborted' // the client went away before the answer was complete
  | 'stream-error' // errorAfterChunks fired
  | 'dropped' // dropAfterChunks fired
  | 'stalled'; // stallAfterChunks fired; the socket was then closed by the client or by close()

export interface RecordedRequest {
  gateway: SimGateway;
  method: string;
  /**
   * Path without the gateway prefix and without the query, e.g. '/v1/chat/completions'. For zyinfo's
   * `/llm_api/{openid}/{userid}/{AI_system}/v1/…` routes the OpenAI base is the prefix too, so the path is
   * '/v1/chat/completions' and the three segments are in `zyinfo`; see `rawPath` for the full path.
   */
  path: string;
  /** The request path exactly as received (with the gateway prefix, without the query). */
  rawPath: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Parsed JSON, or null (no body, or not JSON). */
  body: unknown;
  receivedAt: number;
  kind: RequestKind;
  /** Response status, once sent. */
  status?: number;
  outcome?: RequestOutcome;
  zyinfo?: {
    openid: string;
    userid: string;
    /** As it appears in the URL ('' when the URL has `{userid}//v1`). */
    aiSystem: string;
    /** aiSystem, or body.model when aiSystem is empty. */
    model: string;
  };
}

export interface Simulator {
  /** http://127.0.0.1:PORT */
  url: string;
  baseUrls: {
    /** `${url}/baystone/v1`: what the OpenAI SDK takes as baseURL. */
    baystone: string;
    /** `${url}/zyinfo-overseas`: the NODE; the client appends /llm_api/{openid}/{userid}/{AI_system}/v1 itself. */
    zyinfoOverseas: string;
    /** `${url}/zyinfo-domestic`: the NODE (no native stream). */
    zyinfoDomestic: string;
    /** `${url}/szaiai`: the Anthropic SDK appends /v1/messages; give the OpenAI SDK `${szaiai}/v1`. */
    szaiai: string;
  };
  /** FIFO, consumed one per chat request (chat/completions or messages, any gateway); empty → the default. */
  enqueue(...replies: SimReply[]): void;
  setDefault(reply: SimReply): void;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** Only the chat/completions and messages requests. */
  chatRequests(): RecordedRequest[];
  /** Keys accepted by baystone and szaiai; default {'sk-test'}. */
  validKeys: Set<string>;
  /** openids accepted by zyinfo; default {'test'}. */
  validOpenids: Set<string>;
  /**
   * Opt-in per-gateway request limits per minute (per key / openid), answered with 429 + Retry-After.
   * szaiai documents 60/min; off by default so test suites are not throttled. reset() clears it.
   */
  rateLimits: Partial<Record<SimGateway, number>>;
  /** Clear queue, requests, default, rate limits and quota usage; restore valid keys/openids. */
  reset(): void;
  /** Also ends any stalled responses. */
  close(): Promise<void>;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** Request body limit; default 50 MB (szaiai's documented limit, used for every gateway). */
  maxBodyBytes?: number;
  /** Called with each recorded request once its response has ended (or its connection closed). */
  onRequest?: (request: RecordedRequest) => void;
}
