// The example questionnaire (examples/questionnaire.xlsx) and workbook builders for questionnaire tests.
// Regenerate the example with: npx tsx test/helpers/questionnaire.ts examples/questionnaire.xlsx
import ExcelJS from 'exceljs';

/** [id, question]; a row with an empty id and a short text is a section heading, not a question. */
export const EXAMPLE_QUESTIONS: Array<[string, string]> = [
  ['', 'Identity and access management'],
  ['IAM-14.1', 'Is multi-factor authentication required for every workforce account that can reach company systems?'],
  ['IAM-14.2', 'Do administrators sign in with phishing-resistant authenticators (for example FIDO2 security keys)?'],
  ['IAM-02.1', 'Is a password policy with a minimum length enforced on cloud accounts?'],
  ['IAM-05.1', 'Is access granted on a least-privilege basis, with the number of administrators kept to a minimum?'],
  ['IAM-08.1', 'Are user access rights reviewed at least quarterly?'],
  ['IAM-07.1', 'Is access removed promptly when an employee leaves?'],
  ['SEC-01', 'Do employees use single sign-on for company applications?'],
  ['SEC-02', 'Are API keys and other long-lived credentials rotated regularly?'],
  ['', 'Cryptography and key management'],
  ['CEK-03.1', 'Is customer data encrypted at rest and in transit?'],
  ['CEK-12.1', 'Are encryption keys rotated at least once a year?'],
  ['SEC-03', 'Do all internet-facing endpoints enforce HTTPS (TLS)?'],
  ['SEC-04', 'Are physical access logs kept for the data center hosting customer data?'],
  ['', 'Logging and monitoring'],
  ['LOG-02.1', 'Are audit logs of administrative activity protected against tampering?'],
  ['SEC-05', 'For how long are security logs retained?'],
  ['LOG-03.1', 'Is the environment monitored for threats, with security alerts raised on suspicious activity?'],
  ['', 'Change control and secure development'],
  ['CCC-04.1', 'Are changes to production code peer reviewed and protected against unauthorized changes?'],
  ['SEC-06', 'Is branch protection enforced on the default branch of every repository?'],
  ['SEC-07', 'Is source code scanned for hard-coded secrets?'],
  ['TVM-05.1', 'Are third-party libraries and dependencies monitored for known vulnerabilities?'],
  ['TVM-06.1', 'Is a penetration test performed by an independent firm at least annually?'],
  ['', 'Business continuity and resilience'],
  ['BCR-08.1', 'Are production databases backed up automatically?'],
  ['BCR-11.1', 'Is production deployed across multiple availability zones for high availability?'],
  ['BCR-10.1', 'Is the disaster recovery plan tested at least annually?'],
  ['IVS-09.1', 'Are internet-facing applications protected by a web application firewall?'],
  ['', 'Governance, people and vendors'],
  ['GRC-01.1', 'Is there an information security policy approved by management and reviewed yearly?'],
  ['HRS-11.1', 'Do all employees complete security awareness training every year?'],
  ['HRS-01.1', 'Are background checks performed on new hires where the law allows?'],
  ['STA-08.1', 'Are vendors and subprocessors assessed for security risk before onboarding?'],
  ['SEF-03.1', 'Is there a documented incident response plan?'],
  ['SEC-08', 'Do you carry cyber liability insurance?'],
  ['SEC-09', 'Describe your company’s approach to privacy by design.'],
];

export interface WorkbookShape {
  /** Header labels, in column order. */
  headers?: string[];
  /** The answer drop-down ("Yes,No,N/A"), or null for free text. */
  answerList?: string | null;
  questions?: Array<[string, string]>;
}

/** The example workbook: an instructions sheet, the questions with a Yes/No/N/A drop-down, and a summary with formulas. */
export function exampleWorkbook(shape: WorkbookShape = {}): ExcelJS.Workbook {
  const headers = shape.headers ?? ['Question ID', 'Question', 'Answer', 'Comments'];
  const questions = shape.questions ?? EXAMPLE_QUESTIONS;
  const list = shape.answerList === undefined ? 'Yes,No,N/A' : shape.answerList;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Northwind Procurement';
  wb.created = new Date('2026-10-01T09:00:00Z');
  wb.modified = new Date('2026-10-01T09:00:00Z');

  const intro = wb.addWorksheet('Instructions');
  intro.getCell('A1').value = 'Vendor security assessment';
  intro.getCell('A1').font = { bold: true, size: 16, color: { argb: 'FF1F3864' } };
  intro.getCell('A3').value = 'Answer every question on the "Questions" sheet with Yes, No or N/A and explain in Comments.';
  intro.getColumn(1).width = 100;

  const ws = wb.addWorksheet('Questions', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.getCell('A1').value = 'Northwind vendor security questionnaire (CAIQ-style ids)';
  ws.getCell('A1').font = { bold: true, size: 14 };
  const header = ws.getRow(3);
  headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } };
  });
  const widths = [14, 80, 12, 70];
  headers.forEach((_h, i) => {
    ws.getColumn(i + 1).width = widths[i] ?? 20;
  });
  const idCol = headers.findIndex((h) => /id/i.test(h)) + 1;
  const qCol = headers.findIndex((h) => /question|requirement|description/i.test(h) && !/id/i.test(h)) + 1;
  const aCol = headers.findIndex((h) => /answer|response|yes/i.test(h)) + 1;
  let r = 4;
  for (const [id, text] of questions) {
    const row = ws.getRow(r);
    if (idCol) row.getCell(idCol).value = id || null;
    row.getCell(qCol).value = text;
    row.getCell(qCol).alignment = { wrapText: true, vertical: 'top' };
    if (!id && text.split(' ').length < 6) {
      row.getCell(qCol).font = { bold: true };
      row.getCell(qCol).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    } else if (list && aCol) {
      row.getCell(aCol).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list}"`],
        showErrorMessage: true,
        errorTitle: 'Answer',
        error: `Choose one of: ${list}`,
      };
      row.getCell(aCol).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    }
    r++;
  }
  const last = r - 1;
  const summary = wb.addWorksheet('Summary');
  summary.getCell('A1').value = 'Answered Yes';
  summary.getCell('B1').value = aCol ? { formula: `COUNTIF(Questions!${ws.getColumn(aCol).letter}4:${ws.getColumn(aCol).letter}${last},"Yes")`, result: 0 } : 0;
  summary.getCell('A2').value = 'Answered No';
  summary.getCell('B2').value = aCol ? { formula: `COUNTIF(Questions!${ws.getColumn(aCol).letter}4:${ws.getColumn(aCol).letter}${last},"No")`, result: 0 } : 0;
  summary.getCell('A3').value = 'Questions';
  summary.getCell('B3').value = { formula: `COUNTA(Questions!${ws.getColumn(qCol).letter}4:${ws.getColumn(qCol).letter}${last})`, result: questions.length };
  return wb;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/test\//, '/test/'))) {
  const out = process.argv[2] ?? 'examples/questionnaire.xlsx';
  await exampleWorkbook().xlsx.writeFile(out);
  process.stdout.write(`${out}\n`);
}
