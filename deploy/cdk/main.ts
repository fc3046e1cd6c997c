// Entry point for the CDK CLI (`npx aws-cdk deploy` in deploy/cdk, see cdk.json).
import { buildApp } from './app.js';

buildApp().app.synth();
