// Warms the Markdown pipeline while the app is idle after start, so the first conversation the user opens does not
// pay for first-time work: highlight.js compiles a language's grammar the first time it sees it, micromark, the
// rehype transforms and React's Markdown components run cold (interpreted) the first time, and KaTeX's fonts
// (font-display: block) load only when math is first laid out, hiding it until they arrive. On a 10,000-message
// conversation that first-time work was about a fifth of opening it (bench/renderer.ts, bench/open-cold.ts).
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { MarkdownView } from './Markdown';
import { formatCount } from '../format';
import { languages } from '../i18n';

/** What replies are mostly made of: prose and lists, code in the common languages, inline and display math. */
export const WARM_UP_SAMPLES: readonly string[] = [
  '# 标题 Title\n\n段落 with **bold**, *italic*, `code` and [a link](https://example.com).\n\n- 一\n- two\n  1. 三\n\n> 引用 quote\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n\n- [x] done ~~struck~~',
  '```ts\nconst energy = (n: number): number => -13.6 / (n * n);\nexport interface Level { n: number }\n```\n\n```js\nconsole.log([1, 2].map((x) => x * 2));\n```',
  '```python\ndef energy(n: int) -> float:\n    return -13.6 / (n * n)\n```\n\n```bash\nnpm install && echo "done"\n```\n\n```json\n{ "a": [1, true, null] }\n```',
  '行内公式 $E = mc^2$ and $\\hbar \\omega$.\n\n$$\n\\int_0^1 x\\,dx = \\tfrac12, \\quad \\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}\n$$',
];

/** The KaTeX faces nearly every formula uses (the others load when a formula needs them). */
const KATEX_FONTS = ['KaTeX_Main', 'KaTeX_Math', 'KaTeX_Size1', 'KaTeX_Size2', 'KaTeX_AMS'];

/** Renders `text` as a reply would be, into an element that is never attached to the document, then discards it. */
function renderDetached(text: string): void {
  const root = createRoot(document.createElement('div'));
  flushSync(() => root.render(<MarkdownView text={text} split={null} />));
  root.unmount();
}

export interface IdleScheduler {
  request(callback: (deadline: IdleDeadline) => void): number;
  cancel(handle: number): void;
  /** A plain timer, for postponing. */
  after(ms: number, callback: () => void): number;
  cancelAfter(handle: number): void;
}

export interface IdleRun {
  cancel(): void;
  /** The user did something: no step for `ms`, so the warm-up never competes with what they asked for. */
  postpone(ms: number): void;
}

/**
 * Runs `steps` one after another in idle periods, starting one only while at least `minRemainingMs` of the period
 * is left, so the warm-up never holds up input the user gives meanwhile for long.
 */
export function runWhenIdle(steps: ReadonlyArray<() => void>, scheduler: IdleScheduler, minRemainingMs = 10): IdleRun {
  let next = 0;
  let idleHandle: number | undefined;
  let timerHandle: number | undefined;
  const unschedule = () => {
    if (idleHandle !== undefined) scheduler.cancel(idleHandle);
    if (timerHandle !== undefined) scheduler.cancelAfter(timerHandle);
    idleHandle = timerHandle = undefined;
  };
  const schedule = () => {
    if (next < steps.length && idleHandle === undefined && timerHandle === undefined) idleHandle = scheduler.request(work);
  };
  const work = (deadline: IdleDeadline) => {
    idleHandle = undefined;
    while (next < steps.length && deadline.timeRemaining() >= minRemainingMs) {
      const step = steps[next++]!;
      try {
        step();
      } catch (error) {
        // A warm-up is an optimization: a failure costs only speed, never the app.
        console.warn('warm-up step failed', error);
      }
    }
    schedule();
  };
  schedule();
  return {
    cancel() {
      unschedule();
      next = steps.length;
    },
    postpone(ms) {
      if (next >= steps.length) return;
      unschedule();
      timerHandle = scheduler.after(ms, () => {
        timerHandle = undefined;
        schedule();
      });
    },
  };
}

/** After a click or a key press, the warm-up waits this long: opening a conversation comes first. */
const POSTPONE_ON_INPUT_MS = 1000;

/** Schedules the Markdown warm-up in the browser's idle periods. */
export function warmUpMarkdownWhenIdle(): () => void {
  const steps = [
    () => {
      for (const family of KATEX_FONTS) void document.fonts.load(`16px ${family}`).catch(() => undefined);
    },
    ...WARM_UP_SAMPLES.map((sample) => () => renderDetached(sample)),
    // A reply's statistics format counts for the app's language (ICU loads its data on the first use).
    () => {
      for (const language of languages) formatCount(1234, language);
    },
  ];
  const run = runWhenIdle(steps, {
    request: (callback) => requestIdleCallback(callback),
    cancel: (handle) => cancelIdleCallback(handle),
    after: (ms, callback) => window.setTimeout(callback, ms),
    cancelAfter: (handle) => window.clearTimeout(handle),
  });
  // Captured on the window, so this runs before the app handles the same input.
  const postpone = () => run.postpone(POSTPONE_ON_INPUT_MS);
  const inputs = ['pointerdown', 'click', 'keydown'] as const;
  for (const type of inputs) window.addEventListener(type, postpone, { capture: true, passive: true });
  return () => {
    run.cancel();
    for (const type of inputs) window.removeEventListener(type, postpone, { capture: true });
  };
}
