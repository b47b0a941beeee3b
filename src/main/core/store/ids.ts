import { randomBytes } from 'node:crypto';

let lastTime = 0;
let counter = 0;

/** Time-ordered, URL-safe ids: creation order equals string order, which keeps sibling order stable. */
export function newId(now = Date.now()): string {
  if (now === lastTime) counter += 1;
  else {
    lastTime = now;
    counter = 0;
  }
  return now.toString(36).padStart(9, '0') + counter.toString(36).padStart(3, '0') + randomBytes(6).toString('hex');
}
