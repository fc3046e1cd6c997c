// The three layers stay apart: checks are pure, reports call no API, collectors only read.
import { describe, expect, it } from 'vitest';
import { awsCommandsUsed, importsOf, sources } from '../helpers/source-scan.js';

describe('checks are pure functions of evidence', () => {
  const files = sources('src/checks');
  it.each(files.map((f) => [f.file, f] as const))('%s imports no SDK, does no I/O and reads no clock', (_name, { text }) => {
    const forbidden = importsOf(text).filter(
      (m) => /^(@aws-sdk|@octokit|@smithy|node:(fs|http|https|net|child_process)|fs|http|https|pdfkit)/.test(m) || /collectors|sandbox|reports/.test(m),
    );
    expect(forbidden).toEqual([]);
    expect(text).not.toMatch(/\bfetch\(|process\.env|Date\.now\(\)|new Date\(\)/);
  });
});

describe('reports read findings and evidence only', () => {
  it.each(sources('src/reports').map((f) => [f.file, f] as const))('%s calls no API', (_name, { text }) => {
    expect(importsOf(text).filter((m) => /^(@aws-sdk|@octokit|@smithy)|collectors|sandbox/.test(m))).toEqual([]);
    expect(text).not.toMatch(/\bfetch\(/);
  });
});

describe('reports build on stored runs, not on the pipeline', () => {
  it.each(sources('src/reports').map((f) => [f.file, f] as const))('%s imports nothing from pipeline/ (orderings and CSV live in core/)', (_name, { text }) => {
    expect(importsOf(text).filter((m) => /(^|\/)pipeline\//.test(m))).toEqual([]);
  });
});

describe('only the demo reaches the sandbox', () => {
  // The demo verb (and its --history mode) is the one door to the sandbox.
  const product = sources('src').filter((f) => !f.file.includes('/sandbox/') && !/cli\/commands\/demo(-[a-z]+)?\.ts$/.test(f.file));
  it.each(product.map((f) => [f.file, f] as const))('%s does not import the sandbox', (_name, { text }) => {
    expect(importsOf(text).filter((m) => /(^|\/)sandbox\//.test(m))).toEqual([]);
  });
});

describe('collectors only read', () => {
  it(
    'imports only read commands from the AWS SDK (Get/List/Describe/Lookup/Select, ' + 'GenerateCredentialReport, and STS AssumeRole to enter member accounts)',
    () => {
      const used = awsCommandsUsed();
      expect(used.length).toBeGreaterThan(0);
      const writes = used.filter(
        ({ command }) => !/^(Get|List|Describe|Lookup|Select)\w*Command$|^GenerateCredentialReportCommand$|^AssumeRoleCommand$/.test(command),
      );
      expect(writes).toEqual([]);
    },
  );
});
