// Typechecked with the renderer (tsconfig.web.json).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownView } from '../../../src/renderer/src/markdown/Markdown';
import { runWhenIdle, WARM_UP_SAMPLES, type IdleScheduler } from '../../../src/renderer/src/markdown/warmUp';
import { initI18n } from '../../../src/renderer/src/i18n';

initI18n('zh-CN');

/** Idle periods on demand: each `period(ms)` runs the pending callback with that much time left, spent by steps. */
function fakeIdle() {
  let pending: ((deadline: IdleDeadline) => void) | undefined;
  let timer: (() => void) | undefined;
  let remaining = 0;
  const scheduler: IdleScheduler = {
    request(callback) {
      pending = callback;
      return 1;
    },
    cancel() {
      pending = undefined;
    },
    after(_ms, callback) {
      timer = callback;
      return 2;
    },
    cancelAfter() {
      timer = undefined;
    },
  };
  return {
    scheduler,
    get waiting() {
      return pending !== undefined;
    },
    get postponed() {
      return timer !== undefined;
    },
    /** The postponement's time is up. */
    resume() {
      const callback = timer;
      timer = undefined;
      callback?.();
    },
    /** Runs one idle period of `ms`; every step spends `stepMs` of it. */
    period(ms: number) {
      const callback = pending;
      pending = undefined;
      remaining = ms;
      callback?.({ didTimeout: false, timeRemaining: () => Math.max(0, remaining) });
    },
    spend(ms: number) {
      remaining -= ms;
    },
  };
}

describe('Markdown warm-up', () => {
  it('runs its steps in idle periods, starting one only while enough of the period is left', () => {
    const idle = fakeIdle();
    const ran: number[] = [];
    const steps = [0, 1, 2, 3].map((i) => () => {
      ran.push(i);
      idle.spend(8);
    });
    runWhenIdle(steps, idle.scheduler, 10);
    expect(ran).toEqual([]);
    idle.period(5); // too short for any step
    expect(ran).toEqual([]);
    idle.period(20); // 20 → 12 → 4: two steps fit
    expect(ran).toEqual([0, 1]);
    idle.period(50);
    expect(ran).toEqual([0, 1, 2, 3]);
    expect(idle.waiting).toBe(false);
  });

  it('stops when cancelled, and a failing step does not stop the others', () => {
    const idle = fakeIdle();
    const ran: string[] = [];
    const run = runWhenIdle(
      [
        () => {
          throw new Error('boom');
        },
        () => ran.push('second'),
        () => idle.spend(100),
        () => ran.push('never'),
      ],
      idle.scheduler,
    );
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      idle.period(50);
    } finally {
      console.warn = warn;
    }
    expect(ran).toEqual(['second']);
    expect(idle.waiting).toBe(true);
    run.cancel();
    expect(idle.waiting).toBe(false);
    idle.period(50);
    expect(ran).toEqual(['second']);
  });

  it('waits after the user does something, then goes on where it was', () => {
    const idle = fakeIdle();
    const ran: number[] = [];
    const step = (i: number) => () => {
      ran.push(i);
      idle.spend(8);
    };
    const run = runWhenIdle([step(0), step(1), step(2)], idle.scheduler, 10);
    idle.period(10); // 10 → 2: one step
    expect(ran).toEqual([0]);
    run.postpone(1000);
    expect(idle.waiting).toBe(false);
    expect(idle.postponed).toBe(true);
    idle.period(50); // an idle period during the postponement runs nothing
    expect(ran).toEqual([0]);
    idle.resume();
    expect(idle.waiting).toBe(true);
    idle.period(30);
    expect(ran).toEqual([0, 1, 2]);
    run.postpone(1000); // finished: nothing to postpone
    expect(idle.postponed).toBe(false);
  });

  it('its samples go through the whole pipeline: highlighted code in each language, KaTeX math, GFM', () => {
    const html = WARM_UP_SAMPLES.map((text) => renderToStaticMarkup(createElement(MarkdownView, { text, split: null }))).join('\n');
    for (const language of ['ts', 'js', 'python', 'bash', 'json']) expect(html).toContain(`language-${language}`);
    expect(html.match(/class="hljs-keyword"/g)?.length ?? 0).toBeGreaterThan(3);
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
  });
});
