import { describe, expect, it } from 'vitest';
import { plainProgress } from '../../src/cli/progress.js';

describe('plain progress (no terminal)', () => {
  it('prints a line per source when its state changed, at most every interval, and when it is done', async () => {
    const out: string[] = [];
    const progress = plainProgress({ write: (s: string) => out.push(s) > 0 }, 20);
    progress.update('aws', '1/3 accounts, 10 requests');
    await new Promise((r) => setTimeout(r, 60));
    progress.update('aws', '1/3 accounts, 10 requests'); // unchanged: not printed again
    await new Promise((r) => setTimeout(r, 60));
    progress.update('aws', '2/3 accounts, 25 requests');
    await new Promise((r) => setTimeout(r, 60));
    progress.done('aws', 'ok, 40 requests');
    progress.stop();
    expect(out.map((l) => l.replace(/^\[\d+s\] /, ''))).toEqual([
      'aws: 1/3 accounts, 10 requests\n',
      'aws: 2/3 accounts, 25 requests\n',
      'aws: done — ok, 40 requests\n',
    ]);
  });
});
