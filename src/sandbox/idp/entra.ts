import type { SandboxContext, SandboxRequest, SandboxResponse } from '../http.js';
import type { SandboxEntra } from './model.js';
export function handleEntra(_r: SandboxRequest, _g: SandboxEntra, _c: SandboxContext): SandboxResponse { return { status: 501 }; }
