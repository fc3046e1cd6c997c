// The answered copy keeps the customer's workbook (formats, other sheets, drop-downs, formulas) and is
// read back with exceljs; columns are found by header; bad input names the file and writes nothing.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import type { RunRecord } from '../../src/run/record.js';
import { answerQuestionnaire, REPORT_FILE, type AnswerOptions } from '../../src/questionnaire/index.js';
import { chooseValue } from '../../src/questionnaire/choices.js';
import { openVerifiedRun } from '../../src/questionnaire/run-input.js';
import { EXAMPLE_QUESTIONS, exampleWorkbook } from '../helpers/questionnaire.js';
import { completeRun, tempDir } from '../reports/pack-helpers.js';

let dir: string;
let runsDir: string;
let record: RunRecord;
const library = path.resolve('examples/answers.yaml');

beforeAll(async () => {
  dir = tempDir('q-sheet-');
  runsDir = path.join(dir, 'runs');
  record = await completeRun(runsDir, { findings: 300, now: new Date('2026-11-01T06:00:00Z'), seed: 5 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function save(wb: ExcelJS.Workbook, name: string): Promise<string> {
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const answer = (options: Partial<AnswerOptions> & { input: string; out: string }) => answerQuestionnaire({ run: record, library, ...options });

/** Every cell's value and note of every sheet, for cell-level comparison. */
function cells(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) =>
        out.push(`${ws.name}!${r}:${c}=${JSON.stringify(cell.value)} note=${JSON.stringify(cell.note ?? null)}`),
      ),
    ),
  );
  return out;
}

describe('the answered copy of the example questionnaire', () => {
  let input: string;
  let out: string;
  let answered: ExcelJS.Workbook;

  beforeAll(async () => {
    input = path.resolve('examples/questionnaire.xlsx');
    out = path.join(dir, 'answered.xlsx');
    await answer({ input, out });
    answered = await load(out);
  });

  it('the shipped example is the one the helper builds', async () => {
    expect(cells(await load(input))).toEqual(cells(await load(await save(exampleWorkbook(), 'regen.xlsx'))));
  });

  it('keeps every sheet, in order, with its formatting, formulas and drop-downs', async () => {
    const original = await load(input);
    expect(answered.worksheets.map((s) => s.name)).toEqual(original.worksheets.map((s) => s.name));
    const qs = answered.getWorksheet('Questions')!;
    expect(qs.getCell('A3').font).toMatchObject({ bold: true, color: { argb: 'FFFFFFFF' } });
    expect(qs.getCell('A3').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FF1F3864' } });
    expect(qs.getColumn(2).width).toBe(80);
    expect(qs.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(answered.getWorksheet('Instructions')!.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(answered.getWorksheet('Summary')!.getCell('B1').value).toMatchObject({ formula: 'COUNTIF(Questions!C4:C40,"Yes")' });
    expect(answered.getWorksheet('Summary')!.getCell('B3').value).toMatchObject({ formula: 'COUNTA(Questions!B4:B40)' });
    for (let r = 4; r <= 40; r++) {
      const original = qs.getCell(r, 1).value ? { type: 'list', formulae: ['"Yes,No,N/A"'] } : undefined;
      if (original) expect(qs.getCell(r, 3).dataValidation, `row ${r}`).toMatchObject(original);
      expect(qs.getCell(r, 3).fill, `row ${r}`).toEqual((await load(input)).getWorksheet('Questions')!.getCell(r, 3).fill);
    }
  });

  it('answers only with values of the drop-down, and cites controls, checks and run in the comment', () => {
    const qs = answered.getWorksheet('Questions')!;
    let filled = 0;
    for (let r = 4; r < 4 + EXAMPLE_QUESTIONS.length; r++) {
      const value = qs.getCell(r, 3).value;
      if (value === null || value === undefined) continue;
      filled++;
      expect(['Yes', 'No', 'N/A']).toContain(value);
      const comment = String(qs.getCell(r, 4).value);
      expect(comment).toMatch(/\[Basis: .+\]$/);
      if (/\[Basis:[^\]]*checks /.test(comment)) expect(comment).toContain(`run ${record.run.runId}`);
    }
    expect(filled).toBeGreaterThan(20);
    // Section headings stay as they were.
    expect(qs.getCell(4, 3).value).toBeNull();
    expect(qs.getCell(4, 2).value).toBe('Identity and access management');
  });

  it('says in the comment when the drop-down cannot take the exact answer', () => {
    const qs = answered.getWorksheet('Questions')!;
    const comments = Array.from({ length: EXAMPLE_QUESTIONS.length }, (_v, i) => String(qs.getCell(4 + i, 4).value ?? ''));
    expect(comments.some((c) => c.startsWith('The answer is Partial; the drop-down ("Yes", "No", "N/A") has no partial value, so "No" is given.'))).toBe(true);
  });

  it('writes questionnaire-report.md beside it with counts and the questions left for a human', () => {
    const report = readFileSync(path.join(dir, REPORT_FILE), 'utf8');
    const count = (label: string) => Number(new RegExp(`\\| ${label} \\| (\\d+) \\|`).exec(report)![1]);
    const evidence = count('From evidence');
    const lib = count('From the library \\(answers\\.yaml\\)');
    const human = count('Needs a human');
    expect(evidence + lib + human).toBe(EXAMPLE_QUESTIONS.filter(([id]) => id).length);
    expect(lib).toBeGreaterThan(4);
    expect(report).toContain('## Left for a human');
    expect(report).toContain('| Questions | 39 | SEC-08 | Do you carry cyber liability insurance? |');
    expect(report).toMatch(/\| Questions \| 5 \| IAM-14\.1 \| .* \| MFA for workforce accounts \(CAIQ IAM-14\) \| (Yes|No) \|/);
  });

  it('is deterministic: the same run and sheet give the same cells', async () => {
    const again = path.join(dir, 'again', 'answered.xlsx');
    await import('node:fs').then((fs) => fs.mkdirSync(path.dirname(again), { recursive: true }));
    await answer({ input, out: again });
    expect(cells(await load(again))).toEqual(cells(answered));
    expect(readFileSync(path.join(path.dirname(again), REPORT_FILE), 'utf8').replace(/`[^`]*answered\.xlsx`/, '')).toBe(
      readFileSync(path.join(dir, REPORT_FILE), 'utf8').replace(/`[^`]*answered\.xlsx`/, ''),
    );
  });
});

describe('finding the columns', () => {
  it.each([
    ['CAIQ layout', ['Question ID', 'Question', 'CSP CAIQ Answer', 'CSP Implementation Description']],
    ['control question / response / comments', ['Ref', 'Control Question', 'Response', 'Comments']],
    ['requirement / yes-no / notes', ['#', 'Requirement', 'Yes/No', 'Notes']],
    ['description / answer / explanation', ['ID', 'Description', 'Answer', 'Explanation']],
  ])('%s', async (_name, headers) => {
    const input = await save(
      exampleWorkbook({
        headers,
        questions: [
          ['IAM-14.1', 'Is MFA required for all workforce accounts?'],
          ['SEC-1', 'Is customer data encrypted at rest?'],
        ],
      }),
      `cols-${headers[1]}.xlsx`,
    );
    const out = path.join(dir, `cols-${headers[1]}-out.xlsx`);
    const outcome = await answer({ input, out });
    expect(outcome.layouts).toEqual([{ sheet: 'Questions', headerRow: 3, id: 1, question: 2, answer: 3, comment: 4 }]);
    const qs = (await load(out)).getWorksheet('Questions')!;
    expect(qs.getCell('C4').value).toMatch(/^(Yes|No)$/);
    expect(String(qs.getCell('D4').value)).toContain('[Basis:');
  });

  it('without a comment column the basis goes in a note on the answer cell', async () => {
    const input = await save(
      exampleWorkbook({ headers: ['ID', 'Question', 'Answer'], questions: [['IAM-14.1', 'Is MFA required for all workforce accounts?']] }),
      'notes.xlsx',
    );
    const out = path.join(dir, 'notes-out.xlsx');
    await answer({ input, out });
    const cell = (await load(out)).getWorksheet('Questions')!.getCell('C4');
    expect(cell.value).toMatch(/^(Yes|No)$/);
    expect(String(cell.note)).toContain(`run ${record.run.runId}`);
  });

  it('a free-text answer column gets the exact answer, and answers already given are kept', async () => {
    const wb = exampleWorkbook({
      answerList: null,
      questions: [
        ['IAM-14.1', 'Is MFA required for all workforce accounts?'],
        ['CEK-03.1', 'Is data encrypted at rest and in transit?'],
        ['SEC-9', 'Do you carry cyber insurance?'],
      ],
    });
    wb.getWorksheet('Questions')!.getCell('C6').value = 'Yes — see our insurance certificate';
    const out = path.join(dir, 'free-out.xlsx');
    const outcome = await answer({ input: await save(wb, 'free.xlsx'), out });
    const qs = (await load(out)).getWorksheet('Questions')!;
    expect(['Yes', 'No', 'Partial', 'Not verified']).toContain(qs.getCell('C4').value);
    expect(qs.getCell('C6').value).toBe('Yes — see our insurance certificate');
    expect(outcome.counts.kept).toBe(1);
  });

  it('a drop-down whose values live on another sheet is read, and mapped sensibly', async () => {
    const wb = exampleWorkbook({
      answerList: null,
      questions: [
        ['CEK-03.1', 'Is data encrypted at rest and in transit?'],
        ['GRC-01.1', 'Is there an approved security policy?'],
      ],
    });
    const lists = wb.addWorksheet('Lists', { state: 'hidden' });
    ['Compliant', 'Partially compliant', 'Non-compliant', 'Not applicable'].forEach((v, i) => {
      lists.getCell(i + 1, 1).value = v;
    });
    for (const a of ['C4', 'C5']) wb.getWorksheet('Questions')!.getCell(a).dataValidation = { type: 'list', formulae: ['Lists!$A$1:$A$4'] };
    const out = path.join(dir, 'lists-out.xlsx');
    await answer({ input: await save(wb, 'lists.xlsx'), out });
    const qs = (await load(out)).getWorksheet('Questions')!;
    expect(['Partially compliant', 'Non-compliant', 'Compliant']).toContain(qs.getCell('C4').value);
    expect(qs.getCell('C5').value).toBe('Compliant');
    expect(qs.getCell('C4').dataValidation).toMatchObject({ type: 'list', formulae: ['Lists!$A$1:$A$4'] });
  });

  it('--sheet, --question-col and --answer-col name the columns when the headers are unusual', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Vendor');
    ws.addRow(['Topic', 'Ask', 'Reply']);
    ws.addRow(['Access', 'Is MFA required for all workforce accounts?', null]);
    const input = await save(wb, 'odd.xlsx');
    await expect(answer({ input, out: path.join(dir, 'odd-out.xlsx') })).rejects.toThrow(/no sheet has a recognisable question column/);
    const outcome = await answer({ input, out: path.join(dir, 'odd-out.xlsx'), sheet: 'Vendor', questionCol: 'Ask', answerCol: 'C' });
    expect(outcome.rows).toHaveLength(1);
    expect(outcome.rows[0]!.written).toMatch(/^(Yes|No|Partial|Not verified)$/);
  });
});

describe('CSV questionnaires', () => {
  it('a CSV is answered into a CSV with a comment column added, or into an .xlsx', async () => {
    const input = path.join(dir, 'q.csv');
    writeFileSync(input, 'Question,Answer\n"Is MFA required for all workforce accounts?",\n"Do you carry cyber insurance?",\n');
    await answer({ input, out: path.join(dir, 'q-out.csv') });
    const lines = readFileSync(path.join(dir, 'q-out.csv'), 'utf8').split('\r\n');
    expect(lines[0]).toBe('Question,Answer,Comment (soc2-evidence)');
    expect(lines[1]).toMatch(/^Is MFA required for all workforce accounts\?,(Yes|No|Partial|Not verified),".*\[Basis: .*\]"$/);
    expect(lines[2]).toBe('Do you carry cyber insurance?,,');
    await answer({ input, out: path.join(dir, 'q-out.xlsx') });
    expect((await load(path.join(dir, 'q-out.xlsx'))).worksheets[0]!.getCell('B2').value).toMatch(/^(Yes|No|Partial|Not verified)$/);
  });
});

describe('bad input: one clear message naming the file, and nothing written', () => {
  const expectRefused = async (options: Partial<AnswerOptions> & { input: string }, message: RegExp, file?: string) => {
    const outDir = tempDir('q-bad-');
    const out = path.join(outDir, 'out.xlsx');
    let error: unknown;
    try {
      await answer({ out, ...options });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).describe()).toMatch(message);
    if (file) expect((error as UserInputError).file).toBe(file);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.join(outDir, REPORT_FILE))).toBe(false);
    rmSync(outDir, { recursive: true, force: true });
  };

  it('a sheet with no recognisable question column', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Data').addRow(['Name', 'Value']);
    const input = await save(wb, 'noq.xlsx');
    await expectRefused({ input }, /noq\.xlsx: no sheet has a recognisable question column \(sheet "Data": no header row with a question column/, input);
  });

  it('a question column but no answer column names the sheet and row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Qs').addRow(['Question', 'Owner']);
    const input = await save(wb, 'noa.xlsx');
    await expectRefused({ input }, /sheet "Qs": row 1 has a question column but no answer column/);
  });

  it('a password-protected (encrypted) workbook', async () => {
    const input = path.join(dir, 'locked.xlsx');
    writeFileSync(input, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    await expectRefused({ input }, /locked\.xlsx: the workbook is password-protected/, input);
  });

  it('an unreadable workbook', async () => {
    const notZip = path.join(dir, 'text.xlsx');
    writeFileSync(notZip, 'this is not a workbook');
    await expectRefused({ input: notZip }, /text\.xlsx: not a readable \.xlsx workbook/);
    const broken = path.join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)]));
    await expectRefused({ input: broken }, /broken\.xlsx: not a readable \.xlsx workbook/);
    await expectRefused({ input: path.join(dir, 'missing.xlsx') }, /missing\.xlsx: cannot read the questionnaire \(ENOENT\)/);
    await expectRefused({ input: path.join(dir, 'old.xls') }, /old \.xls workbooks are not read/);
  });

  it('an answers.yaml that does not validate names its line', async () => {
    const bad = path.join(dir, 'bad-answers.yaml');
    writeFileSync(bad, 'answers:\n  - topic: training\n    answer: Sure\n    text: x\n    owner: CTO\n    reviewed: 2026-01-01\n');
    await expectRefused({ input: path.resolve('examples/questionnaire.xlsx'), library: bad }, /bad-answers\.yaml:3: /);
  });

  it('an unknown --sheet lists the sheets', async () => {
    await expectRefused(
      { input: path.resolve('examples/questionnaire.xlsx'), sheet: 'Qs' },
      /no sheet named "Qs" \(sheets: "Instructions", "Questions", "Summary"\)/,
    );
  });

  it('--out the questionnaire itself', async () => {
    const input = path.join(dir, 'self.xlsx');
    writeFileSync(input, readFileSync('examples/questionnaire.xlsx'));
    await expect(answer({ input, out: input })).rejects.toThrow(/never overwritten/);
  });
});

