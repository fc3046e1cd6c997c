import { describe, expect, it } from 'vitest';
import { fontRuns, textWidth, wrapLines } from '../../src/reports/pdf/fonts.js';

describe('table cell wrapping', () => {
  it('keeps every line within the width and loses no character', () => {
    const text =
      'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/k8s-ingress-public-internet-facing/0123456789abcdef ' +
      'listens on HTTP:80 without a redirect';
    const lines = wrapLines(text, 120, 8);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, 8)).toBeLessThanOrEqual(120);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    // long ids break after a separator where one is near
    expect(lines[0]).toMatch(/[:/\-_.]$/);
  });

  it('breaks an ARN only after ":" or "/" where one is on the line, so a copied ARN splits between its parts', () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/k8s-ingress-public-internet-facing/0123456789abcdef';
    for (const width of [90, 120, 160]) {
      const lines = wrapLines(arn, width, 8);
      expect(lines.join('')).toBe(arn);
      // A line ends at ":" or "/", unless one segment alone is wider than the cell.
      for (const line of lines.slice(0, -1)) expect(/[:/]$/.test(line) || !/[:/]/.test(line), line).toBe(true);
      expect(lines.filter((l) => /[:/]$/.test(l)).length).toBeGreaterThanOrEqual(lines.length - 2);
    }
  });

  it('cuts past maxLines with an ellipsis, also for huge unbroken text', () => {
    const lines = wrapLines('x'.repeat(1_000_000), 100, 8, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith('…')).toBe(true);
    expect(textWidth(lines[2]!, 8)).toBeLessThanOrEqual(100);
    expect(wrapLines('short', 100, 8, 3)).toEqual(['short']);
  });

  it('keeps explicit line breaks and measures CJK in its own font', () => {
    expect(wrapLines('a\nb', 100, 8)).toEqual(['a', 'b']);
    expect(fontRuns('Łukasz 山田太郎')).toEqual([
      { cjk: false, text: 'Łukasz ' },
      { cjk: true, text: '山田太郎' },
    ]);
    expect(textWidth('山田', 10)).toBeCloseTo(20, 0);
  });
});
