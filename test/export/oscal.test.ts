// period/assessment-results.json is valid against NIST's OSCAL 1.0.6 schema (vendored) and says
// what the runs say: one result per run, one observation per finding, one finding per control.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExportBundle } from '../../src/export/bundle.js';
import { OSCAL_VERSION } from '../../src/export/oscal.js';
import { folderRunSource } from '../../src/export/runs.js';
import { HISTORY_PERIOD, RUN_IDS, writeHistory } from './history-fixture.js';

// ajv-formats is CommonJS: under Node's ESM loader its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;
const schema = JSON.parse(readFileSync(new URL('../../vendor/oscal/oscal_assessment-results_schema.json', import.meta.url), 'utf8'));

/** The parts of the OSCAL document (and of run.json) these tests read. */
interface OscalProp {
  name: string;
  value: string;
}
interface OscalObservation {
  uuid: string;
  props: OscalProp[];
  methods: string[];
  subjects: Array<{ type: string }>;
  'relevant-evidence': Array<{ href: string; props: OscalProp[] }>;
}
interface OscalFinding {
  uuid: string;
  target: { 'target-id': string; status: { state: string } };
}
interface OscalResult {
  uuid: string;
  props: OscalProp[];
  observations: OscalObservation[];
  findings: OscalFinding[];
}
interface OscalDocument {
  'assessment-results': { metadata: { 'oscal-version': string }; results: OscalResult[] };
}
interface RunControls {
  controls: Array<{ id: string; status: string }>;
}

let runs: string;
let doc: OscalDocument;

beforeAll(async () => {
  runs = await writeHistory();
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'soc2-oscal-')), 'b.zip');
  await writeExportBundle({ source: folderRunSource(runs), period: HISTORY_PERIOD, out });
  doc = JSON.parse(strFromU8(unzipSync(readFileSync(out))['period/assessment-results.json']!));
  rmSync(path.dirname(out), { recursive: true, force: true });
}, 240_000);

afterAll(() => rmSync(runs, { recursive: true, force: true }));

function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('OSCAL assessment results', () => {
  it("the validator enforces the schema's Unicode patterns (\\p{L})", () => {
    const validate = validator();
    const minimal = (controlId: string) => ({
      'assessment-results': {
        uuid: '11111111-1111-4111-8111-111111111111',
        metadata: { title: 't', 'last-modified': '2026-12-01T06:00:00Z', version: '1', 'oscal-version': OSCAL_VERSION },
        'import-ap': { href: '#' },
        results: [
          {
            uuid: '11111111-1111-4111-8111-111111111112',
            title: 'r',
            description: 'd',
            start: '2026-12-01T06:00:00Z',
            'reviewed-controls': { 'control-selections': [{ 'include-controls': [{ 'control-id': controlId }] }] },
          },
        ],
      },
    });
    expect(validate(minimal('Łódź-1'))).toBe(true);
    expect(validate(minimal('1-starts-with-a-digit'))).toBe(false);
    expect(validate(minimal('has space'))).toBe(false);
  });

  it('is valid against the vendored schema and declares its version', () => {
    const validate = validator();
    const ok = validate(doc);
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(schema.$id).toContain(`/${OSCAL_VERSION}/`);
    expect(doc['assessment-results'].metadata['oscal-version']).toBe(OSCAL_VERSION);
  });

  it('has one result per run, one observation per finding, one finding per control', () => {
    const results = doc['assessment-results'].results;
    expect(results.map((r) => r.props[0]!.value)).toEqual(RUN_IDS);
    for (const [i, result] of results.entries()) {
      const findings = JSON.parse(readFileSync(path.join(runs, RUN_IDS[i]!, 'findings.json'), 'utf8')).findings;
      const run = JSON.parse(readFileSync(path.join(runs, RUN_IDS[i]!, 'run.json'), 'utf8')) as RunControls;
      expect(result.observations).toHaveLength(findings.length);
      expect(result.findings.map((f) => f.target['target-id'])).toEqual(run.controls.filter((c) => c.status !== 'out_of_scope').map((c) => c.id));
      for (const f of result.findings) {
        const status = run.controls.find((c) => c.id === f.target['target-id'])!.status;
        expect(f.target.status.state).toBe(status === 'met' ? 'satisfied' : 'not-satisfied');
      }
      const observation = result.observations.find((o) => o.props.some((p) => p.name === 'status' && p.value === 'fail'))!;
      expect(observation.methods).toEqual(['TEST']);
      expect(observation.subjects[0]!.type).toBe('resource');
      const evidence = observation['relevant-evidence'][0]!;
      expect(evidence.href).toMatch(new RegExp(`^runs/${RUN_IDS[i]}/evidence/([0-9a-f]{64})\\.json$`));
      expect(evidence.props[0]).toMatchObject({ name: 'sha256', value: evidence.href.match(/([0-9a-f]{64})\.json$/)![1] });
    }
    const uuids = results.flatMap((r) => [r.uuid, ...r.observations.map((o) => o.uuid), ...r.findings.map((f) => f.uuid)]);
    expect(new Set(uuids).size).toBe(uuids.length);
  });
});