describe('the run behind the answers must verify', () => {
  it('"latest" is the newest complete run; partial and manifest-less folders are skipped', async () => {
    await import('node:fs').then((fs) => {
      fs.mkdirSync(path.join(runsDir, '.2099-01-01T000000Z.partial'), { recursive: true });
      fs.mkdirSync(path.join(runsDir, '2099-01-01T000000Z'), { recursive: true });
      fs.writeFileSync(path.join(runsDir, '2099-01-01T000000Z', 'run.json'), '{}');
    });
    expect(openVerifiedRun('latest', runsDir).run.runId).toBe(record.run.runId);
  });

  it('a run with a changed file is refused (exit 2), naming the file', async () => {
    const copy = path.join(dir, 'tampered');
    await import('node:fs').then((fs) => fs.cpSync(record.dir, copy, { recursive: true }));
    const findings = path.join(copy, 'findings.json');
    writeFileSync(findings, readFileSync(findings, 'utf8').replace('"fail"', '"pass"'));
    expect(() => openVerifiedRun(copy)).toThrow(UserInputError);
    expect(() => openVerifiedRun(copy)).toThrow(/does not verify against its manifest\.json \(1 changed, 0 added, 0 removed: findings\.json\)/);
    expect(() => openVerifiedRun(path.join(dir, 'nothing-here'))).toThrow(/not a run folder/);
  });
});

describe('drop-down values', () => {
  it.each([
    ['Yes', ['Yes', 'No', 'N/A'], 'Yes', false],
    ['Partial', ['Yes', 'No', 'Partial', 'N/A'], 'Partial', false],
    ['Partial', ['Y', 'N'], 'N', true],
    ['No', ['Compliant', 'Non-Compliant', 'Not applicable'], 'Non-Compliant', false],
    ['Yes', ['Compliant', 'Non-Compliant', 'Not applicable'], 'Compliant', false],
    ['Partial', ['Implemented', 'Partially implemented', 'Not implemented'], 'Partially implemented', false],
    ['Not verified', ['Yes', 'No', 'Unknown'], 'Unknown', false],
    ['Not verified', ['Yes', 'No', 'N/A'], undefined, true],
    ['Yes', ['Option A', 'Option B'], undefined, true],
  ] as const)('%s on %j → %s', (answer, options, value, noted) => {
    const choice = chooseValue(answer, options);
    expect(choice.value).toBe(value);
    expect(Boolean(choice.note)).toBe(noted);
  });
});
