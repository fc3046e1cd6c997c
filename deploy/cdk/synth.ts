// `npm run synth`: writes the CloudFormation templates to deploy/cloudformation/, for users without CDK.
// test/deploy/cdk.test.ts fails when the committed templates differ from a fresh synth.
import { writeFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { fileURLToPath } from 'node:url';
import { buildApp, STACKS } from './app.js';

export const TEMPLATE_DIR = fileURLToPath(new URL('../cloudformation/', import.meta.url));

/** Each stack's template file name and text (from `app`, or a fresh app). */
export function synthTemplates(app: App = buildApp().app): Array<{ file: string; text: string }> {
  const assembly = app.synth();
  return Object.values(STACKS).map((name) => ({ file: `${name}.template.json`, text: `${JSON.stringify(assembly.getStackByName(name).template, null, 2)}\n` }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { file, text } of synthTemplates()) {
    writeFileSync(new URL(file, `file://${TEMPLATE_DIR}`), text);
    console.log(`deploy/cloudformation/${file}`);
  }
}
